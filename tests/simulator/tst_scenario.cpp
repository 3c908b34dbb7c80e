#include "server/simulator/scenario.h"
#include "support/gatewayfixture.h"
#include "support/testdata.h"

#include "core/chargepointgateway.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace ChargeDesk;
using namespace ChargeDesk::Core;
using namespace ChargeDesk::Server::Simulator;

// Scenario files: what they may say, and a scripted run against ChargeDesk's gateway.
class TestScenario : public QObject
{
    Q_OBJECT

private slots:
    void parse_badScenario_namesWhatIsWrong_data();
    void parse_badScenario_namesWhatIsWrong();
    void parse_countExpandsStationsAndStepsRunInTimeOrder();
    void run_scriptedSessionsReachTheCentralSystem();
    void loadMode_manyStationsComeOnline();
    void misbehaviour_reachesTheSessionEnginesJudgement();
    void configureStep_takesEffectAtOnce();
};

namespace {

// The drivers of the scripted sessions: cards CARD-A and CARD-B.
void addCards(Repository &repo)
{
    const qint64 type =
        repo.create(Actor::system(), Tables::IdDeviceTypes, {{"code", "CARD"}, {"name", "RFID card"}}).value();
    for (const QString card : {"CARD-A", "CARD-B"}) {
        const qint64 customer = repo.create(Actor::system(), Tables::Customers,
                                            {{"code", card}, {"name", card}, {"payment_type", "postpaid"}})
                                    .value();
        QVERIFY(repo.create(
            Actor::system(), Tables::IdDevices,
            {{"code", card}, {"name", card}, {"type_id", type}, {"identifier", card}, {"customer_id", customer}}));
    }
}

} // namespace

void TestScenario::parse_badScenario_namesWhatIsWrong_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("message");
    const QByteArray station = R"({"id": "A", "protocol": "ocpp1.6", "connectors": 2})";
    QTest::newRow("not json") << QByteArray("{nope") << "scenario"
                              << "Not a JSON object";
    QTest::newRow("no stations") << QByteArray(R"({"steps": []})") << "stations"
                                 << "at least one station";
    QTest::newRow("bad protocol") << QByteArray(R"({"stations": [{"id": "A", "protocol": "ocpp1.5"}]})")
                                  << "stations[0]"
                                  << "ocpp1.5";
    QTest::newRow("count without {n}") << QByteArray(R"({"stations": [{"id": "A", "count": 3}]})") << "stations[0]"
                                       << "{n}";
    QTest::newRow("twice") << QByteArray(R"({"stations": [{"id": "A"}, {"id": "A"}]})") << "stations"
                           << "used twice";
    QTest::newRow("unknown action") << QByteArray(R"({"stations": [)" + station +
                                                  R"(], "steps": [{"at": 1, "station": "A", "do": "dance"}]})")
                                    << "steps[0]"
                                    << "dance";
    QTest::newRow("unknown station") << QByteArray(R"({"stations": [)" + station +
                                                   R"(], "steps": [{"at": 1, "station": "B", "do": "unplug"}]})")
                                     << "steps[0]"
                                     << "No station";
    QTest::newRow("no such connector")
        << QByteArray(R"({"stations": [)" + station +
                      R"(], "steps": [{"at": 1, "station": "A", "do": "plugIn", "connector": 3}]})")
        << "steps[0]"
        << "no connector 3";
    QTest::newRow("swipe without card") << QByteArray(R"({"stations": [)" + station +
                                                      R"(], "steps": [{"at": 1, "station": "A", "do": "swipe"}]})")
                                        << "steps[0]"
                                        << "idTag";
    QTest::newRow("no time") << QByteArray(R"({"stations": [)" + station +
                                           R"(], "steps": [{"station": "A", "do": "unplug"}]})")
                             << "steps[0]"
                             << "at";
    // Values of the wrong type or beyond what they can mean are refused, not read as 0 or 1.
    QTest::newRow("connectors as text") << QByteArray(R"({"stations": [{"id": "A", "connectors": "two"}]})")
                                        << "stations[0]"
                                        << "connectors";
    QTest::newRow("count a fraction") << QByteArray(R"({"stations": [{"id": "A-{n}", "count": 2.5}]})") << "stations[0]"
                                      << "count";
    QTest::newRow("connector as text")
        << QByteArray(R"({"stations": [)" + station +
                      R"(], "steps": [{"at": 1, "station": "A", "do": "unplug", "connector": "1"}]})")
        << "steps[0]"
        << "no connector 1";
    QTest::newRow("time beyond a timer") << QByteArray(R"({"stations": [)" + station +
                                                       R"(], "steps": [{"at": 1e12, "station": "A", "do": "unplug"}]})")
                                         << "steps[0]"
                                         << "“at”";
    QTest::newRow("time as text") << QByteArray(R"({"stations": [)" + station +
                                                R"(], "steps": [{"at": "soon", "station": "A", "do": "unplug"}]})")
                                  << "steps[0]"
                                  << "“at”";
    QTest::newRow("state of charge over 100")
        << QByteArray(R"({"stations": [)" + station +
                      R"(], "steps": [{"at": 1, "station": "A", "do": "plugIn", "soc": 150}]})")
        << "steps[0]"
        << "soc";
    QTest::newRow("empty battery")
        << QByteArray(R"({"stations": [)" + station +
                      R"(], "steps": [{"at": 1, "station": "A", "do": "plugIn", "capacityWh": 0}]})")
        << "steps[0]"
        << "capacityWh";
}

void TestScenario::parse_badScenario_namesWhatIsWrong()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, field);
    QFETCH(QString, message);
    const auto scenario = Scenario::parse(json);
    QVERIFY(!scenario);
    QCOMPARE(scenario.error().kind(), Error::Kind::Validation);
    QCOMPARE(scenario.error().fields().size(), 1);
    QCOMPARE(scenario.error().fields().first().field, field);
    QVERIFY2(scenario.error().fields().first().message.contains(message),
             qPrintable(scenario.error().fields().first().message));
}

void TestScenario::parse_countExpandsStationsAndStepsRunInTimeOrder()
{
    const auto scenario =
        Scenario::parse(R"({"stations": [{"id": "L-{n}", "count": 3, "power": 7400, "current": "ac1"}],
        "steps": [{"at": 5, "station": "L-2", "do": "unplug"}, {"at": 1, "station": "L-3", "do": "plugIn"},
                  {"at": 9, "do": "end"}]})");
    QVERIFY2(scenario, scenario ? "" : qPrintable(scenario.error().fields().value(0).message));
    QCOMPARE(scenario.value().stations.size(), 3);
    QCOMPARE(scenario.value().stations.at(2).spec.id, QString("L-3"));
    QCOMPARE(scenario.value().stations.at(0).spec.connectors.first().maxPowerW, 7400.0);
    QCOMPARE(scenario.value().stations.at(0).spec.connectors.first().current, CurrentType::AC1);
    QCOMPARE(scenario.value().steps.at(0).action, QString("plugIn"));
    QCOMPARE(scenario.value().steps.at(2).action, QString("end"));

    const auto load = Scenario::parse(loadScenario(50, "ocpp2.0.1", "LOAD", {}, 30));
    QVERIFY(load);
    QCOMPARE(load.value().stations.size(), 50);
    QCOMPARE(load.value().stations.last().version, Server::Ocpp::Version::V201);
    QCOMPARE(load.value().steps.size(), 150);
}

void TestScenario::run_scriptedSessionsReachTheCentralSystem()
{
    Test::GatewayFixture fx;
    QVERIFY2(fx.isValid(), qPrintable(fx.error));
    QVERIFY(fx.addStation("S16", "ocpp1.6", "ws"));
    QVERIFY(fx.addStation("S201", "ocpp2.0.1", "ws"));
    addCards(*fx.repo);
    const auto scenario = Scenario::parse(R"({
        "stations": [{"id": "S16", "protocol": "ocpp1.6", "configuration": {"MeterValueSampleInterval": 1}},
                     {"id": "S201", "protocol": "ocpp2.0.1", "configuration": {"MeterValueSampleInterval": 1}}],
        "steps": [{"at": 1, "station": "S16", "do": "plugIn", "soc": 40},
                  {"at": 1.5, "station": "S16", "do": "swipe", "idTag": "CARD-A"},
                  {"at": 1, "station": "S201", "do": "plugIn", "soc": 40},
                  {"at": 1.5, "station": "S201", "do": "swipe", "idTag": "CARD-B"},
                  {"at": 5, "station": "S16", "do": "swipe", "idTag": "CARD-A"},
                  {"at": 5, "station": "S201", "do": "swipe", "idTag": "CARD-B"},
                  {"at": 6, "station": "S16", "do": "unplug"},
                  {"at": 6, "station": "S201", "do": "unplug"},
                  {"at": 7, "do": "end"}]})");
    QVERIFY(scenario);
    Server::Simulator::ConnectionOptions defaults;
    ScenarioRunner runner(scenario.value(), fx.url(QString()).chopped(1), defaults, fx.clock);
    QSignalSpy finished(&runner, &ScenarioRunner::finished);
    int steps = 0;
    connect(&runner, &ScenarioRunner::happened, this,
            [&](const QJsonObject &e) { steps += e.value("event") == "step" ? 1 : 0; });
    runner.start();
    QVERIFY(finished.wait(15000));
    QCOMPARE(steps, 9);
    // Both sessions reached ChargeDesk: started, metered, stopped by the card.
    auto q = fx.repo->database().exec(
        "SELECT COUNT(*) FROM sessions WHERE status IN ('closed', 'rating_failed') AND energy_wh > 0 AND "
        "id_token IN ('CARD-A', 'CARD-B')");
    QVERIFY(q && q.value().next());
    QCOMPARE(q.value().value(0).toInt(), 2);
}

void TestScenario::loadMode_manyStationsComeOnline()
{
    Test::GatewayFixture fx;
    QVERIFY2(fx.isValid(), qPrintable(fx.error));
    const int count = 40;
    for (int n = 1; n <= count; ++n)
        QVERIFY(Test::createStation(*fx.repo, fx.areaId, QStringLiteral("LOAD-%1").arg(n), "ocpp1.6"));
    const auto scenario = Scenario::parse(loadScenario(count, "ocpp1.6", "LOAD", {}, 60));
    QVERIFY(scenario);
    ScenarioRunner runner(scenario.value(), fx.url(QString()).chopped(1), {}, fx.clock);
    runner.start();
    QTRY_COMPARE_WITH_TIMEOUT(summarize(runner).value("online").toInt(), count, 20000);
    QCOMPARE(summarize(runner).value("stations").toInt(), count);
}

// The malfunctions of the specification, played on demand: ChargeDesk discards the readings
// it must, recognises relative energy, and a charger that ignores a remote stop goes on.
void TestScenario::misbehaviour_reachesTheSessionEnginesJudgement()
{
    Test::GatewayFixture fx;
    QVERIFY2(fx.isValid(), qPrintable(fx.error));
    QVERIFY(fx.addStation("BAD", "ocpp1.6", "ws"));
    QVERIFY(fx.addStation("REL", "ocpp2.0.1", "ws"));
    addCards(*fx.repo);
    // The engine judges jumps against what the connector can deliver.
    const qint64 bad = fx.repo->getByCode(Actor::system(), Tables::Stations, "BAD").value().value("id").toLongLong();
    QVERIFY(fx.repo->update(Actor::system(), Tables::Connectors, fx.stations->connectorFor(bad, 1, 1).value(),
                            {{"wattage_limit_w", 22000}}));
    const auto scenario = Scenario::parse(R"({
        "stations": [{"id": "BAD", "protocol": "ocpp1.6", "power": 22000, "configuration": {"MeterValueSampleInterval": 1}},
                     {"id": "REL", "protocol": "ocpp2.0.1", "configuration": {"MeterValueSampleInterval": 1}}],
        "steps": [{"at": 0, "station": "REL", "do": "misbehave", "energy": "relative"},
                  {"at": 1, "station": "BAD", "do": "plugIn", "soc": 30},
                  {"at": 1, "station": "REL", "do": "plugIn", "soc": 30},
                  {"at": 1.5, "station": "BAD", "do": "swipe", "idTag": "CARD-A"},
                  {"at": 1.5, "station": "REL", "do": "swipe", "idTag": "CARD-B"},
                  {"at": 4, "station": "BAD", "do": "misbehave", "outOfOrder": true, "ignoreRemoteStop": true},
                  {"at": 7, "station": "BAD", "do": "misbehave", "ignoreRemoteStop": true},
                  {"at": 7.2, "station": "BAD", "do": "jumpEnergy", "wh": 50000}]})");
    QVERIFY2(scenario, scenario ? "" : qPrintable(scenario.error().fields().value(0).message));
    ScenarioRunner runner(scenario.value(), fx.url(QString()).chopped(1), {}, fx.clock);
    runner.start();
    const auto count = [&](const QString &sql) {
        auto q = fx.repo->database().exec(sql);
        return q && q.value().next() ? q.value().value(0).toInt() : -1;
    };
    QTRY_VERIFY_WITH_TIMEOUT(count("SELECT COUNT(*) FROM meter_values WHERE discard_reason = 'stale_timestamp'") > 0,
                             15000);
    QTRY_VERIFY_WITH_TIMEOUT(
        count("SELECT COUNT(*) FROM meter_values WHERE discard_reason = 'over_connector_capability'") > 0, 15000);
    QTRY_COMPARE_WITH_TIMEOUT(
        count("SELECT COUNT(*) FROM sessions WHERE id_token = 'CARD-B' AND energy_reading_type = 'relative'"), 1,
        15000);

    // A remote stop is accepted and the charger charges on.
    auto q = fx.repo->database().exec("SELECT transaction_id FROM sessions WHERE id_token = 'CARD-A'");
    QVERIFY(q && q.value().next());
    const QString transaction = q.value().value(0).toString();
    // The station answers one call at a time: once a meter value it took after the stop has been
    // answered, a StopTransaction it would have sent first has been answered (and recorded) too.
    bool stopReplied = false, meteredAfterStop = false, meterAnswered = false;
    connect(&runner, &ScenarioRunner::happened, this, [&](const QJsonObject &e) {
        if (e.value("station") != "BAD")
            return;
        const QString name = e.value("event").toString(), action = e.value("action").toString();
        if (name == "replied" && action == "RemoteStopTransaction")
            stopReplied = true;
        else if (name == "sent" && action == "MeterValues" && stopReplied)
            meteredAfterStop = true;
        else if (name == "answered" && action == "MeterValues" && meteredAfterStop)
            meterAnswered = true;
    });
    std::optional<CommandResult> answer;
    fx.gateway->send(bad, Command{Command::Kind::RemoteStop, {{"transactionId", transaction}}},
                     [&](const CommandResult &r) { answer = r; });
    QTRY_VERIFY(answer.has_value());
    QCOMPARE(answer->status, QString("Accepted"));
    QTRY_VERIFY_WITH_TIMEOUT(meterAnswered, 10000);
    QVERIFY(runner.station("BAD")->station().connector(1).transaction.has_value());
    QCOMPARE(count("SELECT COUNT(*) FROM sessions WHERE id_token = 'CARD-A' AND status = 'in_progress'"), 1);
}

// A setting changed mid-run acts at once, as a ChangeConfiguration would: meter values every
// second instead of every minute.
void TestScenario::configureStep_takesEffectAtOnce()
{
    Test::GatewayFixture fx;
    QVERIFY2(fx.isValid(), qPrintable(fx.error));
    QVERIFY(fx.addStation("S16", "ocpp1.6", "ws"));
    addCards(*fx.repo);
    const auto scenario = Scenario::parse(R"({
        "stations": [{"id": "S16", "protocol": "ocpp1.6", "configuration": {"MeterValueSampleInterval": 60}}],
        "steps": [{"at": 1, "station": "S16", "do": "plugIn", "soc": 40},
                  {"at": 1.5, "station": "S16", "do": "swipe", "idTag": "CARD-A"},
                  {"at": 2, "station": "S16", "do": "configure", "key": "MeterValueSampleInterval", "value": 1}]})");
    QVERIFY(scenario);
    ScenarioRunner runner(scenario.value(), fx.url(QString()).chopped(1), {}, fx.clock);
    runner.start();
    const auto periodic = [&] {
        auto q = fx.repo->database().exec("SELECT COUNT(*) FROM meter_values WHERE context = 'Sample.Periodic'");
        return q && q.value().next() ? q.value().value(0).toInt() : -1;
    };
    QTRY_VERIFY_WITH_TIMEOUT(periodic() >= 3, 10000);
}

QTEST_GUILESS_MAIN(TestScenario)
#include "tst_scenario.moc"
