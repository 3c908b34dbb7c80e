#pragma once

#include "core/entitydef.h"
#include "server/rest/restserver.h"

namespace ChargeDesk::Core {
class BalancingService;
}

namespace ChargeDesk::Server::Rest {

// How an area's power is shared right now, so every number can be explained.
//   GET  /api/v1/areas/{code}/load-balancing
//        200 {area, limit: {value, unit, source}, allocated, served, halted, redistributedAt,
//             nextRedistributionAt, rotation: [session codes], sessions: [{session, station,
//             connector, limit, unit, watts, reason, boundBy: area code, profileStatus}]}
//        409 when the area does not balance its load.
//   POST /api/v1/areas/{code}/load-balancing/redistribute
//        redistributes every balanced area now (as an interval does) and answers as GET.
class LoadBalancingController
{
public:
    LoadBalancingController(Core::Repository &repository, Core::BalancingService &balancing);
    void addRoutes(Router &router);

private:
    void show(const Call &call, const Respond &respond);
    void redistribute(const Call &call, const Respond &respond);
    // A 405 with `message` for a known area; an unknown one is a 404 whatever the method.
    Handler refusal(const QString &message);
    std::optional<Core::Record> findArea(const Call &call, const Respond &respond);
    Reply view(const Call &call, const Core::Record &area);

    Core::Repository &m_repository;
    Core::BalancingService &m_balancing;
};

} // namespace ChargeDesk::Server::Rest
