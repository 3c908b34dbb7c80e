#pragma once

#include "server/rest/restserver.h"

namespace ChargeDesk::Core {
class Reservations;
}

namespace ChargeDesk::Server::Rest {

// Reservations are made and cancelled here; they are read through the resource API
// (GET /api/v1/reservations, /api/v1/reservations/{code}).
//   POST /api/v1/reservations  {"customer": code, "connector": id, "expiresAt": ISO 8601 or UTC ms}
//        the connector may also be its code with "charger": code; "minutes": n instead of expiresAt.
//        201 {reservation, station} when the station accepted; 409 with the reason, the cancelled
//        reservation and the station's answer when it refused, is not connected or did not answer.
//   POST /api/v1/reservations/{code}/cancel
//        200 {reservation, station}; the station is told when it is connected.
class ReservationController
{
public:
    ReservationController(Core::Repository &repository, Core::Reservations &reservations);
    void addRoutes(Router &router);

private:
    void reserve(const Call &call, const Respond &respond);
    void cancel(const Call &call, const Respond &respond);

    Core::Repository &m_repository;
    Core::Reservations &m_reservations;
};

} // namespace ChargeDesk::Server::Rest
