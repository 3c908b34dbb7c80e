#include "core/sessionpolicy.h"
#include "support/sessionengine.h"

#include <QSignalSpy>
#include <QTest>

using namespace ChargeDesk;
using namespace ChargeDesk::Core;

// The session engine's answers to a driver (authorization, refused starts) and how it rates
// and limits the sessions it allows: exact rating with the settings of the right level,
// prepaid debits and limits.
class TestSessionAuthorization : public Test::SessionEngineFixture
{
    Q_OBJECT

private slots:
    void chargerPolicy_idleTimes_nameTheLevelTheyCameFrom();
    void authorize_judgesDeviceCustomerAndNetwork_data();
    void authorize_judgesDeviceCustomerAndNetwork();
    void start_customerNotAllowed_isKeptRefused_data();
    void start_customerNotAllowed_isKeptRefused();
    void start_customerWithAnOpenSession_isRefusedConcurrentTx();
    void start_unknownToken_isPublicFreeAndNotRated();
    void authorize_remoteStartToken_isItsReadySessionsCustomer();

    void fullSession_isRatedExactly();
    void ratingSettings_chargerOverOperatorOverSite_data();
    void ratingSettings_chargerOverOperatorOverSite();
    void prepaid_balanceIsDebitedByTheAmount();
    void prepaid_withoutCreditForTheFirstStep_isNoCredit();
    void limits_markLimitReachedAndAskForAStop_data();
    void limits_markLimitReachedAndAskForAStop();
};

Q_DECLARE_METATYPE(ChargeDesk::Core::AuthorizationStatus)

// --- Authorization -------------------------------------------------------------------------

void TestSessionAuthorization::authorize_judgesDeviceCustomerAndNetwork_data()
{
    QTest::addColumn<QString>("deviceStatus"); // empty: no device at all
    QTest::addColumn<int>("expiresInS");       // 0: no expiry
    QTest::addColumn<QString>("paymentType");  // empty: a device nobody owns
    QTest::addColumn<QString>("customerStatus");
    QTest::addColumn<qint64>("balance");
    QTest::addColumn<bool>("stationVisible");
    QTest::addColumn<bool>("member");
    QTest::addColumn<AuthorizationStatus>("expected");
    QTest::addColumn<QString>("name16");
    using A = AuthorizationStatus;
    const QString active = "active";

    QTest::newRow("unknown token") << QString() << 0 << "postpaid" << active << 0LL << true << false << A::Invalid
                                   << "Invalid";
    QTest::newRow("accepted") << active << 0 << "postpaid" << active << 0LL << true << false << A::Accepted
                              << "Accepted";
    QTest::newRow("expiring later") << active << 60 << "postpaid" << active << 0LL << true << false << A::Accepted
                                    << "Accepted";
    QTest::newRow("device blocked") << "blocked" << 0 << "postpaid" << active << 0LL << true << false << A::Blocked
                                    << "Blocked";
    QTest::newRow("device expired") << active << -1 << "postpaid" << active << 0LL << true << false << A::Expired
                                    << "Expired";
    QTest::newRow("device without customer")
        << active << 0 << QString() << active << 0LL << true << false << A::Invalid << "Invalid";
    QTest::newRow("customer suspended") << active << 0 << "postpaid"
                                        << "suspended" << 0LL << true << false << A::Blocked << "Blocked";
    QTest::newRow("customer closed") << active << 0 << "postpaid"
                                     << "closed" << 0LL << true << false << A::Invalid << "Invalid";
    QTest::newRow("prepaid with credit") << active << 0 << "prepaid" << active << 1LL << true << false << A::Accepted
                                         << "Accepted";
    QTest::newRow("prepaid without credit")
        << active << 0 << "prepaid" << active << 0LL << true << false << A::NoCredit << "Blocked";
    QTest::newRow("prepaid in debt") << active << 0 << "prepaid" << active << -5LL << true << false << A::NoCredit
                                     << "Blocked";
    QTest::newRow("pay-now") << active << 0 << "pay_now" << active << 0LL << true << false << A::Accepted << "Accepted";
    QTest::newRow("invisible station, not a member")
        << active << 0 << "postpaid" << active << 0LL << false << false << A::NotAtThisLocation << "Invalid";
    QTest::newRow("invisible station, member of its operator")
        << active << 0 << "postpaid" << active << 0LL << false << true << A::Accepted << "Accepted";
}

void TestSessionAuthorization::authorize_judgesDeviceCustomerAndNetwork()
{
    QFETCH(QString, deviceStatus);
    QFETCH(int, expiresInS);
    QFETCH(QString, paymentType);
    QFETCH(QString, customerStatus);
    QFETCH(qint64, balance);
    QFETCH(bool, stationVisible);
    QFETCH(bool, member);
    QFETCH(AuthorizationStatus, expected);
    QFETCH(QString, name16);

    // The area belongs to an operator; a second operator's member is no member here.
    const qint64 op =
        m_repo->create(Actor::system(), Tables::Operators, {{"code", "HOTEL"}, {"name", "Hotel"}}).value();
    const qint64 other =
        m_repo->create(Actor::system(), Tables::Operators, {{"code", "SHOP"}, {"name", "Shop"}}).value();
    QVERIFY(m_repo->update(Actor::system(), Tables::Areas, m_areaId, {{"operator_id", op}}));
    QVERIFY(m_repo->update(Actor::system(), Tables::Stations, m_stationId, {{"visible", stationVisible}}));

    const qint64 c = paymentType.isEmpty() ? 0 : customer("ANA", paymentType, balance, customerStatus);
    if (c) {
        QVERIFY(m_repo->create(Actor::system(), Tables::OperatorMembers, {{"operator_id", other}, {"customer_id", c}}));
        if (member)
            QVERIFY(
                m_repo->create(Actor::system(), Tables::OperatorMembers, {{"operator_id", op}, {"customer_id", c}}));
    }
    if (!deviceStatus.isEmpty())
        QVERIFY(device("TAG", c, deviceStatus,
                       expiresInS ? QVariant(t(0).addSecs(expiresInS).toMSecsSinceEpoch()) : QVariant()) > 0);

    const Authorization a = m_sessions->authorize("TAG", m_stationId);
    QCOMPARE(authorizationStatusName(a.status), authorizationStatusName(expected));
    QCOMPARE(authorizationStatusName16(a.status), name16);
    if (expected == AuthorizationStatus::Accepted)
        QCOMPARE(a.customerId, c);
    // Without a station there is no private network to check.
    if (expected == AuthorizationStatus::NotAtThisLocation)
        QCOMPARE(authorizationStatusName(m_sessions->authorize("TAG").status), QStringLiteral("Accepted"));
}

void TestSessionAuthorization::start_customerNotAllowed_isKeptRefused_data()
{
    QTest::addColumn<QString>("deviceStatus");
    QTest::addColumn<bool>("expired");
    QTest::addColumn<QString>("paymentType");
    QTest::addColumn<QString>("customerStatus");
    QTest::addColumn<bool>("visible");
    QTest::addColumn<QString>("name"); // 2.0.1 name of the answer
    QTest::newRow("device blocked") << "blocked" << false << "postpaid"
                                    << "active" << true << "Blocked";
    QTest::newRow("device expired") << "active" << true << "postpaid"
                                    << "active" << true << "Expired";
    QTest::newRow("customer suspended") << "active" << false << "postpaid"
                                        << "suspended" << true << "Blocked";
    QTest::newRow("customer closed") << "active" << false << "postpaid"
                                     << "closed" << true << "Invalid";
    QTest::newRow("prepaid without credit") << "active" << false << "prepaid"
                                            << "active" << true << "NoCredit";
    QTest::newRow("private network") << "active" << false << "postpaid"
                                     << "active" << false << "NotAtThisLocation";
}

void TestSessionAuthorization::start_customerNotAllowed_isKeptRefused()
{
    QFETCH(QString, deviceStatus);
    QFETCH(bool, expired);
    QFETCH(QString, paymentType);
    QFETCH(QString, customerStatus);
    QFETCH(bool, visible);
    QFETCH(QString, name);
    pricedSite();
    QVERIFY(m_repo->update(Actor::system(), Tables::Stations, m_stationId, {{"visible", visible}}));
    const qint64 c = customer("ANA", paymentType, 0, customerStatus);
    device("TAG", c, deviceStatus, expired ? QVariant(t(-1).toMSecsSinceEpoch()) : QVariant());

    // The customer is known but may not charge: the refusal is kept as hers (a charger that
    // starts anyway is told so in the answer).
    const StartedTransaction started = start("TAG", t(0), 0);
    QCOMPARE(authorizationStatusName(started.authorization.status), name);
    const Record s = session(started.sessionId);
    QCOMPARE(s.value("status").toString(), QStringLiteral("refused"));
    QCOMPARE(s.value("customer_id").toLongLong(), c);
    QCOMPARE(s.value("authorization_mode").toString(), QStringLiteral("customer"));
    QCOMPARE(eventStatuses(started.sessionId), QStringList{"refused"});
}

void TestSessionAuthorization::start_customerWithAnOpenSession_isRefusedConcurrentTx()
{
    pricedSite();
    const qint64 ana = driver("TAG-A");
    device("TAG-A2", ana); // her second card
    const StartedTransaction first = start("TAG-A", t(0), 0, 1);
    QCOMPARE(authorizationStatusName(first.authorization.status), QStringLiteral("Accepted"));

    const StartedTransaction second = start("TAG-A2", t(60), 500, 2);
    QCOMPARE(authorizationStatusName(second.authorization.status), QStringLiteral("ConcurrentTx"));
    QVERIFY(second.sessionId > 0);
    QVERIFY(second.sessionId != first.sessionId);
    // The refusal is kept, as the customer's, and ended where it started.
    const Record refused = session(second.sessionId);
    QCOMPARE(refused.value("status").toString(), QStringLiteral("refused"));
    QCOMPARE(refused.value("customer_id").toLongLong(), ana);
    QCOMPARE(refused.value("connector_id").toLongLong(), connectorId(2));
    QCOMPARE(refused.value("ended_at").toLongLong(), t(60).toMSecsSinceEpoch());
    QCOMPARE(eventStatuses(second.sessionId), QStringList{"refused"});
    QCOMPARE(session(first.sessionId).value("status").toString(), QStringLiteral("in_progress"));
}

void TestSessionAuthorization::start_unknownToken_isPublicFreeAndNotRated()
{
    pricedSite();
    const StartedTransaction started = start("STRANGER", t(0), 1000);
    QCOMPARE(authorizationStatusName(started.authorization.status), QStringLiteral("Invalid"));
    Record s = session(started.sessionId);
    QCOMPARE(s.value("status").toString(), QStringLiteral("in_progress"));
    QCOMPARE(s.value("authorization_mode").toString(), QStringLiteral("public_free"));
    QVERIFY(s.value("customer_id").isNull());

    status("charging", t(60));
    stop(started.transactionId, 6000, t(3600));
    s = session(started.sessionId);
    QCOMPARE(s.value("status").toString(), QStringLiteral("closed"));
    QCOMPARE(s.value("energy_wh").toLongLong(), 5000);
    QCOMPARE(s.value("charge_s").toLongLong(), 3540);
    QCOMPARE(s.value("amount_minor").toLongLong(), 0);
    QVERIFY(charges(started.sessionId).isEmpty());
}

void TestSessionAuthorization::authorize_remoteStartToken_isItsReadySessionsCustomer()
{
    // A remote start gives the charger a token that is no ID device: it stands for the
    // Ready session's customer while that session waits, and for nobody afterwards.
    const qint64 ana = customer("ANA", "postpaid");
    const auto ready = m_repo->create(Actor::system(), Tables::Sessions, readySession(ana, connectorId(), "RS-0001"));
    QVERIFY(ready);
    Authorization a = m_sessions->authorize("RS-0001", m_stationId);
    QCOMPARE(authorizationStatusName(a.status), QStringLiteral("Accepted"));
    QCOMPARE(a.customerId, ana);
    QCOMPARE(a.deviceId, 0);

    QVERIFY(m_repo->update(Actor::system(), Tables::Customers, ana, {{"status", "suspended"}}));
    QCOMPARE(authorizationStatusName(m_sessions->authorize("RS-0001", m_stationId).status), QStringLiteral("Blocked"));
    QVERIFY(m_repo->update(Actor::system(), Tables::Customers, ana, {{"status", "active"}}));

    m_clock->set(t(3 * Min));
    QVERIFY(m_sessions->finish(ready.value(), "Ready session expired"));
    a = m_sessions->authorize("RS-0001", m_stationId);
    QCOMPARE(authorizationStatusName(a.status), QStringLiteral("Invalid"));
    QCOMPARE(a.customerId, 0);
}

// --- Rating --------------------------------------------------------------------------------

void TestSessionAuthorization::fullSession_isRatedExactly()
{
    pricedSite();
    const qint64 ana = driver("TAG-A");
    status("preparing", t(0));
    const StartedTransaction tx = start("TAG-A", t(0), 1000);
    QCOMPARE(authorizationStatusName(tx.authorization.status), QStringLiteral("Accepted"));
    status("charging", t(2 * Min));
    meter(tx.transactionId, 7000, t(30 * Min));
    status("suspended_ev", t(47 * Min));
    status("finishing", t(67 * Min));
    stop(tx.transactionId, 13345, t(72 * Min));

    // Park 08:00-08:02 (120 s), charge 08:02-08:47 (2700 s), park 08:47-09:12 (1500 s).
    // Energy 13345 - 1000 = 12345 Wh: 30 * 12.345 = 370.35 -> 370.
    // Charge 120 per hour * 2700 s = 90.
    // Park 60 per hour * (1620 - 600) s = 17.
    // Amount 370 + 90 + 17 = 477.
    const Record s = session(tx.sessionId);
    QCOMPARE(s.value("status").toString(), QStringLiteral("closed"));
    QCOMPARE(s.value("customer_id").toLongLong(), ana);
    QCOMPARE(s.value("energy_wh").toLongLong(), 12345);
    QCOMPARE(s.value("charge_s").toLongLong(), 2700);
    QCOMPARE(s.value("park_s").toLongLong(), 1620);
    QCOMPARE(s.value("fault_s").toLongLong(), 0);
    QCOMPARE(s.value("amount_minor").toLongLong(), 477);
    QCOMPARE(s.value("currency").toString(), QStringLiteral("EUR"));
    QCOMPARE(s.value("started_at").toLongLong(), t(0).toMSecsSinceEpoch());
    QCOMPARE(s.value("ended_at").toLongLong(), t(72 * Min).toMSecsSinceEpoch());
    QCOMPARE(s.value("charging_ended_at").toLongLong(), t(72 * Min).toMSecsSinceEpoch());
    QCOMPARE(s.value("stop_reason").toString(), QStringLiteral("EVDisconnected"));
    QCOMPARE(s.value("rated_at").toLongLong(), t(72 * Min).toMSecsSinceEpoch());
    QVERIFY(s.value("stop_reported").toBool());
    QVERIFY(!s.value("rating_identifier").toString().isEmpty());

    const QList<Record> c = charges(tx.sessionId);
    QCOMPARE(c.size(), 1);
    QCOMPARE(c.first().value("rating_identifier").toString(), s.value("rating_identifier").toString());
    QCOMPARE(c.first().value("customer_id").toLongLong(), ana);
    QCOMPARE(c.first().value("currency").toString(), QStringLiteral("EUR"));
    QCOMPARE(c.first().value("energy_wh").toLongLong(), 12345);
    QCOMPARE(c.first().value("charge_s").toLongLong(), 2700);
    QCOMPARE(c.first().value("rated_park_s").toLongLong(), 1020); // the rated park time, beyond the threshold
    QCOMPARE(c.first().value("energy_minor").toLongLong(), 370);
    QCOMPARE(c.first().value("charge_minor").toLongLong(), 90);
    QCOMPARE(c.first().value("park_minor").toLongLong(), 17);
    QCOMPARE(c.first().value("reservation_minor").toLongLong(), 0);
    QCOMPARE(c.first().value("amount_minor").toLongLong(), 477);
    QCOMPARE(c.first().value("home_roaming").toLongLong(), 0);

    QCOMPARE(eventStatuses(tx.sessionId), (QStringList{"in_progress", "closed"}));
    // A postpaid customer's balance is not touched.
    QCOMPARE(balance(ana), 0);
}

void TestSessionAuthorization::ratingSettings_chargerOverOperatorOverSite_data()
{
    QTest::addColumn<bool>("atSite");
    QTest::addColumn<bool>("operatorExists");
    QTest::addColumn<bool>("atOperator");
    QTest::addColumn<bool>("atCharger");
    QTest::addColumn<qint64>("amount");
    QTest::addColumn<QString>("level");
    // 1 kWh at the site's 10, the operator's 20 or the charger's 30 per kWh.
    QTest::newRow("charger over operator over site") << true << true << true << true << 30LL << "charger";
    QTest::newRow("charger over site") << true << false << false << true << 30LL << "charger";
    QTest::newRow("charger alone") << false << true << false << true << 30LL << "charger";
    QTest::newRow("operator over site") << true << true << true << false << 20LL << "operator";
    QTest::newRow("operator without settings: site") << true << true << false << false << 10LL << "site";
    QTest::newRow("site") << true << false << false << false << 10LL << "site";
    QTest::newRow("none anywhere") << false << true << false << false << 0LL << "";
}

void TestSessionAuthorization::chargerPolicy_idleTimes_nameTheLevelTheyCameFrom()
{
    const qint64 siteId = site();
    QVERIFY(m_repo->update(Actor::system(), Tables::SiteSettings, siteId,
                           {{"ready_session_expiration_s", 300}, {"ongoing_session_expiration_s", 7200}}));
    const auto op = m_repo->create(Actor::system(), Tables::Operators,
                                   {{"code", "HOTEL"}, {"name", "Hotel"}, {"ready_session_expiration_s", 120}});
    QVERIFY(op);
    QVERIFY(m_repo->update(Actor::system(), Tables::Areas, m_areaId, {{"operator_id", op.value()}}));
    const SessionPolicy p = chargerPolicy(*m_repo, chargerId()).value();
    // The operator's own wins; where it has none, the site's; where neither, the default.
    QCOMPARE(p.readyExpirationS, 120);
    QCOMPARE(p.readyExpirationLevel, QStringLiteral("operator"));
    QCOMPARE(p.ongoingExpirationS, 7200);
    QCOMPARE(p.ongoingExpirationLevel, QStringLiteral("site"));
    QCOMPARE(p.closedVerificationS, SessionPolicy::DefaultClosedVerificationS);
    QVERIFY(p.closedVerificationLevel.isEmpty());
    QVERIFY(p.ratingLevel.isEmpty());
}

void TestSessionAuthorization::ratingSettings_chargerOverOperatorOverSite()
{
    QFETCH(bool, atSite);
    QFETCH(bool, operatorExists);
    QFETCH(bool, atOperator);
    QFETCH(bool, atCharger);
    QFETCH(qint64, amount);
    QFETCH(QString, level);

    QVERIFY(site(atSite ? ratingSettings({{"energy_price_minor", 10}}) : 0) > 0);
    if (operatorExists) {
        Record op{{"code", "HOTEL"}, {"name", "Hotel"}};
        if (atOperator)
            op.insert("rating_settings_id", ratingSettings({{"energy_price_minor", 20}}));
        const auto id = m_repo->create(Actor::system(), Tables::Operators, op);
        QVERIFY(id);
        QVERIFY(m_repo->update(Actor::system(), Tables::Areas, m_areaId, {{"operator_id", id.value()}}));
    }
    if (atCharger)
        QVERIFY(m_repo->update(Actor::system(), Tables::Chargers, chargerId(),
                               {{"rating_settings_id", ratingSettings({{"energy_price_minor", 30}})}}));
    QCOMPARE(sessionPolicy(*m_repo, connectorId()).value().ratingLevel, level);
    // The charger's details read the same policy without naming a connector.
    const SessionPolicy charger = chargerPolicy(*m_repo, chargerId()).value();
    QCOMPARE(charger.ratingLevel, level);
    QCOMPARE(charger.rating.home.energyPerKwh, amount);

    driver("TAG-A");
    const StartedTransaction tx = start("TAG-A", t(0), 0);
    stop(tx.transactionId, 1000, t(10 * Min));
    const Record s = session(tx.sessionId);
    QCOMPARE(s.value("status").toString(), QStringLiteral("closed"));
    QCOMPARE(s.value("amount_minor").toLongLong(), amount);
    QCOMPARE(charges(tx.sessionId).size(), 1);
    QCOMPARE(charges(tx.sessionId).first().value("amount_minor").toLongLong(), amount);
}

void TestSessionAuthorization::prepaid_balanceIsDebitedByTheAmount()
{
    pricedSite();
    const qint64 ana = driver("TAG-A", "prepaid", 1000);
    const StartedTransaction tx = start("TAG-A", t(0), 0);
    status("charging", t(0));
    meter(tx.transactionId, 2000, t(10 * Min));
    stop(tx.transactionId, 5000, t(30 * Min));
    // 30 * 5 kWh = 150; 120 per hour * 1800 s = 60: 210.
    QCOMPARE(session(tx.sessionId).value("amount_minor").toLongLong(), 210);
    QCOMPARE(session(tx.sessionId).value("status").toString(), QStringLiteral("closed"));
    QCOMPARE(balance(ana), 1000 - 210);
}

void TestSessionAuthorization::prepaid_withoutCreditForTheFirstStep_isNoCredit()
{
    // Energy 30 per kWh, authorized in steps of 1 kWh: a balance of 20 does not cover the
    // first step. A remote start (SessionControl::requestStart) refuses it as NoCredit.
    site(ratingSettings({{"energy_price_minor", 30}, {"energy_step_wh", 1000}}));
    driver("TAG-A", "prepaid", 20);
    QSignalSpy stops(m_sessions.get(), &ChargingSessions::stopRequested);
    const Authorization a = m_sessions->authorize("TAG-A", m_stationId);
    QCOMPARE(authorizationStatusName(a.status), QStringLiteral("NoCredit"));
    QCOMPARE(authorizationStatusName16(a.status), QStringLiteral("Blocked"));
    // A start at the charger anyway (its local list let it) is kept as refused, and no stop
    // is asked for: the charger ends it on the answer.
    const StartedTransaction tx = start("TAG-A", t(0), 0);
    QCOMPARE(authorizationStatusName(tx.authorization.status), QStringLiteral("NoCredit"));
    QCOMPARE(session(tx.sessionId).value("status").toString(), QStringLiteral("refused"));
    QCOMPARE(stops.size(), 0);
}

void TestSessionAuthorization::limits_markLimitReachedAndAskForAStop_data()
{
    // Energy 30 per kWh and charge 120 per hour (no park price); charging from 08:01. Two
    // readings (Wh, seconds after 08:00): the first within the limits, the second beyond;
    // then the charger's stop at 08:15 with its own final reading.
    QTest::addColumn<Record>("limits");
    QTest::addColumn<QString>("paymentType");
    QTest::addColumn<qint64>("balance");
    QTest::addColumn<qint64>("firstWh");
    QTest::addColumn<int>("firstAt");
    QTest::addColumn<qint64>("secondWh");
    QTest::addColumn<int>("secondAt");
    QTest::addColumn<QString>("reason");
    QTest::addColumn<qint64>("stopWh");
    QTest::addColumn<qint64>("amount");

    // 4000 Wh < 5000; 5200 Wh >= 5000. Final 5700 Wh is kept: 171 + 120 * 840 s (28) = 199.
    QTest::newRow("energy") << Record{{"energy_limit_wh", 5000}} << "postpaid" << 0LL << 4000LL << 5 * 60 << 5200LL
                            << 10 * 60 << "energy" << 5700LL << 199LL;
    // 240 s < 600 s; 600 s at 08:11. Final 3000 Wh: 90 + 28 = 118.
    QTest::newRow("charge time") << Record{{"charge_time_limit_s", 600}} << "postpaid" << 0LL << 1000LL << 5 * 60
                                 << 2000LL << 11 * 60 << "charge_time" << 3000LL << 118LL;
    // 120 + 8 = 128 < 300; 285 + 18 = 303 >= 300. Final 10000 Wh: 300 + 28 = 328.
    QTest::newRow("monetary") << Record{{"monetary_limit_minor", 300}} << "postpaid" << 0LL << 4000LL << 5 * 60
                              << 9500LL << 10 * 60 << "monetary" << 10000LL << 328LL;
    // Prepaid 200 in steps of 1 kWh: at 4000 Wh 128, next step 150 + 8 = 158 is covered;
    // at 5500 Wh 183, next step 195 + 18 = 213 is not. Final 6000 Wh: 180 + 28 = 208.
    QTest::newRow("prepaid resources") << Record{{"energy_step_wh", 1000}} << "prepaid" << 200LL << 4000LL << 5 * 60
                                       << 5500LL << 10 * 60 << "resources" << 6000LL << 208LL;
}

void TestSessionAuthorization::limits_markLimitReachedAndAskForAStop()
{
    QFETCH(Record, limits);
    QFETCH(QString, paymentType);
    QFETCH(qint64, balance);
    QFETCH(qint64, firstWh);
    QFETCH(int, firstAt);
    QFETCH(qint64, secondWh);
    QFETCH(int, secondAt);
    QFETCH(QString, reason);
    QFETCH(qint64, stopWh);
    QFETCH(qint64, amount);

    Record settings{{"energy_price_minor", 30}, {"charge_time_price_minor", 120}};
    settings.insert(limits);
    site(ratingSettings(settings));
    const qint64 ana = driver("TAG-A", paymentType, balance);
    QSignalSpy stops(m_sessions.get(), &ChargingSessions::stopRequested);

    const StartedTransaction tx = start("TAG-A", t(0), 0);
    status("charging", t(60));
    meter(tx.transactionId, firstWh, t(firstAt));
    QCOMPARE(session(tx.sessionId).value("status").toString(), QStringLiteral("in_progress"));
    QCOMPARE(stops.size(), 0);

    meter(tx.transactionId, secondWh, t(secondAt));
    Record s = session(tx.sessionId);
    QCOMPARE(s.value("status").toString(), QStringLiteral("limit_reached"));
    QCOMPARE(s.value("limit_reason").toString(), reason);
    QCOMPARE(s.value("stop_requested_at").toLongLong(), t(secondAt).toMSecsSinceEpoch());
    QCOMPARE(stops.size(), 1);
    QCOMPARE(stops.first().first().toLongLong(), tx.sessionId);

    // The charger goes on a little; nobody is asked twice.
    meter(tx.transactionId, (secondWh + stopWh) / 2, t(13 * 60));
    QCOMPARE(stops.size(), 1);

    // The final values are the charger's, beyond the limit.
    stop(tx.transactionId, stopWh, t(15 * 60), "Remote");
    s = session(tx.sessionId);
    QCOMPARE(s.value("status").toString(), QStringLiteral("closed"));
    QCOMPARE(s.value("energy_wh").toLongLong(), stopWh);
    QCOMPARE(s.value("charge_s").toLongLong(), 840);
    QCOMPARE(s.value("amount_minor").toLongLong(), amount);
    QCOMPARE(eventStatuses(tx.sessionId), (QStringList{"in_progress", "limit_reached", "closed"}));
    if (paymentType == QLatin1String("prepaid"))
        QCOMPARE(this->balance(ana), balance - amount);
}

QTEST_GUILESS_MAIN(TestSessionAuthorization)
#include "tst_sessionauthorization.moc"
