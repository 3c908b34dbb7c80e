#include "core/compositeschedule.h"

#include <QTest>

using namespace ChargeDesk::Core;
using Unit = ProfileValues::Unit;

// The expected composite schedule, number for number: the specification's daily example,
// stack levels, validity, one-time and weekly schedules, durations, and the charger total
// limit capping the session default limit.
class TestCompositeSchedule : public QObject
{
    Q_OBJECT

private slots:
    void specExample_dailyFromMidnight_givesTheThreeMilestones();
    void specExample_acrossTwoDays_repeatsEveryDay();
    void stackLevels_highestWithAPeriodWins();
    void validity_limitsOnlyWithinItsRange();
    void oneTime_endsAfterItsDuration_andWaitsForItsStart();
    void weekly_repeatsEverySevenDays();
    void chargerTotal_capsTheSessionDefault();
    void units_areConvertedWithThePhases();
    void noProfiles_isOnePeriodWithoutALimit();
    void toVariant_spellsTheNeutralSchedule();
};

namespace {

const QDateTime Midnight(QDate(2026, 3, 2), QTime(0, 0), Qt::UTC); // a Monday
constexpr qint64 H = 3600;

ProfileValues::Period period(qint64 startS, double limit)
{
    return {startS, limit, std::nullopt};
}

// The specification's example: 0 h 5000 W, 6 h 10000 W, 18 h 5000 W, daily, 24 hours.
ProfileValues specDaily()
{
    ProfileValues p;
    p.id = 1;
    p.purpose = ProfileValues::Purpose::ChargerTotal;
    p.stackLevel = 1;
    p.kind = ProfileValues::Kind::Recurring;
    p.recurrency = ProfileValues::Recurrency::Daily;
    p.scheduleStart = Midnight;
    p.durationS = 24 * H;
    p.periods = {period(0, 5000), period(6 * H, 10000), period(18 * H, 5000)};
    return p;
}

ProfileValues flat(double limit, int stackLevel, ProfileValues::Purpose purpose)
{
    ProfileValues p;
    p.purpose = purpose;
    p.stackLevel = stackLevel;
    p.scheduleStart = Midnight;
    p.periods = {period(0, limit)};
    return p;
}

QList<CompositePeriod> periods(std::initializer_list<std::pair<qint64, std::optional<double>>> list)
{
    QList<CompositePeriod> out;
    for (const auto &[start, limit] : list)
        out << CompositePeriod{start, limit};
    return out;
}

QByteArray show(const QList<CompositePeriod> &list)
{
    QStringList parts;
    for (const CompositePeriod &p : list)
        parts << QStringLiteral("%1s:%2").arg(p.startS).arg(p.limit ? QString::number(*p.limit) : QStringLiteral("-"));
    return parts.join(QStringLiteral(", ")).toUtf8();
}

#define COMPARE_PERIODS(actual, expected) QVERIFY2((actual) == (expected), show(actual) + " != " + show(expected))

} // namespace

void TestCompositeSchedule::specExample_dailyFromMidnight_givesTheThreeMilestones()
{
    const CompositeSchedule s = compositeSchedule({specDaily()}, Midnight, 24 * H, Unit::W);
    QCOMPARE(s.start, Midnight);
    QCOMPARE(s.durationS, 24 * H);
    COMPARE_PERIODS(s.periods, periods({{0, 5000}, {6 * H, 10000}, {18 * H, 5000}}));
}

void TestCompositeSchedule::specExample_acrossTwoDays_repeatsEveryDay()
{
    // From 03:00 for two days: 5000 until 06:00, 10000 until 18:00, 5000 through the night.
    const CompositeSchedule s = compositeSchedule({specDaily()}, Midnight.addSecs(3 * H), 48 * H, Unit::W);
    COMPARE_PERIODS(s.periods, periods({{0, 5000}, {3 * H, 10000}, {15 * H, 5000}, {27 * H, 10000}, {39 * H, 5000}}));
}

void TestCompositeSchedule::stackLevels_highestWithAPeriodWins()
{
    ProfileValues base = flat(11000, 0, ProfileValues::Purpose::SessionDefault);
    // Stack level 2 limits to 3700 W from 08:00 to 10:00 only; the rest of the day level 0 applies.
    ProfileValues morning = flat(3700, 2, ProfileValues::Purpose::SessionDefault);
    morning.scheduleStart = Midnight.addSecs(8 * H);
    morning.durationS = 2 * H;
    ProfileValues lower = flat(1000, 1, ProfileValues::Purpose::SessionDefault);
    lower.scheduleStart = Midnight.addSecs(9 * H);
    lower.durationS = 3 * H;
    const CompositeSchedule s = compositeSchedule({base, morning, lower}, Midnight, 24 * H, Unit::W);
    // 09:00-10:00 both 2 and 1 have a limit: 2 wins, though lower; then 1 until 12:00.
    COMPARE_PERIODS(s.periods, periods({{0, 11000}, {8 * H, 3700}, {10 * H, 1000}, {12 * H, 11000}}));
}

void TestCompositeSchedule::validity_limitsOnlyWithinItsRange()
{
    ProfileValues p = specDaily();
    p.validFrom = Midnight.addSecs(12 * H);
    p.validTo = Midnight.addSecs(30 * H);
    const CompositeSchedule s = compositeSchedule({p}, Midnight, 48 * H, Unit::W);
    COMPARE_PERIODS(s.periods, periods({{0, std::nullopt}, {12 * H, 10000}, {18 * H, 5000}, {30 * H, std::nullopt}}));
}

void TestCompositeSchedule::oneTime_endsAfterItsDuration_andWaitsForItsStart()
{
    ProfileValues p = flat(7000, 0, ProfileValues::Purpose::SessionDefault);
    p.scheduleStart = Midnight.addSecs(2 * H);
    p.periods << period(H, 4000);
    p.durationS = 3 * H;
    const CompositeSchedule s = compositeSchedule({p}, Midnight, 24 * H, Unit::W);
    COMPARE_PERIODS(s.periods, periods({{0, std::nullopt}, {2 * H, 7000}, {3 * H, 4000}, {5 * H, std::nullopt}}));
    QCOMPARE(profileLimitAt(p, Midnight.addSecs(4 * H)), std::optional<double>(4000));
    QCOMPARE(profileLimitAt(p, Midnight.addSecs(H)), std::nullopt);
}

void TestCompositeSchedule::weekly_repeatsEverySevenDays()
{
    // Mondays 08:00-20:00 at 16 A; the schedule started two weeks earlier.
    ProfileValues p;
    p.kind = ProfileValues::Kind::Recurring;
    p.recurrency = ProfileValues::Recurrency::Weekly;
    p.unit = Unit::A;
    p.scheduleStart = Midnight.addDays(-14).addSecs(8 * H);
    p.durationS = 12 * H;
    p.periods = {period(0, 16)};
    const CompositeSchedule s = compositeSchedule({p}, Midnight.addDays(-1), 9 * 24 * H, Unit::A);
    COMPARE_PERIODS(s.periods, periods({{0, std::nullopt},
                                        {32 * H, 16},
                                        {44 * H, std::nullopt},
                                        {(24 + 7 * 24 + 8) * H, 16},
                                        {(24 + 7 * 24 + 20) * H, std::nullopt}}));
}

void TestCompositeSchedule::chargerTotal_capsTheSessionDefault()
{
    const ProfileValues sessionDefault = flat(7400, 5, ProfileValues::Purpose::SessionDefault);
    // The charger total is the spec's daily example at a lower stack level: it caps by
    // purpose, not by stack level.
    const CompositeSchedule s = compositeSchedule({sessionDefault, specDaily()}, Midnight, 24 * H, Unit::W);
    COMPARE_PERIODS(s.periods, periods({{0, 5000}, {6 * H, 7400}, {18 * H, 5000}}));
    // The charger total alone, and the session default alone.
    COMPARE_PERIODS(compositeSchedule({sessionDefault}, Midnight, H, Unit::W).periods, periods({{0, 7400}}));
}

void TestCompositeSchedule::units_areConvertedWithThePhases()
{
    ProfileValues amps = flat(16, 0, ProfileValues::Purpose::SessionDefault);
    amps.unit = Unit::A;
    COMPARE_PERIODS(compositeSchedule({amps}, Midnight, H, Unit::W).periods, periods({{0, 16 * 230.0 * 3}}));
    COMPARE_PERIODS(compositeSchedule({amps}, Midnight, H, Unit::W, {1, 230}).periods, periods({{0, 16 * 230.0}}));
    // A period's own phase count wins over the charger's.
    amps.periods = {{0, 16, 1}};
    COMPARE_PERIODS(compositeSchedule({amps}, Midnight, H, Unit::W).periods, periods({{0, 16 * 230.0}}));
    ProfileValues watts = flat(6900, 0, ProfileValues::Purpose::SessionDefault);
    COMPARE_PERIODS(compositeSchedule({watts}, Midnight, H, Unit::A, {3, 230}).periods, periods({{0, 10}}));
}

void TestCompositeSchedule::noProfiles_isOnePeriodWithoutALimit()
{
    COMPARE_PERIODS(compositeSchedule({}, Midnight, H, Unit::W).periods, periods({{0, std::nullopt}}));
    QVERIFY(compositeSchedule({specDaily()}, Midnight, 0, Unit::W).periods.isEmpty());
}

void TestCompositeSchedule::toVariant_spellsTheNeutralSchedule()
{
    ProfileValues p = specDaily();
    p.validTo = Midnight.addSecs(20 * H);
    const QVariantMap v = compositeSchedule({p}, Midnight.addSecs(17 * H), 4 * H, Unit::W).toVariant();
    QCOMPARE(v.value("start").toLongLong(), Midnight.addSecs(17 * H).toMSecsSinceEpoch());
    QCOMPARE(v.value("duration").toLongLong(), 4 * H);
    QCOMPARE(v.value("unit").toString(), QStringLiteral("W"));
    const QVariantList list = v.value("periods").toList();
    QCOMPARE(list.size(), 3);
    QCOMPARE(list.at(0).toMap().value("limit").toDouble(), 10000.0);
    QCOMPARE(list.at(1).toMap().value("start").toLongLong(), H);
    QCOMPARE(list.at(1).toMap().value("limit").toDouble(), 5000.0);
    QCOMPARE(list.at(2).toMap().value("start").toLongLong(), 3 * H);
    QVERIFY(list.at(2).toMap().value("limit").isNull());
}

QTEST_GUILESS_MAIN(TestCompositeSchedule)
#include "tst_compositeschedule.moc"
