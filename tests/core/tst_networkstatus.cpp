#include "core/networkstatus.h"
#include "core/timezones.h"
#include "support/sessionengine.h"
#include "support/testdata.h"

#include <QTest>

using namespace ChargeDesk;
using namespace ChargeDesk::Core;

// The overview's figures and its "needs attention" list, read from the records the session
// engine and the station service write.
class TestNetworkStatus : public Test::SessionEngineFixture
{
    Q_OBJECT

private slots:
    void faultAndOutage_leadTheList_namingStationAndConnector();
    void today_countsSessionsEnergyAndRevenue();
    void today_beginsAtMidnightInTheSiteZone();
    void startOfDay_isLocalMidnight_acrossDaylightSavingChanges_data();
    void startOfDay_isLocalMidnight_acrossDaylightSavingChanges();
    void ratingFailure_pointsAtTheSession();
    void refusedConnection_isCountedPerIdentity_andForgottenOnceItConnects();
    void refusedConnections_areNotShownToOperatorUsers();

private:
    NetworkStatus read(const Actor &actor = Actor::system());
    void clearRefusals() { QVERIFY(m_db->run(QStringLiteral("DELETE FROM refused_connections"))); }
};

NetworkStatus TestNetworkStatus::read(const Actor &actor)
{
    auto status = readNetworkStatus(*m_repo, actor);
    if (!status)
        qWarning("%s", qPrintable(status.error().message()));
    return status ? status.value() : NetworkStatus{};
}

void TestNetworkStatus::faultAndOutage_leadTheList_namingStationAndConnector()
{
    clearRefusals();
    const qint64 second = Test::createStation(*m_repo, m_areaId, QStringLiteral("CP2"));
    QVERIFY(m_stations->recordConnected(m_stationId));
    QVERIFY(m_stations->recordConnected(second));
    status(QStringLiteral("available"), t(0), 1);
    status(QStringLiteral("charging"), t(0), 2);

    NetworkStatus before = read();
    QCOMPARE(before.stationsOnline, 2);
    QCOMPARE(before.stationsOffline, 0);
    QCOMPARE(before.connectorsAvailable, 1);
    QCOMPARE(before.connectorsCharging, 1);
    QVERIFY(before.attention.isEmpty());

    m_clock->set(t(60));
    status(QStringLiteral("faulted"), t(60), 1);
    m_clock->set(t(120));
    QVERIFY(m_stations->recordDisconnected(second));

    const NetworkStatus after = read();
    QCOMPARE(after.stationsOnline, 1);
    QCOMPARE(after.stationsOffline, 1);
    QCOMPARE(after.connectorsFaulted, 1);
    QCOMPARE(after.connectorsAvailable, 0);
    QCOMPARE(after.attention.size(), 2);
    const AttentionItem &fault = after.attention.at(0);
    QCOMPARE(fault.kind, AttentionItem::Kind::Fault);
    QCOMPARE(fault.subject, QStringLiteral("CP1 · connector 1"));
    QCOMPARE(fault.table, Tables::Stations);
    QCOMPARE(fault.id, m_stationId);
    QCOMPARE(fault.sinceMs, t(60).toMSecsSinceEpoch());
    const AttentionItem &outage = after.attention.at(1);
    QCOMPARE(outage.kind, AttentionItem::Kind::Offline);
    QCOMPARE(outage.subject, QStringLiteral("CP2"));
    QCOMPARE(outage.id, second);
    QCOMPARE(outage.sinceMs, t(120).toMSecsSinceEpoch());
    QVERIFY(fault.key() != outage.key());
}

void TestNetworkStatus::today_countsSessionsEnergyAndRevenue()
{
    clearRefusals();
    pricedSite();
    driver(QStringLiteral("TAG-A"));
    driver(QStringLiteral("TAG-B"));
    const StartedTransaction done = start(QStringLiteral("TAG-A"), t(0), 10000);
    meter(done.transactionId, 11000, t(5 * Min));
    stop(done.transactionId, 12000, t(10 * Min));
    const StartedTransaction running = start(QStringLiteral("TAG-B"), t(11 * Min), 0, 2);
    meter(running.transactionId, 500, t(12 * Min), 2);

    const NetworkStatus now = read();
    QCOMPARE(now.sessionsToday, 2);
    QCOMPARE(now.energyTodayWh, 2500.0);
    // 2 kWh at 30 per kWh (no Charging status came, so no charge time); the running session
    // is not rated yet.
    QCOMPARE(session(done.sessionId).value("amount_minor").toLongLong(), 60);
    QCOMPARE(now.revenueTodayMinor, 60);
    QCOMPARE(now.currency, QStringLiteral("EUR"));
}

void TestNetworkStatus::today_beginsAtMidnightInTheSiteZone()
{
    clearRefusals();
    site();
    QVERIFY(m_db->exec(QStringLiteral("UPDATE site_settings SET time_zone = 'Europe/Ljubljana'")));
    driver(QStringLiteral("TAG-A"));
    driver(QStringLiteral("TAG-B"));
    // The fixture's day is in winter (CET, UTC+1): 22:30 UTC the evening before is still
    // yesterday in Ljubljana, 23:30 UTC is already half past midnight today.
    const QDateTime morning = t(0);
    const QDateTime yesterdayLate = QDateTime(morning.date().addDays(-1), QTime(22, 30), QTimeZone::utc());
    const QDateTime todayEarly = QDateTime(morning.date().addDays(-1), QTime(23, 30), QTimeZone::utc());
    QVERIFY(!QTimeZone("Europe/Ljubljana").isDaylightTime(morning));
    const StartedTransaction late = start(QStringLiteral("TAG-A"), yesterdayLate, 0);
    stop(late.transactionId, 1000, yesterdayLate.addSecs(10 * Min));
    const StartedTransaction early = start(QStringLiteral("TAG-B"), todayEarly, 0);
    stop(early.transactionId, 3000, todayEarly.addSecs(10 * Min));
    m_clock->set(morning);

    const NetworkStatus now = read();
    QCOMPARE(now.sessionsToday, 1);
    QCOMPARE(now.energyTodayWh, 3000.0);
}

void TestNetworkStatus::startOfDay_isLocalMidnight_acrossDaylightSavingChanges_data()
{
    QTest::addColumn<QDateTime>("at");
    QTest::addColumn<QDateTime>("midnight");
    const auto utc = [](int month, int day, int hour, int minute) {
        return QDateTime(QDate(2026, month, day), QTime(hour, minute), QTimeZone::utc());
    };
    // Europe/Ljubljana moves to summer time on 29 March 2026 and back on 25 October 2026.
    QTest::newRow("winter") << utc(1, 15, 12, 0) << utc(1, 14, 23, 0);
    QTest::newRow("spring-forward day, after the change") << utc(3, 29, 10, 0) << utc(3, 28, 23, 0);
    QTest::newRow("day after spring-forward") << utc(3, 30, 0, 30) << utc(3, 29, 22, 0);
    QTest::newRow("fall-back day, after the change") << utc(10, 25, 20, 0) << utc(10, 24, 22, 0);
    QTest::newRow("day after fall-back, just after midnight") << utc(10, 25, 23, 5) << utc(10, 25, 23, 0);
}

void TestNetworkStatus::startOfDay_isLocalMidnight_acrossDaylightSavingChanges()
{
    QFETCH(QDateTime, at);
    QFETCH(QDateTime, midnight);
    QCOMPARE(QDateTime::fromMSecsSinceEpoch(startOfDayMs(at.toMSecsSinceEpoch(), QTimeZone("Europe/Ljubljana")),
                                            QTimeZone::utc()),
             midnight);
}

void TestNetworkStatus::ratingFailure_pointsAtTheSession()
{
    clearRefusals();
    // Priced by the charger's settings, but no site says in which currency: rating fails.
    QVERIFY(m_repo->update(Actor::system(), Tables::Chargers, chargerId(),
                           {{"rating_settings_id", ratingSettings({{"energy_price_minor", 30}})}}));
    driver(QStringLiteral("TAG-A"));
    const StartedTransaction tx = start(QStringLiteral("TAG-A"), t(0), 0);
    stop(tx.transactionId, 2000, t(10 * Min));
    QCOMPARE(session(tx.sessionId).value("status").toString(), QStringLiteral("rating_failed"));

    const NetworkStatus now = read();
    QCOMPARE(now.attention.size(), 2); // and the station, which never connected
    const AttentionItem &failure = now.attention.at(1);
    QCOMPARE(failure.kind, AttentionItem::Kind::Rating);
    QCOMPARE(failure.table, Tables::Sessions);
    QCOMPARE(failure.id, tx.sessionId);
    QCOMPARE(failure.subject, QStringLiteral("CP1 · connector 1"));
    QVERIFY2(failure.problem.contains(session(tx.sessionId).value("code").toString()), qPrintable(failure.problem));
}

void TestNetworkStatus::refusedConnection_isCountedPerIdentity_andForgottenOnceItConnects()
{
    clearRefusals();
    QVERIFY(m_stations->recordConnected(m_stationId));
    ConnectionAttempt stranger;
    stranger.identifier = QStringLiteral("NEW-CHARGER-7");
    stranger.address = QStringLiteral("192.0.2.7");
    stranger.protocols = QStringLiteral("ocpp1.6");
    for (int i = 0; i < 6; ++i) {
        m_clock->set(t(i * 10));
        m_stations->recordRefusal(stranger, QStringLiteral("Unknown connection identifier."));
    }
    m_clock->set(t(60));
    ConnectionAttempt known;
    known.identifier = QStringLiteral("CP1");
    m_stations->recordRefusal(known, QStringLiteral("Wrong or missing credentials."));

    auto rows = m_repo->listAll(Actor::system(), Tables::RefusedConnections);
    QVERIFY(rows);
    QCOMPARE(rows.value().size(), 2);
    const Record row = m_repo
                           ->listAll(Actor::system(), Tables::RefusedConnections,
                                     {.filters = {{"identifier", ListQuery::Filter::Op::Equals, "NEW-CHARGER-7"}}})
                           .value()
                           .value(0);
    QCOMPARE(row.value("attempts").toInt(), 6);
    QCOMPARE(row.value("address").toString(), QStringLiteral("192.0.2.7"));
    QCOMPARE(row.value("protocol").toString(), QStringLiteral("ocpp1.6"));
    QCOMPARE(row.value("first_at").toLongLong(), t(0).toMSecsSinceEpoch());
    QCOMPARE(row.value("last_at").toLongLong(), t(50).toMSecsSinceEpoch());

    NetworkStatus now = read();
    QCOMPARE(now.attention.size(), 2);
    QCOMPARE(now.attention.at(0).kind, AttentionItem::Kind::Refused);
    QCOMPARE(now.attention.at(0).subject, QStringLiteral("CP1")); // the latest first
    QCOMPARE(now.attention.at(1).subject, QStringLiteral("NEW-CHARGER-7"));
    QVERIFY2(now.attention.at(1).problem.contains(QLatin1String("6")), qPrintable(now.attention.at(1).problem));

    // The station whose password was wrong connects after all: its refusal is no longer news.
    QVERIFY(m_stations->recordConnected(m_stationId));
    now = read();
    QCOMPARE(now.attention.size(), 1);
    QCOMPARE(now.attention.at(0).subject, QStringLiteral("NEW-CHARGER-7"));

    // A day later the stranger is still listed with the refused connections, but not news.
    m_clock->set(t(50 + 24 * 3600 + 1));
    QCOMPARE(read().attention.size(), 0);
    QCOMPARE(m_repo->count(Actor::system(), Tables::RefusedConnections).value(), 1);
}

void TestNetworkStatus::refusedConnections_areNotShownToOperatorUsers()
{
    clearRefusals();
    auto operatorId = m_repo->create(Actor::system(), Tables::Operators, {{"code", "OP"}, {"name", "Operator"}});
    QVERIFY(operatorId);
    ConnectionAttempt stranger;
    stranger.identifier = QStringLiteral("SOMEONE-ELSES");
    m_stations->recordRefusal(stranger, QStringLiteral("Unknown connection identifier."));
    const Actor operatorUser{.userId = 5, .email = QStringLiteral("op@example.com"), .operatorId = operatorId.value()};
    const NetworkStatus seen = read(operatorUser);
    QCOMPARE(seen.stationsOnline + seen.stationsOffline, 0); // CP1's area belongs to no operator
    QVERIFY(seen.attention.isEmpty());
    QCOMPARE(read().attention.size(), 2); // a power user sees CP1 waiting and the stranger
}

QTEST_GUILESS_MAIN(TestNetworkStatus)
#include "tst_networkstatus.moc"
