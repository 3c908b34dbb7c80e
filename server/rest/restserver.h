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

// The REST API under /api/v1 (Qt HTTP Server, JSON, bearer token). Controllers own one
// area each; the server only authenticates, parses and dispatches.
class RestServer final : public QAbstractHttpServer
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RestServer)

public:
    RestServer(Core::Repository &repository, Core::StationService &stations, Core::ChargePointGateway &gateway,
               Core::LiveConfiguration &live, QString token, QObject *parent = nullptr);
    ~RestServer() override;

    // Making and cancelling reservations (POST /reservations, /reservations/{code}/cancel);
    // without it they are read-only like every other collection the engine does not own here.
    void setReservations(Core::Reservations *reservations) { m_reservations = reservations; }
    // Remote start, force close and retries (POST /sessions, /sessions/{code}/{action}).
    void setSessionControl(Core::SessionControl *control) { m_sessionControl = control; }
    // Writing charging profiles, assigning them to chargers, composite schedules
    // (/charging-profiles, /chargers/{code}/charging-profile, /chargers/{code}/composite-schedule).
    void setChargingProfiles(Core::ChargingProfiles *profiles) { m_chargingProfiles = profiles; }
    // How an area's power is shared (GET /areas/{code}/load-balancing, .../redistribute).
    void setLoadBalancing(Core::BalancingService *balancing) { m_loadBalancing = balancing; }

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    void dispatch(const Call &call, const Respond &respond);

    Core::Repository &m_repository;
    Core::StationService &m_stations;
    Core::ChargePointGateway &m_gateway;
    Core::LiveConfiguration &m_live;
    Core::Reservations *m_reservations = nullptr;
    Core::SessionControl *m_sessionControl = nullptr;
    Core::ChargingProfiles *m_chargingProfiles = nullptr;
    Core::BalancingService *m_loadBalancing = nullptr;
    QByteArray m_token;
};

} // namespace ChargeDesk::Server::Rest
