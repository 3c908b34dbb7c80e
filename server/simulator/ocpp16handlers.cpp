// The central system's calls to a 1.6 charge point, one function per action.
#include "server/simulator/ocpp16.h"

#include <QCoreApplication>
#include <QJsonArray>

#include <cmath>

namespace ChargeDesk::Server::Simulator {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Simulator)
};

const QString Accepted = QStringLiteral("Accepted");
const QString Rejected = QStringLiteral("Rejected");

} // namespace

Answer Ocpp16::handle(const QString &action, const QJsonObject &p)
{
    if (auto common = handleCommon(action, p))
        return *common;
    if (action == QLatin1String("RemoteStartTransaction"))
        return remoteStart(p);
    if (action == QLatin1String("RemoteStopTransaction"))
        return remoteStop(p);
    if (action == QLatin1String("ChangeAvailability"))
        return changeAvailability(p);
    if (action == QLatin1String("UnlockConnector"))
        return unlock(p);
    if (action == QLatin1String("Reset")) {
        const bool hard = p.value(QLatin1String("type")).toString() == QLatin1String("Hard");
        Answer a = status(Accepted);
        a.then = [this, hard] {
            m_host.reset(hard);
        };
        return a;
    }
    if (action == QLatin1String("TriggerMessage"))
        return trigger(p);
    if (action == QLatin1String("GetConfiguration"))
        return getConfiguration(p);
    if (action == QLatin1String("ChangeConfiguration"))
        return changeConfiguration(p);
    if (action == QLatin1String("SendLocalList"))
        return sendLocalList(p);
    if (action == QLatin1String("GetLocalListVersion"))
        return {{{QStringLiteral("listVersion"), m_station.authorization().listVersion()}}};
    if (action == QLatin1String("ReserveNow"))
        return reserve(p.value(QLatin1String("connectorId")).toInt(), p.value(QLatin1String("reservationId")).toInt(),
                       p.value(QLatin1String("idTag")).toString(),
                       QDateTime::fromString(p.value(QLatin1String("expiryDate")).toString(), Qt::ISODateWithMs));
    if (action == QLatin1String("SetChargingProfile"))
        return setChargingProfile(p);
    if (action == QLatin1String("ClearChargingProfile"))
        return clearChargingProfile(p);
    if (action == QLatin1String("GetCompositeSchedule"))
        return compositeSchedule(p);
    if (action == QLatin1String("UpdateFirmware")) {
        TransferRequest r = transferRequest(p);
        r.location = p.value(QLatin1String("location")).toString();
        r.retrieveAt = QDateTime::fromString(p.value(QLatin1String("retrieveDate")).toString(), Qt::ISODateWithMs);
        return {{}, std::nullopt, {}, [this, r] {
                    m_host.updateFirmware(r);
                }};
    }
    if (action == QLatin1String("GetDiagnostics")) {
        TransferRequest r = transferRequest(p);
        r.location = p.value(QLatin1String("location")).toString();
        r.fileName = m_station.spec().id + QStringLiteral("-diagnostics.log");
        r.oldest = QDateTime::fromString(p.value(QLatin1String("startTime")).toString(), Qt::ISODateWithMs);
        r.latest = QDateTime::fromString(p.value(QLatin1String("stopTime")).toString(), Qt::ISODateWithMs);
        Answer a{{{QStringLiteral("fileName"), r.fileName}}};
        a.then = [this, r] {
            m_host.uploadLog(r);
        };
        return a;
    }
    return error(Ocpp::ErrorCode::NotImplemented, Tr::tr("%1 is not supported by this station").arg(action));
}

Answer Ocpp16::remoteStart(const QJsonObject &p)
{
    const QJsonObject profile = p.value(QLatin1String("chargingProfile")).toObject();
    return startRemotely(p.value(QLatin1String("connectorId")).toInt(), p.value(QLatin1String("idTag")).toString(),
                         p.contains(QLatin1String("chargingProfile")), [this, profile](int n) {
                             return InstalledProfiles::fromOcpp16(profile, n, m_station.clock().now());
                         });
}

Answer Ocpp16::remoteStop(const QJsonObject &p)
{
    const QString id = QString::number(p.value(QLatin1String("transactionId")).toInteger());
    return stopRemotely(m_station.connectorOfTransaction(id));
}

Answer Ocpp16::changeAvailability(const QJsonObject &p)
{
    const bool operative = p.value(QLatin1String("type")).toString() == QLatin1String("Operative");
    const auto result = m_station.setAvailability(p.value(QLatin1String("connectorId")).toInt(), operative);
    Answer a = status(result == Station::Availability::Accepted    ? Accepted
                      : result == Station::Availability::Scheduled ? QStringLiteral("Scheduled")
                                                                   : Rejected);
    a.then = [this] {
        m_host.reportStatuses(false);
    };
    return a;
}

Answer Ocpp16::unlock(const QJsonObject &p)
{
    const int n = p.value(QLatin1String("connectorId")).toInt();
    if (!m_station.hasConnector(n))
        return status(QStringLiteral("NotSupported"));
    Answer a = status(QStringLiteral("Unlocked"));
    // Unlocking ends a running transaction first, as the specification asks.
    if (m_station.connector(n).transaction)
        a.then = [this, n] {
            m_host.stopCharging(n, StopReason::UnlockCommand);
        };
    return a;
}

Answer Ocpp16::trigger(const QJsonObject &p)
{
    const QString message = p.value(QLatin1String("requestedMessage")).toString();
    const int n = p.value(QLatin1String("connectorId")).toInt();
    if (p.contains(QLatin1String("connectorId")) && !m_station.hasConnector(n))
        return status(Rejected);
    std::function<void()> then;
    if (message == QLatin1String("BootNotification"))
        then = [this] {
            m_host.send(bootNotification(QString()));
        };
    else if (message == QLatin1String("Heartbeat"))
        then = [this] {
            m_host.send(heartbeat());
        };
    else if (message == QLatin1String("StatusNotification"))
        then = [this, n] {
            for (int i = 1; i <= m_station.connectorCount(); ++i)
                if (n == 0 || i == n)
                    for (const OutgoingCall &c : statusChanged(i, std::nullopt, m_station.status(i)))
                        m_host.send(c);
        };
    else if (message == QLatin1String("MeterValues"))
        then = triggerMeterValues(n);
    else if (message == QLatin1String("FirmwareStatusNotification"))
        then = triggerFirmwareStatus();
    else if (message == QLatin1String("DiagnosticsStatusNotification"))
        then = triggerLogStatus();
    else
        return status(QStringLiteral("NotImplemented"));
    Answer a = status(Accepted);
    a.then = then;
    return a;
}

Answer Ocpp16::getConfiguration(const QJsonObject &p) const
{
    QJsonArray known, unknown;
    const auto add = [&](const Setting &s) {
        known << QJsonObject{{QStringLiteral("key"), s.key},
                             {QStringLiteral("readonly"), s.readonly},
                             {QStringLiteral("value"), s.value}};
    };
    const QJsonArray keys = p.value(QLatin1String("key")).toArray();
    if (keys.isEmpty())
        for (const Setting &s : m_station.configuration().settings())
            add(s);
    for (const QJsonValue &k : keys) {
        if (const auto s = m_station.configuration().byKey(k.toString()))
            add(*s);
        else
            unknown << k;
    }
    QJsonObject answer{{QStringLiteral("configurationKey"), known}};
    if (!unknown.isEmpty())
        answer.insert(QStringLiteral("unknownKey"), unknown);
    return {answer};
}

Answer Ocpp16::changeConfiguration(const QJsonObject &p)
{
    const auto change = m_station.configuration().changeKey(p.value(QLatin1String("key")).toString(),
                                                            p.value(QLatin1String("value")).toString());
    Answer a = status(changeStatus(change));
    a.then = [this] {
        m_host.configurationChanged();
    };
    return a;
}

Answer Ocpp16::sendLocalList(const QJsonObject &p)
{
    if (!m_station.configuration().boolean(QStringLiteral("LocalAuthListEnabled")))
        return status(QStringLiteral("NotSupported"));
    return updateLocalList(
        p.value(QLatin1String("listVersion")).toInt(),
        p.value(QLatin1String("updateType")).toString() == QLatin1String("Full"),
        p.value(QLatin1String("localAuthorizationList")).toArray(),
        [](const QJsonObject &entry) { return entry.value(QLatin1String("idTag")).toString(); },
        QLatin1String("idTagInfo"));
}

Answer Ocpp16::setChargingProfile(const QJsonObject &p)
{
    const int n = p.value(QLatin1String("connectorId")).toInt();
    return installProfile(n, InstalledProfiles::fromOcpp16(p.value(QLatin1String("csChargingProfiles")).toObject(), n,
                                                           m_station.clock().now()));
}

Answer Ocpp16::clearChargingProfile(const QJsonObject &p)
{
    const auto purpose = purposeNamed(p.value(QLatin1String("chargingProfilePurpose")).toString());
    return clearProfiles(optionalNumber(p, QLatin1String("id")), optionalNumber(p, QLatin1String("connectorId")),
                         purpose, optionalNumber(p, QLatin1String("stackLevel")));
}

Answer Ocpp16::compositeSchedule(const QJsonObject &p) const
{
    const int n = p.value(QLatin1String("connectorId")).toInt();
    if (n != 0 && !m_station.hasConnector(n))
        return status(Rejected);
    const Composite c = composite(n, p.value(QLatin1String("chargingRateUnit")).toString(),
                                  p.value(QLatin1String("duration")).toInteger());
    QJsonObject schedule = scheduleJson(c);
    schedule.insert(QStringLiteral("startSchedule"), timestamp(c.schedule.start));
    return {{{QStringLiteral("status"), Accepted},
             {QStringLiteral("connectorId"), n},
             {QStringLiteral("scheduleStart"), timestamp(c.schedule.start)},
             {QStringLiteral("chargingSchedule"), schedule}}};
}

} // namespace ChargeDesk::Server::Simulator
