#pragma once

#include "server/rest/restserver.h"

namespace ChargeDesk::Server::Rest {

// Finding customers for an operator's private network without reading customers in general
// (core/privatenetwork.h decides who may; members themselves are the operator-members rows):
//   GET /api/v1/operators/{code}/member-candidates?q=...&limit=
//       200 {"items": [{"id", "code", "name", "email"}]}: customers not yet members whose name,
//       code or email contains q; 400 naming q when it is shorter than three characters.
class MemberController
{
public:
    explicit MemberController(Core::Repository &repository);
    void addRoutes(Router &router);

private:
    void candidates(const Call &call, const Respond &respond);

    Core::Repository &m_repository;
};

} // namespace ChargeDesk::Server::Rest
