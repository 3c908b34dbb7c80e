#include "server/rest/restserver.h"

#include "server/rest/chargingprofilecontroller.h"
#include "server/rest/commandcontroller.h"
#include "server/rest/credentialscontroller.h"
#include "server/rest/liveconfigurationcontroller.h"
#include "server/rest/loadbalancingcontroller.h"
#include "server/rest/reservationcontroller.h"
#include "server/rest/resourcecontroller.h"
#include "server/rest/sessioncontroller.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QPointer>
#include <QTcpSocket>

Q_LOGGING_CATEGORY(lcRest, "chargedesk.rest")

namespace ChargeDesk::Server::Rest {

using Status = QHttpServerResponder::StatusCode;

Reply Reply::json(const QJsonObject &object, Status status)
{
    return {status, QJsonDocument(object)};
}

Reply Reply::error(Status status, const QString &kind, const QString &message)
{
    return json(
        {{QStringLiteral("error"), QJsonObject{{QStringLiteral("kind"), kind}, {QStringLiteral("message"), message}}}},
        status);
}

Reply Reply::error(const Core::Error &error)
{
    Status status = Status::InternalServerError;
    switch (error.kind()) {
    case Core::Error::Kind::Validation: status = Status::BadRequest; break;
    case Core::Error::Kind::NotFound: status = Status::NotFound; break;
    case Core::Error::Kind::Forbidden: status = Status::Forbidden; break;
    case Core::Error::Kind::Referenced:
    case Core::Error::Kind::Conflict: status = Status::Conflict; break;
    case Core::Error::Kind::Unauthenticated: status = Status::Unauthorized; break;
    case Core::Error::Kind::Storage: status = Status::InternalServerError; break;
    }
    QJsonArray fields;
    for (const Core::FieldError &f : error.fields())
        fields.append(QJsonObject{{QStringLiteral("field"), f.field}, {QStringLiteral("message"), f.message}});
    QJsonObject body{{QStringLiteral("kind"), error.kindName()}, {QStringLiteral("message"), error.message()}};
    if (!fields.isEmpty())
        body.insert(QStringLiteral("fields"), fields);
    if (!error.referrers().isEmpty())
        body.insert(QStringLiteral("referrers"), QJsonArray::fromStringList(error.referrers()));
    return json({{QStringLiteral("error"), body}}, status);
}

std::optional<QJsonObject> jsonBody(const QHttpServerRequest &request, bool emptyIsObject)
{
    if (emptyIsObject && request.body().trimmed().isEmpty())
        return QJsonObject();
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(request.body(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return std::nullopt;
    return doc.object();
}

Reply badBody()
{
    return Reply::error(QHttpServerResponder::StatusCode::BadRequest, QStringLiteral("validation"),
                        QStringLiteral("The body must be a JSON object."));
}

RestServer::RestServer(Core::Repository &repository, Core::StationService &stations, Core::ChargePointGateway &gateway,
                       Core::LiveConfiguration &live, QString token, QObject *parent)
    : QAbstractHttpServer(parent)
    , m_repository(repository)
    , m_stations(stations)
    , m_gateway(gateway)
    , m_live(live)
    , m_token(token.toUtf8())
{}

RestServer::~RestServer() = default;

bool RestServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    // The responder is shared so that a command can answer when the charger has answered.
    auto responder = std::make_shared<QHttpServerResponder>(makeResponder(request, socket));
    QPointer<QTcpSocket> alive(socket);
    const Respond respond = [responder, alive](const Reply &reply) {
        if (alive)
            responder->write(reply.body, reply.status);
    };
    const QString path = request.url().path();
    static const QString prefix = QStringLiteral("/api/v1/");
    if (path == QLatin1String("/api/v1/openapi.yaml")) {
        QFile spec(QStringLiteral(":/chargedesk/api/openapi.yaml"));
        spec.open(QIODevice::ReadOnly);
        responder->write(spec.readAll(), "application/yaml");
        return true;
    }
    if (!path.startsWith(prefix)) {
        respond(Reply::error(Status::NotFound, QStringLiteral("not_found"), tr("The API lives under /api/v1/.")));
        return true;
    }
    // Compare digests, so the comparison takes the same time however much of a guess matched.
    const QByteArray given = request.value("Authorization");
    const bool authorized = !m_token.isEmpty() && given.startsWith("Bearer ") &&
                            QCryptographicHash::hash(given.mid(7), QCryptographicHash::Sha256) ==
                                QCryptographicHash::hash(m_token, QCryptographicHash::Sha256);
    if (!authorized) {
        qCInfo(lcRest) << "refused an unauthenticated request from" << socket->peerAddress().toString();
        respond(Reply::error(Status::Unauthorized, QStringLiteral("unauthenticated"),
                             tr("Send the API token as 'Authorization: Bearer <token>'.")));
        return true;
    }
    Call call{request, path.mid(prefix.size()).split(QLatin1Char('/'), Qt::SkipEmptyParts),
              Core::Actor{-1, QStringLiteral("api"), true, 0}};
    // No exception may leave an event handler (Qt would end the process): one request's fault
    // is that request's 500.
    try {
        dispatch(call, respond);
    } catch (const std::exception &e) {
        qCCritical(lcRest) << "failed on" << request.url().path() << ":" << e.what();
        respond(Reply::error(Status::InternalServerError, QStringLiteral("internal"),
                             tr("The server failed on this request.")));
    }
    return true;
}

void RestServer::missingHandler(const QHttpServerRequest &, QTcpSocket *)
{}

void RestServer::dispatch(const Call &call, const Respond &respond)
{
    if (call.path.size() == 4 && call.path.at(0) == QLatin1String("stations") &&
        call.path.at(2) == QLatin1String("commands"))
        return CommandController(m_repository, m_gateway).handle(call, respond);
    if (call.path.size() == 3 && call.path.at(0) == QLatin1String("stations") &&
        call.path.at(2) == QLatin1String("credentials"))
        return CredentialsController(m_repository, m_stations).handle(call, respond);
    if ((call.path.size() == 3 || (call.path.size() == 4 && call.path.at(3) == QLatin1String("read"))) &&
        call.path.at(0) == QLatin1String("stations") && call.path.at(2) == QLatin1String("live-configuration"))
        return LiveConfigurationController(m_repository, m_live).handle(call, respond);
    // Reading reservations is the resource API's; making and cancelling them is not.
    if (m_reservations && call.path.value(0) == QLatin1String("reservations") &&
        ((call.path.size() == 1 && call.request.method() == QHttpServerRequest::Method::Post) ||
         (call.path.size() == 3 && call.path.at(2) == QLatin1String("cancel"))))
        return ReservationController(m_repository, *m_reservations).handle(call, respond);
    if (m_sessionControl && call.path.value(0) == QLatin1String("sessions") &&
        ((call.path.size() == 1 && call.request.method() == QHttpServerRequest::Method::Post) || call.path.size() == 3))
        return SessionController(m_repository, *m_sessionControl).handle(call, respond);
    if (m_loadBalancing && call.path.value(0) == QLatin1String("areas") &&
        call.path.value(2) == QLatin1String("load-balancing"))
        return LoadBalancingController(m_repository, *m_loadBalancing).handle(call, respond);
    // Listing charging profiles is the resource API's; the rest needs the service.
    if (m_chargingProfiles && ((call.path.value(0) == QLatin1String("charging-profiles") &&
                                !(call.path.size() == 1 && call.request.method() == QHttpServerRequest::Method::Get)) ||
                               (call.path.size() == 3 && call.path.at(0) == QLatin1String("chargers") &&
                                (call.path.at(2) == QLatin1String("charging-profile") ||
                                 call.path.at(2) == QLatin1String("composite-schedule")))))
        return ChargingProfileController(m_repository, *m_chargingProfiles).handle(call, respond);
    ResourceController(m_repository).handle(call, respond);
}

} // namespace ChargeDesk::Server::Rest
