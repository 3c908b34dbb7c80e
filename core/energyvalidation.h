#pragma once

#include <QString>

#include <optional>

namespace ChargeDesk::Core {

// How a charger reports a session's energy register.
enum class EnergyReadingType {
    Unknown,  // no reading has told the kinds apart yet
    Absolute, // the connector's lifetime register throughout
    Relative, // from 0 at the start of each session
    Mixed,    // absolute at start and stop, session-relative in between
};
QString energyReadingTypeName(EnergyReadingType type); // "absolute", ...; empty for Unknown
EnergyReadingType energyReadingTypeFromName(const QString &name);

// Where in the session a reading was taken.
enum class ReadingScope { Start, Intermediate, Stop };

enum class EnergyVerdict {
    Valid,
    Stale,     // older than the last valid reading
    Decreased, // less energy than the last valid reading
    Excessive, // more energy than the connector can deliver in the time since the last valid reading
};
// The reason stored with a discarded reading: "stale_timestamp", "energy_decreased",
// "over_connector_capability"; empty for Valid.
QString discardReason(EnergyVerdict verdict);

// What a session remembers of its energy readings between reports.
struct EnergyTrack
{
    std::optional<double> startWh;       // the start reading (register value), when known
    std::optional<qint64> lastValidAtMs; // time of the last valid reading (the start's included)
    double energyWh = 0;                 // the session's energy at that reading
    EnergyReadingType type = EnergyReadingType::Unknown;
};

struct EnergyCheck
{
    EnergyVerdict verdict = EnergyVerdict::Valid;
    double energyWh = 0; // the session energy the reading stands for (when valid)
    EnergyReadingType type = EnergyReadingType::Unknown;
};

// Judges one energy register reading of a session, in two steps that must both pass: its
// time is not older than the last valid reading, and the energy it adds since then is
// possible for the connector's power (capabilityW; no limit known: not checked). The reading
// type is told from the readings themselves (see EnergyReadingType).
EnergyCheck checkEnergyReading(const EnergyTrack &track, ReadingScope scope, qint64 atMs, double readingWh,
                               std::optional<double> capabilityW);

// The track after a reading: a valid one moves it on, a discarded one leaves it alone.
EnergyTrack advance(EnergyTrack track, ReadingScope scope, qint64 atMs, double readingWh, const EnergyCheck &check);

} // namespace ChargeDesk::Core
