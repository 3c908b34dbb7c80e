#pragma once

#include <QDateTime>
#include <QList>
#include <QVariantMap>

#include <optional>

namespace ChargeDesk::Core {

// One charging profile as the scheduler sees it: plain values, no storage.
struct ProfileValues
{
    enum class Purpose { ChargerTotal, SessionDefault };
    enum class Kind { OneTime, Recurring };
    enum class Recurrency { Daily, Weekly };
    enum class Unit { W, A };
    struct Period
    {
        qint64 startS = 0; // offset from the schedule's start
        double limit = 0;
        std::optional<int> phases;
    };

    qint64 id = 0;
    Purpose purpose = Purpose::SessionDefault;
    int stackLevel = 0;
    Kind kind = Kind::OneTime;
    Recurrency recurrency = Recurrency::Daily;
    QDateTime validFrom; // invalid: no bound
    QDateTime validTo;   // invalid: no bound
    QDateTime scheduleStart;
    std::optional<qint64> durationS; // without it the schedule lasts (until the next recurrence)
    Unit unit = Unit::W;
    QList<Period> periods; // sorted by startS
};

struct CompositePeriod
{
    qint64 startS = 0;           // offset from the composite's start
    std::optional<double> limit; // none: no profile limits this time
    friend bool operator==(const CompositePeriod &, const CompositePeriod &) = default;
};

struct CompositeSchedule
{
    QDateTime start;
    qint64 durationS = 0;
    ProfileValues::Unit unit = ProfileValues::Unit::W;
    QList<CompositePeriod> periods;

    // {start (UTC ms), duration, unit, periods: [{start, limit}]}, the neutral spelling of
    // a station's answer (see server/ocpp/commandmapper.cpp); a time without a limit has
    // limit null.
    QVariantMap toVariant() const;
};

// Converts between W and A the way OCPP chargers do: W = A × volts × phases.
struct UnitConversion
{
    int phases = 3;
    double volts = 230.0;
};

// The limit a charger is expected to apply from `from` for `durationS` seconds, as OCPP's
// composite schedule defines it: within each purpose the valid profile with the highest
// stack level that has a period at that time wins; the charger total limit then caps the
// session default limit. Profiles in the other unit are converted with `conversion`.
CompositeSchedule compositeSchedule(const QList<ProfileValues> &profiles, const QDateTime &from, qint64 durationS,
                                    ProfileValues::Unit unit, UnitConversion conversion = {});

// The limit one profile sets at `at`, in its own unit; none outside its validity, before its
// schedule starts, after its duration, or before its first period.
std::optional<double> profileLimitAt(const ProfileValues &profile, const QDateTime &at);

} // namespace ChargeDesk::Core
