#include "core/migrator.h"
#include "support/testdatabase.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QSet>
#include <QTest>

using namespace ChargeDesk::Core;
using ChargeDesk::Test::TestDatabase;

class TestCrashSafety : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { qInfo("storage backend: %s", qPrintable(ChargeDesk::Test::backend())); }
    void sigkillDuringWriteBurst_losesNothingCommitted();
};

void TestCrashSafety::sigkillDuringWriteBurst_losesNothingCommitted()
{
    TestDatabase testDb;
    QVERIFY2(testDb.isValid(), qPrintable(testDb.error()));

    QProcess writer;
    writer.setProcessChannelMode(QProcess::SeparateChannels);
    writer.start(QStringLiteral(CRASHWRITER_PATH), {testDb.location()});
    QVERIFY2(writer.waitForStarted(), qPrintable(writer.errorString()));

    QSet<int> committed;
    QByteArray pending;
    const auto readLines = [&] {
        pending += writer.readAllStandardOutput();
        qsizetype newline;
        while ((newline = pending.indexOf('\n')) >= 0) {
            const QByteArray line = pending.left(newline);
            pending.remove(0, newline + 1);
            if (line.startsWith("committed "))
                committed.insert(line.mid(10).toInt());
        }
    };
    QElapsedTimer timer;
    timer.start();
    while (committed.size() < 150 && timer.elapsed() < 60000 && writer.state() == QProcess::Running) {
        writer.waitForReadyRead(1000);
        readLines();
    }
    QVERIFY2(writer.state() == QProcess::Running, writer.readAllStandardError().constData());
    writer.kill(); // SIGKILL: no destructors, no flush, no clean close
    writer.waitForFinished();
    readLines(); // lines already in the pipe were printed after their commit, too
    QVERIFY2(committed.size() >= 150, qPrintable(QStringLiteral("only %1 batches committed").arg(committed.size())));
    qInfo("killed the writer after %lld acknowledged batches", static_cast<long long>(committed.size()));

    auto db = testDb.open();
    QVERIFY(db);
    QVERIFY(Migrator(*db).migrate().ok()); // recovery on reopen, and the schema is intact
    QSet<int> stored;
    auto rows = db->exec("SELECT code FROM customers");
    QVERIFY(rows.ok());
    QHash<int, int> perBatch;
    while (rows.value().next()) {
        const QString code = rows.value().value(0).toString(); // B<batch>-<i>
        perBatch[code.mid(1, code.indexOf('-') - 1).toInt()]++;
    }
    for (int batch : committed)
        QVERIFY2(
            perBatch.value(batch) == 3,
            qPrintable(QStringLiteral("acknowledged batch %1 has %2 of 3 rows").arg(batch).arg(perBatch.value(batch))));
    // Transactions are atomic: no batch is stored in part, even the one cut off by the kill.
    for (auto it = perBatch.cbegin(); it != perBatch.cend(); ++it)
        QCOMPARE(it.value(), 3);
}

QTEST_GUILESS_MAIN(TestCrashSafety)
#include "tst_crashsafety.moc"
