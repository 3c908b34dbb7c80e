#include "core/balancing.h"

#include <QDateTime>
#include <QSet>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

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

// The balanced areas above an area (nearest first), worked out once per area.
struct Chain
{
    std::vector<int> balanced;
    std::vector<int> limiting; // those of them that have a limit
    int top = -1;              // the topmost balanced area: the tree
};

// One session as its tree sees it; values in the tree's fill unit.
struct Member
{
    int input = 0; // index in the sessions given
    const Chain *chain = nullptr;
    int governing = 0; // its nearest balanced area
    Unit fill = Unit::Power;
    int tier = 0;     // plan priority, when its area weighs priority levels
    qint64 order = 0; // first in first served
    double wpa = 1;   // W per A
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

// Working values per area, sized once per balance() and shared by the trees (which touch
// only their own areas).
struct AreaWork
{
    std::vector<double> remaining; // what is left of the limit, in the area's unit
    std::vector<double> weight;    // water filling: coefficients of the rising sessions
    std::vector<double> frozen;    // water filling: what settled sessions took
    std::vector<char> full;
};

class TreeBalancer
{
public:
    TreeBalancer(const QList<Area> &areas, AreaWork &work, std::vector<Member> &members, std::vector<int> treeAreas,
                 Unit fill)
        : m_areas(areas)
        , m_work(work)
        , m_members(members)
        , m_treeAreas(std::move(treeAreas))
        , m_fill(fill)
    {}

    // Turns a member's fill-unit value into an area's unit.
    double coefficient(int area, const Member &m) const { return convert(1, m_fill, m_areas.at(area).unit, m.wpa); }

    void take(const Member &m)
    {
        if (m.unlimited)
            return;
        for (int a : m.chain->limiting)
            m_work.remaining[a] -= coefficient(a, m) * m.alloc;
    }

    void run(std::vector<int> order)
    {
        std::stable_sort(order.begin(), order.end(), [this](int a, int b) {
            const Member &x = m_members[a];
            const Member &y = m_members[b];
            return x.tier != y.tier ? x.tier > y.tier : x.order < y.order;
        });
        for (size_t from = 0; from < order.size();) {
            size_t to = from;
            const int tier = m_members[order[from]].tier;
            while (to < order.size() && m_members[order[to]].tier == tier)
                ++to;
            std::vector<int> greedy, equal;
            for (size_t i = from; i < to; ++i) {
                const int idx = order[i];
                const bool first =
                    m_areas.at(m_members[idx].governing).distribution == Distribution::FirstInFirstCharged;
                (first ? greedy : equal).push_back(idx);
            }
            firstInFirstCharged(greedy);
            equalWithFallout(std::move(equal));
            from = to;
        }
    }

private:
    Reason areaReason(const Member &m, qint64 areaId) const
    {
        return areaId == m_areas.at(m.governing).id ? Reason::AreaLimit : Reason::ParentAreaLimit;
    }

    void firstInFirstCharged(const std::vector<int> &members)
    {
        for (int idx : members) {
            Member &m = m_members[idx];
            double room = Infinity;
            qint64 roomArea = 0;
            for (int a : m.chain->limiting) {
                const double r = std::max(0.0, m_work.remaining[a]) / coefficient(a, m);
                if (r < room - Eps) {
                    room = r;
                    roomArea = m_areas.at(a).id;
                }
            }
            if (std::isinf(room) && std::isinf(m.cap)) {
                m.unlimited = true;
                m.reason = Reason::Unlimited;
            } else if (m.cap <= room + Eps) {
                m.alloc = m.cap;
                m.reason = m.capReason;
                m.boundArea = m.capArea;
            } else {
                m.alloc = room;
                m.reason = areaReason(m, roomArea);
                m.boundArea = roomArea;
            }
            m.done = true;
            take(m);
        }
    }

    // Max-min fair shares; sessions that cannot all get their minimum are halted from the
    // end of the order until the rest can.
    void equalWithFallout(std::vector<int> served)
    {
        std::vector<double> before(m_treeAreas.size());
        for (size_t i = 0; i < m_treeAreas.size(); ++i)
            before[i] = m_work.remaining[m_treeAreas[i]];
        std::vector<int> halted;
        for (;;) {
            for (size_t i = 0; i < m_treeAreas.size(); ++i)
                m_work.remaining[m_treeAreas[i]] = before[i];
            fill(served);
            const std::vector<int> dropped = shortOfMinimum(served);
            if (dropped.empty())
                break;
            for (int idx : dropped)
                m_members[idx].done = false; // marks the dropped ones for the erase below
            std::erase_if(served, [this](int idx) { return !m_members[idx].done; });
            halted.insert(halted.end(), dropped.begin(), dropped.end());
        }
        for (int idx : halted) {
            Member &m = m_members[idx];
            m.alloc = 0;
            m.unlimited = false;
            m.reason = Reason::Fallout;
            m.boundArea = m_areas.at(m.governing).id;
            m.done = true;
        }
    }

    // The sessions to halt so that the others reach their minimum: per governing area whose
    // served sessions fall short, those beyond what its share can give the minimum to.
    std::vector<int> shortOfMinimum(const std::vector<int> &served) const
    {
        QSet<int> shortAreas;
        for (int idx : served) {
            const Member &m = m_members[idx];
            if (!m.unlimited && m.alloc < m.minimum - Eps)
                shortAreas.insert(m.governing);
        }
        std::vector<int> dropped;
        for (int area : shortAreas) {
            std::vector<int> list; // in order, as `served` is
            double budget = 0;
            for (int idx : served) {
                if (m_members[idx].governing == area) {
                    list.push_back(idx);
                    budget += m_members[idx].alloc;
                }
            }
            size_t keep = 0;
            double needed = 0;
            while (keep < list.size() && needed + m_members[list[keep]].minimum <= budget + Eps)
                needed += m_members[list[keep++]].minimum;
            keep = std::min(keep, list.size() - 1); // halt at least one, or this never ends
            dropped.insert(dropped.end(), list.begin() + qsizetype(keep), list.end());
        }
        return dropped;
    }

    double areaLevel(int a) const { return std::max(0.0, m_work.remaining[a] - m_work.frozen[a]) / m_work.weight[a]; }

    // Water filling: every unsettled session rises to the same level until its cap or the
    // limit of an area above it stops it.
    void fill(const std::vector<int> &members)
    {
        std::vector<int> byCap = members;
        std::sort(byCap.begin(), byCap.end(), [this](int a, int b) { return m_members[a].cap < m_members[b].cap; });
        for (int a : m_treeAreas) {
            m_work.weight[a] = 0;
            m_work.frozen[a] = 0;
        }
        for (int idx : members) {
            Member &m = m_members[idx];
            m.done = false;
            m.alloc = 0;
            m.unlimited = false;
            for (int a : m.chain->limiting)
                m_work.weight[a] += coefficient(a, m);
        }
        size_t nextCap = 0;
        size_t rising = members.size();
        const auto freeze = [&](Member &m, double level, Reason reason, qint64 area) {
            m.alloc = level;
            m.reason = reason;
            m.boundArea = area;
            m.done = true;
            --rising;
            for (int a : m.chain->limiting) {
                const double c = coefficient(a, m);
                m_work.weight[a] -= c;
                m_work.frozen[a] += c * level;
            }
        };
        while (rising > 0) {
            while (nextCap < byCap.size() && m_members[byCap[nextCap]].done)
                ++nextCap;
            const double capLevel = nextCap < byCap.size() ? m_members[byCap[nextCap]].cap : Infinity;
            double level = Infinity;
            for (int a : m_treeAreas) {
                if (m_work.weight[a] > Eps)
                    level = std::min(level, areaLevel(a));
            }
            if (std::isinf(capLevel) && std::isinf(level)) {
                for (int idx : members) {
                    Member &m = m_members[idx];
                    if (!m.done) {
                        m.unlimited = true;
                        m.reason = Reason::Unlimited;
                        m.done = true;
                    }
                }
                break;
            }
            // On a tie the connector is named: it could not take more either way.
            if (level < capLevel - Eps) {
                // Every area that is full at this level stops the sessions below it; a
                // session names the nearest such area.
                for (int a : m_treeAreas)
                    m_work.full[a] = m_work.weight[a] > Eps && areaLevel(a) <= level + Eps;
                for (int idx : members) {
                    Member &m = m_members[idx];
                    if (m.done)
                        continue;
                    for (int a : m.chain->limiting) {
                        if (m_work.full[a]) {
                            const qint64 id = m_areas.at(a).id;
                            freeze(m, level, areaReason(m, id), id);
                            break;
                        }
                    }
                }
            } else {
                for (; nextCap < byCap.size(); ++nextCap) {
                    Member &m = m_members[byCap[nextCap]];
                    if (m.done)
                        continue;
                    if (m.cap > capLevel + Eps)
                        break;
                    freeze(m, m.cap, m.capReason, m.capArea);
                }
            }
        }
        for (int idx : members)
            take(m_members[idx]);
    }

    const QList<Area> &m_areas;
    AreaWork &m_work;
    std::vector<Member> &m_members;
    const std::vector<int> m_treeAreas; // the limited areas of this tree
    const Unit m_fill;
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
    const int areaCount = int(areas.size());
    QHash<qint64, int> index;
    index.reserve(areaCount);
    for (int i = 0; i < areaCount; ++i)
        index.insert(areas[i].id, i);
    std::vector<int> parents(areaCount);
    std::vector<AreaLimit> limits(areaCount);
    AreaWork work;
    work.remaining.assign(areaCount, Infinity);
    work.weight.assign(areaCount, 0);
    work.frozen.assign(areaCount, 0);
    work.full.assign(areaCount, 0);
    for (int i = 0; i < areaCount; ++i) {
        parents[i] = index.value(areas[i].parentId, -1);
        if (areas[i].enabled) {
            limits[i] = limitInForce(areas[i], nowMs, zone);
            work.remaining[i] = limits[i].value.value_or(Infinity);
        }
    }
    std::vector<Chain> chains(areaCount);
    for (int i = 0; i < areaCount; ++i) {
        Chain &c = chains[i];
        for (int a = i, depth = 0; a >= 0 && depth < MaxDepth; a = parents[a], ++depth) {
            if (!areas[a].enabled)
                continue;
            if (std::find(c.balanced.begin(), c.balanced.end(), a) != c.balanced.end())
                break; // a parent loop that validation missed
            c.balanced.push_back(a);
            if (limits[a].value)
                c.limiting.push_back(a);
            c.top = a;
        }
    }

    // Each session joins the tree of its topmost balanced area.
    std::vector<Member> members;
    members.reserve(sessions.size());
    std::vector<int> memberOf(sessions.size(), -1);
    std::vector<std::vector<int>> trees(areaCount);
    std::vector<int> tops;
    for (int s = 0; s < int(sessions.size()); ++s) {
        const Session &session = sessions[s];
        const int area = index.value(session.areaId, -1);
        if (area < 0 || chains[area].balanced.empty())
            continue; // not balanced
        Member m;
        m.input = s;
        m.chain = &chains[area];
        m.governing = m.chain->balanced.front();
        const Area &governing = areas[m.governing];
        m.fill = areas[m.chain->top].unit;
        m.tier = governing.priorityLevels ? session.priority : 0;
        m.order = session.order;
        m.wpa = wattsPerAmp(session.currentType, session.voltageV, session.powerFactor);
        if (session.wattageLimitW && *session.wattageLimitW > 0)
            m.cap = convert(*session.wattageLimitW, Unit::Power, m.fill, m.wpa);
        if (session.amperageLimitA && *session.amperageLimitA > 0)
            m.cap = std::min(m.cap, convert(*session.amperageLimitA, Unit::Current, m.fill, m.wpa));
        if (!std::isinf(m.cap))
            m.capReason = Reason::ConnectorCapability;
        for (int a : m.chain->balanced) {
            if (!areas[a].maxSupply)
                continue;
            const double max = convert(*areas[a].maxSupply, areas[a].unit, m.fill, m.wpa);
            if (max < m.cap - Eps) {
                m.cap = max;
                m.capReason = Reason::MaximumSupply;
                m.capArea = areas[a].id;
            }
        }
        m.minimum = std::min(m.cap, convert(governing.minSupply.value_or(0), governing.unit, m.fill, m.wpa));
        memberOf[s] = int(members.size());
        if (trees[m.chain->top].empty())
            tops.push_back(m.chain->top);
        trees[m.chain->top].push_back(int(members.size()));
        members.push_back(m);
    }

    std::vector<char> inTree(areaCount, 0);
    for (int top : tops) {
        const std::vector<int> &tree = trees[top];
        std::vector<int> treeAreas;
        for (int idx : tree) {
            for (int a : members[idx].chain->limiting) {
                if (!inTree[a]) {
                    inTree[a] = 1;
                    treeAreas.push_back(a);
                }
            }
        }
        const Unit fill = areas[top].unit;
        TreeBalancer balancer(areas, work, members, treeAreas, fill);
        // What the sessions that are not shared out take first: unmanaged chargers their
        // own draw, sessions still starting nothing.
        std::vector<int> shared;
        for (int idx : tree) {
            Member &m = members[idx];
            const Session &s = sessions[m.input];
            if (s.awaitingStart) {
                m.reason = Reason::AwaitingStart;
                m.boundArea = areas[m.governing].id;
            } else if (s.unmanaged) {
                m.alloc = convert(std::max(0.0, s.fixedLoad), areas[m.governing].unit, fill, m.wpa);
                m.reason = Reason::Unmanaged;
                balancer.take(m);
            } else {
                shared.push_back(idx);
            }
        }
        balancer.run(std::move(shared));
    }

    Outcome outcome;
    outcome.allocations.reserve(qsizetype(members.size()));
    std::vector<AreaOutcome> areaOutcomes(areaCount);
    for (int s = 0; s < int(sessions.size()); ++s) {
        if (memberOf[s] < 0)
            continue;
        const Member &m = members[memberOf[s]];
        Allocation allocation;
        allocation.sessionId = sessions[s].id;
        allocation.unit = m.fill;
        allocation.reason = m.reason;
        allocation.boundByAreaId = m.boundArea;
        const bool unmanaged = m.reason == Reason::Unmanaged;
        if (!m.unlimited && !unmanaged) {
            allocation.limit = roundDown(m.alloc, allocation.unit);
            allocation.watts = convert(*allocation.limit, allocation.unit, Unit::Power, m.wpa);
        } else if (unmanaged) {
            allocation.watts = convert(m.alloc, allocation.unit, Unit::Power, m.wpa);
        }
        // Every balanced area above the session counts what it takes.
        for (int a : m.chain->balanced) {
            AreaOutcome &o = areaOutcomes[a];
            if (m.reason == Reason::Fallout) {
                ++o.halted;
                continue;
            }
            if (m.reason == Reason::AwaitingStart)
                continue;
            ++o.served;
            if (!m.unlimited)
                o.allocated += convert(unmanaged ? m.alloc : *allocation.limit, allocation.unit, areas[a].unit, m.wpa);
        }
        outcome.allocations << allocation;
    }
    for (int a = 0; a < areaCount; ++a) {
        if (!areas[a].enabled)
            continue;
        areaOutcomes[a].areaId = areas[a].id;
        areaOutcomes[a].limit = limits[a];
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
