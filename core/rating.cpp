#include "core/rating.h"

namespace ChargeDesk::Core {

namespace {

std::optional<qint64> optionalInt(const Record &r, const char *field)
{
    const QVariant v = r.value(QLatin1String(field));
    if (v.isNull() || !v.isValid())
        return std::nullopt;
    return v.toLongLong();
}

qint64 intOr(const Record &r, const char *field, qint64 fallback = 0)
{
    return optionalInt(r, field).value_or(fallback);
}

// price per unit * quantity / unit size, rounded half up (quantities and prices are never negative).
qint64 priced(qint64 pricePerUnit, qint64 quantity, qint64 unitSize)
{
    if (pricePerUnit <= 0 || quantity <= 0)
        return 0;
    // Prices stay below 10^9 minor units and quantities below 10^9, so this cannot overflow.
    return (pricePerUnit * quantity * 2 + unitSize) / (unitSize * 2);
}

} // namespace

RatingSettings RatingSettings::fromRecord(const Record &r)
{
    RatingSettings s;
    s.id = intOr(r, "id");
    s.energyStepWh = optionalInt(r, "energy_step_wh");
    s.chargeTimeStepS = optionalInt(r, "charge_time_step_s");
    s.parkTimeStepS = optionalInt(r, "park_time_step_s");
    s.parkTimeThresholdS = intOr(r, "park_time_threshold_s");
    s.reservationRating = intOr(r, "reservation_rating") != 0;
    s.termination = r.value(QStringLiteral("termination")).toString() == QLatin1String("parking_end")
                        ? Termination::ParkingEnd
                        : Termination::ChargingEnd;
    s.monetaryLimitMinor = optionalInt(r, "monetary_limit_minor");
    s.energyLimitWh = optionalInt(r, "energy_limit_wh");
    s.chargeTimeLimitS = optionalInt(r, "charge_time_limit_s");
    const QString policy = r.value(QStringLiteral("payment_auth_policy")).toString();
    s.paymentPolicy = policy == QLatin1String("initial_only")   ? PaymentPolicy::InitialOnly
                      : policy == QLatin1String("auth_control") ? PaymentPolicy::AuthControl
                                                                : PaymentPolicy::None;
    s.paymentAuthAmountMinor = intOr(r, "payment_auth_amount_minor");
    s.home = {intOr(r, "energy_price_minor"), intOr(r, "charge_time_price_minor"), intOr(r, "park_time_price_minor"), 0,
              0};
    s.roaming = {intOr(r, "roaming_energy_price_minor"), intOr(r, "roaming_charge_time_price_minor"),
                 intOr(r, "roaming_park_time_price_minor"), intOr(r, "roaming_reservation_time_price_minor"),
                 intOr(r, "roaming_reservation_fixed_price_minor")};
    s.startRequiresOccupied = intOr(r, "start_requires_occupied") != 0;
    s.reactivationGraceS = intOr(r, "reactivation_grace_s", DefaultReactivationGraceS);
    return s;
}

Charge rate(const RatingSettings &settings, const Usage &usage)
{
    const Prices &p = usage.homeRoaming ? settings.roaming : settings.home;
    Charge c;
    c.ratedParkS = std::max<qint64>(0, usage.parkS - settings.parkTimeThresholdS);
    c.energyMinor = priced(p.energyPerKwh, usage.energyWh, 1000);
    c.chargeMinor = priced(p.chargePerHour, usage.chargeS, 3600);
    c.parkMinor = priced(p.parkPerHour, c.ratedParkS, 3600);
    // Reservations are rated only where the settings say so, at the roaming prices (the only
    // reservation prices there are).
    if (settings.reservationRating && usage.homeRoaming && usage.reservationS > 0)
        c.reservationMinor = priced(p.reservationPerHour, usage.reservationS, 3600) + p.reservationFixed;
    c.amountMinor = c.energyMinor + c.chargeMinor + c.parkMinor + c.reservationMinor;
    return c;
}

QString limitReasonName(LimitReason reason)
{
    switch (reason) {
    case LimitReason::None: return {};
    case LimitReason::Monetary: return QStringLiteral("monetary");
    case LimitReason::Energy: return QStringLiteral("energy");
    case LimitReason::ChargeTime: return QStringLiteral("charge_time");
    case LimitReason::Resources: return QStringLiteral("resources");
    case LimitReason::ChargingProfileEnergy: return QStringLiteral("charging_profile_energy");
    }
    return {};
}

LimitReason limitReached(const RatingSettings &settings, const Usage &usage, bool charging,
                         std::optional<qint64> prepaidBalanceMinor)
{
    if (settings.energyLimitWh && usage.energyWh >= *settings.energyLimitWh)
        return LimitReason::Energy;
    if (settings.chargeTimeLimitS && usage.chargeS >= *settings.chargeTimeLimitS)
        return LimitReason::ChargeTime;
    const qint64 amount = rate(settings, usage).amountMinor;
    if (settings.monetaryLimitMinor && amount >= *settings.monetaryLimitMinor)
        return LimitReason::Monetary;
    if (!prepaidBalanceMinor)
        return LimitReason::None;
    // The next step of each metric must be covered before the session may go on.
    Usage next = usage;
    if (charging) {
        next.energyWh += settings.energyStepWh.value_or(0);
        next.chargeS += settings.chargeTimeStepS.value_or(0);
    } else if (usage.parkS >= settings.parkTimeThresholdS) {
        next.parkS += settings.parkTimeStepS.value_or(0);
    }
    const qint64 needed = rate(settings, next).amountMinor;
    if (needed > *prepaidBalanceMinor || (amount > 0 && amount >= *prepaidBalanceMinor))
        return LimitReason::Resources;
    return LimitReason::None;
}

LimitReason withProfileEnergyLimit(LimitReason ratingReason, const RatingSettings &settings,
                                   std::optional<qint64> profileEnergyLimitWh, qint64 energyWh)
{
    if (!profileEnergyLimitWh || energyWh < *profileEnergyLimitWh)
        return ratingReason;
    if (ratingReason == LimitReason::None)
        return LimitReason::ChargingProfileEnergy;
    if (ratingReason == LimitReason::Energy && *profileEnergyLimitWh < *settings.energyLimitWh)
        return LimitReason::ChargingProfileEnergy;
    return ratingReason;
}

} // namespace ChargeDesk::Core
