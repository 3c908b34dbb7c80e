#include "server/rest/commandcontroller.h"

#include "core/chargepointgateway.h"
#include "core/repository.h"
#include "server/rest/router.h"

#include <QJsonArray>
#include <QJsonObject>

namespace ChargeDesk::Server::Rest {

using Status = QHttpServerResponder::StatusCode;

CommandController::CommandController(Core::Repository &repository, Core::ChargePointGateway &gateway)
    : m_repository(repository)
    , m_gateway(gateway)
{}

Reply commandReply(const Core::CommandResult &result)
{
    using Outcome = Core::CommandResult::Outcome;
    QJsonObject body{{QStringLiteral("outcome"), result.outcomeName()}};
    if (!result.status.isEmpty())
        body.insert(QStringLiteral("status"), result.status);
    if (result.outcome == Outcome::Answered)
        body.insert(QStringLiteral("response"), QJsonObject::fromVariantMap(result.response));
    else
        body.insert(QStringLiteral("message"), result.error);
    QJsonArray settings;
    for (const Core::SettingResult &s : result.settings)
        settings.append(QJsonObject{{QStringLiteral("status"), s.status}, {QStringLiteral("detail"), s.detail}});
    if (!settings.isEmpty())
        body.insert(QStringLiteral("settings"), settings);
    QJsonArray values;
    for (const Core::ConfigurationValue &v : result.values) {
        QJsonObject value{{QStringLiteral("key"), v.key},
                          {QStringLiteral("value"), v.value},
                          {QStringLiteral("readonly"), v.readonly},
                          {QStringLiteral("status"), v.status}};
        if (v.evse > 0)
            value.insert(QStringLiteral("evse"), v.evse);
        values.append(value);
    }
    if (!values.isEmpty())
        body.insert(QStringLiteral("values"), values);
    Status status = Status::Ok;
    switch (result.outcome) {
    case Outcome::Answered: status = Status::Ok; break;
    case Outcome::Refused: status = Status::BadGateway; break;
    case Outcome::NotConnected: status = Status::Conflict; break;
    case Outcome::TimedOut: status = Status::GatewayTimeout; break;
    case Outcome::Invalid:
    case Outcome::Unsupported: status = Status::UnprocessableEntity; break;
    }
    return Reply::json(body, status);
}

void CommandController::addRoutes(Router &router)
{
    const QString command = QStringLiteral("stations/{code}/commands/{command}");
    router.add(Router::Method::Post, command, std::bind_front(&CommandController::send, this));
    router.addFallback(command, Router::refusal(QStringLiteral("Commands are sent with POST.")));
}

void CommandController::send(const Call &call, const Respond &respond)
{
    const auto kind = Core::Command::kindFromName(call.param(QStringLiteral("command")));
    if (!kind) {
        QStringList names;
        for (const Core::Command::Kind k : Core::Command::allKinds())
            names << Core::Command::kindName(k);
        return respond(
            Reply::error(Status::NotFound, QStringLiteral("not_found"),
                         QStringLiteral("Unknown command. Known: %1.").arg(names.join(QStringLiteral(", ")))));
    }
    const auto request = jsonBody(call.request, true);
    if (!request)
        return respond(badBody());
    const QVariantMap args = request->toVariantMap();
    auto station = m_repository.getByCode(call.actor, Core::Tables::Stations, call.param(QStringLiteral("code")));
    if (!station)
        return respond(Reply::error(station.error()));
    m_gateway.send(station.value().value(QStringLiteral("id")).toLongLong(), Core::Command{*kind, args},
                   [respond](const Core::CommandResult &result) { respond(commandReply(result)); });
}

} // namespace ChargeDesk::Server::Rest
