#include "server/rest/restserver.h"

#include "server/rest/chargingprofilecontroller.h"
#include "server/rest/commandcontroller.h"
#include "server/rest/credentialscontroller.h"
#include "server/rest/liveconfigurationcontroller.h"
#include "server/rest/loadbalancingcontroller.h"
#include "server/rest/membercontroller.h"
#include "server/rest/reservationcontroller.h"
#include "server/rest/resourcecontroller.h"
#include "server/rest/router.h"
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

Reply noSuchResource()
{
    return Reply::error(Status::NotFound, QStringLiteral("not_found"), QStringLiteral("No such resource."));
}

Reply methodNotAllowed(const QString &message)
{
    return Reply::error(Status::MethodNotAllowed, QStringLiteral("method_not_allowed"), message);
}

RestServer::RestServer(Core::Repository &repository, Core::StationService &stations, Core::ChargePointGateway &gateway,
                       Core::LiveConfiguration &live, QString token, QObject *parent)
    : QAbstractHttpServer(parent)
    , m_repository(repository)
    , m_token(token.toUtf8())
    , m_router(std::make_unique<Router>())
    , m_resources(std::make_unique<ResourceController>(repository))
    , m_commands(std::make_unique<CommandController>(repository, gateway))
    , m_credentials(std::make_unique<CredentialsController>(repository, stations))
    , m_liveConfiguration(std::make_unique<LiveConfigurationController>(repository, live))
    , m_members(std::make_unique<MemberController>(repository))
{
    m_resources->addRoutes(*m_router);
    m_commands->addRoutes(*m_router);
    m_credentials->addRoutes(*m_router);
    m_liveConfiguration->addRoutes(*m_router);
    m_members->addRoutes(*m_router);
}

RestServer::~RestServer() = default;

void RestServer::setReservations(Core::Reservations *reservations)
{
    m_reservations = std::make_unique<ReservationController>(m_repository, *reservations);
    m_reservations->addRoutes(*m_router);
}

void RestServer::setSessionControl(Core::SessionControl *control)
{
    m_sessions = std::make_unique<SessionController>(m_repository, *control);
    m_sessions->addRoutes(*m_router);
}

void RestServer::setChargingProfiles(Core::ChargingProfiles *profiles)
{
    m_chargingProfiles = std::make_unique<ChargingProfileController>(m_repository, *profiles);
    m_chargingProfiles->addRoutes(*m_router);
}

void RestServer::setLoadBalancing(Core::BalancingService *balancing)
{
    m_loadBalancing = std::make_unique<LoadBalancingController>(m_repository, *balancing);
    m_loadBalancing->addRoutes(*m_router);
}

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
    const Call call{.request = request,
                    .path = path.mid(prefix.size()).split(QLatin1Char('/'), Qt::SkipEmptyParts),
                    .actor = Core::Actor::api()};
    // No exception may leave an event handler (Qt would end the process): one request's fault
    // is that request's 500.
    try {
        m_router->route(call, respond);
    } catch (const std::exception &e) {
        qCCritical(lcRest) << "failed on" << request.url().path() << ":" << e.what();
        respond(Reply::error(Status::InternalServerError, QStringLiteral("internal"),
                             tr("The server failed on this request.")));
    }
    return true;
}

void RestServer::missingHandler(const QHttpServerRequest &, QTcpSocket *)
{}

} // namespace ChargeDesk::Server::Rest
