#pragma once

#include <QHash>
#include <QList>
#include <QTimeZone>

#include <optional>

// Dynamic load balancing as a pure function over values: which limit each active session of
// a balanced area gets, and why. No storage, no clock, no OCPP; BalancingService (balancingservice.h)
// gathers the values and sends the results to chargers.
namespace ChargeDesk::Core::Balancing {

enum class CurrentType { Dc, AcSinglePhase, AcThreePhase };
enum class Unit { Power, Current }; // an area's electric output limit type: W or A
enum class Distribution { Equal, FirstInFirstCharged };
enum class Fallout { FirstIn, RoundAllocation };

// One limit period of an area: it replaces the static limit while it is in force. A daily
// period repeats the time of day of [startsAtMs, endsAtMs) every day from its start on, a
// weekly one on the weekdays of `weekdays` (bit 0 Monday ... bit 6 Sunday; 0: the start's
// weekday); times of day are read in the balancer's time zone.
struct LimitPeriod
{
    enum class Recurrence { Once, Daily, Weekly };
    Recurrence recurrence = Recurrence::Once;
    qint64 startsAtMs = 0;
    qint64 endsAtMs = 0;
    int weekdays = 0;
    double limit = 0; // in the area's unit
};

// The latest measurement of one asset of an area, in W. A smart meter reports the power
// available to the chargers; producers (solar panels) and discharging batteries (positive
// power) add to the limit, consumers take from it.
struct AssetReading
{
    enum class Type { SmartMeter, Producer, Consumer, Battery, Other };
    Type type = Type::Other;
    double powerW = 0;
    qint64 atMs = 0;
    CurrentType currentType = CurrentType::AcThreePhase;
    double powerFactor = 1;
};

struct Area
{
    qint64 id = 0;
    qint64 parentId = 0;  // 0: a top area
    bool enabled = false; // load balancing on; an area without it only passes its parent's limit on
    Unit unit = Unit::Power;
    std::optional<double> staticLimit;
    bool byAsset = false;
    bool priorityLevels = false;
    Distribution distribution = Distribution::Equal;
    Fallout fallout = Fallout::FirstIn;
    std::optional<double> minSupply; // per session, in the area's unit
    std::optional<double> maxSupply;
    QList<LimitPeriod> periods;
    QList<AssetReading> assets;
};

// Where an area's limit in force comes from.
enum class LimitSource { None, Static, LimitPeriod, MeterReport, AssetBalance };

struct AreaLimit
{
    std::optional<double> value; // none: no limit
    LimitSource source = LimitSource::None;
};

// The limit in force at `nowMs`: a limit period replaces the static limit (the lowest when
// several are in force); balancing by asset then takes the latest smart-meter report as the
// limit (capped by a limit period in force), or without a meter adjusts the limit by the
// other assets' reports (minus consumers, plus producers and discharging batteries).
AreaLimit limitInForce(const Area &area, qint64 nowMs, const QTimeZone &zone = QTimeZone::utc());

// One session that draws power in an area, with what its connector can take.
struct Session
{
    qint64 id = 0;
    qint64 areaId = 0;          // the area of its station
    qint64 order = 0;           // first in first served: the start time, or the rotation position
    int priority = 0;           // the customer's plan priority level (higher first)
    bool awaitingStart = false; // the charger has not confirmed the start yet: 0
    // The charger does not follow its profiles: it keeps `fixedLoad` (its measured power, in
    // the area's unit) and the others share what is left.
    bool unmanaged = false;
    double fixedLoad = 0;
    CurrentType currentType = CurrentType::AcThreePhase;
    std::optional<double> wattageLimitW;
    std::optional<double> amperageLimitA;
    std::optional<double> voltageV; // the connector's voltage limit; 230 V AC, 400 V DC otherwise
    double powerFactor = 1;
};

// What bound a session's limit.
enum class Reason {
    AreaLimit,           // its own area's limit is shared out
    ParentAreaLimit,     // a parent area's limit is shared out
    ConnectorCapability, // the connector cannot take more
    MaximumSupply,       // the area's maximum supply per session
    Fallout,             // halted: not enough for the minimum supply of every session
    AwaitingStart,       // 0 until the charger confirms the start
    Unmanaged,           // the charger does not follow profiles; its own draw is counted
    Unlimited,           // nothing limits it
};

struct Allocation
{
    qint64 sessionId = 0;
    std::optional<double> limit; // in `unit`: W whole, A to a tenth; none when unlimited
    Unit unit = Unit::Power;
    std::optional<double> watts; // the same limit in W, for the console
    Reason reason = Reason::Unlimited;
    qint64 boundByAreaId = 0; // the area whose limit, supply or fallout bound it
};

struct AreaOutcome
{
    qint64 areaId = 0;
    AreaLimit limit;
    double allocated = 0; // sum of the limits of the sessions inside it, in its unit
    int served = 0;
    int halted = 0;
};

struct Outcome
{
    QList<Allocation> allocations; // one per session under a balanced area, in input order
    QList<AreaOutcome> areas;      // one per balanced area
};

// Shares each balanced area's limit among the sessions below it. Parents limit children;
// a session follows the strategy, minimum supply and priority setting of its nearest
// balanced area, and the maximum supply of every balanced area above it. Equal distribution
// is max-min fair (water filling) in the unit of the top balanced area of the tree; when the
// minimum supply cannot reach everyone, the fallout keeps the earliest sessions in `order`
// (higher priority first with priority levels) and halts the rest. First in first charged
// gives each session, in order, as much as it can take.
Outcome balance(const QList<Area> &areas, const QList<Session> &sessions, qint64 nowMs,
                const QTimeZone &zone = QTimeZone::utc());

// Round allocation: after an interval's redistribution the served sessions move to the end
// of the rotation, so the halted ones come first next time. `rotation` is in order.
QList<qint64> rotate(const QList<qint64> &rotation, const Outcome &outcome);

// W per A for a connector or asset of this current type (phases, voltage, power factor).
double wattsPerAmp(CurrentType type, std::optional<double> voltageV, double powerFactor);

QString reasonName(Reason reason);
QString sourceName(LimitSource source);

} // namespace ChargeDesk::Core::Balancing
