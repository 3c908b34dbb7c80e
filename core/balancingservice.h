#pragma once

#include "core/balancing.h"
#include "core/chargepointgateway.h"
#include "core/clock.h"
#include "core/error.h"

#include <QObject>
#include <QTimer>

namespace ChargeDesk::Core {

class ChargingSessions;
class Repository;

// Dynamic load balancing as it runs: reads the balanced areas, their limit periods, the latest
// asset reports and the sessions charging below them, lets the load balancer (balancing.h)
// share the limits out, and sends each changed limit to its charger as a transaction charging
// profile. It redistributes at each area's interval (rotating round allocations), and at once
// when a session starts or ends, an asset reports, or the configuration changes.
//
// A charger that rejects a limit or does not answer is retried; after the last retry its
// station is marked (stations.dlb_failure), the operator is told (profileFailed) and its
// sessions count with the power they draw while the others share the rest. The next interval
// tries the station again.
class BalancingService final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BalancingService)

public:
    static constexpr int TickMs = 1000;
    static constexpr int RetryDelayMs = 5000;
    static constexpr int Attempts = 3;
    // Charging profile ids of load balancing: this base plus the connector's id, so a new
    // limit replaces the previous one and never a static profile of the charger.
    static constexpr qint64 ProfileIdBase = 1000000000;
    static constexpr int ProfileStackLevel = 1;

    struct SessionAllocation
    {
        qint64 sessionId = 0;
        QString sessionCode;
        qint64 stationId = 0;
        qint64 connectorId = 0;
        Balancing::Allocation allocation;
        QString profileStatus; // pending, accepted, rejected, not_connected, timed_out, ...
    };
    // The last redistribution as it concerns one balanced area and everything below it.
    struct AreaBalance
    {
        qint64 areaId = 0;
        Balancing::AreaOutcome outcome;
        Balancing::Unit unit = Balancing::Unit::Power;
        qint64 redistributedAtMs = 0;
        qint64 nextIntervalAtMs = 0;
        QList<qint64> rotation; // round allocation: the order of the next redistribution
        QList<SessionAllocation> sessions;
    };

    BalancingService(Repository &repository, ChargingSessions &sessions, ChargePointGateway &gateway,
                     const Clock &clock, QObject *parent = nullptr);

    // A higher limit is sent only when it grows by more than a share of the one the charger
    // has, or by more than an amount, or when the area's redistribution interval has passed
    // since the last; a lower limit always goes at once, since the area's connection counts
    // on it. Chargers are spared a message for every small rise of a meter report. The top
    // area's dlb_min_increase_percent and dlb_min_increase (in its limit's unit) set them;
    // without them these defaults apply.
    static constexpr double MinIncreaseFraction = 0.05;
    static constexpr double MinIncreaseW = 1000;
    static constexpr double MinIncreaseA = 1.5;

    // How many limits went to the chargers below this balanced area in the hour before now.
    int profilesSentLastHour(qint64 areaId) const;

    // Starts the interval timer and follows sessions, asset reports and configuration.
    void start();
    void setRetryDelayMs(int ms) { m_retryDelayMs = ms; }
    // Redistributes every balanced area now; `interval` rotates the round allocations.
    Status redistribute(bool interval = false);
    std::optional<AreaBalance> areaBalance(qint64 areaId) const;
    // The charging profile a remote start carries so the session starts at 0 until its share
    // is known; empty when the connector is not in a balanced area.
    QVariantMap startProfile(qint64 connectorId);
    // A station (re)connected: its boot configuration may have cleared its profiles, so its
    // sessions get their limits again.
    void stationOnline(qint64 stationId);

signals:
    // A redistribution changed the allocations below these top areas.
    void redistributed(const QList<qint64> &topAreaIds);
    // A station does not follow its limits (rejected, no answer); its sessions are counted
    // with what they draw until a retry succeeds.
    void profileFailed(qint64 stationId, const QString &detail);

private:
    struct Input;
    struct Target;
    struct MinIncrease
    {
        double fraction = MinIncreaseFraction;
        std::optional<double> amount; // in the limit's unit; the unit's default without it
    };
    struct Sent
    {
        qint64 stationId = 0;
        std::optional<double> limit;
        Balancing::Unit unit = Balancing::Unit::Power;
        QString status;
        int failures = 0;
        bool inFlight = false;
        qint64 sentAtMs = 0; // when the last limit left for the charger
    };

    Result<Input> load();
    void scheduleSoon();
    void tick();
    // One redistribution; with `interval`, the trees whose top area is in `dueTops` (all when
    // empty) rotate their round allocations and retry marked stations.
    Status run(bool interval, const QSet<qint64> &dueTops);
    void onSessionChanged(qint64 sessionId);
    void onRowChanged(const QString &table);
    void apply(const Input &input, const Balancing::Outcome &outcome);
    void send(qint64 sessionId, const Target &target, const Balancing::Allocation &allocation);
    // Whether `allocation` differs enough from what the charger has to be sent now (see MinIncreaseFraction).
    bool worthSending(const Sent &sent, const Balancing::Allocation &allocation, qint64 intervalMs,
                      const MinIncrease &minimum) const;
    void answered(qint64 sessionId, qint64 stationId, const std::optional<double> &limit, const CommandResult &result);
    void store(qint64 sessionId, const Balancing::Allocation &allocation, const QString &profileStatus);
    static QVariantMap profileArgs(qint64 connectorId, Balancing::Unit unit, double limit);

    Repository &m_repository;
    ChargingSessions &m_sessions;
    ChargePointGateway &m_gateway;
    const Clock &m_clock;
    QTimer m_tick;
    QTimer m_soon;
    int m_retryDelayMs = RetryDelayMs;
    bool m_anyBalanced = true;                 // until the first load says otherwise
    QHash<qint64, QString> m_known;            // session -> status, for the sessions in balanced areas
    QHash<qint64, Balancing::Unit> m_treeUnit; // area under balancing -> the unit its limits are sent in
    QHash<qint64, int> m_intervals;            // top area -> its redistribution interval (s)
    qint64 m_lastLookMs = 0;
    QHash<qint64, qint64> m_lastIntervalMs; // top area -> its last interval redistribution
    Balancing::Outcome m_lastOutcome;
    QHash<qint64, Balancing::Allocation> m_allocations; // session -> its current allocation
    QHash<qint64, QList<qint64>> m_rotation;            // governing area -> round allocation order
    QHash<qint64, Sent> m_sent;                         // session -> the limit its charger has
    QHash<qint64, QString> m_unmanaged;                 // station -> why its chargers are not controlled
    QHash<qint64, AreaBalance> m_balances;              // balanced area -> its view of the last run
    QHash<qint64, QList<qint64>> m_sentTimes;           // balanced area -> when limits left below it (last hour)
    QHash<qint64, MinIncrease> m_minIncrease;           // top area -> when a higher limit is worth sending
};

} // namespace ChargeDesk::Core
