#pragma once

#include "core/entitydef.h"
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
    void addRoutes(Router &router);

private:
    void show(const Call &call, const Respond &respond);
    void set(const Call &call, const Respond &respond);
    // The station in the path; or nothing after answering with the reason.
    std::optional<Core::Record> findStation(const Call &call, const Respond &respond);

    Core::Repository &m_repository;
    Core::StationService &m_stations;
};

} // namespace ChargeDesk::Server::Rest
