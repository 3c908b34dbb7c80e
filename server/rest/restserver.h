#pragma once

#include "core/actor.h"
#include "core/error.h"

#include <QAbstractHttpServer>
#include <QHash>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonDocument>
#include <QJsonObject>

#include <functional>
#include <memory>
#include <optional>

namespace ChargeDesk::Core {
class ChargePointGateway;
class ChargingProfiles;
class BalancingService;
class LiveConfiguration;
class Repository;
class Reservations;
class SessionControl;
class StationService;
} // namespace ChargeDesk::Core

namespace ChargeDesk::Server::Rest {

// One answer of the API: a status and a JSON body. Errors always have the same shape:
// {"error": {"kind": ..., "message": ..., "fields": [{"field", "message"}], "referrers": [...]}}.
struct Reply
{
    QHttpServerResponder::StatusCode status = QHttpServerResponder::StatusCode::Ok;
    QJsonDocument body;

    static Reply json(const QJsonObject &object,
                      QHttpServerResponder::StatusCode status = QHttpServerResponder::StatusCode::Ok);
    static Reply error(const Core::Error &error);
    static Reply error(QHttpServerResponder::StatusCode status, const QString &kind, const QString &message);
};

using Respond = std::function<void(const Reply &)>;

// The request body as a JSON object; an empty body is an empty object when `emptyIsObject`.
std::optional<QJsonObject> jsonBody(const QHttpServerRequest &request, bool emptyIsObject = false);
// The 400 answer for a body that jsonBody() refused.
Reply badBody();
// The 404 answer for a path that names nothing.
Reply noSuchResource();
// The 405 answer, in the words of the controller that refuses the method.
Reply methodNotAllowed(const QString &message);

// What a controller sees of a request: the path after /api/v1/ split into segments, and the
// segments its route named ("{code}" in the pattern is param("code")).
struct Call
{
    const QHttpServerRequest &request;
    QStringList path;
    Core::Actor actor;
    QHash<QString, QString> params = {};

    QString param(const QString &name) const { return params.value(name); }
};

// What answers the calls of one route (see router.h).
using Handler = std::function<void(const Call &call, const Respond &respond)>;

class ChargingProfileController;
class CommandController;
class CredentialsController;
class LiveConfigurationController;
class LoadBalancingController;
class MemberController;
class ReservationController;
class ResourceController;
class Router;
class SessionController;

// The REST API under /api/v1 (Qt HTTP Server, JSON, bearer token). Controllers own one
// area each and add their routes to one Router; the server only authenticates, parses and
// hands the request to the router.
class RestServer final : public QAbstractHttpServer
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RestServer)

public:
    RestServer(Core::Repository &repository, Core::StationService &stations, Core::ChargePointGateway &gateway,
               Core::LiveConfiguration &live, QString token, QObject *parent = nullptr);
    ~RestServer() override;

    // Each of these is called at most once, and adds its controller's routes.
    // Making and cancelling reservations (POST /reservations, /reservations/{code}/cancel);
    // without it they are read-only like every other collection the engine does not own here.
    void setReservations(Core::Reservations *reservations);
    // Remote start, force close and retries (POST /sessions, /sessions/{code}/{action}).
    void setSessionControl(Core::SessionControl *control);
    // Writing charging profiles, assigning them to chargers, composite schedules
    // (/charging-profiles, /chargers/{code}/charging-profile, /chargers/{code}/composite-schedule).
    void setChargingProfiles(Core::ChargingProfiles *profiles);
    // How an area's power is shared (GET /areas/{code}/load-balancing, .../redistribute).
    void setLoadBalancing(Core::BalancingService *balancing);

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    Core::Repository &m_repository;
    QByteArray m_token;
    std::unique_ptr<Router> m_router;
    std::unique_ptr<ResourceController> m_resources;
    std::unique_ptr<CommandController> m_commands;
    std::unique_ptr<CredentialsController> m_credentials;
    std::unique_ptr<LiveConfigurationController> m_liveConfiguration;
    std::unique_ptr<ReservationController> m_reservations;
    std::unique_ptr<SessionController> m_sessions;
    std::unique_ptr<ChargingProfileController> m_chargingProfiles;
    std::unique_ptr<LoadBalancingController> m_loadBalancing;
    std::unique_ptr<MemberController> m_members;
};

} // namespace ChargeDesk::Server::Rest
