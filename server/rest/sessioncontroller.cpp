#include "server/rest/sessioncontroller.h"

#include "core/catalog.h"
#include "core/repository.h"
#include "core/sessioncontrol.h"
#include "server/rest/apifields.h"
#include "server/rest/router.h"

#include <QJsonObject>

namespace ChargeDesk::Server::Rest {

using Status = QHttpServerResponder::StatusCode;
using Method = QHttpServerRequest::Method;
namespace Tables = Core::Tables;

namespace {

// The session as stored now, with `extra` beside it.
Reply sessionReply(Core::Repository &repository, const Core::Actor &actor, qint64 sessionId, Status status,
                   QJsonObject extra = {})
{
    auto row = repository.get(actor, Tables::Sessions, sessionId);
    if (!row)
        return Reply::error(row.error());
    extra.insert(QStringLiteral("session"), recordJson(repository.catalog().entity(Tables::Sessions), row.value()));
    return Reply::json(extra, status);
}

} // namespace

SessionController::SessionController(Core::Repository &repository, Core::SessionControl &control)
    : m_repository(repository)
    , m_control(control)
{}

void SessionController::addRoutes(Router &router)
{
    // Other methods on the collection are the resource API's.
    router.add(Method::Post, QStringLiteral("sessions"), std::bind_front(&SessionController::start, this));
    const QString action = QStringLiteral("sessions/{code}/{action}");
    router.add(Method::Post, action, std::bind_front(&SessionController::act, this));
    router.addFallback(action, Router::refusal(QStringLiteral("Sessions are started and acted on with POST.")));
}

void SessionController::start(const Call &call, const Respond &respond)
{
    const auto body = jsonBody(call.request);
    if (!body)
        return respond(badBody());
    static const QStringList known{QStringLiteral("customer"), QStringLiteral("connector"), QStringLiteral("charger")};
    for (auto it = body->begin(); it != body->end(); ++it) {
        if (!known.contains(it.key()))
            return respond(invalidField(it.key(), QStringLiteral("Unknown field; use customer, connector, charger.")));
    }
    auto customer = customerField(m_repository, call.actor, *body);
    if (!customer)
        return respond(Reply::error(customer.error()));
    auto connector = connectorField(m_repository, call.actor, *body);
    if (!connector)
        return respond(Reply::error(connector.error()));
    Core::Repository *repository = &m_repository;
    m_control.requestStart(
        call.actor, customer.value().value(QStringLiteral("id")).toLongLong(), connector.value(),
        [repository, actor = call.actor, respond](const Core::Result<Core::SessionControl::StartOutcome> &outcome) {
            if (!outcome)
                return respond(Reply::error(outcome.error()));
            const auto &o = outcome.value();
            QJsonObject extra{{QStringLiteral("station"), stationJson(o.charger)}};
            if (o.status == QLatin1String("closed")) {
                extra.insert(QStringLiteral("error"),
                             QJsonObject{{QStringLiteral("kind"), QStringLiteral("conflict")},
                                         {QStringLiteral("message"), QStringLiteral("The charger refused to start.")}});
                return respond(sessionReply(*repository, actor, o.sessionId, Status::Conflict, extra));
            }
            const bool answered = o.charger.outcome == Core::CommandResult::Outcome::Answered;
            respond(
                sessionReply(*repository, actor, o.sessionId, answered ? Status::Created : Status::Accepted, extra));
        });
}

void SessionController::act(const Call &call, const Respond &respond)
{
    const QString action = call.param(QStringLiteral("action"));
    const auto body = jsonBody(call.request, true);
    if (!body)
        return respond(badBody());
    auto session = m_repository.getByCode(call.actor, Tables::Sessions, call.param(QStringLiteral("code")));
    if (!session)
        return respond(Reply::error(session.error()));
    const qint64 id = session.value().value(QStringLiteral("id")).toLongLong();
    Core::Repository *repository = &m_repository;
    const auto reply = [repository, actor = call.actor, id, respond](const Core::Status &s, Status success) {
        respond(s ? sessionReply(*repository, actor, id, success) : Reply::error(s.error()));
    };
    const auto noFields = [&]() {
        if (body->isEmpty())
            return true;
        respond(invalidField(body->begin().key(), QStringLiteral("This action takes no fields.")));
        return false;
    };
    if (action == QLatin1String("force-close")) {
        if (noFields())
            m_control.forceClose(call.actor, id, [reply](const Core::Status &s) { reply(s, Status::Ok); });
        return;
    }
    if (action == QLatin1String("retry-billing")) {
        if (noFields())
            reply(m_control.retryBilling(call.actor, id), Status::Accepted);
        return;
    }
    if (action == QLatin1String("retry-rating")) {
        for (auto it = body->begin(); it != body->end(); ++it) {
            if (it.key() != QLatin1String("mode") && it.key() != QLatin1String("identifier"))
                return respond(invalidField(it.key(), QStringLiteral("Unknown field; use mode and identifier.")));
        }
        const QJsonValue modeValue = body->value(QStringLiteral("mode"));
        const auto mode = Core::ratingIdentifierModeFromName(modeValue.toString());
        if ((!modeValue.isUndefined() && !modeValue.isString()) || !mode)
            return respond(invalidField(QStringLiteral("mode"),
                                        QStringLiteral("use_existing, use_existing_else_generate, assign_new or "
                                                       "generate_new.")));
        const QJsonValue identifier = body->value(QStringLiteral("identifier"));
        if (!identifier.isUndefined() && *mode != Core::RatingIdentifierMode::AssignNew)
            return respond(invalidField(QStringLiteral("identifier"),
                                        QStringLiteral("An identifier is given only with assign_new.")));
        if (*mode == Core::RatingIdentifierMode::AssignNew && !identifier.isString())
            return respond(invalidField(QStringLiteral("identifier"), QStringLiteral("Give the new identifier.")));
        return reply(m_control.retryRating(call.actor, id, *mode, identifier.toString()), Status::Ok);
    }
    respond(Reply::error(Status::NotFound, QStringLiteral("not_found"), QStringLiteral("No such session action.")));
}

} // namespace ChargeDesk::Server::Rest
