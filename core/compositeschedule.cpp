#include "core/compositeschedule.h"

#include <algorithm>
#include <set>

namespace ChargeDesk::Core {

namespace {

constexpr qint64 DayS = 86400;

qint64 recurrenceS(const ProfileValues &p)
{
    return p.recurrency == ProfileValues::Recurrency::Weekly ? 7 * DayS : DayS;
}

qint64 floorDiv(qint64 a, qint64 b)
{
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

// The start of the schedule's run that `t` falls in (seconds), or none before it starts.
std::optional<qint64> runStart(const ProfileValues &p, qint64 t)
{
    if (!p.scheduleStart.isValid())
        return std::nullopt;
    const qint64 start = p.scheduleStart.toSecsSinceEpoch();
    if (t < start)
        return std::nullopt;
    if (p.kind == ProfileValues::Kind::OneTime)
        return start;
    return start + floorDiv(t - start, recurrenceS(p)) * recurrenceS(p);
}

std::optional<double> limitAt(const ProfileValues &p, qint64 t)
{
    if (p.validFrom.isValid() && t < p.validFrom.toSecsSinceEpoch())
        return std::nullopt;
    if (p.validTo.isValid() && t >= p.validTo.toSecsSinceEpoch())
        return std::nullopt;
    const auto run = runStart(p, t);
    if (!run)
        return std::nullopt;
    const qint64 offset = t - *run;
    if (p.durationS && offset >= *p.durationS)
        return std::nullopt;
    std::optional<double> limit;
    for (const ProfileValues::Period &period : p.periods) {
        if (period.startS > offset)
            break;
        limit = period.limit;
    }
    return limit;
}

double converted(const ProfileValues &p, double limit, qint64 t, ProfileValues::Unit unit,
                 const UnitConversion &conversion)
{
    if (p.unit == unit)
        return limit;
    // The period's own phase count, when it gives one, is what the charger converts with.
    int phases = conversion.phases;
    if (const auto run = runStart(p, t)) {
        for (const ProfileValues::Period &period : p.periods) {
            if (period.startS > t - *run)
                break;
            phases = period.phases.value_or(conversion.phases);
        }
    }
    const double factor = conversion.volts * phases;
    return unit == ProfileValues::Unit::W ? limit * factor : limit / factor;
}

// Every time in [from, to) at which some profile's limit may change.
std::set<qint64> breakpoints(const QList<ProfileValues> &profiles, qint64 from, qint64 to)
{
    std::set<qint64> points{from};
    const auto add = [&](qint64 t) {
        if (t > from && t < to)
            points.insert(t);
    };
    for (const ProfileValues &p : profiles) {
        if (p.validFrom.isValid())
            add(p.validFrom.toSecsSinceEpoch());
        if (p.validTo.isValid())
            add(p.validTo.toSecsSinceEpoch());
        if (!p.scheduleStart.isValid())
            continue;
        const qint64 start = p.scheduleStart.toSecsSinceEpoch();
        const qint64 step = recurrenceS(p);
        qint64 run = start;
        if (p.kind == ProfileValues::Kind::Recurring && from > start)
            run = start + floorDiv(from - start, step) * step;
        for (; run < to; run += step) {
            add(run);
            for (const ProfileValues::Period &period : p.periods)
                add(run + period.startS);
            if (p.durationS)
                add(run + *p.durationS);
            if (p.kind == ProfileValues::Kind::OneTime)
                break;
        }
    }
    return points;
}

} // namespace

std::optional<double> profileLimitAt(const ProfileValues &profile, const QDateTime &at)
{
    return limitAt(profile, at.toSecsSinceEpoch());
}

CompositeSchedule compositeSchedule(const QList<ProfileValues> &profiles, const QDateTime &from, qint64 durationS,
                                    ProfileValues::Unit unit, UnitConversion conversion)
{
    CompositeSchedule schedule;
    schedule.start = from.toUTC();
    schedule.durationS = std::max<qint64>(0, durationS);
    schedule.unit = unit;
    if (schedule.durationS == 0)
        return schedule;
    const qint64 begin = from.toSecsSinceEpoch();
    const qint64 end = begin + schedule.durationS;
    for (const qint64 t : breakpoints(profiles, begin, end)) {
        // Per purpose, the highest stack level that has a limit at this time.
        std::optional<double> total;
        std::optional<double> sessionDefault;
        int totalLevel = -1;
        int defaultLevel = -1;
        for (const ProfileValues &p : profiles) {
            const auto limit = limitAt(p, t);
            if (!limit)
                continue;
            const double value = converted(p, *limit, t, unit, conversion);
            const bool isTotal = p.purpose == ProfileValues::Purpose::ChargerTotal;
            int &level = isTotal ? totalLevel : defaultLevel;
            std::optional<double> &slot = isTotal ? total : sessionDefault;
            if (p.stackLevel > level) {
                level = p.stackLevel;
                slot = value;
            }
        }
        std::optional<double> limit = total;
        if (sessionDefault)
            limit = total ? std::min(*total, *sessionDefault) : *sessionDefault;
        if (!schedule.periods.isEmpty() && schedule.periods.constLast().limit == limit)
            continue;
        schedule.periods << CompositePeriod{t - begin, limit};
    }
    return schedule;
}

QVariantMap CompositeSchedule::toVariant() const
{
    QVariantList list;
    for (const CompositePeriod &p : periods)
        list << QVariantMap{{QStringLiteral("start"), p.startS},
                            {QStringLiteral("limit"), p.limit ? QVariant(*p.limit) : QVariant()}};
    return {{QStringLiteral("start"), start.toMSecsSinceEpoch()},
            {QStringLiteral("duration"), durationS},
            {QStringLiteral("unit"), unit == ProfileValues::Unit::W ? QStringLiteral("W") : QStringLiteral("A")},
            {QStringLiteral("periods"), list}};
}

} // namespace ChargeDesk::Core
