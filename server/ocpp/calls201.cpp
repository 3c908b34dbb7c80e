#include "server/ocpp/calls.h"

#include <QJsonArray>

namespace ChargeDesk::Server::Ocpp {

namespace {

using Kind = Core::Command::Kind;

QJsonObject idToken201(const QString &token)
{
    return {{QStringLiteral("idToken"), token}, {QStringLiteral("type"), QStringLiteral("ISO14443")}};
}

MappedCall setVariables201(const Core::Command &c)
{
    QJsonArray data;
    for (const QVariant &s : configurationSettings(c)) {
        const QVariantMap setting = s.toMap();
        const auto [component, variable] = componentVariable(setting.value(QStringLiteral("key")).toString());
        data.append(QJsonObject{{QStringLiteral("attributeValue"), setting.value(QStringLiteral("value")).toString()},
                                {QStringLiteral("component"), component201(component, setting)},
                                {QStringLiteral("variable"), QJsonObject{{QStringLiteral("name"), variable}}}});
    }
    return MappedCall{QStringLiteral("SetVariables"), {{QStringLiteral("setVariableData"), data}}};
}

} // namespace

std::variant<MappedCall, QString> map201(const Core::Command &c, const QDateTime &now)
{
    const QVariantMap &a = c.args;
    const auto arg = [&](const char *name) {
        return a.value(QString::fromLatin1(name));
    };
    const auto evse = [&]() {
        QJsonObject e{{QStringLiteral("id"), arg("evse").toInt()}};
        if (a.contains(QStringLiteral("connector")))
            e.insert(QStringLiteral("connectorId"), arg("connector").toInt());
        return e;
    };
    const int requestId = a.value(QStringLiteral("requestId"), now.toSecsSinceEpoch() % 1000000).toInt();
    switch (c.kind) {
    case Kind::Reset:
        return MappedCall{
            QStringLiteral("Reset"),
            {{QStringLiteral("type"), arg("type").toString() == QLatin1String("hard") ? QStringLiteral("Immediate")
                                                                                      : QStringLiteral("OnIdle")}}};
    case Kind::ChangeAvailability: {
        QJsonObject p{{QStringLiteral("operationalStatus"),
                       arg("operative").toBool() ? QStringLiteral("Operative") : QStringLiteral("Inoperative")}};
        if (arg("evse").toInt() > 0)
            p.insert(QStringLiteral("evse"), evse());
        return MappedCall{QStringLiteral("ChangeAvailability"), p};
    }
    case Kind::UnlockConnector:
        return MappedCall{QStringLiteral("UnlockConnector"),
                          {{QStringLiteral("evseId"), arg("evse").toInt()},
                           {QStringLiteral("connectorId"), arg("connector").toInt()}}};
    case Kind::UpdateFirmware: {
        QJsonObject firmware{{QStringLiteral("location"), arg("location").toString()},
                             {QStringLiteral("retrieveDateTime"), isoTime(now, arg("retrieveAt"))}};
        if (a.contains(QStringLiteral("installAt")))
            firmware.insert(QStringLiteral("installDateTime"), isoTime(now, arg("installAt")));
        QJsonObject p{{QStringLiteral("requestId"), requestId}, {QStringLiteral("firmware"), firmware}};
        putInt(p, "retries", a, "retries");
        putInt(p, "retryInterval", a, "retryInterval");
        return MappedCall{QStringLiteral("UpdateFirmware"), p};
    }
    case Kind::UploadDiagnostics: {
        QJsonObject log{{QStringLiteral("remoteLocation"), arg("location").toString()}};
        if (a.contains(QStringLiteral("start")))
            log.insert(QStringLiteral("oldestTimestamp"), isoTime(now, arg("start")));
        if (a.contains(QStringLiteral("stop")))
            log.insert(QStringLiteral("latestTimestamp"), isoTime(now, arg("stop")));
        QJsonObject p{{QStringLiteral("logType"), QStringLiteral("DiagnosticsLog")},
                      {QStringLiteral("requestId"), requestId},
                      {QStringLiteral("log"), log}};
        putInt(p, "retries", a, "retries");
        putInt(p, "retryInterval", a, "retryInterval");
        return MappedCall{QStringLiteral("GetLog"), p};
    }
    case Kind::TriggerMessage: {
        const QString name = triggerName(arg("message").toString(), Version::V201);
        if (name.isEmpty())
            return QStringLiteral("Unknown message to trigger: %1").arg(arg("message").toString());
        QJsonObject p{{QStringLiteral("requestedMessage"), name}};
        if (a.contains(QStringLiteral("evse")))
            p.insert(QStringLiteral("evse"), evse());
        return MappedCall{QStringLiteral("TriggerMessage"), p};
    }
    case Kind::GetConfiguration: {
        QJsonArray data;
        for (const QString &key : arg("keys").toStringList()) {
            const auto [component, variable] = componentVariable(key);
            data.append(QJsonObject{{QStringLiteral("component"), QJsonObject{{QStringLiteral("name"), component}}},
                                    {QStringLiteral("variable"), QJsonObject{{QStringLiteral("name"), variable}}}});
        }
        if (data.isEmpty())
            return QStringLiteral(
                "OCPP 2.0.1 reads named variables (Component/Variable); use get-base-report for all of them.");
        return MappedCall{QStringLiteral("GetVariables"), {{QStringLiteral("getVariableData"), data}}};
    }
    case Kind::ChangeConfiguration: return setVariables201(c);
    case Kind::ClearCache: return MappedCall{QStringLiteral("ClearCache"), {}};
    case Kind::SendLocalList: {
        QJsonArray list;
        for (const QVariant &e : arg("entries").toList()) {
            const QVariantMap m = e.toMap();
            QJsonObject info{{QStringLiteral("status"), statusName(m.value(QStringLiteral("status")).toString())}};
            if (m.contains(QStringLiteral("expiresAt")))
                info.insert(QStringLiteral("cacheExpiryDateTime"), isoTime(now, m.value(QStringLiteral("expiresAt"))));
            list.append(
                QJsonObject{{QStringLiteral("idToken"), idToken201(m.value(QStringLiteral("idToken")).toString())},
                            {QStringLiteral("idTokenInfo"), info}});
        }
        QJsonObject p{{QStringLiteral("versionNumber"), arg("version").toInt()},
                      {QStringLiteral("updateType"),
                       arg("full").toBool() ? QStringLiteral("Full") : QStringLiteral("Differential")}};
        if (!list.isEmpty()) // the 2.0.1 schema wants at least one entry when the list is sent
            p.insert(QStringLiteral("localAuthorizationList"), list);
        return MappedCall{QStringLiteral("SendLocalList"), p};
    }
    case Kind::GetLocalListVersion: return MappedCall{QStringLiteral("GetLocalListVersion"), {}};
    case Kind::ReserveNow: {
        QJsonObject p{{QStringLiteral("id"), arg("reservationId").toInt()},
                      {QStringLiteral("expiryDateTime"), isoTime(now, arg("expiresAt"))},
                      {QStringLiteral("idToken"), idToken201(arg("idToken").toString())}};
        putInt(p, "evseId", a, "evse");
        return MappedCall{QStringLiteral("ReserveNow"), p};
    }
    case Kind::CancelReservation:
        return MappedCall{QStringLiteral("CancelReservation"),
                          {{QStringLiteral("reservationId"), arg("reservationId").toInt()}}};
    case Kind::RemoteStart: {
        QJsonObject p{{QStringLiteral("idToken"), idToken201(arg("idToken").toString())},
                      {QStringLiteral("remoteStartId"), a.value(QStringLiteral("remoteStartId"), requestId).toInt()}};
        putInt(p, "evseId", a, "evse");
        if (a.contains(QStringLiteral("chargingProfile")))
            p.insert(QStringLiteral("chargingProfile"), remoteStartProfile(a, Version::V201, now));
        return MappedCall{QStringLiteral("RequestStartTransaction"), p};
    }
    case Kind::RemoteStop:
        return MappedCall{QStringLiteral("RequestStopTransaction"),
                          {{QStringLiteral("transactionId"), arg("transactionId").toString()}}};
    case Kind::SetChargingProfile:
        return MappedCall{QStringLiteral("SetChargingProfile"),
                          {{QStringLiteral("evseId"), profileTarget(a, Version::V201)},
                           {QStringLiteral("chargingProfile"), chargingProfile(a, Version::V201, now)}}};
    case Kind::ClearChargingProfile: {
        QJsonObject p;
        putInt(p, "chargingProfileId", a, "id");
        QJsonObject criteria;
        if (a.contains(QStringLiteral("evse")))
            criteria.insert(QStringLiteral("evseId"), profileTarget(a, Version::V201));
        if (a.contains(QStringLiteral("purpose")))
            criteria.insert(QStringLiteral("chargingProfilePurpose"),
                            ocppPurpose(arg("purpose").toString(), Version::V201));
        putInt(criteria, "stackLevel", a, "stackLevel");
        if (!criteria.isEmpty())
            p.insert(QStringLiteral("chargingProfileCriteria"), criteria);
        return MappedCall{QStringLiteral("ClearChargingProfile"), p};
    }
    case Kind::GetCompositeSchedule: {
        QJsonObject p{{QStringLiteral("evseId"), profileTarget(a, Version::V201)},
                      {QStringLiteral("duration"), arg("duration").toInt()}};
        if (a.contains(QStringLiteral("unit")))
            p.insert(QStringLiteral("chargingRateUnit"), arg("unit").toString());
        return MappedCall{QStringLiteral("GetCompositeSchedule"), p};
    }
    case Kind::DataTransfer: {
        QJsonObject p{{QStringLiteral("vendorId"), arg("vendorId").toString()}};
        if (a.contains(QStringLiteral("messageId")))
            p.insert(QStringLiteral("messageId"), arg("messageId").toString());
        if (a.contains(QStringLiteral("data")))
            p.insert(QStringLiteral("data"), arg("data").toString());
        return MappedCall{QStringLiteral("DataTransfer"), p};
    }
    case Kind::GetBaseReport: {
        const QString report = arg("report").toString();
        return MappedCall{QStringLiteral("GetBaseReport"),
                          {{QStringLiteral("requestId"), requestId},
                           {QStringLiteral("reportBase"),
                            report == QLatin1String("configuration") ? QStringLiteral("ConfigurationInventory")
                            : report == QLatin1String("summary")     ? QStringLiteral("SummaryInventory")
                                                                     : QStringLiteral("FullInventory")}}};
    }
    case Kind::SetDisplayMessage: {
        const QString priority = arg("priority").toString();
        return MappedCall{
            QStringLiteral("SetDisplayMessage"),
            {{QStringLiteral("message"),
              QJsonObject{
                  {QStringLiteral("id"), arg("id").toInt()},
                  {QStringLiteral("priority"), priority == QLatin1String("always")  ? QStringLiteral("AlwaysFront")
                                               : priority == QLatin1String("front") ? QStringLiteral("InFront")
                                                                                    : QStringLiteral("NormalCycle")},
                  {QStringLiteral("message"), QJsonObject{{QStringLiteral("format"), QStringLiteral("UTF8")},
                                                          {QStringLiteral("content"), arg("message").toString()}}}}}}};
    }
    case Kind::GetDisplayMessages:
        return MappedCall{QStringLiteral("GetDisplayMessages"), {{QStringLiteral("requestId"), requestId}}};
    case Kind::ClearDisplayMessage:
        return MappedCall{QStringLiteral("ClearDisplayMessage"), {{QStringLiteral("id"), arg("id").toInt()}}};
    case Kind::Disconnect: break; // the gateway's own, no call
    }
    return QStringLiteral("Unknown command.");
}

} // namespace ChargeDesk::Server::Ocpp
