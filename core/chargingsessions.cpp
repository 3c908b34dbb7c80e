#include "core/chargingsessions.h"

#include "core/chargingprofiles.h"
#include "core/stationservice.h"

#include "core/sessionpolicy.h"

#include <QUuid>

#include <algorithm>
#include <cmath>
#include <limits>

namespace ChargeDesk::Core {

namespace {

const QString EnergyRegister = QStringLiteral("Energy.Active.Import.Register");

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

DurationTimes durationsAt(const Record &session, qint64 nowMs)
{
    DurationTimes times{.chargeS = session.value(QStringLiteral("charge_s")).toLongLong(),
                        .parkS = session.value(QStringLiteral("park_s")).toLongLong(),
                        .faultS = session.value(QStringLiteral("fault_s")).toLongLong(),
                        .reservationS = session.value(QStringLiteral("reservation_s")).toLongLong()};
    const QVariant since = session.value(QStringLiteral("scope_since"));
    if (OpenSessionStatuses.contains(session.value(QStringLiteral("status")).toString()) && !since.isNull())
        accumulate(times, session.value(QStringLiteral("scope_status")).toString(), since.toLongLong(), nowMs);
    return times;
}

QString openStatusCondition(const QString &column)
{
    QStringList quoted;
    for (const QString &status : OpenSessionStatuses)
        quoted << QLatin1Char('\'') + status + QLatin1Char('\'');
    return column + QStringLiteral(" IN (") + quoted.join(QStringLiteral(", ")) + QLatin1Char(')');
}

ChargingSessions::ChargingSessions(Repository &repository, StationService &stations, const Clock &clock,
                                   QObject *parent)
    : QObject(parent)
    , m_repository(repository)
    , m_stations(stations)
    , m_clock(clock)
    , m_authorizer(repository, clock)
    , m_settlement(repository, clock)
{
    connect(&m_settlement, &Settlement::sessionChanged, this, &ChargingSessions::sessionChanged);
}

double ChargingSessions::toBaseUnit(double value, const QString &unit)
{
    if (unit == QLatin1String("kWh") || unit == QLatin1String("kW") || unit == QLatin1String("kvarh") ||
        unit == QLatin1String("kvar") || unit == QLatin1String("kVA"))
        return value * 1000.0;
    return value;
}

Authorization ChargingSessions::authorize(const QString &idToken, qint64 stationId)
{
    return m_authorizer.authorize(idToken, stationId);
}

Authorization ChargingSessions::authorizeTransaction(qint64 stationId, const QString &transactionId,
                                                     const QString &idToken, const QString &idTokenType)
{
    Authorization auth = m_authorizer.authorize(idToken, stationId);
    Changes changes;
    Status s = m_repository.database().transaction([&]() -> Status {
        auto session = findTransaction(stationId, transactionId);
        if (!session)
            return session.error().kind() == Error::Kind::NotFound ? Status(Ok{}) : Status(session.error());
        const TransactionRef &ref = session.value();
        if (!ref.open() || ref.customerId != 0 || !auth.accepted())
            return Ok{};
        auto open = m_repository.database().exec(
            QStringLiteral("SELECT 1 FROM sessions WHERE customer_id = ? AND id <> ? AND ") + openStatusCondition(),
            {auth.customerId, ref.sessionId});
        if (!open)
            return open.error();
        if (open.value().next()) {
            auth.status = AuthorizationStatus::ConcurrentTx;
            return Ok{};
        }
        Record values{{QStringLiteral("customer_id"), auth.customerId},
                      {QStringLiteral("authorization_mode"), QStringLiteral("customer")},
                      {QStringLiteral("id_token"), idToken},
                      {QStringLiteral("id_token_type"), idTokenType}};
        if (auth.deviceId)
            values.insert(QStringLiteral("id_device_id"), auth.deviceId);
        if (Status u = m_repository.update(Actor::system(), Tables::Sessions, ref.sessionId, values); !u)
            return u;
        changes.changed << ref.sessionId;
        return addEvent(ref.sessionId, m_clock.nowMs(), ref.status, tr("Authorized during the transaction"));
    });
    if (!s)
        qWarning("transaction %s: authorization not recorded: %s", qPrintable(transactionId),
                 qPrintable(s.error().message()));
    else
        announce(changes);
    return auth;
}

Status ChargingSessions::addEvent(qint64 sessionId, qint64 at, const QString &status, const QString &reason)
{
    auto event = m_repository.create(Actor::system(), Tables::SessionEvents,
                                     {{QStringLiteral("session_id"), sessionId},
                                      {QStringLiteral("at"), at},
                                      {QStringLiteral("status"), status},
                                      {QStringLiteral("reason"), reason}});
    return event ? Status(Ok{}) : Status(event.error());
}

void ChargingSessions::announce(const Changes &changes)
{
    for (qint64 id : changes.changed) {
        // Live lists and session views follow rowChanged; meter values update the session
        // row with their own statement, which the repository does not see.
        m_repository.announce(Tables::Sessions, id, Repository::Change::Updated);
        emit sessionChanged(id);
    }
    for (qint64 id : changes.billing)
        m_settlement.bill(id);
    for (qint64 id : changes.stops)
        emit stopRequested(id);
}

Result<StartedTransaction> ChargingSessions::start(const TransactionStart &request)
{
    StartedTransaction started;
    started.authorization = m_authorizer.authorize(request.idToken, request.where.stationId);
    Changes changes;
    Status s = m_repository.database().transaction([&]() -> Status {
        auto connector =
            m_stations.connectorFor(request.where.stationId, request.where.evseId, request.where.connectorNumber);
        if (!connector)
            return connector.error();
        const StartMoment when{request.at.isValid() ? request.at.toMSecsSinceEpoch() : m_clock.nowMs(),
                               m_clock.nowMs()};

        // A charger repeating a start it already made (2.0.1 names its transactions).
        if (!request.transactionId.isEmpty()) {
            auto known = findTransaction(request.where.stationId, request.transactionId);
            if (known) {
                started.sessionId = known.value().sessionId;
                started.transactionId = request.transactionId;
                return Ok{};
            }
            if (known.error().kind() != Error::Kind::NotFound)
                return known.error();
        }

        auto prepared = preparedSession(connector.value(), request, started.authorization.customerId);
        if (!prepared)
            return prepared.error();
        std::optional<TransactionRef> reactivated;
        if (!prepared.value() && !request.idToken.isEmpty()) {
            auto closed = closedTooEarly(request);
            if (!closed)
                return closed.error();
            reactivated = closed.value();
        }
        const qint64 preparedId = prepared.value() ? prepared.value()->sessionId : 0;
        if (Status c = closeSuperseded(connector.value(), preparedId, when.atMs, changes); !c)
            return c;
        bool reactivatedNow = false;
        if (reactivated) {
            auto r = reactivate(*reactivated, changes);
            if (!r)
                return r.error();
            reactivatedNow = r.value();
        }

        auto values = startValues(request, connector.value(), when);
        if (!values)
            return values.error();
        Result<StartedSession> session =
            prepared.value()
                ? takeOverPrepared(*prepared.value(), request, values.value(), when, started.authorization, changes)
            : reactivatedNow
                ? resumeReactivated(*reactivated, request, values.value(), when, started.authorization, changes)
                : openSession(values.value(), when, started.authorization);
        if (!session)
            return session.error();
        const qint64 sessionId = session.value().sessionId;
        started.sessionId = sessionId;
        started.transactionId = request.transactionId.isEmpty() ? QString::number(sessionId) : request.transactionId;
        if (request.transactionId.isEmpty()) {
            auto tx =
                m_repository.database().exec(QStringLiteral("UPDATE sessions SET transaction_id = ? WHERE id = ?"),
                                             {started.transactionId, sessionId});
            if (!tx)
                return tx.error();
        }
        if (Status e = addEvent(sessionId, when.atMs, session.value().status, session.value().reason); !e)
            return e;
        changes.changed << sessionId;
        return recordStartReading(request, connector.value(), sessionId, when.atMs);
    });
    if (!s)
        return s.error();
    announce(changes);
    return started;
}

Result<std::optional<ChargingSessions::TransactionRef>>
ChargingSessions::preparedSession(qint64 connectorId, const TransactionStart &request, qint64 customerId)
{
    // A remote start's or a reservation's session, on this connector or, for a reservation of
    // the whole charger, on another of its connectors.
    auto prepared =
        sessionRef(QStringLiteral("ch.id = (SELECT charger_id FROM connectors WHERE id = ?) AND s.status IN ('ready', "
                                  "'reserved') AND ((s.id_token = ? AND s.id_token <> '') OR s.customer_id = ? OR "
                                  "s.reservation_id IN (SELECT id FROM reservations WHERE ocpp_reservation_id = ?))"),
                   {connectorId, request.idToken, customerId,
                    request.reservationId ? QVariant(*request.reservationId) : QVariant(QMetaType::fromType<int>())});
    if (prepared)
        return std::optional<TransactionRef>(prepared.value());
    if (prepared.error().kind() != Error::Kind::NotFound)
        return prepared.error();
    return std::optional<TransactionRef>();
}

Result<std::optional<ChargingSessions::TransactionRef>>
ChargingSessions::closedTooEarly(const TransactionStart &request)
{
    auto closed =
        sessionRef(QStringLiteral("ch.station_id = ? AND s.id_token = ? AND COALESCE(s.id_token_type, '') = ? AND "
                                  "s.customer_id IS NOT NULL AND s.stop_reported = 0 AND s.status IN ('closed', "
                                  "'rating_failed', 'billing_failed') AND s.transaction_id IS NULL"),
                   {request.where.stationId, request.idToken, request.idTokenType});
    if (closed)
        return std::optional<TransactionRef>(closed.value());
    if (closed.error().kind() != Error::Kind::NotFound)
        return closed.error();
    return std::optional<TransactionRef>();
}

Status ChargingSessions::closeSuperseded(qint64 connectorId, qint64 keptSessionId, qint64 atMs, Changes &changes)
{
    // A charger cannot run two transactions on one connector, so the older one lost its stop.
    auto stale = sessionRefs(QStringLiteral("s.connector_id = ? AND s.status IN ('in_progress', "
                                            "'limit_reached', 'closing') AND s.id <> ?"),
                             {connectorId, keptSessionId});
    if (!stale)
        return stale.error();
    for (TransactionRef &old : stale.value()) {
        if (Status c = close(old, std::max(atMs, old.scopeSinceMs), tr("Superseded by a new transaction"), changes); !c)
            return c;
    }
    return Ok{};
}

Result<Record> ChargingSessions::startValues(const TransactionStart &request, qint64 connectorId,
                                             const StartMoment &when)
{
    Record values{{QStringLiteral("started_at"), when.atMs},
                  {QStringLiteral("last_event_at"), when.nowMs},
                  {QStringLiteral("connector_id"), connectorId},
                  {QStringLiteral("last_valid_energy_at"), when.atMs}};
    if (request.meterStartWh) {
        values.insert(QStringLiteral("meter_start_wh"), *request.meterStartWh);
        values.insert(QStringLiteral("energy_baseline_wh"), double(*request.meterStartWh));
    }
    // The duration clock starts in the status the connector is in now.
    auto connectorStatus =
        m_repository.database().exec(QStringLiteral("SELECT status FROM connectors WHERE id = ?"), {connectorId});
    if (!connectorStatus)
        return connectorStatus.error();
    if (connectorStatus.value().next() && !connectorStatus.value().value(0).isNull())
        values.insert(QStringLiteral("scope_status"), connectorStatus.value().value(0).toString());
    values.insert(QStringLiteral("scope_since"), when.atMs);
    if (!request.transactionId.isEmpty())
        values.insert(QStringLiteral("transaction_id"), request.transactionId);
    if (!request.idToken.isEmpty()) {
        values.insert(QStringLiteral("id_token"), request.idToken);
        values.insert(QStringLiteral("id_token_type"), request.idTokenType);
    }
    return values;
}

Result<ChargingSessions::StartedSession>
ChargingSessions::takeOverPrepared(const TransactionRef &ref, const TransactionStart &request, Record values,
                                   const StartMoment &when, Authorization &authorization, Changes &changes)
{
    StartedSession session{ref.sessionId, QStringLiteral("in_progress"), {}};
    // A reservation's time ends here; waiting for a remote start counts in no scope.
    DurationTimes times = ref.times;
    if (ref.status == QLatin1String("reserved"))
        accumulate(times, ref.scopeStatus, ref.scopeSinceMs, when.atMs);
    values.insert(QStringLiteral("reservation_s"), times.reservationS);
    values.insert(QStringLiteral("park_s"), times.parkS);
    values.insert(QStringLiteral("fault_s"), times.faultS);
    values.insert(QStringLiteral("charge_s"), times.chargeS);
    authorization = m_authorizer.authorizeCustomer(ref.customerId, request.where.stationId);
    authorization.deviceId = m_authorizer.authorize(request.idToken).deviceId;
    if (!authorization.accepted()) {
        // The customer may no longer charge (suspended, no credit since the request).
        session.status = QStringLiteral("limit_reached");
        values.insert(QStringLiteral("limit_reason"), limitReasonName(LimitReason::Resources));
        values.insert(QStringLiteral("stop_requested_at"), when.nowMs);
        changes.stops << ref.sessionId;
    }
    session.reason =
        ref.status == QLatin1String("reserved") ? tr("Started on the reservation") : tr("Started as requested");
    auto used = m_repository.database().exec(
        QStringLiteral("UPDATE reservations SET status = 'used', ended_at = ?, updated_at = ? "
                       "WHERE id = (SELECT reservation_id FROM sessions WHERE id = ?) AND status = 'active'"),
        {when.nowMs, when.nowMs, ref.sessionId});
    if (!used)
        return used.error();
    values.insert(QStringLiteral("status"), session.status);
    if (Status u = m_repository.update(Actor::system(), Tables::Sessions, ref.sessionId, values); !u)
        return u.error();
    return session;
}

Result<ChargingSessions::StartedSession>
ChargingSessions::resumeReactivated(const TransactionRef &ref, const TransactionStart &request, Record values,
                                    const StartMoment &when, Authorization &authorization, Changes &changes)
{
    // A Ready session the central side closed before this start arrived: it never had a
    // transaction, so this start is its start.
    StartedSession session{ref.sessionId, ref.status, tr("Reactivated by a start")};
    authorization = m_authorizer.authorizeCustomer(ref.customerId, request.where.stationId);
    authorization.deviceId = m_authorizer.authorize(request.idToken).deviceId;
    if (!authorization.accepted() && session.status == QLatin1String("in_progress")) {
        session.status = QStringLiteral("limit_reached");
        values.insert(QStringLiteral("limit_reason"), limitReasonName(LimitReason::Resources));
        values.insert(QStringLiteral("stop_requested_at"), when.nowMs);
        changes.stops << ref.sessionId;
    }
    values.insert(QStringLiteral("status"), session.status);
    if (Status u = m_repository.update(Actor::system(), Tables::Sessions, ref.sessionId, values); !u)
        return u.error();
    return session;
}

Result<ChargingSessions::StartedSession> ChargingSessions::openSession(Record values, const StartMoment &when,
                                                                       Authorization &auth)
{
    if (auth.accepted()) {
        auto open = m_repository.database().exec(QStringLiteral("SELECT 1 FROM sessions WHERE customer_id = ? AND ") +
                                                     openStatusCondition(),
                                                 {auth.customerId});
        if (!open)
            return open.error();
        if (open.value().next())
            auth.status = AuthorizationStatus::ConcurrentTx;
    }
    const bool known = auth.customerId != 0;
    // A charger that starts without asking anyone is recorded as public and free; a refused
    // start is kept when we know whose it was.
    StartedSession session{0, auth.accepted() || !known ? QStringLiteral("in_progress") : QStringLiteral("refused"),
                           authorizationStatusName(auth.status)};
    values.insert(QStringLiteral("code"), QUuid::createUuid().toString(QUuid::WithoutBraces));
    values.insert(QStringLiteral("status"), session.status);
    values.insert(QStringLiteral("authorization_mode"),
                  known ? QStringLiteral("customer") : QStringLiteral("public_free"));
    if (known)
        values.insert(QStringLiteral("customer_id"), auth.customerId);
    if (auth.deviceId)
        values.insert(QStringLiteral("id_device_id"), auth.deviceId);
    if (session.status == QLatin1String("refused"))
        values.insert(QStringLiteral("ended_at"), when.atMs);
    auto id = m_repository.create(Actor::system(), Tables::Sessions, values);
    if (!id)
        return id.error();
    session.sessionId = id.value();
    return session;
}

Status ChargingSessions::recordStartReading(const TransactionStart &request, qint64 connectorId, qint64 sessionId,
                                            qint64 atMs)
{
    // The start reading is kept with the session's other readings.
    QList<MeterSample> samples = request.samples;
    const bool hasBegin = std::any_of(samples.cbegin(), samples.cend(), [](const MeterSample &m) {
        return isEnergyRegister(m) && scopeOf(m) == ReadingScope::Start;
    });
    if (request.meterStartWh && !hasBegin)
        samples.prepend(MeterSample{QDateTime::fromMSecsSinceEpoch(atMs, Qt::UTC),
                                    EnergyRegister,
                                    {},
                                    QStringLiteral("Wh"),
                                    QStringLiteral("Transaction.Begin"),
                                    double(*request.meterStartWh)});
    if (samples.isEmpty())
        return Ok{};
    auto ref = sessionRef(QStringLiteral("s.id = ?"), {sessionId});
    if (!ref)
        return ref.error();
    Latest latest;
    return recordSamples(connectorId, &ref.value(), samples, latest);
}

auto ChargingSessions::findTransaction(qint64 stationId, const QString &transactionId) -> Result<TransactionRef>
{
    // The transaction id is unique per station; the station is reached through the connector.
    return sessionRef(QStringLiteral("ch.station_id = ? AND s.transaction_id = ?"), {stationId, transactionId});
}

auto ChargingSessions::sessionRef(const QString &condition, const QVariantList &bindings) -> Result<TransactionRef>
{
    auto refs = sessionRefs(condition, bindings);
    if (!refs)
        return refs.error();
    if (refs.value().isEmpty())
        return Error::notFound(ChargingSessions::tr("Transaction %1").arg(bindings.value(1).toString()));
    return refs.value().first();
}

auto ChargingSessions::sessionRefs(const QString &condition, const QVariantList &bindings)
    -> Result<QList<TransactionRef>>
{
    auto q = m_repository.database().exec(
        QStringLiteral("SELECT s.id, s.connector_id, s.status, s.energy_baseline_wh, s.last_valid_energy_at, "
                       "s.energy_wh, s.energy_reading_type, c.wattage_limit_w, s.scope_status, s.scope_since, "
                       "s.charge_s, s.park_s, s.fault_s, s.reservation_s, s.customer_id, s.stop_reported, "
                       "s.created_at FROM sessions s "
                       "JOIN connectors c ON c.id = s.connector_id JOIN chargers ch ON ch.id = c.charger_id "
                       "WHERE %1 ORDER BY s.id DESC")
            .arg(condition),
        bindings);
    if (!q)
        return q.error();
    QList<TransactionRef> refs;
    for (Rows &row = q.value(); row.next();) {
        TransactionRef ref;
        ref.sessionId = row.value(0).toLongLong();
        ref.connectorId = row.value(1).toLongLong();
        ref.status = row.value(2).toString();
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
        ref.customerId = row.value(14).toLongLong();
        ref.stopReported = row.value(15).toLongLong() != 0;
        ref.createdAtMs = row.value(16).toLongLong();
        refs << ref;
    }
    return refs;
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
        // A charger that did not get our answer (we stopped after storing) sends the same
        // readings again: a reading no newer than the last valid one may be one we have.
        if (session && at <= validSince) {
            auto known =
                db.exec(QStringLiteral("SELECT 1 FROM meter_values WHERE session_id = ? AND measured_at = ? "
                                       "AND measurand = ? AND COALESCE(phase, '') = COALESCE(?, '') AND "
                                       "COALESCE(context, '') = COALESCE(?, '') AND value = ?"),
                        {session->sessionId, at, sample.measurand, sample.phase, sample.context, sample.value});
            if (!known)
                return known.error();
            if (known.value().next())
                continue;
        }
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
    Changes changes;
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
        // Reports about a session closed on the central side bring it back, when they may.
        if (session && !session->open() && !session->stopReported && session->status != QLatin1String("refused")) {
            if (auto r = reactivate(*session, changes); !r)
                return r.error();
        }
        Latest latest;
        if (Status r = recordSamples(connector.value(), session ? &*session : nullptr, samples, latest); !r)
            return r;
        // A session that stays over keeps what it was rated for; the readings are only kept.
        if (!session || !session->open())
            return Ok{};
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
                     session->sessionId});
        if (!updated)
            return updated.error();
        changes.changed << session->sessionId;
        return checkLimits(*session, changes);
    });
    if (s)
        announce(changes);
    return s;
}

Status ChargingSessions::checkLimits(TransactionRef &ref, Changes &changes)
{
    if (ref.status != QLatin1String("in_progress"))
        return Ok{};
    Database &db = m_repository.database();
    auto policy = sessionPolicy(m_repository, ref.connectorId);
    if (!policy)
        return policy.error();
    const RatingSettings &settings = policy.value().rating;
    auto profileLimit = sessionEnergyLimitWh(db, ref.connectorId);
    if (!profileLimit)
        return profileLimit.error();
    std::optional<qint64> balance;
    if (ref.customerId) {
        auto customer =
            db.exec(QStringLiteral("SELECT payment_type, balance_minor FROM customers WHERE id = ?"), {ref.customerId});
        if (!customer)
            return customer.error();
        if (customer.value().next() && customer.value().value(0).toString() == QLatin1String("prepaid"))
            balance = customer.value().value(1).toLongLong();
    } else if (settings.id == 0 && !profileLimit.value()) {
        return Ok{};
    }
    const qint64 now = m_clock.nowMs();
    DurationTimes times = ref.times;
    accumulate(times, ref.scopeStatus, ref.scopeSinceMs, std::max(now, ref.scopeSinceMs));
    const Usage usage{qint64(std::llround(ref.track.energyWh)), times.chargeS, times.parkS, times.reservationS, false};
    const bool charging = durationScopeOf(ref.scopeStatus) == DurationScope::Charge;
    const LimitReason reason =
        withProfileEnergyLimit(limitReached(settings, usage, charging, ref.customerId ? balance : std::nullopt),
                               settings, profileLimit.value(), usage.energyWh);
    if (reason == LimitReason::None)
        return Ok{};
    if (Status m = markStopRequestedIn(ref.sessionId, QStringLiteral("limit_reached"), limitReasonName(reason)); !m)
        return m;
    ref.status = QStringLiteral("limit_reached");
    changes.stops << ref.sessionId;
    return Ok{};
}

Status ChargingSessions::markStopRequestedIn(qint64 sessionId, const QString &status, const QString &reason)
{
    const qint64 now = m_clock.nowMs();
    auto updated = m_repository.database().exec(
        QStringLiteral("UPDATE sessions SET status = ?, limit_reason = ?, stop_requested_at = ?, updated_at = ? "
                       "WHERE id = ?"),
        {status, status == QLatin1String("limit_reached") ? QVariant(reason) : QVariant(QMetaType::fromType<QString>()),
         now, now, sessionId});
    if (!updated)
        return updated.error();
    return addEvent(sessionId, now, status, reason);
}

Status ChargingSessions::markStopRequested(qint64 sessionId, const QString &status, const QString &reason)
{
    Status s = m_repository.database().transaction([&]() -> Status {
        auto ref = sessionRef(QStringLiteral("s.id = ?"), {sessionId});
        if (!ref)
            return ref.error();
        if (!ref.value().open())
            return Error(Error::Kind::Conflict, tr("The session is not open."));
        return markStopRequestedIn(sessionId, status, reason);
    });
    if (s)
        emit sessionChanged(sessionId);
    return s;
}

Result<bool> ChargingSessions::reactivate(TransactionRef &ref, Changes &changes)
{
    auto policy = sessionPolicy(m_repository, ref.connectorId);
    if (!policy)
        return policy.error();
    const qint64 grace = policy.value().rating.reactivationGraceS;
    const qint64 now = m_clock.nowMs();
    if (grace > 0 && ref.createdAtMs + grace * 1000 < now)
        return false;
    Database &db = m_repository.database();
    // Not when the connector or the customer has moved on to another session.
    auto taken =
        db.exec(QStringLiteral("SELECT 1 FROM sessions WHERE id <> ? AND (connector_id = ? OR customer_id = ?) AND ") +
                    openStatusCondition(),
                {ref.sessionId, ref.connectorId, ref.customerId});
    if (!taken)
        return taken.error();
    if (taken.value().next())
        return false;
    // The rating is undone: the session will be rated again when it ends.
    auto charges = db.exec(QStringLiteral("SELECT customer_id, amount_minor FROM session_charges WHERE session_id = ?"),
                           {ref.sessionId});
    if (!charges)
        return charges.error();
    for (Rows &c = charges.value(); c.next();) {
        if (c.value(0).isNull())
            continue;
        auto refund = db.exec(QStringLiteral("UPDATE customers SET balance_minor = balance_minor + ? WHERE id = ? AND "
                                             "payment_type = 'prepaid'"),
                              {c.value(1), c.value(0)});
        if (!refund)
            return refund.error();
    }
    auto removed = db.exec(QStringLiteral("DELETE FROM session_charges WHERE session_id = ?"), {ref.sessionId});
    if (!removed)
        return removed.error();
    // The duration clock goes on from the close: the charger never stopped.
    auto reopened =
        db.exec(QStringLiteral("UPDATE sessions SET status = 'in_progress', ended_at = NULL, charging_ended_at = NULL, "
                               "stop_requested_at = NULL, stop_reason = NULL, amount_minor = 0, rated_at = NULL, "
                               "failure_reason = NULL, last_event_at = ?, updated_at = ? WHERE id = ?"),
                {now, now, ref.sessionId});
    if (!reopened)
        return reopened.error();
    ref.status = QStringLiteral("in_progress");
    changes.changed << ref.sessionId;
    // Whether the customer may go on is judged again; if not, the charger is asked to stop.
    if (ref.customerId && !m_authorizer.authorizeCustomer(ref.customerId, 0).accepted()) {
        if (Status m = markStopRequestedIn(ref.sessionId, QStringLiteral("limit_reached"),
                                           limitReasonName(LimitReason::Resources));
            !m)
            return m.error();
        ref.status = QStringLiteral("limit_reached");
        changes.stops << ref.sessionId;
    }
    if (Status e = addEvent(ref.sessionId, now, QStringLiteral("in_progress"),
                            tr("Reactivated: the charger still reports it"));
        !e)
        return e.error();
    return true;
}

Status ChargingSessions::close(TransactionRef &ref, qint64 endedAt, const QString &reason, Changes &changes)
{
    DurationTimes times = ref.times;
    if (ref.status != QLatin1String("ready")) // a session that never started took no time
        accumulate(times, ref.scopeStatus, ref.scopeSinceMs, endedAt);
    const qint64 now = m_clock.nowMs();
    auto updated = m_repository.database().exec(
        QStringLiteral("UPDATE sessions SET charge_s = ?, park_s = ?, fault_s = ?, reservation_s = ?, scope_since = ?, "
                       "ended_at = ?, charging_ended_at = COALESCE(charging_ended_at, ?), power_w = 0, "
                       "stop_reason = COALESCE(stop_reason, ?), last_event_at = ?, updated_at = ? WHERE id = ?"),
        {times.chargeS, times.parkS, times.faultS, times.reservationS, std::max(endedAt, ref.scopeSinceMs), endedAt,
         endedAt, reason, now, now, ref.sessionId});
    if (!updated)
        return updated.error();
    ref.times = times;
    auto outcome = m_settlement.rate(ref.sessionId);
    if (!outcome)
        return outcome.error();
    ref.status = QStringLiteral("closed");
    changes.changed << ref.sessionId;
    if (outcome.value() == Settlement::Outcome::BillingPending)
        changes.billing << ref.sessionId;
    return Ok{};
}

Status ChargingSessions::connectorStatus(const ConnectorRef &where, const QString &status, const QDateTime &at)
{
    Database &db = m_repository.database();
    Changes changes;
    Status s = db.transaction([&]() -> Status {
        auto connector = m_stations.connectorFor(where.stationId, where.evseId, where.connectorNumber);
        if (!connector)
            return connector.error();
        auto open = sessionRefs(QStringLiteral("s.connector_id = ? AND s.status IN ('in_progress', 'reserved', "
                                               "'limit_reached', 'closing')"),
                                {connector.value()});
        if (!open)
            return open.error();
        const qint64 atMs = at.isValid() ? at.toMSecsSinceEpoch() : m_clock.nowMs();
        if (status == QLatin1String("available")) {
            if (Status c = closeParked(connector.value(), atMs, changes); !c)
                return c;
        }
        for (TransactionRef &ref : open.value()) {
            if (ref.stopReported && status == QLatin1String("available"))
                continue; // closed just above
            DurationTimes times = ref.times;
            accumulate(times, ref.scopeStatus, ref.scopeSinceMs, atMs);
            // A late report does not turn the clock back.
            const QString scopeStatus = atMs < ref.scopeSinceMs ? ref.scopeStatus : status;
            auto updated = db.exec(QStringLiteral("UPDATE sessions SET charge_s = ?, park_s = ?, fault_s = ?, "
                                                  "reservation_s = ?, scope_status = ?, scope_since = ?, "
                                                  "updated_at = ? WHERE id = ?"),
                                   {times.chargeS, times.parkS, times.faultS, times.reservationS, scopeStatus,
                                    std::max(ref.scopeSinceMs, atMs), m_clock.nowMs(), ref.sessionId});
            if (!updated)
                return updated.error();
            // The connector's statuses are part of the session's history.
            if (scopeStatus != ref.scopeStatus) {
                if (Status e = addEvent(ref.sessionId, atMs, QStringLiteral("connector"), status); !e)
                    return e;
            }
            changes.changed << ref.sessionId;
            ref.times = times;
            ref.scopeStatus = scopeStatus;
            ref.scopeSinceMs = std::max(ref.scopeSinceMs, atMs);
            if (Status l = checkLimits(ref, changes); !l)
                return l;
        }
        return Ok{};
    });
    if (s)
        announce(changes);
    return s;
}

Status ChargingSessions::connectorReleased(const ConnectorRef &where, const QDateTime &at)
{
    Changes changes;
    Status s = m_repository.database().transaction([&]() -> Status {
        auto connector = m_stations.connectorFor(where.stationId, where.evseId, where.connectorNumber);
        if (!connector)
            return connector.error();
        return closeParked(connector.value(), at.isValid() ? at.toMSecsSinceEpoch() : m_clock.nowMs(), changes);
    });
    if (s)
        announce(changes);
    return s;
}

Status ChargingSessions::closeParked(qint64 connectorId, qint64 atMs, Changes &changes)
{
    auto parked = sessionRefs(QStringLiteral("s.connector_id = ? AND s.stop_reported = 1 AND s.status IN "
                                             "('in_progress', 'limit_reached', 'closing')"),
                              {connectorId});
    if (!parked)
        return parked.error();
    for (TransactionRef &ref : parked.value()) {
        if (Status c = close(ref, std::max(atMs, ref.scopeSinceMs), tr("Connector released"), changes); !c)
            return c;
    }
    return Ok{};
}

Status ChargingSessions::stop(qint64 stationId, const QString &transactionId, std::optional<qint64> meterStopWh,
                              const QDateTime &at, const QString &reason, const QList<MeterSample> &samples)
{
    Changes changes;
    Status s = m_repository.database().transaction([&]() -> Status {
        auto session = findTransaction(stationId, transactionId);
        if (!session)
            return session.error();
        TransactionRef &ref = session.value();
        // A repeated stop (a charger replaying its queue) changes nothing.
        if (ref.stopReported)
            return Ok{};
        const qint64 endedAt = at.isValid() ? at.toMSecsSinceEpoch() : m_clock.nowMs();
        const qint64 now = m_clock.nowMs();
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
        if (!ref.open()) {
            // Closed on the central side already and rated then: it keeps what it was rated
            // for; the charger's final readings are kept beside it.
            Record late{{QStringLiteral("stop_reported"), 1}, {QStringLiteral("last_event_at"), now}};
            if (meterStopWh)
                late.insert(QStringLiteral("meter_stop_wh"), *meterStopWh);
            if (Status u = m_repository.update(Actor::system(), Tables::Sessions, ref.sessionId, late); !u)
                return u;
            changes.changed << ref.sessionId;
            return addEvent(ref.sessionId, endedAt, ref.status, tr("Stop reported after closing: %1").arg(reason));
        }
        const EnergyTrack &t = ref.track;
        Record changed{{QStringLiteral("stop_reported"), 1},
                       {QStringLiteral("stop_reason"), reason},
                       {QStringLiteral("last_event_at"), now},
                       {QStringLiteral("power_w"), 0},
                       {QStringLiteral("energy_wh"), qlonglong(std::llround(t.energyWh))},
                       {QStringLiteral("energy_baseline_wh"), nullable(t.startWh)},
                       {QStringLiteral("last_valid_energy_at"), nullable(t.lastValidAtMs)}};
        if (t.type != EnergyReadingType::Unknown)
            changed.insert(QStringLiteral("energy_reading_type"), energyReadingTypeName(t.type));
        if (meterStopWh) // as the charger reported it, valid or not
            changed.insert(QStringLiteral("meter_stop_wh"), *meterStopWh);
        changed.insert(QStringLiteral("charging_ended_at"), endedAt);
        if (Status u = m_repository.update(Actor::system(), Tables::Sessions, ref.sessionId, changed); !u)
            return u;
        changes.changed << ref.sessionId;
        auto policy = sessionPolicy(m_repository, ref.connectorId);
        if (!policy)
            return policy.error();
        if (policy.value().rating.termination == RatingSettings::Termination::ParkingEnd &&
            durationScopeOf(ref.scopeStatus) != DurationScope::None && ref.scopeStatus != QLatin1String("available")) {
            // Parking end: the session goes on counting park time until the vehicle leaves.
            DurationTimes times = ref.times;
            accumulate(times, ref.scopeStatus, ref.scopeSinceMs, endedAt);
            auto parked = m_repository.database().exec(
                QStringLiteral("UPDATE sessions SET charge_s = ?, park_s = ?, fault_s = ?, reservation_s = ?, "
                               "scope_status = 'finishing', scope_since = ? WHERE id = ?"),
                {times.chargeS, times.parkS, times.faultS, times.reservationS, std::max(endedAt, ref.scopeSinceMs),
                 ref.sessionId});
            if (!parked)
                return parked.error();
            return addEvent(ref.sessionId, endedAt, ref.status, tr("Charging ended (%1); parking tracked").arg(reason));
        }
        return close(ref, endedAt, reason, changes);
    });
    if (s)
        announce(changes);
    return s;
}

Status ChargingSessions::finish(qint64 sessionId, const QString &reason)
{
    Changes changes;
    Status s = m_repository.database().transaction([&]() -> Status {
        auto ref = sessionRef(QStringLiteral("s.id = ?"), {sessionId});
        if (!ref)
            return ref.error();
        if (!ref.value().open())
            return Ok{};
        return close(ref.value(), std::max(m_clock.nowMs(), ref.value().scopeSinceMs), reason, changes);
    });
    if (s)
        announce(changes);
    return s;
}

Status ChargingSessions::refuse(qint64 sessionId, const QString &reason)
{
    const qint64 now = m_clock.nowMs();
    Status s = m_repository.database().transaction([&]() -> Status {
        auto updated = m_repository.database().exec(
            QStringLiteral("UPDATE sessions SET status = 'refused', ended_at = ?, stop_reported = 1, stop_reason = ?, "
                           "updated_at = ? WHERE id = ? AND status = 'ready'"),
            {now, reason, now, sessionId});
        if (!updated)
            return updated.error();
        if (updated.value().numRowsAffected() == 0)
            return Error(Error::Kind::Conflict, tr("Only a Ready session can be refused."));
        return addEvent(sessionId, now, QStringLiteral("refused"), reason);
    });
    if (s)
        emit sessionChanged(sessionId);
    return s;
}

Status ChargingSessions::retryRating(qint64 sessionId, RatingIdentifierMode mode, const QString &identifier)
{
    Changes changes;
    Status s = m_repository.database().transaction([&]() -> Status {
        auto ref = sessionRef(QStringLiteral("s.id = ?"), {sessionId});
        if (!ref)
            return ref.error();
        if (ref.value().status != QLatin1String("rating_failed"))
            return Error(Error::Kind::Conflict, tr("Only a session whose rating failed can be rated again."));
        auto outcome = m_settlement.rate(sessionId, mode, identifier);
        if (!outcome)
            return outcome.error();
        changes.changed << sessionId;
        if (outcome.value() == Settlement::Outcome::BillingPending)
            changes.billing << sessionId;
        return Ok{};
    });
    if (s)
        announce(changes);
    return s;
}

} // namespace ChargeDesk::Core
