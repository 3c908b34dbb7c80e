#include "ui/areas/assetdetails.h"

#include "core/catalog.h"
#include "ui/widgets/entitydialog.h"
#include "ui/widgets/entityform.h"
#include "ui/widgets/icons.h"
#include "ui/widgets/listpage.h"
#include "ui/widgets/timechart.h"
#include "ui/widgets/tr.h"
#include "ui/widgets/valueformat.h"

#include <QCategoryAxis>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineSeries>
#include <QPushButton>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cstdlib>
#include <memory>

namespace ChargeDesk::Ui {

namespace {

namespace T = Core::Tables;
using Filter = Core::ListQuery::Filter;

QString kilowatts(qint64 powerW)
{
    return formatQuantity(QStringLiteral("power_w"), powerW);
}

} // namespace

QString measurementText(const QString &assetType, qint64 powerW)
{
    const QString power = kilowatts(std::abs(powerW));
    if (assetType == QLatin1String("smart_meter"))
        return powerW >= 0 ? Tr::tr("%1 available").arg(power) : Tr::tr("%1 over the supply").arg(power);
    if (assetType == QLatin1String("consumer"))
        return powerW >= 0 ? Tr::tr("Consuming %1").arg(power) : Tr::tr("Producing %1").arg(power);
    if (assetType == QLatin1String("battery")) {
        if (powerW == 0)
            return Tr::tr("Idle");
        return powerW > 0 ? Tr::tr("Producing %1 (discharging)").arg(power)
                          : Tr::tr("Consuming %1 (charging)").arg(power);
    }
    if (assetType == QLatin1String("producer"))
        return powerW >= 0 ? Tr::tr("Producing %1").arg(power) : Tr::tr("Consuming %1").arg(power);
    return kilowatts(powerW); // another kind of asset: the number as it came
}

QString agoText(qint64 atMs, qint64 nowMs)
{
    const qint64 seconds = (nowMs - atMs) / 1000;
    if (seconds < 10)
        return Tr::tr("just now");
    return Tr::tr("%1 ago").arg(formatDuration(seconds));
}

Core::Result<std::optional<Core::Record>> latestMeasurement(Core::Repository &repository, const Core::Actor &actor,
                                                            qint64 assetId)
{
    Core::ListQuery query;
    query.filters << Filter{QStringLiteral("asset_id"), Filter::Op::Equals, assetId};
    query.orderBy = QStringLiteral("measured_at");
    query.descending = true;
    query.limit = 1;
    const auto rows = repository.list(actor, T::AssetMeasurements, query);
    if (!rows)
        return rows.error();
    if (rows.value().isEmpty())
        return std::optional<Core::Record>();
    return std::optional<Core::Record>(rows.value().first());
}

AssetHistoryChart::AssetHistoryChart(const Core::Clock &clock, QWidget *parent)
    : QChartView(parent)
    , m_clock(clock)
{
    setObjectName(QStringLiteral("assetChart"));
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(220);
    auto *c = newThemedChart(palette());
    c->legend()->setVisible(false);
    c->setTitleBrush(palette().text());
    m_timeAxis = newTimeAxis(palette());
    m_valueAxis = newValueAxis(palette(), Tr::tr("Power (kW)"));
    c->addAxis(m_timeAxis, Qt::AlignBottom);
    c->addAxis(m_valueAxis, Qt::AlignLeft);
    setChart(c);
    m_line = new QLineSeries;
    c->addSeries(m_line);
    m_line->attachAxis(m_timeAxis);
    m_line->attachAxis(m_valueAxis);
    m_line->setPen(QPen(QColor(0x15, 0x65, 0xc0), 2.0));
    redraw();
}

void AssetHistoryChart::setRows(const QList<Core::Record> &rows)
{
    m_points.clear();
    for (const Core::Record &row : rows)
        m_points << QPointF(double(row.value(QStringLiteral("measured_at")).toLongLong()),
                            row.value(QStringLiteral("power_w")).toDouble() / 1000.0);
    redraw();
}

void AssetHistoryChart::add(const Core::Record &row)
{
    const QPointF point(double(row.value(QStringLiteral("measured_at")).toLongLong()),
                        row.value(QStringLiteral("power_w")).toDouble() / 1000.0);
    // A late measurement (a meter catching up) goes where its time is.
    auto at = std::upper_bound(m_points.begin(), m_points.end(), point,
                               [](const QPointF &a, const QPointF &b) { return a.x() < b.x(); });
    m_points.insert(at, point);
    redraw();
}

void AssetHistoryChart::redraw()
{
    const double now = double(m_clock.nowMs());
    const double from = now - double(SpanMs);
    while (!m_points.isEmpty() && m_points.first().x() < from)
        m_points.removeFirst();
    m_line->replace(m_points);
    chart()->setTitle(m_points.isEmpty() ? Tr::tr("No measurements in the last 24 hours") : Tr::tr("Last 24 hours"));
    double start = now - 3600'000.0; // at least an hour across
    double minY = 0, maxY = 0;
    for (const QPointF &p : std::as_const(m_points)) {
        start = std::min(start, p.x());
        minY = std::min(minY, p.y());
        maxY = std::max(maxY, p.y());
    }
    const double end = m_points.isEmpty() ? now : std::max(now, m_points.last().x());
    labelTimeAxis(m_timeAxis, start, end);
    m_valueAxis->setRange(minY * 1.1, maxY <= minY ? minY + 1 : maxY * 1.1);
    m_valueAxis->applyNiceNumbers();
}

AssetDetails::AssetDetails(const PageContext &context, QWidget *parent)
    : QWidget(parent)
    , m_repository(context.repository)
    , m_actor(context.actor)
{
    setObjectName(QStringLiteral("assetDetails"));
    m_body = new QWidget(this);
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(m_body);
    auto *layout = new QVBoxLayout(m_body);
    layout->setContentsMargins(0, 0, 0, 0);

    auto *heading = new QLabel(Tr::tr("Latest measurement"), m_body);
    QFont bold = heading->font();
    bold.setBold(true);
    heading->setFont(bold);
    heading->setContentsMargins(0, fontMetrics().height(), 0, 2);
    layout->addWidget(heading);

    auto *latest = new QHBoxLayout;
    auto *values = new QVBoxLayout;
    m_power = new QLabel(m_body);
    m_power->setObjectName(QStringLiteral("latestPower"));
    QFont big = m_power->font();
    big.setPointSizeF(big.pointSizeF() * 1.4);
    big.setBold(true);
    m_power->setFont(big);
    m_measuredAt = new QLabel(m_body);
    m_measuredAt->setObjectName(QStringLiteral("latestMeasuredAt"));
    m_measuredAt->setForegroundRole(QPalette::PlaceholderText);
    values->addWidget(m_power);
    values->addWidget(m_measuredAt);
    latest->addLayout(values, 1);
    const Core::ScopeDef &scope = m_repository.catalog().entity(T::AssetMeasurements).scope;
    if (m_actor.powerUser || scope.operatorsMayWrite) {
        m_record = new QPushButton(Icons::get(QStringLiteral("new")), Tr::tr("Record measurement…"), m_body);
        m_record->setObjectName(QStringLiteral("recordMeasurementButton"));
        m_record->setToolTip(Tr::tr("Enter a reading taken on site; load balancing uses it at once"));
        m_record->setAutoDefault(false);
        connect(m_record, &QPushButton::clicked, this, &AssetDetails::recordMeasurement);
    }
    layout->addLayout(latest);
    if (m_record) {
        auto *actions = new QHBoxLayout;
        actions->addWidget(m_record);
        actions->addStretch(1);
        layout->addLayout(actions);
    }

    m_chart = new AssetHistoryChart(m_repository.clock(), m_body);
    layout->addWidget(m_chart, 1);

    connect(&m_repository, &Core::Repository::rowChanged, this, &AssetDetails::onRowChanged);
    m_agoTimer.setInterval(15000);
    connect(&m_agoTimer, &QTimer::timeout, this, &AssetDetails::showLatest);
    m_agoTimer.start();
    m_body->hide();
}

QSize AssetDetails::sizeHint() const
{
    // The details pane opens as wide as this asks: room for a day of readings to be read.
    return QWidget::sizeHint().expandedTo(QSize(fontMetrics().averageCharWidth() * 84, 0));
}

void AssetDetails::setAssetId(qint64 id)
{
    m_assetId = id;
    reload();
}

void AssetDetails::reload()
{
    m_latest.reset();
    const auto asset =
        m_assetId ? m_repository.get(m_actor, T::Assets, m_assetId) : Core::Result<Core::Record>(Core::Record());
    if (!m_assetId || !asset) {
        m_body->hide();
        return;
    }
    m_type = asset.value().value(QStringLiteral("type")).toString();
    Core::ListQuery query;
    query.filters << Filter{QStringLiteral("asset_id"), Filter::Op::Equals, m_assetId}
                  << Filter{QStringLiteral("measured_at"), Filter::Op::AtLeast,
                            m_repository.clock().nowMs() - AssetHistoryChart::SpanMs};
    query.orderBy = QStringLiteral("measured_at");
    query.limit = 10000; // a report every 15 s for a day
    const auto rows = m_repository.list(m_actor, T::AssetMeasurements, query);
    m_chart->setRows(rows ? rows.value() : QList<Core::Record>());
    if (auto latest = latestMeasurement(m_repository, m_actor, m_assetId))
        m_latest = latest.value();
    showLatest();
    m_body->show();
}

void AssetDetails::showLatest()
{
    if (!m_latest) {
        m_power->setText(Tr::tr("No measurement yet"));
        m_measuredAt->setText(Tr::tr("Measurements arrive through the API or are recorded here."));
        return;
    }
    const qint64 at = m_latest->value(QStringLiteral("measured_at")).toLongLong();
    m_power->setText(measurementText(m_type, m_latest->value(QStringLiteral("power_w")).toLongLong()));
    m_measuredAt->setText(
        Tr::tr("Measured %1, %2").arg(formatTimestamp(at), agoText(at, m_repository.clock().nowMs())));
}

void AssetDetails::onRowChanged(const QString &table, qint64 id, Core::Repository::Change change)
{
    if (!m_assetId)
        return;
    if (table == T::Assets && id == m_assetId) {
        reload();
        return;
    }
    if (table != T::AssetMeasurements)
        return;
    if (change != Core::Repository::Change::Created) {
        reload(); // a corrected or removed reading: read the day again
        return;
    }
    const auto row = m_repository.get(m_actor, T::AssetMeasurements, id);
    if (!row || row.value().value(QStringLiteral("asset_id")).toLongLong() != m_assetId)
        return;
    m_chart->add(row.value());
    const qint64 at = row.value().value(QStringLiteral("measured_at")).toLongLong();
    if (!m_latest || at >= m_latest->value(QStringLiteral("measured_at")).toLongLong())
        m_latest = row.value();
    showLatest();
}

void AssetDetails::recordMeasurement()
{
    EntityDialog dialog(m_repository, m_actor, T::AssetMeasurements, this);
    dialog.setObjectName(QStringLiteral("recordMeasurementDialog"));
    dialog.setWindowTitle(Tr::tr("Record measurement"));
    dialog.form().setSections({{Tr::tr("Measurement"), {QStringLiteral("measured_at"), QStringLiteral("power_w")}}});
    dialog.form().startCreate(
        {{QStringLiteral("asset_id"), m_assetId}, {QStringLiteral("measured_at"), m_repository.clock().nowMs()}});
    dialog.exec(); // the repository's change signal brings the new reading here
}

QWidget *assetDetails(const PageContext &context, ListPage &page)
{
    // The list's columns of each asset's latest measurement: read once per asset and again
    // when a measurement is written.
    struct Latest
    {
        QHash<qint64, std::optional<Core::Record>> byAsset;
    };
    auto cache = std::make_shared<Latest>();
    Core::Repository *repository = &context.repository;
    const Core::Actor actor = context.actor;
    const auto latestOf = [cache, repository, actor](const Core::Record &asset) -> std::optional<Core::Record> {
        const qint64 id = asset.value(QStringLiteral("id")).toLongLong();
        if (const auto known = cache->byAsset.constFind(id); known != cache->byAsset.cend())
            return *known;
        const auto latest = latestMeasurement(*repository, actor, id);
        const std::optional<Core::Record> value = latest ? latest.value() : std::nullopt;
        cache->byAsset.insert(id, value);
        return value;
    };
    RecordTableModel &model = page.model();
    using Purpose = RecordTableModel::Purpose;
    model.setColumnTitle(QStringLiteral("latest_power"), Tr::tr("Latest power"));
    model.setColumnTitle(QStringLiteral("latest_at"), Tr::tr("Measured"));
    model.setColumnText(QStringLiteral("latest_power"), [latestOf](const Core::Record &asset, Purpose purpose) {
        const auto latest = latestOf(asset);
        if (!latest)
            return QString();
        const qint64 power = latest->value(QStringLiteral("power_w")).toLongLong();
        return purpose == Purpose::Export ? QString::number(power)
                                          : measurementText(asset.value(QStringLiteral("type")).toString(), power);
    });
    model.setColumnText(QStringLiteral("latest_at"), [latestOf](const Core::Record &asset, Purpose purpose) {
        const auto latest = latestOf(asset);
        if (!latest)
            return QString();
        const QVariant at = latest->value(QStringLiteral("measured_at"));
        return purpose == Purpose::Export ? exportTimestamp(at) : formatTimestamp(at);
    });
    QObject::connect(repository, &Core::Repository::rowChanged, &model,
                     [cache, &model](const QString &table, qint64, Core::Repository::Change) {
                         if (table != T::AssetMeasurements)
                             return;
                         cache->byAsset.clear();
                         model.refreshCells();
                     });

    auto *details = new AssetDetails(context);
    QObject::connect(&page, &ListPage::currentChanged, details, &AssetDetails::setAssetId);
    details->setAssetId(page.currentId());
    return details;
}

} // namespace ChargeDesk::Ui
