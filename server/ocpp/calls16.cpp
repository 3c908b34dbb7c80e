#include "server/ocpp/calls.h"

#include <QJsonArray>

namespace ChargeDesk::Server::Ocpp {

namespace {

using Kind = Core::Command::Kind;

std::variant<MappedCall, QString> changeConfiguration16(const Core::Command &c)
{
    const QVariantList settings = configurationSettings(c);
    if (settings.size() != 1)
        return QStringLiteral("OCPP 1.6 changes one configuration key per call.");
    const QVariantMap setting = settings.first().toMap();
    if (setting.value(QStringLiteral("evse")).toInt() > 0 || setting.value(QStringLiteral("connector")).toInt() > 0)
        return QStringLiteral(
            "OCPP 1.6 configuration keys apply to the whole station, not to one charger or connector.");
    return MappedCall{QStringLiteral("ChangeConfiguration"),
                      {{QStringLiteral("key"), setting.value(QStringLiteral("key")).toString()},
                       {QStringLiteral("value"), setting.value(QStringLiteral("value")).toString()}}};
}

} // namespace

std::variant<MappedCall, QString> map16(const Core::Command &c, const QDateTime &now)
{
    const QVariantMap &a = c.args;
    const auto arg = [&](const char *name) {
        return a.value(QString::fromLatin1(name));
    };
    switch (c.kind) {
    case Kind::Reset:
        return MappedCall{
            QStringLiteral("Reset"),
            {{QStringLiteral("type"),
              arg("type").toString() == QLatin1String("hard") ? QStringLiteral("Hard") : QStringLiteral("Soft")}}};
    case Kind::ChangeAvailability:
        return MappedCall{QStringLiteral("ChangeAvailability"),
                          {{QStringLiteral("connectorId"), arg("connector").toInt()},
                           {QStringLiteral("type"),
                            arg("operative").toBool() ? QStringLiteral("Operative") : QStringLiteral("Inoperative")}}};
    case Kind::UnlockConnector:
        return MappedCall{QStringLiteral("UnlockConnector"),
                          {{QStringLiteral("connectorId"), arg("connector").toInt()}}};
    case Kind::UpdateFirmware: {
        QJsonObject p{{QStringLiteral("location"), arg("location").toString()},
                      {QStringLiteral("retrieveDate"), isoTime(now, arg("retrieveAt"))}};
        putInt(p, "retries", a, "retries");
        putInt(p, "retryInterval", a, "retryInterval");
        return MappedCall{QStringLiteral("UpdateFirmware"), p};
    }
    case Kind::UploadDiagnostics: {
        QJsonObject p{{QStringLiteral("location"), arg("location").toString()}};
        putInt(p, "retries", a, "retries");
        putInt(p, "retryInterval", a, "retryInterval");
        if (a.contains(QStringLiteral("start")))
            p.insert(QStringLiteral("startTime"), isoTime(now, arg("start")));
        if (a.contains(QStringLiteral("stop")))
            p.insert(QStringLiteral("stopTime"), isoTime(now, arg("stop")));
        return MappedCall{QStringLiteral("GetDiagnostics"), p};
    }
    case Kind::TriggerMessage: {
        const QString name = triggerName(arg("message").toString(), Version::V16);
        if (name.isEmpty())
            return QStringLiteral("Unknown message to trigger: %1").arg(arg("message").toString());
        QJsonObject p{{QStringLiteral("requestedMessage"), name}};
        putInt(p, "connectorId", a, "connector");
        return MappedCall{QStringLiteral("TriggerMessage"), p};
    }
    case Kind::GetConfiguration: {
        const QStringList keys = arg("keys").toStringList();
        QJsonObject p;
        if (!keys.isEmpty())
            p.insert(QStringLiteral("key"), QJsonArray::fromStringList(keys));
        return MappedCall{QStringLiteral("GetConfiguration"), p};
    }
    case Kind::ChangeConfiguration: return changeConfiguration16(c);
    case Kind::ClearCache: return MappedCall{QStringLiteral("ClearCache"), {}};
    case Kind::SendLocalList: {
        QJsonArray list;
        for (const QVariant &e : arg("entries").toList()) {
            const QVariantMap m = e.toMap();
            QJsonObject info{{QStringLiteral("status"), statusName(m.value(QStringLiteral("status")).toString())}};
            if (m.contains(QStringLiteral("expiresAt")))
                info.insert(QStringLiteral("expiryDate"), isoTime(now, m.value(QStringLiteral("expiresAt"))));
            list.append(QJsonObject{{QStringLiteral("idTag"), m.value(QStringLiteral("idToken")).toString()},
                                    {QStringLiteral("idTagInfo"), info}});
        }
        QJsonObject p{{QStringLiteral("listVersion"), arg("version").toInt()},
                      {QStringLiteral("updateType"),
                       arg("full").toBool() ? QStringLiteral("Full") : QStringLiteral("Differential")}};
        if (!list.isEmpty()) // an empty full list clears the station's list
            p.insert(QStringLiteral("localAuthorizationList"), list);
        return MappedCall{QStringLiteral("SendLocalList"), p};
    }
    case Kind::GetLocalListVersion: return MappedCall{QStringLiteral("GetLocalListVersion"), {}};
    case Kind::ReserveNow:
        return MappedCall{QStringLiteral("ReserveNow"),
                          {{QStringLiteral("connectorId"), arg("connector").toInt()},
                           {QStringLiteral("expiryDate"), isoTime(now, arg("expiresAt"))},
                           {QStringLiteral("idTag"), arg("idToken").toString()},
                           {QStringLiteral("reservationId"), arg("reservationId").toInt()}}};
    case Kind::CancelReservation:
        return MappedCall{QStringLiteral("CancelReservation"),
                          {{QStringLiteral("reservationId"), arg("reservationId").toInt()}}};
    case Kind::RemoteStart: {
        QJsonObject p{{QStringLiteral("idTag"), arg("idToken").toString()}};
        putInt(p, "connectorId", a, "connector");
        if (a.contains(QStringLiteral("chargingProfile")))
            p.insert(QStringLiteral("chargingProfile"), remoteStartProfile(a, Version::V16, now));
        return MappedCall{QStringLiteral("RemoteStartTransaction"), p};
    }
    case Kind::RemoteStop:
        return MappedCall{QStringLiteral("RemoteStopTransaction"),
                          {{QStringLiteral("transactionId"), arg("transactionId").toLongLong()}}};
    case Kind::SetChargingProfile:
        return MappedCall{QStringLiteral("SetChargingProfile"),
                          {{QStringLiteral("connectorId"), profileTarget(a, Version::V16)},
                           {QStringLiteral("csChargingProfiles"), chargingProfile(a, Version::V16, now)}}};
    case Kind::ClearChargingProfile: {
        QJsonObject p;
        putInt(p, "id", a, "id");
        if (a.contains(QStringLiteral("evse")) || a.contains(QStringLiteral("connector")))
            p.insert(QStringLiteral("connectorId"), profileTarget(a, Version::V16));
        if (a.contains(QStringLiteral("purpose")))
            p.insert(QStringLiteral("chargingProfilePurpose"), ocppPurpose(arg("purpose").toString(), Version::V16));
        putInt(p, "stackLevel", a, "stackLevel");
        return MappedCall{QStringLiteral("ClearChargingProfile"), p};
    }
    case Kind::GetCompositeSchedule: {
        QJsonObject p{{QStringLiteral("connectorId"), profileTarget(a, Version::V16)},
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
    case Kind::GetBaseReport:
    case Kind::SetDisplayMessage:
    case Kind::GetDisplayMessages:
    case Kind::ClearDisplayMessage:
    case Kind::Disconnect: break;
    }
    return QStringLiteral("OCPP 1.6 has no %1.").arg(Core::Command::kindName(c.kind));
}

} // namespace ChargeDesk::Server::Ocpp
