#pragma once

#include "core/repository.h"

// An operator's private network: the customers who may charge at its stations that are hidden
// from everyone else (operator_members). Operator users manage it without reading customers in
// general (customers are power-only in the catalog): they search by name, code or email and see
// only a card of each customer. The REST route and the operators section's members list use it.
namespace ChargeDesk::Core {

// A customer as an operator user may see them: enough to recognise and add, nothing more.
struct CustomerCard
{
    qint64 id = 0;
    QString code;
    QString name;
    QString email;
    friend bool operator==(const CustomerCard &, const CustomerCard &) = default;
};

struct NetworkMember
{
    qint64 memberId = 0; // the operator_members row
    CustomerCard customer;
};

namespace PrivateNetwork {
// Shorter searches would list most customers one by one.
inline constexpr int MinSearchLength = 3;
inline constexpr int MaxCandidates = 25;
} // namespace PrivateNetwork

// Customers who are not yet members of the operator's network and whose name, code or email
// contains `search` (case-insensitive), by name. Refused for a search shorter than
// MinSearchLength and for an operator user of another operator.
Result<QList<CustomerCard>> memberCandidates(Repository &repository, const Actor &actor, qint64 operatorId,
                                             const QString &search, int limit = PrivateNetwork::MaxCandidates);
// The operator's members, by name, as cards.
Result<QList<NetworkMember>> networkMembers(Repository &repository, const Actor &actor, qint64 operatorId);
// Adds the customer to the operator's network; the new operator_members row's id.
Result<qint64> addNetworkMember(Repository &repository, const Actor &actor, qint64 operatorId, qint64 customerId);

} // namespace ChargeDesk::Core
