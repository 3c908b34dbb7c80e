#include "core/rating.h"

#include <QTest>

using namespace ChargeDesk::Core;

Q_DECLARE_METATYPE(ChargeDesk::Core::RatingSettings)
Q_DECLARE_METATYPE(ChargeDesk::Core::Usage)
Q_DECLARE_METATYPE(ChargeDesk::Core::LimitReason)
Q_DECLARE_METATYPE(std::optional<qint64>)

// Simple pricing, number for number: each part of a charge rounded half up to a minor unit on
// its own, park time rated beyond its threshold only, home roaming prices for roaming drivers;
// the settings read from a stored row; and the limits that stop a running session.
class TestRating : public QObject
{
    Q_OBJECT

private slots:
    void rate_pricesEachPartRoundedHalfUp_data();
    void rate_pricesEachPartRoundedHalfUp();
    void fromRecord_readsEveryColumn();
    void fromRecord_defaults_data();
    void fromRecord_defaults();
    void limitReached_data();
    void limitReached();
    void limitReasonName_namesEveryReason();
    void withProfileEnergyLimit_lowerEnergyLimitWins_data();
    void withProfileEnergyLimit_lowerEnergyLimitWins();
};

namespace {

RatingSettings priced(qint64 energyPerKwh, qint64 chargePerHour, qint64 parkPerHour, qint64 parkThresholdS = 0)
{
    RatingSettings s;
    s.id = 1;
    s.home = {energyPerKwh, chargePerHour, parkPerHour, 0, 0};
    s.parkTimeThresholdS = parkThresholdS;
    return s;
}

RatingSettings roaming(Prices home, Prices roamingPrices, qint64 parkThresholdS = 0, bool rateReservations = true)
{
    RatingSettings s;
    s.id = 1;
    s.reservationRating = rateReservations;
    s.home = home;
    s.roaming = roamingPrices;
    s.parkTimeThresholdS = parkThresholdS;
    return s;
}

Usage used(qint64 energyWh, qint64 chargeS = 0, qint64 parkS = 0, qint64 reservationS = 0, bool homeRoaming = false)
{
    return Usage{energyWh, chargeS, parkS, reservationS, homeRoaming};
}

} // namespace

void TestRating::rate_pricesEachPartRoundedHalfUp_data()
{
    QTest::addColumn<RatingSettings>("settings");
    QTest::addColumn<Usage>("usage");
    QTest::addColumn<qint64>("energyMinor");
    QTest::addColumn<qint64>("chargeMinor");
    QTest::addColumn<qint64>("parkMinor");
    QTest::addColumn<qint64>("reservationMinor");
    QTest::addColumn<qint64>("ratedParkS");

    // 35 * 12.345 kWh = 432.075 -> 432 (below the half).
    QTest::newRow("energy rounds down below the half")
        << priced(35, 0, 0) << used(12345) << 432LL << 0LL << 0LL << 0LL << 0LL;
    // 7 * 0.5 kWh = 3.5 -> 4 (the half goes up).
    QTest::newRow("energy half goes up") << priced(7, 0, 0) << used(500) << 4LL << 0LL << 0LL << 0LL << 0LL;
    // 1 * 0.499 kWh = 0.499 -> 0; 1 * 0.501 kWh -> 1.
    QTest::newRow("energy just below the half") << priced(1, 0, 0) << used(499) << 0LL << 0LL << 0LL << 0LL << 0LL;
    QTest::newRow("energy just above the half") << priced(1, 0, 0) << used(501) << 1LL << 0LL << 0LL << 0LL << 0LL;
    // 120 per hour * 1530 s = 51 exactly; 100 per hour * 18 s = 0.5 -> 1; * 17 s = 0.472 -> 0.
    QTest::newRow("charge time per hour") << priced(0, 120, 0) << used(0, 1530) << 0LL << 51LL << 0LL << 0LL << 0LL;
    QTest::newRow("charge time half goes up") << priced(0, 100, 0) << used(0, 18) << 0LL << 1LL << 0LL << 0LL << 0LL;
    QTest::newRow("charge time below the half") << priced(0, 100, 0) << used(0, 17) << 0LL << 0LL << 0LL << 0LL << 0LL;
    // Park 60 per hour, threshold 600 s: 590 s -> nothing; 600 s -> nothing; 1230 s -> 630 s
    // rated = 10.5 -> 11.
    QTest::newRow("park below the threshold")
        << priced(0, 0, 60, 600) << used(0, 0, 590) << 0LL << 0LL << 0LL << 0LL << 0LL;
    QTest::newRow("park at the threshold")
        << priced(0, 0, 60, 600) << used(0, 0, 600) << 0LL << 0LL << 0LL << 0LL << 0LL;
    QTest::newRow("park beyond the threshold")
        << priced(0, 0, 60, 600) << used(0, 0, 1230) << 0LL << 0LL << 11LL << 0LL << 630LL;
    QTest::newRow("park without a threshold")
        << priced(0, 0, 60) << used(0, 0, 1230) << 0LL << 0LL << 21LL << 0LL << 1230LL;
    // All three: 30 * 7.5 kWh = 225; 120 * 1530 s = 51; 60 * (1230 - 600) s = 10.5 -> 11.
    QTest::newRow("every part on its own")
        << priced(30, 120, 60, 600) << used(7500, 1530, 1230) << 225LL << 51LL << 11LL << 0LL << 630LL;
    // Each part rounded before adding: 0.5 + 0.5 + 0.5 -> 1 + 1 + 1 = 3 (not round(1.5) = 2).
    QTest::newRow("parts rounded before they are added")
        << priced(1, 100, 100) << used(500, 18, 18) << 1LL << 1LL << 1LL << 0LL << 18LL;
    QTest::newRow("zero prices") << priced(0, 0, 0, 600) << used(50000, 7200, 7200, 600) << 0LL << 0LL << 0LL << 0LL
                                 << 6600LL;
    QTest::newRow("nothing used") << priced(30, 120, 60) << used(0) << 0LL << 0LL << 0LL << 0LL << 0LL;
    // Home roaming: the roaming prices, the reservation per hour plus its fixed fee.
    // 40 * 2.5 kWh = 100; 200 * 900 s = 50; 80 * (1200 - 300) s = 20; 90 * 1800 s = 45 + 25.
    QTest::newRow("home roaming uses the roaming prices")
        << roaming({30, 120, 60, 0, 0}, {40, 200, 80, 90, 25}, 300) << used(2500, 900, 1200, 1800, true) << 100LL
        << 50LL << 20LL << 70LL << 900LL;
    // The same usage for a driver of our own: home prices, the reservation is not rated.
    // 30 * 2.5 = 75; 120 * 900 s = 30; 60 * 900 s = 15.
    QTest::newRow("own driver uses the home prices, no reservation")
        << roaming({30, 120, 60, 0, 0}, {40, 200, 80, 90, 25}, 300) << used(2500, 900, 1200, 1800, false) << 75LL
        << 30LL << 15LL << 0LL << 900LL;
    // Reservation per hour rounds half up: 10 * 180 s = 0.5 -> 1, plus the fixed 25.
    QTest::newRow("home roaming reservation rounds half up")
        << roaming({}, {0, 0, 0, 10, 25}) << used(0, 0, 0, 180, true) << 0LL << 0LL << 0LL << 26LL << 0LL;
    // The Reservation flag off: a roaming driver's reservation costs nothing, the rest as before.
    QTest::newRow("reservation flag off, reservation not rated")
        << roaming({30, 120, 60, 0, 0}, {40, 200, 80, 90, 25}, 300, false) << used(2500, 900, 1200, 1800, true) << 100LL
        << 50LL << 20LL << 0LL << 900LL;
    // No reservation time, no reservation fee.
    QTest::newRow("home roaming without reservation")
        << roaming({}, {0, 0, 0, 10, 25}) << used(1000, 0, 0, 0, true) << 0LL << 0LL << 0LL << 0LL << 0LL;
    QTest::newRow("home roaming zero prices")
        << roaming({30, 120, 60, 0, 0}, {}) << used(2500, 900, 1200, 1800, true) << 0LL << 0LL << 0LL << 0LL << 1200LL;
}

void TestRating::rate_pricesEachPartRoundedHalfUp()
{
    QFETCH(RatingSettings, settings);
    QFETCH(Usage, usage);
    QFETCH(qint64, energyMinor);
    QFETCH(qint64, chargeMinor);
    QFETCH(qint64, parkMinor);
    QFETCH(qint64, reservationMinor);
    QFETCH(qint64, ratedParkS);

    const Charge c = rate(settings, usage);
    QCOMPARE(c.energyMinor, energyMinor);
    QCOMPARE(c.chargeMinor, chargeMinor);
    QCOMPARE(c.parkMinor, parkMinor);
    QCOMPARE(c.reservationMinor, reservationMinor);
    QCOMPARE(c.ratedParkS, ratedParkS);
    // The parts always add up to the amount shown.
    QCOMPARE(c.amountMinor, energyMinor + chargeMinor + parkMinor + reservationMinor);
}

void TestRating::fromRecord_readsEveryColumn()
{
    const Record r{{"id", 7},
                   {"energy_step_wh", 1000},
                   {"charge_time_step_s", 600},
                   {"park_time_step_s", 300},
                   {"park_time_threshold_s", 900},
                   {"reservation_rating", 1},
                   {"termination", "parking_end"},
                   {"monetary_limit_minor", 5000},
                   {"energy_limit_wh", 50000},
                   {"charge_time_limit_s", 7200},
                   {"payment_auth_policy", "auth_control"},
                   {"payment_auth_amount_minor", 500},
                   {"energy_price_minor", 30},
                   {"charge_time_price_minor", 120},
                   {"park_time_price_minor", 60},
                   {"roaming_energy_price_minor", 40},
                   {"roaming_charge_time_price_minor", 200},
                   {"roaming_park_time_price_minor", 80},
                   {"roaming_reservation_time_price_minor", 90},
                   {"roaming_reservation_fixed_price_minor", 25},
                   {"start_requires_occupied", 1},
                   {"reactivation_grace_s", 1800}};
    const RatingSettings s = RatingSettings::fromRecord(r);
    QCOMPARE(s.id, 7LL);
    QCOMPARE(s.energyStepWh, std::optional<qint64>(1000));
    QCOMPARE(s.chargeTimeStepS, std::optional<qint64>(600));
    QCOMPARE(s.parkTimeStepS, std::optional<qint64>(300));
    QCOMPARE(s.parkTimeThresholdS, 900LL);
    QVERIFY(s.reservationRating);
    QVERIFY(s.termination == RatingSettings::Termination::ParkingEnd);
    QCOMPARE(s.monetaryLimitMinor, std::optional<qint64>(5000));
    QCOMPARE(s.energyLimitWh, std::optional<qint64>(50000));
    QCOMPARE(s.chargeTimeLimitS, std::optional<qint64>(7200));
    QVERIFY(s.paymentPolicy == RatingSettings::PaymentPolicy::AuthControl);
    QCOMPARE(s.paymentAuthAmountMinor, 500LL);
    QCOMPARE(s.home.energyPerKwh, 30LL);
    QCOMPARE(s.home.chargePerHour, 120LL);
    QCOMPARE(s.home.parkPerHour, 60LL);
    QCOMPARE(s.home.reservationPerHour, 0LL);
    QCOMPARE(s.home.reservationFixed, 0LL);
    QCOMPARE(s.roaming.energyPerKwh, 40LL);
    QCOMPARE(s.roaming.chargePerHour, 200LL);
    QCOMPARE(s.roaming.parkPerHour, 80LL);
    QCOMPARE(s.roaming.reservationPerHour, 90LL);
    QCOMPARE(s.roaming.reservationFixed, 25LL);
    QVERIFY(s.startRequiresOccupied);
    QCOMPARE(s.reactivationGraceS, 1800LL);
}

void TestRating::fromRecord_defaults_data()
{
    QTest::addColumn<QVariant>("grace");
    QTest::addColumn<qint64>("expectedGrace");
    // Empty means the default of 900 s from the session's creation; 0 means no limit.
    QTest::newRow("missing") << QVariant() << 900LL;
    QTest::newRow("null") << QVariant(QMetaType::fromType<qlonglong>()) << 900LL;
    QTest::newRow("zero: no limit") << QVariant(0LL) << 0LL;
    QTest::newRow("set") << QVariant(60LL) << 60LL;
}

void TestRating::fromRecord_defaults()
{
    QFETCH(QVariant, grace);
    QFETCH(qint64, expectedGrace);
    const QVariant noNumber(QMetaType::fromType<qlonglong>());
    Record r{{"id", 3},
             {"energy_step_wh", noNumber},
             {"monetary_limit_minor", noNumber},
             {"energy_limit_wh", noNumber},
             {"charge_time_limit_s", noNumber},
             {"park_time_threshold_s", noNumber},
             {"termination", QVariant(QMetaType::fromType<QString>())},
             {"payment_auth_policy", "none"},
             {"energy_price_minor", noNumber}};
    if (grace.isValid())
        r.insert("reactivation_grace_s", grace);
    const RatingSettings s = RatingSettings::fromRecord(r);
    QCOMPARE(s.reactivationGraceS, expectedGrace);
    // Empty limits are no limits; empty steps are none; empty prices are zero.
    QVERIFY(!s.energyStepWh);
    QVERIFY(!s.chargeTimeStepS);
    QVERIFY(!s.parkTimeStepS);
    QVERIFY(!s.monetaryLimitMinor);
    QVERIFY(!s.energyLimitWh);
    QVERIFY(!s.chargeTimeLimitS);
    QCOMPARE(s.parkTimeThresholdS, 0LL);
    QVERIFY(s.termination == RatingSettings::Termination::ChargingEnd);
    QVERIFY(s.paymentPolicy == RatingSettings::PaymentPolicy::None);
    QCOMPARE(s.home.energyPerKwh, 0LL);
    QVERIFY(!s.reservationRating);
    QVERIFY(!s.startRequiresOccupied);
}

void TestRating::limitReached_data()
{
    QTest::addColumn<RatingSettings>("settings");
    QTest::addColumn<Usage>("usage");
    QTest::addColumn<bool>("charging");
    QTest::addColumn<std::optional<qint64>>("balance");
    QTest::addColumn<LimitReason>("expected");
    using L = LimitReason;
    const std::optional<qint64> postpaid;

    RatingSettings energyLimit = priced(30, 0, 0);
    energyLimit.energyLimitWh = 50000;
    // The spec's example: a 50 kWh limit; the limit is reached at 50 kWh, not before.
    QTest::newRow("energy below its limit") << energyLimit << used(49999) << true << postpaid << L::None;
    QTest::newRow("energy at its limit") << energyLimit << used(50000) << true << postpaid << L::Energy;
    QTest::newRow("energy above its limit") << energyLimit << used(57000) << true << postpaid << L::Energy;

    RatingSettings timeLimit = priced(0, 0, 0);
    timeLimit.chargeTimeLimitS = 3600;
    QTest::newRow("charge time below its limit") << timeLimit << used(0, 3599) << true << postpaid << L::None;
    QTest::newRow("charge time at its limit") << timeLimit << used(0, 3600) << true << postpaid << L::ChargeTime;
    // Park time does not count towards the charge time limit.
    QTest::newRow("park time is not charge time") << timeLimit << used(0, 0, 7200) << false << postpaid << L::None;

    // A limit of 500 minor: 30 * 16.65 kWh = 499.5 -> 500 reaches it; 30 * 16.649 kWh = 499.47 -> 499 does not.
    RatingSettings moneyLimit = priced(30, 0, 0);
    moneyLimit.monetaryLimitMinor = 500;
    QTest::newRow("amount below the monetary limit") << moneyLimit << used(16649) << true << postpaid << L::None;
    QTest::newRow("amount at the monetary limit") << moneyLimit << used(16650) << true << postpaid << L::Monetary;
    // Park time beyond the threshold costs money too: 60 per hour * (3600 + 1800 - 600) s = 80.
    RatingSettings parkMoney = priced(0, 0, 60, 600);
    parkMoney.monetaryLimitMinor = 80;
    QTest::newRow("park time reaches the monetary limit")
        << parkMoney << used(0, 0, 5400) << false << postpaid << L::Monetary;
    // 60 per hour * (5369 - 600) s = 79.48 -> 79.
    QTest::newRow("park time below the monetary limit")
        << parkMoney << used(0, 0, 5369) << false << postpaid << L::None;

    // Prepaid: energy 30 per kWh in steps of 1 kWh. At 2 kWh the amount is 60 and the next
    // step (3 kWh) costs 90 in all: 90 covers it, 89 does not.
    RatingSettings energySteps = priced(30, 0, 0);
    energySteps.energyStepWh = 1000;
    QTest::newRow("prepaid covers the next energy step")
        << energySteps << used(2000) << true << std::optional<qint64>(90) << L::None;
    QTest::newRow("prepaid short of the next energy step")
        << energySteps << used(2000) << true << std::optional<qint64>(89) << L::Resources;
    // Not charging: no energy step is needed.
    QTest::newRow("prepaid, not charging, no energy step")
        << energySteps << used(2000) << false << std::optional<qint64>(61) << L::None;

    // Charge time 120 per hour in steps of 600 s (20 each): at 1800 s (60) the next step
    // costs 80 in all.
    RatingSettings chargeSteps = priced(0, 120, 0);
    chargeSteps.chargeTimeStepS = 600;
    QTest::newRow("prepaid covers the next charge step")
        << chargeSteps << used(0, 1800) << true << std::optional<qint64>(80) << L::None;
    QTest::newRow("prepaid short of the next charge step")
        << chargeSteps << used(0, 1800) << true << std::optional<qint64>(79) << L::Resources;

    // Both steps while charging: 2 kWh + 1800 s = 60 + 60; next 3 kWh + 2400 s = 90 + 80 = 170.
    RatingSettings both = priced(30, 120, 0);
    both.energyStepWh = 1000;
    both.chargeTimeStepS = 600;
    QTest::newRow("prepaid covers both next steps")
        << both << used(2000, 1800) << true << std::optional<qint64>(170) << L::None;
    QTest::newRow("prepaid short of both next steps")
        << both << used(2000, 1800) << true << std::optional<qint64>(169) << L::Resources;

    // Park 60 per hour beyond 600 s, in steps of 300 s (5 each). Before the threshold no
    // park step is authorized; once past it the next one must be covered.
    RatingSettings parkSteps = priced(0, 0, 60, 600);
    parkSteps.parkTimeStepS = 300;
    QTest::newRow("prepaid parking before the threshold needs nothing")
        << parkSteps << used(0, 0, 599) << false << std::optional<qint64>(1) << L::None;
    QTest::newRow("prepaid parking at the threshold needs the next step")
        << parkSteps << used(0, 0, 600) << false << std::optional<qint64>(4) << L::Resources;
    QTest::newRow("prepaid parking at the threshold, step covered")
        << parkSteps << used(0, 0, 600) << false << std::optional<qint64>(5) << L::None;
    // 900 s parked: 300 s rated = 5; next 600 s rated = 10.
    QTest::newRow("prepaid parking past the threshold, short")
        << parkSteps << used(0, 0, 900) << false << std::optional<qint64>(9) << L::Resources;
    QTest::newRow("prepaid parking past the threshold, covered")
        << parkSteps << used(0, 0, 900) << false << std::optional<qint64>(10) << L::None;
    // While charging, the park step is not asked for: 6 covers the 5 spent, not the 10 of
    // the next park step.
    QTest::newRow("prepaid charging does not need the park step")
        << parkSteps << used(0, 0, 900) << true << std::optional<qint64>(6) << L::None;

    // A balance used up exactly, with no steps configured, cannot go on.
    QTest::newRow("prepaid balance spent")
        << priced(30, 0, 0) << used(2000) << true << std::optional<qint64>(60) << L::Resources;
    QTest::newRow("prepaid balance not yet spent")
        << priced(30, 0, 0) << used(2000) << true << std::optional<qint64>(61) << L::None;

    // Unlimited: no limits, not prepaid.
    QTest::newRow("unlimited") << priced(30, 120, 60) << used(900000, 360000, 360000) << true << postpaid << L::None;
    // The same usage for a postpaid customer of settings with steps but no limits.
    QTest::newRow("steps without prepaid are no limit") << both << used(900000, 360000) << true << postpaid << L::None;
}

void TestRating::limitReached()
{
    QFETCH(RatingSettings, settings);
    QFETCH(Usage, usage);
    QFETCH(bool, charging);
    QFETCH(std::optional<qint64>, balance);
    QFETCH(LimitReason, expected);
    QCOMPARE(int(ChargeDesk::Core::limitReached(settings, usage, charging, balance)), int(expected));
}

void TestRating::limitReasonName_namesEveryReason()
{
    QCOMPARE(limitReasonName(LimitReason::None), QString());
    QCOMPARE(limitReasonName(LimitReason::Monetary), QStringLiteral("monetary"));
    QCOMPARE(limitReasonName(LimitReason::Energy), QStringLiteral("energy"));
    QCOMPARE(limitReasonName(LimitReason::ChargeTime), QStringLiteral("charge_time"));
    QCOMPARE(limitReasonName(LimitReason::Resources), QStringLiteral("resources"));
    QCOMPARE(limitReasonName(LimitReason::ChargingProfileEnergy), QStringLiteral("charging_profile_energy"));
}

void TestRating::withProfileEnergyLimit_lowerEnergyLimitWins_data()
{
    // A session default profile limited to 5 kWh, beside rating settings with or without an
    // energy limit of their own.
    QTest::addColumn<std::optional<qint64>>("ratingLimitWh");
    QTest::addColumn<std::optional<qint64>>("profileLimitWh");
    QTest::addColumn<qint64>("energyWh");
    QTest::addColumn<LimitReason>("expected");
    const std::optional<qint64> none;
    const std::optional<qint64> kwh3 = 3000;
    const std::optional<qint64> kwh5 = 5000;
    const std::optional<qint64> kwh8 = 8000;
    QTest::newRow("profile only, below") << none << kwh5 << 4999LL << LimitReason::None;
    QTest::newRow("profile only, reached") << none << kwh5 << 5000LL << LimitReason::ChargingProfileEnergy;
    QTest::newRow("no profile limit") << kwh3 << none << 3000LL << LimitReason::Energy;
    QTest::newRow("rating lower, reached first") << kwh3 << kwh5 << 3000LL << LimitReason::Energy;
    QTest::newRow("rating lower, both reached") << kwh3 << kwh5 << 6000LL << LimitReason::Energy;
    QTest::newRow("profile lower, both reached")
        << kwh3 << std::optional<qint64>(2000) << 3500LL << LimitReason::ChargingProfileEnergy;
    QTest::newRow("profile lower than rating's") << kwh8 << kwh5 << 5000LL << LimitReason::ChargingProfileEnergy;
    QTest::newRow("equal limits: the rating's") << kwh5 << kwh5 << 5000LL << LimitReason::Energy;
}

void TestRating::withProfileEnergyLimit_lowerEnergyLimitWins()
{
    QFETCH(std::optional<qint64>, ratingLimitWh);
    QFETCH(std::optional<qint64>, profileLimitWh);
    QFETCH(qint64, energyWh);
    QFETCH(LimitReason, expected);
    RatingSettings settings;
    settings.id = 1;
    settings.energyLimitWh = ratingLimitWh;
    const LimitReason rating = ChargeDesk::Core::limitReached(settings, Usage{energyWh}, true, std::nullopt);
    QCOMPARE(int(withProfileEnergyLimit(rating, settings, profileLimitWh, energyWh)), int(expected));
}

QTEST_GUILESS_MAIN(TestRating)
#include "tst_rating.moc"
