#include "core/balancingservice.h"

#include "core/catalog.h"
#include "core/chargingsessions.h"
#include "core/repository.h"
#include "core/timezones.h"

#include <QLoggingCategory>
#include <QPointer>

#include <algorithm>
#include <cmath>

Q_LOGGING_CATEGORY(lcBalancing, "chargedesk.core.loadbalancing")

namespace ChargeDesk::Core {

using namespace Balancing;

namespace {

CurrentType currentTypeOf(const QString &name)
{
    if (name == QLatin1String("dc"))
        return CurrentType::Dc;
    if (name == QLatin1String("ac_single_phase"))
        return CurrentType::AcSinglePhase;
    return CurrentType::AcThreePhase;
}

std::optional<double> optionalReal(const QVariant &value)
{
    if (value.isNull() || !value.isValid())
        return std::nullopt;
    return value.toDouble();
}

QString unitName(Unit unit)
{
    return unit == Unit::Power ? QStringLiteral("W") : QStringLiteral("A");
}

AssetReading::Type assetType(const QString &name)
{
    if (name == QLatin1String("smart_meter"))
        return AssetReading::Type::SmartMeter;
    if (name == QLatin1String("producer"))
        return AssetReading::Type::Producer;
    if (name == QLatin1String("consumer"))
        return AssetReading::Type::Consumer;
    if (name == QLatin1String("battery"))
        return AssetReading::Type::Battery;
    return AssetReading::Type::Other;
}

LimitPeriod::Recurrence recurrenceOf(const QString &name)
{
    if (name == QLatin1String("daily"))
        return LimitPeriod::Recurrence::Daily;
    if (name == QLatin1String("weekly"))
        return LimitPeriod::Recurrence::Weekly;
    return LimitPeriod::Recurrence::Once;
}

bool sameLimit(const std::optional<double> &a, const std::optional<double> &b)
{
    if (a.has_value() != b.has_value())
        return false;
    return !a || std::abs(*a - *b) < 0.05;
}

} // namespace

// A session of a balanced area and where its limit goes.
struct BalancingService::Target
{
    QString code;
    QString status;
    QString transactionId;
    qint64 stationId = 0;
    qint64 connectorId = 0;
    int evse = 1;
    int connector = 1;
};

// What one redistribution reads, beside the balancer's own inputs.
struct BalancingService::Input
{
    QList<Area> areas;
    QList<Session> sessions;
    QList<Target> targets;                  // one per session
    QHash<qint64, QList<qint64>> chains;    // area -> the balanced areas above it, nearest first
    QHash<qint64, int> intervals;           // top balanced area -> its redistribution interval (s)
    QHash<qint64, MinIncrease> minIncrease; // area -> when a higher limit is worth sending
    QTimeZone zone = QTimeZone::utc();
};

BalancingService::BalancingService(Repository &repository, ChargingSessions &sessions, ChargePointGateway &gateway,
                                   const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_repository(repository)
    , m_sessions(sessions)
    , m_gateway(gateway)
    , m_clock(clock)
{
    m_tick.setInterval(TickMs);
    connect(&m_tick, &QTimer::timeout, this, &BalancingService::tick);
    // Events that come in a burst (a meter posting several assets) make one redistribution.
    m_soon.setSingleShot(true);
    m_soon.setInterval(50);
    connect(&m_soon, &QTimer::timeout, this, [this] { redistribute(false); });
}

void BalancingService::start()
{
    connect(&m_sessions, &ChargingSessions::sessionChanged, this, &BalancingService::onSessionChanged);
    connect(&m_repository, &Repository::rowChanged, this,
            [this](const QString &table, qint64, Repository::Change) { onRowChanged(table); });
    m_tick.start();
    scheduleSoon();
}

void BalancingService::scheduleSoon()
{
    if (!m_soon.isActive())
        m_soon.start();
}

void BalancingService::onRowChanged(const QString &table)
{
    // Connector and charger capabilities are read again at the next interval; these change
    // the limits themselves and apply at once.
    if (table == Tables::AssetMeasurements || table == Tables::Areas || table == Tables::AreaLimitPeriods ||
        table == Tables::Assets)
        scheduleSoon();
}

void BalancingService::onSessionChanged(qint64 sessionId)
{
    if (!m_anyBalanced)
        return;
    // Only a start or an end moves the shares; a meter value of a known session does not.
    auto q = m_repository.database().exec(
        QStringLiteral("SELECT s.status, st.area_id FROM sessions s JOIN connectors c ON c.id = s.connector_id "
                       "JOIN chargers ch ON ch.id = c.charger_id JOIN stations st ON st.id = ch.station_id "
                       "WHERE s.id = ?"),
        {sessionId});
    if (!q || !q.value().next())
        return;
    const QString status = q.value().value(0).toString();
    const bool balancedArea = m_treeUnit.contains(q.value().value(1).toLongLong());
    const QString known = m_known.value(sessionId);
    const bool counts = status == QLatin1String("ready") || status == QLatin1String("in_progress");
    if (status != known && (counts || !known.isEmpty()) && balancedArea)
        scheduleSoon();
}

void BalancingService::tick()
{
    const qint64 now = m_clock.nowMs();
    QSet<qint64> due;
    for (auto it = m_intervals.cbegin(); it != m_intervals.cend(); ++it) {
        const auto last = m_lastIntervalMs.constFind(it.key());
        if (last == m_lastIntervalMs.cend() || now - *last >= qint64(it.value()) * 1000)
            due.insert(it.key());
    }
    // With no balanced area, look again each minute: another process sharing the database
    // may turn balancing on (here, a change of an area redistributes at once).
    if (m_intervals.isEmpty() && now - m_lastLookMs >= 60000)
        due.insert(0);
    if (!due.isEmpty()) {
        m_lastLookMs = now;
        run(true, due);
    }
}

Result<BalancingService::Input> BalancingService::load()
{
    Input in;
    Database &db = m_repository.database();
    in.zone = siteZone(db);

    auto areas = db.exec(QStringLiteral(
        "SELECT id, parent_id, dlb_enabled, dlb_limit_type, dlb_limit, dlb_by_asset, dlb_priority_levels, "
        "dlb_distribution, dlb_fallout, dlb_redistribution_interval_s, dlb_min_supply, dlb_max_supply, "
        "dlb_min_increase_percent, dlb_min_increase FROM areas"));
    if (!areas)
        return areas.error();
    QHash<qint64, int> index;
    QHash<qint64, int> intervals;
    for (Rows &r = areas.value(); r.next();) {
        Area a;
        a.id = r.value(0).toLongLong();
        a.parentId = r.value(1).toLongLong();
        a.enabled = r.value(2).toBool();
        a.unit = r.value(3).toString() == QLatin1String("current") ? Unit::Current : Unit::Power;
        a.staticLimit = optionalReal(r.value(4));
        a.byAsset = r.value(5).toBool();
        a.priorityLevels = r.value(6).toBool();
        a.distribution = r.value(7).toString() == QLatin1String("first_in_first_charged")
                             ? Distribution::FirstInFirstCharged
                             : Distribution::Equal;
        a.fallout =
            r.value(8).toString() == QLatin1String("round_allocation") ? Fallout::RoundAllocation : Fallout::FirstIn;
        if (a.enabled)
            intervals.insert(a.id, qMax(60, r.value(9).toInt()));
        a.minSupply = optionalReal(r.value(10));
        a.maxSupply = optionalReal(r.value(11));
        MinIncrease &minimum = in.minIncrease[a.id];
        if (!r.value(12).isNull())
            minimum.fraction = r.value(12).toDouble() / 100.0;
        minimum.amount = optionalReal(r.value(13));
        index.insert(a.id, in.areas.size());
        in.areas << a;
    }
    m_anyBalanced = false;
    m_treeUnit.clear();
    for (const Area &a : in.areas) {
        QList<qint64> chain;
        for (int i = index.value(a.id, -1); i >= 0 && chain.size() < 64; i = index.value(in.areas[i].parentId, -1)) {
            if (in.areas[i].enabled && !chain.contains(in.areas[i].id))
                chain << in.areas[i].id;
            else if (chain.contains(in.areas[i].id))
                break;
        }
        if (!chain.isEmpty()) {
            in.chains.insert(a.id, chain);
            in.intervals.insert(chain.last(), intervals.value(chain.last(), 60));
            m_treeUnit.insert(a.id, in.areas[index.value(chain.last())].unit);
            m_anyBalanced = true;
        }
    }
    if (!m_anyBalanced)
        return in;

    const qint64 now = m_clock.nowMs();
    auto periods = db.exec(QStringLiteral("SELECT area_id, recurrence, starts_at, ends_at, weekdays, limit_value "
                                          "FROM area_limit_periods WHERE recurrence <> 'once' OR ends_at > ?"),
                           {now});
    if (!periods)
        return periods.error();
    for (Rows &r = periods.value(); r.next();) {
        const int i = index.value(r.value(0).toLongLong(), -1);
        if (i >= 0)
            in.areas[i].periods << LimitPeriod{recurrenceOf(r.value(1).toString()), r.value(2).toLongLong(),
                                               r.value(3).toLongLong(), r.value(4).toInt(), r.value(5).toDouble()};
    }
    // The latest report of each asset of a balanced area (the index is on asset and time).
    auto assets = db.exec(QStringLiteral(
        "SELECT a.area_id, a.type, a.current_type, a.power_factor, m.power_w, m.measured_at FROM assets a "
        "JOIN asset_measurements m ON m.asset_id = a.id AND m.measured_at = "
        "(SELECT MAX(measured_at) FROM asset_measurements WHERE asset_id = a.id) ORDER BY a.id, m.id DESC"));
    if (!assets)
        return assets.error();
    for (Rows &r = assets.value(); r.next();) {
        const int i = index.value(r.value(0).toLongLong(), -1);
        if (i < 0)
            continue;
        AssetReading reading;
        reading.type = assetType(r.value(1).toString());
        reading.currentType = currentTypeOf(r.value(2).toString());
        reading.powerFactor = optionalReal(r.value(3)).value_or(1);
        reading.powerW = r.value(4).toDouble();
        reading.atMs = r.value(5).toLongLong();
        in.areas[i].assets << reading;
    }

    auto sessions = db.exec(QStringLiteral(
        "SELECT s.id, s.code, s.status, s.transaction_id, COALESCE(s.started_at, s.created_at), s.power_w, "
        "COALESCE(cu.priority_level, 0), st.id, st.area_id, ch.evse_id, ch.current_type, c.id, c.connector_number, "
        "c.wattage_limit_w, c.amperage_limit_a, c.voltage_limit_v, c.power_factor FROM sessions s "
        "JOIN connectors c ON c.id = s.connector_id JOIN chargers ch ON ch.id = c.charger_id "
        "JOIN stations st ON st.id = ch.station_id LEFT JOIN customers cu ON cu.id = s.customer_id "
        "WHERE s.status IN ('ready', 'in_progress') ORDER BY COALESCE(s.started_at, s.created_at), s.id"));
    if (!sessions)
        return sessions.error();
    for (Rows &r = sessions.value(); r.next();) {
        const qint64 areaId = r.value(8).toLongLong();
        const QList<qint64> chain = in.chains.value(areaId);
        if (chain.isEmpty())
            continue;
        Session s;
        s.id = r.value(0).toLongLong();
        s.areaId = areaId;
        s.order = r.value(4).toLongLong();
        s.priority = r.value(6).toInt();
        s.awaitingStart = r.value(2).toString() == QLatin1String("ready");
        s.currentType = currentTypeOf(r.value(10).toString());
        s.wattageLimitW = optionalReal(r.value(13));
        s.amperageLimitA = optionalReal(r.value(14));
        s.voltageV = optionalReal(r.value(15));
        s.powerFactor = optionalReal(r.value(16)).value_or(1);
        const qint64 stationId = r.value(7).toLongLong();
        if (m_unmanaged.contains(stationId) && !s.awaitingStart) {
            // It draws what it draws: its last reported power, or all its connector can take.
            const Area &governing = in.areas[index.value(chain.first())];
            const double watts = optionalReal(r.value(5)).value_or(s.wattageLimitW.value_or(0));
            s.unmanaged = true;
            s.fixedLoad =
                governing.unit == Unit::Power ? watts : watts / wattsPerAmp(s.currentType, s.voltageV, s.powerFactor);
        }
        in.sessions << s;
        in.targets << Target{r.value(1).toString(),    r.value(2).toString(), r.value(3).toString(), stationId,
                             r.value(11).toLongLong(), r.value(9).toInt(),    r.value(12).toInt()};
    }
    return in;
}

Status BalancingService::redistribute(bool interval)
{
    return run(interval, {});
}

Status BalancingService::run(bool interval, const QSet<qint64> &dueTops)
{
    auto input = load();
    if (!input) {
        qCWarning(lcBalancing) << "cannot read what to balance:" << input.error().message();
        return input.error();
    }
    Input &in = input.value();
    const qint64 now = m_clock.nowMs();
    // An interval of one tree rotates and retries that tree only; an empty set means all.
    const auto isDue = [&](qint64 top) {
        return interval && (dueTops.isEmpty() || dueTops.contains(top));
    };
    QHash<qint64, qint64> lastIntervals;
    for (auto it = in.intervals.cbegin(); it != in.intervals.cend(); ++it)
        lastIntervals.insert(it.key(), isDue(it.key()) ? now : m_lastIntervalMs.value(it.key(), now));
    m_lastIntervalMs = lastIntervals;
    m_intervals = in.intervals;
    m_minIncrease = in.minIncrease;
    if (interval) // stations marked as not following their limits get another chance
        m_unmanaged.clear();

    // Round allocation: the sessions keep their places; new ones join at the end; at an
    // interval the last run's served sessions move behind the halted ones.
    QHash<qint64, QList<qint64>> rotation;
    QHash<qint64, const Area *> byId;
    for (const Area &a : in.areas)
        byId.insert(a.id, &a);
    for (const Session &s : in.sessions) {
        const qint64 governing = in.chains.value(s.areaId).first();
        if (byId.value(governing)->fallout == Fallout::RoundAllocation && !s.awaitingStart)
            rotation[governing];
    }
    for (auto it = rotation.begin(); it != rotation.end(); ++it) {
        QList<qint64> previous = m_rotation.value(it.key());
        if (isDue(in.chains.value(it.key()).last()))
            previous = rotate(previous, m_lastOutcome);
        QSet<qint64> present;
        for (const Session &s : in.sessions) {
            if (in.chains.value(s.areaId).first() == it.key() && !s.awaitingStart)
                present.insert(s.id);
        }
        for (qint64 id : previous) {
            if (present.contains(id))
                it.value() << id;
        }
        for (const Session &s : in.sessions) { // in start order
            if (present.contains(s.id) && !it.value().contains(s.id))
                it.value() << s.id;
        }
    }
    m_rotation = rotation;
    for (Session &s : in.sessions) {
        const qint64 governing = in.chains.value(s.areaId).first();
        if (m_rotation.contains(governing))
            s.order = m_rotation.value(governing).indexOf(s.id);
    }

    const Outcome outcome = balance(in.areas, in.sessions, now, in.zone);
    m_lastOutcome = outcome;
    apply(in, outcome);
    return Ok{};
}

void BalancingService::apply(const Input &in, const Outcome &outcome)
{
    const qint64 now = m_clock.nowMs();
    QHash<qint64, QString> known;
    QHash<qint64, AreaBalance> balances;
    QSet<qint64> tops;
    QHash<qint64, Unit> units;
    for (const Area &a : in.areas)
        units.insert(a.id, a.unit);
    for (const AreaOutcome &o : outcome.areas) {
        AreaBalance &b = balances[o.areaId];
        b.areaId = o.areaId;
        b.outcome = o;
        b.unit = units.value(o.areaId);
        b.redistributedAtMs = now;
        b.rotation = m_rotation.value(o.areaId);
    }
    for (qsizetype i = 0; i < outcome.allocations.size() && i < in.sessions.size(); ++i) {
        const Allocation &allocation = outcome.allocations[i];
        const Target &target = in.targets[i];
        const qint64 sessionId = allocation.sessionId;
        known.insert(sessionId, target.status);
        const QList<qint64> chain = in.chains.value(in.sessions[i].areaId);
        tops.insert(chain.last());

        Sent &sent = m_sent[sessionId];
        const Allocation previous = m_allocations.value(sessionId);
        const bool changed = !m_allocations.contains(sessionId) || !sameLimit(previous.limit, allocation.limit) ||
                             previous.reason != allocation.reason || previous.boundByAreaId != allocation.boundByAreaId;
        m_allocations.insert(sessionId, allocation);
        // A station connected to another process (or to none) is left to that process.
        const bool controllable = target.status == QLatin1String("in_progress") && !target.transactionId.isEmpty() &&
                                  m_gateway.isConnected(target.stationId) && allocation.reason != Reason::Unmanaged &&
                                  allocation.reason != Reason::AwaitingStart;
        const qint64 intervalMs = qint64(m_intervals.value(chain.last(), 60)) * 1000;
        const bool toSend = controllable && !sent.inFlight &&
                            (worthSending(sent, allocation, intervalMs, m_minIncrease.value(chain.last())) ||
                             (sent.status != QLatin1String("accepted") && !sent.status.isEmpty()) ||
                             (sent.status.isEmpty() && allocation.limit));
        if (changed)
            store(sessionId, allocation, toSend ? QStringLiteral("pending") : sent.status);
        if (toSend) {
            send(sessionId, target, allocation);
            for (qint64 areaId : chain) {
                QList<qint64> &times = m_sentTimes[areaId];
                times.removeIf([now](qint64 at) { return at <= now - 3600 * 1000; });
                times << now;
            }
        }

        const SessionAllocation view{sessionId,          target.code, target.stationId,
                                     target.connectorId, allocation,  sent.status};
        for (qint64 areaId : chain)
            balances[areaId].sessions << view;
    }
    // Ended sessions: the charger drops a transaction's profile with the transaction.
    for (auto it = m_sent.begin(); it != m_sent.end();) {
        if (known.contains(it.key()) || it->inFlight) {
            ++it;
        } else {
            m_allocations.remove(it.key());
            it = m_sent.erase(it);
        }
    }
    m_known = known;
    for (auto it = balances.begin(); it != balances.end(); ++it) {
        const QList<qint64> chain = in.chains.value(it.key());
        const qint64 top = chain.isEmpty() ? it.key() : chain.last();
        it->nextIntervalAtMs = m_lastIntervalMs.value(top, now) + qint64(in.intervals.value(top, 60)) * 1000;
    }
    m_balances = balances;
    emit redistributed(QList<qint64>(tops.cbegin(), tops.cend()));
}

bool BalancingService::worthSending(const Sent &sent, const Allocation &allocation, qint64 intervalMs,
                                    const MinIncrease &minimum) const
{
    if (sent.unit != allocation.unit)
        return true;
    if (sameLimit(sent.limit, allocation.limit))
        return false;
    if (!sent.limit || !allocation.limit)
        return true;
    const double from = *sent.limit;
    const double to = *allocation.limit;
    if (to < from || from <= 0)
        return true;
    const double amount = minimum.amount.value_or(allocation.unit == Unit::Current ? MinIncreaseA : MinIncreaseW);
    return to - from > amount || to - from > from * minimum.fraction || m_clock.nowMs() - sent.sentAtMs >= intervalMs;
}

int BalancingService::profilesSentLastHour(qint64 areaId) const
{
    const qint64 since = m_clock.nowMs() - 3600 * 1000;
    const QList<qint64> times = m_sentTimes.value(areaId);
    return static_cast<int>(std::count_if(times.cbegin(), times.cend(), [since](qint64 at) { return at > since; }));
}

void BalancingService::send(qint64 sessionId, const Target &target, const Allocation &allocation)
{
    const qint64 stationId = target.stationId;
    const qint64 profileId = ProfileIdBase + target.connectorId;
    Command command;
    if (allocation.limit) {
        command.kind = Command::Kind::SetChargingProfile;
        command.args = profileArgs(target.connectorId, allocation.unit, *allocation.limit);
        command.args.insert(QStringLiteral("evse"), target.evse);
        command.args.insert(QStringLiteral("connector"), target.connector);
        command.args.insert(QStringLiteral("transactionId"), target.transactionId);
    } else {
        // Nothing limits the session any more: its charger drops our limit.
        command.kind = Command::Kind::ClearChargingProfile;
        command.args = {{QStringLiteral("id"), profileId}};
    }
    qCDebug(lcBalancing) << "session" << sessionId << "limit"
                         << (allocation.limit ? QString::number(*allocation.limit) : QStringLiteral("none"))
                         << unitName(allocation.unit) << reasonName(allocation.reason);
    Sent &sent = m_sent[sessionId];
    sent.inFlight = true;
    sent.stationId = stationId;
    sent.sentAtMs = m_clock.nowMs();
    const std::optional<double> limit = allocation.limit;
    const Unit unit = allocation.unit;
    QPointer<BalancingService> self(this);
    m_gateway.send(stationId, command, [self, sessionId, stationId, limit, unit](const CommandResult &result) {
        if (self) {
            self->m_sent[sessionId].unit = unit;
            self->answered(sessionId, stationId, limit, result);
        }
    });
}

void BalancingService::answered(qint64 sessionId, qint64 stationId, const std::optional<double> &limit,
                                const CommandResult &result)
{
    Sent &sent = m_sent[sessionId];
    sent.inFlight = false;
    const bool accepted = result.outcome == CommandResult::Outcome::Answered &&
                          result.status.compare(QLatin1String("Accepted"), Qt::CaseInsensitive) == 0;
    sent.status = accepted                                             ? QStringLiteral("accepted")
                  : result.outcome == CommandResult::Outcome::Answered ? result.status.toLower()
                                                                       : result.outcomeName();
    m_repository.database().exec(QStringLiteral("UPDATE sessions SET dlb_profile_status = ? WHERE id = ?"),
                                 {sent.status, sessionId});
    if (accepted) {
        sent.limit = limit;
        sent.failures = 0;
        m_repository.database().exec(
            QStringLiteral("UPDATE stations SET dlb_failure = NULL, dlb_failed_at = NULL WHERE id = ? AND "
                           "dlb_failure IS NOT NULL"),
            {stationId});
        // The limit may have moved while this one travelled.
        if (m_allocations.contains(sessionId) && !sameLimit(m_allocations.value(sessionId).limit, limit))
            scheduleSoon();
        return;
    }
    ++sent.failures;
    const QString detail =
        result.outcome == CommandResult::Outcome::Answered
            ? tr("The charger answered %1 to its load balancing limit.").arg(result.status)
            : tr("The charger did not take its load balancing limit (%1): %2").arg(result.outcomeName(), result.error);
    qCWarning(lcBalancing) << "station" << stationId << "session" << sessionId << detail;
    if (sent.failures < Attempts) {
        QTimer::singleShot(m_retryDelayMs, this, [this] { redistribute(false); });
        return;
    }
    sent.failures = 0;
    m_unmanaged.insert(stationId, detail);
    m_repository.database().exec(QStringLiteral("UPDATE stations SET dlb_failure = ?, dlb_failed_at = ? WHERE id = ?"),
                                 {detail, m_clock.nowMs(), stationId});
    emit profileFailed(stationId, detail);
    scheduleSoon(); // the others share what is left
}

void BalancingService::store(qint64 sessionId, const Allocation &allocation, const QString &profileStatus)
{
    auto stored = m_repository.database().exec(
        QStringLiteral("UPDATE sessions SET dlb_limit = ?, dlb_unit = ?, dlb_reason = ?, dlb_area_id = ?, "
                       "dlb_profile_status = ?, dlb_updated_at = ? WHERE id = ?"),
        {allocation.limit ? QVariant(*allocation.limit) : QVariant(QMetaType(QMetaType::Double)),
         unitName(allocation.unit), reasonName(allocation.reason),
         allocation.boundByAreaId ? QVariant(allocation.boundByAreaId) : QVariant(QMetaType(QMetaType::LongLong)),
         profileStatus.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(profileStatus), m_clock.nowMs(),
         sessionId});
    if (!stored)
        qCWarning(lcBalancing) << "cannot store the limit of session" << sessionId << stored.error().message();
}

void BalancingService::stationOnline(qint64 stationId)
{
    bool any = false;
    for (auto it = m_sent.begin(); it != m_sent.end(); ++it) {
        if (it->stationId == stationId && !it->inFlight) {
            *it = Sent{};
            any = true;
        }
    }
    if (any)
        scheduleSoon();
}

std::optional<BalancingService::AreaBalance> BalancingService::areaBalance(qint64 areaId) const
{
    const auto it = m_balances.constFind(areaId);
    if (it == m_balances.cend())
        return std::nullopt;
    return *it;
}

QVariantMap BalancingService::profileArgs(qint64 connectorId, Unit unit, double limit)
{
    return {{QStringLiteral("id"), ProfileIdBase + connectorId},
            {QStringLiteral("stackLevel"), ProfileStackLevel},
            {QStringLiteral("purpose"), QStringLiteral("tx")},
            {QStringLiteral("kind"), QStringLiteral("relative")},
            {QStringLiteral("unit"), unitName(unit)},
            {QStringLiteral("periods"),
             QVariantList{QVariantMap{{QStringLiteral("start"), 0}, {QStringLiteral("limit"), limit}}}}};
}

QVariantMap BalancingService::startProfile(qint64 connectorId)
{
    if (!m_anyBalanced)
        return {};
    auto q = m_repository.database().exec(
        QStringLiteral("SELECT st.area_id FROM connectors c JOIN chargers ch ON ch.id = c.charger_id "
                       "JOIN stations st ON st.id = ch.station_id WHERE c.id = ?"),
        {connectorId});
    if (!q || !q.value().next())
        return {};
    const auto unit = m_treeUnit.constFind(q.value().value(0).toLongLong());
    if (unit == m_treeUnit.cend())
        return {};
    return profileArgs(connectorId, *unit, 0);
}

} // namespace ChargeDesk::Core
