// The CSMS's calls to a 2.0.1 charging station, one function per action.
#include "server/simulator/ocpp201.h"

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

QString field(const QJsonObject &o, const char *a, const char *b)
{
    return o.value(QLatin1String(a)).toObject().value(QLatin1String(b)).toString();
}

} // namespace

Answer Ocpp201::handle(const QString &action, const QJsonObject &p)
{
    if (auto common = handleCommon(action, p))
        return *common;
    if (action == QLatin1String("RequestStartTransaction"))
        return requestStart(p);
    if (action == QLatin1String("RequestStopTransaction"))
        return requestStop(p);
    if (action == QLatin1String("ChangeAvailability"))
        return changeAvailability(p);
    if (action == QLatin1String("UnlockConnector")) {
        const int n = p.value(QLatin1String("evseId")).toInt();
        if (!m_station.hasConnector(n) || p.value(QLatin1String("connectorId")).toInt() != 1)
            return status(QStringLiteral("UnknownConnector"));
        // 2.0.1 refuses to unlock under an authorized transaction: stop it first.
        if (m_station.connector(n).transaction)
            return status(QStringLiteral("OngoingAuthorizedTransaction"));
        return status(QStringLiteral("Unlocked"));
    }
    if (action == QLatin1String("Reset")) {
        const bool onIdle = p.value(QLatin1String("type")).toString() == QLatin1String("OnIdle");
        if (p.contains(QLatin1String("evseId")))
            return status(Rejected); // resetting one EVSE alone is not modelled
        Answer a = status(Accepted);
        a.then = [this, onIdle] {
            m_host.reset(!onIdle);
        };
        return a;
    }
    if (action == QLatin1String("TriggerMessage"))
        return trigger(p);
    if (action == QLatin1String("GetVariables"))
        return getVariables(p);
    if (action == QLatin1String("SetVariables"))
        return setVariables(p);
    if (action == QLatin1String("SendLocalList"))
        return sendLocalList(p);
    if (action == QLatin1String("GetLocalListVersion"))
        return {{{QStringLiteral("versionNumber"), m_station.authorization().listVersion()}}};
    if (action == QLatin1String("ReserveNow")) {
        int n = p.value(QLatin1String("evseId")).toInt();
        for (int i = 1; n == 0 && i <= m_station.connectorCount(); ++i)
            if (m_station.status(i) == ConnectorStatus::Available)
                n = i;
        return reserve(n, p.value(QLatin1String("id")).toInt(), field(p, "idToken", "idToken"),
                       QDateTime::fromString(p.value(QLatin1String("expiryDateTime")).toString(), Qt::ISODateWithMs));
    }
    if (action == QLatin1String("SetChargingProfile"))
        return setChargingProfile(p);
    if (action == QLatin1String("ClearChargingProfile"))
        return clearChargingProfile(p);
    if (action == QLatin1String("GetCompositeSchedule"))
        return compositeSchedule(p);
    if (action == QLatin1String("UpdateFirmware")) {
        TransferRequest r = transferRequest(p);
        r.location = field(p, "firmware", "location");
        r.retrieveAt = QDateTime::fromString(field(p, "firmware", "retrieveDateTime"), Qt::ISODateWithMs);
        r.installAt = QDateTime::fromString(field(p, "firmware", "installDateTime"), Qt::ISODateWithMs);
        Answer a = status(Accepted);
        a.then = [this, r] {
            m_host.updateFirmware(r);
        };
        return a;
    }
    if (action == QLatin1String("GetLog")) {
        TransferRequest r = transferRequest(p);
        r.location = field(p, "log", "remoteLocation");
        r.fileName = m_station.spec().id + QStringLiteral("-log.txt");
        r.oldest = QDateTime::fromString(field(p, "log", "oldestTimestamp"), Qt::ISODateWithMs);
        r.latest = QDateTime::fromString(field(p, "log", "latestTimestamp"), Qt::ISODateWithMs);
        Answer a{{{QStringLiteral("status"), Accepted}, {QStringLiteral("filename"), r.fileName}}};
        a.then = [this, r] {
            m_host.uploadLog(r);
        };
        return a;
    }
    return error(Ocpp::ErrorCode::NotImplemented, Tr::tr("%1 is not supported by this station").arg(action));
}

Answer Ocpp201::requestStart(const QJsonObject &p)
{
    const QJsonObject profile = p.value(QLatin1String("chargingProfile")).toObject();
    const int remoteStartId = p.value(QLatin1String("remoteStartId")).toInt();
    return startRemotely(
        p.value(QLatin1String("evseId")).toInt(), field(p, "idToken", "idToken"),
        p.contains(QLatin1String("chargingProfile")),
        [this, profile](int n) { return InstalledProfiles::fromOcpp201(profile, n, m_station.clock().now()); },
        [this, remoteStartId](int n) { m_remoteStartIds.insert(n, remoteStartId); });
}

Answer Ocpp201::requestStop(const QJsonObject &p)
{
    return stopRemotely(m_station.connectorOfTransaction(p.value(QLatin1String("transactionId")).toString()));
}

Answer Ocpp201::changeAvailability(const QJsonObject &p)
{
    const bool operative = p.value(QLatin1String("operationalStatus")).toString() == QLatin1String("Operative");
    const int n = p.value(QLatin1String("evse")).toObject().value(QLatin1String("id")).toInt();
    const auto result = m_station.setAvailability(n, operative);
    Answer a = status(result == Station::Availability::Accepted    ? Accepted
                      : result == Station::Availability::Scheduled ? QStringLiteral("Scheduled")
                                                                   : Rejected);
    a.then = [this] {
        m_host.reportStatuses(false);
    };
    return a;
}

Answer Ocpp201::trigger(const QJsonObject &p)
{
    const QString message = p.value(QLatin1String("requestedMessage")).toString();
    const int n = p.value(QLatin1String("evse")).toObject().value(QLatin1String("id")).toInt();
    if (n != 0 && !m_station.hasConnector(n))
        return status(Rejected);
    std::function<void()> then;
    if (message == QLatin1String("BootNotification"))
        then = [this] {
            m_host.send(bootNotification(QStringLiteral("Triggered")));
        };
    else if (message == QLatin1String("Heartbeat"))
        then = [this] {
            m_host.send(heartbeat());
        };
    else if (message == QLatin1String("StatusNotification"))
        then = [this, n] {
            for (int i = 1; i <= m_station.connectorCount(); ++i)
                if (n == 0 || i == n)
                    m_host.send(statusChanged(i, std::nullopt, m_station.status(i)).first());
        };
    else if (message == QLatin1String("MeterValues") || message == QLatin1String("TransactionEvent"))
        then = triggerMeterValues(n);
    else if (message == QLatin1String("FirmwareStatusNotification"))
        then = triggerFirmwareStatus();
    else if (message == QLatin1String("LogStatusNotification"))
        then = triggerLogStatus();
    else
        return status(QStringLiteral("NotImplemented"));
    Answer a = status(Accepted);
    a.then = then;
    return a;
}

Answer Ocpp201::getVariables(const QJsonObject &p) const
{
    QJsonArray results;
    for (const QJsonValue &v : p.value(QLatin1String("getVariableData")).toArray()) {
        const QJsonObject item = v.toObject();
        const QJsonObject component = item.value(QLatin1String("component")).toObject();
        const QJsonObject variable = item.value(QLatin1String("variable")).toObject();
        const QString c = component.value(QLatin1String("name")).toString();
        QJsonObject result{{QStringLiteral("component"), component}, {QStringLiteral("variable"), variable}};
        const auto setting = m_station.configuration().byVariable(c, variable.value(QLatin1String("name")).toString());
        const QString type = item.value(QLatin1String("attributeType")).toString();
        if (setting && !type.isEmpty() && type != QLatin1String("Actual")) {
            result.insert(QStringLiteral("attributeStatus"), QStringLiteral("NotSupportedAttributeType"));
        } else if (setting) {
            result.insert(QStringLiteral("attributeStatus"), Accepted);
            result.insert(QStringLiteral("attributeValue"), setting->value);
        } else {
            bool knownComponent = false;
            for (const Setting &s : m_station.configuration().settings())
                knownComponent = knownComponent || s.component == c;
            result.insert(QStringLiteral("attributeStatus"),
                          knownComponent ? QStringLiteral("UnknownVariable") : QStringLiteral("UnknownComponent"));
        }
        results << result;
    }
    return {{{QStringLiteral("getVariableResult"), results}}};
}

Answer Ocpp201::setVariables(const QJsonObject &p)
{
    QJsonArray results;
    for (const QJsonValue &v : p.value(QLatin1String("setVariableData")).toArray()) {
        const QJsonObject item = v.toObject();
        const QJsonObject component = item.value(QLatin1String("component")).toObject();
        const QJsonObject variable = item.value(QLatin1String("variable")).toObject();
        const QString type = item.value(QLatin1String("attributeType")).toString();
        const QString result = !type.isEmpty() && type != QLatin1String("Actual")
                                   ? QStringLiteral("NotSupportedAttributeType")
                                   : changeStatus(m_station.configuration().setVariable(
                                         component.value(QLatin1String("name")).toString(),
                                         variable.value(QLatin1String("name")).toString(),
                                         item.value(QLatin1String("attributeValue")).toString()));
        results << QJsonObject{{QStringLiteral("attributeStatus"), result},
                               {QStringLiteral("component"), component},
                               {QStringLiteral("variable"), variable}};
    }
    Answer a{{{QStringLiteral("setVariableResult"), results}}};
    a.then = [this] {
        m_host.configurationChanged();
    };
    return a;
}

Answer Ocpp201::sendLocalList(const QJsonObject &p)
{
    if (!m_station.configuration().boolean(QStringLiteral("LocalAuthListEnabled")))
        return status(QStringLiteral("Failed"));
    return updateLocalList(
        p.value(QLatin1String("versionNumber")).toInt(),
        p.value(QLatin1String("updateType")).toString() == QLatin1String("Full"),
        p.value(QLatin1String("localAuthorizationList")).toArray(),
        [](const QJsonObject &entry) { return field(entry, "idToken", "idToken"); }, QLatin1String("idTokenInfo"));
}

Answer Ocpp201::setChargingProfile(const QJsonObject &p)
{
    const int n = p.value(QLatin1String("evseId")).toInt();
    return installProfile(n, InstalledProfiles::fromOcpp201(p.value(QLatin1String("chargingProfile")).toObject(), n,
                                                            m_station.clock().now()));
}

Answer Ocpp201::clearChargingProfile(const QJsonObject &p)
{
    const QJsonObject criteria = p.value(QLatin1String("chargingProfileCriteria")).toObject();
    const auto purpose = purposeNamed(criteria.value(QLatin1String("chargingProfilePurpose")).toString());
    return clearProfiles(optionalNumber(p, QLatin1String("chargingProfileId")),
                         optionalNumber(criteria, QLatin1String("evseId")), purpose,
                         optionalNumber(criteria, QLatin1String("stackLevel")));
}

Answer Ocpp201::compositeSchedule(const QJsonObject &p) const
{
    const int n = p.value(QLatin1String("evseId")).toInt();
    if (n != 0 && !m_station.hasConnector(n))
        return status(Rejected);
    const QString unit = p.value(QLatin1String("chargingRateUnit")).toString();
    const Composite c = composite(n, unit, p.value(QLatin1String("duration")).toInteger());
    QJsonObject schedule = scheduleJson(c);
    schedule.insert(QStringLiteral("evseId"), n);
    schedule.insert(QStringLiteral("scheduleStart"), timestamp(c.schedule.start));
    return {{{QStringLiteral("status"), Accepted}, {QStringLiteral("schedule"), schedule}}};
}

} // namespace ChargeDesk::Server::Simulator
