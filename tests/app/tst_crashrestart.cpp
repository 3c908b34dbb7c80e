#include "core/catalog.h"
#include "core/clock.h"
#include "core/migrator.h"
#include "core/repository.h"
#include "support/testdata.h"
#include "support/testdatabase.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>

using namespace ChargeDesk;
using ChargeDesk::Test::TestDatabase;

namespace {

constexpr int Before = 20; // readings acknowledged before the crash
constexpr int After = 5;   // readings after the restart, before the stop
constexpr qint64 MeterStart = 10000;
constexpr qint64 StepWh = 50;
const QString Station = QStringLiteral("CRASH");
const QString Tag = QStringLiteral("TAG-CRASH");

// One stored energy reading of the session, in the order it was measured.
struct Reading
{
    qint64 atMs = 0;
    double value = 0;
    QString context;
    bool valid = false;
};

struct Stored
{
    QList<Reading> readings;
    qint64 sessions = 0;
    qint64 orphanReadings = 0; // readings of the connector that no session holds
    QVariantMap session;       // the one session's row, when there is exactly one
};

} // namespace

// The durability promise of the architecture, end to end: a real server process is killed
// (SIGKILL) mid-session and restarted on the same database, with an independent charger.
class TestCrashRestart : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { qInfo("storage backend: %s", qPrintable(ChargeDesk::Test::backend())); }

    void sigkill_midSession_losesNoAcknowledgedReadingAndSessionContinues_data()
    {
        QTest::addColumn<QString>("protocol");
        QTest::addColumn<QString>("transactionId"); // chosen by a 2.0.1 station; 1.6 gets one
        QTest::newRow("1.6") << QStringLiteral("ocpp1.6") << QString();
        QTest::newRow("2.0.1") << QStringLiteral("ocpp2.0.1") << QStringLiteral("TX-CRASH-1");
    }

    void sigkill_midSession_losesNoAcknowledgedReadingAndSessionContinues()
    {
        QFETCH(QString, protocol);
        QFETCH(QString, transactionId);
        TestDatabase testDb;
        QVERIFY2(testDb.isValid(), qPrintable(testDb.error()));
        QVERIFY(prepareDatabase(testDb, protocol));
        QTemporaryDir dataHome;
        QProcess server;
        quint16 port = 0;
        QVERIFY(startServer(server, testDb.location(), dataHome.path(), 0, &port));

        QProcess peer;
        // On a failure neither process outlives the test (QProcess would only warn and kill).
        const auto stopAll = qScopeGuard([&] {
            for (QProcess *p : {&peer, &server}) {
                p->kill();
                p->waitForFinished(5000);
            }
        });
        peer.setWorkingDirectory(QStringLiteral(PEERS_DIR));
        const QJsonObject options{{"killPid", server.processId()}, {"before", Before}, {"after", After},
                                  {"meterStart", MeterStart},      {"stepWh", StepWh}, {"idTag", Tag},
                                  {"transactionId", transactionId}};
        peer.start(QStringLiteral("node"),
                   {QStringLiteral(PEERS_DIR "/crash_station.mjs"),
                    QStringLiteral("ws://127.0.0.1:%1/ocpp/%2").arg(port).arg(Station), protocol,
                    QString::fromUtf8(QJsonDocument(options).toJson(QJsonDocument::Compact))});
        QVERIFY2(peer.waitForStarted(10000), qPrintable(peer.errorString()));

        // The peer kills the server the moment its last reading before the crash is acknowledged.
        QList<QJsonObject> lines;
        QVERIFY2(waitForEvent(peer, lines, "killed"), qPrintable(describe(peer, lines)));
        QVERIFY(server.waitForFinished(10000));
        QCOMPARE(server.exitStatus(), QProcess::CrashExit);
        const QList<QJsonObject> acked = readingsAcked(lines, "before");
        QCOMPARE(acked.size(), Before + 1); // the start reading and every periodic one
        if (transactionId.isEmpty())
            transactionId = QString::number(startResponse(lines).value("transactionId").toInteger());

        // Before anything could repair it: every acknowledged reading is on disk, and the
        // session is still open.
        const Stored atCrash = stored(testDb);
        QCOMPARE(atCrash.sessions, 1);
        QCOMPARE(atCrash.session.value("status").toString(), QStringLiteral("in_progress"));
        QCOMPARE(atCrash.session.value("transaction_id").toString(), transactionId);
        compareReadings(atCrash.readings, acked);
        if (QTest::currentTestFailed())
            return;

        // Back on the same port: the charger reconnects by itself and finishes its session.
        quint16 again = 0;
        QVERIFY(startServer(server, testDb.location(), dataHome.path(), port, &again));
        QCOMPARE(again, port);
        QVERIFY2(waitForEvent(peer, lines, "finished"), qPrintable(describe(peer, lines)));
        QVERIFY(peer.waitForFinished(10000));
        QVERIFY2(peer.exitStatus() == QProcess::NormalExit && peer.exitCode() == 0, qPrintable(describe(peer, lines)));
        const QList<QJsonObject> all = readingsAcked(lines, "before") + readingsAcked(lines, "after");
        QCOMPARE(all.size(), Before + After + 2); // with the stop reading
        server.terminate();
        QVERIFY(server.waitForFinished(10000));

        const Stored atEnd = stored(testDb);
        QCOMPARE(atEnd.sessions, 1); // the same session went on; no second one was opened
        QCOMPARE(atEnd.orphanReadings, 0);
        QCOMPARE(atEnd.session.value("id"), atCrash.session.value("id"));
        QCOMPARE(atEnd.session.value("transaction_id").toString(), transactionId);
        QCOMPARE(atEnd.session.value("status").toString(), QStringLiteral("closed"));
        const qint64 meterStop = MeterStart + (Before + After + 1) * StepWh;
        QCOMPARE(atEnd.session.value("meter_start_wh").toLongLong(), MeterStart);
        QCOMPARE(atEnd.session.value("meter_stop_wh").toLongLong(), meterStop);
        QCOMPARE(atEnd.session.value("energy_wh").toLongLong(), meterStop - MeterStart);
        compareReadings(atEnd.readings, all);
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(atEnd.readings.first().context, QStringLiteral("Transaction.Begin"));
        QCOMPARE(atEnd.readings.last().context, QStringLiteral("Transaction.End"));
    }

private:
    // A migrated database with the station and a driver whose tag is accepted.
    static bool prepareDatabase(const TestDatabase &testDb, const QString &protocol)
    {
        auto db = testDb.open();
        if (!db || !Core::Migrator(*db).migrate())
            return false;
        Core::Catalog catalog;
        Core::SystemClock clock;
        Core::Repository repo(*db, catalog, clock);
        const Core::Actor system = Core::Actor::system();
        const qint64 area = Test::createArea(repo, QStringLiteral("DEPOT"));
        if (area == 0 || Test::createStation(repo, area, Station, protocol) == 0)
            return false;
        const auto type = repo.create(system, Core::Tables::IdDeviceTypes, {{"code", "CARD"}, {"name", "RFID card"}});
        const auto customer = repo.create(system, Core::Tables::Customers,
                                          {{"code", "ANA"}, {"name", "Ana"}, {"payment_type", "postpaid"}});
        if (!type || !customer)
            return false;
        return repo
            .create(system, Core::Tables::IdDevices,
                    {{"code", "CARD-1"},
                     {"name", "Ana's card"},
                     {"type_id", type.value()},
                     {"identifier", Tag},
                     {"customer_id", customer.value()}})
            .ok();
    }

    // Starts the server on `port` (0: a free one) and tells the port it listens on.
    static bool startServer(QProcess &server, const QString &location, const QString &dataHome, quint16 port,
                            quint16 *listening)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("XDG_DATA_HOME"), dataHome);
        server.setProcessEnvironment(env);
        server.start(QStringLiteral(SERVER_PATH),
                     {"--db", location, "--listen", "127.0.0.1", "--ocpp-port", QString::number(port),
                      "--ocpp-tls-port", "off", "--log-level", "warning"});
        if (!server.waitForStarted(10000))
            return false;
        static const QRegularExpression url(QStringLiteral("OCPP on ws://127\\.0\\.0\\.1:(\\d+)/"));
        QByteArray output;
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < 20000 && server.state() == QProcess::Running) {
            server.waitForReadyRead(100);
            output += server.readAllStandardOutput();
            if (const auto match = url.match(QString::fromUtf8(output)); match.hasMatch()) {
                *listening = match.captured(1).toUShort();
                return true;
            }
        }
        qWarning("the server did not start: %s %s", output.constData(), server.readAllStandardError().constData());
        return false;
    }

    // Collects the peer's lines until one has this event (or it failed, or 30 s passed).
    static bool waitForEvent(QProcess &peer, QList<QJsonObject> &lines, const char *event)
    {
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < 30000) {
            while (peer.canReadLine()) {
                lines << QJsonDocument::fromJson(peer.readLine()).object();
                if (lines.last().value("event") == QLatin1String(event))
                    return true;
                if (lines.last().value("event") == QLatin1String("failed"))
                    return false;
            }
            if (peer.state() == QProcess::NotRunning)
                return false;
            peer.waitForReadyRead(100);
        }
        return false;
    }

    // The peer's last lines and its errors (QtTest cuts long messages, and the end tells why).
    static QString describe(QProcess &peer, const QList<QJsonObject> &lines)
    {
        QStringList out;
        for (qsizetype i = std::max<qsizetype>(0, lines.size() - 4); i < lines.size(); ++i)
            out << QString::fromUtf8(QJsonDocument(lines.at(i)).toJson(QJsonDocument::Compact));
        return out.join(QLatin1Char('\n')) + QString::fromUtf8(peer.readAllStandardOutput()) +
               QString::fromUtf8(peer.readAllStandardError());
    }

    // The acknowledged calls of a phase that carried an energy reading.
    static QList<QJsonObject> readingsAcked(const QList<QJsonObject> &lines, const char *phase)
    {
        QList<QJsonObject> out;
        for (const QJsonObject &line : lines) {
            if (line.value("event") == QLatin1String("acked") && line.value("phase") == QLatin1String(phase) &&
                line.contains("value"))
                out << line;
        }
        return out;
    }

    static QJsonObject startResponse(const QList<QJsonObject> &lines)
    {
        for (const QJsonObject &line : lines) {
            if (line.value("action") == QLatin1String("StartTransaction"))
                return line.value("response").toObject();
        }
        return {};
    }

    static void compareReadings(const QList<Reading> &readings, const QList<QJsonObject> &acked)
    {
        QCOMPARE(readings.size(), acked.size());
        for (qsizetype i = 0; i < acked.size(); ++i) {
            const QDateTime at = QDateTime::fromString(acked.at(i).value("at").toString(), Qt::ISODateWithMs);
            QCOMPARE(readings.at(i).atMs, at.toMSecsSinceEpoch());
            QCOMPARE(readings.at(i).value, acked.at(i).value("value").toDouble());
            QVERIFY2(readings.at(i).valid, qPrintable(QStringLiteral("reading %1 was discarded").arg(i)));
        }
    }

    // What a fresh connection finds in the database, read with plain SQL.
    static Stored stored(const TestDatabase &testDb)
    {
        Stored result;
        auto db = testDb.open();
        if (!db)
            return result;
        if (auto n = db->exec(QStringLiteral("SELECT COUNT(*) FROM sessions")); n && n.value().next())
            result.sessions = n.value().value(0).toLongLong();
        if (auto n = db->exec(QStringLiteral("SELECT COUNT(*) FROM meter_values WHERE session_id IS NULL"));
            n && n.value().next())
            result.orphanReadings = n.value().value(0).toLongLong();
        auto session = db->exec(QStringLiteral("SELECT id, status, transaction_id, meter_start_wh, meter_stop_wh, "
                                               "energy_wh FROM sessions ORDER BY id LIMIT 1"));
        if (!session || !session.value().next())
            return result;
        const QSqlRecord record = session.value().query().record();
        for (int i = 0; i < record.count(); ++i)
            result.session.insert(record.fieldName(i), session.value().value(i));
        auto readings = db->exec(QStringLiteral("SELECT measured_at, value, context, valid FROM meter_values "
                                                "WHERE session_id = ? AND measurand = ? ORDER BY measured_at, id"),
                                 {result.session.value("id"), QStringLiteral("Energy.Active.Import.Register")});
        if (!readings)
            return result;
        for (Core::Rows &r = readings.value(); r.next();)
            result.readings << Reading{r.value(0).toLongLong(), r.value(1).toDouble(), r.value(2).toString(),
                                       r.value(3).toBool()};
        return result;
    }
};

QTEST_GUILESS_MAIN(TestCrashRestart)
#include "tst_crashrestart.moc"
