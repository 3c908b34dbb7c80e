#include "core/chargingsessions.h"

#include "core/stationservice.h"

#include <QUuid>

#include <algorithm>
#include <cmath>
#include <limits>

namespace ChargeDesk::Core {

namespace {

const QString EnergyRegister = QStringLiteral("Energy.Active.Import.Register");

ListQuery where(std::initializer_list<std::pair<QString, QVariant>> equals)
{
    ListQuery q;
    for (const auto &[field, value] : equals)
        q.filters << ListQuery::Filter{field, ListQuery::Filter::Op::Equals, value};
    return q;
}

bool isEnergyRegister(const MeterSample &s)
{
    return s.measurand == EnergyRegister && s.phase.isEmpty();
}

ReadingScope scopeOf(const MeterSample &s)
{
    if (s.context == QLatin1String("Transaction.Begin"))
        return ReadingScope::Start;
    if (s.context == QLatin1String("Transaction.End"))
        return ReadingScope::Stop;
    return ReadingScope::Intermediate;
}

QVariant nullable(const std::optional<double> &v)
{
    return v ? QVariant(*v) : QVariant(QMetaType::fromType<double>());
}

QVariant nullable(const std::optional<qint64> &v)
{
    return v ? QVariant(qlonglong(*v)) : QVariant(QMetaType::fromType<qlonglong>());
}

} // namespace

QString authorizationStatusName(AuthorizationStatus status)
{
    switch (status) {
    case AuthorizationStatus::Accepted: return QStringLiteral("Accepted");
    case AuthorizationStatus::Blocked: return QStringLiteral("Blocked");
    case AuthorizationStatus::Expired: return QStringLiteral("Expired");
    case AuthorizationStatus::Invalid: return QStringLiteral("Invalid");
    case AuthorizationStatus::ConcurrentTx: return QStringLiteral("ConcurrentTx");
    }
    return QStringLiteral("Invalid");
}

ChargingSessions::ChargingSessions(Repository &repository, StationService &stations, const Clock &clock,
                                   QObject *parent)
    : QObject(parent)
    , m_repository(repository)
    , m_stations(stations)
    , m_clock(clock)
{}

double ChargingSessions::toBaseUnit(double value, const QString &unit)
{
    if (unit == QLatin1String("kWh") || unit == QLatin1String("kW") || unit == QLatin1String("kvarh") ||
        unit == QLatin1String("kvar") || unit == QLatin1String("kVA"))
        return value * 1000.0;
    return value;
}

Authorization ChargingSessions::authorize(const QString &idToken)
{
    Authorization result;
    auto devices =
        m_repository.list(Actor::system(), Tables::IdDevices, where({{QStringLiteral("identifier"), idToken}}));
    if (!devices || devices.value().isEmpty())
        return result;
    const Record device = devices.value().first();
    result.deviceId = device.value(QStringLiteral("id")).toLongLong();
    result.customerId = device.value(QStringLiteral("customer_id")).toLongLong();
    if (!device.value(QStringLiteral("expires_at")).isNull())
        result.expiresAt =
            QDateTime::fromMSecsSinceEpoch(device.value(QStringLiteral("expires_at")).toLongLong(), Qt::UTC);
    if (device.value(QStringLiteral("status")).toString() == QLatin1String("blocked")) {
        result.status = AuthorizationStatus::Blocked;
        return result;
    }
    if (result.expiresAt.isValid() && result.expiresAt <= m_clock.now()) {
        result.status = AuthorizationStatus::Expired;
        return result;
    }
    if (result.customerId == 0)
        return result; // a device nobody owns authorizes nobody
    auto customer = m_repository.get(Actor::system(), Tables::Customers, result.customerId);
    if (!customer || customer.value().value(QStringLiteral("status")).toString() != QLatin1String("active")) {
        result.status = AuthorizationStatus::Blocked;
        return result;
    }
    result.status = AuthorizationStatus::Accepted;
    return result;
}

Result<StartedTransaction> ChargingSessions::start(const TransactionStart &request)
{
    StartedTransaction started;
    started.authorization = request.idToken.isEmpty() ? Authorization{} : authorize(request.idToken);
    Status s = m_repository.database().transaction([&]() -> Status {
        auto connector =
            m_stations.connectorFor(request.where.stationId, request.where.evseId, request.where.connectorNumber);
        if (!connector)
            return connector.error();
        if (started.authorization.status == AuthorizationStatus::Accepted) {
            ListQuery active = where({{QStringLiteral("customer_id"), started.authorization.customerId},
                                      {QStringLiteral("status"), QStringLiteral("in_progress")}});
            if (auto n = m_repository.count(Actor::system(), Tables::Sessions, active); n && n.value() > 0)
                started.authorization.status = AuthorizationStatus::ConcurrentTx;
        }
        const bool accepted = started.authorization.status == AuthorizationStatus::Accepted;
        const bool known = started.authorization.customerId != 0;
        // A charger that starts without asking anyone is recorded as public and free; a
        // refused start is kept when we know whose it was.
        QString mode = known ? QStringLiteral("customer") : QStringLiteral("public_free");
        const QString status = accepted || !known ? QStringLiteral("in_progress") : QStringLiteral("refused");
        const qint64 at = request.at.isValid() ? request.at.toMSecsSinceEpoch() : m_clock.nowMs();
        Record values{{QStringLiteral("code"), QUuid::createUuid().toString(QUuid::WithoutBraces)},
                      {QStringLiteral("status"), status},
                      {QStringLiteral("authorization_mode"), mode},
                      {QStringLiteral("connector_id"), connector.value()},
                      {QStringLiteral("started_at"), at},
                      {QStringLiteral("last_event_at"), m_clock.nowMs()}};
        if (known)
            values.insert(QStringLiteral("customer_id"), started.authorization.customerId);
        if (started.authorization.deviceId)
            values.insert(QStringLiteral("id_device_id"), started.authorization.deviceId);
        if (!request.idToken.isEmpty()) {
            values.insert(QStringLiteral("id_token"), request.idToken);
            values.insert(QStringLiteral("id_token_type"), request.idTokenType);
        }
        if (request.meterStartWh) {
            values.insert(QStringLiteral("meter_start_wh"), *request.meterStartWh);
            values.insert(QStringLiteral("energy_baseline_wh"), double(*request.meterStartWh));
        }
        values.insert(QStringLiteral("last_valid_energy_at"), at);
        // The duration clock starts in the status the connector is in now.
        auto connectorStatus = m_repository.database().exec(
            QStringLiteral("SELECT status FROM connectors WHERE id = ?"), {connector.value()});
        if (!connectorStatus)
            return connectorStatus.error();
        if (connectorStatus.value().next() && !connectorStatus.value().value(0).isNull())
            values.insert(QStringLiteral("scope_status"), connectorStatus.value().value(0).toString());
        values.insert(QStringLiteral("scope_since"), at);
        if (!request.transactionId.isEmpty())
            values.insert(QStringLiteral("transaction_id"), request.transactionId);
        auto id = m_repository.create(Actor::system(), Tables::Sessions, values);
        if (!id)
            return id.error();
        started.sessionId = id.value();
        started.transactionId = request.transactionId.isEmpty() ? QString::number(id.value()) : request.transactionId;
        if (request.transactionId.isEmpty()) {
            if (Status u = m_repository.update(Actor::system(), Tables::Sessions, id.value(),
                                               {{QStringLiteral("transaction_id"), started.transactionId}});
                !u)
                return u;
        }
        auto event =
            m_repository.create(Actor::system(), Tables::SessionEvents,
                                {{QStringLiteral("session_id"), id.value()},
                                 {QStringLiteral("at"), at},
                                 {QStringLiteral("status"), status},
                                 {QStringLiteral("reason"), authorizationStatusName(started.authorization.status)}});
        if (!event)
            return event.error();
        // The start reading is kept with the session's other readings.
        QList<MeterSample> samples = request.samples;
        const bool hasBegin = std::any_of(samples.cbegin(), samples.cend(), [](const MeterSample &m) {
            return isEnergyRegister(m) && scopeOf(m) == ReadingScope::Start;
        });
        if (request.meterStartWh && !hasBegin)
            samples.prepend(MeterSample{QDateTime::fromMSecsSinceEpoch(at, Qt::UTC),
                                        EnergyRegister,
                                        {},
                                        QStringLiteral("Wh"),
                                        QStringLiteral("Transaction.Begin"),
                                        double(*request.meterStartWh)});
        if (samples.isEmpty())
            return Ok{};
        auto ref = sessionRef(QStringLiteral("s.id = ?"), {id.value()});
        if (!ref)
            return ref.error();
        Latest latest;
        return recordSamples(connector.value(), &ref.value(), samples, latest);
    });
    if (!s)
        return s.error();
    emit sessionChanged(started.sessionId);
    return started;
}

auto ChargingSessions::findTransaction(qint64 stationId, const QString &transactionId) -> Result<TransactionRef>
{
    // The transaction id is unique per station; the station is reached through the connector.
    return sessionRef(QStringLiteral("ch.station_id = ? AND s.transaction_id = ?"), {stationId, transactionId});
}

auto ChargingSessions::sessionRef(const QString &condition, const QVariantList &bindings) -> Result<TransactionRef>
{
    auto q = m_repository.database().exec(
        QStringLiteral("SELECT s.id, s.connector_id, s.status, s.energy_baseline_wh, s.last_valid_energy_at, "
                       "s.energy_wh, s.energy_reading_type, c.wattage_limit_w, s.scope_status, s.scope_since, "
                       "s.charge_s, s.park_s, s.fault_s, s.reservation_s FROM sessions s "
                       "JOIN connectors c ON c.id = s.connector_id JOIN chargers ch ON ch.id = c.charger_id "
                       "WHERE %1 ORDER BY s.id DESC LIMIT 1")
            .arg(condition),
        bindings);
    if (!q)
        return q.error();
    Rows &row = q.value();
    if (!row.next())
        return Error::notFound(tr("Transaction %1").arg(bindings.value(1).toString()));
    TransactionRef ref;
    ref.sessionId = row.value(0).toLongLong();
    ref.connectorId = row.value(1).toLongLong();
    ref.closed = row.value(2).toString() == QLatin1String("closed");
    if (!row.value(3).isNull())
        ref.track.startWh = row.value(3).toDouble();
    if (!row.value(4).isNull())
        ref.track.lastValidAtMs = row.value(4).toLongLong();
    ref.track.energyWh = row.value(5).toDouble();
    ref.track.type = energyReadingTypeFromName(row.value(6).toString());
    if (!row.value(7).isNull() && row.value(7).toLongLong() > 0)
        ref.capabilityW = row.value(7).toDouble();
    ref.scopeStatus = row.value(8).toString();
    ref.scopeSinceMs = row.value(9).toLongLong();
    ref.times = {row.value(10).toLongLong(), row.value(11).toLongLong(), row.value(12).toLongLong(),
                 row.value(13).toLongLong()};
    return ref;
}

std::optional<qint64> ChargingSessions::energyRegister(const QList<MeterSample> &samples)
{
    std::optional<qint64> latest;
    QDateTime latestAt;
    for (const MeterSample &s : samples) {
        if (s.measurand == EnergyRegister && s.phase.isEmpty() && (!latestAt.isValid() || s.at >= latestAt)) {
            latest = std::llround(s.value);
            latestAt = s.at;
        }
    }
    return latest;
}

Status ChargingSessions::recordSamples(qint64 connectorId, TransactionRef *session, const QList<MeterSample> &samples,
                                       Latest &latest)
{
    Database &db = m_repository.database();
    const QVariant sessionId = session ? QVariant(session->sessionId) : QVariant(QMetaType::fromType<qlonglong>());
    const QVariant noText(QMetaType::fromType<QString>());
    const qint64 now = m_clock.nowMs();
    // Readings older than the session's last valid one describe a moment already accounted for.
    const qint64 validSince =
        session && session->track.lastValidAtMs ? *session->track.lastValidAtMs : std::numeric_limits<qint64>::min();
    for (const MeterSample &sample : samples) {
        const qint64 at = sample.at.isValid() ? sample.at.toMSecsSinceEpoch() : now;
        QString reason;
        if (session && isEnergyRegister(sample)) {
            const ReadingScope scope = scopeOf(sample);
            const EnergyCheck check = checkEnergyReading(session->track, scope, at, sample.value, session->capabilityW);
            session->track = advance(session->track, scope, at, sample.value, check);
            reason = discardReason(check.verdict);
        } else if (at < validSince) {
            reason = discardReason(EnergyVerdict::Stale);
        } else if (session && sample.phase.isEmpty()) {
            if (sample.measurand == QLatin1String("Power.Active.Import"))
                latest.powerW = qlonglong(std::llround(sample.value));
            else if (sample.measurand == QLatin1String("SoC"))
                latest.socPercent = qlonglong(std::clamp<qint64>(std::llround(sample.value), 0, 100));
        }
        auto inserted = db.exec(
            QStringLiteral("INSERT INTO meter_values (connector_id, session_id, measured_at, received_at, measurand, "
                           "phase, unit, context, value, valid, discard_reason) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
            {connectorId, sessionId, at, now, sample.measurand,
             sample.phase.isEmpty() ? noText : QVariant(sample.phase),
             sample.unit.isEmpty() ? noText : QVariant(sample.unit),
             sample.context.isEmpty() ? noText : QVariant(sample.context), sample.value, reason.isEmpty() ? 1 : 0,
             reason.isEmpty() ? noText : QVariant(reason)});
        if (!inserted)
            return inserted.error();
    }
    return Ok{};
}

Status ChargingSessions::meterValues(const ConnectorRef &where, const QString &transactionId,
                                     const QList<MeterSample> &samples)
{
    // The busiest path of a charging network: prepared statements only, no generic record
    // handling. The values come from a schema-checked report and the references were just
    // looked up, so the repository's checks would only repeat what is known.
    Database &db = m_repository.database();
    qint64 sessionId = 0;
    Status s = db.transaction([&]() -> Status {
        auto connector = m_stations.connectorFor(where.stationId, where.evseId, where.connectorNumber);
        if (!connector)
            return connector.error();
        std::optional<TransactionRef> session;
        if (!transactionId.isEmpty()) {
            auto found = findTransaction(where.stationId, transactionId);
            if (!found && found.error().kind() != Error::Kind::NotFound)
                return found.error();
            if (found)
                session = found.value();
        }
        Latest latest;
        if (Status r = recordSamples(connector.value(), session ? &*session : nullptr, samples, latest); !r)
            return r;
        if (!session)
            return Ok{};
        sessionId = session->sessionId;
        const EnergyTrack &t = session->track;
        const qint64 now = m_clock.nowMs();
        auto updated =
            db.exec(QStringLiteral("UPDATE sessions SET last_event_at = ?, energy_wh = ?, energy_baseline_wh = ?, "
                                   "last_valid_energy_at = ?, energy_reading_type = ?, power_w = COALESCE(?, power_w), "
                                   "soc_percent = COALESCE(?, soc_percent), updated_at = ? WHERE id = ?"),
                    {now, qlonglong(std::llround(t.energyWh)), nullable(t.startWh), nullable(t.lastValidAtMs),
                     energyReadingTypeName(t.type).isEmpty() ? QVariant(QMetaType::fromType<QString>())
                                                             : QVariant(energyReadingTypeName(t.type)),
                     latest.powerW.isValid() ? latest.powerW : QVariant(QMetaType::fromType<qlonglong>()),
                     latest.socPercent.isValid() ? latest.socPercent : QVariant(QMetaType::fromType<qlonglong>()), now,
                     sessionId});
        if (!updated)
            return updated.error();
        return Ok{};
    });
    if (s && sessionId)
        emit sessionChanged(sessionId);
    return s;
}

Status ChargingSessions::connectorStatus(const ConnectorRef &where, const QString &status, const QDateTime &at)
{
    Database &db = m_repository.database();
    QList<qint64> changed;
    Status s = db.transaction([&]() -> Status {
        auto connector = m_stations.connectorFor(where.stationId, where.evseId, where.connectorNumber);
        if (!connector)
            return connector.error();
        auto active =
            db.exec(QStringLiteral(
                        "SELECT id, scope_status, scope_since, charge_s, park_s, fault_s, reservation_s FROM sessions "
                        "WHERE connector_id = ? AND status IN ('in_progress', 'reserved', 'limit_reached', "
                        "'closing')"),
                    {connector.value()});
        if (!active)
            return active.error();
        struct Move
        {
            qint64 id;
            DurationTimes times;
            qint64 since;
            QString status;
        };
        QList<Move> moves;
        const qint64 atMs = at.isValid() ? at.toMSecsSinceEpoch() : m_clock.nowMs();
        for (Rows &r = active.value(); r.next();) {
            Move m{r.value(0).toLongLong(),
                   {r.value(3).toLongLong(), r.value(4).toLongLong(), r.value(5).toLongLong(), r.value(6).toLongLong()},
                   r.value(2).toLongLong(),
                   status};
            accumulate(m.times, r.value(1).toString(), m.since, atMs);
            if (atMs < m.since) // a late report does not turn the clock back
                m.status = r.value(1).toString();
            m.since = std::max(m.since, atMs);
            moves << m;
        }
        for (const Move &m : std::as_const(moves)) {
            auto updated = db.exec(QStringLiteral("UPDATE sessions SET charge_s = ?, park_s = ?, fault_s = ?, "
                                                  "reservation_s = ?, scope_status = ?, scope_since = ?, "
                                                  "updated_at = ? WHERE id = ?"),
                                   {m.times.chargeS, m.times.parkS, m.times.faultS, m.times.reservationS, m.status,
                                    m.since, m_clock.nowMs(), m.id});
            if (!updated)
                return updated.error();
            changed << m.id;
        }
        return Ok{};
    });
    if (s) {
        for (qint64 id : std::as_const(changed))
            emit sessionChanged(id);
    }
    return s;
}

Status ChargingSessions::stop(qint64 stationId, const QString &transactionId, std::optional<qint64> meterStopWh,
                              const QDateTime &at, const QString &reason, const QList<MeterSample> &samples)
{
    qint64 sessionId = 0;
    Status s = m_repository.database().transaction([&]() -> Status {
        auto session = findTransaction(stationId, transactionId);
        if (!session)
            return session.error();
        TransactionRef &ref = session.value();
        sessionId = ref.sessionId;
        // A repeated stop (a charger replaying its queue) changes nothing.
        if (ref.closed)
            return Ok{};
        const qint64 endedAt = at.isValid() ? at.toMSecsSinceEpoch() : m_clock.nowMs();
        // The stop reading is judged like every other; the 1.6 meterStop is one more reading.
        QList<MeterSample> readings = samples;
        const bool hasEnd = std::any_of(readings.cbegin(), readings.cend(), [](const MeterSample &m) {
            return isEnergyRegister(m) && scopeOf(m) == ReadingScope::Stop;
        });
        if (meterStopWh && !hasEnd)
            readings << MeterSample{QDateTime::fromMSecsSinceEpoch(endedAt, Qt::UTC),
                                    EnergyRegister,
                                    {},
                                    QStringLiteral("Wh"),
                                    QStringLiteral("Transaction.End"),
                                    double(*meterStopWh)};
        if (!meterStopWh)
            meterStopWh = energyRegister(samples);
        Latest latest;
        if (Status r = recordSamples(ref.connectorId, &ref, readings, latest); !r)
            return r;
        const EnergyTrack &t = ref.track;
        DurationTimes times = ref.times;
        accumulate(times, ref.scopeStatus, ref.scopeSinceMs, endedAt);
        Record changes{{QStringLiteral("status"), QStringLiteral("closed")},
                       {QStringLiteral("charge_s"), times.chargeS},
                       {QStringLiteral("park_s"), times.parkS},
                       {QStringLiteral("fault_s"), times.faultS},
                       {QStringLiteral("reservation_s"), times.reservationS},
                       {QStringLiteral("scope_since"), std::max(endedAt, ref.scopeSinceMs)},
                       {QStringLiteral("ended_at"), endedAt},
                       {QStringLiteral("charging_ended_at"), endedAt},
                       {QStringLiteral("last_event_at"), m_clock.nowMs()},
                       {QStringLiteral("stop_reason"), reason},
                       {QStringLiteral("power_w"), 0},
                       {QStringLiteral("energy_wh"), qlonglong(std::llround(t.energyWh))},
                       {QStringLiteral("energy_baseline_wh"), nullable(t.startWh)},
                       {QStringLiteral("last_valid_energy_at"), nullable(t.lastValidAtMs)}};
        if (t.type != EnergyReadingType::Unknown)
            changes.insert(QStringLiteral("energy_reading_type"), energyReadingTypeName(t.type));
        if (meterStopWh) // as the charger reported it, valid or not
            changes.insert(QStringLiteral("meter_stop_wh"), *meterStopWh);
        if (Status u = m_repository.update(Actor::system(), Tables::Sessions, sessionId, changes); !u)
            return u;
        auto event = m_repository.create(Actor::system(), Tables::SessionEvents,
                                         {{QStringLiteral("session_id"), sessionId},
                                          {QStringLiteral("at"), endedAt},
                                          {QStringLiteral("status"), QStringLiteral("closed")},
                                          {QStringLiteral("reason"), reason}});
        if (!event)
            return event.error();
        return Ok{};
    });
    if (s && sessionId)
        emit sessionChanged(sessionId);
    return s;
}

} // namespace ChargeDesk::Core
