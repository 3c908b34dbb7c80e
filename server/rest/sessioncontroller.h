#pragma once

#include "server/rest/restserver.h"

namespace ChargeDesk::Core {
class SessionControl;
}

namespace ChargeDesk::Server::Rest {

// What the central side does to sessions; they are read through the resource API
// (GET /api/v1/sessions, /api/v1/sessions/{code}).
//   POST /api/v1/sessions  {"customer": code, "connector": id | code with "charger": code}
//        remote start. 201 {session, station} when the charger accepted (the session is Ready
//        until its start arrives), 202 when the charger did not answer (the session waits for
//        the ready expiration), 409 when the charger refused (the session is closed), the
//        connector or customer already has an open session, or the station is offline;
//        403 with the reason when the customer may not charge (kept as a Refused session).
//   POST /api/v1/sessions/{code}/force-close      200 {session}
//   POST /api/v1/sessions/{code}/retry-rating     {"mode": "use_existing" | "use_existing_else_generate"
//        | "assign_new" | "generate_new", "identifier": text for assign_new}   200 {session}
//   POST /api/v1/sessions/{code}/retry-billing    202 {session}
class SessionController
{
public:
    SessionController(Core::Repository &repository, Core::SessionControl &control);
    void addRoutes(Router &router);

private:
    void start(const Call &call, const Respond &respond);
    void act(const Call &call, const Respond &respond);

    Core::Repository &m_repository;
    Core::SessionControl &m_control;
};

} // namespace ChargeDesk::Server::Rest
