#include "server/rest/credentialscontroller.h"

#include "core/repository.h"
#include "core/stationservice.h"
#include "server/rest/router.h"

namespace ChargeDesk::Server::Rest {

using Status = QHttpServerResponder::StatusCode;
using Method = QHttpServerRequest::Method;

CredentialsController::CredentialsController(Core::Repository &repository, Core::StationService &stations)
    : m_repository(repository)
    , m_stations(stations)
{}

void CredentialsController::addRoutes(Router &router)
{
    const QString credentials = QStringLiteral("stations/{code}/credentials");
    router.add(Method::Get, credentials, std::bind_front(&CredentialsController::show, this));
    router.add(Method::Put, credentials, std::bind_front(&CredentialsController::set, this));
    router.addFallback(credentials, Router::refusal(QStringLiteral("Credentials are read with GET and set with PUT.")));
}

std::optional<Core::Record> CredentialsController::findStation(const Call &call, const Respond &respond)
{
    auto station = m_repository.getByCode(call.actor, Core::Tables::Stations, call.param(QStringLiteral("code")));
    if (!station) {
        respond(Reply::error(station.error()));
        return std::nullopt;
    }
    return station.value();
}

void CredentialsController::show(const Call &call, const Respond &respond)
{
    const auto row = findStation(call, respond);
    if (!row)
        return;
    respond(Reply::json(
        {{QStringLiteral("station"), row->value(QStringLiteral("code")).toString()},
         {QStringLiteral("username"), row->value(QStringLiteral("auth_username")).toString()},
         {QStringLiteral("passwordSet"), m_stations.hasPassword(row->value(QStringLiteral("id")).toLongLong())}}));
}

void CredentialsController::set(const Call &call, const Respond &respond)
{
    const auto station = findStation(call, respond);
    if (!station)
        return;
    const auto body = jsonBody(call.request);
    if (!body)
        return respond(badBody());
    const QJsonValue username = body->value(QStringLiteral("username"));
    const QJsonValue password = body->value(QStringLiteral("password"));
    QList<Core::FieldError> wrong;
    if (!username.isString() && !username.isNull() && !username.isUndefined())
        wrong << Core::FieldError{QStringLiteral("username"), QStringLiteral("A text, or null for none.")};
    if (!password.isString() && !password.isNull())
        wrong << Core::FieldError{QStringLiteral("password"),
                                  QStringLiteral("A text, or null to remove the password.")};
    if (!wrong.isEmpty())
        return respond(Reply::error(Core::Error::validation(wrong)));
    const qint64 id = station->value(QStringLiteral("id")).toLongLong();
    if (Core::Status s = m_stations.setCredentials(call.actor, id, username.toString(), password.toString()); !s)
        return respond(Reply::error(s.error()));
    show(call, respond); // as stored now
}

} // namespace ChargeDesk::Server::Rest
