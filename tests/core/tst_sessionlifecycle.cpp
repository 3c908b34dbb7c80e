#include "support/sessionengine.h"

#include <QSignalSpy>
#include <QTest>

using namespace ChargeDesk;
using namespace ChargeDesk::Core;
using ChargeDesk::Test::declined;
using ChargeDesk::Test::FakePaymentProvider;
using ChargeDesk::Test::unavailable;

// What happens to a session after its charging: rating failures and retries, pay-now
// billing, parking-end termination, reactivation and the end of sessions a charger forgot,
// and repeated reports.
class TestSessionLifecycle : public Test::SessionEngineFixture
{
    Q_OBJECT

private slots:
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
    void reactivationByStart_withinGrace_takesTheClosedSessionBack();
    void reactivationByStart_afterGrace_opensANewSession();

    void start_onAConnectorStillHeld_supersedesTheOldSession();
    void supersededSession_lateMeterValues_leaveItClosed();
    void stopAfterCentralClose_keepsEnergyAndAmountTogether();
    void stop_repeated_changesNothing();
    void started201_repeated_isTheSameSession();
};

// --- Rating failures and retries -----------------------------------------------------------

void TestSessionLifecycle::ratingFailed_withoutSite_isRatedOnRetry()
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

void TestSessionLifecycle::retryRating_identifierModes_data()
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

void TestSessionLifecycle::retryRating_identifierModes()
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

void TestSessionLifecycle::retryRating_ofASessionThatDidNotFail_isAConflict()
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

void TestSessionLifecycle::payNow_withoutProvider_isBillingFailed()
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

void TestSessionLifecycle::payNow_approved_isClosedWithACharge()
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
    // Nothing more is asked once it is paid. The provider is asked within bill(), as the stop
    // above showed (its call was there before any answer), so there is nothing to wait for.
    m_sessions->settlement().bill(tx.sessionId);
    QCOMPARE(provider.calls.size(), 1);
}

void TestSessionLifecycle::payNow_declined_retryAsksAgainWithANewKey()
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

void TestSessionLifecycle::payNow_unavailable_retryAsksAgainWithTheSameKey()
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

void TestSessionLifecycle::payNow_statusWhileBilling_leavesTheRatedSessionAlone()
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

void TestSessionLifecycle::parkingEnd_countsParkTimeUntilTheConnectorIsReleased_data()
{
    QTest::addColumn<bool>("ocpp16");
    QTest::newRow("1.6: Available") << true;
    QTest::newRow("2.0.1: connector released") << false;
}

void TestSessionLifecycle::parkingEnd_countsParkTimeUntilTheConnectorIsReleased()
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

void TestSessionLifecycle::reactivation_withinGrace_reopensAndRatesAgainAtTheStop()
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

void TestSessionLifecycle::reactivation_withinGrace_keepsTheTimeItWasClosed()
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

void TestSessionLifecycle::reactivation_afterGrace_leavesTheSessionClosed()
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

void TestSessionLifecycle::reactivation_afterAStop_doesNotHappen()
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

void TestSessionLifecycle::reactivation_graceComesFromTheRatingSettings_data()
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

void TestSessionLifecycle::reactivation_graceComesFromTheRatingSettings()
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

void TestSessionLifecycle::reactivation_ofACustomerNoLongerAllowed_asksForAStop()
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

void TestSessionLifecycle::reactivationByStart_withinGrace_takesTheClosedSessionBack()
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

void TestSessionLifecycle::reactivationByStart_afterGrace_opensANewSession()
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

void TestSessionLifecycle::start_onAConnectorStillHeld_supersedesTheOldSession()
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

void TestSessionLifecycle::supersededSession_lateMeterValues_leaveItClosed()
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

void TestSessionLifecycle::stopAfterCentralClose_keepsEnergyAndAmountTogether()
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

void TestSessionLifecycle::stop_repeated_changesNothing()
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

void TestSessionLifecycle::started201_repeated_isTheSameSession()
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

QTEST_GUILESS_MAIN(TestSessionLifecycle)
#include "tst_sessionlifecycle.moc"
