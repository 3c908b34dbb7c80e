#include "server/simulator/protocol.h"

#include <QJsonArray>

#include "server/simulator/ocpp16.h"
#include "server/simulator/ocpp201.h"

#include <algorithm>
#include <cmath>

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

Answer Protocol::startRemotely(int requested, const QString &idTag, bool withProfile, const ProfileParser &parse,
                               const std::function<void(int)> &accepted)
{
    int n = requested;
    // Without a connector the station picks the first one free.
    for (int i = 1; n == 0 && i <= m_station.connectorCount(); ++i)
        if (!m_station.connector(i).transaction && m_station.connector(i).operative)
            n = i;
    if (!m_station.hasConnector(n) || m_station.connector(n).transaction || !m_station.connector(n).operative ||
        m_station.connector(n).faulted)
        return status(QStringLiteral("Rejected"));
    if (withProfile) {
        const auto profile = parse(n);
        if (!profile || profile->purpose != InstalledProfile::Purpose::Tx)
            return status(QStringLiteral("Rejected"));
        m_station.profiles().install(*profile);
    }
    if (accepted)
        accepted(n);
    Answer a = status(QStringLiteral("Accepted"));
    a.then = [this, n, idTag] {
        m_host.startCharging(n, idTag, true);
    };
    return a;
}

Answer Protocol::stopRemotely(std::optional<int> connector)
{
    if (!connector)
        return status(QStringLiteral("Rejected"));
    Answer a = status(QStringLiteral("Accepted"));
    if (m_station.misbehaviour().ignoreRemoteStop)
        return a; // says yes and goes on charging
    a.then = [this, c = *connector] {
        m_host.stopCharging(c, StopReason::Remote);
    };
    return a;
}

Answer Protocol::installProfile(int n, const std::optional<InstalledProfile> &profile)
{
    if ((n != 0 && !m_station.hasConnector(n)) || !profile)
        return status(QStringLiteral("Rejected"));
    // A TxProfile needs a running transaction on its connector, the one it names if any.
    if (profile->purpose == InstalledProfile::Purpose::Tx &&
        (!m_station.connector(n).transaction ||
         (!profile->transactionId.isEmpty() && profile->transactionId != m_station.connector(n).transaction->id)))
        return status(QStringLiteral("Rejected"));
    if (profile->values.stackLevel > m_station.configuration().integer(QStringLiteral("ChargeProfileMaxStackLevel")))
        return status(QStringLiteral("Rejected"));
    m_station.profiles().install(*profile);
    Answer a = status(QStringLiteral("Accepted"));
    a.then = [this] {
        m_host.reportStatuses(false);
    };
    return a;
}

std::optional<Answer> Protocol::handleCommon(const QString &action, const QJsonObject &payload)
{
    if (action == QLatin1String("ClearCache")) {
        m_station.authorization().clearCache();
        return status(QStringLiteral("Accepted"));
    }
    if (action == QLatin1String("CancelReservation")) {
        const bool found = cancelReservation(payload.value(QLatin1String("reservationId")).toInt());
        Answer a = status(found ? QStringLiteral("Accepted") : QStringLiteral("Rejected"));
        a.then = [this] {
            m_host.reportStatuses(false);
        };
        return a;
    }
    if (action == QLatin1String("DataTransfer"))
        return status(QStringLiteral("UnknownVendorId")); // no vendor extensions
    return std::nullopt;
}

Answer Protocol::updateLocalList(int version, bool full, const QJsonArray &list,
                                 const std::function<QString(const QJsonObject &entry)> &token, QLatin1String infoKey)
{
    QList<LocalAuthorization::Entry> entries;
    for (const QJsonValue &v : list) {
        const QJsonObject o = v.toObject();
        LocalAuthorization::Entry e{token(o), std::nullopt, {}};
        if (o.contains(infoKey)) {
            const auto info = authorization(o);
            e.status = info.status;
            e.expiry = info.expiry;
        }
        entries << e;
    }
    const auto result = m_station.authorization().updateList(
        version, full, entries, m_station.configuration().integer(QStringLiteral("LocalAuthListMaxLength")));
    switch (result) {
    case LocalAuthorization::Update::Accepted: return status(QStringLiteral("Accepted"));
    case LocalAuthorization::Update::VersionMismatch: return status(QStringLiteral("VersionMismatch"));
    case LocalAuthorization::Update::Failed: break;
    }
    return status(QStringLiteral("Failed"));
}

std::optional<InstalledProfile::Purpose> Protocol::purposeNamed(const QString &name)
{
    if (name == QLatin1String("ChargePointMaxProfile") || name == QLatin1String("ChargingStationMaxProfile"))
        return InstalledProfile::Purpose::StationMax;
    if (name == QLatin1String("TxDefaultProfile"))
        return InstalledProfile::Purpose::TxDefault;
    if (name == QLatin1String("TxProfile"))
        return InstalledProfile::Purpose::Tx;
    return std::nullopt;
}

Answer Protocol::clearProfiles(std::optional<qint64> id, std::optional<qint64> where,
                               std::optional<InstalledProfile::Purpose> purpose, std::optional<qint64> level)
{
    const int cleared = m_station.profiles().clear(id, where, purpose, level);
    Answer a = status(cleared > 0 ? QStringLiteral("Accepted") : QStringLiteral("Unknown"));
    a.then = [this] {
        m_host.reportStatuses(false);
    };
    return a;
}

Protocol::Composite Protocol::composite(int n, const QString &unitName, qint64 durationS) const
{
    Composite c;
    c.unit = unitName == QLatin1String("A") ? Core::ProfileValues::Unit::A : Core::ProfileValues::Unit::W;
    const int connector = n == 0 ? 1 : n;
    const auto &tx = m_station.connector(connector).transaction;
    const Core::UnitConversion conv = m_station.conversion(connector);
    c.schedule = m_station.profiles().composite(n, m_station.clock().now(), durationS, c.unit,
                                                tx ? tx->started : QDateTime(), conv);
    // Where no profile limits, the connector's rating does.
    const double rating = m_station.connector(connector).spec.maxPowerW;
    const double open = c.unit == Core::ProfileValues::Unit::W ? rating : rating / (conv.volts * conv.phases);
    c.open = std::round(open * 10) / 10;
    return c;
}

QJsonObject Protocol::scheduleJson(const Composite &c)
{
    QJsonArray periods;
    for (const Core::CompositePeriod &p : c.schedule.periods)
        periods << QJsonObject{{QStringLiteral("startPeriod"), p.startS},
                               {QStringLiteral("limit"), p.limit.value_or(c.open)}};
    return {{QStringLiteral("duration"), c.schedule.durationS},
            {QStringLiteral("chargingRateUnit"),
             c.unit == Core::ProfileValues::Unit::A ? QStringLiteral("A") : QStringLiteral("W")},
            {QStringLiteral("chargingSchedulePeriod"), periods}};
}

std::optional<qint64> Protocol::optionalNumber(const QJsonObject &o, QLatin1String key)
{
    return o.contains(key) ? std::optional(o.value(key).toInteger()) : std::nullopt;
}

std::function<void()> Protocol::triggerMeterValues(int n)
{
    return [this, n] {
        m_station.advance();
        for (int i = 1; i <= m_station.connectorCount(); ++i)
            if (n == 0 || i == n)
                m_host.send(meterValues(i, QStringLiteral("Trigger")));
    };
}

std::function<void()> Protocol::triggerFirmwareStatus()
{
    return [this] {
        const Station::Transfer t = m_station.firmwareTransfer();
        m_host.send(firmwareStatus(t.status.isEmpty() ? QStringLiteral("Idle") : t.status, t.requestId));
    };
}

std::function<void()> Protocol::triggerLogStatus()
{
    return [this] {
        const Station::Transfer t = m_station.logTransfer();
        m_host.send(logStatus(t.status.isEmpty() ? QStringLiteral("Idle") : t.status, t.requestId));
    };
}

} // namespace ChargeDesk::Server::Simulator
