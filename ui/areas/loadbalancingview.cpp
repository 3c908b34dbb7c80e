#include "ui/areas/loadbalancingview.h"

#include "core/catalog.h"
#include "ui/areas/allocationmodel.h"
#include "ui/areas/assetdetails.h"
#include "ui/areas/balancechart.h"
#include "ui/widgets/icons.h"
#include "ui/widgets/listpage.h"
#include "ui/widgets/tr.h"
#include "ui/widgets/valueformat.h"

#include <QFormLayout>
#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPointer>
#include <QPushButton>
#include <QScrollArea>
#include <QTableView>
#include <QVBoxLayout>

#include <cmath>

namespace ChargeDesk::Ui {

namespace {

namespace T = Core::Tables;
using Core::Balancing::LimitSource;
using Core::Balancing::Reason;
using Core::Balancing::Unit;
using Tone = AllocationModel::Tone;

QString reasonText(Reason reason)
{
    switch (reason) {
    case Reason::AreaLimit: return Tr::tr("Area limit");
    case Reason::ParentAreaLimit: return Tr::tr("Parent area limit");
    case Reason::ConnectorCapability: return Tr::tr("Connector capability");
    case Reason::MaximumSupply: return Tr::tr("Maximum supply");
    case Reason::Fallout: return Tr::tr("Halted (fallout)");
    case Reason::AwaitingStart: return Tr::tr("Awaiting start");
    case Reason::Unmanaged: return Tr::tr("Unmanaged: its charger does not follow limits");
    case Reason::Unlimited: return Tr::tr("Unlimited");
    }
    return {};
}

Tone reasonTone(Reason reason)
{
    switch (reason) {
    case Reason::Fallout:
    case Reason::AwaitingStart: return Tone::Waiting;
    case Reason::Unmanaged: return Tone::Bad;
    default: return Tone::Normal;
    }
}

QString limitSourceText(LimitSource source)
{
    switch (source) {
    case LimitSource::None: return Tr::tr("Nothing limits the area");
    case LimitSource::Static: return Tr::tr("Static limit");
    case LimitSource::LimitPeriod: return Tr::tr("Limit period");
    case LimitSource::MeterReport: return Tr::tr("Meter report");
    case LimitSource::AssetBalance: return Tr::tr("Asset balance");
    }
    return {};
}

// The charger's answer to its limit, as BalancingService records it.
std::pair<QString, Tone> profileText(const QString &status)
{
    if (status.isEmpty())
        return {Tr::tr("Not sent"), Tone::Normal};
    if (status == QLatin1String("accepted"))
        return {Tr::tr("Accepted"), Tone::Good};
    if (status == QLatin1String("pending"))
        return {Tr::tr("Pending"), Tone::Waiting};
    if (status == QLatin1String("rejected"))
        return {Tr::tr("Rejected"), Tone::Bad};
    if (status == QLatin1String("not_connected"))
        return {Tr::tr("Not connected"), Tone::Bad};
    if (status == QLatin1String("timed_out"))
        return {Tr::tr("No answer"), Tone::Bad};
    return {capitalized(choiceText(status)), Tone::Bad};
}

QString shortCode(const QString &code)
{
    // Session codes are UUIDs: the first block tells them apart in one area.
    return code.size() > 13 ? code.left(8) + QChar(0x2026) : code;
}

QString watts(double w)
{
    return formatKilowatts(w);
}

} // namespace

LoadBalancingView::LoadBalancingView(Core::Repository &repository, const Core::Actor &actor,
                                     Core::BalancingService *balancing, qint64 areaId, QWidget *parent)
    : QWidget(parent)
    , m_repository(repository)
    , m_actor(actor)
    , m_balancing(balancing)
    , m_areaId(areaId)
{
    setObjectName(QStringLiteral("loadBalancingView"));
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(12, 10, 12, 10);
    outer->setSpacing(6);
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("areaTitle"));
    QFont big = m_title->font();
    big.setPointSizeF(big.pointSizeF() * 1.3);
    big.setBold(true);
    m_title->setFont(big);
    outer->addWidget(m_title);
    m_state = new QLabel(this);
    m_state->setObjectName(QStringLiteral("balancingState"));
    m_state->setWordWrap(true);
    outer->addWidget(m_state);

    m_body = new QWidget(this);
    outer->addWidget(m_body, 1);
    auto *layout = new QVBoxLayout(m_body);
    layout->setContentsMargins(0, 0, 0, 0);
    const auto heading = [this, layout](const QString &text) {
        auto *label = new QLabel(text, m_body);
        QFont bold = label->font();
        bold.setBold(true);
        label->setFont(bold);
        label->setContentsMargins(0, fontMetrics().height() / 2, 0, 2);
        layout->addWidget(label);
    };
    const auto newForm = [] {
        auto *form = new QFormLayout;
        form->setLabelAlignment(Qt::AlignRight);
        form->setHorizontalSpacing(12);
        form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
        return form;
    };

    // The limit and where it comes from on the left, what is shared out of it on the right.
    auto *top = new QGridLayout;
    top->setHorizontalSpacing(24);
    auto *limitBox = new QVBoxLayout;
    auto *nowBox = new QVBoxLayout;
    top->addLayout(limitBox, 0, 0);
    top->addLayout(nowBox, 0, 1);
    top->setColumnStretch(0, 3);
    top->setColumnStretch(1, 2);
    layout->addLayout(top);
    const auto boxHeading = [this](QVBoxLayout *box, const QString &text) {
        auto *label = new QLabel(text, m_body);
        QFont bold = label->font();
        bold.setBold(true);
        label->setFont(bold);
        box->addWidget(label);
    };
    boxHeading(limitBox, Tr::tr("Limit in force"));
    QFormLayout *limitForm = newForm();
    limitBox->addLayout(limitForm);
    limitBox->addStretch(1);
    m_limit = addValue(limitForm, Tr::tr("Limit"), QStringLiteral("limitValue"));
    QFont strong = m_limit->font();
    strong.setPointSizeF(strong.pointSizeF() * 1.2);
    strong.setBold(true);
    m_limit->setFont(strong);
    m_source = addValue(limitForm, Tr::tr("From", "source"), QStringLiteral("limitSource"));
    m_sourceDetail = new QLabel(m_body);
    m_sourceDetail->setObjectName(QStringLiteral("limitSourceDetail"));
    m_sourceDetail->setWordWrap(true);
    m_sourceDetail->setForegroundRole(QPalette::PlaceholderText);
    limitForm->addRow(QString(), m_sourceDetail);
    m_strategy = addValue(limitForm, Tr::tr("Sharing"), QStringLiteral("strategy"));

    boxHeading(nowBox, Tr::tr("Shared out"));
    QFormLayout *nowForm = newForm();
    nowBox->addLayout(nowForm);
    nowBox->addStretch(1);
    m_allocated = addValue(nowForm, Tr::tr("Allocated"), QStringLiteral("allocated"));
    m_allocated->setFont(strong);
    m_drawn = addValue(nowForm, Tr::tr("Drawn now"), QStringLiteral("drawn"));
    m_counts = addValue(nowForm, Tr::tr("Sessions"), QStringLiteral("sessionCounts"));
    m_redistributed = addValue(nowForm, Tr::tr("Redistributed"), QStringLiteral("redistributedAt"));
    m_profilesSent = addValue(nowForm, Tr::tr("Limits sent"), QStringLiteral("profilesSent"));
    m_profilesSent->setToolTip(Tr::tr("Charging profiles sent to the chargers of this area in the last hour. A higher "
                                      "limit waits for the next interval unless it grows by more than 5 % or 1 kW; "
                                      "a lower one is sent at once."));
    m_next = addValue(nowForm, Tr::tr("Next interval"), QStringLiteral("nextInterval"));

    m_chart = new BalanceChart(m_repository.clock(), m_body);
    layout->addWidget(m_chart, 2);

    heading(Tr::tr("Sessions"));
    m_model = new AllocationModel(this);
    m_table = new QTableView(m_body);
    m_table->setObjectName(QStringLiteral("allocationTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setMinimumHeight(160);
    layout->addWidget(m_table, 3);

    heading(Tr::tr("Round allocation"));
    m_rotationLabel = new QLabel(m_body);
    m_rotationLabel->setObjectName(QStringLiteral("rotation"));
    m_rotationLabel->setWordWrap(true);
    m_rotationLabel->setTextFormat(Qt::RichText);
    layout->addWidget(m_rotationLabel);

    if (m_balancing)
        connect(m_balancing, &Core::BalancingService::redistributed, this, &LoadBalancingView::refresh);
    // Measured power and the chargers' answers change between redistributions.
    m_sampleTimer.setInterval(SampleMs);
    connect(&m_sampleTimer, &QTimer::timeout, this, &LoadBalancingView::refresh);
    m_sampleTimer.start();
    m_countdownTimer.setInterval(1000);
    connect(&m_countdownTimer, &QTimer::timeout, this, &LoadBalancingView::updateCountdown);
    m_countdownTimer.start();
    refresh();
}

QLabel *LoadBalancingView::addValue(QFormLayout *form, const QString &label, const QString &objectName)
{
    auto *value = new QLabel(m_body);
    value->setObjectName(objectName);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    value->setWordWrap(true);
    form->addRow(label, value);
    return value;
}

void LoadBalancingView::showState(const QString &sentence, bool body)
{
    m_state->setText(sentence);
    m_body->setVisible(body);
}

std::optional<Core::Record> LoadBalancingView::governingArea(Core::Record &area)
{
    Core::Record current = area;
    for (int depth = 0; depth < 64; ++depth) {
        if (current.value(QStringLiteral("dlb_enabled")).toBool())
            return current;
        const qint64 parent = current.value(QStringLiteral("parent_id")).toLongLong();
        if (!parent)
            break;
        const auto next = m_repository.get(m_actor, T::Areas, parent);
        if (!next)
            break;
        current = next.value();
    }
    return std::nullopt;
}

void LoadBalancingView::refresh()
{
    auto area = m_repository.get(m_actor, T::Areas, m_areaId);
    if (!area) {
        m_title->setText(Tr::tr("Load balancing"));
        showState(area.error().message(), false);
        return;
    }
    m_title->setText(area.value().value(QStringLiteral("name")).toString());
    const std::optional<Core::Record> governing = governingArea(area.value());
    if (!governing) {
        showState(Tr::tr("Dynamic load balancing is off for this area and for the areas above it: its sessions charge "
                         "without a shared limit. Turn it on in the area's settings to share a power source."),
                  false);
        return;
    }
    if (!m_balancing) {
        showState(Tr::tr("Load balancing runs with the console's OCPP server, which is not running here."), false);
        return;
    }
    const qint64 governingId = governing->value(QStringLiteral("id")).toLongLong();
    const auto balance = m_balancing->areaBalance(governingId);
    if (!balance) {
        showState(Tr::tr("Dynamic load balancing is on. The first redistribution has not happened yet."), false);
        return;
    }
    if (governingId == m_areaId)
        showState(Tr::tr("Dynamic load balancing is on: the sessions below share the limit in force."), true);
    else
        showState(Tr::tr("This area has no load balancing of its own. Its sessions share the limit of its parent area "
                         "“%1”, shown below.")
                      .arg(governing->value(QStringLiteral("name")).toString()),
                  true);
    showBalance(*governing, *balance);
}

QString LoadBalancingView::quantityText(std::optional<double> value, Unit unit) const
{
    if (!value)
        return Tr::tr("No limit");
    if (unit == Unit::Power)
        return watts(*value);
    return Tr::tr("%1 A").arg(QLocale().toString(*value, 'f', 1));
}

QString LoadBalancingView::nameOf(const QString &table, qint64 id)
{
    const QString key = QStringLiteral("%1/%2").arg(table).arg(id);
    if (const auto known = m_names.constFind(key); known != m_names.cend())
        return *known;
    const auto row = m_repository.get(m_actor, table, id);
    const QString name = row ? row.value().value(m_repository.catalog().entity(table).displayField).toString()
                             : QStringLiteral("#%1").arg(id);
    m_names.insert(key, name);
    return name;
}

QString LoadBalancingView::connectorText(const Core::BalancingService::SessionAllocation &session)
{
    return Tr::tr("%1 · %2").arg(nameOf(T::Stations, session.stationId), nameOf(T::Connectors, session.connectorId));
}

void LoadBalancingView::showBalance(const Core::Record &governing, const Core::BalancingService::AreaBalance &balance)
{
    const Unit unit = balance.unit;
    const auto &outcome = balance.outcome;
    m_limit->setText(quantityText(outcome.limit.value, unit));
    m_source->setText(limitSourceText(outcome.limit.source));
    const QString detail = sourceText(governing, outcome.limit.source);
    m_sourceDetail->setText(detail);
    m_sourceDetail->setVisible(!detail.isEmpty());
    m_strategy->setText(strategyText(governing));
    m_allocated->setText(
        outcome.limit.value
            ? Tr::tr("%1 of %2").arg(quantityText(outcome.allocated, unit), quantityText(outcome.limit.value, unit))
            : quantityText(outcome.allocated, unit));
    m_counts->setText(Tr::tr("%1 charging, %2 halted").arg(outcome.served).arg(outcome.halted));
    m_redistributed->setText(formatTimestamp(balance.redistributedAtMs));
    m_profilesSent->setText(Tr::tr("%n in the last hour", nullptr, m_balancing->profilesSentLastHour(balance.areaId)));
    m_nextIntervalAtMs = balance.nextIntervalAtMs;
    updateCountdown();

    // What the sessions draw and what their chargers answered, as last written.
    QList<AllocationModel::Row> rows;
    std::optional<double> drawnW;
    for (const auto &s : balance.sessions) {
        const auto session = m_repository.get(m_actor, T::Sessions, s.sessionId);
        QString status = s.profileStatus;
        if (session) {
            const QVariant power = session.value().value(QStringLiteral("power_w"));
            if (!power.isNull() && power.isValid())
                drawnW = drawnW.value_or(0) + power.toDouble();
            status = session.value().value(QStringLiteral("dlb_profile_status")).toString();
        }
        const auto &a = s.allocation;
        QString limit = quantityText(a.limit, a.unit);
        if (a.limit && a.unit == Unit::Current && a.watts)
            limit = Tr::tr("%1 (%2)").arg(limit, watts(*a.watts));
        const auto [profile, profileTone] = profileText(status);
        AllocationModel::Row row;
        row.sessionId = s.sessionId;
        row.cells = {shortCode(s.sessionCode),
                     connectorText(s),
                     limit,
                     reasonText(a.reason),
                     a.boundByAreaId ? nameOf(T::Areas, a.boundByAreaId) : QStringLiteral("—"),
                     profile};
        row.reasonTone = reasonTone(a.reason);
        row.profileTone = profileTone;
        rows << row;
    }
    m_model->setRows(rows);
    m_drawn->setText(drawnW ? watts(*drawnW) : Tr::tr("Not reported"));

    // The chart is in the area's own unit; what the sessions draw only when that is W.
    if (unit == Unit::Power)
        m_chart->setScale(Tr::tr("Power (kW)"), 0.001);
    else
        m_chart->setScale(Tr::tr("Current (A)"), 1.0);
    m_chart->addSample(m_repository.clock().nowMs(), outcome.limit.value, outcome.allocated,
                       unit == Unit::Power ? drawnW : std::nullopt);
    showRotation(governing, balance);
}

QString LoadBalancingView::sourceText(const Core::Record &governing, LimitSource source)
{
    const qint64 areaId = governing.value(QStringLiteral("id")).toLongLong();
    const QVariant staticLimit = governing.value(QStringLiteral("dlb_limit"));
    const Unit unit = governing.value(QStringLiteral("dlb_limit_type")).toString() == QLatin1String("current")
                          ? Unit::Current
                          : Unit::Power;
    const QString staticText =
        staticLimit.isNull() || !staticLimit.isValid() ? QString() : quantityText(staticLimit.toDouble(), unit);
    switch (source) {
    case LimitSource::None: return Tr::tr("No static limit, limit period or asset report applies.");
    case LimitSource::Static: return {};
    case LimitSource::LimitPeriod:
        return staticText.isEmpty() ? QString() : Tr::tr("In place of the static limit of %1.").arg(staticText);
    case LimitSource::MeterReport:
    case LimitSource::AssetBalance: break;
    }
    // The reports the limit was made of: the newest meter's, or every asset's.
    Core::ListQuery query;
    query.filters << Core::ListQuery::Filter{QStringLiteral("area_id"), Core::ListQuery::Filter::Op::Equals, areaId};
    const auto assets = m_repository.list(m_actor, T::Assets, query);
    if (!assets)
        return assets.error().message();
    QStringList reports;
    std::optional<std::pair<qint64, QString>> newestMeter;
    const qint64 now = m_repository.clock().nowMs();
    for (const Core::Record &asset : assets.value()) {
        const auto latest = latestMeasurement(m_repository, m_actor, asset.value(QStringLiteral("id")).toLongLong());
        if (!latest || !latest.value())
            continue;
        const QString type = asset.value(QStringLiteral("type")).toString();
        const qint64 at = latest.value()->value(QStringLiteral("measured_at")).toLongLong();
        const QString text =
            Tr::tr("%1: %2, measured %3 (%4)")
                .arg(asset.value(QStringLiteral("name")).toString(),
                     measurementText(type, latest.value()->value(QStringLiteral("power_w")).toLongLong()),
                     formatTimestamp(at), agoText(at, now));
        if (type == QLatin1String("smart_meter")) {
            if (!newestMeter || at > newestMeter->first)
                newestMeter = std::make_pair(at, text);
        } else if (type != QLatin1String("other")) {
            reports << text;
        }
    }
    if (source == LimitSource::MeterReport)
        return newestMeter ? newestMeter->second : QString();
    const QString base = staticText.isEmpty() ? Tr::tr("Assets' reports:") : Tr::tr("%1 adjusted by:").arg(staticText);
    return base + QLatin1Char(' ') + reports.join(QStringLiteral("; "));
}

QString LoadBalancingView::strategyText(const Core::Record &governing) const
{
    const Unit unit = governing.value(QStringLiteral("dlb_limit_type")).toString() == QLatin1String("current")
                          ? Unit::Current
                          : Unit::Power;
    const bool equal =
        governing.value(QStringLiteral("dlb_distribution")).toString() != QLatin1String("first_in_first_charged");
    QStringList parts;
    if (!equal)
        parts << Tr::tr("first in, first charged");
    else if (governing.value(QStringLiteral("dlb_fallout")).toString() == QLatin1String("round_allocation"))
        parts << Tr::tr("equal shares; when short, round allocation");
    else
        parts << Tr::tr("equal shares; when short, the earliest sessions first");
    const QVariant min = governing.value(QStringLiteral("dlb_min_supply"));
    const QVariant max = governing.value(QStringLiteral("dlb_max_supply"));
    if (!min.isNull() && min.isValid())
        parts << Tr::tr("at least %1 per session").arg(quantityText(min.toDouble(), unit));
    if (!max.isNull() && max.isValid())
        parts << Tr::tr("at most %1 per session").arg(quantityText(max.toDouble(), unit));
    const int interval = std::max(60, governing.value(QStringLiteral("dlb_redistribution_interval_s")).toInt());
    parts << Tr::tr("redistributed every %1").arg(formatDuration(interval));
    return capitalized(parts.join(QStringLiteral(", ")));
}

void LoadBalancingView::showRotation(const Core::Record &governing, const Core::BalancingService::AreaBalance &balance)
{
    m_rotation.clear();
    if (governing.value(QStringLiteral("dlb_fallout")).toString() != QLatin1String("round_allocation") ||
        governing.value(QStringLiteral("dlb_distribution")).toString() == QLatin1String("first_in_first_charged")) {
        m_rotationLabel->setText(Tr::tr("Not used here: when the limit cannot give every session its minimum, the "
                                        "sessions that started first keep charging."));
        return;
    }
    if (balance.rotation.isEmpty()) {
        m_rotationLabel->setText(Tr::tr("No session is charging in this area."));
        return;
    }
    QHash<qint64, const Core::BalancingService::SessionAllocation *> byId;
    for (const auto &s : balance.sessions)
        byId.insert(s.sessionId, &s);
    QStringList html;
    for (qint64 id : balance.rotation) {
        const auto *s = byId.value(id);
        if (!s)
            continue;
        const bool halted = s->allocation.reason == Reason::Fallout;
        const QString name = connectorText(*s);
        m_rotation << (halted ? Tr::tr("%1 (halted)").arg(name) : name);
        const QString entry = QStringLiteral("%1.&nbsp;%2").arg(m_rotation.size()).arg(name.toHtmlEscaped());
        html << (halted ? QStringLiteral("<span style=\"color:%1\">%2&nbsp;(%3)</span>")
                              .arg(AllocationModel::toneColor(Tone::Waiting).name(), entry, Tr::tr("halted"))
                        : entry);
    }
    m_rotationLabel->setText(Tr::tr("Order of the next redistribution: %1").arg(html.join(QStringLiteral(" · "))));
}

void LoadBalancingView::updateCountdown()
{
    if (!m_nextIntervalAtMs) {
        m_next->clear();
        return;
    }
    const qint64 seconds = (m_nextIntervalAtMs - m_repository.clock().nowMs() + 999) / 1000;
    m_next->setText(seconds <= 0 ? Tr::tr("Due now") : Tr::tr("In %1").arg(formatDuration(seconds)));
}

QWidget *makeLoadBalancingView(const PageContext &context, qint64 areaId)
{
    auto *scroll = new QScrollArea;
    scroll->setObjectName(QStringLiteral("loadBalancingScroll"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(new LoadBalancingView(context.repository, context.actor, context.services.loadBalancing, areaId));
    return scroll;
}

void openLoadBalancing(const PageContext &context, qint64 areaId)
{
    if (!areaId || !context.openDock)
        return;
    const auto area = context.repository.get(context.actor, Core::Tables::Areas, areaId);
    const QString name = area ? area.value().value(QStringLiteral("name")).toString() : QString::number(areaId);
    context.openDock(QStringLiteral("loadBalancing/%1").arg(areaId), Tr::tr("Load balancing: %1").arg(name),
                     [context, areaId] { return makeLoadBalancingView(context, areaId); });
}

} // namespace ChargeDesk::Ui
