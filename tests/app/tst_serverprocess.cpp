#include "core/migrator.h"
#include "support/testdatabase.h"

#include <QProcess>
#include <QTest>

using ChargeDesk::Test::TestDatabase;

// The headless server as an operator runs it: a real process, a real database.
class TestServerProcess : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { qInfo("storage backend: %s", qPrintable(ChargeDesk::Test::backend())); }

    void start_migratesAndStopsCleanlyOnSigterm()
    {
        TestDatabase testDb;
        QVERIFY2(testDb.isValid(), qPrintable(testDb.error()));
        QProcess server;
        server.start(QStringLiteral(SERVER_PATH),
                     {"--db", testDb.location(), "--listen", "127.0.0.1", "--ocpp-port", "0"});
        QVERIFY(server.waitForStarted());
        QByteArray output;
        QTRY_VERIFY_WITH_TIMEOUT((output += server.readAllStandardOutput()).contains("OCPP on ws://127.0.0.1:"), 20000);
        QVERIFY(output.contains("is ready"));
        auto db = testDb.open();
        QCOMPARE(ChargeDesk::Core::Migrator(*db).currentVersion().value(), ChargeDesk::Core::Migrator::latestVersion());
        server.terminate(); // SIGTERM
        QVERIFY(server.waitForFinished(10000));
        QCOMPARE(server.exitStatus(), QProcess::NormalExit);
        QCOMPARE(server.exitCode(), 0);
        output += server.readAllStandardOutput();
        QVERIFY2(output.contains("stopping"), output.constData());
    }

    void start_badDatabaseUrl_failsWithMessageWithoutPassword()
    {
        QProcess server;
        server.start(QStringLiteral(SERVER_PATH), {"--db", "postgresql://someone:topsecret@127.0.0.1:1/nothing"});
        QVERIFY(server.waitForFinished(30000));
        QCOMPARE(server.exitCode(), 1);
        const QByteArray err = server.readAllStandardError();
        QVERIFY2(err.contains("Cannot connect"), err.constData());
        QVERIFY2(!err.contains("topsecret"), err.constData());
    }
};

QTEST_GUILESS_MAIN(TestServerProcess)
#include "tst_serverprocess.moc"
