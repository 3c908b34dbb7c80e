#include "server/simulator/protocol.h"

#include "server/simulator/ocpp16.h"
#include "server/simulator/ocpp201.h"

#include <algorithm>

namespace ChargeDesk::Server::Simulator {

std::unique_ptr<Protocol> Protocol::create(Ocpp::Version version, Station &station, StationHost &host)
{
    if (version == Ocpp::Version::V16)
        return std::make_unique<Ocpp16>(station, host);
    return std::make_unique<Ocpp201>(station, host);
}

QString Protocol::changeStatus(Configuration::Change change) const
{
    switch (change) {
    case Configuration::Change::Accepted: return QStringLiteral("Accepted");
    case Configuration::Change::RebootRequired: return QStringLiteral("RebootRequired");
    case Configuration::Change::Rejected: return QStringLiteral("Rejected");
    case Configuration::Change::UnknownKey: return QStringLiteral("NotSupported");
    case Configuration::Change::UnknownComponent: return QStringLiteral("UnknownComponent");
    case Configuration::Change::UnknownVariable: return QStringLiteral("UnknownVariable");
    }
    return QStringLiteral("Rejected");
}

TransferRequest Protocol::transferRequest(const QJsonObject &payload)
{
    TransferRequest r;
    r.requestId = payload.value(QLatin1String("requestId")).toInt();
    r.retries = std::max(0, payload.value(QLatin1String("retries")).toInt());
    r.retryIntervalS = std::max(0, payload.value(QLatin1String("retryInterval")).toInt(r.retryIntervalS));
    return r;
}

Answer Protocol::reserve(int n, int reservationId, const QString &idTag, const QDateTime &expiry)
{
    if (!m_station.hasConnector(n))
        return status(QStringLiteral("Rejected"));
    const Connector &c = m_station.connector(n);
    if (c.faulted)
        return status(QStringLiteral("Faulted"));
    if (!c.operative)
        return status(QStringLiteral("Unavailable"));
    // A new reservation with the same id replaces the old one wherever it was.
    if (c.reservation && c.reservation->id != reservationId)
        return status(QStringLiteral("Occupied"));
    if (c.transaction || c.vehicle)
        return status(QStringLiteral("Occupied"));
    cancelReservation(reservationId);
    m_station.connector(n).reservation = Reservation{reservationId, idTag, expiry};
    Answer a = status(QStringLiteral("Accepted"));
    a.then = [this] {
        m_host.reportStatuses(false);
    };
    return a;
}

bool Protocol::cancelReservation(int reservationId)
{
    for (int n = 1; n <= m_station.connectorCount(); ++n) {
        auto &r = m_station.connector(n).reservation;
        if (r && r->id == reservationId) {
            r.reset();
            return true;
        }
    }
    return false;
}

} // namespace ChargeDesk::Server::Simulator
