#pragma once

#include "core/repository.h"

#include <optional>

namespace ChargeDesk::Core {

// Simple pricing, in integer minor units of the site currency.
struct Prices
{
    qint64 energyPerKwh = 0;
    qint64 chargePerHour = 0;
    qint64 parkPerHour = 0;
    qint64 reservationPerHour = 0; // home roaming only
    qint64 reservationFixed = 0;   // home roaming only
};

// The session rating settings in force for a session (see sessionpolicy.h for where they
// come from). A session with no settings anywhere is rated at zero.
struct RatingSettings
{
    enum class Termination { ChargingEnd, ParkingEnd };
    enum class PaymentPolicy { None, InitialOnly, AuthControl };
    static constexpr qint64 DefaultReactivationGraceS = 900;

    qint64 id = 0; // 0: none configured
    std::optional<qint64> energyStepWh;
    std::optional<qint64> chargeTimeStepS;
    std::optional<qint64> parkTimeStepS;
    qint64 parkTimeThresholdS = 0;
    bool reservationRating = false;
    Termination termination = Termination::ChargingEnd;
    std::optional<qint64> monetaryLimitMinor;
    std::optional<qint64> energyLimitWh;
    std::optional<qint64> chargeTimeLimitS;
    PaymentPolicy paymentPolicy = PaymentPolicy::None;
    qint64 paymentAuthAmountMinor = 0;
    Prices home;
    Prices roaming; // for drivers of a third-party eMSP charging here
    bool startRequiresOccupied = false;
    qint64 reactivationGraceS = DefaultReactivationGraceS; // 0: no limit

    static RatingSettings fromRecord(const Record &record);
};

// What a session used, as the charger reported it.
struct Usage
{
    qint64 energyWh = 0;
    qint64 chargeS = 0;
    qint64 parkS = 0;
    qint64 reservationS = 0;
    bool homeRoaming = false;
};

// What a session costs, per metric. Each part is rounded half up to a minor unit on its own,
// so the parts always add up to the amount shown.
struct Charge
{
    qint64 energyMinor = 0;
    qint64 chargeMinor = 0;
    qint64 parkMinor = 0;        // only park time beyond the threshold is rated
    qint64 reservationMinor = 0; // home roaming only
    qint64 amountMinor = 0;
    qint64 ratedParkS = 0;
};

Charge rate(const RatingSettings &settings, const Usage &usage);

enum class LimitReason { None, Monetary, Energy, ChargeTime, Resources, ChargingProfileEnergy };
// "", "monetary", "energy", "charge_time", "resources", "charging_profile_energy"
QString limitReasonName(LimitReason reason);

// Whether a running session has reached one of its limits. For a prepaid customer the
// balance is the driver's resources: the next step of every metric in use (energy step while
// charging, charge time step while charging, park time step once parking is rated) must be
// covered by it, otherwise the session cannot be authorized further.
LimitReason limitReached(const RatingSettings &settings, const Usage &usage, bool charging,
                         std::optional<qint64> prepaidBalanceMinor);

// The rating's reason (`ratingReason`, from limitReached) beside the energy limit of the
// charger's session-default charging profile: the profile's limit is named when it is reached
// and the rating named none, or named its own energy limit that is higher. When both energy
// limits are reached at once, the lower one wins.
LimitReason withProfileEnergyLimit(LimitReason ratingReason, const RatingSettings &settings,
                                   std::optional<qint64> profileEnergyLimitWh, qint64 energyWh);

} // namespace ChargeDesk::Core
