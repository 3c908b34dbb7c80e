#pragma once

#include <QString>

namespace ChargeDesk::Core {

// The parts of a session's duration, by the connector status it was spent in.
enum class DurationScope { None, Charge, Park, Fault, Reservation };

// charging: charge; preparing, occupied, suspended_ev, suspended_evse, finishing, available:
// park; faulted, unavailable: fault; reserved: reservation; anything else (no status yet): none.
DurationScope durationScopeOf(const QString &connectorStatus);

struct DurationTimes
{
    qint64 chargeS = 0;
    qint64 parkS = 0;
    qint64 faultS = 0;
    qint64 reservationS = 0;
};

// Adds the time from sinceMs to atMs, spent in `connectorStatus`, to its scope. A report
// older than the last one adds nothing.
void accumulate(DurationTimes &times, const QString &connectorStatus, qint64 sinceMs, qint64 atMs);

} // namespace ChargeDesk::Core
