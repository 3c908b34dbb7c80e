#include "support/gatewayfixture.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace ChargeDesk;

// The independent check suite of the npm package ocpp-ws-cli ("ocpp test --suite all")
// against the gateway. The tool exits 0 even when checks fail, so the report is read.
class TestConformance : public QObject
{
    Q_OBJECT

private slots:
    void ocppWsCli_allChecksPass_data()
    {
        QTest::addColumn<QString>("protocol");
        QTest::newRow("ocpp1.6") << "ocpp1.6";
        QTest::newRow("ocpp2.0.1") << "ocpp2.0.1";
    }

    void ocppWsCli_allChecksPass()
    {
        QFETCH(QString, protocol);
        Test::GatewayFixture fx;
        QVERIFY2(fx.isValid(), qPrintable(fx.error));
        QVERIFY(fx.addStation("CP001", protocol, "ws"));
        QTemporaryDir reports;
        QProcess cli;
        cli.setWorkingDirectory(PEERS_DIR);
        cli.start("node", {PEERS_DIR "/node_modules/ocpp-ws-cli/dist/index.js", "test", "-e",
                           QStringLiteral("ws://127.0.0.1:%1/ocpp").arg(fx.gateway->endpoint().port()), "-i", "CP001",
                           "-p", protocol, "--suite", "all", "--report", "json", "--report-dir", reports.path()});
        QVERIFY(cli.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(cli.state() == QProcess::NotRunning, 180000);
        const QStringList files = QDir(reports.path()).entryList({"*.json"});
        QVERIFY2(files.size() == 1, cli.readAllStandardError().constData());
        QFile file(QDir(reports.path()).filePath(files.first()));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject report = QJsonDocument::fromJson(file.readAll()).object();
        const QJsonObject metrics = report.value("metrics").toObject();
        QStringList failures;
        for (const QJsonValue &v : report.value("testResults").toArray()) {
            const QJsonObject r = v.toObject();
            if (!r.value("passed").toBool())
                failures << r.value("name").toString() + ": " + r.value("issue").toString();
        }
        qInfo("ocpp-ws-cli %s: %d checks run, %d passed", qPrintable(protocol), metrics.value("totalTestsRun").toInt(),
              metrics.value("testsPassed").toInt());
        QVERIFY(metrics.value("totalTestsRun").toInt() >= 20);
        QVERIFY2(failures.isEmpty(), qPrintable(failures.join("\n")));
        QCOMPARE(metrics.value("testsFailed").toInt(), 0);
    }
};

QTEST_GUILESS_MAIN(TestConformance)
#include "tst_conformance.moc"
