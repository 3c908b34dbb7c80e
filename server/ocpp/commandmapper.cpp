#include "server/ocpp/commandmapper.h"

#include <QDateTime>
#include <QJsonArray>

#include <cmath>

// Neutral arguments, by command (times: UTC milliseconds or ISO 8601 text):
//   reset                  type: "soft" | "hard"
//   change-availability    evse (0 = whole station), connector (optional), operative: bool
//   unlock-connector       evse, connector
//   update-firmware        location, retrieveAt, installAt, retries, retryInterval, requestId
//   upload-diagnostics     location, start, stop, retries, retryInterval, requestId
//   trigger-message        message: boot|diagnostics|firmware|heartbeat|meter|status, evse, connector
//   get-configuration      keys: [..] (2.0.1: "Component/Variable"; empty = all in 1.6)
//   change-configuration   key, value; or settings: [{key, value, evse, connector}] (evse and
//                          connector only in 2.0.1; 1.6 gets one ChangeConfiguration per setting)
//   send-local-list        version, full: bool, entries: [{idToken, status, expiresAt}]
//   reserve-now            reservationId, evse, connector, idToken, expiresAt
//   cancel-reservation     reservationId
//   remote-start           evse, connector, idToken, remoteStartId, chargingProfile (optional:
//                          the set-charging-profile arguments below; its purpose is always tx)
//   remote-stop            transactionId
//   set-charging-profile   evse, connector, id, stackLevel, purpose: charger_total|session_default|tx,
//                          kind: absolute|recurring|relative, recurrency: daily|weekly,
//                          unit: W|A, periods: [{start, limit, phases}], validFrom, validTo,
//                          scheduleStart, duration, transactionId
//   clear-charging-profile id, evse, connector, purpose, stackLevel
//   get-composite-schedule evse, connector, duration, unit
//
// Where a charging profile applies: a 1.6 station is one charger (evse 1) whose connectorId
// is our connector number, so 1.6 takes `connector` when it is given (0 = every connector)
// and `evse` otherwise; 2.0.1 takes `evse`. A charger_total profile limits the whole station,
// and OCPP accepts ChargePointMaxProfile / ChargingStationMaxProfile only on connectorId 0 /
// evseId 0, so it always goes there whatever evse or connector says. 1.6 limits are sent in
// steps of 0.1 (the schema's multipleOf).
//   data-transfer          vendorId, messageId, data
//   get-base-report        requestId, report: full|configuration|summary        (2.0.1)
//   set-display-message    id, message, priority: always|front|normal          (2.0.1)
//   get-display-messages   requestId                                             (2.0.1)
//   clear-display-message  id                                                    (2.0.1)

namespace ChargeDesk::Server::Ocpp {

namespace {

using Kind = Core::Command::Kind;

QString isoTime(const QVariant &value, const QDateTime &fallback = QDateTime::currentDateTimeUtc())
{
    QDateTime at;
    if (value.typeId() == QMetaType::QString)
        at = QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
    else if (value.typeId() == QMetaType::QDateTime)
        at = value.toDateTime();
    else if (value.isValid() && !value.isNull())
        at = QDateTime::fromMSecsSinceEpoch(value.toLongLong(), Qt::UTC);
    if (!at.isValid())
        at = fallback;
    return at.toUTC().toString(Qt::ISODateWithMs);
}

void putInt(QJsonObject &o, const char *key, const QVariantMap &args, const char *arg)
{
    if (args.contains(QString::fromLatin1(arg)))
        o.insert(QString::fromLatin1(key), args.value(QString::fromLatin1(arg)).toInt());
}

QJsonObject idToken201(const QString &token)
{
    return {{QStringLiteral("idToken"), token}, {QStringLiteral("type"), QStringLiteral("ISO14443")}};
}

QString statusName(const QString &status)
{
    const QString s = status.isEmpty() ? QStringLiteral("accepted") : status.toLower();
    static const QHash<QString, QString> names{{QStringLiteral("accepted"), QStringLiteral("Accepted")},
                                               {QStringLiteral("blocked"), QStringLiteral("Blocked")},
                                               {QStringLiteral("expired"), QStringLiteral("Expired")},
                                               {QStringLiteral("invalid"), QStringLiteral("Invalid")}};
    return names.value(s, QStringLiteral("Invalid"));
}

std::pair<QString, QString> componentVariable(const QString &key)
{
    const qsizetype slash = key.indexOf(QLatin1Char('/'));
    if (slash < 0)
        return {QString(), key};
    return {key.left(slash), key.mid(slash + 1)};
}

bool isChargerTotal(const QVariantMap &a)
{
    return a.value(QStringLiteral("purpose")).toString() == QLatin1String("charger_total");
}

// The connectorId (1.6) or evseId (2.0.1) a profile command addresses; see the note at the top.
int profileTarget(const QVariantMap &a, Version v)
{
    if (isChargerTotal(a))
        return 0;
    if (v == Version::V16 && a.contains(QStringLiteral("connector")))
        return a.value(QStringLiteral("connector")).toInt();
    return a.value(QStringLiteral("evse")).toInt();
}

QString ocppPurpose(const QString &purpose, Version v)
{
    if (purpose == QLatin1String("charger_total"))
        return v == Version::V16 ? QStringLiteral("ChargePointMaxProfile")
                                 : QStringLiteral("ChargingStationMaxProfile");
    if (purpose == QLatin1String("session_default"))
        return QStringLiteral("TxDefaultProfile");
    return QStringLiteral("TxProfile");
}

QJsonObject chargingProfile(const QVariantMap &a, Version v)
{
    const QString purpose = a.value(QStringLiteral("purpose"), QStringLiteral("tx")).toString();
    const bool v16 = v == Version::V16;
    const QString kind = a.value(QStringLiteral("kind"), QStringLiteral("absolute")).toString();
    QJsonArray periods;
    for (const QVariant &p : a.value(QStringLiteral("periods")).toList()) {
        const QVariantMap m = p.toMap();
        QJsonObject period{
            {QStringLiteral("startPeriod"), m.value(QStringLiteral("start")).toInt()},
            {QStringLiteral("limit"), std::round(m.value(QStringLiteral("limit")).toDouble() * 10) / 10}};
        if (m.contains(QStringLiteral("phases")))
            period.insert(QStringLiteral("numberPhases"), m.value(QStringLiteral("phases")).toInt());
        periods.append(period);
    }
    QJsonObject schedule{
        {QStringLiteral("chargingRateUnit"), a.value(QStringLiteral("unit"), QStringLiteral("W")).toString()},
        {QStringLiteral("chargingSchedulePeriod"), periods}};
    putInt(schedule, "duration", a, "duration");
    if (a.contains(QStringLiteral("scheduleStart")))
        schedule.insert(QStringLiteral("startSchedule"), isoTime(a.value(QStringLiteral("scheduleStart"))));
    if (!v16)
        schedule.insert(QStringLiteral("id"), a.value(QStringLiteral("id"), 1).toInt());
    QJsonObject profile{
        {v16 ? QStringLiteral("chargingProfileId") : QStringLiteral("id"), a.value(QStringLiteral("id"), 1).toInt()},
        {QStringLiteral("stackLevel"), a.value(QStringLiteral("stackLevel")).toInt()},
        {QStringLiteral("chargingProfilePurpose"), ocppPurpose(purpose, v)},
        {QStringLiteral("chargingProfileKind"), kind == QLatin1String("recurring")  ? QStringLiteral("Recurring")
                                                : kind == QLatin1String("relative") ? QStringLiteral("Relative")
                                                                                    : QStringLiteral("Absolute")}};
    if (kind == QLatin1String("recurring"))
        profile.insert(QStringLiteral("recurrencyKind"),
                       a.value(QStringLiteral("recurrency")).toString() == QLatin1String("weekly")
                           ? QStringLiteral("Weekly")
                           : QStringLiteral("Daily"));
    if (a.contains(QStringLiteral("validFrom")))
        profile.insert(QStringLiteral("validFrom"), isoTime(a.value(QStringLiteral("validFrom"))));
    if (a.contains(QStringLiteral("validTo")))
        profile.insert(QStringLiteral("validTo"), isoTime(a.value(QStringLiteral("validTo"))));
    if (a.contains(QStringLiteral("transactionId"))) {
        if (v16)
            profile.insert(QStringLiteral("transactionId"), a.value(QStringLiteral("transactionId")).toLongLong());
        else
            profile.insert(QStringLiteral("transactionId"), a.value(QStringLiteral("transactionId")).toString());
    }
    if (v16)
        profile.insert(QStringLiteral("chargingSchedule"), schedule);
    else
        profile.insert(QStringLiteral("chargingSchedule"), QJsonArray{schedule});
    return profile;
}

// RemoteStartTransaction / RequestStartTransaction carry a TxProfile for the transaction
// they start, so there is no transaction id yet.
QJsonObject remoteStartProfile(const QVariantMap &a, Version v)
{
    QVariantMap profile = a.value(QStringLiteral("chargingProfile")).toMap();
    profile.insert(QStringLiteral("purpose"), QStringLiteral("tx"));
    profile.remove(QStringLiteral("transactionId"));
    return chargingProfile(profile, v);
}

QString triggerName(const QString &message, Version v)
{
    static const QHash<QString, std::pair<QString, QString>> names{
        {QStringLiteral("boot"), {QStringLiteral("BootNotification"), QStringLiteral("BootNotification")}},
        {QStringLiteral("diagnostics"),
         {QStringLiteral("DiagnosticsStatusNotification"), QStringLiteral("LogStatusNotification")}},
        {QStringLiteral("firmware"),
         {QStringLiteral("FirmwareStatusNotification"), QStringLiteral("FirmwareStatusNotification")}},
        {QStringLiteral("heartbeat"), {QStringLiteral("Heartbeat"), QStringLiteral("Heartbeat")}},
        {QStringLiteral("meter"), {QStringLiteral("MeterValues"), QStringLiteral("MeterValues")}},
        {QStringLiteral("status"), {QStringLiteral("StatusNotification"), QStringLiteral("StatusNotification")}}};
    const auto it = names.constFind(message);
    if (it == names.constEnd())
        return {};
    return v == Version::V16 ? it->first : it->second;
}

// OCPP's status spelling ("RebootRequired") in the neutral one ("reboot_required").
QString neutralStatus(const QString &status)
{
    QString out;
    for (const QChar ch : status) {
        if (ch.isUpper() && !out.isEmpty())
            out += QLatin1Char('_');
        out += ch.toLower();
    }
    return out;
}

QJsonObject component201(const QString &name, const QVariantMap &setting)
{
    QJsonObject component{{QStringLiteral("name"), name}};
    const int evse = setting.value(QStringLiteral("evse")).toInt();
    if (evse > 0) {
        QJsonObject e{{QStringLiteral("id"), evse}};
        if (const int connector = setting.value(QStringLiteral("connector")).toInt(); connector > 0)
            e.insert(QStringLiteral("connectorId"), connector);
        component.insert(QStringLiteral("evse"), e);
    }
    return component;
}

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

// The answer of a 2.0.1 station for one setting; it may list its results in any order.
Core::SettingResult setVariableResult(const QJsonArray &results, const QVariantMap &setting)
{
    const auto [component, variable] = componentVariable(setting.value(QStringLiteral("key")).toString());
    const QJsonObject wanted = component201(component, setting);
    for (const QJsonValue &v : results) {
        const QJsonObject r = v.toObject();
        const QJsonObject c = r.value(QStringLiteral("component")).toObject();
        if (c.value(QStringLiteral("name")) != wanted.value(QStringLiteral("name")) ||
            c.value(QStringLiteral("evse")) != wanted.value(QStringLiteral("evse")) ||
            r.value(QStringLiteral("variable")).toObject().value(QStringLiteral("name")).toString() != variable)
            continue;
        const QJsonObject info = r.value(QStringLiteral("attributeStatusInfo")).toObject();
        QStringList detail{info.value(QStringLiteral("reasonCode")).toString(),
                           info.value(QStringLiteral("additionalInfo")).toString()};
        detail.removeAll(QString());
        return {neutralStatus(r.value(QStringLiteral("attributeStatus")).toString()),
                detail.join(QStringLiteral(": "))};
    }
    return {QStringLiteral("unanswered"), QStringLiteral("The station's answer does not mention this setting.")};
}

std::variant<MappedCall, QString> map16(const Core::Command &c)
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
                      {QStringLiteral("retrieveDate"), isoTime(arg("retrieveAt"))}};
        putInt(p, "retries", a, "retries");
        putInt(p, "retryInterval", a, "retryInterval");
        return MappedCall{QStringLiteral("UpdateFirmware"), p};
    }
    case Kind::UploadDiagnostics: {
        QJsonObject p{{QStringLiteral("location"), arg("location").toString()}};
        putInt(p, "retries", a, "retries");
        putInt(p, "retryInterval", a, "retryInterval");
        if (a.contains(QStringLiteral("start")))
            p.insert(QStringLiteral("startTime"), isoTime(arg("start")));
        if (a.contains(QStringLiteral("stop")))
            p.insert(QStringLiteral("stopTime"), isoTime(arg("stop")));
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
                info.insert(QStringLiteral("expiryDate"), isoTime(m.value(QStringLiteral("expiresAt"))));
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
                           {QStringLiteral("expiryDate"), isoTime(arg("expiresAt"))},
                           {QStringLiteral("idTag"), arg("idToken").toString()},
                           {QStringLiteral("reservationId"), arg("reservationId").toInt()}}};
    case Kind::CancelReservation:
        return MappedCall{QStringLiteral("CancelReservation"),
                          {{QStringLiteral("reservationId"), arg("reservationId").toInt()}}};
    case Kind::RemoteStart: {
        QJsonObject p{{QStringLiteral("idTag"), arg("idToken").toString()}};
        putInt(p, "connectorId", a, "connector");
        if (a.contains(QStringLiteral("chargingProfile")))
            p.insert(QStringLiteral("chargingProfile"), remoteStartProfile(a, Version::V16));
        return MappedCall{QStringLiteral("RemoteStartTransaction"), p};
    }
    case Kind::RemoteStop:
        return MappedCall{QStringLiteral("RemoteStopTransaction"),
                          {{QStringLiteral("transactionId"), arg("transactionId").toLongLong()}}};
    case Kind::SetChargingProfile:
        return MappedCall{QStringLiteral("SetChargingProfile"),
                          {{QStringLiteral("connectorId"), profileTarget(a, Version::V16)},
                           {QStringLiteral("csChargingProfiles"), chargingProfile(a, Version::V16)}}};
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
    case Kind::ClearDisplayMessage: break;
    }
    return QStringLiteral("OCPP 1.6 has no %1.").arg(Core::Command::kindName(c.kind));
}

std::variant<MappedCall, QString> map201(const Core::Command &c)
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
    const int requestId = a.value(QStringLiteral("requestId"), QDateTime::currentSecsSinceEpoch() % 1000000).toInt();
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
                             {QStringLiteral("retrieveDateTime"), isoTime(arg("retrieveAt"))}};
        if (a.contains(QStringLiteral("installAt")))
            firmware.insert(QStringLiteral("installDateTime"), isoTime(arg("installAt")));
        QJsonObject p{{QStringLiteral("requestId"), requestId}, {QStringLiteral("firmware"), firmware}};
        putInt(p, "retries", a, "retries");
        putInt(p, "retryInterval", a, "retryInterval");
        return MappedCall{QStringLiteral("UpdateFirmware"), p};
    }
    case Kind::UploadDiagnostics: {
        QJsonObject log{{QStringLiteral("remoteLocation"), arg("location").toString()}};
        if (a.contains(QStringLiteral("start")))
            log.insert(QStringLiteral("oldestTimestamp"), isoTime(arg("start")));
        if (a.contains(QStringLiteral("stop")))
            log.insert(QStringLiteral("latestTimestamp"), isoTime(arg("stop")));
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
                info.insert(QStringLiteral("cacheExpiryDateTime"), isoTime(m.value(QStringLiteral("expiresAt"))));
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
                      {QStringLiteral("expiryDateTime"), isoTime(arg("expiresAt"))},
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
            p.insert(QStringLiteral("chargingProfile"), remoteStartProfile(a, Version::V201));
        return MappedCall{QStringLiteral("RequestStartTransaction"), p};
    }
    case Kind::RemoteStop:
        return MappedCall{QStringLiteral("RequestStopTransaction"),
                          {{QStringLiteral("transactionId"), arg("transactionId").toString()}}};
    case Kind::SetChargingProfile:
        return MappedCall{QStringLiteral("SetChargingProfile"),
                          {{QStringLiteral("evseId"), profileTarget(a, Version::V201)},
                           {QStringLiteral("chargingProfile"), chargingProfile(a, Version::V201)}}};
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
    }
    return QStringLiteral("Unknown command.");
}

} // namespace

std::variant<MappedCall, QString> mapCommand(const Core::Command &command, Version version)
{
    return version == Version::V16 ? map16(command) : map201(command);
}

QVariantList configurationSettings(const Core::Command &command)
{
    if (command.args.contains(QStringLiteral("settings")))
        return command.args.value(QStringLiteral("settings")).toList();
    return {QVariantMap{{QStringLiteral("key"), command.args.value(QStringLiteral("key"))},
                        {QStringLiteral("value"), command.args.value(QStringLiteral("value"))}}};
}

QList<Core::Command> splitCommand(const Core::Command &command, Version version)
{
    if (command.kind != Kind::ChangeConfiguration || version != Version::V16)
        return {command};
    const QVariantList settings = configurationSettings(command);
    if (settings.size() < 2)
        return {command};
    QList<Core::Command> parts;
    for (const QVariant &setting : settings)
        parts << Core::Command{Kind::ChangeConfiguration, {{QStringLiteral("settings"), QVariantList{setting}}}};
    return parts;
}

QList<Core::SettingResult> settingResults(const Core::Command &command, Version version, const QJsonObject &answer)
{
    QList<Core::SettingResult> results;
    if (command.kind != Kind::ChangeConfiguration)
        return results;
    const QJsonArray answered = answer.value(QStringLiteral("setVariableResult")).toArray();
    for (const QVariant &setting : configurationSettings(command)) {
        if (version == Version::V16)
            results << Core::SettingResult{neutralStatus(answer.value(QStringLiteral("status")).toString()), {}};
        else
            results << setVariableResult(answered, setting.toMap());
    }
    return results;
}

QList<Core::ConfigurationValue> configurationValues(const Core::Command &command, Version version,
                                                    const QJsonObject &answer)
{
    QList<Core::ConfigurationValue> values;
    if (command.kind != Kind::GetConfiguration)
        return values;
    if (version == Version::V16) {
        for (const QJsonValue &v : answer.value(QStringLiteral("configurationKey")).toArray()) {
            const QJsonObject o = v.toObject();
            values << Core::ConfigurationValue{
                o.value(QStringLiteral("key")).toString(), o.value(QStringLiteral("value")).toString(),
                o.value(QStringLiteral("readonly")).toBool(), 0, QStringLiteral("accepted")};
        }
        for (const QJsonValue &v : answer.value(QStringLiteral("unknownKey")).toArray())
            values << Core::ConfigurationValue{v.toString(), {}, false, 0, QStringLiteral("unknown_key")};
        return values;
    }
    for (const QJsonValue &v : answer.value(QStringLiteral("getVariableResult")).toArray()) {
        const QJsonObject o = v.toObject();
        const QJsonObject component = o.value(QStringLiteral("component")).toObject();
        values << Core::ConfigurationValue{
            component.value(QStringLiteral("name")).toString() + QLatin1Char('/') +
                o.value(QStringLiteral("variable")).toObject().value(QStringLiteral("name")).toString(),
            o.value(QStringLiteral("attributeValue")).toString(), false,
            component.value(QStringLiteral("evse")).toObject().value(QStringLiteral("id")).toInt(),
            neutralStatus(o.value(QStringLiteral("attributeStatus")).toString())};
    }
    return values;
}

QVariantMap compositeScheduleIn(const Core::Command &command, Version version, const QJsonObject &answer)
{
    if (command.kind != Kind::GetCompositeSchedule)
        return {};
    // 1.6 puts the schedule's start beside it (or in it); 2.0.1 wraps both in "schedule".
    const QJsonObject outer = version == Version::V16 ? answer : answer.value(QStringLiteral("schedule")).toObject();
    const QJsonObject schedule =
        version == Version::V16 ? answer.value(QStringLiteral("chargingSchedule")).toObject() : outer;
    if (schedule.isEmpty())
        return {};
    QString start = outer.value(QStringLiteral("scheduleStart")).toString();
    if (start.isEmpty())
        start = schedule.value(QStringLiteral("startSchedule")).toString();
    QVariantList periods;
    for (const QJsonValue &v : schedule.value(QStringLiteral("chargingSchedulePeriod")).toArray()) {
        const QJsonObject o = v.toObject();
        QVariantMap period{{QStringLiteral("start"), o.value(QStringLiteral("startPeriod")).toInt()},
                           {QStringLiteral("limit"), o.value(QStringLiteral("limit")).toDouble()}};
        if (o.contains(QStringLiteral("numberPhases")))
            period.insert(QStringLiteral("phases"), o.value(QStringLiteral("numberPhases")).toInt());
        periods << period;
    }
    QVariantMap neutral{{QStringLiteral("unit"), schedule.value(QStringLiteral("chargingRateUnit")).toString()},
                        {QStringLiteral("periods"), periods}};
    if (const QDateTime at = QDateTime::fromString(start, Qt::ISODateWithMs); at.isValid())
        neutral.insert(QStringLiteral("start"), at.toMSecsSinceEpoch());
    if (schedule.contains(QStringLiteral("duration")))
        neutral.insert(QStringLiteral("duration"), schedule.value(QStringLiteral("duration")).toInt());
    return neutral;
}

std::optional<int> heartbeatIntervalIn(const Core::Command &command, Version version, const Core::CommandResult &result)
{
    const QString key = version == Version::V16 ? QStringLiteral("HeartbeatInterval")
                                                : QStringLiteral("OCPPCommCtrlr/HeartbeatInterval");
    const auto seconds = [](const QString &text) -> std::optional<int> {
        bool ok = false;
        const int s = text.trimmed().toInt(&ok);
        return ok && s >= 0 ? std::optional<int>(s) : std::nullopt;
    };
    std::optional<int> found;
    if (command.kind == Kind::ChangeConfiguration) {
        const QVariantList settings = configurationSettings(command);
        for (qsizetype i = 0; i < settings.size() && i < result.settings.size(); ++i) {
            const QVariantMap s = settings.at(i).toMap();
            const QString status = result.settings.at(i).status;
            // reboot_required: the station takes the value at its next boot, and its boot
            // answer sets the interval again anyway.
            if (s.value(QStringLiteral("key")).toString() == key && status == QLatin1String("accepted"))
                found = seconds(s.value(QStringLiteral("value")).toString());
        }
    }
    for (const Core::ConfigurationValue &v : result.values) {
        if (v.key == key && v.status == QLatin1String("accepted"))
            found = seconds(v.value);
    }
    return found;
}

} // namespace ChargeDesk::Server::Ocpp
