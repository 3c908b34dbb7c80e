#include "server/rest/chargingprofilecontroller.h"

#include "server/rest/apifields.h"

#include "core/chargingprofiles.h"
#include "core/repository.h"
#include "server/rest/router.h"

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

Core::AssignmentDone assignmentReply(Core::Repository &repository, const Core::Actor &actor, const Respond &respond)
{
    // The assignment and, in brief, what the charger answered to the last command about it.
    return [&repository, actor, respond](const Core::Result<Core::ProfileAssignment> &a) {
        if (!a)
            return respond(Reply::error(a.error()));
        const Core::ProfileAssignment &v = a.value();
        QJsonValue code = QJsonValue::Null;
        if (v.profileId) {
            if (auto p = repository.get(actor, Tables::ChargingProfiles, v.profileId))
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
}

Reply invalidPeriods()
{
    return invalidField(QStringLiteral("periods"),
                        QStringLiteral("A list of schedule periods: [{start_offset_s, limit_value}, ...]."));
}

} // namespace

ChargingProfileController::ChargingProfileController(Core::Repository &repository, Core::ChargingProfiles &profiles)
    : m_repository(repository)
    , m_profiles(profiles)
{}

void ChargingProfileController::addRoutes(Router &router)
{
    // Listing the profiles is the resource API's.
    router.add(Method::Post, QStringLiteral("charging-profiles"),
               std::bind_front(&ChargingProfileController::create, this));
    const QString profile = QStringLiteral("charging-profiles/{code}");
    router.add(Method::Get, profile, std::bind_front(&ChargingProfileController::show, this));
    router.add(Method::Patch, profile, std::bind_front(&ChargingProfileController::update, this));
    router.add(Method::Delete, profile, std::bind_front(&ChargingProfileController::remove, this));
    router.addFallback(profile, [this](const Call &call, const Respond &respond) {
        if (findProfile(call, respond))
            respond(methodNotAllowed(QStringLiteral("Use GET, PATCH or DELETE.")));
    });
    // Nothing below a profile; not the resource API's attributes either.
    router.addFallback(profile + QStringLiteral("/*"),
                       [](const Call &, const Respond &respond) { respond(noSuchResource()); });

    const QString assignment = QStringLiteral("chargers/{code}/charging-profile");
    router.add(Method::Get, assignment, std::bind_front(&ChargingProfileController::showAssignment, this));
    router.add(Method::Post, assignment, std::bind_front(&ChargingProfileController::assign, this));
    router.add(Method::Delete, assignment, std::bind_front(&ChargingProfileController::unassign, this));
    router.addFallback(assignment, [this](const Call &call, const Respond &respond) {
        if (findCharger(call, respond))
            respond(methodNotAllowed(QStringLiteral("Use GET, POST or DELETE.")));
    });
    const QString composite = QStringLiteral("chargers/{code}/composite-schedule");
    router.add(Method::Get, composite, std::bind_front(&ChargingProfileController::composite, this));
    router.addFallback(composite, [this](const Call &call, const Respond &respond) {
        if (findCharger(call, respond))
            respond(methodNotAllowed(QStringLiteral("Use GET.")));
    });
}

std::optional<qint64> ChargingProfileController::findProfile(const Call &call, const Respond &respond)
{
    return idByCode(call, Tables::ChargingProfiles, respond);
}

std::optional<qint64> ChargingProfileController::findCharger(const Call &call, const Respond &respond)
{
    return idByCode(call, Tables::Chargers, respond);
}

std::optional<qint64> ChargingProfileController::idByCode(const Call &call, const QString &table,
                                                          const Respond &respond)
{
    auto row = m_repository.getByCode(call.actor, table, call.param(QStringLiteral("code")));
    if (!row) {
        respond(Reply::error(row.error()));
        return std::nullopt;
    }
    return row.value().value(QStringLiteral("id")).toLongLong();
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

void ChargingProfileController::respondWithProfile(const Call &call, qint64 id, Status status, const Respond &respond)
{
    auto row = m_repository.get(call.actor, Tables::ChargingProfiles, id);
    if (!row)
        return respond(Reply::error(row.error()));
    auto json = profileJson(call.actor, row.value());
    respond(json ? Reply::json(json.value(), status) : Reply::error(json.error()));
}

void ChargingProfileController::create(const Call &call, const Respond &respond)
{
    auto body = jsonBody(call.request);
    if (!body)
        return respond(badBody());
    const auto periods = periodsOf(body->take(QStringLiteral("periods")));
    if (!periods)
        return respond(invalidPeriods());
    auto id = m_profiles.createProfile(call.actor, body->toVariantMap(), *periods);
    if (!id)
        return respond(Reply::error(id.error()));
    respondWithProfile(call, id.value(), Status::Created, respond);
}

void ChargingProfileController::show(const Call &call, const Respond &respond)
{
    if (const auto id = findProfile(call, respond))
        respondWithProfile(call, *id, Status::Ok, respond);
}

void ChargingProfileController::update(const Call &call, const Respond &respond)
{
    const auto id = findProfile(call, respond);
    if (!id)
        return;
    auto body = jsonBody(call.request);
    if (!body)
        return respond(badBody());
    std::optional<QList<Core::Record>> periods;
    if (body->contains(QStringLiteral("periods"))) {
        periods = periodsOf(body->take(QStringLiteral("periods")));
        if (!periods)
            return respond(invalidPeriods());
    }
    if (auto s = m_profiles.updateProfile(call.actor, *id, body->toVariantMap(), periods); !s)
        return respond(Reply::error(s.error()));
    respondWithProfile(call, *id, Status::Ok, respond);
}

void ChargingProfileController::remove(const Call &call, const Respond &respond)
{
    const auto id = findProfile(call, respond);
    if (!id)
        return;
    if (auto s = m_repository.remove(call.actor, Tables::ChargingProfiles, *id); !s)
        return respond(Reply::error(s.error()));
    respond(Reply{Status::NoContent, {}});
}

void ChargingProfileController::showAssignment(const Call &call, const Respond &respond)
{
    if (const auto chargerId = findCharger(call, respond))
        assignmentReply(m_repository, call.actor, respond)(m_profiles.assignment(call.actor, *chargerId));
}

void ChargingProfileController::unassign(const Call &call, const Respond &respond)
{
    if (const auto chargerId = findCharger(call, respond))
        m_profiles.unassign(call.actor, *chargerId, assignmentReply(m_repository, call.actor, respond));
}

void ChargingProfileController::assign(const Call &call, const Respond &respond)
{
    const auto chargerId = findCharger(call, respond);
    if (!chargerId)
        return;
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
        return respond(
            profile.error().kind() == Core::Error::Kind::NotFound
                ? invalidField(QStringLiteral("chargingProfile"), QStringLiteral("No charging profile has this code."))
                : Reply::error(profile.error()));
    m_profiles.assign(
        call.actor, *chargerId, profile.value().value(QStringLiteral("id")).toLongLong(),
        [reply = assignmentReply(m_repository, call.actor, respond)](const Core::Result<Core::ProfileAssignment> &a) {
            if (a.ok() || a.error().kind() != Core::Error::Kind::Validation)
                return reply(a);
            // Core names the column; the body named the profile.
            QList<Core::FieldError> fields;
            for (const Core::FieldError &f : a.error().fields())
                fields << Core::FieldError{
                    f.field == QLatin1String("charging_profile_id") ? QStringLiteral("chargingProfile") : f.field,
                    f.message};
            reply(Core::Error::validation(fields));
        });
}

void ChargingProfileController::composite(const Call &call, const Respond &respond)
{
    const auto chargerId = findCharger(call, respond);
    if (!chargerId)
        return;
    const auto duration = queryInteger(call.request.query(), QStringLiteral("duration"), 1, 604800, 86400);
    if (!duration)
        return respond(Reply::error(duration.error()));
    m_profiles.compositeSchedule(
        call.actor, *chargerId, duration.value(), [respond](const Core::Result<Core::CompositeComparison> &c) {
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
