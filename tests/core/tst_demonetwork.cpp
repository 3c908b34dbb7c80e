#include "core/authservice.h"
#include "core/catalog.h"
#include "core/demonetwork.h"
#include "support/repositoryfixture.h"
#include "support/testdatabase.h"

#include <QTest>

using namespace ChargeDesk::Core;

// The network `chargedesk --demo` starts with.
class TestDemoNetwork : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { qInfo("storage backend: %s", qPrintable(ChargeDesk::Test::backend())); }
    void init();
    void cleanup();
    void seed_fillsAnEmptyDatabaseWithAUsableNetwork();
    void seed_refusesADatabaseWithStations();
    void meter_swingsAndIsStored();

private:
    qint64 count(const QString &sql);

    SystemClock m_clock;
    std::unique_ptr<ChargeDesk::Test::RepositoryFixture> m_fx;
    Database *m_db = nullptr;
    Repository *m_repo = nullptr;
    std::unique_ptr<AuthService> m_auth;
};

void TestDemoNetwork::init()
{
    m_fx = std::make_unique<ChargeDesk::Test::RepositoryFixture>(m_clock);
    QVERIFY2(m_fx->isValid(), qPrintable(m_fx->error));
    m_db = m_fx->db.get();
    m_repo = m_fx->repo.get();
    m_auth = std::make_unique<AuthService>(*m_repo);
}

void TestDemoNetwork::cleanup()
{
    m_auth.reset();
    m_repo = nullptr;
    m_db = nullptr;
    m_fx.reset();
}

qint64 TestDemoNetwork::count(const QString &sql)
{
    auto q = m_db->exec(sql);
    return q && q.value().next() ? q.value().value(0).toLongLong() : -1;
}

void TestDemoNetwork::seed_fillsAnEmptyDatabaseWithAUsableNetwork()
{
    const auto demo = seedDemoNetwork(*m_repo, *m_auth);
    QVERIFY2(demo, demo ? "" : qPrintable(demo.error().message()));
    QCOMPARE(count("SELECT COUNT(*) FROM operators"), 2);
    QCOMPARE(count("SELECT COUNT(*) FROM areas WHERE latitude IS NOT NULL AND longitude IS NOT NULL"), 4);
    QCOMPARE(count("SELECT COUNT(*) FROM areas WHERE dlb_enabled = 1"), 2);
    QCOMPARE(count("SELECT COUNT(*) FROM stations"), qint64(demo.value().stations.size()));
    // Every connector the simulator will play is configured, none waits for review.
    int connectors = 0;
    for (const DemoNetwork::Station &s : demo.value().stations)
        connectors += s.connectors;
    QCOMPARE(count("SELECT COUNT(*) FROM connectors WHERE wattage_limit_w > 0 AND needs_review = 0"), connectors);
    QCOMPARE(count("SELECT COUNT(*) FROM id_devices WHERE customer_id IS NOT NULL"),
             qint64(demo.value().cardTags.size()));
    QVERIFY(demo.value().cardTags.size() >= 6);
    QCOMPARE(count("SELECT COUNT(*) FROM assets WHERE type = 'smart_meter'"), 1);
    // Both protocols are played.
    QStringList protocols;
    for (const DemoNetwork::Station &s : demo.value().stations)
        protocols << s.protocol;
    QVERIFY(protocols.contains("ocpp1.6") && protocols.contains("ocpp2.0.1"));
    // The demo user signs in.
    QVERIFY(m_auth->signIn(demo.value().userEmail, demo.value().userPassword));
}

void TestDemoNetwork::seed_refusesADatabaseWithStations()
{
    QVERIFY(seedDemoNetwork(*m_repo, *m_auth));
    const auto again = seedDemoNetwork(*m_repo, *m_auth);
    QVERIFY(!again);
    QCOMPARE(again.error().kind(), Error::Kind::Conflict);
    QCOMPARE(count("SELECT COUNT(*) FROM operators"), 2);
}

void TestDemoNetwork::meter_swingsAndIsStored()
{
    const QDateTime start(QDate(2026, 11, 25), QTime(8, 0), Qt::UTC);
    double low = 1e9, high = 0;
    for (int s = 0; s < 600; s += 10) {
        low = std::min(low, demoMeterAvailableW(start.addSecs(s)));
        high = std::max(high, demoMeterAvailableW(start.addSecs(s)));
    }
    QVERIFY(low >= 29000 && low <= 32000);
    QVERIFY(high >= 52000 && high <= 55000);
    const auto demo = seedDemoNetwork(*m_repo, *m_auth);
    QVERIFY(demo);
    QVERIFY(reportDemoMeter(*m_repo, demo.value(), start));
    QCOMPARE(count("SELECT power_w FROM asset_measurements"), qint64(demoMeterAvailableW(start)));
}

QTEST_GUILESS_MAIN(TestDemoNetwork)
#include "tst_demonetwork.moc"
