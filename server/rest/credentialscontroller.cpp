#include "server/rest/credentialscontroller.h"

#include "core/repository.h"
#include "core/stationservice.h"

namespace ChargeDesk::Server::Rest {

using Status = QHttpServerResponder::StatusCode;
using Method = QHttpServerRequest::Method;

CredentialsController::CredentialsController(Core::Repository &repository, Core::StationService &stations)
    : m_repository(repository)
    , m_stations(stations)
{}

void CredentialsController::handle(const Call &call, const Respond &respond)
{
    const Method method = call.request.method();
    if (method != Method::Get && method != Method::Put)
        return respond(Reply::error(Status::MethodNotAllowed, QStringLiteral("method_not_allowed"),
                                    QStringLiteral("Credentials are read with GET and set with PUT.")));
    const auto lookUp = [&] {
        return m_repository.getByCode(call.actor, Core::Tables::Stations, call.path.at(1));
    };
    auto station = lookUp();
    if (!station)
        return respond(Reply::error(station.error()));

    if (method == Method::Put) {
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
        const qint64 id = station.value().value(QStringLiteral("id")).toLongLong();
        if (Core::Status s = m_stations.setCredentials(call.actor, id, username.toString(), password.toString()); !s)
            return respond(Reply::error(s.error()));
        station = lookUp();
        if (!station)
            return respond(Reply::error(station.error()));
    }
    const Core::Record &row = station.value();
    respond(Reply::json(
        {{QStringLiteral("station"), row.value(QStringLiteral("code")).toString()},
         {QStringLiteral("username"), row.value(QStringLiteral("auth_username")).toString()},
         {QStringLiteral("passwordSet"), m_stations.hasPassword(row.value(QStringLiteral("id")).toLongLong())}}));
}

} // namespace ChargeDesk::Server::Rest
