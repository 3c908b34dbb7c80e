#pragma once

#include "core/repository.h"

namespace ChargeDesk::Core {

// A power limit a session's charger was sent, as a chart draws it.
struct LimitSent
{
    qint64 atMs = 0;
    double watts = 0;
};

// The limits sent to a session's charger for its transaction (SetChargingProfile calls with a
// TxProfile naming its transaction id, as load balancing sends them), read back from the OCPP
// message log so that a chart shows what the session was allowed also for the time before it
// was opened. Only calls logged after `afterMs` are read. The first period of each schedule is
// the limit; limits in amperes count 230 V per phase (three phases where the period does not
// say). Nothing for a session without a transaction id or charger.
Result<QList<LimitSent>> sessionLimitsSent(Repository &repository, const Actor &actor, qint64 sessionId,
                                           qint64 afterMs = 0);

// One logged frame's limit, if it is a SetChargingProfile call for `transactionId`.
std::optional<double> limitWattsOf(const QByteArray &frame, const QString &transactionId);

} // namespace ChargeDesk::Core
