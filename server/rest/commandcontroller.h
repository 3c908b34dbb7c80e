#pragma once

#include "server/rest/restserver.h"

namespace ChargeDesk::Core {
struct CommandResult;
}

namespace ChargeDesk::Server::Rest {

// A charger's answer as the API gives it: 200 with the answer (and per-setting results or
// the values read, for configuration), 409 when the station is not connected, 422 when the
// command does not fit its OCPP version or schema, 502 for a CALLERROR, 504 without an answer.
Reply commandReply(const Core::CommandResult &result);

// POST /api/v1/stations/{code}/commands/{command}: sends a neutral command and answers
// with what the charger said: 200 with its answer, 409 when the station is not connected,
// 422 when the command does not fit its OCPP version or schema, 504 without an answer.
class CommandController
{
public:
    CommandController(Core::Repository &repository, Core::ChargePointGateway &gateway);
    void addRoutes(Router &router);

private:
    void send(const Call &call, const Respond &respond);

    Core::Repository &m_repository;
    Core::ChargePointGateway &m_gateway;
};

} // namespace ChargeDesk::Server::Rest
