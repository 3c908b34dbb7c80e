// Load balancer benchmark: one full redistribution (Balancing::balance) over a generated
// network, timed against a naive reference on the same data, in the same process and run.
//   bench_loadbalancer            1,000 areas in three-level trees, 10,000 sessions, 50 runs
//   bench_loadbalancer --quick    50 areas, 500 sessions, 5 runs (the ctest smoke test)
// The exit status says whether the results are right (no negative limit, no area above its
// limit in force, no connector above its capability), never whether the timing target was met.
#include "core/balancing.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QTimeZone>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <thread>

using namespace ChargeDesk::Core::Balancing;

// Heap allocations are counted by wrapping glibc's allocator: Qt's containers call malloc
// directly, so counting operator new alone would miss most of them.
namespace {
std::atomic<quint64> heapAllocations{0};
}
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define CHARGEDESK_SANITIZED 1 // the sanitizers own malloc
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
#define CHARGEDESK_SANITIZED 1
#endif
#endif
#if defined(__GLIBC__) && !defined(CHARGEDESK_SANITIZED)
extern "C" {
void *__libc_malloc(size_t size);
void *__libc_calloc(size_t count, size_t size);
void *__libc_realloc(void *pointer, size_t size);

void *malloc(size_t size) noexcept
{
    heapAllocations.fetch_add(1, std::memory_order_relaxed);
    return __libc_malloc(size);
}

void *calloc(size_t count, size_t size) noexcept
{
    heapAllocations.fetch_add(1, std::memory_order_relaxed);
    return __libc_calloc(count, size);
}

void *realloc(void *pointer, size_t size) noexcept
{
    heapAllocations.fetch_add(1, std::memory_order_relaxed);
    return __libc_realloc(pointer, size);
}
}
constexpr bool CountsHeap = true;
#else
constexpr bool CountsHeap = false;
#endif

namespace {

constexpr qint64 HourMs = 3600 * 1000;
constexpr qint64 DayMs = 24 * HourMs;
constexpr int TreeSize = 10;          // a top area, three children, two grandchildren under each child
constexpr double ThreePhaseWpa = 690; // 3 x 230 V: turns a limit in W into one in A
constexpr double TargetMs = 10;

// splitmix64: the same network on every platform, unlike the std distributions.
class Rng
{
public:
    explicit Rng(quint64 seed)
        : m_state(seed)
    {}
    quint64 next()
    {
        quint64 z = (m_state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    double uniform(double low, double high) { return low + (high - low) * double(next() >> 11) * 0x1.0p-53; }
    int below(int n) { return int(next() % quint64(n)); }
    bool chance(double p) { return uniform(0, 1) < p; }
    template <typename T> T pick(std::initializer_list<T> values) { return values.begin()[below(int(values.size()))]; }

private:
    quint64 m_state;
};

struct Options
{
    int areas = 1000;
    int sessions = 10000;
    int warmup = 5;
    int runs = 50;
    quint64 seed = 1;
    QByteArray zone = "Europe/Ljubljana";
};

struct Network
{
    QList<Area> areas;
    QList<Session> sessions;
};

// The limits and supplies of one area, in its unit, from a value in W.
double inUnit(const Area &area, double watts)
{
    return area.unit == Unit::Power ? std::round(watts) : std::round(watts / ThreePhaseWpa * 10) / 10;
}

void addLimitPeriod(Area &area, Rng &rng, qint64 now, double limitW)
{
    LimitPeriod p;
    const bool current = rng.chance(0.5);
    p.limit = inUnit(area, limitW * rng.uniform(0.4, 0.8));
    switch (rng.below(3)) {
    case 0:
        p.startsAtMs = current ? now - HourMs : now + 2 * HourMs;
        p.endsAtMs = p.startsAtMs + 2 * HourMs;
        break;
    case 1: // two hours a day, from a week ago
        p.recurrence = LimitPeriod::Recurrence::Daily;
        p.startsAtMs = now - 7 * DayMs + (current ? -HourMs : 3 * HourMs);
        p.endsAtMs = p.startsAtMs + 2 * HourMs;
        break;
    default: // now's weekday or the next one, from two weeks ago
        p.recurrence = LimitPeriod::Recurrence::Weekly;
        p.startsAtMs = now - 14 * DayMs - HourMs;
        p.endsAtMs = p.startsAtMs + 2 * HourMs;
        p.weekdays = current ? 0b0010101 : 0b1101010;
        break;
    }
    area.periods << p;
}

void addAssets(Area &area, Rng &rng, qint64 now, double limitW)
{
    area.byAsset = true;
    const auto reading = [&](AssetReading::Type type, double watts, qint64 at) {
        AssetReading r;
        r.type = type;
        r.powerW = std::round(watts);
        r.atMs = at;
        r.powerFactor = rng.chance(0.3) ? 0.95 : 1;
        area.assets << r;
    };
    if (rng.chance(0.5)) { // a smart meter, the latest of its reports counts
        reading(AssetReading::Type::SmartMeter, limitW * rng.uniform(0.5, 1.1), now - 120000);
        reading(AssetReading::Type::SmartMeter, limitW * rng.uniform(0.5, 1.1), now - 60000);
    } else {
        reading(AssetReading::Type::Consumer, limitW * rng.uniform(0.05, 0.3), now - 30000);
        if (rng.chance(0.6))
            reading(AssetReading::Type::Producer, limitW * rng.uniform(0, 0.2), now - 30000);
        if (rng.chance(0.4))
            reading(AssetReading::Type::Battery, limitW * rng.uniform(-0.1, 0.1), now - 30000);
    }
}

// Three-level trees: 10% of the sessions on a top area, 20% on a child, 70% on a grandchild.
// Each limit is a per-session budget times the sessions below, from tight (fallout with a
// minimum supply) to loose (connectors bound), so every reason a limit can have occurs.
Network generate(const Options &options, qint64 now)
{
    Rng rng(options.seed);
    Network net;
    const int trees = options.areas / TreeSize;
    for (int t = 0; t < trees; ++t) {
        const int root = t * TreeSize;
        for (int i = 0; i < TreeSize; ++i) {
            Area a;
            a.id = root + i + 1;
            a.parentId = i == 0 ? 0 : (i - 1) % 3 == 0 ? root + 1 : root + i - (i - 1) % 3 + 1;
            net.areas << a;
        }
    }
    QList<int> below(net.areas.size(), 0);
    for (int s = 0; s < options.sessions; ++s) {
        const int root = rng.below(trees) * TreeSize;
        const double where = rng.uniform(0, 1);
        const int child = root + 1 + 3 * rng.below(3);
        const int area = where < 0.1 ? root : where < 0.3 ? child : child + 1 + rng.below(2);
        Session session;
        session.id = s + 1;
        session.areaId = area + 1;
        net.sessions << session;
        for (qint64 a = session.areaId; a != 0; a = net.areas[a - 1].parentId)
            ++below[a - 1];
    }

    for (int i = 0; i < net.areas.size(); ++i) {
        Area &a = net.areas[i];
        const int level = i % TreeSize == 0 ? 0 : (i % TreeSize - 1) % 3 == 0 ? 1 : 2;
        a.enabled = level == 0 || rng.chance(level == 1 ? 0.9 : 0.95);
        if (!a.enabled)
            continue; // only passes its parent's limit on
        a.unit = rng.chance(0.25) ? Unit::Current : Unit::Power;
        const double limitW = std::max(1, below[i]) * rng.uniform(level == 0 ? 2500 : 3000, 14000);
        if (level == 0 || rng.chance(level == 1 ? 0.75 : 0.65))
            a.staticLimit = inUnit(a, limitW);
        if (rng.chance(0.25))
            addLimitPeriod(a, rng, now, limitW);
        if (rng.chance(0.15))
            addAssets(a, rng, now, limitW);
        if (rng.chance(0.3))
            a.minSupply = a.unit == Unit::Power ? rng.pick({1380.0, 2760.0, 4140.0}) : rng.pick({6.0, 8.0});
        if (rng.chance(0.2))
            a.maxSupply = a.unit == Unit::Power ? rng.pick({7400.0, 11000.0, 22000.0}) : rng.pick({16.0, 32.0});
        a.distribution = rng.chance(0.2) ? Distribution::FirstInFirstCharged : Distribution::Equal;
        a.fallout = rng.chance(0.5) ? Fallout::RoundAllocation : Fallout::FirstIn;
        a.priorityLevels = rng.chance(0.2);
    }

    for (Session &s : net.sessions) {
        s.order = now - qint64(rng.below(8 * 3600)) * 1000;
        s.priority = rng.chance(0.3) ? 1 + rng.below(3) : 0;
        const double kind = rng.uniform(0, 1);
        if (kind < 0.15) {
            s.currentType = CurrentType::Dc;
            s.wattageLimitW = rng.pick({50000.0, 150000.0});
            if (rng.chance(0.5))
                s.voltageV = rng.pick({400.0, 800.0});
        } else if (kind < 0.4) {
            s.currentType = CurrentType::AcSinglePhase;
            s.wattageLimitW = rng.pick({3680.0, 7360.0});
            if (rng.chance(0.5))
                s.amperageLimitA = rng.pick({16.0, 32.0});
        } else {
            s.wattageLimitW = rng.pick({11040.0, 22080.0});
            if (rng.chance(0.5))
                s.amperageLimitA = rng.pick({16.0, 32.0});
            if (rng.chance(0.2))
                s.voltageV = 400; // line to line
        }
        if (rng.chance(0.05))
            s.wattageLimitW.reset(); // a connector that does not say
        s.powerFactor = rng.chance(0.3) ? 0.95 : 1;
        s.awaitingStart = rng.chance(0.02);
        if (!s.awaitingStart && rng.chance(0.02)) {
            s.unmanaged = true;
            qint64 governing = s.areaId;
            while (!net.areas[governing - 1].enabled)
                governing = net.areas[governing - 1].parentId;
            s.fixedLoad = inUnit(net.areas[governing - 1], rng.uniform(1000, 7000));
        }
    }
    return net;
}

// The lower bound of a redistribution: every session touched once, each area's static limit
// split equally among its own sessions. No trees, caps, periods, assets or fallout.
QList<Allocation> reference(const QList<Area> &areas, const QList<Session> &sessions)
{
    QHash<qint64, int> index;
    index.reserve(areas.size());
    for (int i = 0; i < areas.size(); ++i)
        index.insert(areas[i].id, i);
    QList<int> count(areas.size(), 0);
    QList<int> areaOf(sessions.size());
    for (int s = 0; s < sessions.size(); ++s) {
        areaOf[s] = index.value(sessions[s].areaId, -1);
        if (areaOf[s] >= 0)
            ++count[areaOf[s]];
    }
    QList<Allocation> allocations;
    allocations.reserve(sessions.size());
    for (int s = 0; s < sessions.size(); ++s) {
        Allocation a;
        a.sessionId = sessions[s].id;
        if (areaOf[s] >= 0) {
            const Area &area = areas[areaOf[s]];
            a.unit = area.unit;
            if (area.staticLimit)
                a.limit = *area.staticLimit / count[areaOf[s]];
            a.reason = Reason::AreaLimit;
            a.boundByAreaId = area.id;
        }
        allocations << a;
    }
    return allocations;
}

// Milliseconds per run of each job, sorted. The jobs take turns, so that a burst of other
// work on the machine hits them alike and the ratio holds.
QList<QList<double>> timeRuns(const Options &options, const QList<std::function<void()>> &jobs)
{
    for (int i = 0; i < options.warmup; ++i) {
        for (const auto &job : jobs)
            job();
    }
    QList<QList<double>> ms(jobs.size());
    for (int i = 0; i < options.runs; ++i) {
        for (qsizetype j = 0; j < jobs.size(); ++j) {
            const auto start = std::chrono::steady_clock::now();
            jobs[j]();
            ms[j] << std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
        }
    }
    for (QList<double> &list : ms)
        std::sort(list.begin(), list.end());
    return ms;
}

// Nearest rank.
double percentile(const QList<double> &sorted, double p)
{
    const qsizetype rank = qsizetype(std::ceil(p * double(sorted.size())));
    return sorted[std::clamp<qsizetype>(rank - 1, 0, sorted.size() - 1)];
}

quint64 heapAllocationsOf(const std::function<void()> &run)
{
    const quint64 before = heapAllocations.load(std::memory_order_relaxed);
    run();
    return heapAllocations.load(std::memory_order_relaxed) - before;
}

// The checks a wrong result fails: limits are never negative, no connector gets more than
// it can take, and no balanced area hands out more than its limit in force, except for what
// unmanaged chargers draw regardless. Area totals are summed here from the allocations, not
// taken from the outcome.
QStringList check(const Network &net, const Outcome &outcome)
{
    QStringList errors;
    const auto fail = [&](const QString &error) {
        if (errors.size() < 20)
            errors << error;
    };
    QHash<qint64, int> areaIndex, sessionIndex;
    for (int i = 0; i < net.areas.size(); ++i)
        areaIndex.insert(net.areas[i].id, i);
    for (int i = 0; i < net.sessions.size(); ++i)
        sessionIndex.insert(net.sessions[i].id, i);

    const auto chain = [&](const Session &s) {
        QList<int> list;
        for (int a = areaIndex.value(s.areaId, -1); a >= 0 && list.size() < TreeSize; // bounded: a loop ends
             a = areaIndex.value(net.areas[a].parentId, -1)) {
            if (net.areas[a].enabled)
                list << a;
        }
        return list;
    };
    qsizetype expected = 0;
    for (const Session &s : net.sessions)
        expected += chain(s).isEmpty() ? 0 : 1;
    if (outcome.allocations.size() != expected)
        fail(QStringLiteral("%1 allocations for %2 balanced sessions").arg(outcome.allocations.size()).arg(expected));

    QList<double> allocated(net.areas.size(), 0), unmanaged(net.areas.size(), 0);
    for (const Allocation &a : outcome.allocations) {
        const int index = sessionIndex.value(a.sessionId, -1);
        if (index < 0) {
            fail(QStringLiteral("allocation for unknown session %1").arg(a.sessionId));
            continue;
        }
        const Session &s = net.sessions[index];
        const double wpa = wattsPerAmp(s.currentType, s.voltageV, s.powerFactor);
        if ((a.limit && !(*a.limit >= 0)) || (a.watts && !(*a.watts >= 0))) {
            fail(QStringLiteral("session %1: negative limit %2 (%3 W)")
                     .arg(s.id)
                     .arg(a.limit.value_or(0))
                     .arg(a.watts.value_or(0)));
        }
        const double tolerance = 1e-3;
        if (a.limit && a.watts && s.wattageLimitW && *s.wattageLimitW > 0 &&
            *a.watts > *s.wattageLimitW * (1 + 1e-9) + tolerance)
            fail(QStringLiteral("session %1: %2 W above its connector's %3 W")
                     .arg(s.id)
                     .arg(*a.watts)
                     .arg(*s.wattageLimitW));
        if (a.limit && a.watts && s.amperageLimitA && *s.amperageLimitA > 0 &&
            *a.watts / wpa > *s.amperageLimitA * (1 + 1e-9) + tolerance)
            fail(QStringLiteral("session %1: %2 A above its connector's %3 A")
                     .arg(s.id)
                     .arg(*a.watts / wpa)
                     .arg(*s.amperageLimitA));
        if (!a.watts)
            continue; // unlimited
        for (int area : chain(s)) {
            const double value = net.areas[area].unit == Unit::Power ? *a.watts : *a.watts / wpa;
            allocated[area] += value;
            if (a.reason == Reason::Unmanaged)
                unmanaged[area] += value;
        }
    }
    for (const AreaOutcome &o : outcome.areas) {
        const int index = areaIndex.value(o.areaId, -1);
        if (index < 0 || !o.limit.value)
            continue;
        const double bound = std::max(*o.limit.value, unmanaged[index]);
        const double tolerance = 1e-9 * bound + 1e-3;
        for (const double total : {allocated[index], o.allocated}) {
            if (total > bound + tolerance)
                fail(QStringLiteral("area %1: %2 allocated above its limit in force %3 (unmanaged draw %4)")
                         .arg(o.areaId)
                         .arg(total, 0, 'f', 3)
                         .arg(*o.limit.value, 0, 'f', 3)
                         .arg(unmanaged[index], 0, 'f', 3));
        }
    }
    return errors;
}

// What the network exercises, so that a change of the generator that leaves a path cold shows.
void printCoverage(const Network &net, const Outcome &outcome)
{
    int balanced = 0, current = 0, byAsset = 0, periods = 0, fifc = 0, round = 0, priority = 0;
    for (const Area &a : net.areas) {
        if (!a.enabled)
            continue;
        ++balanced;
        current += a.unit == Unit::Current;
        byAsset += a.byAsset;
        periods += !a.periods.isEmpty();
        fifc += a.distribution == Distribution::FirstInFirstCharged;
        round += a.fallout == Fallout::RoundAllocation;
        priority += a.priorityLevels;
    }
    std::printf("areas:         %lld in %lld three-level trees; %d balanced (%d in A, %d by asset, %d with limit "
                "periods, %d first in first charged, %d round allocation, %d priority levels)\n",
                qlonglong(net.areas.size()), qlonglong(net.areas.size() / TreeSize), balanced, current, byAsset,
                periods, fifc, round, priority);
    int sources[int(LimitSource::AssetBalance) + 1] = {};
    for (const AreaOutcome &o : outcome.areas)
        ++sources[int(o.limit.source)];
    std::printf("limits:       ");
    for (const LimitSource source : {LimitSource::Static, LimitSource::LimitPeriod, LimitSource::MeterReport,
                                     LimitSource::AssetBalance, LimitSource::None})
        std::printf(" %s %d", qPrintable(sourceName(source)), sources[int(source)]);
    std::printf("\n");
    int reasons[int(Reason::Unlimited) + 1] = {};
    for (const Allocation &a : outcome.allocations)
        ++reasons[int(a.reason)];
    std::printf("sessions:      %lld, %lld allocated;", qlonglong(net.sessions.size()),
                qlonglong(outcome.allocations.size()));
    for (int r = int(Reason::AreaLimit); r <= int(Reason::Unlimited); ++r)
        std::printf(" %s %d", qPrintable(reasonName(Reason(r))), reasons[r]);
    std::printf("\n");
}

// Other work on the machine shows in the p95 first.
QByteArray loadAverage()
{
    char buffer[64] = {};
    if (std::FILE *file = std::fopen("/proc/loadavg", "r")) {
        const std::size_t read = std::fread(buffer, 1, sizeof buffer - 1, file);
        std::fclose(file);
        return QByteArray(buffer, qsizetype(read)).split(' ').value(0);
    }
    return "unknown";
}

bool parse(int argc, char **argv, Options &options)
{
    for (int i = 1; i < argc; ++i) {
        const QByteArray arg = argv[i];
        if (arg == "--quick") {
            options.areas = 50;
            options.sessions = 500;
            options.warmup = 1;
            options.runs = 5;
            continue;
        }
        if (i + 1 >= argc)
            return false;
        const QByteArray value = argv[++i];
        if (arg == "--zone") {
            options.zone = value;
            continue;
        }
        bool ok = false;
        const qlonglong n = value.toLongLong(&ok);
        if (!ok || n < 0 || n > 100000000)
            return false;
        if (arg == "--areas")
            options.areas = int(n);
        else if (arg == "--sessions")
            options.sessions = int(n);
        else if (arg == "--runs")
            options.runs = int(n);
        else if (arg == "--warmup")
            options.warmup = int(n);
        else if (arg == "--seed")
            options.seed = quint64(n);
        else
            return false;
    }
    return options.areas >= TreeSize && options.areas % TreeSize == 0 && options.runs > 0;
}

} // namespace

int main(int argc, char **argv)
{
    Options options;
    const bool help = argc > 1 && (qstrcmp(argv[1], "--help") == 0 || qstrcmp(argv[1], "-h") == 0);
    if (help || !parse(argc, argv, options)) {
        std::fprintf(help ? stdout : stderr,
                     "usage: bench_loadbalancer [--quick] [--areas N (a multiple of %d)] [--sessions N] [--runs N] "
                     "[--warmup N] [--seed N] [--zone IANA-ID|UTC]\n",
                     TreeSize);
        return help ? 0 : 2;
    }
    const QTimeZone zone = options.zone == "UTC" ? QTimeZone::utc() : QTimeZone(options.zone);
    if (!zone.isValid()) {
        std::fprintf(stderr, "bench_loadbalancer: unknown time zone %s\n", options.zone.constData());
        return 2;
    }
    // A Monday morning, weeks away from a daylight saving change.
    const qint64 now = QDateTime(QDate(2026, 3, 2), QTime(8, 0), Qt::UTC).toMSecsSinceEpoch();
    const Network net = generate(options, now);

    std::printf("load balancer: one redistribution (balance) against a reference, seed %llu, zone %s\n",
                static_cast<unsigned long long>(options.seed), options.zone.constData());
    Outcome outcome = balance(net.areas, net.sessions, now, zone);
    printCoverage(net, outcome);
    const QStringList errors = check(net, outcome);

    std::size_t sink = 0;
    const std::function<void()> cycle = [&] {
        outcome = balance(net.areas, net.sessions, now, zone);
    };
    const std::function<void()> naiveCycle = [&] {
        sink += reference(net.areas, net.sessions).size();
    };
    const std::function<void()> limitsOnly = [&] {
        for (const Area &a : net.areas)
            sink += a.enabled && limitInForce(a, now, zone).value ? 1 : 0;
    };
    const QList<QList<double>> times = timeRuns(options, {cycle, naiveCycle, limitsOnly});
    const QList<double> &full = times[0], &naive = times[1], &limits = times[2];
    const quint64 heapFull = heapAllocationsOf(cycle);
    const quint64 heapNaive = heapAllocationsOf(naiveCycle);

    const double median = percentile(full, 0.5), p95 = percentile(full, 0.95);
    const double naiveMedian = percentile(naive, 0.5);
    const double perSecond = double(outcome.allocations.size()) / (median / 1000);
    std::printf("runs:          %d warm-up, %d measured, taking turns with the reference; %u CPUs, load average %s\n",
                options.warmup, options.runs, std::thread::hardware_concurrency(), loadAverage().constData());
    std::printf("full cycle:    median %.3f ms, p95 %.3f ms, min %.3f ms, max %.3f ms\n", median, p95, full.first(),
                full.last());
    std::printf("  limitInForce over all balanced areas: median %.3f ms\n", percentile(limits, 0.5));
    std::printf("allocations/s: %.0f (session limits computed per second, at the median)\n", perSecond);
    if (CountsHeap)
        std::printf("heap:          %llu allocations per cycle (%.0f per second); reference %llu per cycle\n",
                    static_cast<unsigned long long>(heapFull), double(heapFull) / (median / 1000),
                    static_cast<unsigned long long>(heapNaive));
    std::printf("reference:     median %.3f ms, p95 %.3f ms (each area's static limit split equally among its own "
                "sessions, one pass)\n",
                naiveMedian, percentile(naive, 0.95));
    std::printf("ratio full/reference: %.1f\n", median / naiveMedian);
    std::printf("target:        a full cycle under %.0f ms: median %s, p95 %s\n", TargetMs,
                median < TargetMs ? "met" : "NOT met", p95 < TargetMs ? "met" : "NOT met");
    if (sink == 0) // read, so that the reference is not optimised away
        std::printf("(the reference computed nothing)\n");

    if (!errors.isEmpty()) {
        std::printf("results: WRONG\n");
        for (const QString &error : errors)
            std::printf("  %s\n", qPrintable(error));
        return 1;
    }
    std::printf("results: ok (no negative limit, no connector above its capability, no area above its limit in "
                "force)\n");
    return 0;
}
