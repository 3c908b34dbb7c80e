#include "core/catalog.h"
#include "core/messagelog.h"
#include "core/migrator.h"
#include "core/repository.h"
#include "support/testdata.h"
#include "support/testdatabase.h"

#include <QTest>

using namespace ChargeDesk::Core;
using ChargeDesk::Test::TestDatabase;

// The OCPP message log: batched writes, and the retention period that bounds its size.
class TestMessageLog : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { qInfo("storage backend: %s", qPrintable(ChargeDesk::Test::backend())); }
    void init();
    void cleanup();
    void append_isWrittenInBatchesAndKeepsEveryField();
    void append_nulCharacters_areWrittenEscapedWithTheirBatch();
    void purge_removesOnlyFramesOlderThanRetention();
    void retentionZero_keepsEverything();
    void pairOf_findsTheAnswerAfterItsCallAndTheCallBeforeItsAnswer();

private:
    qint64 count();
    void appendAt(const QDateTime &at, int n);
    void appendFrame(qint64 atMs, bool incoming, int type, const QString &messageId, const QString &action = {});
    Record frame(const QString &direction, int type, qint64 atMs);

    Catalog m_catalog;
    FakeClock m_clock{QDateTime(QDate(2026, 3, 1), QTime(12, 0), Qt::UTC)};
    std::unique_ptr<TestDatabase> m_testDb;
    std::shared_ptr<Database> m_db;
    std::unique_ptr<Repository> m_repo;
    std::unique_ptr<MessageLog> m_log;
    qint64 m_stationId = 0;
};

void TestMessageLog::init()
{
    m_testDb = std::make_unique<TestDatabase>();
    QVERIFY2(m_testDb->isValid(), qPrintable(m_testDb->error()));
    m_db = m_testDb->open();
    QVERIFY(Migrator(*m_db).migrate().ok());
    m_repo = std::make_unique<Repository>(*m_db, m_catalog, m_clock);
    m_stationId = ChargeDesk::Test::createStation(*m_repo, ChargeDesk::Test::createArea(*m_repo, "A"), "S1");
    QVERIFY(m_stationId > 0);
    m_log = std::make_unique<MessageLog>(*m_db, m_clock);
}

void TestMessageLog::cleanup()
{
    m_log.reset();
    m_repo.reset();
    m_db.reset();
    m_testDb.reset();
}

qint64 TestMessageLog::count()
{
    auto q = m_db->exec(QStringLiteral("SELECT COUNT(*) FROM ocpp_messages"));
    return q && q.value().next() ? q.value().value(0).toLongLong() : -1;
}

void TestMessageLog::appendAt(const QDateTime &at, int n)
{
    for (int i = 0; i < n; ++i)
        m_log->append({m_stationId,
                       0,
                       at.toMSecsSinceEpoch(),
                       true,
                       2,
                       QStringLiteral("m%1").arg(i),
                       QStringLiteral("Heartbeat"),
                       "[2,\"m\",\"Heartbeat\",{}]",
                       {},
                       {}});
}

void TestMessageLog::append_isWrittenInBatchesAndKeepsEveryField()
{
    m_log->append({m_stationId, 0, 0, false, 4, QStringLiteral("id-1"), QStringLiteral("Reset"), "[4]",
                   QStringLiteral("NotSupported"), QStringLiteral("no")});
    QCOMPARE(count(), 0); // not yet: it waits for the batch
    QCOMPARE(m_log->pending(), 1);
    QTRY_COMPARE(count(), 1); // the interval timer wrote it
    auto q = m_db->exec(QStringLiteral("SELECT at, direction, message_type, message_id, action, payload, error_code, "
                                       "error_description, session_id FROM ocpp_messages"));
    QVERIFY(q && q.value().next());
    QCOMPARE(q.value().value(0).toLongLong(), m_clock.nowMs()); // stamped when appended
    QCOMPARE(q.value().value(1).toString(), QStringLiteral("out"));
    QCOMPARE(q.value().value(2).toInt(), 4);
    QCOMPARE(q.value().value(3).toString(), QStringLiteral("id-1"));
    QCOMPARE(q.value().value(4).toString(), QStringLiteral("Reset"));
    QCOMPARE(q.value().value(5).toString(), QStringLiteral("[4]"));
    QCOMPARE(q.value().value(6).toString(), QStringLiteral("NotSupported"));
    QCOMPARE(q.value().value(7).toString(), QStringLiteral("no"));
    QVERIFY(q.value().value(8).isNull());

    // A full batch is written at once, without waiting for the timer.
    appendAt(m_clock.now(), MessageLog::batchSize);
    QCOMPARE(m_log->pending(), 0);
    QCOMPARE(count(), 1 + MessageLog::batchSize);
}

void TestMessageLog::append_nulCharacters_areWrittenEscapedWithTheirBatch()
{
    // PostgreSQL refuses NUL in text: one such frame must not cost the frames logged with it.
    appendAt(m_clock.now(), 3);
    const QString nul(QChar(0));
    m_log->append({m_stationId, 0, 0, true, 2, "a" + nul + "b", "Heart" + nul, QByteArray("[2,\"a\0b\"]", 9),
                   "Code" + nul, "why" + nul});
    QVERIFY(m_log->flush().ok());
    QCOMPARE(count(), 4);
    auto q = m_db->exec(QStringLiteral("SELECT message_id, action, payload, error_code, error_description "
                                       "FROM ocpp_messages WHERE message_type = 2 AND direction = 'in' AND "
                                       "error_code IS NOT NULL"));
    QVERIFY(q && q.value().next());
    QCOMPARE(q.value().value(0).toString(), QStringLiteral("a\\u0000b"));
    QCOMPARE(q.value().value(1).toString(), QStringLiteral("Heart\\u0000"));
    QCOMPARE(q.value().value(2).toString(), QStringLiteral("[2,\"a\\u0000b\"]"));
    QCOMPARE(q.value().value(3).toString(), QStringLiteral("Code\\u0000"));
    QCOMPARE(q.value().value(4).toString(), QStringLiteral("why\\u0000"));
}

void TestMessageLog::purge_removesOnlyFramesOlderThanRetention()
{
    const QDateTime now = m_clock.now();
    appendAt(now.addDays(-120), 2500); // more than one purge slice
    appendAt(now.addDays(-31), 3);
    appendAt(now.addDays(-29), 4);
    appendAt(now, 5);
    QVERIFY(m_log->flush());
    QCOMPARE(count(), 2512);

    m_log->setRetentionDays(30); // purges at once
    QCOMPARE(count(), 9);
    QCOMPARE(m_log->purge().value(), 0);

    m_clock.advance(2 * 24 * 3600); // the -29 days frames are now 31 days old
    QCOMPARE(m_log->purge().value(), 4);
    QCOMPARE(count(), 5);
}

void TestMessageLog::retentionZero_keepsEverything()
{
    appendAt(m_clock.now().addYears(-5), 10);
    QVERIFY(m_log->flush());
    m_log->setRetentionDays(0);
    QCOMPARE(m_log->purge().value(), 0);
    QCOMPARE(count(), 10);
}

void TestMessageLog::appendFrame(qint64 atMs, bool incoming, int type, const QString &messageId, const QString &action)
{
    LoggedMessage m;
    m.stationId = m_stationId;
    m.atMs = atMs;
    m.incoming = incoming;
    m.messageType = type;
    m.messageId = messageId;
    m.action = action;
    m.payload = "{}";
    m_log->append(m);
}

// The stored row of the frame in `direction` with `type` at `atMs`.
Record TestMessageLog::frame(const QString &direction, int type, qint64 atMs)
{
    ListQuery q;
    q.filters << ListQuery::Filter{QStringLiteral("direction"), ListQuery::Filter::Op::Equals, direction}
              << ListQuery::Filter{QStringLiteral("message_type"), ListQuery::Filter::Op::Equals, type}
              << ListQuery::Filter{QStringLiteral("at"), ListQuery::Filter::Op::Equals, atMs};
    const auto rows = m_repo->list(Actor::system(), Tables::OcppMessages, q);
    return rows && rows.value().size() == 1 ? rows.value().first() : Record{};
}

void TestMessageLog::pairOf_findsTheAnswerAfterItsCallAndTheCallBeforeItsAnswer()
{
    const qint64 t = m_clock.nowMs();
    // Message id "7" twice: once on a first connection (a call to the station, answered with
    // an error), once on a later one (a call from the station, answered with a result).
    appendFrame(t, false, 2, QStringLiteral("7"), QStringLiteral("Reset"));
    appendFrame(t + 100, true, 4, QStringLiteral("7"));
    appendFrame(t + 5000, true, 2, QStringLiteral("7"), QStringLiteral("Heartbeat"));
    appendFrame(t + 5100, false, 3, QStringLiteral("7"));
    appendFrame(t + 6000, true, 2, QString(), QStringLiteral("Heartbeat")); // no id: no pair
    QVERIFY(m_log->flush());

    const auto firstAnswer = MessageLog::pairOf(*m_repo, Actor::system(), frame(QStringLiteral("out"), 2, t));
    QVERIFY(firstAnswer);
    QCOMPARE(firstAnswer->value(QStringLiteral("at")).toLongLong(), t + 100);
    const auto firstCall = MessageLog::pairOf(*m_repo, Actor::system(), frame(QStringLiteral("in"), 4, t + 100));
    QVERIFY(firstCall);
    QCOMPARE(firstCall->value(QStringLiteral("action")).toString(), QStringLiteral("Reset"));

    const auto secondCall = MessageLog::pairOf(*m_repo, Actor::system(), frame(QStringLiteral("out"), 3, t + 5100));
    QVERIFY(secondCall);
    QCOMPARE(secondCall->value(QStringLiteral("action")).toString(), QStringLiteral("Heartbeat"));
    const auto secondAnswer = MessageLog::pairOf(*m_repo, Actor::system(), frame(QStringLiteral("in"), 2, t + 5000));
    QVERIFY(secondAnswer);
    QCOMPARE(secondAnswer->value(QStringLiteral("at")).toLongLong(), t + 5100);

    QVERIFY(!MessageLog::pairOf(*m_repo, Actor::system(), frame(QStringLiteral("in"), 2, t + 6000)));
}

QTEST_GUILESS_MAIN(TestMessageLog)
#include "tst_messagelog.moc"
