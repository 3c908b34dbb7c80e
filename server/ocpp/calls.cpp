#include "server/ocpp/calls.h"

#include <QDateTime>
#include <QJsonArray>

#include <cmath>

namespace ChargeDesk::Server::Ocpp {

namespace {

bool isChargerTotal(const QVariantMap &a)
{
    return a.value(QStringLiteral("purpose")).toString() == QLatin1String("charger_total");
}

} // namespace

QString isoTime(const QDateTime &fallback, const QVariant &value)
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

QJsonObject chargingProfile(const QVariantMap &a, Version v, const QDateTime &now)
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
        schedule.insert(QStringLiteral("startSchedule"), isoTime(now, a.value(QStringLiteral("scheduleStart"))));
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
        profile.insert(QStringLiteral("validFrom"), isoTime(now, a.value(QStringLiteral("validFrom"))));
    if (a.contains(QStringLiteral("validTo")))
        profile.insert(QStringLiteral("validTo"), isoTime(now, a.value(QStringLiteral("validTo"))));
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
QJsonObject remoteStartProfile(const QVariantMap &a, Version v, const QDateTime &now)
{
    QVariantMap profile = a.value(QStringLiteral("chargingProfile")).toMap();
    profile.insert(QStringLiteral("purpose"), QStringLiteral("tx"));
    profile.remove(QStringLiteral("transactionId"));
    return chargingProfile(profile, v, now);
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

} // namespace ChargeDesk::Server::Ocpp
