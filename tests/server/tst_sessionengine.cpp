#include "core/catalog.h"
#include "core/chargingsessions.h"
#include "core/migrator.h"
#include "core/paymentprovider.h"
#include "core/sessionpolicy.h"
#include "core/stationservice.h"
#include "support/testdata.h"
#include "support/testdatabase.h"

#include <QSignalSpy>
#include <QTest>
#include <QTimer>

using namespace ChargeDesk;
using namespace ChargeDesk::Core;

namespace {

// A card payment provider that answers on the next turn of the event loop, as a real one
// answers later, and remembers what it was asked. Outcomes are given in order; Approved
// once they run out.
class FakePaymentProvider final : public PaymentProvider
{
public:
    struct Call
    {
        QString kind;
        PaymentRequest request;
    };

    void authorize(const PaymentRequest &request, Done done) override { answer("authorize", request, done); }
    void capture(const PaymentRequest &request, Done done) override { answer("capture", request, done); }
    void charge(const PaymentRequest &request, Done done) override { answer("charge", request, done); }

    QList<Call> calls;
    QList<PaymentOutcome> outcomes;

private:
    void answer(const char *kind, const PaymentRequest &request, const Done &done)
    {
        calls << Call{QLatin1String(kind), request};
        PaymentOutcome outcome{PaymentOutcome::Result::Approved, QStringLiteral("ref-%1").arg(calls.size()), {}};
        if (!outcomes.isEmpty())
            outcome = outcomes.takeFirst();
        QTimer::singleShot(0, [done, outcome] { done(outcome); });
    }
};

PaymentOutcome declined(const QString &detail)
{
    return PaymentOutcome{PaymentOutcome::Result::Declined, {}, detail};
}

PaymentOutcome unavailable()
{
    return PaymentOutcome{PaymentOutcome::Result::Unavailable, {}, QStringLiteral("timeout")};
}

// 08:00:00 UTC on the day every scenario happens, plus seconds.
QDateTime t(qint64 seconds)
{
    return QDateTime(QDate(2026, 11, 24), QTime(8, 0), Qt::UTC).addSecs(seconds);
}

constexpr qint64 Min = 60;

} // namespace

// The session engine driven the way the OCPP gateway drives it (start, readings, connector
// statuses, stop) with a fake clock: authorization answers, exact rating with the settings
// of the right level, prepaid debits and limits, rating retries, pay-now billing, parking-end
// termination, reactivation and the end of sessions a charger forgot.
class TestSessionEngine : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void cleanup();

    void authorize_judgesDeviceCustomerAndNetwork_data();
    void authorize_judgesDeviceCustomerAndNetwork();
    void start_customerNotAllowed_isKeptRefused_data();
    void start_customerNotAllowed_isKeptRefused();
    void start_customerWithAnOpenSession_isRefusedConcurrentTx();
    void start_unknownToken_isPublicFreeAndNotRated();

    void fullSession_isRatedExactly();
    void ratingSettings_chargerOverOperatorOverSite_data();
    void ratingSettings_chargerOverOperatorOverSite();
    void prepaid_balanceIsDebitedByTheAmount();
    void prepaid_withoutCreditForTheFirstStep_isNoCredit();
    void limits_markLimitReachedAndAskForAStop_data();
    void limits_markLimitReachedAndAskForAStop();

    void ratingFailed_withoutSite_isRatedOnRetry();
    void retryRating_identifierModes_data();
    void retryRating_identifierModes();
    void retryRating_ofASessionThatDidNotFail_isAConflict();

    void payNow_withoutProvider_isBillingFailed();
    void payNow_approved_isClosedWithACharge();
    void payNow_declined_retryAsksAgainWithANewKey();
    void payNow_unavailable_retryAsksAgainWithTheSameKey();
    void payNow_statusWhileBilling_leavesTheRatedSessionAlone();

    void parkingEnd_countsParkTimeUntilTheConnectorIsReleased_data();
    void parkingEnd_countsParkTimeUntilTheConnectorIsReleased();

    void reactivation_withinGrace_reopensAndRatesAgainAtTheStop();
    void reactivation_withinGrace_keepsTheTimeItWasClosed();
    void reactivation_afterGrace_leavesTheSessionClosed();
    void reactivation_afterAStop_doesNotHappen();
    void reactivation_graceComesFromTheRatingSettings_data();
    void reactivation_graceComesFromTheRatingSettings();
    void reactivation_ofACustomerNoLongerAllowed_asksForAStop();
    void authorize_remoteStartToken_isItsReadySessionsCustomer();
    void reactivationByStart_withinGrace_takesTheClosedSessionBack();
    void reactivationByStart_afterGrace_opensANewSession();

    void start_onAConnectorStillHeld_supersedesTheOldSession();
    void supersededSession_lateMeterValues_leaveItClosed();
    void stopAfterCentralClose_keepsEnergyAndAmountTogether();
    void stop_repeated_changesNothing();
    void started201_repeated_isTheSameSession();

private:
    // Rows the scenarios need.
    qint64 ratingSettings(const Record &values);
    qint64 site(qint64 ratingSettingsId = 0);
    qint64 customer(const QString &code, const QString &paymentType, qint64 balance = 0,
                    const QString &status = QStringLiteral("active"));
    qint64 device(const QString &identifier, qint64 customerId, const QString &status = QStringLiteral("active"),
                  const QVariant &expiresAt = {});
    // A customer with an RFID card whose identifier is `tag`.
    qint64 driver(const QString &tag, const QString &paymentType = QStringLiteral("postpaid"), qint64 balance = 0);
    qint64 connectorId(int connector = 1);
    qint64 chargerId();

    // What the gateway does with a charger's reports, at the charger's times (the clock
    // follows them, as a server receiving them live would).
    void status(const QString &name, const QDateTime &at, int connector = 1);
    StartedTransaction start(const QString &tag, const QDateTime &at, qint64 meterStartWh, int connector = 1,
                             const QString &transactionId = {});
    void meter(const QString &transactionId, qint64 wh, const QDateTime &at, int connector = 1);
    void stop(const QString &transactionId, qint64 meterStopWh, const QDateTime &at,
              const QString &reason = QStringLiteral("EVDisconnected"));

    Record session(qint64 id);
    QList<Record> charges(qint64 sessionId);
    QList<Record> payments(qint64 sessionId);
    // The statuses the session went through, from its events.
    QStringList eventStatuses(qint64 sessionId);
    qint64 balance(qint64 customerId);
    // The usual test site: EUR, energy 30 per kWh, charge 120 per hour, park 60 per hour
    // beyond 600 s.
    qint64 pricedSite(const Record &extra = {});

    std::unique_ptr<FakeClock> m_clock;
    std::unique_ptr<Test::TestDatabase> m_testDb;
    std::shared_ptr<Database> m_db;
    Catalog m_catalog;
    std::unique_ptr<Repository> m_repo;
    std::unique_ptr<StationService> m_stations;
    std::unique_ptr<ChargingSessions> m_sessions;
    qint64 m_areaId = 0;
    qint64 m_stationId = 0;
    qint64 m_deviceType = 0;
};

Q_DECLARE_METATYPE(ChargeDesk::Core::AuthorizationStatus)

void TestSessionEngine::initTestCase()
{
    qInfo("storage backend: %s", qPrintable(Test::backend()));
    // One database for the whole run, emptied before each test: a new PostgreSQL database
    // per test would cost seconds each.
    m_testDb = std::make_unique<Test::TestDatabase>();
    QVERIFY2(m_testDb->isValid(), qPrintable(m_testDb->error()));
    m_db = m_testDb->open();
    QVERIFY(m_db);
    QVERIFY(Migrator(*m_db).migrate());
}

void TestSessionEngine::cleanupTestCase()
{
    m_db.reset();
    m_testDb.reset();
}

void TestSessionEngine::init()
{
    // Children before parents.
    for (const char *table :
         {"session_payments", "session_charges", "meter_values", "session_events", "sessions", "reservations",
          "operator_members", "id_devices", "id_device_types", "customers", "connectors", "chargers", "stations",
          "areas", "operators", "site_settings", "session_rating_settings"})
        QVERIFY2(m_db->run(QStringLiteral("DELETE FROM %1").arg(QLatin1String(table))), table);
    m_clock = std::make_unique<FakeClock>(t(0));
    m_repo = std::make_unique<Repository>(*m_db, m_catalog, *m_clock);
    m_stations = std::make_unique<StationService>(*m_repo, *m_clock);
    m_sessions = std::make_unique<ChargingSessions>(*m_repo, *m_stations, *m_clock);
    m_areaId = Test::createArea(*m_repo, QStringLiteral("GARAGE"));
    QVERIFY(m_areaId > 0);
    m_stationId = Test::createStation(*m_repo, m_areaId, QStringLiteral("CP1"));
    QVERIFY(m_stationId > 0);
    auto type = m_repo->create(Actor::system(), Tables::IdDeviceTypes, {{"code", "RFID"}, {"name", "RFID card"}});
    QVERIFY(type);
    m_deviceType = type.value();
}

void TestSessionEngine::cleanup()
{
    m_sessions.reset();
    m_stations.reset();
    m_repo.reset();
}

qint64 TestSessionEngine::ratingSettings(const Record &values)
{
    Record r = values;
    r.insert("name", QStringLiteral("Settings %1").arg(m_repo->count(Actor::system(), Tables::RatingSettings).value()));
    auto id = m_repo->create(Actor::system(), Tables::RatingSettings, r);
    if (!id)
        qWarning("rating settings: %s", qPrintable(id.error().message()));
    return id ? id.value() : 0;
}

qint64 TestSessionEngine::site(qint64 ratingSettingsId)
{
    Record r{{"name", "Site"}, {"currency", "EUR"}};
    if (ratingSettingsId)
        r.insert("rating_settings_id", ratingSettingsId);
    auto id = m_repo->create(Actor::system(), Tables::SiteSettings, r);
    if (!id)
        qWarning("site: %s", qPrintable(id.error().message()));
    return id ? id.value() : 0;
}

qint64 TestSessionEngine::pricedSite(const Record &extra)
{
    Record r{{"energy_price_minor", 30},
             {"charge_time_price_minor", 120},
             {"park_time_price_minor", 60},
             {"park_time_threshold_s", 600}};
    r.insert(extra);
    return site(ratingSettings(r));
}

qint64 TestSessionEngine::customer(const QString &code, const QString &paymentType, qint64 balanceMinor,
                                   const QString &status)
{
    auto id = m_repo->create(Actor::system(), Tables::Customers,
                             {{"code", code},
                              {"name", code},
                              {"payment_type", paymentType},
                              {"balance_minor", balanceMinor},
                              {"status", status}});
    if (!id)
        qWarning("customer: %s", qPrintable(id.error().message()));
    return id ? id.value() : 0;
}

qint64 TestSessionEngine::device(const QString &identifier, qint64 customerId, const QString &status,
                                 const QVariant &expiresAt)
{
    Record r{{"code", "CARD-" + identifier},
             {"name", identifier},
             {"type_id", m_deviceType},
             {"identifier", identifier},
             {"status", status}};
    if (customerId)
        r.insert("customer_id", customerId);
    if (expiresAt.isValid())
        r.insert("expires_at", expiresAt);
    auto id = m_repo->create(Actor::system(), Tables::IdDevices, r);
    if (!id)
        qWarning("device: %s", qPrintable(id.error().message()));
    return id ? id.value() : 0;
}

qint64 TestSessionEngine::driver(const QString &tag, const QString &paymentType, qint64 balanceMinor)
{
    const qint64 c = customer("C-" + tag, paymentType, balanceMinor);
    device(tag, c);
    return c;
}

qint64 TestSessionEngine::connectorId(int connector)
{
    return m_stations->connectorFor(m_stationId, 1, connector).value();
}

qint64 TestSessionEngine::chargerId()
{
    return m_repo->get(Actor::system(), Tables::Connectors, connectorId()).value().value("charger_id").toLongLong();
}

void TestSessionEngine::status(const QString &name, const QDateTime &at, int connector)
{
    m_clock->set(at);
    StatusReport report;
    report.connectorNumber = connector;
    report.status = name;
    report.at = at;
    QVERIFY(m_stations->recordStatus(m_stationId, report));
    QVERIFY(m_sessions->connectorStatus({m_stationId, 1, connector}, name, at));
}

StartedTransaction TestSessionEngine::start(const QString &tag, const QDateTime &at, qint64 meterStartWh, int connector,
                                            const QString &transactionId)
{
    m_clock->set(at);
    TransactionStart request;
    request.where = {m_stationId, 1, connector};
    request.idToken = tag;
    request.idTokenType = QStringLiteral("IdTag");
    request.transactionId = transactionId;
    request.meterStartWh = meterStartWh;
    request.at = at;
    auto started = m_sessions->start(request);
    if (!started) {
        qWarning("start: %s", qPrintable(started.error().message()));
        return {};
    }
    return started.value();
}

void TestSessionEngine::meter(const QString &transactionId, qint64 wh, const QDateTime &at, int connector)
{
    m_clock->set(at);
    MeterSample sample;
    sample.at = at;
    sample.unit = QStringLiteral("Wh");
    sample.context = QStringLiteral("Sample.Periodic");
    sample.value = double(wh);
    const Status s = m_sessions->meterValues({m_stationId, 1, connector}, transactionId, {sample});
    QVERIFY2(s, qPrintable(s ? QString() : s.error().message()));
}

void TestSessionEngine::stop(const QString &transactionId, qint64 meterStopWh, const QDateTime &at,
                             const QString &reason)
{
    m_clock->set(at);
    const Status s = m_sessions->stop(m_stationId, transactionId, meterStopWh, at, reason);
    QVERIFY2(s, qPrintable(s ? QString() : s.error().message()));
}

Record TestSessionEngine::session(qint64 id)
{
    auto r = m_repo->get(Actor::system(), Tables::Sessions, id);
    return r ? r.value() : Record{};
}

QList<Record> TestSessionEngine::charges(qint64 sessionId)
{
    QList<Record> out;
    auto q =
        m_db->exec(QStringLiteral("SELECT rating_identifier, customer_id, currency, energy_wh, charge_s, rated_park_s, "
                                  "reservation_s, energy_minor, charge_minor, park_minor, reservation_minor, "
                                  "amount_minor, home_roaming FROM session_charges WHERE session_id = ? "
                                  "ORDER BY id"),
                   {sessionId});
    if (!q)
        return out;
    static const QStringList names{"rating_identifier", "customer_id",   "currency",     "energy_wh",    "charge_s",
                                   "rated_park_s",      "reservation_s", "energy_minor", "charge_minor", "park_minor",
                                   "reservation_minor", "amount_minor",  "home_roaming"};
    for (Rows &row = q.value(); row.next();) {
        Record r;
        for (int i = 0; i < names.size(); ++i)
            r.insert(names.at(i), row.value(i));
        out << r;
    }
    return out;
}

QList<Record> TestSessionEngine::payments(qint64 sessionId)
{
    QList<Record> out;
    auto q = m_db->exec(QStringLiteral("SELECT kind, amount_minor, captured_minor, status, provider_reference, detail "
                                       "FROM session_payments WHERE session_id = ? ORDER BY id"),
                        {sessionId});
    if (!q)
        return out;
    for (Rows &row = q.value(); row.next();)
        out << Record{{"kind", row.value(0)},   {"amount_minor", row.value(1)},       {"captured_minor", row.value(2)},
                      {"status", row.value(3)}, {"provider_reference", row.value(4)}, {"detail", row.value(5)}};
    return out;
}

QStringList TestSessionEngine::eventStatuses(qint64 sessionId)
{
    ListQuery q;
    q.filters << ListQuery::Filter{"session_id", ListQuery::Filter::Op::Equals, sessionId};
    // Only the session's own statuses: other history (connector statuses) may sit among them.
    static const QStringList lifecycle{"ready",   "refused", "reserved",      "in_progress",   "limit_reached",
                                       "closing", "closed",  "rating_failed", "billing_failed"};
    const auto events = m_repo->list(Actor::system(), Tables::SessionEvents, q);
    QStringList out;
    for (const Record &e : events.value()) {
        if (lifecycle.contains(e.value("status").toString()))
            out << e.value("status").toString();
    }
    return out;
}

qint64 TestSessionEngine::balance(qint64 customerId)
{
    return m_repo->get(Actor::system(), Tables::Customers, customerId).value().value("balance_minor").toLongLong();
}

// --- Authorization -------------------------------------------------------------------------

void TestSessionEngine::authorize_judgesDeviceCustomerAndNetwork_data()
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

void TestSessionEngine::authorize_judgesDeviceCustomerAndNetwork()
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

void TestSessionEngine::start_customerNotAllowed_isKeptRefused_data()
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

void TestSessionEngine::start_customerNotAllowed_isKeptRefused()
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

void TestSessionEngine::start_customerWithAnOpenSession_isRefusedConcurrentTx()
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

void TestSessionEngine::start_unknownToken_isPublicFreeAndNotRated()
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

// --- Rating --------------------------------------------------------------------------------

void TestSessionEngine::fullSession_isRatedExactly()
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

void TestSessionEngine::ratingSettings_chargerOverOperatorOverSite_data()
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

void TestSessionEngine::ratingSettings_chargerOverOperatorOverSite()
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

    driver("TAG-A");
    const StartedTransaction tx = start("TAG-A", t(0), 0);
    stop(tx.transactionId, 1000, t(10 * Min));
    const Record s = session(tx.sessionId);
    QCOMPARE(s.value("status").toString(), QStringLiteral("closed"));
    QCOMPARE(s.value("amount_minor").toLongLong(), amount);
    QCOMPARE(charges(tx.sessionId).size(), 1);
    QCOMPARE(charges(tx.sessionId).first().value("amount_minor").toLongLong(), amount);
}

void TestSessionEngine::prepaid_balanceIsDebitedByTheAmount()
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

void TestSessionEngine::prepaid_withoutCreditForTheFirstStep_isNoCredit()
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

void TestSessionEngine::limits_markLimitReachedAndAskForAStop_data()
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

void TestSessionEngine::limits_markLimitReachedAndAskForAStop()
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

// --- Rating failures and retries -----------------------------------------------------------

void TestSessionEngine::ratingFailed_withoutSite_isRatedOnRetry()
{
    // Priced by the charger's settings, but no site says in which currency.
    QVERIFY(m_repo->update(Actor::system(), Tables::Chargers, chargerId(),
                           {{"rating_settings_id", ratingSettings({{"energy_price_minor", 30}})}}));
    driver("TAG-A");
    const StartedTransaction tx = start("TAG-A", t(0), 0);
    stop(tx.transactionId, 2000, t(10 * Min));
    Record s = session(tx.sessionId);
    QCOMPARE(s.value("status").toString(), QStringLiteral("rating_failed"));
    QCOMPARE(s.value("failure_reason").toString(), QStringLiteral("The site's currency is not set."));
    QCOMPARE(s.value("amount_minor").toLongLong(), 0);
    QVERIFY(charges(tx.sessionId).isEmpty());
    QCOMPARE(eventStatuses(tx.sessionId), (QStringList{"in_progress", "rating_failed"}));

    site();
    m_clock->set(t(40 * Min));
    QVERIFY(m_sessions->retryRating(tx.sessionId, RatingIdentifierMode::UseExisting));
    s = session(tx.sessionId);
    QCOMPARE(s.value("status").toString(), QStringLiteral("closed"));
    QCOMPARE(s.value("amount_minor").toLongLong(), 60);
    QCOMPARE(s.value("currency").toString(), QStringLiteral("EUR"));
    QVERIFY(s.value("failure_reason").toString().isEmpty());
    QCOMPARE(s.value("rated_at").toLongLong(), t(40 * Min).toMSecsSinceEpoch());
    QCOMPARE(charges(tx.sessionId).size(), 1);
    QCOMPARE(charges(tx.sessionId).first().value("rating_identifier").toString(),
             s.value("rating_identifier").toString());
    QCOMPARE(eventStatuses(tx.sessionId), (QStringList{"in_progress", "rating_failed", "closed"}));
}

void TestSessionEngine::retryRating_identifierModes_data()
{
    QTest::addColumn<int>("mode");
    QTest::addColumn<QString>("identifier"); // "<taken>": the identifier another session's rating has
    QTest::addColumn<bool>("validationError");
    QTest::addColumn<QString>("status");
    QTest::addColumn<QString>("expectedIdentifier"); // "<taken>", "<new>" (generated) or the given one
    using M = RatingIdentifierMode;
    QTest::newRow("use existing, taken") << int(M::UseExisting) << QString() << false << "rating_failed"
                                         << "<taken>";
    QTest::newRow("use existing, else generate") << int(M::UseExistingElseGenerate) << QString() << false << "closed"
                                                 << "<new>";
    QTest::newRow("assign new") << int(M::AssignNew) << "RID-NEW" << false << "closed"
                                << "RID-NEW";
    QTest::newRow("assign new, taken") << int(M::AssignNew) << "<taken>" << false << "rating_failed"
                                       << "<taken>";
    QTest::newRow("assign new, empty") << int(M::AssignNew) << "  " << true << "rating_failed"
                                       << "<taken>";
    QTest::newRow("generate new") << int(M::GenerateNew) << QString() << false << "closed"
                                  << "<new>";
}

void TestSessionEngine::retryRating_identifierModes()
{
    QFETCH(int, mode);
    QFETCH(QString, identifier);
    QFETCH(bool, validationError);
    QFETCH(QString, status);
    QFETCH(QString, expectedIdentifier);

    // A session whose rating failed (no site yet) ...
    QVERIFY(m_repo->update(Actor::system(), Tables::Chargers, chargerId(),
                           {{"rating_settings_id", ratingSettings({{"energy_price_minor", 30}})}}));
    driver("TAG-A");
    driver("TAG-B");
    const StartedTransaction failed = start("TAG-A", t(0), 0, 1);
    stop(failed.transactionId, 2000, t(10 * Min));
    QCOMPARE(session(failed.sessionId).value("status").toString(), QStringLiteral("rating_failed"));
    // ... whose identifier another session's rating took since.
    site();
    const StartedTransaction other = start("TAG-B", t(20 * Min), 0, 2);
    stop(other.transactionId, 1000, t(30 * Min));
    const QString taken = session(other.sessionId).value("rating_identifier").toString();
    QVERIFY(!taken.isEmpty());
    QVERIFY(m_repo->update(Actor::system(), Tables::Sessions, failed.sessionId, {{"rating_identifier", taken}}));
    const QStringList eventsBefore = eventStatuses(failed.sessionId);

    m_clock->set(t(40 * Min));
    const Status retried = m_sessions->retryRating(failed.sessionId, RatingIdentifierMode(mode),
                                                   identifier == QLatin1String("<taken>") ? taken : identifier);
    const Record s = session(failed.sessionId);
    if (validationError) {
        QVERIFY(!retried);
        QCOMPARE(int(retried.error().kind()), int(Error::Kind::Validation));
        QCOMPARE(eventStatuses(failed.sessionId), eventsBefore);
    } else {
        QVERIFY2(retried, qPrintable(retried ? QString() : retried.error().message()));
    }
    QCOMPARE(s.value("status").toString(), status);
    const QString now = s.value("rating_identifier").toString();
    if (expectedIdentifier == QLatin1String("<taken>")) {
        QCOMPARE(now, taken);
    } else if (expectedIdentifier == QLatin1String("<new>")) {
        QVERIFY(!now.isEmpty());
        QVERIFY(now != taken);
    } else {
        QCOMPARE(now, expectedIdentifier);
    }
    const QList<Record> c = charges(failed.sessionId);
    if (status == QLatin1String("closed")) {
        QCOMPARE(c.size(), 1);
        QCOMPARE(c.first().value("rating_identifier").toString(), now);
        QCOMPARE(s.value("amount_minor").toLongLong(), 60);
    } else {
        QVERIFY(c.isEmpty());
        if (!validationError)
            QVERIFY(s.value("failure_reason").toString().contains(taken));
    }
    // The other session's rating is untouched.
    QCOMPARE(charges(other.sessionId).size(), 1);
    QCOMPARE(charges(other.sessionId).first().value("rating_identifier").toString(), taken);
}

void TestSessionEngine::retryRating_ofASessionThatDidNotFail_isAConflict()
{
    pricedSite();
    driver("TAG-A");
    const StartedTransaction tx = start("TAG-A", t(0), 0);
    const Status open = m_sessions->retryRating(tx.sessionId, RatingIdentifierMode::GenerateNew);
    QVERIFY(!open);
    QCOMPARE(int(open.error().kind()), int(Error::Kind::Conflict));
    stop(tx.transactionId, 1000, t(10 * Min));
    const QString identifier = session(tx.sessionId).value("rating_identifier").toString();
    const Status closed = m_sessions->retryRating(tx.sessionId, RatingIdentifierMode::GenerateNew);
    QVERIFY(!closed);
    QCOMPARE(int(closed.error().kind()), int(Error::Kind::Conflict));
    QCOMPARE(session(tx.sessionId).value("rating_identifier").toString(), identifier);
    QCOMPARE(charges(tx.sessionId).size(), 1);
}

// --- Pay-now billing -----------------------------------------------------------------------

void TestSessionEngine::payNow_withoutProvider_isBillingFailed()
{
    pricedSite();
    driver("TAG-P", "pay_now");
    const StartedTransaction tx = start("TAG-P", t(0), 0);
    stop(tx.transactionId, 2000, t(10 * Min));
    const Record s = session(tx.sessionId);
    QCOMPARE(s.value("status").toString(), QStringLiteral("billing_failed"));
    QCOMPARE(s.value("failure_reason").toString(), QStringLiteral("No payment provider is configured."));
    QCOMPARE(s.value("amount_minor").toLongLong(), 60); // rated, not billed
    QCOMPARE(charges(tx.sessionId).size(), 1);
    QVERIFY(payments(tx.sessionId).isEmpty());
}

void TestSessionEngine::payNow_approved_isClosedWithACharge()
{
    FakePaymentProvider provider;
    m_sessions->settlement().setPaymentProvider(&provider);
    pricedSite();
    driver("TAG-P", "pay_now");
    const StartedTransaction tx = start("TAG-P", t(0), 0);
    stop(tx.transactionId, 2000, t(10 * Min));
    // Rated 60 and over (Closed); the provider has not answered yet.
    QCOMPARE(session(tx.sessionId).value("status").toString(), QStringLiteral("closed"));
    QCOMPARE(provider.calls.size(), 1);
    QTRY_COMPARE(payments(tx.sessionId).first().value("status").toString(), QStringLiteral("charged"));

    const Record s = session(tx.sessionId);
    const PaymentRequest &r = provider.calls.first().request;
    QCOMPARE(provider.calls.first().kind, QStringLiteral("charge"));
    QCOMPARE(r.amountMinor, 60);
    QCOMPARE(r.currency, QStringLiteral("EUR"));
    QCOMPARE(r.customerCode, QStringLiteral("C-TAG-P"));
    QCOMPARE(r.sessionCode, s.value("code").toString());
    QVERIFY(!r.idempotencyKey.isEmpty());
    const QList<Record> p = payments(tx.sessionId);
    QCOMPARE(p.size(), 1);
    QCOMPARE(p.first().value("kind").toString(), QStringLiteral("charge"));
    QCOMPARE(p.first().value("status").toString(), QStringLiteral("charged"));
    QCOMPARE(p.first().value("amount_minor").toLongLong(), 60);
    QCOMPARE(p.first().value("captured_minor").toLongLong(), 60);
    QCOMPARE(p.first().value("provider_reference").toString(), QStringLiteral("ref-1"));
    QCOMPARE(eventStatuses(tx.sessionId), (QStringList{"in_progress", "closed", "closed"}));
    // Nothing more is asked once it is paid.
    m_sessions->settlement().bill(tx.sessionId);
    QTest::qWait(0);
    QCOMPARE(provider.calls.size(), 1);
}

void TestSessionEngine::payNow_declined_retryAsksAgainWithANewKey()
{
    FakePaymentProvider provider;
    provider.outcomes << declined(QStringLiteral("Card declined"));
    m_sessions->settlement().setPaymentProvider(&provider);
    pricedSite();
    driver("TAG-P", "pay_now");
    const StartedTransaction tx = start("TAG-P", t(0), 0);
    stop(tx.transactionId, 2000, t(10 * Min));
    QTRY_COMPARE(session(tx.sessionId).value("status").toString(), QStringLiteral("billing_failed"));
    QCOMPARE(session(tx.sessionId).value("failure_reason").toString(), QStringLiteral("Card declined"));
    QCOMPARE(payments(tx.sessionId).size(), 1);
    QCOMPARE(payments(tx.sessionId).first().value("status").toString(), QStringLiteral("declined"));

    m_sessions->settlement().bill(tx.sessionId);
    QTRY_COMPARE(session(tx.sessionId).value("status").toString(), QStringLiteral("closed"));
    QCOMPARE(provider.calls.size(), 2);
    QCOMPARE(provider.calls.at(1).request.amountMinor, 60);
    // A declined charge is over: the retry is a new request, under a new key.
    QVERIFY(provider.calls.at(1).request.idempotencyKey != provider.calls.at(0).request.idempotencyKey);
    const QList<Record> p = payments(tx.sessionId);
    QCOMPARE(p.size(), 2);
    QCOMPARE(p.at(0).value("status").toString(), QStringLiteral("declined"));
    QCOMPARE(p.at(0).value("captured_minor").toLongLong(), 0);
    QCOMPARE(p.at(1).value("status").toString(), QStringLiteral("charged"));
    QCOMPARE(p.at(1).value("captured_minor").toLongLong(), 60);
    QVERIFY(session(tx.sessionId).value("failure_reason").toString().isEmpty());
}

void TestSessionEngine::payNow_unavailable_retryAsksAgainWithTheSameKey()
{
    FakePaymentProvider provider;
    provider.outcomes << unavailable();
    m_sessions->settlement().setPaymentProvider(&provider);
    pricedSite();
    driver("TAG-P", "pay_now");
    const StartedTransaction tx = start("TAG-P", t(0), 0);
    stop(tx.transactionId, 2000, t(10 * Min));
    QTRY_COMPARE(session(tx.sessionId).value("status").toString(), QStringLiteral("billing_failed"));
    QCOMPARE(payments(tx.sessionId).first().value("status").toString(), QStringLiteral("pending"));

    m_sessions->settlement().bill(tx.sessionId);
    QTRY_COMPARE(session(tx.sessionId).value("status").toString(), QStringLiteral("closed"));
    QCOMPARE(provider.calls.size(), 2);
    // No answer is no decision: the same request again, under the same key.
    QCOMPARE(provider.calls.at(1).request.idempotencyKey, provider.calls.at(0).request.idempotencyKey);
    QCOMPARE(provider.calls.at(1).request.amountMinor, 60);
    const QList<Record> p = payments(tx.sessionId);
    QCOMPARE(p.size(), 1);
    QCOMPARE(p.first().value("status").toString(), QStringLiteral("charged"));
    QCOMPARE(p.first().value("captured_minor").toLongLong(), 60);
}

void TestSessionEngine::payNow_statusWhileBilling_leavesTheRatedSessionAlone()
{
    // The usual end of a 1.6 session: StopTransaction, then Finishing and Available, while
    // the payment provider is still working on the charge.
    FakePaymentProvider provider;
    m_sessions->settlement().setPaymentProvider(&provider);
    pricedSite();
    driver("TAG-P", "pay_now");
    const StartedTransaction tx = start("TAG-P", t(0), 0);
    status("charging", t(0));
    stop(tx.transactionId, 2000, t(10 * Min));
    const Record rated = session(tx.sessionId);
    QCOMPARE(rated.value("status").toString(), QStringLiteral("closed"));
    QCOMPARE(rated.value("amount_minor").toLongLong(), 60 + 20); // 2 kWh; 600 s of charging
    QCOMPARE(rated.value("charge_s").toLongLong(), 600);
    status("finishing", t(11 * Min));
    status("available", t(15 * Min));
    // Over, though not paid yet: the statuses after the stop change nothing.
    QCOMPARE(session(tx.sessionId).value("status").toString(), QStringLiteral("closed"));
    QTRY_COMPARE(payments(tx.sessionId).first().value("status").toString(), QStringLiteral("charged"));
    QTRY_COMPARE(session(tx.sessionId).value("status").toString(), QStringLiteral("closed"));

    // The session's numbers are still the ones it was rated and billed for.
    const Record s = session(tx.sessionId);
    QCOMPARE(charges(tx.sessionId).size(), 1);
    QCOMPARE(s.value("amount_minor").toLongLong(), 80);
    QCOMPARE(s.value("charge_s").toLongLong(), 600);
    QCOMPARE(s.value("park_s").toLongLong(), 0);
    QCOMPARE(s.value("ended_at").toLongLong(), t(10 * Min).toMSecsSinceEpoch());
}

// --- Termination strategy ------------------------------------------------------------------

void TestSessionEngine::parkingEnd_countsParkTimeUntilTheConnectorIsReleased_data()
{
    QTest::addColumn<bool>("ocpp16");
    QTest::newRow("1.6: Available") << true;
    QTest::newRow("2.0.1: connector released") << false;
}

void TestSessionEngine::parkingEnd_countsParkTimeUntilTheConnectorIsReleased()
{
    QFETCH(bool, ocpp16);
    pricedSite({{"termination", "parking_end"}});
    driver("TAG-A");
    status("preparing", t(0));
    const StartedTransaction tx = start("TAG-A", t(0), 0);
    status("charging", t(1 * Min));
    status("suspended_ev", t(31 * Min));
    stop(tx.transactionId, 10000, t(41 * Min));

    // Charging ended; the session goes on counting park time.
    Record s = session(tx.sessionId);
    QCOMPARE(s.value("status").toString(), QStringLiteral("in_progress"));
    QVERIFY(s.value("stop_reported").toBool());
    QCOMPARE(s.value("charging_ended_at").toLongLong(), t(41 * Min).toMSecsSinceEpoch());
    QVERIFY(s.value("ended_at").isNull());
    QCOMPARE(s.value("energy_wh").toLongLong(), 10000);
    QCOMPARE(s.value("amount_minor").toLongLong(), 0);
    QVERIFY(charges(tx.sessionId).isEmpty());

    if (ocpp16) {
        status("finishing", t(42 * Min));
        QCOMPARE(session(tx.sessionId).value("status").toString(), QStringLiteral("in_progress"));
        status("available", t(51 * Min));
    } else {
        m_clock->set(t(51 * Min));
        QVERIFY(m_sessions->connectorReleased({m_stationId, 1, 1}, t(51 * Min)));
    }
    // Park 08:00-08:01, 08:31-08:51 (1260 s); charge 08:01-08:31 (1800 s).
    // 30 * 10 kWh = 300; 120 per hour * 1800 s = 60; 60 per hour * (1260 - 600) s = 11: 371.
    s = session(tx.sessionId);
    QCOMPARE(s.value("status").toString(), QStringLiteral("closed"));
    QCOMPARE(s.value("charge_s").toLongLong(), 1800);
    QCOMPARE(s.value("park_s").toLongLong(), 1260);
    QCOMPARE(s.value("ended_at").toLongLong(), t(51 * Min).toMSecsSinceEpoch());
    QCOMPARE(s.value("charging_ended_at").toLongLong(), t(41 * Min).toMSecsSinceEpoch());
    QCOMPARE(s.value("amount_minor").toLongLong(), 371);
    QCOMPARE(charges(tx.sessionId).size(), 1);
    QCOMPARE(charges(tx.sessionId).first().value("park_minor").toLongLong(), 11);
}

// --- Reactivation --------------------------------------------------------------------------

void TestSessionEngine::reactivation_withinGrace_reopensAndRatesAgainAtTheStop()
{
    site(ratingSettings({{"energy_price_minor", 30}}));
    const qint64 ana = driver("TAG-A", "prepaid", 1000);
    const StartedTransaction tx = start("TAG-A", t(0), 0);
    status("charging", t(1 * Min));
    meter(tx.transactionId, 2000, t(5 * Min));
    m_clock->set(t(10 * Min));
    QVERIFY(m_sessions->finish(tx.sessionId, "Idle"));
    QCOMPARE(session(tx.sessionId).value("status").toString(), QStringLiteral("closed"));
    QCOMPARE(session(tx.sessionId).value("amount_minor").toLongLong(), 60);
    QCOMPARE(balance(ana), 940);
    const QString identifier = session(tx.sessionId).value("rating_identifier").toString();

    // The charger still reports the transaction, 720 s after the session was created.
    meter(tx.transactionId, 3000, t(12 * Min));
    Record s = session(tx.sessionId);
    QCOMPARE(s.value("status").toString(), QStringLiteral("in_progress"));
    QCOMPARE(s.value("amount_minor").toLongLong(), 0);
    QVERIFY(s.value("ended_at").isNull());
    QVERIFY(s.value("rated_at").isNull());
    QCOMPARE(s.value("energy_wh").toLongLong(), 3000);
    QVERIFY(charges(tx.sessionId).isEmpty());
    QCOMPARE(balance(ana), 1000);

    stop(tx.transactionId, 5000, t(20 * Min));
    s = session(tx.sessionId);
    QCOMPARE(s.value("status").toString(), QStringLiteral("closed"));
    QCOMPARE(s.value("energy_wh").toLongLong(), 5000);
    QCOMPARE(s.value("amount_minor").toLongLong(), 150);
    QCOMPARE(s.value("rating_identifier").toString(), identifier);
    QCOMPARE(charges(tx.sessionId).size(), 1);
    QCOMPARE(charges(tx.sessionId).first().value("amount_minor").toLongLong(), 150);
    QCOMPARE(balance(ana), 850);
    QCOMPARE(eventStatuses(tx.sessionId), (QStringList{"in_progress", "closed", "in_progress", "closed"}));
}

void TestSessionEngine::reactivation_withinGrace_keepsTheTimeItWasClosed()
{
    site(ratingSettings({{"charge_time_price_minor", 120}}));
    driver("TAG-A");
    const StartedTransaction tx = start("TAG-A", t(0), 0);
    status("charging", t(0));
    m_clock->set(t(10 * Min));
    QVERIFY(m_sessions->finish(tx.sessionId, "Idle"));
    QCOMPARE(session(tx.sessionId).value("charge_s").toLongLong(), 600);
    meter(tx.transactionId, 3000, t(12 * Min));
    stop(tx.transactionId, 5000, t(20 * Min));
    // The charger charged from 08:00 to 08:20 without a break: the two minutes the session
    // was wrongly closed were charging too.
    QCOMPARE(session(tx.sessionId).value("charge_s").toLongLong(), 1200);
}

void TestSessionEngine::reactivation_afterGrace_leavesTheSessionClosed()
{
    site(ratingSettings({{"energy_price_minor", 30}}));
    const qint64 ana = driver("TAG-A", "prepaid", 1000);
    const StartedTransaction tx = start("TAG-A", t(0), 0);
    status("charging", t(1 * Min));
    meter(tx.transactionId, 2000, t(5 * Min));
    m_clock->set(t(10 * Min));
    QVERIFY(m_sessions->finish(tx.sessionId, "Idle"));

    // 901 s after the session was created: past the default grace of 900 s.
    meter(tx.transactionId, 3000, t(15 * Min + 1));
    const Record s = session(tx.sessionId);
    QCOMPARE(s.value("status").toString(), QStringLiteral("closed"));
    QCOMPARE(s.value("amount_minor").toLongLong(), 60);
    QCOMPARE(charges(tx.sessionId).size(), 1);
    QCOMPARE(balance(ana), 940);
    QCOMPARE(eventStatuses(tx.sessionId), (QStringList{"in_progress", "closed"}));
    QCOMPARE(s.value("energy_wh").toLongLong(), charges(tx.sessionId).first().value("energy_wh").toLongLong());
}

void TestSessionEngine::reactivation_afterAStop_doesNotHappen()
{
    site(ratingSettings({{"energy_price_minor", 30}}));
    const qint64 ana = driver("TAG-A", "prepaid", 1000);
    const StartedTransaction tx = start("TAG-A", t(0), 0);
    status("charging", t(1 * Min));
    stop(tx.transactionId, 2000, t(5 * Min));
    QCOMPARE(session(tx.sessionId).value("status").toString(), QStringLiteral("closed"));

    meter(tx.transactionId, 2500, t(6 * Min));
    const Record s = session(tx.sessionId);
    QCOMPARE(s.value("status").toString(), QStringLiteral("closed"));
    QCOMPARE(s.value("amount_minor").toLongLong(), 60);
    QCOMPARE(charges(tx.sessionId).size(), 1);
    QCOMPARE(balance(ana), 940);
    QCOMPARE(eventStatuses(tx.sessionId), (QStringList{"in_progress", "closed"}));
    QCOMPARE(s.value("energy_wh").toLongLong(), 2000);
}

void TestSessionEngine::reactivation_graceComesFromTheRatingSettings_data()
{
    QTest::addColumn<QVariant>("grace"); // reactivation_grace_s; invalid: not set
    QTest::addColumn<int>("reportAfterS");
    QTest::addColumn<bool>("reactivated");
    QTest::newRow("default, at 900 s") << QVariant() << 900 << true;
    QTest::newRow("default, at 901 s") << QVariant() << 901 << false;
    QTest::newRow("60 s, at 60 s") << QVariant(60) << 60 << true;
    QTest::newRow("60 s, at 90 s") << QVariant(60) << 90 << false;
    QTest::newRow("1800 s, at 1700 s") << QVariant(1800) << 1700 << true;
    QTest::newRow("0 is no limit, at 2 h") << QVariant(0) << 7200 << true;
}

void TestSessionEngine::reactivation_graceComesFromTheRatingSettings()
{
    QFETCH(QVariant, grace);
    QFETCH(int, reportAfterS);
    QFETCH(bool, reactivated);
    Record settings{{"energy_price_minor", 30}};
    if (grace.isValid())
        settings.insert("reactivation_grace_s", grace);
    site(ratingSettings(settings));
    driver("TAG-A");
    const StartedTransaction tx = start("TAG-A", t(0), 0);
    m_clock->set(t(30));
    QVERIFY(m_sessions->finish(tx.sessionId, "Idle"));
    meter(tx.transactionId, 1000, t(reportAfterS));
    QCOMPARE(session(tx.sessionId).value("status").toString(),
             reactivated ? QStringLiteral("in_progress") : QStringLiteral("closed"));
    QCOMPARE(charges(tx.sessionId).size(), reactivated ? 0 : 1);
}

void TestSessionEngine::reactivation_ofACustomerNoLongerAllowed_asksForAStop()
{
    site(ratingSettings({{"energy_price_minor", 30}}));
    const qint64 ana = driver("TAG-A", "prepaid", 1000);
    QSignalSpy stops(m_sessions.get(), &ChargingSessions::stopRequested);
    const StartedTransaction tx = start("TAG-A", t(0), 0);
    meter(tx.transactionId, 2000, t(5 * Min));
    m_clock->set(t(10 * Min));
    QVERIFY(m_sessions->finish(tx.sessionId, "Idle"));
    QVERIFY(m_repo->update(Actor::system(), Tables::Customers, ana, {{"status", "suspended"}}));

    meter(tx.transactionId, 3000, t(12 * Min));
    const Record s = session(tx.sessionId);
    QCOMPARE(s.value("status").toString(), QStringLiteral("limit_reached"));
    QCOMPARE(s.value("limit_reason").toString(), QStringLiteral("resources"));
    QCOMPARE(stops.size(), 1);
    QCOMPARE(stops.first().first().toLongLong(), tx.sessionId);
    QCOMPARE(balance(ana), 1000); // refunded until the session is rated again
    stop(tx.transactionId, 3500, t(13 * Min));
    QCOMPARE(session(tx.sessionId).value("status").toString(), QStringLiteral("closed"));
    QCOMPARE(session(tx.sessionId).value("amount_minor").toLongLong(), 105);
    QCOMPARE(balance(ana), 895);
}

namespace {

// A remote start's Ready session, as the session control leaves it for the charger's start.
Record readySession(qint64 customerId, qint64 connectorId, const QString &tag)
{
    return {{"code", "READY-" + tag},    {"status", "ready"},           {"authorization_mode", "customer"},
            {"customer_id", customerId}, {"connector_id", connectorId}, {"id_token", tag},
            {"id_token_type", "IdTag"}};
}

} // namespace

void TestSessionEngine::authorize_remoteStartToken_isItsReadySessionsCustomer()
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

void TestSessionEngine::reactivationByStart_withinGrace_takesTheClosedSessionBack()
{
    site(ratingSettings({{"energy_price_minor", 30}}));
    const qint64 ana = driver("TAG-A");
    const auto ready = m_repo->create(Actor::system(), Tables::Sessions, readySession(ana, connectorId(), "TAG-A"));
    QVERIFY(ready);
    // The ready session expired before the charger started ...
    m_clock->set(t(3 * Min));
    QVERIFY(m_sessions->finish(ready.value(), "Ready session expired"));
    QCOMPARE(session(ready.value()).value("status").toString(), QStringLiteral("closed"));

    // ... and the charger's start comes within the grace period.
    const StartedTransaction tx = start("TAG-A", t(5 * Min), 0);
    QCOMPARE(tx.sessionId, ready.value());
    QCOMPARE(authorizationStatusName(tx.authorization.status), QStringLiteral("Accepted"));
    QCOMPARE(session(tx.sessionId).value("status").toString(), QStringLiteral("in_progress"));
    QVERIFY(charges(tx.sessionId).isEmpty());
    stop(tx.transactionId, 2000, t(30 * Min));
    const Record s = session(tx.sessionId);
    QCOMPARE(s.value("status").toString(), QStringLiteral("closed"));
    QCOMPARE(s.value("started_at").toLongLong(), t(5 * Min).toMSecsSinceEpoch());
    QCOMPARE(s.value("energy_wh").toLongLong(), 2000);
    QCOMPARE(s.value("amount_minor").toLongLong(), 60);
    QCOMPARE(charges(tx.sessionId).size(), 1);
    QCOMPARE(m_repo->count(Actor::system(), Tables::Sessions).value(), 1);
}

void TestSessionEngine::reactivationByStart_afterGrace_opensANewSession()
{
    site(ratingSettings({{"energy_price_minor", 30}}));
    const qint64 ana = driver("TAG-A");
    const auto ready = m_repo->create(Actor::system(), Tables::Sessions, readySession(ana, connectorId(), "TAG-A"));
    QVERIFY(ready);
    m_clock->set(t(3 * Min));
    QVERIFY(m_sessions->finish(ready.value(), "Ready session expired"));

    // 1200 s after the ready session was created: too late to take it back.
    const StartedTransaction tx = start("TAG-A", t(20 * Min), 0);
    QVERIFY(tx.sessionId > 0);
    QVERIFY(tx.sessionId != ready.value());
    QCOMPARE(session(ready.value()).value("status").toString(), QStringLiteral("closed"));
    stop(tx.transactionId, 2000, t(30 * Min));
    QCOMPARE(session(tx.sessionId).value("status").toString(), QStringLiteral("closed"));
    QCOMPARE(session(tx.sessionId).value("amount_minor").toLongLong(), 60);
}

// --- Sessions a charger forgot, repeated reports -------------------------------------------

void TestSessionEngine::start_onAConnectorStillHeld_supersedesTheOldSession()
{
    pricedSite();
    driver("TAG-A");
    driver("TAG-B");
    const StartedTransaction old = start("TAG-A", t(0), 0);
    status("charging", t(1 * Min));
    meter(old.transactionId, 3000, t(20 * Min));

    // The charger lost the old stop and starts a new transaction on the same connector.
    const StartedTransaction fresh = start("TAG-B", t(30 * Min), 5000);
    QCOMPARE(authorizationStatusName(fresh.authorization.status), QStringLiteral("Accepted"));
    QVERIFY(fresh.sessionId != old.sessionId);
    const Record s = session(old.sessionId);
    QCOMPARE(s.value("status").toString(), QStringLiteral("closed"));
    QCOMPARE(s.value("stop_reason").toString(), QStringLiteral("Superseded by a new transaction"));
    QCOMPARE(s.value("ended_at").toLongLong(), t(30 * Min).toMSecsSinceEpoch());
    QCOMPARE(s.value("energy_wh").toLongLong(), 3000);
    QCOMPARE(s.value("charge_s").toLongLong(), 29 * 60);
    // 30 * 3 kWh = 90; 120 per hour * 1740 s = 58.
    QCOMPARE(s.value("amount_minor").toLongLong(), 148);
    QCOMPARE(charges(old.sessionId).size(), 1);
    QCOMPARE(session(fresh.sessionId).value("status").toString(), QStringLiteral("in_progress"));
    // The old customer may start elsewhere again.
    QCOMPARE(authorizationStatusName(start("TAG-A", t(31 * Min), 0, 2).authorization.status),
             QStringLiteral("Accepted"));
}

void TestSessionEngine::supersededSession_lateMeterValues_leaveItClosed()
{
    pricedSite();
    driver("TAG-A");
    driver("TAG-B");
    const StartedTransaction old = start("TAG-A", t(0), 0);
    meter(old.transactionId, 3000, t(5 * Min));
    const StartedTransaction fresh = start("TAG-B", t(6 * Min), 5000);
    QCOMPARE(session(old.sessionId).value("status").toString(), QStringLiteral("closed"));

    // A reading the charger had queued for the old transaction, within the grace period:
    // the connector has another session now, so the old one cannot come back.
    m_clock->set(t(7 * Min));
    MeterSample sample;
    sample.at = t(5 * Min + 30);
    sample.value = 3100;
    const Status s = m_sessions->meterValues({m_stationId, 1, 1}, old.transactionId, {sample});
    QVERIFY2(s, qPrintable(s ? QString() : s.error().message()));
    QCOMPARE(session(old.sessionId).value("status").toString(), QStringLiteral("closed"));
    QCOMPARE(session(fresh.sessionId).value("status").toString(), QStringLiteral("in_progress"));
}

void TestSessionEngine::stopAfterCentralClose_keepsEnergyAndAmountTogether()
{
    site(ratingSettings({{"energy_price_minor", 30}}));
    driver("TAG-A");
    const StartedTransaction tx = start("TAG-A", t(0), 0);
    meter(tx.transactionId, 2000, t(5 * Min));
    m_clock->set(t(10 * Min));
    QVERIFY(m_sessions->finish(tx.sessionId, "Forced"));
    QCOMPARE(session(tx.sessionId).value("amount_minor").toLongLong(), 60);

    // The charger's own stop arrives after the central close, with more energy.
    stop(tx.transactionId, 2500, t(11 * Min));
    const Record s = session(tx.sessionId);
    QCOMPARE(s.value("status").toString(), QStringLiteral("closed"));
    QVERIFY(s.value("stop_reported").toBool());
    QCOMPARE(s.value("meter_stop_wh").toLongLong(), 2500);
    // Whatever the engine decides (keep the rated energy, or rate the final one), the
    // session's energy and amount must agree with its rating.
    const QList<Record> c = charges(tx.sessionId);
    QCOMPARE(c.size(), 1);
    QCOMPARE(s.value("energy_wh").toLongLong(), c.first().value("energy_wh").toLongLong());
    QCOMPARE(s.value("amount_minor").toLongLong(), c.first().value("amount_minor").toLongLong());
}

void TestSessionEngine::stop_repeated_changesNothing()
{
    pricedSite();
    const qint64 ana = driver("TAG-A", "prepaid", 1000);
    const StartedTransaction tx = start("TAG-A", t(0), 0);
    status("charging", t(0));
    stop(tx.transactionId, 2000, t(10 * Min));
    const Record first = session(tx.sessionId);
    QCOMPARE(first.value("amount_minor").toLongLong(), 80);
    QCOMPARE(balance(ana), 920);

    // The charger replays its queued stop, later.
    stop(tx.transactionId, 2000, t(12 * Min));
    const Record again = session(tx.sessionId);
    for (const char *field : {"status", "energy_wh", "charge_s", "park_s", "ended_at", "amount_minor",
                              "rating_identifier", "rated_at", "meter_stop_wh"})
        QCOMPARE(again.value(field), first.value(field));
    QCOMPARE(charges(tx.sessionId).size(), 1);
    QCOMPARE(balance(ana), 920);
    QCOMPARE(eventStatuses(tx.sessionId), (QStringList{"in_progress", "closed"}));
}

void TestSessionEngine::started201_repeated_isTheSameSession()
{
    pricedSite();
    driver("TAG-A");
    const StartedTransaction first = start("TAG-A", t(0), 1000, 1, "TX-201-1");
    QCOMPARE(first.transactionId, QStringLiteral("TX-201-1"));
    QCOMPARE(authorizationStatusName(first.authorization.status), QStringLiteral("Accepted"));
    // The charger did not get the answer and sends the same Started again.
    const StartedTransaction again = start("TAG-A", t(0), 1000, 1, "TX-201-1");
    QCOMPARE(again.sessionId, first.sessionId);
    QCOMPARE(again.transactionId, first.transactionId);
    QCOMPARE(authorizationStatusName(again.authorization.status), QStringLiteral("Accepted"));
    QCOMPARE(m_repo->count(Actor::system(), Tables::Sessions).value(), 1);
    QCOMPARE(eventStatuses(first.sessionId), QStringList{"in_progress"});
    // Its start reading is not stored twice.
    ListQuery q;
    q.filters << ListQuery::Filter{"session_id", ListQuery::Filter::Op::Equals, first.sessionId};
    QCOMPARE(m_repo->count(Actor::system(), Tables::MeterValues, q).value(), 1);
}

QTEST_GUILESS_MAIN(TestSessionEngine)
#include "tst_sessionengine.moc"
