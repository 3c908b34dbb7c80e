#include "core/reservations.h"

#include "core/chargingsessions.h"

#include <QLoggingCategory>
#include <QPointer>
#include <QUuid>

Q_LOGGING_CATEGORY(lcReservations, "chargedesk.core.reservations")

namespace ChargeDesk::Core {

namespace {

const QString Active = QStringLiteral("active");
// OCPP 1.6 idTag is CiString20Type; 2.0.1 idToken is 36 characters.
constexpr qsizetype MaxIdTag16 = 20;
constexpr qsizetype MaxIdToken201 = 36;

QString isoTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODate);
}

// The first column of every row, read to the end so the statement is free for the writes after.
Result<QList<qint64>> ids(Database &db, const QString &sql, const QVariantList &params)
{
    auto rows = db.exec(sql, params);
    if (!rows)
        return rows.error();
    QList<qint64> result;
    while (rows.value().next())
        result << rows.value().value(0).toLongLong();
    return result;
}

QString forUpdate(const Database &db)
{
    return db.backend() == Database::Backend::Postgres ? QStringLiteral(" FOR UPDATE") : QString();
}

} // namespace

Reservations::Reservations(Repository &repository, ChargingSessions &sessions, ChargePointGateway &gateway,
                           const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_repository(repository)
    , m_sessions(sessions)
    , m_gateway(gateway)
    , m_clock(clock)
{}

void Reservations::reserve(const Actor &actor, qint64 customerId, qint64 connectorId, std::chrono::minutes holdFor,
                           ReservationDone done)
{
    reserve(actor, customerId, connectorId, m_clock.now().addSecs(qint64(holdFor.count()) * 60), std::move(done));
}

void Reservations::reserve(const Actor &actor, qint64 customerId, qint64 connectorId, const QDateTime &expiresAt,
                           ReservationDone done)
{
    auto placed = place(actor, customerId, connectorId, expiresAt);
    if (!placed)
        return done(placed.error());
    const Placed p = placed.value();
    emit reservationChanged(p.reservationId);
    m_gateway.send(p.stationId, Command{Command::Kind::ReserveNow, p.args},
                   [self = QPointer<Reservations>(this), p, done](const CommandResult &result) {
                       if (!self)
                           return done(Error::storage(tr("The reservation service stopped.")));
                       self->answered(p, result, done);
                   });
}

auto Reservations::place(const Actor &actor, qint64 customerId, qint64 connectorId, const QDateTime &expiresAt)
    -> Result<Placed>
{
    const qint64 now = m_clock.nowMs();
    if (!expiresAt.isValid() || expiresAt.toMSecsSinceEpoch() <= now)
        return Error::validation(
            {{QStringLiteral("expires_at"), Reservations::tr("A reservation must end in the future.")}});
    // Read as the actor: an operator-role user reaches only its operator's connectors.
    auto connector = m_repository.get(actor, Tables::Connectors, connectorId);
    if (!connector)
        return connector.error();
    const qint64 chargerId = connector.value().value(QStringLiteral("charger_id")).toLongLong();
    auto charger = m_repository.get(actor, Tables::Chargers, chargerId);
    if (!charger)
        return charger.error();
    const QString chargerName = charger.value().value(QStringLiteral("name")).toString();
    if (!charger.value().value(QStringLiteral("reservable")).toBool())
        return Error::validation({{QStringLiteral("connector_id"),
                                   Reservations::tr("The charger “%1” does not take reservations.").arg(chargerName)}});
    // Customers belong to no operator, so they are looked up as the system.
    auto customer = m_repository.get(Actor::system(), Tables::Customers, customerId);
    if (!customer)
        return Error::validation({{QStringLiteral("customer_id"), Reservations::tr("The customer does not exist.")}});
    const QString customerStatus = customer.value().value(QStringLiteral("status")).toString();
    if (customerStatus != Active)
        return Error::validation(
            {{QStringLiteral("customer_id"),
              Reservations::tr("The customer is %1; only an active customer can reserve.").arg(customerStatus)}});
    const qint64 stationId = charger.value().value(QStringLiteral("station_id")).toLongLong();
    auto station = m_repository.get(Actor::system(), Tables::Stations, stationId);
    if (!station)
        return station.error();
    const bool simultaneous = charger.value().value(QStringLiteral("connectors_simultaneous")).toBool();

    Database &db = m_repository.database();
    Placed placed;
    placed.stationId = stationId;
    Status s = db.transaction([&]() -> Status {
        // Two requests for one charger, in two processes, must not both find it free.
        if (db.backend() == Database::Backend::Postgres) {
            if (auto lock = db.exec(QStringLiteral("SELECT id FROM chargers WHERE id = ? FOR UPDATE"), {chargerId});
                !lock)
                return lock.error();
        }
        if (Status free = checkFree(chargerId, chargerName, simultaneous, connectorId, customerId); !free)
            return free;

        placed.code = QUuid::createUuid().toString(QUuid::WithoutBraces);
        auto id = m_repository.create(Actor::system(), Tables::Reservations,
                                      {{QStringLiteral("code"), placed.code},
                                       {QStringLiteral("customer_id"), customerId},
                                       {QStringLiteral("charger_id"), chargerId},
                                       {QStringLiteral("connector_id"), connectorId},
                                       {QStringLiteral("status"), Active},
                                       {QStringLiteral("expires_at"), expiresAt.toMSecsSinceEpoch()}});
        if (!id)
            return id.error();
        placed.reservationId = id.value();
        // The row id is unique and positive, so it serves as the id the station knows it by.
        if (Status u = m_repository.update(Actor::system(), Tables::Reservations, id.value(),
                                           {{QStringLiteral("ocpp_reservation_id"), id.value()}});
            !u)
            return u;

        auto device = idTokenFor(customerId, station.value().value(QStringLiteral("protocol")).toString());
        if (!device)
            return device.error();
        const QString token = device.value().isEmpty() ? QStringLiteral("RSV-%1").arg(id.value()) : device.value();
        auto session =
            m_repository.create(Actor::system(), Tables::Sessions,
                                {{QStringLiteral("code"), QUuid::createUuid().toString(QUuid::WithoutBraces)},
                                 {QStringLiteral("status"), QStringLiteral("reserved")},
                                 {QStringLiteral("authorization_mode"), QStringLiteral("customer")},
                                 {QStringLiteral("customer_id"), customerId},
                                 {QStringLiteral("connector_id"), connectorId},
                                 {QStringLiteral("reservation_id"), id.value()},
                                 {QStringLiteral("id_token"), token},
                                 {QStringLiteral("started_at"), now},
                                 {QStringLiteral("last_event_at"), now},
                                 {QStringLiteral("scope_status"), QStringLiteral("reserved")},
                                 {QStringLiteral("scope_since"), now}});
        if (!session) {
            // The partial unique indexes catch what a concurrent writer slipped in after the checks.
            const QString message = session.error().message();
            if (message.contains(QLatin1String("sessions_open_customer")) ||
                message.contains(QLatin1String("sessions.customer_id")))
                return Error(Error::Kind::Conflict, Reservations::tr("The customer already has an open session."));
            if (message.contains(QLatin1String("sessions_open_connector")) ||
                message.contains(QLatin1String("sessions.connector_id")))
                return Error(Error::Kind::Conflict, Reservations::tr("The connector has an open session."));
            return session.error();
        }
        auto event =
            m_repository.create(Actor::system(), Tables::SessionEvents,
                                {{QStringLiteral("session_id"), session.value()},
                                 {QStringLiteral("at"), now},
                                 {QStringLiteral("status"), QStringLiteral("reserved")},
                                 {QStringLiteral("reason"),
                                  Reservations::tr("Reserved until %1.").arg(isoTime(expiresAt.toMSecsSinceEpoch()))}});
        if (!event)
            return event.error();
        placed.args = {
            {QStringLiteral("reservationId"), id.value()},
            {QStringLiteral("evse"), charger.value().value(QStringLiteral("evse_id")).toInt()},
            {QStringLiteral("connector"), connector.value().value(QStringLiteral("connector_number")).toInt()},
            {QStringLiteral("idToken"), token},
            {QStringLiteral("expiresAt"), expiresAt.toMSecsSinceEpoch()}};
        return Ok{};
    });
    if (!s)
        return s.error();
    return placed;
}

Status Reservations::checkFree(qint64 chargerId, const QString &chargerName, bool simultaneous, qint64 connectorId,
                               qint64 customerId)
{
    Database &db = m_repository.database();
    // A charger whose connectors cannot be used at the same time is held as a whole.
    const QString held = simultaneous
                             ? QStringLiteral("connector_id = ?")
                             : QStringLiteral("connector_id IN (SELECT id FROM connectors WHERE charger_id = ?)");
    const QVariant heldBy = simultaneous ? connectorId : chargerId;
    const QString wholeCharger =
        tr(" The connectors of the charger “%1” cannot be used at the same time.").arg(chargerName);
    {
        auto reserved = db.exec(QStringLiteral("SELECT connector_id, expires_at FROM reservations WHERE status = "
                                               "'active' AND (%1 OR (connector_id IS NULL AND charger_id = ?)) LIMIT 1")
                                    .arg(held),
                                {heldBy, chargerId});
        if (!reserved)
            return reserved.error();
        if (reserved.value().next()) {
            const bool same = reserved.value().value(0).toLongLong() == connectorId;
            const QString until = isoTime(reserved.value().value(1).toLongLong());
            return Error(Error::Kind::Conflict,
                         same ? tr("The connector is already reserved until %1.").arg(until)
                              : tr("Another connector of the charger is reserved until %1.").arg(until) + wholeCharger);
        }
    }
    auto busy =
        ids(db, QStringLiteral("SELECT connector_id FROM sessions WHERE %1 AND %2").arg(openStatusCondition(), held),
            {heldBy});
    if (!busy)
        return busy.error();
    if (!busy.value().isEmpty()) {
        return Error(Error::Kind::Conflict,
                     busy.value().contains(connectorId)
                         ? tr("The connector has an open session.")
                         : tr("Another connector of the charger has an open session.") + wholeCharger);
    }
    auto own =
        ids(db, QStringLiteral("SELECT id FROM sessions WHERE customer_id = ? AND %1").arg(openStatusCondition()),
            {customerId});
    if (!own)
        return own.error();
    if (!own.value().isEmpty())
        return Error(Error::Kind::Conflict, tr("The customer already has an open session."));
    return Ok{};
}

Result<QString> Reservations::idTokenFor(qint64 customerId, const QString &protocol)
{
    const qsizetype maxLength = protocol == QLatin1String("ocpp1.6") ? MaxIdTag16 : MaxIdToken201;
    auto devices = m_repository.database().exec(
        QStringLiteral("SELECT identifier FROM id_devices WHERE customer_id = ? AND (status IS NULL OR status = "
                       "'active') AND (expires_at IS NULL OR expires_at > ?) ORDER BY id"),
        {customerId, m_clock.nowMs()});
    if (!devices)
        return devices.error();
    // A device whose identifier the station's protocol cannot carry is no use for this hold.
    while (devices.value().next()) {
        const QString identifier = devices.value().value(0).toString();
        if (!identifier.isEmpty() && identifier.size() <= maxLength)
            return identifier;
    }
    return QString();
}

void Reservations::answered(const Placed &placed, const CommandResult &result, const ReservationDone &done)
{
    using Outcome = CommandResult::Outcome;
    if (result.outcome == Outcome::Answered && result.status == QLatin1String("Accepted"))
        return done(outcome(placed.reservationId, result));
    QString reason;
    switch (result.outcome) {
    case Outcome::Answered: reason = tr("The station answered %1.").arg(result.status); break;
    case Outcome::NotConnected: reason = tr("The station is not connected."); break;
    case Outcome::TimedOut: reason = tr("The station did not answer in time."); break;
    case Outcome::Refused:
    case Outcome::Invalid:
    case Outcome::Unsupported: reason = tr("The station could not take the reservation: %1").arg(result.error); break;
    }
    if (Status s = end(placed.reservationId, QStringLiteral("cancelled"), reason); !s)
        return done(s.error());
    // Without an answer the station may hold the connector after all; it is asked to let go.
    if (result.outcome == Outcome::TimedOut) {
        const qint64 id = placed.reservationId;
        m_gateway.send(placed.stationId,
                       Command{Command::Kind::CancelReservation, {{QStringLiteral("reservationId"), id}}},
                       [id](const CommandResult &r) {
                           qCInfo(lcReservations)
                               << "reservation" << id << "cancelled after a timeout:" << r.outcomeName() << r.status
                               << r.error;
                       });
    }
    done(outcome(placed.reservationId, result));
}

void Reservations::cancel(const Actor &actor, qint64 reservationId, ReservationDone done)
{
    auto reservation = m_repository.get(actor, Tables::Reservations, reservationId);
    if (!reservation)
        return done(reservation.error());
    const QString status = reservation.value().value(QStringLiteral("status")).toString();
    if (status != Active)
        return done(Error(Error::Kind::Conflict, tr("The reservation is already %1.").arg(status)));
    auto charger = m_repository.get(Actor::system(), Tables::Chargers,
                                    reservation.value().value(QStringLiteral("charger_id")).toLongLong());
    if (!charger)
        return done(charger.error());
    const QString by = actor.email.isEmpty() ? tr("an operator") : actor.email;
    // Cancelled here first: the operator's decision holds whatever the station does.
    if (Status s = end(reservationId, QStringLiteral("cancelled"), tr("Cancelled by %1.").arg(by)); !s)
        return done(s.error());
    const qint64 ocppId = reservation.value().value(QStringLiteral("ocpp_reservation_id")).toLongLong();
    m_gateway.send(charger.value().value(QStringLiteral("station_id")).toLongLong(),
                   Command{Command::Kind::CancelReservation, {{QStringLiteral("reservationId"), ocppId}}},
                   [self = QPointer<Reservations>(this), reservationId, done](const CommandResult &result) {
                       if (!self)
                           return done(Error::storage(tr("The reservation service stopped.")));
                       CommandResult station = result;
                       if (station.outcome == CommandResult::Outcome::NotConnected)
                           station.error = tr("Cancelled here only: the station is not connected, so it holds the "
                                              "connector until the reservation expires.");
                       done(self->outcome(reservationId, station));
                   });
}

Result<int> Reservations::expire()
{
    auto due =
        ids(m_repository.database(),
            QStringLiteral("SELECT id FROM reservations WHERE status = 'active' AND expires_at <= ? ORDER BY id"),
            {m_clock.nowMs()});
    if (!due)
        return due.error();
    int expired = 0;
    for (qint64 id : std::as_const(due.value())) {
        // One reservation's trouble must not keep the others active forever.
        if (Status s = end(id, QStringLiteral("expired"), tr("The reservation expired.")); !s)
            qCWarning(lcReservations) << "reservation" << id << "could not expire:" << s.error().message();
        else
            ++expired;
    }
    return expired;
}

Status Reservations::used(qint64 reservationId)
{
    Database &db = m_repository.database();
    Status s = db.transaction([&]() -> Status {
        auto row = db.exec(QStringLiteral("SELECT status FROM reservations WHERE id = ?%1").arg(forUpdate(db)),
                           {reservationId});
        if (!row)
            return row.error();
        if (!row.value().next())
            return Error::notFound(tr("The reservation"));
        const QString status = row.value().value(0).toString();
        if (status != Active)
            return Error(Error::Kind::Conflict, tr("The reservation is already %1.").arg(status));
        return m_repository.update(
            Actor::system(), Tables::Reservations, reservationId,
            {{QStringLiteral("status"), QStringLiteral("used")}, {QStringLiteral("ended_at"), m_clock.nowMs()}});
    });
    if (s)
        emit reservationChanged(reservationId);
    return s;
}

Status Reservations::end(qint64 reservationId, const QString &status, const QString &reason)
{
    Database &db = m_repository.database();
    bool changed = false;
    Status s = db.transaction([&]() -> Status {
        // Ended once: a station's late answer or a second idle run finds nothing left to do.
        auto row = db.exec(QStringLiteral("SELECT status FROM reservations WHERE id = ?%1").arg(forUpdate(db)),
                           {reservationId});
        if (!row)
            return row.error();
        if (!row.value().next())
            return Error::notFound(tr("The reservation"));
        if (row.value().value(0).toString() != Active)
            return Ok{};
        if (Status u = m_repository.update(Actor::system(), Tables::Reservations, reservationId,
                                           {{QStringLiteral("status"), status},
                                            {QStringLiteral("ended_at"), m_clock.nowMs()},
                                            {QStringLiteral("reason"), reason}});
            !u)
            return u;
        changed = true;
        auto reserved =
            ids(db, QStringLiteral("SELECT id FROM sessions WHERE reservation_id = ? AND status = 'reserved'"),
                {reservationId});
        if (!reserved)
            return reserved.error();
        for (qint64 sessionId : std::as_const(reserved.value())) {
            if (Status f = m_sessions.finish(sessionId, reason); !f)
                return f;
        }
        return Ok{};
    });
    if (s && changed)
        emit reservationChanged(reservationId);
    return s;
}

Result<ReservationOutcome> Reservations::outcome(qint64 reservationId, const CommandResult &station)
{
    auto row = m_repository.get(Actor::system(), Tables::Reservations, reservationId);
    if (!row)
        return row.error();
    return ReservationOutcome{reservationId, row.value().value(QStringLiteral("code")).toString(),
                              row.value().value(QStringLiteral("status")).toString(),
                              row.value().value(QStringLiteral("reason")).toString(), station};
}

} // namespace ChargeDesk::Core
