#include "core/balancing.h"

#include <QDateTime>
#include <QTest>

using namespace ChargeDesk::Core::Balancing;

namespace {

// 2026-03-02 (a Monday) 08:00 UTC.
const qint64 Now = QDateTime(QDate(2026, 3, 2), QTime(8, 0), Qt::UTC).toMSecsSinceEpoch();
constexpr qint64 HourMs = 3600 * 1000;

Area balanced(qint64 id, std::optional<double> limit, qint64 parent = 0)
{
    Area a;
    a.id = id;
    a.parentId = parent;
    a.enabled = true;
    a.staticLimit = limit;
    return a;
}

Session charging(qint64 id, qint64 area, std::optional<double> wattageW = {}, qint64 order = 0)
{
    Session s;
    s.id = id;
    s.areaId = area;
    s.wattageLimitW = wattageW;
    s.order = order ? order : id;
    return s;
}

QList<Session> chargers(int count, qint64 area, double wattageW, qint64 firstId = 1)
{
    QList<Session> list;
    for (int i = 0; i < count; ++i)
        list << charging(firstId + i, area, wattageW);
    return list;
}

AssetReading reading(AssetReading::Type type, double watts, qint64 at = Now)
{
    AssetReading r;
    r.type = type;
    r.powerW = watts;
    r.atMs = at;
    return r;
}

QList<double> limits(const Outcome &o)
{
    QList<double> list;
    for (const Allocation &a : o.allocations)
        list << a.limit.value_or(-1);
    return list;
}

QList<Reason> reasons(const Outcome &o)
{
    QList<Reason> list;
    for (const Allocation &a : o.allocations)
        list << a.reason;
    return list;
}

} // namespace

class TestBalancing : public QObject
{
    Q_OBJECT

private slots:
    // Specification, "Load balancing example with the static limit": five 50 kW chargers
    // behind a 150 kW source.
    void staticLimit_threeSessions_eachGetsTheFullCharger()
    {
        const Outcome o = balance({balanced(1, 150000)}, chargers(3, 1, 50000), Now);
        QCOMPARE(limits(o), (QList<double>{50000, 50000, 50000}));
        QCOMPARE(reasons(o), QList<Reason>(3, Reason::ConnectorCapability));
        QCOMPARE(o.areas.first().allocated, 150000.0);
    }

    void staticLimit_fiveSessions_shareTheSourceEqually()
    {
        const Outcome o = balance({balanced(1, 150000)}, chargers(5, 1, 50000), Now);
        QCOMPARE(limits(o), QList<double>(5, 30000));
        QCOMPARE(reasons(o), QList<Reason>(5, Reason::AreaLimit));
        QCOMPARE(o.areas.first().limit.source, LimitSource::Static);
    }

    void staticLimit_firstInFirstCharged_fillsChargersInStartOrder()
    {
        Area area = balanced(1, 150000);
        area.distribution = Distribution::FirstInFirstCharged;
        QList<Session> sessions = chargers(5, 1, 50000);
        sessions[0].order = 50; // started last
        const Outcome o = balance({area}, sessions, Now);
        QCOMPARE(limits(o), (QList<double>{0, 50000, 50000, 50000, 0}));
        QCOMPARE(o.allocations[4].reason, Reason::AreaLimit);
    }

    // "Load balancing basic example with the dynamic limit": 150 kW minus a 20 kW apartment.
    void consumerAsset_takesItsDrawFromTheLimit()
    {
        Area area = balanced(1, 150000);
        area.byAsset = true;
        area.assets << reading(AssetReading::Type::Consumer, 20000);
        const AreaLimit limit = limitInForce(area, Now);
        QCOMPARE(limit.value.value(), 130000.0);
        QCOMPARE(limit.source, LimitSource::AssetBalance);
        const Outcome o = balance({area}, chargers(5, 1, 50000), Now);
        QCOMPARE(limits(o), QList<double>(5, 26000));
        QCOMPARE(o.areas.first().allocated, 130000.0);
    }

    void producerAsset_addsToTheLimit()
    {
        Area area = balanced(1, 20000);
        area.byAsset = true;
        area.assets << reading(AssetReading::Type::Producer, 7000) << reading(AssetReading::Type::Consumer, 2000)
                    << reading(AssetReading::Type::Battery, -1000);
        QCOMPARE(limitInForce(area, Now).value.value(), 24000.0);
    }

    // "Load balancing advanced example with the dynamic limit", step by step.
    void advancedExample_meterReportOverridesTheStaticLimit()
    {
        Area area = balanced(1, 60000);
        area.byAsset = true;
        area.minSupply = 5000;
        area.fallout = Fallout::RoundAllocation;
        const QList<Session> four = chargers(4, 1, 22000);
        QCOMPARE(limits(balance({area}, four, Now)), QList<double>(4, 15000)); // no report yet: 60 kW

        area.assets << reading(AssetReading::Type::SmartMeter, 40000);
        Outcome o = balance({area}, four, Now);
        QCOMPARE(o.areas.first().limit.source, LimitSource::MeterReport);
        QCOMPARE(limits(o), QList<double>(4, 10000));

        area.assets << reading(AssetReading::Type::SmartMeter, 44000, Now + 60000);
        o = balance({area}, four, Now + 60000);
        QCOMPARE(limits(o), QList<double>(4, 11000));
    }

    void advancedExample_tenSessionsOn30kW_sixGetTheMinimumAndFourAreHalted()
    {
        Area area = balanced(1, 60000);
        area.byAsset = true;
        area.minSupply = 5000;
        area.fallout = Fallout::RoundAllocation;
        area.assets << reading(AssetReading::Type::SmartMeter, 30000);
        const QList<Session> ten = chargers(10, 1, 22000);
        const Outcome o = balance({area}, ten, Now);
        QCOMPARE(limits(o), (QList<double>{5000, 5000, 5000, 5000, 5000, 5000, 0, 0, 0, 0}));
        QCOMPARE(reasons(o).mid(6), QList<Reason>(4, Reason::Fallout));
        QCOMPARE(o.areas.first().served, 6);
        QCOMPARE(o.areas.first().halted, 4);
        QCOMPARE(o.areas.first().allocated, 30000.0);
    }

    void advancedExample_roundAllocation_rotatesTheHaltedSessionsIn()
    {
        Area area = balanced(1, 60000);
        area.byAsset = true;
        area.minSupply = 5000;
        area.fallout = Fallout::RoundAllocation;
        area.assets << reading(AssetReading::Type::SmartMeter, 30000);
        QList<Session> sessions = chargers(10, 1, 22000);
        QList<qint64> rotation{1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        Outcome last;
        // At each interval the previous outcome rotates the order; events in between keep it.
        const auto run = [&](bool interval) {
            if (interval && !last.allocations.isEmpty())
                rotation = rotate(rotation, last);
            for (Session &s : sessions)
                s.order = rotation.indexOf(s.id);
            last = balance({area}, sessions, Now);
            QList<qint64> served;
            for (const Allocation &a : last.allocations) {
                if (a.limit.value_or(0) > 0)
                    served << a.sessionId;
            }
            std::sort(served.begin(), served.end());
            return served;
        };
        QCOMPARE(run(true), (QList<qint64>{1, 2, 3, 4, 5, 6}));
        QCOMPARE(run(true), (QList<qint64>{1, 2, 7, 8, 9, 10})); // the four halted ones first, then 1 and 2
        QCOMPARE(run(true), (QList<qint64>{3, 4, 5, 6, 7, 8}));

        // Session 3 is done: the next one in the rotation gets its supply at once. A new
        // session joins at the end of the rotation and gets supply at a later interval.
        sessions.removeIf([](const Session &s) { return s.id == 3; });
        rotation.removeOne(3);
        sessions << charging(11, 1, 22000);
        rotation << 11;
        QCOMPARE(run(false), (QList<qint64>{4, 5, 6, 7, 8, 9}));
        QCOMPARE(run(true), (QList<qint64>{1, 2, 4, 5, 10, 11}));
    }

    void fallout_firstIn_keepsTheEarliestSessions()
    {
        Area area = balanced(1, 12000);
        area.minSupply = 5000;
        QList<Session> sessions = chargers(3, 1, 22000);
        sessions[0].order = 99;
        const Outcome o = balance({area}, sessions, Now);
        QCOMPARE(limits(o), (QList<double>{0, 6000, 6000}));
        QCOMPARE(o.allocations[0].reason, Reason::Fallout);
    }

    void maximumSupply_capsEverySession()
    {
        Area area = balanced(1, 150000);
        area.maxSupply = 10000;
        const Outcome o = balance({area}, chargers(3, 1, 50000), Now);
        QCOMPARE(limits(o), QList<double>(3, 10000));
        QCOMPARE(o.allocations[0].reason, Reason::MaximumSupply);
        QCOMPARE(o.allocations[0].boundByAreaId, 1);
    }

    void waterFilling_smallChargerLeavesItsShareToTheOthers()
    {
        const QList<Session> sessions{charging(1, 1, 3700), charging(2, 1, 50000), charging(3, 1, 50000)};
        const Outcome o = balance({balanced(1, 40000)}, sessions, Now);
        QCOMPARE(limits(o), (QList<double>{3700, 18150, 18150}));
        QCOMPARE(reasons(o), (QList<Reason>{Reason::ConnectorCapability, Reason::AreaLimit, Reason::AreaLimit}));
    }

    void parentArea_limitsItsChildren()
    {
        // Shopping centre 60 kW: hall A (40 kW) with three sessions, lake side (no limit of
        // its own) with three.
        const QList<Area> areas{balanced(1, 60000), balanced(2, 40000, 1), balanced(3, {}, 1)};
        QList<Session> sessions = chargers(3, 2, 50000, 1) + chargers(3, 3, 50000, 4);
        Outcome o = balance(areas, sessions, Now);
        QCOMPARE(limits(o), QList<double>(6, 10000));
        QCOMPARE(o.allocations[0].reason, Reason::ParentAreaLimit);
        QCOMPARE(o.allocations[0].boundByAreaId, 1);

        // With one session in hall A, its own 40 kW limit binds before the parent's share.
        sessions = chargers(3, 2, 50000, 1) + chargers(1, 3, 50000, 4);
        const QList<Area> tight{balanced(1, 60000), balanced(2, 15000, 1), balanced(3, {}, 1)};
        o = balance(tight, sessions, Now);
        QCOMPARE(limits(o), (QList<double>{5000, 5000, 5000, 45000}));
        QCOMPARE(o.allocations[0].reason, Reason::AreaLimit);
        QCOMPARE(o.allocations[3].reason, Reason::ParentAreaLimit);
        QCOMPARE(o.areas[0].allocated, 60000.0);
        QCOMPARE(o.areas[1].allocated, 15000.0);
    }

    void areaWithoutBalancing_isNotBalanced()
    {
        Area area = balanced(1, 10000);
        area.enabled = false;
        QVERIFY(balance({area}, chargers(2, 1, 22000), Now).allocations.isEmpty());
    }

    void noLimitAnywhere_isUnlimited()
    {
        const Outcome o = balance({balanced(1, {})}, {charging(1, 1)}, Now);
        QCOMPARE(o.allocations.size(), 1);
        QVERIFY(!o.allocations[0].limit);
        QCOMPARE(o.allocations[0].reason, Reason::Unlimited);
    }

    void currentLimit_sharesAmperesAndConvertsConnectorWattage()
    {
        Area area = balanced(1, 64);
        area.unit = Unit::Current;
        Session single = charging(1, 1, 7360); // 7.36 kW single phase at 230 V: 32 A
        single.currentType = CurrentType::AcSinglePhase;
        Session three = charging(2, 1, 11040); // 11.04 kW on three phases: 16 A
        const Outcome o = balance({area}, {single, three}, Now);
        QCOMPARE(limits(o), (QList<double>{32, 16}));
        QCOMPARE(o.allocations[0].unit, Unit::Current);
        QCOMPARE(o.allocations[0].watts.value(), 7360.0);
        QCOMPARE(o.allocations[1].watts.value(), 11040.0);
    }

    void awaitingStart_getsZeroAndLeavesTheShareToOthers()
    {
        QList<Session> sessions = chargers(3, 1, 50000);
        sessions[2].awaitingStart = true;
        const Outcome o = balance({balanced(1, 40000)}, sessions, Now);
        QCOMPARE(limits(o), (QList<double>{20000, 20000, 0}));
        QCOMPARE(o.allocations[2].reason, Reason::AwaitingStart);
    }

    void unmanagedCharger_itsDrawIsCountedAndTheOthersShareTheRest()
    {
        QList<Session> sessions = chargers(3, 1, 50000);
        sessions[0].unmanaged = true;
        sessions[0].fixedLoad = 22000;
        const Outcome o = balance({balanced(1, 40000)}, sessions, Now);
        QCOMPARE(o.allocations[0].reason, Reason::Unmanaged);
        QVERIFY(!o.allocations[0].limit);
        QCOMPARE(o.allocations[1].limit.value(), 9000.0);
        QCOMPARE(o.allocations[2].limit.value(), 9000.0);
    }

    void priorityLevels_serveHigherPlansFirst()
    {
        Area area = balanced(1, 30000);
        area.priorityLevels = true;
        QList<Session> sessions = chargers(3, 1, 22000);
        sessions[2].priority = 2;
        const Outcome o = balance({area}, sessions, Now);
        QCOMPARE(limits(o), (QList<double>{4000, 4000, 22000}));
        area.priorityLevels = false;
        QCOMPARE(limits(balance({area}, sessions, Now)), QList<double>(3, 10000));
    }

    void limitPeriod_oneTime_replacesTheStaticLimitWhileInForce()
    {
        Area area = balanced(1, 60000);
        area.periods << LimitPeriod{LimitPeriod::Recurrence::Once, Now - HourMs, Now + HourMs, 0, 20000};
        QCOMPARE(limitInForce(area, Now).value.value(), 20000.0);
        QCOMPARE(limitInForce(area, Now).source, LimitSource::LimitPeriod);
        QCOMPARE(limitInForce(area, Now + 2 * HourMs).value.value(), 60000.0);
        QCOMPARE(limitInForce(area, Now - 2 * HourMs).source, LimitSource::Static);
    }

    void limitPeriod_daily_repeatsItsTimeOfDay()
    {
        Area area = balanced(1, 60000);
        // 22:00 to 06:00, from a week ago.
        const qint64 start = Now - 7 * 24 * HourMs + 14 * HourMs;
        area.periods << LimitPeriod{LimitPeriod::Recurrence::Daily, start, start + 8 * HourMs, 0, 30000};
        QCOMPARE(limitInForce(area, Now).value.value(), 60000.0);                 // 08:00
        QCOMPARE(limitInForce(area, Now + 15 * HourMs).value.value(), 30000.0);   // 23:00
        QCOMPARE(limitInForce(area, Now - 3 * HourMs).value.value(), 30000.0);    // 05:00
        QCOMPARE(limitInForce(area, start - 24 * HourMs).value.value(), 60000.0); // before its start
    }

    void limitPeriod_weekly_onlyOnItsWeekdays()
    {
        Area area = balanced(1, 60000);
        // 07:00-09:00 on Mondays and Wednesdays, from two weeks ago.
        const qint64 start = Now - 14 * 24 * HourMs - HourMs;
        area.periods << LimitPeriod{LimitPeriod::Recurrence::Weekly, start, start + 2 * HourMs, 0b101, 10000};
        QCOMPARE(limitInForce(area, Now).value.value(), 10000.0);               // Monday 08:00
        QCOMPARE(limitInForce(area, Now + 24 * HourMs).value.value(), 60000.0); // Tuesday
        QCOMPARE(limitInForce(area, Now + 48 * HourMs).value.value(), 10000.0); // Wednesday
        QCOMPARE(limitInForce(area, Now + 48 * HourMs + 2 * HourMs).value.value(), 60000.0);
    }

    void limitPeriod_recurringInATimeZone_followsTheWallClock()
    {
        Area area = balanced(1, 60000);
        const QTimeZone ljubljana("Europe/Ljubljana");
        // 18:00-20:00 local time, daily, starting in winter (UTC+1); now is summer (UTC+2).
        const qint64 start = QDateTime(QDate(2026, 1, 5), QTime(18, 0), ljubljana).toMSecsSinceEpoch();
        area.periods << LimitPeriod{LimitPeriod::Recurrence::Daily, start, start + 2 * HourMs, 0, 5000};
        const qint64 summerEvening = QDateTime(QDate(2026, 7, 1), QTime(19, 0), ljubljana).toMSecsSinceEpoch();
        QCOMPARE(limitInForce(area, summerEvening, ljubljana).value.value(), 5000.0);
        QCOMPARE(limitInForce(area, summerEvening + 2 * HourMs, ljubljana).value.value(), 60000.0);
    }

    void meterReport_isCappedByALimitPeriod()
    {
        Area area = balanced(1, 60000);
        area.byAsset = true;
        area.assets << reading(AssetReading::Type::SmartMeter, 40000);
        area.periods << LimitPeriod{LimitPeriod::Recurrence::Once, Now - HourMs, Now + HourMs, 0, 25000};
        QCOMPARE(limitInForce(area, Now).value.value(), 25000.0);
        QCOMPARE(limitInForce(area, Now + 2 * HourMs).value.value(), 40000.0);
    }

    void badValues_neverGiveANegativeLimit()
    {
        Area area = balanced(1, -5);
        area.minSupply = -1;
        const Outcome o = balance({area}, chargers(2, 1, -100), Now);
        QCOMPARE(limits(o), QList<double>(2, 0));
        Area looped = balanced(7, 1000, 8);
        Area other = balanced(8, 1000, 7); // a parent loop ends instead of hanging
        QCOMPARE(balance({looped, other}, {charging(1, 7)}, Now).allocations.size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestBalancing)
#include "tst_balancing.moc"
