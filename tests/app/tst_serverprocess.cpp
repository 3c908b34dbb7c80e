#include "core/migrator.h"
#include "support/testdatabase.h"

#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <sys/types.h>

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
        QTemporaryDir dataHome;
        QProcess server;
        server.setProcessEnvironment(environment(dataHome.path()));
        server.start(QStringLiteral(SERVER_PATH), {"--db", testDb.location(), "--listen", "127.0.0.1", "--ocpp-port",
                                                   "0", "--ocpp-tls-port", "0", "--log-level", "warning"});
        QVERIFY(server.waitForStarted());
        QByteArray output;
        QTRY_VERIFY_WITH_TIMEOUT((output += server.readAllStandardOutput()).contains("SHA-256"), 20000);
        QVERIFY(output.contains("is ready"));
        QVERIFY(output.contains("OCPP on ws://127.0.0.1:"));
        QVERIFY(output.contains("OCPP on wss://127.0.0.1:"));
        QVERIFY2(output.contains("(self-signed)"), output.constData());
        auto db = testDb.open();
        QCOMPARE(ChargeDesk::Core::Migrator(*db).currentVersion().value(), ChargeDesk::Core::Migrator::latestVersion());
        server.terminate(); // SIGTERM
        QVERIFY(server.waitForFinished(10000));
        QCOMPARE(server.exitStatus(), QProcess::NormalExit);
        QCOMPARE(server.exitCode(), 0);
        output += server.readAllStandardOutput();
        QVERIFY2(output.contains("stopping"), output.constData());
    }

    void start_selfSignedCertificate_isMadeOnceAndKeptPrivate()
    {
        QTemporaryDir dataHome;
        QTemporaryDir dbDir;
        const QByteArray first = fingerprintOfRun(dataHome.path(), dbDir.filePath(QStringLiteral("a.sqlite")));
        QVERIFY2(!first.isEmpty(), "no fingerprint printed");
        const QString key = dataHome.filePath(QStringLiteral("ChargeDesk/tls/ocpp-tls.key"));
        QVERIFY(QFile::exists(key));
        QCOMPARE(QFile::permissions(key) &
                     (QFile::ReadGroup | QFile::ReadOther | QFile::WriteGroup | QFile::WriteOther),
                 QFile::Permissions());
        // A second start presents the same certificate, so chargers that pinned it still connect.
        QCOMPARE(fingerprintOfRun(dataHome.path(), dbDir.filePath(QStringLiteral("a.sqlite"))), first);
    }

    void start_badOptions_refusedWithoutStarting_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QByteArray>("message");
        QTest::newRow("log level") << QStringList{"--log-level", "loud"} << 2 << QByteArray("unknown log level");
        QTest::newRow("tls port") << QStringList{"--ocpp-tls-port", "x"} << 2 << QByteArray("not valid");
        QTest::newRow("retention") << QStringList{"--log-retention-days", "-3"} << 2 << QByteArray("number of days");
        QTest::newRow("cert without key")
            << QStringList{"--tls-cert", "/nonexistent.pem"} << 1 << QByteArray("or neither");
        QTest::newRow("missing cert") << QStringList{"--tls-cert", "/nonexistent.pem", "--tls-key", "/nonexistent.key"}
                                      << 1 << QByteArray("Cannot read the TLS certificate");
    }

    void start_badOptions_refusedWithoutStarting()
    {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        QFETCH(QByteArray, message);
        QTemporaryDir dir;
        QProcess server;
        server.setProcessEnvironment(environment(dir.path()));
        server.start(QStringLiteral(SERVER_PATH),
                     QStringList{"--db", dir.filePath(QStringLiteral("db.sqlite")), "--listen", "127.0.0.1",
                                 "--ocpp-port", "0", "--ocpp-tls-port", "0"} +
                         arguments);
        QVERIFY(server.waitForFinished(30000));
        QCOMPARE(server.exitCode(), exitCode);
        const QByteArray err = server.readAllStandardError();
        QVERIFY2(err.contains(message), err.constData());
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

    void crash_isReportedByTheNextStart()
    {
        QTemporaryDir dataHome;
        QTemporaryDir dbDir;
        const QStringList arguments{"--db",
                                    dbDir.filePath(QStringLiteral("a.sqlite")),
                                    "--listen",
                                    "127.0.0.1",
                                    "--ocpp-port",
                                    "0",
                                    "--ocpp-tls-port",
                                    "off"};
        QProcess server;
        server.setProcessEnvironment(environment(dataHome.path()));
        server.start(QStringLiteral(SERVER_PATH), arguments);
        QByteArray output;
        QTRY_VERIFY_WITH_TIMEOUT((output += server.readAllStandardOutput()).contains("OCPP on"), 20000);
        // A fault no handler caught, as the kernel delivers it.
        ::kill(pid_t(server.processId()), SIGSEGV);
        QVERIFY(server.waitForFinished(10000));
        QCOMPARE(server.exitStatus(), QProcess::CrashExit);

        QProcess next;
        next.setProcessEnvironment(environment(dataHome.path()));
        next.start(QStringLiteral(SERVER_PATH), arguments);
        QByteArray errors;
        QTRY_VERIFY_WITH_TIMEOUT((errors += next.readAllStandardError()).contains("SIGSEGV"), 20000);
        QVERIFY2(errors.contains("the previous run ended abnormally"), errors.constData());
        next.terminate();
        QVERIFY(next.waitForFinished(10000));
        QCOMPARE(next.exitCode(), 0);
        // Said once: a clean stop leaves no note behind.
        QProcess third;
        third.setProcessEnvironment(environment(dataHome.path()));
        third.start(QStringLiteral(SERVER_PATH), arguments + QStringList{"--migrate-only"});
        QVERIFY(third.waitForFinished(20000));
        QVERIFY(!third.readAllStandardError().contains("abnormally"));
    }

private:
    // The data folder (where a generated certificate goes) in a temporary place.
    static QProcessEnvironment environment(const QString &dataHome)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("XDG_DATA_HOME"), dataHome);
        return env;
    }

    static QByteArray fingerprintOfRun(const QString &dataHome, const QString &dbFile)
    {
        QProcess server;
        server.setProcessEnvironment(environment(dataHome));
        server.start(QStringLiteral(SERVER_PATH),
                     {"--db", dbFile, "--listen", "127.0.0.1", "--ocpp-port", "0", "--ocpp-tls-port", "0"});
        QByteArray output;
        for (int i = 0; i < 200 && !output.contains("SHA-256"); ++i) {
            server.waitForReadyRead(100);
            output += server.readAllStandardOutput();
        }
        server.terminate();
        server.waitForFinished(10000);
        const auto match =
            QRegularExpression(QStringLiteral("SHA-256 ([0-9A-F:]{95})")).match(QString::fromLatin1(output));
        return match.hasMatch() ? match.captured(1).toLatin1() : QByteArray();
    }
};

QTEST_GUILESS_MAIN(TestServerProcess)
#include "tst_serverprocess.moc"
