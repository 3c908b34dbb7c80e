#include "core/loadbalancer.h"

#include <QDateTime>

#include <algorithm>
#include <cmath>
#include <limits>

namespace ChargeDesk::Core::Balancing {

namespace {

constexpr double Eps = 1e-6;
constexpr double Infinity = std::numeric_limits<double>::infinity();
constexpr qint64 DayMs = 24 * 3600 * 1000;
constexpr int MaxDepth = 64; // a longer parent chain is a loop that validation missed

qint64 floorDiv(qint64 a, qint64 b)
{
    return a >= 0 ? a / b : -((-a + b - 1) / b);
}

// 1 = Monday ... 7 = Sunday for a local day number counted from 1970-01-01 (a Thursday).
int weekdayOf(qint64 localDay)
{
    return int(((localDay + 3) % 7 + 7) % 7) + 1;
}

bool inForce(const LimitPeriod &p, qint64 nowMs, const QTimeZone &zone, bool utc)
{
    if (p.endsAtMs <= p.startsAtMs || nowMs < p.startsAtMs)
        return false;
    if (p.recurrence == LimitPeriod::Recurrence::Once)
        return nowMs < p.endsAtMs;
    const qint64 length = p.endsAtMs - p.startsAtMs;
    const bool weekly = p.recurrence == LimitPeriod::Recurrence::Weekly;
    if (length >= (weekly ? 7 : 1) * DayMs)
        return true;
    // Wall-clock times of day: the start's in its own offset, now's in the current one.
    const auto offsetAt = [&](qint64 ms) -> qint64 {
        return utc ? 0 : qint64(zone.offsetFromUtc(QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC))) * 1000;
    };
    const qint64 startLocal = p.startsAtMs + offsetAt(p.startsAtMs);
    const qint64 nowOffset = offsetAt(nowMs);
    const qint64 nowLocal = nowMs + nowOffset;
    const qint64 timeOfDay = startLocal - floorDiv(startLocal, DayMs) * DayMs;
    const qint64 startDay = floorDiv(startLocal, DayMs);
    const int mask = p.weekdays != 0 ? p.weekdays : 1 << (weekdayOf(startDay) - 1);
    const qint64 today = floorDiv(nowLocal, DayMs);
    // A window that began on one of the last days may still be running.
    const qint64 daysBack = floorDiv(length - 1, DayMs) + 1;
    for (qint64 day = today; day >= today - daysBack && day >= startDay; --day) {
        if (weekly && !(mask & (1 << (weekdayOf(day) - 1))))
            continue;
        const qint64 opens = day * DayMs + timeOfDay;
        if (nowLocal >= opens && nowLocal < opens + length)
            return true;
    }
    return false;
}

double roundDown(double value, Unit unit)
{
    return unit == Unit::Power ? std::floor(value + Eps) : std::floor(value * 10 + Eps) / 10;
}

// A value in `from` units as `to` units, for something that draws `wpa` W per A.
double convert(double value, Unit from, Unit to, double wpa)
{
    if (from == to)
        return value;
    return from == Unit::Current ? value * wpa : value / wpa;
}

// One session as the tree it belongs to sees it; values in the tree's fill unit.
struct Member
{
    int input = 0;           // index in the sessions given
    int governing = 0;       // index of its nearest balanced area
    Unit fill = Unit::Power; // the unit of its tree's top balanced area
    QList<int> balanced;     // balanced areas above it, nearest first
    QList<int> limiting;     // those of them that have a limit
    double wpa = 1;          // W per A
    double cap = Infinity;
    Reason capReason = Reason::Unlimited;
    qint64 capArea = 0;
    double minimum = 0; // the governing area's minimum supply, at most the cap
    double alloc = 0;
    bool unlimited = false;
    Reason reason = Reason::Unlimited;
    qint64 boundArea = 0;
    bool done = false;
};

struct AreaState
{
    const Area *area = nullptr;
    int parent = -1;
    AreaLimit limit;
    double remaining = Infinity; // what is left of the limit, in the area's unit
};

class TreeBalancer
{
public:
    TreeBalancer(QList<AreaState> &areas, QList<Member> &members, const QList<Session> &sessions, Unit fill)
        : m_areas(areas)
        , m_members(members)
        , m_sessions(sessions)
        , m_fill(fill)
    {}

    // Coefficient that turns a member's fill-unit value into an area's unit.
    double coefficient(int area, const Member &m) const { return convert(1, m_fill, m_areas[area].area->unit, m.wpa); }

    void run(const QList<int> &all)
    {
        // Higher plan priority first, when the governing area weighs priority levels.
        QList<int> order = all;
        const auto tier = [&](int i) {
            const Member &m = m_members[i];
            return m_areas[m.governing].area->priorityLevels ? m_sessions[m.input].priority : 0;
        };
        std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
            if (tier(a) != tier(b))
                return tier(a) > tier(b);
            return m_sessions[m_members[a].input].order < m_sessions[m_members[b].input].order;
        });
        for (qsizetype from = 0; from < order.size();) {
            qsizetype to = from;
            while (to < order.size() && tier(order[to]) == tier(order[from]))
                ++to;
            QList<int> greedy, equal;
            for (qsizetype i = from; i < to; ++i) {
                const int idx = order[i];
                if (m_areas[m_members[idx].governing].area->distribution == Distribution::FirstInFirstCharged)
                    greedy << idx;
                else
                    equal << idx;
            }
            firstInFirstCharged(greedy);
            equalWithFallout(equal);
            from = to;
        }
    }

private:
    void consume(const Member &m)
    {
        if (m.unlimited)
            return;
        for (int a : m.limiting)
            m_areas[a].remaining -= coefficient(a, m) * m.alloc;
    }

    void firstInFirstCharged(const QList<int> &members)
    {
        for (int idx : members) {
            Member &m = m_members[idx];
            double room = Infinity;
            qint64 roomArea = 0;
            for (int a : m.limiting) {
                const double r = std::max(0.0, m_areas[a].remaining) / coefficient(a, m);
                if (r < room - Eps) {
                    room = r;
                    roomArea = m_areas[a].area->id;
                }
            }
            settle(m, room, roomArea);
            consume(m);
        }
    }

    void settle(Member &m, double room, qint64 roomArea)
    {
        if (std::isinf(room) && std::isinf(m.cap)) {
            m.unlimited = true;
            m.reason = Reason::Unlimited;
        } else if (m.cap <= room + Eps) {
            m.alloc = m.cap;
            m.reason = m.capReason;
            m.boundArea = m.capArea;
        } else {
            m.alloc = room;
            m.reason = roomArea == m_areas[m.governing].area->id ? Reason::AreaLimit : Reason::ParentAreaLimit;
            m.boundArea = roomArea;
        }
        m.done = true;
    }

    // Max-min fair shares; sessions that cannot all get their minimum are halted from the
    // end of the order until the rest can.
    void equalWithFallout(const QList<int> &members)
    {
        QList<int> served = members;
        QList<int> halted;
        const QList<AreaState> before = m_areas;
        for (;;) {
            m_areas = before;
            fill(served);
            const QList<int> dropped = shortOfMinimum(served);
            if (dropped.isEmpty())
                break;
            for (int idx : dropped) {
                served.removeOne(idx);
                halted << idx;
            }
        }
        for (int idx : halted) {
            Member &m = m_members[idx];
            m.alloc = 0;
            m.unlimited = false;
            m.reason = Reason::Fallout;
            m.boundArea = m_areas[m.governing].area->id;
            m.done = true;
        }
    }

    // The sessions to halt so that the others reach their minimum: per governing area whose
    // served sessions fall short, those beyond what its share can give the minimum to.
    QList<int> shortOfMinimum(const QList<int> &served) const
    {
        QHash<int, QList<int>> byArea;
        QHash<int, bool> short_;
        for (int idx : served) {
            const Member &m = m_members[idx];
            byArea[m.governing] << idx;
            if (!m.unlimited && m.alloc < m.minimum - Eps)
                short_[m.governing] = true;
        }
        QList<int> dropped;
        for (auto it = short_.cbegin(); it != short_.cend(); ++it) {
            const QList<int> &list = byArea[it.key()]; // already in order
            double budget = 0;
            for (int idx : list)
                budget += m_members[idx].alloc;
            qsizetype keep = 0;
            double needed = 0;
            while (keep < list.size() && needed + m_members[list[keep]].minimum <= budget + Eps)
                needed += m_members[list[keep++]].minimum;
            keep = std::min(keep, list.size() - 1); // halt at least one, or this never ends
            dropped << list.mid(keep);
        }
        return dropped;
    }

    // Water filling: every unsettled session rises to the same level until its cap or the
    // limit of an area above it stops it.
    void fill(const QList<int> &members)
    {
        QList<int> byCap = members;
        std::sort(byCap.begin(), byCap.end(), [&](int a, int b) { return m_members[a].cap < m_members[b].cap; });
        QHash<int, double> weight; // per limiting area: sum of coefficients of rising sessions
        for (int idx : members) {
            Member &m = m_members[idx];
            m.done = false;
            m.alloc = 0;
            m.unlimited = false;
            for (int a : m.limiting)
                weight[a] += coefficient(a, m);
        }
        QHash<int, double> frozen; // per limiting area: what settled sessions took
        qsizetype nextCap = 0;
        qsizetype rising = members.size();
        const auto freeze = [&](int idx, double level, Reason reason, qint64 area) {
            Member &m = m_members[idx];
            m.alloc = level;
            m.reason = reason;
            m.boundArea = area;
            m.done = true;
            --rising;
            for (int a : m.limiting) {
                const double c = coefficient(a, m);
                weight[a] -= c;
                frozen[a] += c * level;
            }
        };
        while (rising > 0) {
            while (nextCap < byCap.size() && m_members[byCap[nextCap]].done)
                ++nextCap;
            const double capLevel = nextCap < byCap.size() ? m_members[byCap[nextCap]].cap : Infinity;
            double areaLevel = Infinity;
            for (auto it = weight.cbegin(); it != weight.cend(); ++it) {
                if (it.value() <= Eps)
                    continue;
                const double level = std::max(0.0, m_areas[it.key()].remaining - frozen.value(it.key())) / it.value();
                areaLevel = std::min(areaLevel, level);
            }
            if (std::isinf(capLevel) && std::isinf(areaLevel)) {
                for (int idx : members) {
                    if (!m_members[idx].done) {
                        m_members[idx].unlimited = true;
                        m_members[idx].reason = Reason::Unlimited;
                        m_members[idx].done = true;
                    }
                }
                break;
            }
            // On a tie the connector is named: it could not take more either way.
            if (areaLevel < capLevel - Eps) {
                // Every area that is full at this level stops the sessions below it; a
                // session names the nearest such area.
                QList<int> full;
                for (auto it = weight.cbegin(); it != weight.cend(); ++it) {
                    if (it.value() > Eps &&
                        std::max(0.0, m_areas[it.key()].remaining - frozen.value(it.key())) / it.value() <=
                            areaLevel + Eps)
                        full << it.key();
                }
                for (int idx : members) {
                    Member &m = m_members[idx];
                    if (m.done)
                        continue;
                    for (int a : m.limiting) {
                        if (!full.contains(a))
                            continue;
                        const qint64 id = m_areas[a].area->id;
                        freeze(idx, areaLevel,
                               id == m_areas[m.governing].area->id ? Reason::AreaLimit : Reason::ParentAreaLimit, id);
                        break;
                    }
                }
            } else {
                for (; nextCap < byCap.size(); ++nextCap) {
                    Member &m = m_members[byCap[nextCap]];
                    if (m.done)
                        continue;
                    if (m.cap > capLevel + Eps)
                        break;
                    freeze(byCap[nextCap], m.cap, m.capReason, m.capArea);
                }
            }
        }
        for (int idx : members)
            consume(m_members[idx]);
    }

    QList<AreaState> &m_areas;
    QList<Member> &m_members;
    const QList<Session> &m_sessions;
    Unit m_fill;
};

} // namespace

double wattsPerAmp(CurrentType type, std::optional<double> voltageV, double powerFactor)
{
    const double pf = powerFactor > 0 && powerFactor <= 1 ? powerFactor : 1;
    switch (type) {
    case CurrentType::Dc: return (voltageV && *voltageV > 0 ? *voltageV : 400.0);
    case CurrentType::AcSinglePhase: return (voltageV && *voltageV > 0 ? *voltageV : 230.0) * pf;
    case CurrentType::AcThreePhase:
        // A limit above 300 V is the line-to-line voltage of the three phases.
        if (voltageV && *voltageV > 300)
            return std::sqrt(3.0) * *voltageV * pf;
        return 3 * (voltageV && *voltageV > 0 ? *voltageV : 230.0) * pf;
    }
    return 230.0;
}

AreaLimit limitInForce(const Area &area, qint64 nowMs, const QTimeZone &zone)
{
    const bool utc = zone == QTimeZone::utc();
    AreaLimit limit;
    if (area.staticLimit) {
        limit.value = std::max(0.0, *area.staticLimit);
        limit.source = LimitSource::Static;
    }
    std::optional<double> period;
    for (const LimitPeriod &p : area.periods) {
        if (inForce(p, nowMs, zone, utc))
            period = std::min(period.value_or(Infinity), std::max(0.0, p.limit));
    }
    if (period) {
        limit.value = period;
        limit.source = LimitSource::LimitPeriod;
    }
    if (!area.byAsset || area.assets.isEmpty())
        return limit;

    const auto inUnit = [&](const AssetReading &r) {
        return area.unit == Unit::Power ? r.powerW : r.powerW / wattsPerAmp(r.currentType, {}, r.powerFactor);
    };
    const AssetReading *meter = nullptr;
    double balance = 0;
    bool producers = false;
    for (const AssetReading &r : area.assets) {
        switch (r.type) {
        case AssetReading::Type::SmartMeter:
            if (!meter || r.atMs > meter->atMs)
                meter = &r;
            break;
        case AssetReading::Type::Consumer: balance -= std::abs(inUnit(r)); break;
        case AssetReading::Type::Producer:
            balance += std::abs(inUnit(r));
            producers = true;
            break;
        case AssetReading::Type::Battery:
            balance += inUnit(r); // positive while it discharges, negative while it charges
            producers = producers || r.powerW > 0;
            break;
        case AssetReading::Type::Other: break;
        }
    }
    if (meter) {
        const double available = std::max(0.0, inUnit(*meter));
        limit.value = period ? std::min(*period, available) : available;
        limit.source = LimitSource::MeterReport;
    } else if (limit.value || producers) {
        limit.value = std::max(0.0, limit.value.value_or(0) + balance);
        limit.source = LimitSource::AssetBalance;
    }
    return limit;
}

Outcome balance(const QList<Area> &areas, const QList<Session> &sessions, qint64 nowMs, const QTimeZone &zone)
{
    Outcome outcome;
    QHash<qint64, int> index;
    index.reserve(areas.size());
    for (int i = 0; i < areas.size(); ++i)
        index.insert(areas[i].id, i);
    QList<AreaState> states(areas.size());
    for (int i = 0; i < areas.size(); ++i) {
        states[i].area = &areas[i];
        states[i].parent = index.value(areas[i].parentId, -1);
        if (areas[i].enabled) {
            states[i].limit = limitInForce(areas[i], nowMs, zone);
            states[i].remaining = states[i].limit.value.value_or(Infinity);
        }
    }

    // Each session joins the tree of its topmost balanced area.
    QList<Member> members;
    QHash<int, QList<int>> trees;
    QList<int> memberOf(sessions.size(), -1);
    for (int s = 0; s < sessions.size(); ++s) {
        const Session &session = sessions[s];
        Member m;
        m.input = s;
        m.governing = -1;
        int top = -1;
        QList<int> chain;
        int depth = 0;
        for (int a = index.value(session.areaId, -1); a >= 0 && depth < MaxDepth; a = states[a].parent, ++depth) {
            if (!areas[a].enabled || chain.contains(a))
                continue;
            chain << a;
            if (m.governing < 0)
                m.governing = a;
            top = a;
        }
        if (m.governing < 0)
            continue; // not balanced
        const Unit fill = areas[top].unit;
        m.fill = fill;
        m.wpa = wattsPerAmp(session.currentType, session.voltageV, session.powerFactor);
        if (session.wattageLimitW && *session.wattageLimitW > 0)
            m.cap = convert(*session.wattageLimitW, Unit::Power, fill, m.wpa);
        if (session.amperageLimitA && *session.amperageLimitA > 0)
            m.cap = std::min(m.cap, convert(*session.amperageLimitA, Unit::Current, fill, m.wpa));
        if (!std::isinf(m.cap))
            m.capReason = Reason::ConnectorCapability;
        for (int a : chain) {
            if (areas[a].maxSupply) {
                const double max = convert(*areas[a].maxSupply, areas[a].unit, fill, m.wpa);
                if (max < m.cap - Eps) {
                    m.cap = max;
                    m.capReason = Reason::MaximumSupply;
                    m.capArea = areas[a].id;
                }
            }
            if (states[a].limit.value)
                m.limiting << a;
        }
        const Area &governing = areas[m.governing];
        m.minimum = std::min(m.cap, convert(governing.minSupply.value_or(0), governing.unit, fill, m.wpa));
        m.balanced = chain;
        memberOf[s] = members.size();
        trees[top] << members.size();
        members << m;
    }

    for (auto it = trees.cbegin(); it != trees.cend(); ++it) {
        const Unit fill = areas[it.key()].unit;
        TreeBalancer tree(states, members, sessions, fill);
        // What the sessions that are not shared out take first: unmanaged chargers their
        // own draw, sessions still starting nothing.
        QList<int> shared;
        for (int idx : it.value()) {
            Member &m = members[idx];
            const Session &s = sessions[m.input];
            if (s.awaitingStart) {
                m.reason = Reason::AwaitingStart;
                m.boundArea = areas[m.governing].id;
            } else if (s.unmanaged) {
                m.alloc = convert(std::max(0.0, s.fixedLoad), areas[m.governing].unit, fill, m.wpa);
                m.reason = Reason::Unmanaged;
                for (int a : m.limiting)
                    states[a].remaining -= tree.coefficient(a, m) * m.alloc;
            } else {
                shared << idx;
            }
        }
        tree.run(shared);
    }

    outcome.allocations.reserve(members.size());
    QList<AreaOutcome> areaOutcomes(areas.size());
    for (int s = 0; s < sessions.size(); ++s) {
        if (memberOf[s] < 0)
            continue;
        const Member &m = members[memberOf[s]];
        Allocation allocation;
        allocation.sessionId = sessions[s].id;
        allocation.unit = m.fill;
        allocation.reason = m.reason;
        allocation.boundByAreaId = m.boundArea;
        if (!m.unlimited && m.reason != Reason::Unmanaged) {
            allocation.limit = roundDown(m.alloc, allocation.unit);
            allocation.watts = convert(*allocation.limit, allocation.unit, Unit::Power, m.wpa);
        } else if (m.reason == Reason::Unmanaged) {
            allocation.watts = convert(m.alloc, allocation.unit, Unit::Power, m.wpa);
        }
        // Every balanced area above the session counts what it takes.
        for (int a : m.balanced) {
            AreaOutcome &o = areaOutcomes[a];
            if (m.reason == Reason::Fallout || m.reason == Reason::AwaitingStart) {
                o.halted += m.reason == Reason::Fallout ? 1 : 0;
                continue;
            }
            ++o.served;
            if (!m.unlimited)
                o.allocated += convert(m.reason == Reason::Unmanaged ? m.alloc : *allocation.limit, allocation.unit,
                                       areas[a].unit, m.wpa);
        }
        outcome.allocations << allocation;
    }
    for (int a = 0; a < areas.size(); ++a) {
        if (!areas[a].enabled)
            continue;
        areaOutcomes[a].areaId = areas[a].id;
        areaOutcomes[a].limit = states[a].limit;
        outcome.areas << areaOutcomes[a];
    }
    return outcome;
}

QList<qint64> rotate(const QList<qint64> &rotation, const Outcome &outcome)
{
    QHash<qint64, Reason> reasons;
    for (const Allocation &a : outcome.allocations)
        reasons.insert(a.sessionId, a.reason);
    QList<qint64> waiting, served;
    for (qint64 id : rotation) {
        const auto it = reasons.constFind(id);
        if (it == reasons.cend())
            continue; // gone
        (*it == Reason::Fallout ? waiting : served) << id;
    }
    return waiting + served;
}

QString reasonName(Reason reason)
{
    switch (reason) {
    case Reason::AreaLimit: return QStringLiteral("area_limit");
    case Reason::ParentAreaLimit: return QStringLiteral("parent_area_limit");
    case Reason::ConnectorCapability: return QStringLiteral("connector_capability");
    case Reason::MaximumSupply: return QStringLiteral("maximum_supply");
    case Reason::Fallout: return QStringLiteral("fallout");
    case Reason::AwaitingStart: return QStringLiteral("awaiting_start");
    case Reason::Unmanaged: return QStringLiteral("unmanaged");
    case Reason::Unlimited: return QStringLiteral("unlimited");
    }
    return {};
}

QString sourceName(LimitSource source)
{
    switch (source) {
    case LimitSource::None: return QStringLiteral("none");
    case LimitSource::Static: return QStringLiteral("static");
    case LimitSource::LimitPeriod: return QStringLiteral("limit_period");
    case LimitSource::MeterReport: return QStringLiteral("meter_report");
    case LimitSource::AssetBalance: return QStringLiteral("asset_balance");
    }
    return {};
}

} // namespace ChargeDesk::Core::Balancing
