#pragma once

#include "core/configurationtemplates.h"
#include "core/liveconfiguration.h"

namespace ChargeDesk::Core {

// A live configuration value that differs from what the specification recommends for
// stations run by this central system, with the settings that would put it right.
struct ConfigurationFinding
{
    QString parameter;   // the catalogue's neutral name: "sampled_data_interval"
    QString key;         // the station's key (1.6) or Component/Variable (2.0.1)
    QString current;     // as the station reported it
    QString recommended; // what the fix sends
    QString why;         // for people: what goes wrong with the current value
    // Empty when the station reports the key read-only: it cannot be changed over OCPP.
    QList<TemplateSetting> fix;
};

// What the check needs to know about a station beside its values.
struct ConfigurationFacts
{
    QString protocol;            // "ocpp1.6", "ocpp2.0.1"
    QList<LiveValue> values;     // as stored after the last read
    qint64 readyExpirationS = 0; // the operator's or the site's ready-session expiration
    bool hasDcCharger = false;   // the vehicle's state of charge is only known over DC
};

// The recommended range of the session meter value interval, in seconds.
inline constexpr int MinSampleIntervalS = 10;
inline constexpr int MaxSampleIntervalS = 60;
inline constexpr int RecommendedSampleIntervalS = 15;
// What a charger needs to tear a session down and tell us about it before we expire it.
inline constexpr qint64 ConnectionTimeoutMarginS = 10;

// Compares the station-wide values (EVSE 0) a station reported with the recommendations.
// Keys it did not report are not judged: nothing is known about them.
QList<ConfigurationFinding> checkConfiguration(const ConfigurationFacts &facts);

// Gathers the facts of a stored station (its protocol, last read values, session policy and
// charger types) and checks them.
Result<QList<ConfigurationFinding>> checkStation(Repository &repository, LiveConfiguration &live, qint64 stationId);

} // namespace ChargeDesk::Core
