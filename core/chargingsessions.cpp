#include "core/chargingsessions.h"

#include "core/stationservice.h"

#include <QUuid>

#include <cmath>

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
        if (request.meterStartWh)
            values.insert(QStringLiteral("meter_start_wh"), *request.meterStartWh);
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
        return Ok{};
    });
    if (!s)
        return s.error();
    emit sessionChanged(started.sessionId);
    return started;
}

auto ChargingSessions::findTransaction(qint64 stationId, const QString &transactionId) -> Result<TransactionRef>
{
    // The transaction id is unique per station; the station is reached through the connector.
    auto q = m_repository.database().exec(
        QStringLiteral("SELECT s.id, s.meter_start_wh FROM sessions s JOIN connectors c ON c.id = s.connector_id "
                       "JOIN chargers ch ON ch.id = c.charger_id WHERE ch.station_id = ? AND s.transaction_id = ? "
                       "ORDER BY s.id DESC LIMIT 1"),
        {stationId, transactionId});
    if (!q)
        return q.error();
    if (!q.value().next())
        return Error::notFound(tr("Transaction %1").arg(transactionId));
    TransactionRef ref{q.value().value(0).toLongLong(), std::nullopt};
    if (!q.value().value(1).isNull())
        ref.meterStartWh = q.value().value(1).toLongLong();
    return ref;
}

Result<Record> ChargingSessions::sessionByTransaction(qint64 stationId, const QString &transactionId)
{
    auto ref = findTransaction(stationId, transactionId);
    if (!ref)
        return ref.error();
    return m_repository.get(Actor::system(), Tables::Sessions, ref.value().sessionId);
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
        std::optional<qint64> meterStart;
        if (!transactionId.isEmpty()) {
            auto found = findTransaction(where.stationId, transactionId);
            if (!found && found.error().kind() != Error::Kind::NotFound)
                return found.error();
            if (found) {
                sessionId = found.value().sessionId;
                meterStart = found.value().meterStartWh;
            }
        }
        const QVariant session = sessionId ? QVariant(sessionId) : QVariant(QMetaType::fromType<qlonglong>());
        const QVariant noText(QMetaType::fromType<QString>());
        const qint64 now = m_clock.nowMs();
        for (const MeterSample &sample : samples) {
            auto inserted =
                db.exec(QStringLiteral(
                            "INSERT INTO meter_values (connector_id, session_id, measured_at, received_at, measurand, "
                            "phase, unit, context, value) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                        {connector.value(), session, sample.at.isValid() ? sample.at.toMSecsSinceEpoch() : now, now,
                         sample.measurand, sample.phase.isEmpty() ? noText : QVariant(sample.phase),
                         sample.unit.isEmpty() ? noText : QVariant(sample.unit),
                         sample.context.isEmpty() ? noText : QVariant(sample.context), sample.value});
            if (!inserted)
                return inserted.error();
        }
        if (!sessionId)
            return Ok{};
        QVariant energy(QMetaType::fromType<qlonglong>());
        if (const auto meter = energyRegister(samples); meter && meterStart && *meter >= *meterStart)
            energy = *meter - *meterStart;
        QVariant power(QMetaType::fromType<qlonglong>());
        QVariant soc(QMetaType::fromType<qlonglong>());
        for (const MeterSample &sample : samples) {
            if (sample.measurand == QLatin1String("Power.Active.Import") && sample.phase.isEmpty())
                power = qlonglong(std::llround(sample.value));
            if (sample.measurand == QLatin1String("SoC"))
                soc = qlonglong(std::clamp<qint64>(std::llround(sample.value), 0, 100));
        }
        auto updated =
            db.exec(QStringLiteral("UPDATE sessions SET last_event_at = ?, energy_wh = COALESCE(?, energy_wh), "
                                   "power_w = COALESCE(?, power_w), soc_percent = COALESCE(?, soc_percent), "
                                   "updated_at = ? WHERE id = ?"),
                    {now, energy, power, soc, now, sessionId});
        if (!updated)
            return updated.error();
        return Ok{};
    });
    if (s && sessionId)
        emit sessionChanged(sessionId);
    return s;
}

Status ChargingSessions::stop(qint64 stationId, const QString &transactionId, std::optional<qint64> meterStopWh,
                              const QDateTime &at, const QString &reason, const QList<MeterSample> &samples)
{
    qint64 sessionId = 0;
    Status s = m_repository.database().transaction([&]() -> Status {
        auto session = sessionByTransaction(stationId, transactionId);
        if (!session)
            return session.error();
        sessionId = session.value().value(QStringLiteral("id")).toLongLong();
        const qint64 endedAt = at.isValid() ? at.toMSecsSinceEpoch() : m_clock.nowMs();
        if (!meterStopWh)
            meterStopWh = energyRegister(samples);
        // A repeated stop (a charger replaying its queue) changes nothing.
        if (session.value().value(QStringLiteral("status")).toString() == QLatin1String("closed"))
            return Ok{};
        Record changes{{QStringLiteral("status"), QStringLiteral("closed")},
                       {QStringLiteral("ended_at"), endedAt},
                       {QStringLiteral("charging_ended_at"), endedAt},
                       {QStringLiteral("last_event_at"), m_clock.nowMs()},
                       {QStringLiteral("stop_reason"), reason},
                       {QStringLiteral("power_w"), 0}};
        const QVariant start = session.value().value(QStringLiteral("meter_start_wh"));
        if (meterStopWh) {
            changes.insert(QStringLiteral("meter_stop_wh"), *meterStopWh);
            if (!start.isNull() && *meterStopWh >= start.toLongLong())
                changes.insert(QStringLiteral("energy_wh"), *meterStopWh - start.toLongLong());
        }
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
