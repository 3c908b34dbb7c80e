#include "server/ocpp/commandanswers.h"

#include "server/ocpp/calls.h"

#include <QJsonArray>

namespace ChargeDesk::Server::Ocpp {

namespace {

using Kind = Core::Command::Kind;

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

} // namespace

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
