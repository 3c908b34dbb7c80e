#include "core/energyvalidation.h"

#include <QTest>
#include <QTime>

using namespace ChargeDesk::Core;

// The specification's nine energy report validation scenarios (a connector capable of
// 30 kW), reading by reading: which readings are discarded and why, the session energy,
// and the reading type that was detected.
class TestEnergyValidation : public QObject
{
    Q_OBJECT

private slots:
    void scenario_data();
    void scenario();
    void equalTimestamp_allowsNoEnergy();
    void atTheLimit_readingResolutionIsAllowed();
    void withoutCapability_onlyTimeAndDecreaseAreChecked();
    void withoutStartReading_theFirstReadingIsTheBaseline();
};

struct Step
{
    ReadingScope scope;
    double wh;
    const char *time; // hh:mm:ss on one day
    EnergyVerdict expected;
};
Q_DECLARE_METATYPE(QList<Step>)
Q_DECLARE_METATYPE(ChargeDesk::Core::EnergyReadingType)

namespace {

constexpr double Capability30kW = 30000;

qint64 at(const char *time)
{
    return QTime::fromString(QString::fromLatin1(time), QStringLiteral("hh:mm:ss")).msecsSinceStartOfDay();
}

// Runs the readings through the rules as a session would; fails on the first verdict that
// differs from the expected one.
EnergyTrack run(const QList<Step> &steps, std::optional<double> capability, bool *ok)
{
    EnergyTrack track;
    *ok = true;
    for (const Step &s : steps) {
        const EnergyCheck check = checkEnergyReading(track, s.scope, at(s.time), s.wh, capability);
        if (check.verdict != s.expected) {
            qWarning("%.0f Wh at %s: verdict %d, expected %d", s.wh, s.time, int(check.verdict), int(s.expected));
            *ok = false;
        }
        track = advance(track, s.scope, at(s.time), s.wh, check);
    }
    return track;
}

} // namespace

void TestEnergyValidation::scenario_data()
{
    QTest::addColumn<QList<Step>>("steps");
    QTest::addColumn<double>("energyWh");
    QTest::addColumn<EnergyReadingType>("type");
    using S = ReadingScope;
    using V = EnergyVerdict;
    constexpr auto Ok = V::Valid;

    QTest::newRow("1 absolute") << QList<Step>{{S::Start, 2000, "08:00:00", Ok},
                                               {S::Intermediate, 2025, "08:00:30", Ok},
                                               {S::Stop, 2050, "08:01:00", Ok}}
                                << 50.0 << EnergyReadingType::Absolute;
    QTest::newRow("2 relative") << QList<Step>{{S::Start, 0, "08:00:00", Ok},
                                               {S::Intermediate, 25, "08:00:30", Ok},
                                               {S::Stop, 50, "08:01:00", Ok}}
                                << 50.0 << EnergyReadingType::Relative;
    QTest::newRow("3 absolute start and stop, relative between") << QList<Step>{{S::Start, 2000, "08:00:00", Ok},
                                                                                {S::Intermediate, 25, "08:00:30", Ok},
                                                                                {S::Intermediate, 50, "08:01:00", Ok},
                                                                                {S::Stop, 2075, "08:01:30", Ok}}
                                                                 << 75.0 << EnergyReadingType::Mixed;
    QTest::newRow("4 deprecated energy in between") << QList<Step>{{S::Start, 2000, "08:00:00", Ok},
                                                                   {S::Intermediate, 2025, "08:00:30", Ok},
                                                                   {S::Intermediate, 2020, "08:01:00", V::Decreased},
                                                                   {S::Stop, 2075, "08:01:30", Ok}}
                                                    << 75.0 << EnergyReadingType::Absolute;
    QTest::newRow("5 deprecated energy at stop") << QList<Step>{{S::Start, 2000, "08:00:00", Ok},
                                                                {S::Intermediate, 2025, "08:00:30", Ok},
                                                                {S::Stop, 2020, "08:01:00", V::Decreased}}
                                                 << 25.0 << EnergyReadingType::Absolute;
    QTest::newRow("6 deprecated time in between") << QList<Step>{{S::Start, 2000, "08:00:00", Ok},
                                                                 {S::Intermediate, 2025, "07:59:59", V::Stale},
                                                                 {S::Intermediate, 2050, "08:01:00", Ok},
                                                                 {S::Stop, 2075, "08:01:30", Ok}}
                                                  << 75.0 << EnergyReadingType::Absolute;
    QTest::newRow("7 deprecated time at stop") << QList<Step>{{S::Start, 2000, "08:00:00", Ok},
                                                              {S::Intermediate, 2025, "08:00:30", Ok},
                                                              {S::Stop, 2050, "08:00:29", V::Stale}}
                                               << 25.0 << EnergyReadingType::Absolute;
    QTest::newRow("8 excessive energy in between") << QList<Step>{{S::Start, 2000, "08:00:00", Ok},
                                                                  {S::Intermediate, 2500, "08:00:30", V::Excessive},
                                                                  {S::Stop, 2050, "08:01:00", Ok}}
                                                   << 50.0 << EnergyReadingType::Absolute;
    QTest::newRow("9 excessive energy at stop") << QList<Step>{{S::Start, 2000, "08:00:00", Ok},
                                                               {S::Intermediate, 2025, "08:00:30", Ok},
                                                               {S::Stop, 2500, "08:01:00", V::Excessive}}
                                                << 25.0 << EnergyReadingType::Absolute;
}

void TestEnergyValidation::scenario()
{
    QFETCH(QList<Step>, steps);
    QFETCH(double, energyWh);
    QFETCH(EnergyReadingType, type);
    bool ok = false;
    const EnergyTrack track = run(steps, Capability30kW, &ok);
    QVERIFY(ok);
    QCOMPARE(track.energyWh, energyWh);
    QCOMPARE(track.type, type);
}

void TestEnergyValidation::equalTimestamp_allowsNoEnergy()
{
    // "Not older" lets a reading share the last valid reading's time, but no time means no
    // energy can have flowed.
    bool ok = false;
    const EnergyTrack track = run({{ReadingScope::Start, 2000, "08:00:00", EnergyVerdict::Valid},
                                   {ReadingScope::Intermediate, 2010, "08:00:00", EnergyVerdict::Excessive},
                                   {ReadingScope::Intermediate, 2000, "08:00:00", EnergyVerdict::Valid},
                                   {ReadingScope::Intermediate, 2100, "08:00:15", EnergyVerdict::Valid}},
                                  Capability30kW, &ok);
    QVERIFY(ok);
    QCOMPARE(track.energyWh, 100.0); // 30 kW for 15 s is 125 Wh
}

void TestEnergyValidation::atTheLimit_readingResolutionIsAllowed()
{
    // An 11 kW connector charging at 11 kW, read every 10 s to the second: 10.5 s really
    // passed (32 Wh) but the stamps say 10 s (30.6 Wh). One second and one Wh of resolution
    // keep it valid (up to 34.6 Wh); twice the power is still discarded.
    bool ok = false;
    const EnergyTrack track = run({{ReadingScope::Start, 2000, "08:00:00", EnergyVerdict::Valid},
                                   {ReadingScope::Intermediate, 2032, "08:00:10", EnergyVerdict::Valid},
                                   {ReadingScope::Intermediate, 2096, "08:00:20", EnergyVerdict::Excessive},
                                   {ReadingScope::Intermediate, 2066, "08:00:21", EnergyVerdict::Valid}},
                                  11000, &ok);
    QVERIFY(ok);
    QCOMPARE(track.energyWh, 66.0);
}

void TestEnergyValidation::withoutCapability_onlyTimeAndDecreaseAreChecked()
{
    bool ok = false;
    const EnergyTrack track = run({{ReadingScope::Start, 2000, "08:00:00", EnergyVerdict::Valid},
                                   {ReadingScope::Intermediate, 9000, "08:00:30", EnergyVerdict::Valid},
                                   {ReadingScope::Intermediate, 8000, "08:01:00", EnergyVerdict::Decreased},
                                   {ReadingScope::Stop, 9500, "08:00:10", EnergyVerdict::Stale}},
                                  std::nullopt, &ok);
    QVERIFY(ok);
    QCOMPARE(track.energyWh, 7000.0);
}

void TestEnergyValidation::withoutStartReading_theFirstReadingIsTheBaseline()
{
    // A lifetime register of 1.2 MWh seen first mid-session is not 1.2 MWh for this session.
    bool ok = false;
    const EnergyTrack track = run({{ReadingScope::Intermediate, 1'200'000, "08:00:00", EnergyVerdict::Valid},
                                   {ReadingScope::Intermediate, 1'200'100, "08:01:00", EnergyVerdict::Valid},
                                   {ReadingScope::Stop, 1'200'300, "08:02:00", EnergyVerdict::Valid}},
                                  Capability30kW, &ok);
    QVERIFY(ok);
    QCOMPARE(track.energyWh, 300.0);
    QCOMPARE(track.type, EnergyReadingType::Absolute);
}

QTEST_APPLESS_MAIN(TestEnergyValidation)
#include "tst_energyvalidation.moc"
