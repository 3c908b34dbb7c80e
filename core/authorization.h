#pragma once

#include "core/clock.h"
#include "core/repository.h"

namespace ChargeDesk::Core {

// How an identifier presented at a charger is judged. The first five are OCPP 1.6's
// statuses; 2.0.1 also names the last two, which 1.6 answers as Invalid and Blocked.
enum class AuthorizationStatus { Accepted, Blocked, Expired, Invalid, ConcurrentTx, NotAtThisLocation, NoCredit };
QString authorizationStatusName(AuthorizationStatus status);   // 2.0.1 names: "Accepted", ...
QString authorizationStatusName16(AuthorizationStatus status); // folded onto the 1.6 five

struct Authorization
{
    AuthorizationStatus status = AuthorizationStatus::Invalid;
    qint64 customerId = 0;
    qint64 deviceId = 0;
    QString paymentType; // prepaid, postpaid, pay_now; empty for no customer
    QDateTime expiresAt;
    bool accepted() const { return status == AuthorizationStatus::Accepted; }
};

// Judges an identifier for charging at a station, from the data the operator keeps:
// the ID device (status, expiry, owner), its customer (status, prepaid balance) and, for a
// station not visible to the public, membership of the operator's private network. A token
// the central system gave a charger with a remote start is its session's customer's.
// Concurrent use is judged where a transaction starts (see ChargingSessions).
class Authorizer final
{
public:
    Authorizer(Repository &repository, const Clock &clock);

    // stationId 0: not tied to a station (no private-network check).
    Authorization authorize(const QString &idToken, qint64 stationId = 0) const;
    // The customer's own judgement, for starts that name a customer rather than a token.
    Authorization authorizeCustomer(qint64 customerId, qint64 stationId) const;

private:
    void judgeCustomer(Authorization &result, qint64 stationId) const;
    // A prepaid balance must cover the first rating step of the station's settings.
    bool coversFirstStep(qint64 balanceMinor, qint64 stationId) const;

    Repository &m_repository;
    const Clock &m_clock;
};

} // namespace ChargeDesk::Core
