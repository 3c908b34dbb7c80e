#include "server/rest/liveconfigurationcontroller.h"

#include "server/rest/apifields.h"

#include "core/liveconfiguration.h"
#include "core/repository.h"
#include "server/rest/commandcontroller.h"
#include "server/rest/router.h"

#include <QDateTime>
#include <QJsonArray>
#include <QSet>

namespace ChargeDesk::Server::Rest {

using Status = QHttpServerResponder::StatusCode;
using Method = QHttpServerRequest::Method;

namespace {

QString isoTime(qint64 ms)
{
    return ms > 0 ? QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs) : QString();
}

QJsonObject valueJson(const Core::LiveValue &v)
{
    QJsonObject o{{QStringLiteral("key"), v.key},
                  {QStringLiteral("value"), v.value},
                  {QStringLiteral("readonly"), v.readonly},
                  {QStringLiteral("status"), v.status},
                  {QStringLiteral("readAt"), isoTime(v.readAtMs)}};
    if (v.evse > 0)
        o.insert(QStringLiteral("evse"), v.evse);
    return o;
}

} // namespace

LiveConfigurationController::LiveConfigurationController(Core::Repository &repository, Core::LiveConfiguration &live)
    : m_repository(repository)
    , m_live(live)
{}

void LiveConfigurationController::addRoutes(Router &router)
{
    const QString configuration = QStringLiteral("stations/{code}/live-configuration");
    router.add(Method::Get, configuration, [this](const Call &call, const Respond &respond) {
        if (const auto station = findStation(call, respond))
            overview(*station, respond);
    });
    router.add(Method::Put, configuration, [this](const Call &call, const Respond &respond) {
        const auto station = findStation(call, respond);
        if (!station)
            return;
        const auto body = jsonBody(call.request);
        body ? change(*station, *body, respond) : respond(badBody());
    });
    router.addFallback(configuration,
                       Router::refusal(QStringLiteral("Use GET to see the configuration, PUT to change it.")));
    const QString reading = configuration + QStringLiteral("/read");
    router.add(Method::Post, reading, [this](const Call &call, const Respond &respond) {
        const auto station = findStation(call, respond);
        if (!station)
            return;
        const auto body = jsonBody(call.request, true);
        body ? read(*station, *body, respond) : respond(badBody());
    });
    router.addFallback(reading, Router::refusal(QStringLiteral("Reading is started with POST.")));
}

std::optional<Core::Record> LiveConfigurationController::findStation(const Call &call, const Respond &respond)
{
    auto station = m_repository.getByCode(call.actor, Core::Tables::Stations, call.param(QStringLiteral("code")));
    if (!station) {
        respond(Reply::error(station.error()));
        return std::nullopt;
    }
    return station.value();
}

void LiveConfigurationController::overview(const Core::Record &station, const Respond &respond)
{
    const qint64 stationId = station.value(QStringLiteral("id")).toLongLong();
    const QString protocol = station.value(QStringLiteral("protocol")).toString();
    auto values = m_live.stored(stationId);
    if (!values)
        return respond(Reply::error(values.error()));
    // Hand-made changes are the configuration results without a template.
    Core::ListQuery q;
    q.filters << Core::ListQuery::Filter{QStringLiteral("station_id"), Core::ListQuery::Filter::Op::Equals, stationId}
              << Core::ListQuery::Filter{QStringLiteral("template_id"), Core::ListQuery::Filter::Op::IsNull, {}};
    q.limit = 10000;
    auto changes = m_repository.list(Core::Actor::system(), Core::Tables::ConfigResults, q);
    if (!changes)
        return respond(Reply::error(changes.error()));
    QHash<QString, QJsonObject> lastChange;
    for (const Core::Record &r : changes.value())
        lastChange.insert(
            r.value(QStringLiteral("setting_key")).toString(),
            QJsonObject{{QStringLiteral("value"), r.value(QStringLiteral("setting_value")).toString()},
                        {QStringLiteral("status"), r.value(QStringLiteral("status")).toString()},
                        {QStringLiteral("detail"), r.value(QStringLiteral("detail")).toString()},
                        {QStringLiteral("at"), isoTime(r.value(QStringLiteral("applied_at")).toLongLong())}});
    QHash<QString, Core::LiveValue> byKey;
    for (const Core::LiveValue &v : values.value()) {
        if (v.evse == 0)
            byKey.insert(v.key, v);
    }

    QJsonArray groups;
    QSet<QString> catalogued;
    using Group = Core::LiveParameter::Group;
    for (Group g :
         {Group::General, Group::Transactional, Group::Metering, Group::Authorization, Group::PlugAndCharge}) {
        QJsonArray parameters;
        for (const Core::LiveParameter &p : Core::LiveConfiguration::parameters()) {
            if (p.group != g)
                continue;
            const QString key = p.keyFor(protocol);
            catalogued.insert(key);
            QJsonObject o{
                {QStringLiteral("name"), p.name}, {QStringLiteral("label"), p.label}, {QStringLiteral("key"), key}};
            if (byKey.contains(key)) {
                const QJsonObject v = valueJson(byKey.value(key));
                for (auto it = v.begin(); it != v.end(); ++it)
                    o.insert(it.key(), it.value());
            }
            if (lastChange.contains(key))
                o.insert(QStringLiteral("lastChange"), lastChange.value(key));
            parameters.append(o);
        }
        groups.append(QJsonObject{{QStringLiteral("group"), Core::LiveParameter::groupName(g)},
                                  {QStringLiteral("label"), Core::LiveParameter::groupLabel(g)},
                                  {QStringLiteral("parameters"), parameters}});
    }
    QJsonArray other;
    for (const Core::LiveValue &v : values.value()) {
        if (v.evse > 0 || !catalogued.contains(v.key))
            other.append(valueJson(v));
    }
    respond(Reply::json({{QStringLiteral("station"), station.value(QStringLiteral("code")).toString()},
                         {QStringLiteral("protocol"), protocol},
                         {QStringLiteral("groups"), groups},
                         {QStringLiteral("other"), other}}));
}

void LiveConfigurationController::read(const Core::Record &station, const QJsonObject &body, const Respond &respond)
{
    const QString protocol = station.value(QStringLiteral("protocol")).toString();
    // One way of choosing what to read, and nothing else: a typo must not read everything.
    for (auto it = body.begin(); it != body.end(); ++it) {
        if (it.key() != QLatin1String("keys") && it.key() != QLatin1String("group") && it.key() != QLatin1String("all"))
            return respond(invalidField(it.key(), QStringLiteral("Unknown field; use keys, group or all.")));
    }
    if (body.size() > 1)
        return respond(invalidField(QStringLiteral("keys"), QStringLiteral("Give only one of keys, group and all.")));
    if (body.contains(QStringLiteral("all")) && !body.value(QStringLiteral("all")).isBool())
        return respond(invalidField(QStringLiteral("all"), QStringLiteral("true or false.")));
    QStringList keys;
    if (body.contains(QStringLiteral("keys"))) {
        const QJsonValue list = body.value(QStringLiteral("keys"));
        if (!list.isArray() || list.toArray().isEmpty())
            return respond(invalidField(QStringLiteral("keys"), QStringLiteral("Give a non-empty list of keys.")));
        for (const QJsonValue &k : list.toArray()) {
            if (!k.isString() || k.toString().trimmed().isEmpty())
                return respond(
                    invalidField(QStringLiteral("keys"), QStringLiteral("Every key is a non-empty string.")));
            keys << k.toString().trimmed();
        }
    } else if (body.contains(QStringLiteral("group"))) {
        const auto group = Core::LiveParameter::groupFromName(body.value(QStringLiteral("group")).toString());
        if (!group)
            return respond(invalidField(QStringLiteral("group"),
                                        QStringLiteral("Unknown group; use general, transactional, metering, "
                                                       "authorization or plug_and_charge.")));
        keys = Core::LiveConfiguration::keys(protocol, group);
    } else if (!body.value(QStringLiteral("all")).toBool()) {
        keys = Core::LiveConfiguration::keys(protocol);
    }
    m_live.read(station.value(QStringLiteral("id")).toLongLong(), keys,
                [respond](const Core::CommandResult &result) { respond(commandReply(result)); });
}

void LiveConfigurationController::change(const Core::Record &station, const QJsonObject &body, const Respond &respond)
{
    const QJsonValue key = body.value(QStringLiteral("key"));
    const QJsonValue value = body.value(QStringLiteral("value"));
    if (!key.isString() || key.toString().trimmed().isEmpty())
        return respond(invalidField(QStringLiteral("key"), QStringLiteral("Name the key to change.")));
    if (!value.isString() && !value.isDouble() && !value.isBool())
        return respond(invalidField(QStringLiteral("value"), QStringLiteral("Give the new value as text.")));
    Core::TemplateSetting setting;
    setting.key = key.toString().trimmed();
    setting.value = value.isString() ? value.toString()
                    : value.isBool() ? (value.toBool() ? QStringLiteral("true") : QStringLiteral("false"))
                                     : QString::number(value.toDouble());
    for (const char *field : {"evse", "connector"}) {
        const QJsonValue n = body.value(QLatin1String(field));
        if (n.isUndefined() || n.isNull())
            continue;
        if (!n.isDouble() || n.toDouble() < 0 || n.toDouble() != double(n.toInt()))
            return respond(invalidField(QLatin1String(field), QStringLiteral("A whole number of 0 or more.")));
        (qstrcmp(field, "evse") == 0 ? setting.evse : setting.connector) = n.toInt();
    }
    m_live.change(station.value(QStringLiteral("id")).toLongLong(), setting,
                  [respond](const Core::CommandResult &result) { respond(commandReply(result)); });
}

} // namespace ChargeDesk::Server::Rest
