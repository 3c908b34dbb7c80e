#include "server/simulator/station.h"

#include <QJsonArray>
#include <QTest>

using namespace ChargeDesk;
using namespace ChargeDesk::Server::Simulator;

namespace {

const QDateTime T0(QDate(2026, 11, 24), QTime(8, 0), Qt::UTC);

QJsonObject profile16(int id, const char *purpose, int stackLevel, double limitW, const QDateTime &start = T0,
                      std::optional<qint64> duration = std::nullopt)
{
    QJsonObject schedule{{"chargingRateUnit", "W"},
                         {"startSchedule", start.toString(Qt::ISODate)},
                         {"chargingSchedulePeriod", QJsonArray{QJsonObject{{"startPeriod", 0}, {"limit", limitW}}}}};
    if (duration)
        schedule.insert("duration", *duration);
    return {{"chargingProfileId", id},
            {"stackLevel", stackLevel},
            {"chargingProfilePurpose", purpose},
            {"chargingProfileKind", "Absolute"},
            {"chargingSchedule", schedule}};
}

} // namespace

class TestStationModel : public QObject
{
    Q_OBJECT

private slots:
    void vehicle_curve_tapersAboveEightyPercent();
    void station_energy_integratesPowerOverTime();
    void station_fullVehicle_isSuspendedEV();
    void profiles_stackLevels_txOverridesDefault_maxCaps();
    void profiles_relative_startWithTransaction();
    void profiles_stationMax_sharedBetweenConnectors();
    void configuration_changeKey_readonlyAndInvalid();
    void configuration_variablesAndKeys_shareValues();
    void authorization_localListAndCache();
    void availability_whileCharging_isScheduled();
    void sample_measurands_haveUnits();
};

void TestStationModel::vehicle_curve_tapersAboveEightyPercent()
{
    Vehicle v{60000, 30000, 10000};
    QCOMPARE(v.acceptedPowerW(), 10000.0);
    v.storedWh = 48000; // 80 %
    QCOMPARE(v.acceptedPowerW(), 10000.0);
    v.storedWh = 54000; // 90 %: halfway down to 10 %
    QCOMPARE(v.acceptedPowerW(), 5500.0);
    v.storedWh = 59999;
    QVERIFY(v.acceptedPowerW() > 1000 && v.acceptedPowerW() < 1010);
    QCOMPARE(v.charge(100), 1.0);
    QVERIFY(v.isFull());
    QCOMPARE(v.acceptedPowerW(), 0.0);
}

void TestStationModel::station_energy_integratesPowerOverTime()
{
    Core::FakeClock clock(T0);
    Station station(StationSpec{"CP", {}, {}, {}, {}, {ConnectorSpec{"cType2", CurrentType::AC3, 22000}}}, clock);
    QVERIFY(station.plugIn(1, Vehicle{100000, 10000, 11000}));
    QCOMPARE(station.status(1), ConnectorStatus::Preparing);
    QVERIFY(station.startTransaction(1, "TAG", false));
    QCOMPARE(station.status(1), ConnectorStatus::Charging);
    clock.advance(3600);
    station.advance();
    // One hour at the vehicle's 11 kW (below the connector's 22 kW).
    QCOMPARE(qRound(station.connector(1).registerWh), 11000);
    QCOMPARE(station.connector(1).powerW, 11000.0);
    const auto ended = station.endTransaction(1);
    QVERIFY(ended);
    QCOMPARE(ended->meterStartWh, 0.0);
    QCOMPARE(station.status(1), ConnectorStatus::Finishing);
    QVERIFY(station.unplug(1));
    QCOMPARE(station.status(1), ConnectorStatus::Available);
}

void TestStationModel::station_fullVehicle_isSuspendedEV()
{
    Core::FakeClock clock(T0);
    Station station(StationSpec{"CP", {}, {}, {}, {}, {ConnectorSpec{"cType2", CurrentType::AC3, 22000}}}, clock);
    QVERIFY(station.plugIn(1, Vehicle{10000, 7900, 10000}));
    QVERIFY(station.startTransaction(1, "TAG", false));
    clock.advance(4 * 3600);
    station.advance();
    QVERIFY(station.connector(1).vehicle->isFull());
    QCOMPARE(qRound(station.connector(1).registerWh), 2100);
    QCOMPARE(station.status(1), ConnectorStatus::SuspendedEV);
    QCOMPARE(station.connector(1).powerW, 0.0);
}

void TestStationModel::profiles_stackLevels_txOverridesDefault_maxCaps()
{
    Core::FakeClock clock(T0);
    Station station(StationSpec{"CP", {}, {}, {}, {}, {ConnectorSpec{"cType2", CurrentType::AC3, 22000}}}, clock);
    auto &profiles = station.profiles();
    const auto install = [&](const QJsonObject &json, int connector) {
        const auto p = InstalledProfiles::fromOcpp16(json, connector, clock.now());
        QVERIFY(p);
        profiles.install(*p);
    };
    install(profile16(1, "TxDefaultProfile", 0, 9000), 0);
    install(profile16(2, "TxDefaultProfile", 1, 7000, T0, 600), 1); // higher level, 10 minutes
    QVERIFY(station.plugIn(1, Vehicle{100000, 0, 50000}));
    QVERIFY(station.startTransaction(1, "TAG", false));
    QCOMPARE(station.offeredW(1), 7000.0);
    clock.advance(600);
    QCOMPARE(station.offeredW(1), 9000.0); // the higher level ran out
    // A TxProfile wins even at a lower stack level; the station maximum caps it.
    install(profile16(3, "TxProfile", 0, 16000), 1);
    QCOMPARE(station.offeredW(1), 16000.0);
    install(profile16(4, "ChargePointMaxProfile", 0, 12000), 0);
    QCOMPARE(station.offeredW(1), 12000.0);
    // Amperes convert with the connector's phases: 10 A × 230 V × 3.
    QJsonObject amps = profile16(5, "ChargePointMaxProfile", 0, 0);
    QJsonObject schedule = amps["chargingSchedule"].toObject();
    schedule["chargingRateUnit"] = "A";
    schedule["chargingSchedulePeriod"] = QJsonArray{QJsonObject{{"startPeriod", 0}, {"limit", 10}}};
    amps["chargingSchedule"] = schedule;
    install(amps, 0); // same purpose and level: replaces profile 4
    QCOMPARE(profiles.profiles().size(), 4);
    QCOMPARE(station.offeredW(1), 6900.0);
    station.advance();
    clock.advance(60);
    station.advance();
    QCOMPARE(station.connector(1).powerW, 6900.0);
    QCOMPARE(profiles.clear(std::nullopt, std::nullopt, InstalledProfile::Purpose::StationMax, std::nullopt), 1);
    QCOMPARE(station.offeredW(1), 16000.0);
    station.endTransaction(1); // Tx profiles end with their transaction
    QCOMPARE(profiles.profiles().size(), 2);
    QCOMPARE(station.offeredW(1), 9000.0);
}

void TestStationModel::profiles_relative_startWithTransaction()
{
    Core::FakeClock clock(T0);
    Station station(StationSpec{"CP", {}, {}, {}, {}, {ConnectorSpec{}}}, clock);
    QJsonObject json = profile16(1, "TxDefaultProfile", 0, 0);
    json["chargingProfileKind"] = "Relative";
    json["chargingSchedule"] =
        QJsonObject{{"chargingRateUnit", "W"},
                    {"chargingSchedulePeriod", QJsonArray{QJsonObject{{"startPeriod", 0}, {"limit", 3000}},
                                                          QJsonObject{{"startPeriod", 300}, {"limit", 5000}}}}};
    station.profiles().install(*InstalledProfiles::fromOcpp16(json, 0, clock.now()));
    clock.advance(1000);
    QVERIFY(station.plugIn(1, Vehicle{100000, 0, 50000}));
    QVERIFY(station.startTransaction(1, "TAG", false));
    QCOMPARE(station.offeredW(1), 3000.0);
    clock.advance(300);
    QCOMPARE(station.offeredW(1), 5000.0);
    const auto schedule = station.profiles().composite(1, T0.addSecs(1000), 600, Core::ProfileValues::Unit::W,
                                                       T0.addSecs(1000), station.conversion(1));
    QCOMPARE(schedule.periods.size(), 2);
    QCOMPARE(schedule.periods.at(1).startS, 300);
    QCOMPARE(*schedule.periods.at(1).limit, 5000.0);
}

void TestStationModel::profiles_stationMax_sharedBetweenConnectors()
{
    Core::FakeClock clock(T0);
    Station station(StationSpec{"CP", {}, {}, {}, {}, {ConnectorSpec{}, ConnectorSpec{}}}, clock);
    station.profiles().install(*InstalledProfiles::fromOcpp16(profile16(1, "ChargePointMaxProfile", 0, 10000), 0, T0));
    for (int n : {1, 2}) {
        QVERIFY(station.plugIn(n, Vehicle{100000, 0, 11000}));
        QVERIFY(station.startTransaction(n, "TAG", false));
    }
    clock.advance(3600);
    station.advance();
    QCOMPARE(qRound(station.connector(1).registerWh), 5000);
    QCOMPARE(qRound(station.connector(2).registerWh), 5000);
}

void TestStationModel::configuration_changeKey_readonlyAndInvalid()
{
    Configuration c = Configuration::defaults(2);
    QCOMPARE(c.integer("NumberOfConnectors"), 2);
    QCOMPARE(c.changeKey("HeartbeatInterval", "60"), Configuration::Change::Accepted);
    QCOMPARE(c.integer("HeartbeatInterval"), 60);
    QCOMPARE(c.changeKey("HeartbeatInterval", "-5"), Configuration::Change::Rejected);
    QCOMPARE(c.changeKey("HeartbeatInterval", "soon"), Configuration::Change::Rejected);
    QCOMPARE(c.integer("HeartbeatInterval"), 60);
    QCOMPARE(c.changeKey("NumberOfConnectors", "4"), Configuration::Change::Rejected);
    QCOMPARE(c.changeKey("NoSuchKey", "1"), Configuration::Change::UnknownKey);
    QCOMPARE(c.changeKey("LocalPreAuthorize", "TRUE"), Configuration::Change::Accepted);
    QVERIFY(c.boolean("LocalPreAuthorize"));
    QCOMPARE(c.changeKey("LocalPreAuthorize", "yes"), Configuration::Change::Rejected);
    QCOMPARE(c.changeKey("MeterValuesSampledData", "Energy.Active.Import.Register,Voltage"),
             Configuration::Change::Accepted);
    QCOMPARE(c.list("MeterValuesSampledData"), (QStringList{"Energy.Active.Import.Register", "Voltage"}));
    QCOMPARE(c.changeKey("MeterValuesSampledData", "Temperature"), Configuration::Change::Rejected);
}

void TestStationModel::configuration_variablesAndKeys_shareValues()
{
    Configuration c = Configuration::defaults(1);
    QCOMPARE(c.setVariable("SampledDataCtrlr", "TxUpdatedInterval", "15"), Configuration::Change::Accepted);
    QCOMPARE(c.integer("MeterValueSampleInterval"), 15);
    QCOMPARE(c.byVariable("OCPPCommCtrlr", "HeartbeatInterval")->value, c.value("HeartbeatInterval"));
    QCOMPARE(c.setVariable("AuthCtrlr", "Nonsense", "1"), Configuration::Change::UnknownVariable);
    QCOMPARE(c.setVariable("NoCtrlr", "HeartbeatInterval", "1"), Configuration::Change::UnknownComponent);
    QCOMPARE(c.setVariable("SmartChargingCtrlr", "ProfileStackLevel", "3"), Configuration::Change::Rejected);
}

void TestStationModel::authorization_localListAndCache()
{
    LocalAuthorization auth;
    using E = LocalAuthorization::Entry;
    QCOMPARE(auth.updateList(3, true, {E{"A", "Accepted", {}}, E{"B", "Blocked", {}}}, 10),
             LocalAuthorization::Update::Accepted);
    QCOMPARE(auth.listVersion(), 3);
    QCOMPARE(auth.updateList(3, false, {E{"C", "Accepted", {}}}, 10), LocalAuthorization::Update::VersionMismatch);
    QCOMPARE(auth.updateList(4, false, {E{"C", "Accepted", {}}, E{"B", std::nullopt, {}}}, 10),
             LocalAuthorization::Update::Accepted);
    QCOMPARE(auth.listSize(), 2);
    QCOMPARE(auth.updateList(5, true, {E{"X", "Accepted", {}}, E{"Y", "Accepted", {}}}, 1),
             LocalAuthorization::Update::Failed);
    QCOMPARE(auth.listVersion(), 4);
    QCOMPARE(auth.lookup("A", T0, true, true).value(), QStringLiteral("Accepted"));
    QVERIFY(!auth.lookup("B", T0, true, true));
    QVERIFY(!auth.lookup("A", T0, false, true));
    auth.remember("D", "Accepted", T0.addSecs(60));
    QCOMPARE(auth.lookup("D", T0, true, true).value(), QStringLiteral("Accepted"));
    QCOMPARE(auth.lookup("D", T0.addSecs(61), true, true).value(), QStringLiteral("Expired"));
    QVERIFY(!auth.lookup("D", T0, true, false));
    auth.clearCache();
    QVERIFY(!auth.lookup("D", T0, true, true));
}

void TestStationModel::availability_whileCharging_isScheduled()
{
    Core::FakeClock clock(T0);
    Station station(StationSpec{"CP", {}, {}, {}, {}, {ConnectorSpec{}, ConnectorSpec{}}}, clock);
    QVERIFY(station.plugIn(1, Vehicle{}));
    QVERIFY(station.startTransaction(1, "TAG", false));
    QCOMPARE(station.setAvailability(0, false), Station::Availability::Scheduled);
    QCOMPARE(station.status(1), ConnectorStatus::Charging);
    QCOMPARE(station.status(2), ConnectorStatus::Unavailable);
    QVERIFY(!station.startTransaction(2, "TAG", false));
    station.endTransaction(1);
    QCOMPARE(station.status(1), ConnectorStatus::Unavailable);
    QCOMPARE(station.setAvailability(0, true), Station::Availability::Accepted);
    QCOMPARE(station.status(1), ConnectorStatus::Finishing);
}

void TestStationModel::sample_measurands_haveUnits()
{
    Core::FakeClock clock(T0);
    Station station(StationSpec{"CP", {}, {}, {}, {}, {ConnectorSpec{"cType2", CurrentType::AC1, 7360}}}, clock);
    QVERIFY(station.plugIn(1, Vehicle{50000, 25000, 11000}));
    QVERIFY(station.startTransaction(1, "TAG", false));
    clock.advance(60);
    station.advance();
    const auto values = station.sample(1, Configuration::supportedMeasurands());
    QCOMPARE(values.size(), 6);
    QCOMPARE(values.at(0).value, 123.0); // 7360 W for a minute
    QCOMPARE(values.at(1).value, 7360.0);
    QCOMPARE(values.at(2).value, 32.0); // one phase at 230 V
    QCOMPARE(values.at(3).unit, QStringLiteral("V"));
    QCOMPARE(values.at(4).unit, QStringLiteral("Percent"));
}

QTEST_GUILESS_MAIN(TestStationModel)
#include "tst_stationmodel.moc"
