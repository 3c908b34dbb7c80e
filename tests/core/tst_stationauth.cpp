#include "core/catalog.h"
#include "core/migrator.h"
#include "core/repository.h"
#include "core/stationservice.h"
#include "support/testdata.h"
#include "support/testdatabase.h"

#include <QTest>

#include <memory>
#include <utility>

using namespace ChargeDesk::Core;
using ChargeDesk::Test::TestDatabase;

namespace {

// A migrated database and the station service over it, with time under control.
struct Fixture
{
    TestDatabase testDb;
    decltype(std::declval<TestDatabase &>().open()) db;
    Catalog catalog;
    FakeClock clock{QDateTime(QDate(2026, 5, 1), QTime(9, 0), Qt::UTC)};
    std::unique_ptr<Repository> repo;
    std::unique_ptr<StationService> stations;

    bool open()
    {
        if (!testDb.isValid())
            return false;
        db = testDb.open();
        if (!Migrator(*db).migrate())
            return false;
        repo = std::make_unique<Repository>(*db, catalog, clock);
        stations = std::make_unique<StationService>(*repo, clock);
        return true;
    }
};

} // namespace

// How the gateway decides about a station's connection attempt, with time under control.
class TestStationAuth : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { qInfo("storage backend: %s", qPrintable(ChargeDesk::Test::backend())); }

    void guessFlood_isThrottled_knownStationStillConnects()
    {
        Fixture fx;
        QVERIFY2(fx.open(), qPrintable(fx.testDb.error()));
        Repository &repo = *fx.repo;
        StationService &stations = *fx.stations;
        FakeClock &clock = fx.clock;
        const qint64 area = ChargeDesk::Test::createArea(repo, "A");
        qint64 ids[2] = {};
        for (int i = 0; i < 2; ++i) {
            const QString code = QStringLiteral("S%1").arg(i);
            ids[i] = ChargeDesk::Test::createStation(repo, area, code, "ocpp1.6", "wss_basic");
            QVERIFY(ids[i] > 0);
            QVERIFY(
                stations.setCredentials(Actor::system(), ids[i], code, QStringLiteral("the-right-password-%1").arg(i)));
        }
        const auto attempt = [&](const QString &identifier, const QString &password) {
            ConnectionAttempt a;
            a.identifier = identifier;
            a.secure = true;
            a.username = identifier;
            a.password = password;
            return stations.authorizeConnection(a);
        };
        const auto refusal = [](const std::variant<StationLink, StationService::Refusal> &v) {
            return std::holds_alternative<StationService::Refusal>(v) ? int(std::get<StationService::Refusal>(v)) : -1;
        };
        // S0 connected once before the flood: its password is remembered.
        QCOMPARE(refusal(attempt("S0", "the-right-password-0")), -1);
        clock.advance(1);

        int wrong = 0;
        int busy = 0;
        for (int i = 0; i < 30; ++i) {
            const int r = refusal(attempt("S1", QStringLiteral("guess-number-%1-xxxxxxxx").arg(i)));
            wrong += r == int(StationService::Refusal::BadCredentials);
            busy += r == int(StationService::Refusal::Busy);
        }
        // Within one second (the clock stands still) 20 guesses are checked; the rest wait.
        QCOMPARE(wrong, 20);
        QCOMPARE(busy, 10);
        // The known station is not held up by the flood; the unknown right password must wait.
        QCOMPARE(refusal(attempt("S0", "the-right-password-0")), -1);
        QCOMPARE(refusal(attempt("S1", "the-right-password-1")), int(StationService::Refusal::Busy));
        clock.advance(1);
        QCOMPARE(refusal(attempt("S1", "the-right-password-1")), -1);
        // A wrong password for a known station is still wrong.
        QCOMPARE(refusal(attempt("S0", "the-wrong-password-0")), int(StationService::Refusal::BadCredentials));
    }

    // A station taken out of use is refused until it is reopened, and its disconnection does not
    // make it "inoperative" again.
    void closedStation_isRefused_untilReopened()
    {
        Fixture fx;
        QVERIFY2(fx.open(), qPrintable(fx.testDb.error()));
        Repository &repo = *fx.repo;
        StationService &stations = *fx.stations;
        const qint64 id =
            ChargeDesk::Test::createStation(repo, ChargeDesk::Test::createArea(repo, "A"), "OLD", "ocpp1.6", "ws");
        ConnectionAttempt a;
        a.identifier = QStringLiteral("OLD");
        const auto refused = [&] {
            const auto v = stations.authorizeConnection(a);
            return std::holds_alternative<StationService::Refusal>(v) &&
                   std::get<StationService::Refusal>(v) == StationService::Refusal::Closed;
        };
        const auto status = [&] {
            return repo.get(Actor::system(), Tables::Stations, id).value().value("operational_status").toString();
        };
        QVERIFY(!refused());
        QVERIFY(stations.recordConnected(id));
        QVERIFY(stations.setClosed(Actor::system(), id, true));
        QVERIFY(stations.recordDisconnected(id));
        QCOMPARE(status(), QStringLiteral("closed"));
        QVERIFY(refused());
        QVERIFY(stations.setClosed(Actor::system(), id, false));
        QCOMPARE(status(), QStringLiteral("inoperative"));
        QVERIFY(!refused());
    }
};

QTEST_GUILESS_MAIN(TestStationAuth)
#include "tst_stationauth.moc"
