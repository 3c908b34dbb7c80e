#include "support/gatewayfixture.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTest>

using namespace ChargeDesk;
using Core::Command;
using Core::CommandResult;

// Every version-neutral command through the gateway to an independent station (ocpp-rpc,
// strict mode, so it also checks our calls against its own copy of the schemas), which
// reports what it received.
class TestCommands : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void command_reachesStationAsTheRightCall_data();
    void command_reachesStationAsTheRightCall();
    void command_toDisconnectedStation_isRefused();
    void command_missingInVersion_isUnsupported();

private:
    struct Station
    {
        qint64 id = 0;
        std::unique_ptr<QProcess> node;
        QByteArray output;
    };
    Station &station(const QString &protocol) { return protocol == "ocpp1.6" ? m_st16 : m_st201; }
    QJsonObject nextCall(Station &st);

    std::unique_ptr<Test::GatewayFixture> m_fx;
    Station m_st16;
    Station m_st201;
};

void TestCommands::initTestCase()
{
    m_fx = std::make_unique<Test::GatewayFixture>();
    QVERIFY2(m_fx->isValid(), qPrintable(m_fx->error));
    for (const QString &protocol : {QStringLiteral("ocpp1.6"), QStringLiteral("ocpp2.0.1")}) {
        const QString code = protocol == "ocpp1.6" ? "ST16" : "ST201";
        QVERIFY(m_fx->addStation(code, protocol, "ws"));
        Station &st = station(protocol);
        st.id =
            m_fx->repo->getByCode(Core::Actor::system(), Core::Tables::Stations, code).value().value("id").toLongLong();
        st.node = std::make_unique<QProcess>();
        st.node->start("node", {PEERS_DIR "/ocpp_station.mjs", m_fx->url(code), protocol, "300000"});
        QVERIFY(st.node->waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(m_fx->gateway->isConnected(st.id), 10000);
    }
}

void TestCommands::cleanupTestCase()
{
    for (Station *st : {&m_st16, &m_st201}) {
        if (st->node) {
            st->node->kill();
            st->node->waitForFinished();
        }
    }
    m_fx.reset();
}

QJsonObject TestCommands::nextCall(Station &st)
{
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < 10000) {
        st.output += st.node->readAllStandardOutput();
        const qsizetype newline = st.output.indexOf('\n');
        if (newline >= 0) {
            const QJsonObject o = QJsonDocument::fromJson(st.output.left(newline)).object();
            st.output.remove(0, newline + 1);
            if (o.value("event") == "call")
                return o;
            continue;
        }
        QTest::qWait(10);
    }
    return {};
}

void TestCommands::command_reachesStationAsTheRightCall_data()
{
    QTest::addColumn<QString>("protocol");
    QTest::addColumn<QString>("command");
    QTest::addColumn<QVariantMap>("args");
    QTest::addColumn<QString>("action");
    QTest::addColumn<QByteArray>("expectedParams"); // a subset that must match
    const auto row = [](const char *tag, const char *protocol, const char *command, QVariantMap args,
                        const char *action, const char *params) {
        QTest::newRow(tag) << protocol << command << args << action << QByteArray(params);
    };
    const qint64 t = QDateTime(QDate(2026, 12, 1), QTime(3, 0), Qt::UTC).toMSecsSinceEpoch();
    // 1.6
    row("1.6 reset", "ocpp1.6", "reset", {{"type", "hard"}}, "Reset", R"({"type":"Hard"})");
    row("1.6 availability", "ocpp1.6", "change-availability", {{"connector", 2}, {"operative", false}},
        "ChangeAvailability", R"({"connectorId":2,"type":"Inoperative"})");
    row("1.6 unlock", "ocpp1.6", "unlock-connector", {{"evse", 1}, {"connector", 1}}, "UnlockConnector",
        R"({"connectorId":1})");
    row("1.6 firmware", "ocpp1.6", "update-firmware",
        {{"location", "http://127.0.0.1/fw.bin"}, {"retrieveAt", t}, {"retries", 3}, {"retryInterval", 60}},
        "UpdateFirmware",
        R"({"location":"http://127.0.0.1/fw.bin","retrieveDate":"2026-12-01T03:00:00.000Z","retries":3,"retryInterval":60})");
    row("1.6 diagnostics", "ocpp1.6", "upload-diagnostics", {{"location", "ftp://u:p@127.0.0.1/up"}, {"start", t}},
        "GetDiagnostics", R"({"location":"ftp://u:p@127.0.0.1/up","startTime":"2026-12-01T03:00:00.000Z"})");
    row("1.6 trigger", "ocpp1.6", "trigger-message", {{"message", "status"}, {"connector", 1}}, "TriggerMessage",
        R"({"requestedMessage":"StatusNotification","connectorId":1})");
    row("1.6 get configuration", "ocpp1.6", "get-configuration", {{"keys", QStringList{"HeartbeatInterval"}}},
        "GetConfiguration", R"({"key":["HeartbeatInterval"]})");
    row("1.6 change configuration", "ocpp1.6", "change-configuration",
        {{"key", "MeterValueSampleInterval"}, {"value", "15"}}, "ChangeConfiguration",
        R"({"key":"MeterValueSampleInterval","value":"15"})");
    row("1.6 clear cache", "ocpp1.6", "clear-cache", {}, "ClearCache", "{}");
    row("1.6 local list", "ocpp1.6", "send-local-list",
        {{"version", 4}, {"full", false}, {"entries", QVariantList{QVariantMap{{"idToken", "TAG-1"}}}}},
        "SendLocalList",
        R"({"listVersion":4,"updateType":"Differential","localAuthorizationList":[{"idTag":"TAG-1","idTagInfo":{"status":"Accepted"}}]})");
    row("1.6 list version", "ocpp1.6", "get-local-list-version", {}, "GetLocalListVersion", "{}");
    row("1.6 reserve", "ocpp1.6", "reserve-now",
        {{"reservationId", 9}, {"connector", 1}, {"idToken", "TAG-1"}, {"expiresAt", t}}, "ReserveNow",
        R"({"reservationId":9,"connectorId":1,"idTag":"TAG-1","expiryDate":"2026-12-01T03:00:00.000Z"})");
    row("1.6 cancel reservation", "ocpp1.6", "cancel-reservation", {{"reservationId", 9}}, "CancelReservation",
        R"({"reservationId":9})");
    row("1.6 remote start", "ocpp1.6", "remote-start", {{"connector", 1}, {"idToken", "TAG-1"}},
        "RemoteStartTransaction", R"({"connectorId":1,"idTag":"TAG-1"})");
    row("1.6 remote stop", "ocpp1.6", "remote-stop", {{"transactionId", "42"}}, "RemoteStopTransaction",
        R"({"transactionId":42})");
    row("1.6 charging profile", "ocpp1.6", "set-charging-profile",
        {{"evse", 1},
         {"id", 5},
         {"stackLevel", 1},
         {"purpose", "tx"},
         {"transactionId", 42},
         {"unit", "W"},
         {"periods", QVariantList{QVariantMap{{"start", 0}, {"limit", 11000}}}}},
        "SetChargingProfile",
        R"({"connectorId":1,"csChargingProfiles":{"chargingProfileId":5,"stackLevel":1,"chargingProfilePurpose":"TxProfile","chargingProfileKind":"Absolute","transactionId":42,"chargingSchedule":{"chargingRateUnit":"W","chargingSchedulePeriod":[{"startPeriod":0,"limit":11000}]}}})");
    // A 1.6 station is one charger: its connectorId is our connector number.
    row("1.6 profile on a connector", "ocpp1.6", "set-charging-profile",
        {{"evse", 1},
         {"connector", 2},
         {"id", 6},
         {"stackLevel", 2},
         {"purpose", "session_default"},
         {"unit", "A"},
         {"periods", QVariantList{QVariantMap{{"start", 0}, {"limit", 16.04}}}}},
        "SetChargingProfile",
        R"({"connectorId":2,"csChargingProfiles":{"chargingProfileId":6,"chargingProfilePurpose":"TxDefaultProfile","chargingSchedule":{"chargingRateUnit":"A","chargingSchedulePeriod":[{"startPeriod":0,"limit":16}]}}})");
    // A charger total limit goes to connectorId 0 whatever evse or connector says.
    row("1.6 charger total", "ocpp1.6", "set-charging-profile",
        {{"evse", 1},
         {"connector", 1},
         {"id", 7},
         {"stackLevel", 3},
         {"purpose", "charger_total"},
         {"kind", "recurring"},
         {"recurrency", "daily"},
         {"scheduleStart", t},
         {"duration", 86400},
         {"validFrom", t},
         {"validTo", t + 86400000},
         {"unit", "W"},
         {"periods", QVariantList{QVariantMap{{"start", 0}, {"limit", 5000}},
                                  QVariantMap{{"start", 21600}, {"limit", 10000}, {"phases", 3}}}}},
        "SetChargingProfile",
        R"({"connectorId":0,"csChargingProfiles":{"chargingProfileId":7,"stackLevel":3,"chargingProfilePurpose":"ChargePointMaxProfile","chargingProfileKind":"Recurring","recurrencyKind":"Daily","validFrom":"2026-12-01T03:00:00.000Z","validTo":"2026-12-02T03:00:00.000Z","chargingSchedule":{"duration":86400,"startSchedule":"2026-12-01T03:00:00.000Z","chargingRateUnit":"W","chargingSchedulePeriod":[{"startPeriod":0,"limit":5000},{"startPeriod":21600,"limit":10000,"numberPhases":3}]}}})");
    row("1.6 clear profile", "ocpp1.6", "clear-charging-profile", {{"id", 5}}, "ClearChargingProfile", R"({"id":5})");
    row("1.6 clear charger total", "ocpp1.6", "clear-charging-profile",
        {{"id", 7}, {"evse", 1}, {"purpose", "charger_total"}}, "ClearChargingProfile",
        R"({"id":7,"connectorId":0,"chargingProfilePurpose":"ChargePointMaxProfile"})");
    row("1.6 composite", "ocpp1.6", "get-composite-schedule", {{"evse", 1}, {"duration", 3600}}, "GetCompositeSchedule",
        R"({"connectorId":1,"duration":3600})");
    row("1.6 composite of a connector", "ocpp1.6", "get-composite-schedule",
        {{"evse", 1}, {"connector", 2}, {"duration", 600}, {"unit", "W"}}, "GetCompositeSchedule",
        R"({"connectorId":2,"duration":600,"chargingRateUnit":"W"})");
    row("1.6 remote start with a profile", "ocpp1.6", "remote-start",
        {{"connector", 1},
         {"idToken", "TAG-1"},
         {"chargingProfile", QVariantMap{{"id", 8},
                                         {"stackLevel", 1},
                                         {"purpose", "session_default"},
                                         {"transactionId", 3},
                                         {"unit", "W"},
                                         {"periods", QVariantList{QVariantMap{{"start", 0}, {"limit", 0}}}}}}},
        "RemoteStartTransaction",
        R"({"connectorId":1,"idTag":"TAG-1","chargingProfile":{"chargingProfileId":8,"stackLevel":1,"chargingProfilePurpose":"TxProfile","chargingProfileKind":"Absolute","chargingSchedule":{"chargingRateUnit":"W","chargingSchedulePeriod":[{"startPeriod":0,"limit":0}]}}})");
    row("1.6 data transfer", "ocpp1.6", "data-transfer", {{"vendorId", "com.example"}, {"data", "x"}}, "DataTransfer",
        R"({"vendorId":"com.example","data":"x"})");
    // 2.0.1
    row("2.0.1 reset", "ocpp2.0.1", "reset", {{"type", "soft"}}, "Reset", R"({"type":"OnIdle"})");
    row("2.0.1 availability", "ocpp2.0.1", "change-availability", {{"evse", 1}, {"connector", 1}, {"operative", true}},
        "ChangeAvailability", R"({"operationalStatus":"Operative","evse":{"id":1,"connectorId":1}})");
    row("2.0.1 unlock", "ocpp2.0.1", "unlock-connector", {{"evse", 2}, {"connector", 1}}, "UnlockConnector",
        R"({"evseId":2,"connectorId":1})");
    row("2.0.1 firmware", "ocpp2.0.1", "update-firmware",
        {{"location", "http://127.0.0.1/fw.bin"}, {"retrieveAt", t}, {"requestId", 11}}, "UpdateFirmware",
        R"({"requestId":11,"firmware":{"location":"http://127.0.0.1/fw.bin","retrieveDateTime":"2026-12-01T03:00:00.000Z"}})");
    row("2.0.1 log", "ocpp2.0.1", "upload-diagnostics", {{"location", "http://127.0.0.1/up"}, {"requestId", 12}},
        "GetLog", R"({"logType":"DiagnosticsLog","requestId":12,"log":{"remoteLocation":"http://127.0.0.1/up"}})");
    row("2.0.1 trigger", "ocpp2.0.1", "trigger-message", {{"message", "diagnostics"}}, "TriggerMessage",
        R"({"requestedMessage":"LogStatusNotification"})");
    row("2.0.1 get variables", "ocpp2.0.1", "get-configuration",
        {{"keys", QStringList{"OCPPCommCtrlr/HeartbeatInterval"}}}, "GetVariables",
        R"({"getVariableData":[{"component":{"name":"OCPPCommCtrlr"},"variable":{"name":"HeartbeatInterval"}}]})");
    row("2.0.1 set variables", "ocpp2.0.1", "change-configuration",
        {{"key", "SampledDataCtrlr/TxUpdatedInterval"}, {"value", "15"}}, "SetVariables",
        R"({"setVariableData":[{"attributeValue":"15","component":{"name":"SampledDataCtrlr"},"variable":{"name":"TxUpdatedInterval"}}]})");
    row("2.0.1 clear cache", "ocpp2.0.1", "clear-cache", {}, "ClearCache", "{}");
    row("2.0.1 local list", "ocpp2.0.1", "send-local-list",
        {{"version", 2}, {"full", true}, {"entries", QVariantList{}}}, "SendLocalList",
        R"({"versionNumber":2,"updateType":"Full"})");
    row("2.0.1 list version", "ocpp2.0.1", "get-local-list-version", {}, "GetLocalListVersion", "{}");
    row("2.0.1 reserve", "ocpp2.0.1", "reserve-now",
        {{"reservationId", 9}, {"evse", 1}, {"idToken", "TAG-1"}, {"expiresAt", t}}, "ReserveNow",
        R"({"id":9,"evseId":1,"idToken":{"idToken":"TAG-1","type":"ISO14443"},"expiryDateTime":"2026-12-01T03:00:00.000Z"})");
    row("2.0.1 cancel reservation", "ocpp2.0.1", "cancel-reservation", {{"reservationId", 9}}, "CancelReservation",
        R"({"reservationId":9})");
    row("2.0.1 remote start", "ocpp2.0.1", "remote-start", {{"evse", 1}, {"idToken", "TAG-1"}, {"remoteStartId", 77}},
        "RequestStartTransaction",
        R"({"evseId":1,"remoteStartId":77,"idToken":{"idToken":"TAG-1","type":"ISO14443"}})");
    row("2.0.1 remote stop", "ocpp2.0.1", "remote-stop", {{"transactionId", "TX-1"}}, "RequestStopTransaction",
        R"({"transactionId":"TX-1"})");
    row("2.0.1 charging profile", "ocpp2.0.1", "set-charging-profile",
        {{"evse", 1},
         {"id", 5},
         {"stackLevel", 0},
         {"purpose", "charger_total"},
         {"unit", "A"},
         {"periods", QVariantList{QVariantMap{{"start", 0}, {"limit", 16}}}}},
        "SetChargingProfile",
        R"({"evseId":0,"chargingProfile":{"id":5,"stackLevel":0,"chargingProfilePurpose":"ChargingStationMaxProfile","chargingProfileKind":"Absolute","chargingSchedule":[{"id":5,"chargingRateUnit":"A","chargingSchedulePeriod":[{"startPeriod":0,"limit":16}]}]}})");
    row("2.0.1 session default", "ocpp2.0.1", "set-charging-profile",
        {{"evse", 1},
         {"connector", 2},
         {"id", 6},
         {"stackLevel", 1},
         {"purpose", "session_default"},
         {"kind", "recurring"},
         {"recurrency", "weekly"},
         {"scheduleStart", t},
         {"unit", "W"},
         {"periods", QVariantList{QVariantMap{{"start", 0}, {"limit", 7400}}}}},
        "SetChargingProfile",
        R"({"evseId":1,"chargingProfile":{"id":6,"chargingProfilePurpose":"TxDefaultProfile","chargingProfileKind":"Recurring","recurrencyKind":"Weekly","chargingSchedule":[{"startSchedule":"2026-12-01T03:00:00.000Z","chargingRateUnit":"W","chargingSchedulePeriod":[{"startPeriod":0,"limit":7400}]}]}})");
    row("2.0.1 clear profile", "ocpp2.0.1", "clear-charging-profile", {{"id", 5}}, "ClearChargingProfile",
        R"({"chargingProfileId":5})");
    row("2.0.1 clear charger total", "ocpp2.0.1", "clear-charging-profile",
        {{"id", 5}, {"evse", 1}, {"purpose", "charger_total"}}, "ClearChargingProfile",
        R"({"chargingProfileId":5,"chargingProfileCriteria":{"evseId":0,"chargingProfilePurpose":"ChargingStationMaxProfile"}})");
    row("2.0.1 remote start with a profile", "ocpp2.0.1", "remote-start",
        {{"evse", 1},
         {"idToken", "TAG-1"},
         {"remoteStartId", 78},
         {"chargingProfile", QVariantMap{{"id", 8},
                                         {"stackLevel", 1},
                                         {"unit", "W"},
                                         {"periods", QVariantList{QVariantMap{{"start", 0}, {"limit", 0}}}}}}},
        "RequestStartTransaction",
        R"({"evseId":1,"remoteStartId":78,"chargingProfile":{"id":8,"stackLevel":1,"chargingProfilePurpose":"TxProfile","chargingProfileKind":"Absolute","chargingSchedule":[{"id":8,"chargingRateUnit":"W","chargingSchedulePeriod":[{"startPeriod":0,"limit":0}]}]}})");
    row("2.0.1 composite", "ocpp2.0.1", "get-composite-schedule", {{"evse", 1}, {"duration", 600}, {"unit", "W"}},
        "GetCompositeSchedule", R"({"evseId":1,"duration":600,"chargingRateUnit":"W"})");
    row("2.0.1 data transfer", "ocpp2.0.1", "data-transfer", {{"vendorId", "com.example"}}, "DataTransfer",
        R"({"vendorId":"com.example"})");
    row("2.0.1 base report", "ocpp2.0.1", "get-base-report", {{"requestId", 3}, {"report", "configuration"}},
        "GetBaseReport", R"({"requestId":3,"reportBase":"ConfigurationInventory"})");
    row("2.0.1 set display", "ocpp2.0.1", "set-display-message", {{"id", 1}, {"message", "Welcome"}},
        "SetDisplayMessage",
        R"({"message":{"id":1,"priority":"NormalCycle","message":{"format":"UTF8","content":"Welcome"}}})");
    row("2.0.1 get display", "ocpp2.0.1", "get-display-messages", {{"requestId", 4}}, "GetDisplayMessages",
        R"({"requestId":4})");
    row("2.0.1 clear display", "ocpp2.0.1", "clear-display-message", {{"id", 1}}, "ClearDisplayMessage", R"({"id":1})");
}

static bool contains(const QJsonValue &actual, const QJsonValue &expected)
{
    if (expected.isObject()) {
        const QJsonObject e = expected.toObject();
        for (auto it = e.begin(); it != e.end(); ++it) {
            if (!actual.isObject() || !contains(actual.toObject().value(it.key()), it.value()))
                return false;
        }
        return true;
    }
    if (expected.isArray()) {
        const QJsonArray e = expected.toArray(), a = actual.toArray();
        if (e.size() != a.size())
            return false;
        for (qsizetype i = 0; i < e.size(); ++i) {
            if (!contains(a.at(i), e.at(i)))
                return false;
        }
        return true;
    }
    if (expected.isDouble())
        return actual.isDouble() && actual.toDouble() == expected.toDouble();
    return actual == expected;
}

void TestCommands::command_reachesStationAsTheRightCall()
{
    QFETCH(QString, protocol);
    QFETCH(QString, command);
    QFETCH(QVariantMap, args);
    QFETCH(QString, action);
    QFETCH(QByteArray, expectedParams);
    Station &st = station(protocol);
    std::optional<CommandResult> result;
    m_fx->gateway->send(st.id, Command{Command::kindFromName(command).value(), args},
                        [&](const CommandResult &r) { result = r; });
    QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 10000);
    QVERIFY2(result->outcome == CommandResult::Outcome::Answered,
             qPrintable(result->outcomeName() + ": " + result->error));
    QVERIFY(!result->response.isEmpty() || action == "UpdateFirmware");

    const QJsonObject call = nextCall(st);
    QCOMPARE(call.value("action").toString(), action);
    const QJsonObject received = call.value("params").toObject();
    const QJsonObject expected = QJsonDocument::fromJson(expectedParams).object();
    QVERIFY2(contains(received, expected), qPrintable(QJsonDocument(received).toJson(QJsonDocument::Compact)));
    // And it is in the message log, both ways.
    QVERIFY(m_fx->log->flush().ok());
    Core::ListQuery q;
    q.filters << Core::ListQuery::Filter{"action", Core::ListQuery::Filter::Op::Equals, action}
              << Core::ListQuery::Filter{"station_id", Core::ListQuery::Filter::Op::Equals, st.id};
    q.orderBy = "id";
    q.descending = true;
    q.limit = 2;
    const auto logged = m_fx->repo->list(Core::Actor::system(), Core::Tables::OcppMessages, q).value();
    QCOMPARE(logged.size(), 2);
    QCOMPARE(logged.at(0).value("direction").toString(), QStringLiteral("in"));
    QCOMPARE(logged.at(1).value("direction").toString(), QStringLiteral("out"));
}

void TestCommands::command_toDisconnectedStation_isRefused()
{
    Test::GatewayFixture fx;
    QVERIFY2(fx.isValid(), qPrintable(fx.error));
    QVERIFY(fx.addStation("ST", "ocpp1.6", "ws"));
    std::optional<CommandResult> result;
    fx.gateway->send(1, Command{Command::Kind::Reset, {{"type", "soft"}}}, [&](const CommandResult &r) { result = r; });
    QVERIFY(result.has_value());
    QCOMPARE(result->outcome, CommandResult::Outcome::NotConnected);
    QVERIFY(!result->error.isEmpty());
}

void TestCommands::command_missingInVersion_isUnsupported()
{
    std::optional<CommandResult> result;
    m_fx->gateway->send(m_st16.id, Command{Command::Kind::GetBaseReport, {}},
                        [&](const CommandResult &r) { result = r; });
    QVERIFY(result.has_value());
    QCOMPARE(result->outcome, CommandResult::Outcome::Unsupported);
    // An argument that breaks the schema (a 1.6 key has at most 50 characters) is refused
    // before anything is sent.
    result.reset();
    m_fx->gateway->send(m_st16.id,
                        Command{Command::Kind::ChangeConfiguration, {{"key", QString(51, 'k')}, {"value", "1"}}},
                        [&](const CommandResult &r) { result = r; });
    QVERIFY(result.has_value());
    QCOMPARE(result->outcome, CommandResult::Outcome::Invalid);
    QVERIFY(result->error.contains("PropertyConstraintViolation"));
}

QTEST_GUILESS_MAIN(TestCommands)
#include "tst_commands.moc"
