#include "core/catalog.h"
#include "core/messagelog.h"
#include "core/migrator.h"
#include "core/stationservice.h"
#include "server/gateway.h"
#include "support/gatewayfixture.h"
#include "support/nodepeer.h"
#include "support/testdatabase.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>

using namespace ChargeDesk;
using namespace ChargeDesk::Core;
using ChargeDesk::Test::runNodePeer;

// The OCPP gateway through a real socket, driven by independent clients: ocpp-rpc in strict
// mode for the normal flows, a raw WebSocket for malformed input (asserting exact frames).
class TestGateway : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { qInfo("storage backend: %s", qPrintable(Test::backend())); }
    void init();
    void cleanup();

    void ocppRpc16_bootStatusHeartbeat_recordsStationData();
    void ocppRpc201_bootStatusHeartbeat_recordsStationData();
    void bootAndHeartbeat_tellTheEnginesTime();
    void chargerStatus_followsItsConnectors();
    void ocppRpc16_fullSession_isRecordedAndClosed();
    void ocppRpc16_specScenarioReadings_areDiscardedOverTheWire_data();
    void ocppRpc16_specScenarioReadings_areDiscardedOverTheWire();
    void ocppRpc201_fullSession_isRecordedAndClosed();
    void durationScopes_followConnectorStatuses16();
    void durationScopes_followChargingStates201();
    void endOfUnknownTransaction201_keepsItsReadings();
    void handshake_refusals_data();
    void handshake_refusals();
    void malformedFrames_getExactCallErrors_data();
    void malformedFrames_getExactCallErrors();
    void invalidBoot_changesNothing();
    void oversizedFrame_getsCallErrorAndClose();
    void outgoingCall_isAnsweredAndTimesOut();
    void deadPeer_isDroppedAsOffline();
    void silentOcppStack_isDroppedAsOffline();

private:
    QString url(const QString &identifier) const { return m_fx->url(identifier); }
    QList<QJsonObject> raw(const QString &identifier, const QString &protocol, const QStringList &frames,
                           int waitMs = 1200);
    Record station(const QString &code);
    void addDriver(const QString &tag);
    QList<QJsonObject> runClient(const QString &identifier, const QString &protocol, const QByteArray &steps);

    std::unique_ptr<Test::GatewayFixture> m_fx;
    Repository *m_repo = nullptr;
    MessageLog *m_log = nullptr;
    Server::Gateway *m_gateway = nullptr;
};

void TestGateway::init()
{
    Server::Ocpp::GatewayOptions options;
    options.responseTimeoutMs = 1500;
    m_fx = std::make_unique<Test::GatewayFixture>(options);
    QVERIFY2(m_fx->isValid(), qPrintable(m_fx->error));
    m_repo = m_fx->repo.get();
    m_log = m_fx->log.get();
    m_gateway = m_fx->gateway.get();
    QVERIFY(m_fx->addStation("CP16", "ocpp1.6", "ws"));
    QVERIFY(m_fx->addStation("CP201", "ocpp2.0.1", "ws"));
    QVERIFY(m_fx->addStation("OFF", "ocpp1.6", "disabled"));
    QVERIFY(m_fx->addStation("SECURE", "ocpp1.6", "wss"));
}

void TestGateway::cleanup()
{
    m_fx.reset();
}

QList<QJsonObject> TestGateway::raw(const QString &identifier, const QString &protocol, const QStringList &frames,
                                    int waitMs)
{
    return Test::runRawClient(url(identifier), protocol, frames, waitMs);
}

Record TestGateway::station(const QString &code)
{
    return m_repo->getByCode(Actor::system(), Tables::Stations, code).value();
}

void TestGateway::ocppRpc16_bootStatusHeartbeat_recordsStationData()
{
    const QByteArray steps = R"([
        ["BootNotification", {"chargePointVendor": "Elinta", "chargePointModel": "HomeBox", "chargePointSerialNumber": "SN-16",
                              "firmwareVersion": "1.2.3", "iccid": "8938600000000000001", "imsi": "293400000000001"}],
        ["StatusNotification", {"connectorId": 0, "errorCode": "NoError", "status": "Available"}],
        ["StatusNotification", {"connectorId": 1, "errorCode": "NoError", "status": "Preparing", "timestamp": "2026-11-24T08:00:00Z"}],
        ["Heartbeat", {}],
        ["DataTransfer", {"vendorId": "com.example"}]
    ])";
    const auto lines = runNodePeer("ocpp_client.mjs", {url("CP16"), "ocpp1.6", QString::fromUtf8(steps)});
    QCOMPARE(lines.size(), 6);
    QCOMPARE(lines.at(0).value("protocol").toString(), QStringLiteral("ocpp1.6"));
    for (int i = 1; i < lines.size(); ++i)
        QVERIFY2(lines.at(i).value("ok").toBool(), qPrintable(QJsonDocument(lines.at(i)).toJson()));
    const QJsonObject boot = lines.at(1).value("response").toObject();
    QCOMPARE(boot.value("status").toString(), QStringLiteral("Accepted"));
    QVERIFY(boot.value("interval").toInt() > 0);
    QCOMPARE(lines.at(5).value("response").toObject().value("status").toString(), QStringLiteral("UnknownVendorId"));

    QTRY_VERIFY(!station("CP16").value("connected").toBool()); // the client closed
    const Record st = station("CP16");
    QCOMPARE(st.value("vendor").toString(), QStringLiteral("Elinta"));
    QCOMPARE(st.value("model").toString(), QStringLiteral("HomeBox"));
    QCOMPARE(st.value("serial_number").toString(), QStringLiteral("SN-16"));
    QCOMPARE(st.value("firmware_version").toString(), QStringLiteral("1.2.3"));
    QCOMPARE(st.value("iccid").toString(), QStringLiteral("8938600000000000001"));
    QCOMPARE(st.value("imsi").toString(), QStringLiteral("293400000000001"));
    QVERIFY(!st.value("last_heartbeat_at").isNull());
    QVERIFY(!st.value("last_connected_at").isNull());

    // The station reported a connector nobody configured: created and flagged for review.
    const Record connector = m_repo->list(Actor::system(), Tables::Connectors).value().first();
    QCOMPARE(connector.value("connector_number").toInt(), 1);
    QCOMPARE(connector.value("status").toString(), QStringLiteral("preparing"));
    QVERIFY(connector.value("needs_review").toBool());
    // The charge point said Available (connector 0), then its connector became busy: the
    // charger reads as its busiest connector.
    const Record charger = m_repo->list(Actor::system(), Tables::Chargers).value().first();
    QCOMPARE(charger.value("status").toString(), QStringLiteral("preparing"));
    QCOMPARE(charger.value("operational_status").toString(), QStringLiteral("operative"));

    // Every frame in and out is in the message log.
    QVERIFY(m_log->flush().ok());
    ListQuery q;
    q.limit = 100;
    const auto logged = m_repo->list(Actor::system(), Tables::OcppMessages, q).value();
    QCOMPARE(logged.size(), 10);
    QCOMPARE(logged.first().value("direction").toString(), QStringLiteral("in"));
    QCOMPARE(logged.first().value("action").toString(), QStringLiteral("BootNotification"));
    QCOMPARE(logged.at(1).value("direction").toString(), QStringLiteral("out"));
    QCOMPARE(logged.at(1).value("message_type").toInt(), 3);
}

void TestGateway::ocppRpc201_bootStatusHeartbeat_recordsStationData()
{
    const QByteArray steps = R"([
        ["BootNotification", {"reason": "PowerUp", "chargingStation": {"model": "Wallbox", "vendorName": "Acme", "serialNumber": "SN-201",
                              "firmwareVersion": "2.0", "modem": {"iccid": "8938600000000000002", "imsi": "293400000000002"}}}],
        ["StatusNotification", {"timestamp": "2026-11-24T08:00:00.000Z", "connectorStatus": "Occupied", "evseId": 2, "connectorId": 1}],
        ["Heartbeat", {}]
    ])";
    const auto lines = runNodePeer("ocpp_client.mjs", {url("CP201"), "ocpp2.0.1", QString::fromUtf8(steps)});
    QCOMPARE(lines.size(), 4);
    for (int i = 1; i < lines.size(); ++i)
        QVERIFY2(lines.at(i).value("ok").toBool(), qPrintable(QJsonDocument(lines.at(i)).toJson()));
    QCOMPARE(lines.at(1).value("response").toObject().value("status").toString(), QStringLiteral("Accepted"));
    QVERIFY(!lines.at(3).value("response").toObject().value("currentTime").toString().isEmpty());
    QTRY_VERIFY(!station("CP201").value("connected").toBool());
    const Record st = station("CP201");
    QCOMPARE(st.value("vendor").toString(), QStringLiteral("Acme"));
    QCOMPARE(st.value("serial_number").toString(), QStringLiteral("SN-201"));
    QCOMPARE(st.value("imsi").toString(), QStringLiteral("293400000000002"));
    const Record charger = m_repo->list(Actor::system(), Tables::Chargers).value().first();
    QCOMPARE(charger.value("evse_id").toInt(), 2);
    // 2.0.1 reports connectors only; the charger follows them.
    QCOMPARE(charger.value("status").toString(), QStringLiteral("preparing"));
    QCOMPARE(charger.value("operational_status").toString(), QStringLiteral("operative"));
}

void TestGateway::bootAndHeartbeat_tellTheEnginesTime()
{
    // A station is told the time of the engine's clock, by which its reports are judged.
    FakeClock clock(QDateTime(QDate(2026, 11, 24), QTime(8, 0), Qt::UTC));
    Test::GatewayFixture fx(clock);
    QVERIFY2(fx.isValid(), qPrintable(fx.error));
    QVERIFY(fx.addStation("TIMED", "ocpp1.6", "ws"));
    const QByteArray steps = R"([
        ["BootNotification", {"chargePointVendor": "Acme", "chargePointModel": "Wallbox"}],
        ["Heartbeat", {}]
    ])";
    const auto lines = runNodePeer("ocpp_client.mjs", {fx.url("TIMED"), "ocpp1.6", QString::fromUtf8(steps)});
    QCOMPARE(lines.size(), 3);
    for (int i = 1; i < lines.size(); ++i)
        QCOMPARE(lines.at(i).value("response").toObject().value("currentTime").toString(),
                 QStringLiteral("2026-11-24T08:00:00.000Z"));
}

void TestGateway::chargerStatus_followsItsConnectors()
{
    QCOMPARE(StationService::chargerStatus({"available", "charging"}), QStringLiteral("charging"));
    QCOMPARE(StationService::chargerStatus({"charging", "faulted"}), QStringLiteral("faulted"));
    QCOMPARE(StationService::chargerStatus({"unavailable", "available"}), QStringLiteral("available"));
    QCOMPARE(StationService::chargerStatus({"unavailable", "unavailable"}), QStringLiteral("unavailable"));
    QCOMPARE(StationService::chargerStatus({"suspended_ev", "preparing"}), QStringLiteral("suspended_ev"));
    QCOMPARE(StationService::chargerStatus({"unknown", ""}), QStringLiteral("unknown"));
    QCOMPARE(StationService::chargerStatus({}), QStringLiteral("unknown"));
}

void TestGateway::addDriver(const QString &tag)
{
    const Actor system = Actor::system();
    const qint64 type =
        m_repo->create(system, Tables::IdDeviceTypes, {{"code", "CARD"}, {"name", "RFID card"}}).value();
    const qint64 customer =
        m_repo->create(system, Tables::Customers, {{"code", "ANA"}, {"name", "Ana"}, {"payment_type", "postpaid"}})
            .value();
    QVERIFY(m_repo
                ->create(system, Tables::IdDevices,
                         {{"code", "CARD-1"},
                          {"name", "Ana's card"},
                          {"type_id", type},
                          {"identifier", tag},
                          {"customer_id", customer}})
                .ok());
    QVERIFY(m_repo
                ->create(system, Tables::IdDevices,
                         {{"code", "CARD-2"},
                          {"name", "Blocked card"},
                          {"type_id", type},
                          {"identifier", "BLOCKED"},
                          {"customer_id", customer},
                          {"status", "blocked"}})
                .ok());
}

QList<QJsonObject> TestGateway::runClient(const QString &identifier, const QString &protocol, const QByteArray &steps)
{
    return runNodePeer("ocpp_client.mjs", {url(identifier), protocol, QString::fromUtf8(steps)});
}

void TestGateway::ocppRpc16_fullSession_isRecordedAndClosed()
{
    addDriver("TAG-1");
    const QByteArray steps = R"([
        ["BootNotification", {"chargePointVendor": "V", "chargePointModel": "M"}],
        ["StatusNotification", {"connectorId": 1, "errorCode": "NoError", "status": "Preparing"}],
        ["Authorize", {"idTag": "TAG-1"}],
        ["Authorize", {"idTag": "BLOCKED"}],
        ["Authorize", {"idTag": "NOBODY"}],
        ["StartTransaction", {"connectorId": 1, "idTag": "TAG-1", "meterStart": 2000, "timestamp": "2026-11-24T08:00:00Z"}],
        ["StatusNotification", {"connectorId": 1, "errorCode": "NoError", "status": "Charging"}],
        ["MeterValues", {"connectorId": 1, "transactionId": "$transactionId", "meterValue": [{"timestamp": "2026-11-24T08:00:30Z",
            "sampledValue": [{"value": "2.025", "unit": "kWh", "measurand": "Energy.Active.Import.Register"},
                             {"value": "3000", "unit": "W", "measurand": "Power.Active.Import"}]}]}],
        ["StopTransaction", {"transactionId": "$transactionId", "idTag": "TAG-1", "meterStop": 2050, "timestamp": "2026-11-24T08:01:00Z", "reason": "EVDisconnected"}],
        ["DiagnosticsStatusNotification", {"status": "Uploaded"}],
        ["FirmwareStatusNotification", {"status": "Installed"}]
    ])";
    const auto lines = runClient("CP16", "ocpp1.6", steps);
    QCOMPARE(lines.size(), 12);
    for (int i = 1; i < lines.size(); ++i)
        QVERIFY2(lines.at(i).value("ok").toBool(), qPrintable(QJsonDocument(lines.at(i)).toJson()));
    const auto status = [&](int i) {
        return lines.at(i).value("response").toObject().value("idTagInfo").toObject().value("status").toString();
    };
    QCOMPARE(status(3), QStringLiteral("Accepted"));
    QCOMPARE(status(4), QStringLiteral("Blocked"));
    QCOMPARE(status(5), QStringLiteral("Invalid"));
    QCOMPARE(status(6), QStringLiteral("Accepted"));
    const qint64 tx = lines.at(6).value("response").toObject().value("transactionId").toInteger();
    QVERIFY(tx > 0);

    const auto sessions = m_repo->list(Actor::system(), Tables::Sessions).value();
    QCOMPARE(sessions.size(), 1);
    const Record session = sessions.first();
    QCOMPARE(session.value("transaction_id").toString(), QString::number(tx));
    QCOMPARE(session.value("status").toString(), QStringLiteral("closed"));
    QCOMPARE(session.value("authorization_mode").toString(), QStringLiteral("customer"));
    QCOMPARE(session.value("meter_start_wh").toLongLong(), 2000);
    QCOMPARE(session.value("meter_stop_wh").toLongLong(), 2050);
    QCOMPARE(session.value("energy_wh").toLongLong(), 50);
    QCOMPARE(session.value("stop_reason").toString(), QStringLiteral("EVDisconnected"));
    QCOMPARE(session.value("started_at").toLongLong(),
             QDateTime(QDate(2026, 11, 24), QTime(8, 0), Qt::UTC).toMSecsSinceEpoch());
    ListQuery q;
    q.filters << ListQuery::Filter{"session_id", ListQuery::Filter::Op::Equals, session.value("id")};
    // The start and stop readings are kept with the sampled ones, all valid.
    const auto values = m_repo->list(Actor::system(), Tables::MeterValues, q).value();
    QCOMPARE(values.size(), 4);
    QCOMPARE(values.at(0).value("context").toString(), QStringLiteral("Transaction.Begin"));
    QCOMPARE(values.at(1).value("value").toDouble(), 2025.0); // kWh stored as Wh
    QCOMPARE(values.at(3).value("context").toString(), QStringLiteral("Transaction.End"));
    QCOMPARE(values.at(3).value("value").toDouble(), 2050.0);
    for (const Record &v : values)
        QVERIFY(v.value("valid").toBool());
    QCOMPARE(session.value("energy_reading_type").toString(), QStringLiteral("absolute"));
    // The session's own statuses; the connector's are in its history too.
    QStringList statuses;
    const QList<Record> events = m_repo->list(Actor::system(), Tables::SessionEvents, q).value();
    for (const Record &e : events)
        if (e.value("status").toString() != QLatin1String("connector"))
            statuses << e.value("status").toString();
    QCOMPARE(statuses, (QStringList{"in_progress", "closed"}));
}

void TestGateway::durationScopes_followConnectorStatuses16()
{
    addDriver("TAG-1");
    const auto status = [](const char *name, const char *time) {
        return QStringLiteral(R"(["StatusNotification", {"connectorId": 1, "errorCode": "NoError", "status": "%1", )"
                              R"("timestamp": "2026-11-24T%2Z"}])")
            .arg(QLatin1String(name), QLatin1String(time));
    };
    // Park 08:00-08:01, charge to 08:10, park to 08:11 (the late 08:09 report changes
    // nothing), charge to 08:15, fault to 08:16, charge to 08:20, park to the stop at 08:21.
    const QStringList steps{
        status("Preparing", "08:00:00"),
        R"(["StartTransaction", {"connectorId": 1, "idTag": "TAG-1", "meterStart": 0, "timestamp": "2026-11-24T08:00:00Z"}])",
        status("Charging", "08:01:00"),
        status("SuspendedEV", "08:10:00"),
        status("Charging", "08:09:00"),
        status("Charging", "08:11:00"),
        status("Faulted", "08:15:00"),
        status("Charging", "08:16:00"),
        status("Finishing", "08:20:00"),
        R"(["StopTransaction", {"transactionId": "$transactionId", "meterStop": 100, "timestamp": "2026-11-24T08:21:00Z"}])"};
    const auto lines = runClient("CP16", "ocpp1.6", "[" + steps.join(',').toUtf8() + "]");
    QCOMPARE(lines.size(), steps.size() + 1);
    const Record session = m_repo->list(Actor::system(), Tables::Sessions).value().first();
    QCOMPARE(session.value("status").toString(), QStringLiteral("closed"));
    QCOMPARE(session.value("charge_s").toLongLong(), 540 + 240 + 240);
    QCOMPARE(session.value("park_s").toLongLong(), 60 + 60 + 60);
    QCOMPARE(session.value("fault_s").toLongLong(), 60);
    QCOMPARE(session.value("reservation_s").toLongLong(), 0);
}

void TestGateway::durationScopes_followChargingStates201()
{
    addDriver("TAG-2");
    const auto event = [](const char *type, const char *state, const char *time, int seqNo) {
        return QStringLiteral(
                   R"(["TransactionEvent", {"eventType": "%1", "timestamp": "2026-11-24T%3Z", )"
                   R"("triggerReason": "ChargingStateChanged", "seqNo": %4, "idToken": {"idToken": "TAG-2", )"
                   R"("type": "ISO14443"}, "evse": {"id": 1, "connectorId": 1}, )"
                   R"("transactionInfo": {"transactionId": "TX-S", "chargingState": "%2"}}])")
            .arg(QLatin1String(type), QLatin1String(state), QLatin1String(time))
            .arg(seqNo);
    };
    const auto status = [](const char *name, const char *time) {
        return QStringLiteral(R"(["StatusNotification", {"timestamp": "2026-11-24T%2Z", "connectorStatus": "%1", )"
                              R"("evseId": 1, "connectorId": 1}])")
            .arg(QLatin1String(name), QLatin1String(time));
    };
    // Park to 08:01, charge to 08:10, park to 08:12, fault to 08:14 (the connector's
    // Available at 08:13 does not end it: the transaction's state decides), charge to 08:20.
    const QStringList steps{event("Started", "EVConnected", "08:00:00", 0),
                            event("Updated", "Charging", "08:01:00", 1),
                            event("Updated", "SuspendedEV", "08:10:00", 2),
                            status("Faulted", "08:12:00"),
                            status("Available", "08:13:00"),
                            event("Updated", "Charging", "08:14:00", 3),
                            event("Ended", "EVConnected", "08:20:00", 4)};
    const auto lines = runClient("CP201", "ocpp2.0.1", "[" + steps.join(',').toUtf8() + "]");
    QCOMPARE(lines.size(), steps.size() + 1);
    for (int i = 1; i < lines.size(); ++i)
        QVERIFY2(lines.at(i).value("ok").toBool(), qPrintable(QJsonDocument(lines.at(i)).toJson()));
    const Record session = m_repo->list(Actor::system(), Tables::Sessions).value().first();
    QCOMPARE(session.value("status").toString(), QStringLiteral("closed"));
    QCOMPARE(session.value("charge_s").toLongLong(), 540 + 360);
    QCOMPARE(session.value("park_s").toLongLong(), 60 + 120);
    QCOMPARE(session.value("fault_s").toLongLong(), 120);
}

void TestGateway::endOfUnknownTransaction201_keepsItsReadings()
{
    const QByteArray steps = R"([
        ["TransactionEvent", {"eventType": "Ended", "timestamp": "2026-11-24T08:01:00Z", "triggerReason": "EVCommunicationLost",
            "seqNo": 9, "transactionInfo": {"transactionId": "NEVER-STARTED", "stoppedReason": "EVDisconnected"},
            "evse": {"id": 1, "connectorId": 1},
            "meterValue": [{"timestamp": "2026-11-24T08:01:00Z", "sampledValue": [{"value": 2050, "context": "Transaction.End",
                "measurand": "Energy.Active.Import.Register", "unitOfMeasure": {"unit": "Wh"}}]}]}]
    ])";
    const auto lines = runClient("CP201", "ocpp2.0.1", steps);
    QCOMPARE(lines.size(), 2);
    QVERIFY2(lines.at(1).value("ok").toBool(), qPrintable(QJsonDocument(lines.at(1)).toJson()));
    QCOMPARE(m_repo->count(Actor::system(), Tables::Sessions).value(), 0);
    const auto values = m_repo->list(Actor::system(), Tables::MeterValues).value();
    QCOMPARE(values.size(), 1);
    QCOMPARE(values.first().value("value").toDouble(), 2050.0);
    QVERIFY(values.first().value("session_id").isNull());
}

// Energy readings in Wh, each with its time in seconds after the session start.
using Readings = QList<std::pair<int, int>>;

void TestGateway::ocppRpc16_specScenarioReadings_areDiscardedOverTheWire_data()
{
    // The specification's energy validation scenarios 4-9 on a 30 kW connector: the
    // readings after the start (value in Wh, time after 08:00:00 in seconds; the last one
    // is the stop), the session energy, and the discard reason of each reading ("" valid).
    QTest::addColumn<Readings>("readings");
    QTest::addColumn<int>("energyWh");
    QTest::addColumn<QStringList>("reasons");
    using R = Readings;
    const QString ok, decreased = "energy_decreased", stale = "stale_timestamp",
                      excessive = "over_connector_capability";
    QTest::newRow("4") << R{{2025, 30}, {2020, 60}, {2075, 90}} << 75 << QStringList{ok, decreased, ok};
    QTest::newRow("5") << R{{2025, 30}, {2020, 60}} << 25 << QStringList{ok, decreased};
    QTest::newRow("6") << R{{2025, -1}, {2050, 60}, {2075, 90}} << 75 << QStringList{stale, ok, ok};
    QTest::newRow("7") << R{{2025, 30}, {2050, 29}} << 25 << QStringList{ok, stale};
    QTest::newRow("8") << R{{2500, 30}, {2050, 60}} << 50 << QStringList{excessive, ok};
    QTest::newRow("9") << R{{2025, 30}, {2500, 60}} << 25 << QStringList{ok, excessive};
}

void TestGateway::ocppRpc16_specScenarioReadings_areDiscardedOverTheWire()
{
    QFETCH(Readings, readings);
    QFETCH(int, energyWh);
    QFETCH(QStringList, reasons);
    addDriver("TAG-1");
    const qint64 station =
        m_fx->repo->getByCode(Actor::system(), Tables::Stations, "CP16").value().value("id").toLongLong();
    const auto charger = m_repo->create(
        Actor::system(), Tables::Chargers,
        {{"code", "CP16-1"}, {"name", "Charger"}, {"station_id", station}, {"evse_id", 1}, {"current_type", "dc"}});
    QVERIFY2(charger.ok(), qPrintable(charger.ok() ? QString() : charger.error().message()));
    QVERIFY(m_repo
                ->create(Actor::system(), Tables::Connectors,
                         {{"code", "1"},
                          {"name", "CCS"},
                          {"charger_id", charger.value()},
                          {"connector_number", 1},
                          {"wattage_limit_w", 30000}})
                .ok());
    const auto time = [](int seconds) {
        return QDateTime(QDate(2026, 11, 24), QTime(8, 0), Qt::UTC).addSecs(seconds).toString(Qt::ISODate);
    };
    QJsonArray steps{
        QJsonArray{"StartTransaction",
                   QJsonObject{{"connectorId", 1}, {"idTag", "TAG-1"}, {"meterStart", 2000}, {"timestamp", time(0)}}}};
    for (qsizetype i = 0; i + 1 < readings.size(); ++i)
        steps.append(QJsonArray{
            "MeterValues",
            QJsonObject{
                {"connectorId", 1},
                {"transactionId", "$transactionId"},
                {"meterValue",
                 QJsonArray{QJsonObject{
                     {"timestamp", time(readings.at(i).second)},
                     {"sampledValue", QJsonArray{QJsonObject{{"value", QString::number(readings.at(i).first)}}}}}}}}});
    steps.append(QJsonArray{"StopTransaction", QJsonObject{{"transactionId", "$transactionId"},
                                                           {"meterStop", readings.last().first},
                                                           {"timestamp", time(readings.last().second)}}});
    const auto lines = runClient("CP16", "ocpp1.6", QJsonDocument(steps).toJson(QJsonDocument::Compact));
    QCOMPARE(lines.size(), steps.size() + 1);
    for (int i = 1; i < lines.size(); ++i)
        QVERIFY2(lines.at(i).value("ok").toBool(), qPrintable(QJsonDocument(lines.at(i)).toJson()));

    const Record session = m_repo->list(Actor::system(), Tables::Sessions).value().first();
    QCOMPARE(session.value("status").toString(), QStringLiteral("closed"));
    QCOMPARE(session.value("energy_wh").toInt(), energyWh);
    QCOMPARE(session.value("meter_stop_wh").toInt(), readings.last().first); // as reported
    ListQuery q;
    q.filters << ListQuery::Filter{"session_id", ListQuery::Filter::Op::Equals, session.value("id")};
    const auto values = m_repo->list(Actor::system(), Tables::MeterValues, q).value();
    QCOMPARE(values.size(), readings.size() + 1);
    QVERIFY(values.first().value("valid").toBool()); // the start
    for (qsizetype i = 0; i < readings.size(); ++i) {
        const Record &v = values.at(i + 1);
        QCOMPARE(v.value("value").toInt(), readings.at(i).first);
        QCOMPARE(v.value("valid").toBool(), reasons.at(i).isEmpty());
        QCOMPARE(v.value("discard_reason").toString(), reasons.at(i));
    }
}

void TestGateway::ocppRpc201_fullSession_isRecordedAndClosed()
{
    addDriver("TAG-2");
    const QByteArray steps = R"([
        ["BootNotification", {"reason": "PowerUp", "chargingStation": {"model": "M", "vendorName": "V"}}],
        ["Authorize", {"idToken": {"idToken": "TAG-2", "type": "ISO14443"}}],
        ["TransactionEvent", {"eventType": "Started", "timestamp": "2026-11-24T08:00:00Z", "triggerReason": "Authorized", "seqNo": 0,
            "transactionInfo": {"transactionId": "TX-201-1", "chargingState": "Charging"}, "idToken": {"idToken": "TAG-2", "type": "ISO14443"},
            "evse": {"id": 1, "connectorId": 1},
            "meterValue": [{"timestamp": "2026-11-24T08:00:00Z", "sampledValue": [{"value": 2000, "context": "Transaction.Begin",
                "measurand": "Energy.Active.Import.Register", "unitOfMeasure": {"unit": "Wh"}}]}]}],
        ["TransactionEvent", {"eventType": "Updated", "timestamp": "2026-11-24T08:00:30Z", "triggerReason": "MeterValuePeriodic", "seqNo": 1,
            "transactionInfo": {"transactionId": "TX-201-1"},
            "meterValue": [{"timestamp": "2026-11-24T08:00:30Z", "sampledValue": [{"value": 2.025, "measurand": "Energy.Active.Import.Register",
                "unitOfMeasure": {"unit": "kWh"}}, {"value": 3.2, "measurand": "Power.Active.Import", "unitOfMeasure": {"unit": "W", "multiplier": 3}}]}]}],
        ["TransactionEvent", {"eventType": "Ended", "timestamp": "2026-11-24T08:01:00Z", "triggerReason": "EVCommunicationLost", "seqNo": 2,
            "transactionInfo": {"transactionId": "TX-201-1", "stoppedReason": "EVDisconnected"},
            "meterValue": [{"timestamp": "2026-11-24T08:01:00Z", "sampledValue": [{"value": 2050, "context": "Transaction.End",
                "measurand": "Energy.Active.Import.Register", "unitOfMeasure": {"unit": "Wh"}}]}]}],
        ["MeterValues", {"evseId": 1, "meterValue": [{"timestamp": "2026-11-24T08:02:00Z", "sampledValue": [{"value": 2050}]}]}],
        ["LogStatusNotification", {"status": "Uploaded", "requestId": 7}],
        ["FirmwareStatusNotification", {"status": "Installed", "requestId": 8}],
        ["SecurityEventNotification", {"type": "StartupOfTheDevice", "timestamp": "2026-11-24T08:00:00Z"}],
        ["NotifyEvent", {"generatedAt": "2026-11-24T08:00:00Z", "seqNo": 0, "eventData": [{"eventId": 1, "timestamp": "2026-11-24T08:00:00Z",
            "trigger": "Alerting", "actualValue": "Faulted", "eventNotificationType": "HardWiredNotification",
            "component": {"name": "Connector"}, "variable": {"name": "AvailabilityState"}}]}]
    ])";
    const auto lines = runClient("CP201", "ocpp2.0.1", steps);
    QCOMPARE(lines.size(), 11);
    for (int i = 1; i < lines.size(); ++i)
        QVERIFY2(lines.at(i).value("ok").toBool(), qPrintable(QJsonDocument(lines.at(i)).toJson()));
    QCOMPARE(lines.at(2).value("response").toObject().value("idTokenInfo").toObject().value("status").toString(),
             QStringLiteral("Accepted"));
    QCOMPARE(lines.at(3).value("response").toObject().value("idTokenInfo").toObject().value("status").toString(),
             QStringLiteral("Accepted"));
    const Record session = m_repo->list(Actor::system(), Tables::Sessions).value().first();
    QCOMPARE(session.value("transaction_id").toString(), QStringLiteral("TX-201-1"));
    QCOMPARE(session.value("status").toString(), QStringLiteral("closed"));
    QCOMPARE(session.value("meter_start_wh").toLongLong(), 2000);
    QCOMPARE(session.value("meter_stop_wh").toLongLong(), 2050);
    QCOMPARE(session.value("energy_wh").toLongLong(), 50);
    QCOMPARE(session.value("stop_reason").toString(), QStringLiteral("EVDisconnected"));
    ListQuery q;
    q.filters << ListQuery::Filter{"session_id", ListQuery::Filter::Op::Equals, session.value("id")};
    QCOMPARE(m_repo->count(Actor::system(), Tables::MeterValues, q).value(), 4);
    q.filters << ListQuery::Filter{"measurand", ListQuery::Filter::Op::Equals, "Power.Active.Import"};
    QCOMPARE(m_repo->list(Actor::system(), Tables::MeterValues, q).value().first().value("value").toDouble(), 3200.0);
}

void TestGateway::handshake_refusals_data()
{
    QTest::addColumn<QString>("identifier");
    QTest::addColumn<QString>("protocol");
    QTest::addColumn<int>("status");
    QTest::newRow("unknown identifier") << "NOBODY"
                                        << "ocpp1.6" << 404;
    QTest::newRow("disabled station") << "OFF"
                                      << "ocpp1.6" << 403;
    QTest::newRow("wss policy over ws") << "SECURE"
                                        << "ocpp1.6" << 403;
    QTest::newRow("wrong subprotocol") << "CP16"
                                       << "ocpp2.0.1" << 400;
    QTest::newRow("foreign subprotocol") << "CP16"
                                         << "ws-chat" << 400;
    QTest::newRow("no subprotocol") << "CP16"
                                    << "" << 400;
}

void TestGateway::handshake_refusals()
{
    QFETCH(QString, identifier);
    QFETCH(QString, protocol);
    QFETCH(int, status);
    QVERIFY(m_repo->database().exec(QStringLiteral("DELETE FROM refused_connections")));
    const auto lines = raw(identifier, protocol, {});
    QVERIFY(!lines.isEmpty());
    QCOMPARE(lines.first().value("event").toString(), QStringLiteral("refused"));
    QCOMPARE(lines.first().value("status").toInt(), status);
    // Nothing was created or changed by the attempt.
    QCOMPARE(m_repo->count(Actor::system(), Tables::Stations).value(), 4);
    QCOMPARE(m_repo->count(Actor::system(), Tables::Chargers).value(), 0);
    if (identifier != "NOBODY")
        QVERIFY(station(identifier).value("last_connected_at").isNull());
    // ...except the note for the operator of who knocked, from where, speaking what.
    const auto refused = m_repo->listAll(Actor::system(), Tables::RefusedConnections);
    QVERIFY(refused);
    QCOMPARE(refused.value().size(), 1);
    const Record &note = refused.value().first();
    QCOMPARE(note.value("identifier").toString(), identifier);
    QCOMPARE(note.value("protocol").toString(), protocol);
    QCOMPARE(note.value("address").toString(), QStringLiteral("127.0.0.1"));
    QCOMPARE(note.value("attempts").toInt(), 1);
    QVERIFY(!note.value("reason").toString().isEmpty());
}

void TestGateway::malformedFrames_getExactCallErrors_data()
{
    QTest::addColumn<QString>("protocol");
    QTest::addColumn<QString>("frame");
    QTest::addColumn<QString>("expected"); // the reply as compact JSON without the description, or "" for none
    const auto add = [](const char *name, const QString &protocol, const QString &frame, const QString &expected) {
        QTest::newRow(name) << protocol << frame << expected;
    };
    for (const QString &p : {QStringLiteral("ocpp1.6"), QStringLiteral("ocpp2.0.1")}) {
        const bool v16 = p == "ocpp1.6";
        const QString tag = v16 ? "1.6 " : "2.0.1 ";
        const QByteArray t = tag.toUtf8();
        add(t + "bad json", p, "}{not json",
            QString(R"([4,"-1","%1"])").arg(v16 ? "FormationViolation" : "FormatViolation"));
        add(t + "not an array", p, R"({"a":1})",
            QString(R"([4,"-1","%1"])").arg(v16 ? "ProtocolError" : "RpcFrameworkError"));
        add(t + "numeric message id", p, R"([2,12345,"Heartbeat",{}])", R"([4,12345,"ProtocolError"])");
        add(t + "unknown message type", p, R"([99,"m1","Foo",{}])",
            QString(R"([4,"m1","%1"])").arg(v16 ? "ProtocolError" : "MessageTypeNotSupported"));
        add(t + "unknown action", p, R"([2,"m2","ThisActionDoesNotExist",{}])", R"([4,"m2","NotImplemented"])");
        add(t + "csms-only action", p,
            v16 ? R"([2,"m3","Reset",{"type":"Hard"}])" : R"([2,"m3","Reset",{"type":"Immediate"}])",
            R"([4,"m3","NotSupported"])");
        add(t + "missing payload", p, R"([2,"m4","Heartbeat"])", R"([4,"m4","ProtocolError"])");
        add(t + "payload not an object", p, R"([2,"m5","Heartbeat","NotAnObject"])",
            R"([4,"m5","TypeConstraintViolation"])");
        add(t + "missing required field", p,
            v16 ? R"([2,"m6","BootNotification",{"chargePointVendor":"V"}])"
                : R"([2,"m6","BootNotification",{"reason":"PowerUp"}])",
            QString(R"([4,"m6","%1"])").arg(v16 ? "OccurenceConstraintViolation" : "OccurrenceConstraintViolation"));
        add(t + "wrong type", p,
            v16 ? R"([2,"m7","StatusNotification",{"connectorId":"1","errorCode":"NoError","status":"Available"}])"
                : R"([2,"m7","StatusNotification",{"timestamp":"2026-01-01T00:00:00Z","connectorStatus":"Available","evseId":"1","connectorId":1}])",
            R"([4,"m7","TypeConstraintViolation"])");
        add(t + "bad enum value", p,
            v16 ? R"([2,"m8","StatusNotification",{"connectorId":1,"errorCode":"NoError","status":"Sleeping"}])"
                : R"([2,"m8","StatusNotification",{"timestamp":"2026-01-01T00:00:00Z","connectorStatus":"Sleeping","evseId":1,"connectorId":1}])",
            R"([4,"m8","PropertyConstraintViolation"])");
        add(t + "unexpected property", p, R"([2,"m9","Heartbeat",{"extra":true}])",
            QString(R"([4,"m9","%1"])").arg(v16 ? "FormationViolation" : "FormatViolation"));
        add(t + "unmatched callresult", p, R"([3,"nobody-asked",{}])", "");
        add(t + "null byte", p, R"([2,"m10","DataTransfer",{"vendorId":"x\u0000y"}])", R"([3,"m10"])");
    }
}

void TestGateway::malformedFrames_getExactCallErrors()
{
    QFETCH(QString, protocol);
    QFETCH(QString, frame);
    QFETCH(QString, expected);
    const QString identifier = protocol == "ocpp1.6" ? "CP16" : "CP201";
    // A valid heartbeat after the bad frame shows that the connection survived it.
    const auto lines = raw(identifier, protocol, {frame, R"([2,"alive","Heartbeat",{}])"});
    QStringList replies;
    int closeCode = 0;
    for (const QJsonObject &line : lines) {
        if (line.value("event") == "message") {
            QJsonArray a = QJsonDocument::fromJson(line.value("text").toString().toUtf8()).array();
            if (a.at(0).toInt() == 4) {
                QVERIFY(a.at(3).isString() && a.at(4).isObject());
                while (a.size() > 3)
                    a.removeLast(); // description and details are free text
            } else {
                while (a.size() > 2)
                    a.removeLast();
            }
            replies << QString::fromUtf8(QJsonDocument(a).toJson(QJsonDocument::Compact));
        } else if (line.value("event") == "close") {
            closeCode = line.value("code").toInt();
        }
    }
    QStringList wanted;
    if (!expected.isEmpty())
        wanted << expected;
    wanted << R"([3,"alive"])";
    QCOMPARE(replies, wanted);
    QCOMPARE(closeCode, 1000);
}

void TestGateway::invalidBoot_changesNothing()
{
    const auto lines =
        raw("CP16", "ocpp1.6", {R"([2,"b1","BootNotification",{"chargePointVendor":"Evil","chargePointModel":5}])"});
    QVERIFY(lines.size() >= 2);
    QVERIFY(station("CP16").value("vendor").isNull());
    QVERIFY(m_log->flush().ok());
    ListQuery q;
    q.filters << ListQuery::Filter{"error_code", ListQuery::Filter::Op::Equals, "TypeConstraintViolation"};
    QCOMPARE(m_repo->count(Actor::system(), Tables::OcppMessages, q).value(), 2); // logged in and out
}

void TestGateway::oversizedFrame_getsCallErrorAndClose()
{
    const QString big =
        QString(R"([2,"huge","DataTransfer",{"vendorId":"v","data":"%1"}])").arg(QString(200000, QChar('x')));
    const auto lines = raw("CP201", "ocpp2.0.1", {big});
    QStringList events;
    for (const QJsonObject &line : lines) {
        if (line.value("event") == "message") {
            const QJsonArray a = QJsonDocument::fromJson(line.value("text").toString().toUtf8()).array();
            QCOMPARE(a.at(0).toInt(), 4);
            QCOMPARE(a.at(1).toString(), QStringLiteral("huge"));
            QCOMPARE(a.at(2).toString(), QStringLiteral("FormatViolation"));
        }
        events << line.value("event").toString();
        if (line.value("event") == "close")
            QCOMPARE(line.value("code").toInt(), 1009);
    }
    QCOMPARE(events, QStringList({"open", "message", "close"}));
}

void TestGateway::outgoingCall_isAnsweredAndTimesOut()
{
    // A raw client that connects and stays silent: the call to it must time out, and the
    // next queued call must go out only after that (one outstanding call per station).
    QProcess node;
    node.setWorkingDirectory(PEERS_DIR);
    node.start("node", {PEERS_DIR "/raw_client.mjs", url("CP16"), "ocpp1.6", "[]", "4000"});
    QVERIFY(node.waitForStarted());
    QTRY_VERIFY(m_gateway->endpoint().connection(station("CP16").value("id").toLongLong()) != nullptr);
    auto *connection = m_gateway->endpoint().connection(station("CP16").value("id").toLongLong());
    std::optional<Server::Ocpp::CallOutcome> first, second, invalid;
    connection->call("ClearCache", {}, [&](const Server::Ocpp::CallOutcome &o) { first = o; });
    connection->call("GetLocalListVersion", {}, [&](const Server::Ocpp::CallOutcome &o) { second = o; });
    connection->call("Reset", {{"type", "Sideways"}}, [&](const Server::Ocpp::CallOutcome &o) { invalid = o; });
    QVERIFY(invalid.has_value()); // refused before sending: not schema-valid
    QCOMPARE(invalid->kind, Server::Ocpp::CallOutcome::Kind::Rejected);
    QCOMPARE(connection->queuedCalls(), 2);
    QTRY_VERIFY_WITH_TIMEOUT(first.has_value(), 3000);
    QCOMPARE(first->kind, Server::Ocpp::CallOutcome::Kind::Timeout);
    QVERIFY(!second.has_value());
    QTRY_VERIFY_WITH_TIMEOUT(second.has_value(), 3000);
    QCOMPARE(second->kind, Server::Ocpp::CallOutcome::Kind::Timeout);
    QTRY_VERIFY_WITH_TIMEOUT(node.state() == QProcess::NotRunning, 10000);
    const QByteArray out = node.readAllStandardOutput();
    QVERIFY2(out.contains("ClearCache") && out.contains("GetLocalListVersion") && !out.contains("Sideways"),
             out.constData());
}

void TestGateway::deadPeer_isDroppedAsOffline()
{
    Server::Ocpp::GatewayOptions options;
    options.pingIntervalMs = 250;
    Test::GatewayFixture fx(options);
    QVERIFY2(fx.isValid(), qPrintable(fx.error));
    QVERIFY(fx.addStation("DEAD", "ocpp1.6", "ws"));
    qputenv("RAW_NO_PONG", "1");
    // The gateway says why it dropped the station: the ping rule, not the client leaving.
    QTest::ignoreMessage(QtInfoMsg, QRegularExpression(QStringLiteral("DEAD is offline: no answer to two pings")));
    const auto lines =
        runNodePeer(QStringLiteral("raw_client.mjs"), {fx.url(QStringLiteral("DEAD")), QStringLiteral("ocpp1.6"),
                                                       QStringLiteral("[]"), QStringLiteral("5000")});
    qunsetenv("RAW_NO_PONG");
    QVERIFY(!lines.isEmpty());
    QCOMPARE(lines.first().value("event").toString(), QStringLiteral("open"));
    // Dropped by the server (1006: no closing handshake) before the client would leave (1000).
    QCOMPARE(lines.last().value("event").toString(), QStringLiteral("close"));
    QCOMPARE(lines.last().value("code").toInt(), 1006);
    const Record station = fx.repo->getByCode(Actor::system(), Tables::Stations, "DEAD").value();
    QCOMPARE(station.value("connected").toBool(), false);
    QVERIFY(!station.value("last_disconnected_at").isNull());
    QVERIFY(!fx.gateway->isConnected(station.value("id").toLongLong()));
}

void TestGateway::silentOcppStack_isDroppedAsOffline()
{
    // The socket answers pings, but no OCPP message comes for twice the heartbeat interval.
    Server::Ocpp::GatewayOptions options;
    options.pingIntervalMs = 200;
    options.heartbeatIntervalS = 1;
    Test::GatewayFixture fx(options);
    QVERIFY2(fx.isValid(), qPrintable(fx.error));
    QVERIFY(fx.addStation("HUNG", "ocpp1.6", "ws"));
    // Dropped for the silence, after two heartbeat intervals by the gateway's own measure.
    QTest::ignoreMessage(QtInfoMsg,
                         QRegularExpression(QStringLiteral(
                             R"(HUNG is offline: no OCPP message for ([2-9]|\d\d+) s \(heartbeat interval 1 s\))")));
    const auto lines = runNodePeer(QStringLiteral("raw_client.mjs"),
                                   {fx.url(QStringLiteral("HUNG")), QStringLiteral("ocpp1.6"),
                                    QStringLiteral(R"(["[2,\"h1\",\"Heartbeat\",{}]"])"), QStringLiteral("6000")});
    QVERIFY(lines.size() >= 3);
    QVERIFY2(lines.at(1).value("text").toString().startsWith(QLatin1String("[3,\"h1\"")),
             qPrintable(lines.at(1).value("text").toString()));
    QCOMPARE(lines.last().value("event").toString(), QStringLiteral("close"));
    QCOMPARE(lines.last().value("code").toInt(), 1006); // the server's, not the client's own 1000
    QCOMPARE(fx.repo->getByCode(Actor::system(), Tables::Stations, "HUNG").value().value("connected").toBool(), false);
}

QTEST_GUILESS_MAIN(TestGateway)
#include "tst_gateway.moc"
