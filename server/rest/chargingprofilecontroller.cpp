#include "server/rest/chargingprofilecontroller.h"

#include "server/rest/apifields.h"

#include "core/chargingprofiles.h"
#include "core/repository.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QUrlQuery>

namespace ChargeDesk::Server::Rest {

using Status = QHttpServerResponder::StatusCode;
using Method = QHttpServerRequest::Method;
namespace Tables = Core::Tables;

namespace {

QJsonValue isoOrNull(qint64 ms)
{
    return ms ? QJsonValue(QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs))
              : QJsonValue(QJsonValue::Null);
}

QJsonValue textOrNull(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

// The neutral schedule ({start ms, duration, unit, periods}) with its start as ISO 8601.
QJsonObject scheduleJson(const QVariantMap &schedule)
{
    QJsonObject o = QJsonObject::fromVariantMap(schedule);
    o.insert(QStringLiteral("start"), isoOrNull(schedule.value(QStringLiteral("start")).toLongLong()));
    return o;
}

// The body without its periods, and the periods as records; nullopt when they are not a list
// of objects.
std::optional<QList<Core::Record>> periodsOf(const QJsonValue &value)
{
    if (!value.isArray())
        return std::nullopt;
    QList<Core::Record> list;
    for (const QJsonValue &p : value.toArray()) {
        if (!p.isObject())
            return std::nullopt;
        list << p.toObject().toVariantMap();
    }
    return list;
}

} // namespace

ChargingProfileController::ChargingProfileController(Core::Repository &repository, Core::ChargingProfiles &profiles)
    : m_repository(repository)
    , m_profiles(profiles)
{}

void ChargingProfileController::handle(const Call &call, const Respond &respond)
{
    if (call.path.value(0) == QLatin1String("charging-profiles"))
        return profiles(call, respond);
    auto charger = m_repository.getByCode(call.actor, Tables::Chargers, call.path.value(1));
    if (!charger)
        return respond(Reply::error(charger.error()));
    if (call.path.value(2) == QLatin1String("charging-profile"))
        return assignment(call, charger.value(), respond);
    composite(call, charger.value(), respond);
}

Core::Result<QJsonObject> ChargingProfileController::profileJson(const Core::Actor &actor, const Core::Record &profile)
{
    auto periods = m_profiles.periods(actor, profile.value(QStringLiteral("id")).toLongLong());
    if (!periods)
        return periods.error();
    const Core::EntityDef &periodDef = m_repository.catalog().entity(Tables::ChargingProfilePeriods);
    QJsonArray list;
    for (const Core::Record &p : periods.value())
        list.append(recordJson(periodDef, p));
    QJsonObject o = recordJson(m_repository.catalog().entity(Tables::ChargingProfiles), profile);
    o.insert(QStringLiteral("periods"), list);
    return o;
}

void ChargingProfileController::profiles(const Call &call, const Respond &respond)
{
    const Method method = call.request.method();
    const auto answer = [&](qint64 id, Status status) {
        auto row = m_repository.get(call.actor, Tables::ChargingProfiles, id);
        if (!row)
            return respond(Reply::error(row.error()));
        auto json = profileJson(call.actor, row.value());
        respond(json ? Reply::json(json.value(), status) : Reply::error(json.error()));
    };
    if (call.path.size() == 1) {
        if (method != Method::Post)
            return respond(Reply::error(Status::MethodNotAllowed, QStringLiteral("method_not_allowed"),
                                        QStringLiteral("Use GET or POST.")));
        auto body = jsonBody(call.request);
        if (!body)
            return respond(badBody());
        const auto periods = periodsOf(body->take(QStringLiteral("periods")));
        if (!periods)
            return respond(
                invalidField(QStringLiteral("periods"),
                             QStringLiteral("A list of schedule periods: [{start_offset_s, limit_value}, ...].")));
        auto id = m_profiles.createProfile(call.actor, body->toVariantMap(), *periods);
        if (!id)
            return respond(Reply::error(id.error()));
        return answer(id.value(), Status::Created);
    }
    if (call.path.size() != 2)
        return respond(
            Reply::error(Status::NotFound, QStringLiteral("not_found"), QStringLiteral("No such resource.")));
    auto row = m_repository.getByCode(call.actor, Tables::ChargingProfiles, call.path.at(1));
    if (!row)
        return respond(Reply::error(row.error()));
    const qint64 id = row.value().value(QStringLiteral("id")).toLongLong();
    switch (method) {
    case Method::Get: return answer(id, Status::Ok);
    case Method::Patch: {
        auto body = jsonBody(call.request);
        if (!body)
            return respond(badBody());
        std::optional<QList<Core::Record>> periods;
        if (body->contains(QStringLiteral("periods"))) {
            periods = periodsOf(body->take(QStringLiteral("periods")));
            if (!periods)
                return respond(
                    invalidField(QStringLiteral("periods"),
                                 QStringLiteral("A list of schedule periods: [{start_offset_s, limit_value}, ...].")));
        }
        if (auto s = m_profiles.updateProfile(call.actor, id, body->toVariantMap(), periods); !s)
            return respond(Reply::error(s.error()));
        return answer(id, Status::Ok);
    }
    case Method::Delete: {
        if (auto s = m_repository.remove(call.actor, Tables::ChargingProfiles, id); !s)
            return respond(Reply::error(s.error()));
        return respond(Reply{Status::NoContent, {}});
    }
    default:
        return respond(Reply::error(Status::MethodNotAllowed, QStringLiteral("method_not_allowed"),
                                    QStringLiteral("Use GET, PATCH or DELETE.")));
    }
}

void ChargingProfileController::assignment(const Call &call, const Core::Record &charger, const Respond &respond)
{
    const qint64 chargerId = charger.value(QStringLiteral("id")).toLongLong();
    Core::Repository *repository = &m_repository;
    // The assignment and, in brief, what the charger answered to the last command about it.
    const auto reply = [repository, actor = call.actor, respond](const Core::Result<Core::ProfileAssignment> &a) {
        if (!a)
            return respond(Reply::error(a.error()));
        const Core::ProfileAssignment &v = a.value();
        QJsonValue code = QJsonValue::Null;
        if (v.profileId) {
            if (auto p = repository->get(actor, Tables::ChargingProfiles, v.profileId))
                code = p.value().value(QStringLiteral("code")).toString();
        }
        respond(Reply::json(
            {{QStringLiteral("chargingProfile"), code},
             {QStringLiteral("state"), v.state},
             {QStringLiteral("ocppProfileId"),
              v.ocppProfileId ? QJsonValue(v.ocppProfileId) : QJsonValue(QJsonValue::Null)},
             {QStringLiteral("sentAt"), isoOrNull(v.sentAt)},
             {QStringLiteral("answeredAt"), isoOrNull(v.answeredAt)},
             {QStringLiteral("station"), QJsonObject{{QStringLiteral("outcome"), textOrNull(v.outcome)},
                                                     {QStringLiteral("status"), textOrNull(v.stationStatus)},
                                                     {QStringLiteral("message"), textOrNull(v.message)}}}}));
    };
    switch (call.request.method()) {
    case Method::Get: return reply(m_profiles.assignment(call.actor, chargerId));
    case Method::Delete: return m_profiles.unassign(call.actor, chargerId, reply);
    case Method::Post: {
        const auto body = jsonBody(call.request);
        if (!body)
            return respond(badBody());
        for (auto it = body->begin(); it != body->end(); ++it) {
            if (it.key() != QLatin1String("chargingProfile"))
                return respond(invalidField(it.key(), QStringLiteral("Unknown field; give chargingProfile.")));
        }
        const QJsonValue code = body->value(QStringLiteral("chargingProfile"));
        if (!code.isString() || code.toString().trimmed().isEmpty())
            return respond(
                invalidField(QStringLiteral("chargingProfile"), QStringLiteral("Give the charging profile's code.")));
        auto profile = m_repository.getByCode(call.actor, Tables::ChargingProfiles, code.toString().trimmed());
        if (!profile)
            return respond(profile.error().kind() == Core::Error::Kind::NotFound
                               ? invalidField(QStringLiteral("chargingProfile"),
                                              QStringLiteral("No charging profile has this code."))
                               : Reply::error(profile.error()));
        return m_profiles.assign(call.actor, chargerId, profile.value().value(QStringLiteral("id")).toLongLong(),
                                 [reply](const Core::Result<Core::ProfileAssignment> &a) {
                                     if (a.ok() || a.error().kind() != Core::Error::Kind::Validation)
                                         return reply(a);
                                     // Core names the column; the body named the profile.
                                     QList<Core::FieldError> fields;
                                     for (const Core::FieldError &f : a.error().fields())
                                         fields << Core::FieldError{f.field == QLatin1String("charging_profile_id")
                                                                        ? QStringLiteral("chargingProfile")
                                                                        : f.field,
                                                                    f.message};
                                     reply(Core::Error::validation(fields));
                                 });
    }
    default:
        return respond(Reply::error(Status::MethodNotAllowed, QStringLiteral("method_not_allowed"),
                                    QStringLiteral("Use GET, POST or DELETE.")));
    }
}

void ChargingProfileController::composite(const Call &call, const Core::Record &charger, const Respond &respond)
{
    if (call.request.method() != Method::Get)
        return respond(
            Reply::error(Status::MethodNotAllowed, QStringLiteral("method_not_allowed"), QStringLiteral("Use GET.")));
    const auto duration = queryInteger(call.request.query(), QStringLiteral("duration"), 1, 604800, 86400);
    if (!duration)
        return respond(Reply::error(duration.error()));
    m_profiles.compositeSchedule(
        call.actor, charger.value(QStringLiteral("id")).toLongLong(), duration.value(),
        [respond](const Core::Result<Core::CompositeComparison> &c) {
            if (!c)
                return respond(Reply::error(c.error()));
            const Core::CommandResult &station = c.value().station;
            respond(Reply::json({{QStringLiteral("expected"), scheduleJson(c.value().expected.toVariant())},
                                 {QStringLiteral("station"), stationJson(station)},
                                 {QStringLiteral("stationSchedule"),
                                  station.schedule.isEmpty() ? QJsonValue(QJsonValue::Null)
                                                             : QJsonValue(scheduleJson(station.schedule))}}));
        });
}

} // namespace ChargeDesk::Server::Rest
