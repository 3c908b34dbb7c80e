#include "core/energyvalidation.h"

#include <QList>

namespace ChargeDesk::Core {

QString energyReadingTypeName(EnergyReadingType type)
{
    switch (type) {
    case EnergyReadingType::Unknown: return {};
    case EnergyReadingType::Absolute: return QStringLiteral("absolute");
    case EnergyReadingType::Relative: return QStringLiteral("relative");
    case EnergyReadingType::Mixed: return QStringLiteral("mixed");
    }
    return {};
}

EnergyReadingType energyReadingTypeFromName(const QString &name)
{
    for (EnergyReadingType t : {EnergyReadingType::Absolute, EnergyReadingType::Relative, EnergyReadingType::Mixed}) {
        if (energyReadingTypeName(t) == name)
            return t;
    }
    return EnergyReadingType::Unknown;
}

QString discardReason(EnergyVerdict verdict)
{
    switch (verdict) {
    case EnergyVerdict::Valid: return {};
    case EnergyVerdict::Stale: return QStringLiteral("stale_timestamp");
    case EnergyVerdict::Decreased: return QStringLiteral("energy_decreased");
    case EnergyVerdict::Excessive: return QStringLiteral("over_connector_capability");
    }
    return {};
}

namespace {

// One way of reading the value: as the register minus the start, or as the session energy.
struct Reading
{
    double energyWh;
    EnergyReadingType type;
};

constexpr qint64 ReadingTimeResolutionMs = 1000;
constexpr double ReadingEnergyResolutionWh = 1.0;

EnergyVerdict judge(const EnergyTrack &track, qint64 atMs, double energyWh, std::optional<double> capabilityW)
{
    if (energyWh < track.energyWh)
        return EnergyVerdict::Decreased;
    if (capabilityW && track.lastValidAtMs) {
        // Chargers stamp readings to the second and count whole Wh, so a connector running at
        // its very limit can seem a little above it between two close readings: one second
        // and one Wh of reading resolution are allowed for.
        const double hours = double(atMs - *track.lastValidAtMs + ReadingTimeResolutionMs) / 3'600'000.0;
        if (energyWh - track.energyWh > *capabilityW * hours + ReadingEnergyResolutionWh)
            return EnergyVerdict::Excessive;
    }
    return EnergyVerdict::Valid;
}

} // namespace

EnergyCheck checkEnergyReading(const EnergyTrack &track, ReadingScope scope, qint64 atMs, double readingWh,
                               std::optional<double> capabilityW)
{
    if (track.lastValidAtMs && atMs < *track.lastValidAtMs)
        return {EnergyVerdict::Stale, track.energyWh, track.type};
    if (scope == ReadingScope::Start || !track.startWh) {
        // The start reading is the baseline. Without one, the first reading is: counting
        // it as consumed energy could credit a whole lifetime register to one session.
        return {EnergyVerdict::Valid, 0, track.type};
    }

    const double start = track.startWh.value_or(0);
    const Reading absolute{readingWh - start, EnergyReadingType::Absolute};
    const Reading relative{readingWh, start == 0 ? EnergyReadingType::Relative : EnergyReadingType::Mixed};
    // The ways to read the value, the likeliest first. Once the kind is known it stays,
    // except at the stop, where a "mixed" charger reports its register again.
    QList<Reading> ways;
    switch (track.type) {
    case EnergyReadingType::Absolute: ways = {absolute}; break;
    case EnergyReadingType::Relative: ways = {relative}; break;
    case EnergyReadingType::Mixed:
        ways = scope == ReadingScope::Stop ? QList<Reading>{{absolute.energyWh, EnergyReadingType::Mixed}, relative}
                                           : QList<Reading>{relative};
        break;
    case EnergyReadingType::Unknown:
        if (start == 0)
            ways = {relative}; // both readings agree
        else if (readingWh == start)
            ways = {{0, EnergyReadingType::Unknown}}; // nothing consumed yet tells nothing
        else if (readingWh > start)
            ways = {absolute, relative};
        else
            ways = {relative}; // below the start register: counted from 0
        break;
    }
    EnergyCheck first;
    for (qsizetype i = 0; i < ways.size(); ++i) {
        const EnergyVerdict verdict = judge(track, atMs, ways.at(i).energyWh, capabilityW);
        const EnergyCheck check{verdict, ways.at(i).energyWh, ways.at(i).type};
        if (verdict == EnergyVerdict::Valid)
            return check;
        if (i == 0)
            first = check;
    }
    first.energyWh = track.energyWh;
    first.type = track.type;
    return first;
}

EnergyTrack advance(EnergyTrack track, ReadingScope scope, qint64 atMs, double readingWh, const EnergyCheck &check)
{
    if (check.verdict != EnergyVerdict::Valid)
        return track;
    if (scope == ReadingScope::Start || !track.startWh)
        track.startWh = readingWh;
    track.lastValidAtMs = atMs;
    track.energyWh = check.energyWh;
    track.type = check.type;
    return track;
}

} // namespace ChargeDesk::Core
