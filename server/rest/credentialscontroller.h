#pragma once

#include "server/rest/restserver.h"

namespace ChargeDesk::Server::Rest {

// The Basic-auth credentials a station presents under the "wss with Basic auth" policy:
//   GET /api/v1/stations/{code}/credentials  -> {"username", "passwordSet"} (never the password)
//   PUT /api/v1/stations/{code}/credentials  {"username": "...", "password": "..."}
// A token is a password without a username; an empty or null password removes it.
class CredentialsController
{
public:
    CredentialsController(Core::Repository &repository, Core::StationService &stations);
    void handle(const Call &call, const Respond &respond);

private:
    Core::Repository &m_repository;
    Core::StationService &m_stations;
};

} // namespace ChargeDesk::Server::Rest
