#pragma once

#include "server/rest/restserver.h"

namespace ChargeDesk::Server::Rest {

// POST /api/v1/stations/{code}/commands/{command}: sends a neutral command and answers
// with what the charger said: 200 with its answer, 409 when the station is not connected,
// 422 when the command does not fit its OCPP version or schema, 504 without an answer.
class CommandController
{
public:
    CommandController(Core::Repository &repository, Core::ChargePointGateway &gateway);
    void handle(const Call &call, const Respond &respond);

private:
    Core::Repository &m_repository;
    Core::ChargePointGateway &m_gateway;
};

} // namespace ChargeDesk::Server::Rest
