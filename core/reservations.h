#pragma once

#include "core/chargepointgateway.h"
#include "core/repository.h"

#include <QDateTime>

#include <chrono>
#include <functional>

namespace ChargeDesk::Core {

class ChargingSessions;

// What became of a reservation after a request: its state and what the station said.
struct ReservationOutcome
{
    qint64 reservationId = 0;
    QString code;
    QString status; // active, used, expired or cancelled
    QString reason; // why it is no longer active
    // The station's answer to ReserveNow or CancelReservation; NotConnected when it was not reached.
    CommandResult station;
};

using ReservationDone = std::function<void(const Result<ReservationOutcome> &)>;

// A customer's hold on a connector until a time (the specification's Reservations). A
// reservation opens a session in status "reserved" for the customer, so that the connector
// and the customer have one open session each; when the charger's connectors cannot be used
// at the same time, the whole charger is held. The station is asked to hold the connector
// too (ReserveNow); whatever it does not accept is cancelled here at once.
// Every change is one transaction, announced by reservationChanged after the commit. An
// operator-role actor sees and changes only reservations on its operator's chargers.
class Reservations final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Reservations)

public:
    Reservations(Repository &repository, ChargingSessions &sessions, ChargePointGateway &gateway, const Clock &clock,
                 QObject *parent = nullptr);

    // Reserves the connector for the customer until `expiresAt` and asks the station to hold it.
    // `done` gets the reservation, active when the station accepted it, cancelled (with the
    // reason) when it refused, did not answer or is not connected; or the error when nothing
    // was reserved. It may be called before this returns.
    void reserve(const Actor &actor, qint64 customerId, qint64 connectorId, const QDateTime &expiresAt,
                 ReservationDone done);
    void reserve(const Actor &actor, qint64 customerId, qint64 connectorId, std::chrono::minutes holdFor,
                 ReservationDone done);

    // Cancels an active reservation and closes its reserved session; the station is told
    // when it is connected (an offline station keeps its hold until the expiry).
    void cancel(const Actor &actor, qint64 reservationId, ReservationDone done);

    // For the idle job: every active reservation whose time is up becomes expired and its
    // reserved session is closed. Returns how many expired.
    Result<int> expire();

    // The reserved driver started charging: the reservation has served its purpose.
    Status used(qint64 reservationId);

signals:
    void reservationChanged(qint64 reservationId);

private:
    struct Placed
    {
        qint64 reservationId = 0;
        qint64 stationId = 0;
        QString code;
        QVariantMap args; // of the ReserveNow command
    };
    Result<Placed> place(const Actor &actor, qint64 customerId, qint64 connectorId, const QDateTime &expiresAt);
    // Neither the connector (or, when it is held as a whole, its charger) nor the customer is taken.
    Status checkFree(qint64 chargerId, const QString &chargerName, bool simultaneous, qint64 connectorId,
                     qint64 customerId);
    Result<QString> idTokenFor(qint64 customerId, const QString &protocol);
    void answered(const Placed &placed, const CommandResult &result, const ReservationDone &done);
    // Ends an active reservation and closes its reserved session, in one transaction.
    Status end(qint64 reservationId, const QString &status, const QString &reason);
    Result<ReservationOutcome> outcome(qint64 reservationId, const CommandResult &station);

    Repository &m_repository;
    ChargingSessions &m_sessions;
    ChargePointGateway &m_gateway;
    const Clock &m_clock;
};

} // namespace ChargeDesk::Core
