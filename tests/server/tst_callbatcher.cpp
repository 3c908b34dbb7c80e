#include "core/migrator.h"
#include "server/ocpp/callbatcher.h"
#include "support/testdatabase.h"

#include <QTest>

using namespace ChargeDesk;
using namespace ChargeDesk::Server::Ocpp;

// Incoming calls are handled in batches with one commit; a failing call undoes only its
// own writes, and nothing is answered before the batch is on disk.
class TestCallBatcher : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { qInfo("storage backend: %s", qPrintable(Test::backend())); }

    void batch_commitsOnceThenAnswers_failedCallUndoesOnlyItsOwnWrites()
    {
        Test::TestDatabase testDb;
        QVERIFY2(testDb.isValid(), qPrintable(testDb.error()));
        auto db = testDb.open();
        auto observer = testDb.open(); // a second connection sees only what is committed
        QVERIFY(Core::Migrator(*db).migrate());
        CallBatcher batcher(*db);
        QObject owner;
        const auto insertArea = [&](const QString &code) {
            return db->exec(QStringLiteral("INSERT INTO areas (code, name) VALUES (?, ?)"), {code, code}).ok();
        };
        const auto committedAreas = [&] {
            auto q = observer->exec(QStringLiteral("SELECT code FROM areas ORDER BY code"));
            QStringList codes;
            while (q && q.value().next())
                codes << q.value().value(0).toString();
            return codes;
        };
        QStringList seenAtAnswer;
        QList<bool> failed;
        for (const QString &code : {QStringLiteral("A"), QStringLiteral("FAILS"), QStringLiteral("C")}) {
            batcher.submit(
                &owner,
                [&, code]() -> HandlerResult {
                    if (!insertArea(code))
                        return CallFailure{ErrorCode::InternalError, QStringLiteral("insert failed")};
                    if (code == QLatin1String("FAILS"))
                        return CallFailure{ErrorCode::PropertyConstraintViolation, QStringLiteral("refused")};
                    return QJsonObject{{QStringLiteral("code"), code}};
                },
                [&](const HandlerResult &result) {
                    failed << std::holds_alternative<CallFailure>(result);
                    seenAtAnswer = committedAreas();
                });
        }
        // Nothing runs inside submit(): the batch waits for the event loop.
        QCOMPARE(batcher.queued(), 3);
        QVERIFY(committedAreas().isEmpty());
        QTRY_COMPARE(failed.size(), 3);
        QCOMPARE(failed, QList<bool>({false, true, false}));
        // Answered after the commit, and the refused call left nothing behind.
        QCOMPARE(seenAtAnswer, QStringList({"A", "C"}));
        QCOMPARE(committedAreas(), QStringList({"A", "C"}));
    }

    void goneOwner_isNeitherRunNorAnswered()
    {
        Test::TestDatabase testDb;
        QVERIFY2(testDb.isValid(), qPrintable(testDb.error()));
        auto db = testDb.open();
        QVERIFY(Core::Migrator(*db).migrate());
        CallBatcher batcher(*db);
        auto *owner = new QObject;
        bool ran = false;
        bool answered = false;
        batcher.submit(
            owner,
            [&]() -> HandlerResult {
                ran = true;
                return QJsonObject();
            },
            [&](const HandlerResult &) { answered = true; });
        delete owner; // the station disconnected before its batch ran
        // A later call of a station still there: once it is answered, the earlier one's turn
        // has come and gone.
        QObject stillThere;
        bool laterAnswered = false;
        batcher.submit(
            &stillThere, [] { return HandlerResult(QJsonObject()); },
            [&](const HandlerResult &) { laterAnswered = true; });
        QTRY_VERIFY(laterAnswered);
        QCOMPARE(batcher.queued(), 0);
        QVERIFY(!ran);
        QVERIFY(!answered);
    }
};

QTEST_GUILESS_MAIN(TestCallBatcher)
#include "tst_callbatcher.moc"
