#pragma once

#include "core/repository.h"

#include <optional>

namespace ChargeDesk::Core {

class BalancingService;
class LiveConfiguration;

// Something an operator should look at now, with the record where it is put right.
struct AttentionItem
{
    enum class Kind { Fault, Offline, Refused, Balancing, Rating, Configuration }; // most urgent first
    Kind kind = Kind::Fault;
    QString table;      // where one click leads: stations, sessions or refused_connections
    qint64 id = 0;      // the row of `table`
    QString subject;    // what it concerns: "Ljubljana Centre · connector 2"
    QString problem;    // what is wrong, in words: "Faulted (GroundFailure)"
    qint64 sinceMs = 0; // when it began, as far as the records say; 0 when unknown

    // Stays the same while the problem lasts, so that an alarm is raised once per problem.
    QString key() const;
};

// A balanced area at the top of its tree: what its sessions draw against its limit.
struct AreaLoad
{
    qint64 areaId = 0;
    QString name;
    double drawnW = 0;           // power reported by the sessions charging below it
    std::optional<double> limit; // the limit in force, in `unit`; none when unlimited
    QString unit;                // "W" or "A"
};

// The network at one moment, as one user may see it (operator-role users: their operator's).
struct NetworkStatus
{
    int stationsOnline = 0;
    int stationsOffline = 0;
    int connectorsCharging = 0; // charging, or suspended by the car or the charger
    int connectorsAvailable = 0;
    int connectorsFaulted = 0;
    int connectorsOther = 0; // preparing, finishing, reserved, unavailable, unknown
    double powerW = 0;       // drawn now by the sessions in progress
    QList<AreaLoad> areas;
    // Today in the reader's time zone: sessions started, their energy; revenue of sessions ended.
    int sessionsToday = 0;
    double energyTodayWh = 0;
    qint64 revenueTodayMinor = 0;
    QString currency;               // the site's, ISO 4217
    QList<AttentionItem> attention; // the most urgent first
};

// Reads the network's status from the records. The optional services add what only they know:
// each balanced area's limit in force, and the configuration check of connected stations.
Result<NetworkStatus> readNetworkStatus(Repository &repository, const Actor &actor,
                                        const BalancingService *balancing = nullptr,
                                        LiveConfiguration *liveConfiguration = nullptr);

// The power the sessions visible to `actor` drew in each minute since `sinceMs` (the sum over
// sessions of each one's average in that minute), oldest first, as (minute start, W).
Result<QList<QPair<qint64, double>>> powerHistory(Repository &repository, const Actor &actor, qint64 sinceMs);

} // namespace ChargeDesk::Core
