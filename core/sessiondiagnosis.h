#pragma once

#include "core/repository.h"

namespace ChargeDesk::Core {

// The malfunction situations of the specification that can be told from a session's own
// record, readings and history, each with what to look at. The session window shows them;
// notifications can be raised on them.
enum class Malfunction {
    EnergyNotProgressing = 1, // readings discarded as beyond the connector's capability, or no energy readings
    NoPowerReadings,          // energy, but no power or current reported
    NoCustomer,               // nobody authorized the session
    FalseTimeTracking,        // more energy than the charge time could deliver: charging counted as park/fault
    FaultedConnector,         // fault time in the session
    Suspended,                // the connector was suspended (EV or EVSE) during the session
    RatingFailed,
    BillingFailed,
    DidNotStart, // prepared (ready) but closed without starting
    Obsolete,    // closed by the central side without the charger's stop
    Inadequate,  // shorter than 5 minutes, under 5 kWh, or no amount
    // Of a station rather than one session:
    ConnectorNotConfigured, // a connector the station reported that nobody set up
    LoadBalancingFailed,    // load balancing cannot control the station
};

struct Finding
{
    Malfunction malfunction;
    QString code;    // energy_not_progressing, no_power_readings, ... (stable, for filters and notifications)
    QString summary; // what was seen, with the numbers
    QString advice;  // what to check or change
};

// What a diagnosis needs of a session.
struct SessionFacts
{
    QString status;
    QString authorizationMode;
    bool started = false;      // the charger reported a start
    bool stopReported = false; // the charger reported the stop
    bool open = false;         // still tracked
    qint64 durationS = 0;      // from start to end (or now)
    qint64 energyWh = 0;
    qint64 chargeS = 0;
    qint64 parkS = 0;
    qint64 faultS = 0;
    qint64 amountMinor = 0;
    std::optional<qint64> connectorWattLimit;
    int energyReadings = 0; // valid energy register readings after the start's
    int overCapability = 0; // energy readings discarded as beyond the connector's capability
    int powerReadings = 0;  // Power.Active.Import or Current.Import readings
    bool suspended = false; // the connector reported SuspendedEV/EVSE during the session
    QString failureReason;
};

QList<Finding> diagnose(const SessionFacts &facts);
// Loads the facts of a stored session (now: for open sessions' durations).
Result<SessionFacts> sessionFacts(Repository &repository, qint64 sessionId, qint64 nowMs);

// What a station's troubleshooting badge shows, as `actor` may see it: connectors it reported
// that nobody configured, load balancing that cannot control it, and the malfunctions that
// recur in its last `recentSessions` sessions (one finding per kind, saying how often).
Result<QList<Finding>> stationFindings(Repository &repository, const Actor &actor, qint64 stationId, qint64 nowMs,
                                       int recentSessions = 10);

} // namespace ChargeDesk::Core
