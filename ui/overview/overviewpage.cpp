#include "ui/overview/overviewpage.h"

#include "core/balancingservice.h"
#include "core/timezones.h"
#include "ui/overview/powersparkline.h"
#include "ui/widgets/icons.h"
#include "ui/widgets/tr.h"
#include "ui/widgets/valueformat.h"

#include <QDateTime>
#include <QFrame>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QStackedWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace ChargeDesk::Ui {

namespace {

using Kind = Core::AttentionItem::Kind;

// The tables whose rows the page shows; a change elsewhere does not make it read again.
const QStringList &watchedTables()
{
    static const QStringList tables{Core::Tables::Stations,
                                    Core::Tables::Chargers,
                                    Core::Tables::Connectors,
                                    Core::Tables::Sessions,
                                    Core::Tables::Areas,
                                    Core::Tables::RefusedConnections,
                                    Core::Tables::SiteSettings,
                                    Core::Tables::LiveConfiguration,
                                    Core::Tables::AreaLimitPeriods,
                                    Core::Tables::Operators,
                                    Core::Tables::IdDevices};
    return tables;
}

QString kindText(Kind kind)
{
    switch (kind) {
    case Kind::Fault: return Tr::tr("Fault");
    case Kind::Offline: return Tr::tr("Offline");
    case Kind::Refused: return Tr::tr("Refused connection");
    case Kind::Balancing: return Tr::tr("Load balancing");
    case Kind::Rating: return Tr::tr("Rating or billing");
    case Kind::Configuration: return Tr::tr("Configuration");
    }
    return {};
}

QColor kindColour(Kind kind)
{
    switch (kind) {
    case Kind::Fault:
    case Kind::Balancing:
    case Kind::Rating: return statusColor(QStringLiteral("faulted"));
    case Kind::Offline: return statusColor(QStringLiteral("unavailable"));
    case Kind::Refused:
    case Kind::Configuration: return statusColor(QStringLiteral("preparing"));
    }
    return {};
}

QString coloured(const QString &text, const QString &status)
{
    return QStringLiteral("<span style=\"color:%1\">%2</span>").arg(statusColor(status).name(), text.toHtmlEscaped());
}

QString areaLoadText(const Core::AreaLoad &area)
{
    // One decimal for both: a limit that follows a meter ("51.37 kW") reads as precise as the load.
    const auto kw = [](double w) {
        return Tr::tr("%1 kW").arg(QLocale().toString(w / 1000.0, 'f', 1));
    };
    const QString drawn = kw(area.drawnW);
    if (!area.limit)
        return Tr::tr("%1: %2, no limit").arg(area.name, drawn);
    const QString limit = area.unit == QLatin1String("A") ? Tr::tr("%1 A").arg(QLocale().toString(*area.limit, 'f', 0))
                                                          : formatKilowatts(*area.limit);
    // A figure never parts from its unit where the tile wraps the line.
    return Tr::tr("%1: %2 of %3")
        .arg(area.name, drawn, limit)
        .replace(QStringLiteral(" kW"), QStringLiteral("\u00a0kW"));
}

// The simulator connects where the server listens; the station id and card are the user's.
// The secure URL when there is one, since a new station's policy refuses the other; the
// console's own certificate is self-signed, which the simulator takes with --insecure.
QString simulatorCommand(const QStringList &ocppUrls)
{
    QString url = ocppUrls.value(0);
    QString insecure;
    for (const QString &offered : ocppUrls) {
        if (offered.startsWith(QLatin1String("wss://"))) {
            url = offered;
            insecure = QStringLiteral(" --insecure");
        }
    }
    url.replace(QStringLiteral("/<identifier>"), QString());
    return QStringLiteral("chargedesk-sim --url %1%2 --station <%3> --id-tag <%4>")
        .arg(url, insecure, Tr::tr("connection identifier"), Tr::tr("card identifier"));
}

} // namespace

OverviewPage::OverviewPage(Core::Repository &repository, const Core::Actor &actor,
                           const Core::BalancingService *balancing, Core::LiveConfiguration *liveConfiguration,
                           QWidget *parent)
    : QWidget(parent)
    , m_repository(repository)
    , m_actor(actor)
    , m_balancing(balancing)
    , m_live(liveConfiguration)
{
    setObjectName(QStringLiteral("overviewPage"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *tiles = new QGridLayout;
    tiles->setHorizontalSpacing(12);
    m_stations = addTile(tiles, 0, QStringLiteral("stationsTile"), Tr::tr("Stations"));
    m_connectors = addTile(tiles, 1, QStringLiteral("connectorsTile"), Tr::tr("Connectors"));
    m_power = addTile(tiles, 2, QStringLiteral("powerTile"), Tr::tr("Power now"));
    m_today = addTile(tiles, 3, QStringLiteral("todayTile"), Tr::tr("Today"));
    if (m_actor.powerUser)
        layout->addWidget(buildFirstSteps());
    layout->addLayout(tiles);
    m_sparkline = new PowerSparkline(this);
    layout->addWidget(m_sparkline);
    layout->addWidget(buildAttention(), 1);

    m_settle.setSingleShot(true);
    m_settle.setInterval(SettleMs);
    connect(&m_settle, &QTimer::timeout, this, &OverviewPage::refresh);
    connect(&m_repository, &Core::Repository::rowChanged, this, [this](const QString &table) {
        if (watchedTables().contains(table) && !m_settle.isActive())
            m_settle.start();
    });
    if (balancing)
        connect(balancing, &Core::BalancingService::redistributed, this, [this] {
            if (!m_settle.isActive())
                m_settle.start();
        });
    m_midnight.setSingleShot(true);
    connect(&m_midnight, &QTimer::timeout, this, &OverviewPage::refresh);

    const qint64 now = m_repository.clock().nowMs();
    if (auto history = Core::powerHistory(m_repository, m_actor, now - PowerSparkline::SpanMs))
        m_sparkline->setSamples(history.value());
    refresh();
}

OverviewPage::Tile OverviewPage::addTile(QGridLayout *grid, int column, const QString &name, const QString &title)
{
    auto *frame = new QFrame(this);
    frame->setObjectName(name);
    frame->setFrameShape(QFrame::StyledPanel);
    frame->setMinimumWidth(150);
    auto *box = new QVBoxLayout(frame);
    auto *caption = new QLabel(title, frame);
    QFont small = caption->font();
    small.setBold(true);
    caption->setFont(small);
    Tile tile{new QLabel(frame), new QLabel(frame)};
    tile.value->setObjectName(name + QStringLiteral("Value"));
    tile.value->setTextFormat(Qt::RichText);
    QFont big = tile.value->font();
    big.setPointSizeF(big.pointSizeF() * 1.8);
    tile.value->setFont(big);
    tile.detail->setObjectName(name + QStringLiteral("Detail"));
    tile.detail->setTextFormat(Qt::RichText);
    tile.detail->setWordWrap(true);
    box->addWidget(caption);
    box->addWidget(tile.value);
    box->addWidget(tile.detail);
    box->addStretch();
    grid->addWidget(frame, 0, column);
    grid->setColumnStretch(column, 1);
    return tile;
}

QWidget *OverviewPage::buildAttention()
{
    auto *panel = new QWidget(this);
    auto *layout = new QVBoxLayout(panel);
    layout->setContentsMargins(0, 8, 0, 0);
    m_attentionTitle = new QLabel(panel);
    m_attentionTitle->setObjectName(QStringLiteral("attentionTitle"));
    QFont bold = m_attentionTitle->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.2);
    m_attentionTitle->setFont(bold);
    layout->addWidget(m_attentionTitle);

    m_attention = new QTreeWidget(panel);
    m_attention->setObjectName(QStringLiteral("attentionList"));
    m_attention->setRootIsDecorated(false);
    m_attention->setUniformRowHeights(true);
    m_attention->setAlternatingRowColors(true);
    m_attention->setHeaderLabels({Tr::tr("Kind"), Tr::tr("Where"), Tr::tr("What is wrong"), Tr::tr("Since")});
    m_attention->header()->setStretchLastSection(false);
    m_attention->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_attention->header()->setSectionResizeMode(2, QHeaderView::Stretch);
    m_attention->setWordWrap(true);
    connect(m_attention, &QTreeWidget::itemActivated, this, &OverviewPage::openCurrent);
    auto *allWell = new QLabel(Tr::tr("Nothing needs attention: every station is online, no connector is faulted "
                                      "and every session was rated."),
                               panel);
    allWell->setObjectName(QStringLiteral("allWell"));
    allWell->setWordWrap(true);
    allWell->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_attentionStack = new QStackedWidget(panel);
    m_attentionStack->addWidget(m_attention);
    m_attentionStack->addWidget(allWell);
    layout->addWidget(m_attentionStack, 1);

    auto *buttons = new QHBoxLayout;
    m_open = new QPushButton(Tr::tr("&Show"), panel);
    m_open->setObjectName(QStringLiteral("showAttention"));
    m_open->setToolTip(Tr::tr("Open the station or session this is about (or double-click the row)"));
    m_addStation = new QPushButton(Tr::tr("&Add this station…"), panel);
    m_addStation->setObjectName(QStringLiteral("addRefusedStation"));
    m_addStation->setToolTip(Tr::tr("Create a station with the identity the charger connected with"));
    buttons->addWidget(m_open);
    buttons->addWidget(m_addStation);
    buttons->addStretch();
    layout->addLayout(buttons);
    connect(m_open, &QPushButton::clicked, this, &OverviewPage::openCurrent);
    connect(m_addStation, &QPushButton::clicked, this, [this] {
        if (const Core::AttentionItem *item = currentItem(); item && item->kind == Kind::Refused)
            emit addStationRequested(item->id);
    });
    const auto enable = [this] {
        const Core::AttentionItem *item = currentItem();
        m_open->setEnabled(item && item->kind != Kind::Refused);
        m_addStation->setEnabled(item && item->kind == Kind::Refused);
    };
    connect(m_attention, &QTreeWidget::currentItemChanged, this, enable);
    enable();
    return panel;
}

QWidget *OverviewPage::buildFirstSteps()
{
    m_firstSteps = new QFrame(this);
    m_firstSteps->setObjectName(QStringLiteral("firstSteps"));
    static_cast<QFrame *>(m_firstSteps)->setFrameShape(QFrame::StyledPanel);
    auto *grid = new QGridLayout(m_firstSteps);
    auto *title =
        new QLabel(Tr::tr("<b>First steps</b> — from an empty database to a first charging session:"), m_firstSteps);
    title->setWordWrap(true);
    grid->addWidget(title, 0, 0, 1, 3);
    struct Step
    {
        QString table;
        QString section;
        QString text;
        QString button;
    };
    const QList<Step> steps{
        {Core::Tables::Operators, QStringLiteral("operators"),
         Tr::tr("Add the operator: the company that runs the chargers."), Tr::tr("Operators")},
        {Core::Tables::Areas, QStringLiteral("areas"),
         Tr::tr("Add an area: the site or car park where stations stand."), Tr::tr("Areas")},
        {Core::Tables::Stations, QStringLiteral("stations"),
         Tr::tr("Add a station. Its details show the URL to enter in the charger."), Tr::tr("Stations")},
        {Core::Tables::IdDevices, QStringLiteral("idDevices"),
         Tr::tr("Give a customer a card (an ID device) to start charging with."), Tr::tr("ID devices")},
        {Core::Tables::Sessions, QStringLiteral("sessions"),
         Tr::tr("Charge for the first time: with the charger, or without hardware with the simulator:"),
         Tr::tr("Sessions")}};
    for (int i = 0; i < steps.size(); ++i) {
        auto *label = new QLabel(m_firstSteps);
        label->setObjectName(QStringLiteral("firstStep_") + steps[i].table);
        label->setWordWrap(true);
        label->setProperty("stepText", steps[i].text);
        auto *go = new QPushButton(steps[i].button, m_firstSteps);
        go->setObjectName(QStringLiteral("firstStepGo_") + steps[i].table);
        connect(go, &QPushButton::clicked, this, [this, key = steps[i].section] { emit sectionRequested(key); });
        grid->addWidget(label, i + 1, 0);
        grid->addWidget(go, i + 1, 1);
        m_steps << qMakePair(steps[i].table, label);
    }
    m_simulatorHint = new QLabel(m_firstSteps);
    m_simulatorHint->setObjectName(QStringLiteral("simulatorHint"));
    m_simulatorHint->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_simulatorHint->setWordWrap(true);
    grid->addWidget(m_simulatorHint, steps.size() + 1, 0, 1, 2);
    grid->setColumnStretch(0, 1);
    return m_firstSteps;
}

void OverviewPage::setOcppUrls(const QStringList &urls)
{
    m_ocppUrls = urls;
    showFirstSteps();
}

void OverviewPage::showFirstSteps()
{
    if (!m_firstSteps)
        return;
    bool allDone = true;
    for (const auto &[table, label] : std::as_const(m_steps)) {
        const auto count = m_repository.count(m_actor, table);
        const bool done = count && count.value() > 0;
        allDone = allDone && done;
        const QString mark = done ? QStringLiteral("✔") : QStringLiteral("○");
        label->setText(mark + QLatin1Char(' ') + label->property("stepText").toString());
        label->setEnabled(!done);
    }
    m_simulatorHint->setText(m_ocppUrls.isEmpty() ? Tr::tr("(start the OCPP server first: it is off)")
                                                  : simulatorCommand(m_ocppUrls));
    m_firstSteps->setVisible(!allDone);
}

void OverviewPage::refresh()
{
    auto status = Core::readNetworkStatus(m_repository, m_actor, m_balancing, m_live);
    if (!status) {
        m_attentionTitle->setText(Tr::tr("Could not read the network's status: %1").arg(status.error().message()));
        return;
    }
    show(status.value());
    showFirstSteps();
    scheduleMidnight();
}

void OverviewPage::show(const Core::NetworkStatus &status)
{
    QSet<QString> before;
    for (const Core::AttentionItem &item : std::as_const(m_status.attention))
        before.insert(item.key());
    QList<Core::AttentionItem> appeared;
    if (m_read)
        for (const Core::AttentionItem &item : status.attention)
            if (!before.contains(item.key()))
                appeared << item;
    m_status = status;
    m_read = true;
    showTiles(status);
    showAttention(status.attention);
    m_sparkline->addSample(m_repository.clock().nowMs(), status.powerW);
    emit attentionChanged(status.attention, appeared);
}

void OverviewPage::showTiles(const Core::NetworkStatus &s)
{
    const QLocale locale;
    m_stations.value->setText(Tr::tr("%1 online").arg(locale.toString(s.stationsOnline)));
    m_stations.detail->setText(
        s.stationsOffline == 0 ? Tr::tr("none offline")
                               : coloured(Tr::tr("%n offline", nullptr, s.stationsOffline), QStringLiteral("faulted")));

    m_connectors.value->setText(Tr::tr("%1 charging", "connectors").arg(locale.toString(s.connectorsCharging)));
    QStringList parts{coloured(Tr::tr("%1 available").arg(s.connectorsAvailable), QStringLiteral("available")),
                      coloured(Tr::tr("%1 faulted").arg(s.connectorsFaulted),
                               s.connectorsFaulted ? QStringLiteral("faulted") : QStringLiteral("unavailable"))};
    if (s.connectorsOther)
        parts << Tr::tr("%1 other").arg(s.connectorsOther);
    m_connectors.detail->setText(parts.join(QStringLiteral(" · ")));

    m_power.value->setText(formatKilowatts(s.powerW).toHtmlEscaped());
    QStringList areas;
    for (const Core::AreaLoad &area : s.areas)
        areas << areaLoadText(area).toHtmlEscaped();
    m_power.detail->setText(areas.isEmpty() ? Tr::tr("no balanced area") : areas.join(QStringLiteral("<br>")));

    m_today.value->setText(formatQuantity(QStringLiteral("energy_wh"), qRound64(s.energyTodayWh)).toHtmlEscaped());
    m_today.detail->setText(Tr::tr("%n session(s), %1 revenue", nullptr, s.sessionsToday)
                                .arg(formatMoney(s.revenueTodayMinor, s.currency))
                                .toHtmlEscaped());
}

void OverviewPage::showAttention(const QList<Core::AttentionItem> &items)
{
    m_attentionTitle->setText(items.isEmpty() ? Tr::tr("Needs attention")
                                              : Tr::tr("Needs attention (%1)").arg(items.size()));
    const QString selected = currentItem() ? currentItem()->key() : QString();
    m_attention->clear();
    for (int i = 0; i < items.size(); ++i) {
        const Core::AttentionItem &item = items.at(i);
        auto *row = new QTreeWidgetItem(
            m_attention,
            {kindText(item.kind), item.subject, item.problem,
             item.sinceMs > 0 ? formatRecentTimestamp(item.sinceMs, m_repository.clock().now()) : QString()});
        row->setIcon(0, Icons::dot(kindColour(item.kind)));
        row->setData(0, Qt::UserRole, i);
        row->setToolTip(2, item.problem);
        row->setToolTip(3, formatTimestamp(item.sinceMs));
        if (item.key() == selected)
            m_attention->setCurrentItem(row);
    }
    if (!m_attention->currentItem() && m_attention->topLevelItemCount() > 0)
        m_attention->setCurrentItem(m_attention->topLevelItem(0));
    m_attentionStack->setCurrentIndex(items.isEmpty() ? 1 : 0);
    m_open->setVisible(!items.isEmpty());
    m_addStation->setVisible(std::any_of(items.cbegin(), items.cend(),
                                         [](const Core::AttentionItem &item) { return item.kind == Kind::Refused; }));
}

const Core::AttentionItem *OverviewPage::currentItem() const
{
    const QTreeWidgetItem *row = m_attention ? m_attention->currentItem() : nullptr;
    if (!row)
        return nullptr;
    const int index = row->data(0, Qt::UserRole).toInt();
    return index >= 0 && index < m_status.attention.size() ? &m_status.attention.at(index) : nullptr;
}

void OverviewPage::openCurrent()
{
    const Core::AttentionItem *item = currentItem();
    if (!item)
        return;
    if (item->kind == Kind::Refused)
        emit addStationRequested(item->id);
    else
        emit openRequested(item->table, item->id);
}

void OverviewPage::scheduleMidnight()
{
    // Today's figures start again at midnight in the reader's zone, without any change to read.
    const qint64 now = m_repository.clock().nowMs();
    const QTimeZone zone = Core::actorZone(m_repository.database(), m_actor);
    const qint64 next = Core::startOfDayMs(now, zone) + 26 * 3600 * 1000; // safely into tomorrow
    const qint64 midnight = Core::startOfDayMs(next, zone);
    m_midnight.start(static_cast<int>(std::clamp<qint64>(midnight - now + 1000, 1000, 26 * 3600 * 1000)));
}

} // namespace ChargeDesk::Ui
