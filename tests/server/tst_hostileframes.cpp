#include "core/repository.h"
#include "server/gateway.h"
#include "support/gatewayfixture.h"
#include "support/nodepeer.h"
#include "support/testdatabase.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTest>

using namespace ChargeDesk;
using namespace ChargeDesk::Core;

// Frames and answers that once ended the whole server (issue 20), one named row each, sent by
// a raw WebSocket client: the station gets the right CALLERROR, nothing it sent is stored, and
// the same connection is served on. Crashes the fuzzer (tests/fuzz/) finds are added here.
class TestHostileFrames : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { qInfo("storage backend: %s", qPrintable(Test::backend())); }
    void init();
    void cleanup();

    void call_isRefusedAndStationServedOn_data();
    void call_isRefusedAndStationServedOn();
    void answer_isRefusedAndStationServedOn_data();
    void answer_isRefusedAndStationServedOn();

private:
    // Sends `frames` and then a heartbeat, and returns what came back once it was answered.
    QList<QJsonObject> exchange(const QString &identifier, const QString &protocol, const QStringList &frames);
    // Each row connects one station with one connector.
    Record onlyConnector();
    qint64 count(const QString &table);

    std::unique_ptr<Test::GatewayFixture> m_fx;
};

void TestHostileFrames::init()
{
    m_fx = std::make_unique<Test::GatewayFixture>();
    QVERIFY2(m_fx->isValid(), qPrintable(m_fx->error));
    QVERIFY(m_fx->addStation("CP16", "ocpp1.6", "ws"));
    QVERIFY(m_fx->addStation("CP201", "ocpp2.0.1", "ws"));
}

void TestHostileFrames::cleanup()
{
    m_fx.reset();
}

QList<QJsonObject> TestHostileFrames::exchange(const QString &identifier, const QString &protocol,
                                               const QStringList &frames)
{
    qputenv("RAW_UNTIL", "alive");
    const auto lines = Test::runRawClient(m_fx->url(identifier), protocol,
                                          frames + QStringList{R"([2,"alive","Heartbeat",{}])"}, 20000);
    qunsetenv("RAW_UNTIL");
    return lines;
}

Record TestHostileFrames::onlyConnector()
{
    const auto rows = m_fx->repo->list(Actor::system(), Tables::Connectors).value();
    return rows.size() == 1 ? rows.first() : Record();
}

qint64 TestHostileFrames::count(const QString &table)
{
    return m_fx->repo->count(Actor::system(), table).value();
}

void TestHostileFrames::call_isRefusedAndStationServedOn_data()
{
    QTest::addColumn<QString>("protocol");
    QTest::addColumn<QString>("frame");
    QTest::addColumn<QString>("code");
    const QString digits(100000, QLatin1Char('1'));
    // Each a call that would change something: a connector's status, a session, a reading.
    QTest::newRow("1.6 StatusNotification, timestamp an object")
        << "ocpp1.6"
        << R"([2,"bad","StatusNotification",{"connectorId":1,"errorCode":"NoError","status":"Faulted","timestamp":{"a":1}}])"
        << "TypeConstraintViolation";
    QTest::newRow("1.6 StatusNotification, timestamp a number")
        << "ocpp1.6"
        << R"([2,"bad","StatusNotification",{"connectorId":1,"errorCode":"NoError","status":"Faulted","timestamp":17}])"
        << "TypeConstraintViolation";
    QTest::newRow("1.6 StartTransaction, timestamp an array")
        << "ocpp1.6"
        << R"([2,"bad","StartTransaction",{"connectorId":1,"idTag":"T","meterStart":0,"timestamp":[]}])"
        << "TypeConstraintViolation";
    QTest::newRow("1.6 MeterValues, a sample's timestamp a boolean")
        << "ocpp1.6"
        << R"([2,"bad","MeterValues",{"connectorId":1,"meterValue":[{"timestamp":true,"sampledValue":[{"value":"5"}]}]}])"
        << "TypeConstraintViolation";
    // std::regex matched dates by recursion: this many digits overflowed the stack.
    QTest::newRow("1.6 StatusNotification, timestamp of 100,000 digits")
        << "ocpp1.6"
        << QString(
               R"([2,"bad","StatusNotification",{"connectorId":1,"errorCode":"NoError","status":"Faulted","timestamp":"%1"}])")
               .arg(digits)
        << "PropertyConstraintViolation";
    // Schema-valid, but each would add a connector nobody configured, without bound.
    QTest::newRow("1.6 StatusNotification, connector 1,000,000")
        << "ocpp1.6"
        << R"([2,"bad","StatusNotification",{"connectorId":1000000,"errorCode":"NoError","status":"Faulted"}])"
        << "PropertyConstraintViolation";
    QTest::newRow("1.6 StatusNotification, connector -1")
        << "ocpp1.6"
        << R"([2,"bad","StatusNotification",{"connectorId":-1,"errorCode":"NoError","status":"Faulted"}])"
        << "PropertyConstraintViolation";
    QTest::newRow("2.0.1 StatusNotification, EVSE 65")
        << "ocpp2.0.1"
        << R"([2,"bad","StatusNotification",{"timestamp":"2026-12-01T08:00:00Z","connectorStatus":"Faulted","evseId":65,"connectorId":1}])"
        << "PropertyConstraintViolation";
    QTest::newRow("2.0.1 StatusNotification, EVSE 2^31 (no 32-bit integer)")
        << "ocpp2.0.1"
        << R"([2,"bad","StatusNotification",{"timestamp":"2026-12-01T08:00:00Z","connectorStatus":"Faulted","evseId":2147483648,"connectorId":1}])"
        << "TypeConstraintViolation";
    QTest::newRow("2.0.1 StatusNotification, timestamp an object")
        << "ocpp2.0.1"
        << R"([2,"bad","StatusNotification",{"timestamp":{"a":1},"connectorStatus":"Faulted","evseId":1,"connectorId":1}])"
        << "TypeConstraintViolation";
    QTest::newRow("2.0.1 TransactionEvent, timestamp a number")
        << "ocpp2.0.1"
        << R"([2,"bad","TransactionEvent",{"eventType":"Started","timestamp":1700000000,"triggerReason":"Authorized","seqNo":0,"transactionInfo":{"transactionId":"T1"},"evse":{"id":1,"connectorId":1}}])"
        << "TypeConstraintViolation";
    QTest::newRow("2.0.1 MeterValues, a sample's timestamp an object")
        << "ocpp2.0.1"
        << R"([2,"bad","MeterValues",{"evseId":1,"meterValue":[{"timestamp":{},"sampledValue":[{"value":5}]}]}])"
        << "TypeConstraintViolation";
    QTest::newRow("2.0.1 TransactionEvent, timestamp of 100,000 digits")
        << "ocpp2.0.1"
        << QString(
               R"([2,"bad","TransactionEvent",{"eventType":"Started","timestamp":"%1","triggerReason":"Authorized","seqNo":0,"transactionInfo":{"transactionId":"T1"},"evse":{"id":1,"connectorId":1}}])")
               .arg(digits)
        << "PropertyConstraintViolation";
}

void TestHostileFrames::call_isRefusedAndStationServedOn()
{
    QFETCH(QString, protocol);
    QFETCH(QString, frame);
    QFETCH(QString, code);
    const bool v16 = protocol == "ocpp1.6";
    const QString identifier = v16 ? "CP16" : "CP201";
    const QString available =
        v16 ? R"([2,"ok","StatusNotification",{"connectorId":1,"errorCode":"NoError","status":"Available"}])"
            : R"([2,"ok","StatusNotification",{"timestamp":"2026-12-01T08:00:00Z","connectorStatus":"Available","evseId":1,"connectorId":1}])";

    const auto lines = exchange(identifier, protocol, {available, frame});
    QStringList replies;
    for (const QJsonObject &line : lines) {
        if (line.value("event") != "message")
            continue;
        QJsonArray a = QJsonDocument::fromJson(line.value("text").toString().toUtf8()).array();
        while (a.size() > (a.at(0).toInt() == 4 ? 3 : 2))
            a.removeLast(); // payloads and descriptions are not what this test is about
        replies << QString::fromUtf8(QJsonDocument(a).toJson(QJsonDocument::Compact));
    }
    // A refusal goes out at once, answers after their batch is stored: the order is not the point.
    replies.sort();
    QCOMPARE(replies, QStringList({R"([3,"alive"])", R"([3,"ok"])", QString(R"([4,"bad","%1"])").arg(code)}));
    QCOMPARE(onlyConnector().value("status").toString(), QStringLiteral("available"));
    QCOMPARE(count(Tables::Sessions), 0);
    QCOMPARE(count(Tables::MeterValues), 0);
}

void TestHostileFrames::answer_isRefusedAndStationServedOn_data()
{
    QTest::addColumn<QString>("protocol");
    QTest::addColumn<QString>("action");
    QTest::addColumn<QJsonObject>("request");
    QTest::addColumn<QString>("reply");
    QTest::addColumn<QString>("code");
    QTest::newRow("1.6 GetCompositeSchedule, scheduleStart an object")
        << "ocpp1.6"
        << "GetCompositeSchedule" << QJsonObject{{"connectorId", 1}, {"duration", 60}}
        << R"([3,"$ID",{"status":"Accepted","connectorId":1,"scheduleStart":{"a":1}}])"
        << "TypeConstraintViolation";
    QTest::newRow("2.0.1 GetCompositeSchedule, scheduleStart a number")
        << "ocpp2.0.1"
        << "GetCompositeSchedule" << QJsonObject{{"evseId", 1}, {"duration", 60}}
        << R"([3,"$ID",{"status":"Accepted","schedule":{"evseId":1,"duration":60,"scheduleStart":5,"chargingRateUnit":"W","chargingSchedulePeriod":[{"startPeriod":0,"limit":1}]}}])"
        << "TypeConstraintViolation";
    QTest::newRow("1.6 GetConfiguration, configurationKey a string")
        << "ocpp1.6"
        << "GetConfiguration" << QJsonObject{} << R"([3,"$ID",{"configurationKey":"HeartbeatInterval"}])"
        << "TypeConstraintViolation";
}

void TestHostileFrames::answer_isRefusedAndStationServedOn()
{
    QFETCH(QString, protocol);
    QFETCH(QString, action);
    QFETCH(QJsonObject, request);
    QFETCH(QString, reply);
    QFETCH(QString, code);
    const QString identifier = protocol == "ocpp1.6" ? "CP16" : "CP201";
    QProcess node;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("RAW_REPLY", reply);
    node.setProcessEnvironment(env);
    node.start("node", {PEERS_DIR "/raw_client.mjs", m_fx->url(identifier), protocol, "[]", "20000"});
    QVERIFY(node.waitForStarted());
    const qint64 stationId =
        m_fx->repo->getByCode(Actor::system(), Tables::Stations, identifier).value().value("id").toLongLong();
    QTRY_VERIFY(m_fx->gateway->endpoint().connection(stationId) != nullptr);
    auto *connection = m_fx->gateway->endpoint().connection(stationId);

    std::optional<Server::Ocpp::CallOutcome> outcome;
    connection->call(action, request, [&](const Server::Ocpp::CallOutcome &o) { outcome = o; });
    QTRY_VERIFY(outcome.has_value());
    QCOMPARE(outcome->kind, Server::Ocpp::CallOutcome::Kind::Error);
    QCOMPARE(outcome->errorCode, code);
    // Still connected, and a valid answer to the next call is taken.
    QCOMPARE(m_fx->gateway->endpoint().connection(stationId), connection);
    std::optional<Server::Ocpp::CallOutcome> next;
    connection->call("ClearCache", {}, [&](const Server::Ocpp::CallOutcome &o) { next = o; });
    QTRY_VERIFY(next.has_value());
    QVERIFY(next->kind != Server::Ocpp::CallOutcome::Kind::Disconnected);
    node.kill();
    node.waitForFinished();
}

QTEST_GUILESS_MAIN(TestHostileFrames)
#include "tst_hostileframes.moc"
