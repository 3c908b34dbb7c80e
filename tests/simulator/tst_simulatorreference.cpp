#include "server/simulator/virtualstation.h"
#include "support/nodepeer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTest>

using namespace ChargeDesk;
using namespace ChargeDesk::Server::Simulator;

// The simulator against a CSMS that is not ChargeDesk: tests/peers/reference_csms.mjs, ocpp-rpc
// in strict mode, which rejects any call or answer that breaks the official schemas. The
// reference drives the session with remote start, profiles, configuration, remote stop and reset.
class TestSimulatorReference : public QObject
{
    Q_OBJECT

private slots:
    void remoteSession16();
    void remoteSession201();

private:
    QList<QJsonObject> run(Server::Ocpp::Version version, const QByteArray &script, QStringList &stationErrors);
};

QList<QJsonObject> TestSimulatorReference::run(Server::Ocpp::Version version, const QByteArray &script,
                                               QStringList &stationErrors)
{
    QProcess node;
    node.setWorkingDirectory(PEERS_DIR);
    node.start("node", {PEERS_DIR "/reference_csms.mjs",
                        QString::fromUtf8(QJsonDocument::fromJson(script).toJson(QJsonDocument::Compact))});
    if (!node.waitForStarted(10000) || !node.waitForReadyRead(10000))
        return {};
    Test::JsonLines output(node);
    QList<QJsonObject> lines;
    const auto read = [&] {
        lines = output.read();
    };
    read();
    if (lines.isEmpty() || lines.first().value("event") != "listening")
        return {};
    connect(&node, &QProcess::readyReadStandardOutput, this, read);

    ConnectionOptions options;
    options.url = QUrl(QString("ws://127.0.0.1:%1/SIM").arg(lines.first().value("port").toInt()));
    options.version = version;
    StationSpec spec;
    spec.id = "SIM";
    Core::SystemClock clock;
    VirtualStation sim(spec, options, clock);
    connect(&sim, &VirtualStation::happened, this, [&](const QJsonObject &e) {
        if (e.value("event") == "callError")
            stationErrors << QJsonDocument(e).toJson(QJsonDocument::Compact);
    });
    // The car waits at the connector; the CSMS starts the session remotely.
    connect(&sim, &VirtualStation::booted, this, [&] { sim.plugIn(1, Vehicle{60000, 20000, 22000}); });
    // The script ends with a reset: the station boots a second time and reports its status
    // again, and every call it made has been answered (one the strict CSMS refused instead
    // ends the wait at its limit and fails the checks on stationErrors).
    int bootsAnswered = 0;
    bool settledAfterReset = false;
    connect(&sim, &VirtualStation::happened, this, [&](const QJsonObject &e) {
        if (e.value("event") == "answered" && e.value("action") == "BootNotification")
            ++bootsAnswered;
    });
    connect(&sim, &VirtualStation::idle, this, [&] { settledAfterReset = bootsAnswered >= 2; });
    sim.start();
    (void)QTest::qWaitFor([&] { return settledAfterReset; }, 30000);
    sim.stop();
    node.terminate();
    node.waitForFinished(5000);
    read();
    const QByteArray err = node.readAllStandardError();
    if (!err.isEmpty())
        qWarning("node: %s", err.constData());
    return lines;
}

namespace {

QJsonObject answerTo(const QList<QJsonObject> &lines, const QString &method)
{
    for (const QJsonObject &l : lines)
        if (l.value("event") == "answer" && l.value("method") == method)
            return l.value("response").toObject();
    return {};
}

QStringList errors(const QList<QJsonObject> &lines)
{
    QStringList e;
    for (const QJsonObject &l : lines)
        if (l.value("event") == "error")
            e << QJsonDocument(l).toJson(QJsonDocument::Compact);
    return e;
}

QList<double> energies16(const QList<QJsonObject> &lines)
{
    QList<double> values;
    for (const QJsonObject &l : lines)
        if (l.value("method") == "MeterValues")
            for (const QJsonValue &mv : l.value("params")["meterValue"].toArray())
                for (const QJsonValue &sv : mv["sampledValue"].toArray())
                    if (sv["measurand"] == "Energy.Active.Import.Register")
                        values << sv["value"].toString().toDouble();
    return values;
}

} // namespace

void TestSimulatorReference::remoteSession16()
{
    const QByteArray script = R"([
        {"on": "StatusNotification", "when": {"status": "Preparing"}, "method": "RemoteStartTransaction",
         "params": {"connectorId": 1, "idTag": "TAG-R"}},
        {"on": "StartTransaction", "delayMs": 100, "method": "ChangeConfiguration",
         "params": {"key": "MeterValueSampleInterval", "value": "1"}},
        {"on": "StartTransaction", "delayMs": 200, "method": "GetConfiguration",
         "params": {"key": ["MeterValueSampleInterval", "NumberOfConnectors", "Nope"]}},
        {"on": "StartTransaction", "delayMs": 300, "method": "SetChargingProfile",
         "params": {"connectorId": 1, "csChargingProfiles": {"chargingProfileId": 7, "transactionId": "$transactionId",
            "stackLevel": 1, "chargingProfilePurpose": "TxProfile", "chargingProfileKind": "Relative",
            "chargingSchedule": {"chargingRateUnit": "W", "chargingSchedulePeriod": [{"startPeriod": 0, "limit": 7000}]}}}},
        {"on": "StartTransaction", "delayMs": 400, "method": "GetCompositeSchedule",
         "params": {"connectorId": 1, "duration": 600, "chargingRateUnit": "W"}},
        {"on": "StartTransaction", "delayMs": 500, "method": "TriggerMessage",
         "params": {"requestedMessage": "StatusNotification", "connectorId": 1}},
        {"on": "MeterValues", "count": 3, "method": "RemoteStopTransaction", "params": {"transactionId": "$transactionId"}},
        {"on": "StopTransaction", "delayMs": 200, "method": "Reset", "params": {"type": "Soft"}}
    ])";
    QStringList stationErrors;
    const auto lines = run(Server::Ocpp::Version::V16, script, stationErrors);
    QVERIFY(!lines.isEmpty());
    QVERIFY2(errors(lines).isEmpty(), qPrintable(errors(lines).join('\n')));
    QVERIFY2(stationErrors.isEmpty(), qPrintable(stationErrors.join('\n')));
    QCOMPARE(answerTo(lines, "RemoteStartTransaction")["status"].toString(), "Accepted");
    QCOMPARE(answerTo(lines, "ChangeConfiguration")["status"].toString(), "Accepted");
    const QJsonObject config = answerTo(lines, "GetConfiguration");
    QCOMPARE(config["configurationKey"].toArray().size(), 2);
    QCOMPARE(config["configurationKey"][0]["value"].toString(), "1");
    QCOMPARE(config["unknownKey"].toArray(), QJsonArray{"Nope"});
    QCOMPARE(answerTo(lines, "SetChargingProfile")["status"].toString(), "Accepted");
    const QJsonObject composite = answerTo(lines, "GetCompositeSchedule");
    QCOMPARE(composite["chargingSchedule"]["chargingSchedulePeriod"][0]["limit"].toDouble(), 7000.0);
    QCOMPARE(answerTo(lines, "RemoteStopTransaction")["status"].toString(), "Accepted");
    QCOMPARE(answerTo(lines, "Reset")["status"].toString(), "Accepted");
    const QList<double> energy = energies16(lines);
    QVERIFY2(energy.size() >= 3, qPrintable(QString::number(energy.size())));
    QVERIFY(std::is_sorted(energy.begin(), energy.end()) && energy.last() > energy.first());
    bool stopped = false;
    for (const QJsonObject &l : lines)
        if (l.value("method") == "StopTransaction") {
            stopped = true;
            QCOMPARE(l.value("params")["reason"].toString(), "Remote");
            QVERIFY(l.value("params")["meterStop"].toInt() > 0);
        }
    QVERIFY(stopped);
}

void TestSimulatorReference::remoteSession201()
{
    const QByteArray script = R"([
        {"on": "StatusNotification", "when": {"connectorStatus": "Occupied"}, "method": "RequestStartTransaction",
         "params": {"evseId": 1, "remoteStartId": 5, "idToken": {"idToken": "TAG-R", "type": "ISO14443"}}},
        {"on": "TransactionEvent", "when": {"eventType": "Started"}, "delayMs": 100, "method": "SetVariables",
         "params": {"setVariableData": [{"component": {"name": "SampledDataCtrlr"}, "variable": {"name": "TxUpdatedInterval"}, "attributeValue": "1"},
                                        {"component": {"name": "SmartChargingCtrlr"}, "variable": {"name": "ProfileStackLevel"}, "attributeValue": "3"}]}},
        {"on": "TransactionEvent", "when": {"eventType": "Started"}, "delayMs": 200, "method": "GetVariables",
         "params": {"getVariableData": [{"component": {"name": "OCPPCommCtrlr"}, "variable": {"name": "HeartbeatInterval"}},
                                        {"component": {"name": "NoCtrlr"}, "variable": {"name": "X"}}]}},
        {"on": "TransactionEvent", "when": {"eventType": "Started"}, "delayMs": 300, "method": "SetChargingProfile",
         "params": {"evseId": 1, "chargingProfile": {"id": 7, "stackLevel": 1, "chargingProfilePurpose": "TxProfile",
            "chargingProfileKind": "Relative", "transactionId": "$transactionId",
            "chargingSchedule": [{"id": 1, "chargingRateUnit": "W", "chargingSchedulePeriod": [{"startPeriod": 0, "limit": 7000}]}]}}},
        {"on": "TransactionEvent", "when": {"eventType": "Started"}, "delayMs": 400, "method": "GetCompositeSchedule",
         "params": {"evseId": 1, "duration": 600, "chargingRateUnit": "W"}},
        {"on": "TransactionEvent", "when": {"eventType": "Updated", "triggerReason": "MeterValuePeriodic"}, "count": 3,
         "method": "RequestStopTransaction", "params": {"transactionId": "$transactionId"}},
        {"on": "TransactionEvent", "when": {"eventType": "Ended"}, "delayMs": 200, "method": "Reset", "params": {"type": "Immediate"}}
    ])";
    QStringList stationErrors;
    const auto lines = run(Server::Ocpp::Version::V201, script, stationErrors);
    QVERIFY(!lines.isEmpty());
    QVERIFY2(errors(lines).isEmpty(), qPrintable(errors(lines).join('\n')));
    QVERIFY2(stationErrors.isEmpty(), qPrintable(stationErrors.join('\n')));
    QCOMPARE(answerTo(lines, "RequestStartTransaction")["status"].toString(), "Accepted");
    const QJsonArray set = answerTo(lines, "SetVariables")["setVariableResult"].toArray();
    QCOMPARE(set[0]["attributeStatus"].toString(), "Accepted");
    QCOMPARE(set[1]["attributeStatus"].toString(), "Rejected");
    const QJsonArray got = answerTo(lines, "GetVariables")["getVariableResult"].toArray();
    QCOMPARE(got[0]["attributeValue"].toString(), "300");
    QCOMPARE(got[1]["attributeStatus"].toString(), "UnknownComponent");
    QCOMPARE(answerTo(lines, "SetChargingProfile")["status"].toString(), "Accepted");
    const QJsonObject composite = answerTo(lines, "GetCompositeSchedule");
    QCOMPARE(composite["schedule"]["chargingSchedulePeriod"][0]["limit"].toDouble(), 7000.0);
    QCOMPARE(answerTo(lines, "RequestStopTransaction")["status"].toString(), "Accepted");
    QCOMPARE(answerTo(lines, "Reset")["status"].toString(), "Accepted");
    QList<double> energy;
    QString stoppedReason;
    int remoteStartId = 0;
    for (const QJsonObject &l : lines) {
        if (l.value("method") != "TransactionEvent")
            continue;
        const QJsonObject p = l.value("params").toObject();
        if (p["eventType"] == "Started")
            remoteStartId = p["transactionInfo"]["remoteStartId"].toInt();
        if (p["eventType"] == "Ended")
            stoppedReason = p["transactionInfo"]["stoppedReason"].toString();
        for (const QJsonValue &mv : p["meterValue"].toArray())
            for (const QJsonValue &sv : mv["sampledValue"].toArray())
                if (sv["measurand"] == "Energy.Active.Import.Register")
                    energy << sv["value"].toDouble();
    }
    QCOMPARE(remoteStartId, 5);
    QCOMPARE(stoppedReason, "Remote");
    QVERIFY2(energy.size() >= 4, qPrintable(QString::number(energy.size())));
    QVERIFY(std::is_sorted(energy.begin(), energy.end()) && energy.last() > energy.first());
}

QTEST_GUILESS_MAIN(TestSimulatorReference)
#include "tst_simulatorreference.moc"
