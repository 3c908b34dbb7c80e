#include "core/sessioncontrol.h"
#include "core/sessiondiagnosis.h"
#include "core/sessionpolicy.h"
#include "support/gatewayfixture.h"

#include <QTest>

using namespace ChargeDesk;
using namespace ChargeDesk::Core;

// The eleven malfunction situations of the specification's charging-session-malfunctions,
// each produced through the engine the way a charger would cause it, then recognised by
// diagnose(). A fake clock drives time; readings carry their own timestamps.
class TestMalfunctions : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { qInfo("storage backend: %s", qPrintable(Test::backend())); }
    void init();
    void cleanup();

    void energyNotProgressing_wattageLimitTooLow();
    void energyNotProgressing_noEnergyReported();
    void noPowerReadings();
    void noCustomer();
    void falseTimeTracking();
    void faultedConnector();
    void suspendedConnector();
    void ratingFailed();
    void billingFailed();
    void sessionDidNotStart();
    void obsoleteSession();
    void inadequateSession();
    void healthySession_hasNoFindings();
    void resentReadings_areStoredOnce();
    void stationFindings_badgeWhatRecurs();
    void openSession_countsTheScopeItIsIn();

private:
    QDateTime at(int seconds) const { return m_t0.addSecs(seconds); }
    // Starts a session for the driver's card at t0 with the register at 100 000 Wh.
    qint64 start();
    void status(const QString &connectorStatus, int atS);
    void energy(double registerWh, int atS, bool withPower = true);
    void stop(qint64 registerWh, int atS);
    QStringList findings(qint64 sessionId);

    std::unique_ptr<Test::GatewayFixture> m_fx;
    std::unique_ptr<FakeClock> m_clock;
    std::unique_ptr<ChargingSessions> m_sessions;
    Repository *m_repo = nullptr;
    qint64 m_stationId = 0;
    qint64 m_connectorId = 0;
    qint64 m_driver = 0;
    QDateTime m_t0{QDate(2026, 11, 3), QTime(9, 0), Qt::UTC};
    QString m_tx;
};

void TestMalfunctions::init()
{
    m_fx = std::make_unique<Test::GatewayFixture>();
    QVERIFY2(m_fx->isValid(), qPrintable(m_fx->error));
    m_repo = m_fx->repo.get();
    m_clock = std::make_unique<FakeClock>(m_t0);
    m_sessions = std::make_unique<ChargingSessions>(*m_repo, *m_fx->stations, *m_clock);
    QVERIFY(m_fx->addStation("CP", "ocpp1.6", "ws"));
    m_stationId = m_repo->getByCode(Actor::system(), Tables::Stations, "CP").value().value("id").toLongLong();
    m_connectorId = m_fx->stations->connectorFor(m_stationId, 1, 1).value();
    // A 22 kW connector; 30 per kWh.
    QVERIFY(m_repo->update(Actor::system(), Tables::Connectors, m_connectorId, {{"wattage_limit_w", 22000}}));
    const qint64 settings =
        m_repo->create(Actor::system(), Tables::RatingSettings, {{"name", "Standard"}, {"energy_price_minor", 30}})
            .value();
    QVERIFY(m_repo->create(Actor::system(), Tables::SiteSettings,
                           {{"name", "Site"}, {"currency", "EUR"}, {"rating_settings_id", settings}}));
    m_driver = m_repo
                   ->create(Actor::system(), Tables::Customers,
                            {{"code", "ANA"}, {"name", "Ana"}, {"payment_type", "postpaid"}})
                   .value();
    const qint64 type =
        m_repo->create(Actor::system(), Tables::IdDeviceTypes, {{"code", "CARD"}, {"name", "RFID"}}).value();
    QVERIFY(m_repo->create(
        Actor::system(), Tables::IdDevices,
        {{"code", "CARD"}, {"name", "Card"}, {"type_id", type}, {"identifier", "CARD-1"}, {"customer_id", m_driver}}));
}

void TestMalfunctions::cleanup()
{
    m_sessions.reset();
    m_fx.reset();
}

qint64 TestMalfunctions::start()
{
    TransactionStart request;
    request.where = {m_stationId, 1, 1};
    request.idToken = "CARD-1";
    request.idTokenType = "IdTag";
    request.meterStartWh = 100000;
    request.at = m_t0;
    auto started = m_sessions->start(request);
    if (!started)
        return 0;
    m_tx = started.value().transactionId;
    return started.value().sessionId;
}

void TestMalfunctions::status(const QString &connectorStatus, int atS)
{
    m_clock->set(at(atS));
    QVERIFY(m_sessions->connectorStatus({m_stationId, 1, 1}, connectorStatus, at(atS)));
}

void TestMalfunctions::energy(double registerWh, int atS, bool withPower)
{
    m_clock->set(at(atS));
    QList<MeterSample> samples{{at(atS), "Energy.Active.Import.Register", {}, "Wh", "Sample.Periodic", registerWh}};
    if (withPower)
        samples << MeterSample{at(atS), "Power.Active.Import", {}, "W", "Sample.Periodic", 11000};
    QVERIFY(m_sessions->meterValues({m_stationId, 1, 1}, m_tx, samples));
}

void TestMalfunctions::stop(qint64 registerWh, int atS)
{
    m_clock->set(at(atS));
    QVERIFY(m_sessions->stop(m_stationId, m_tx, registerWh, at(atS), "EVDisconnected"));
}

QStringList TestMalfunctions::findings(qint64 sessionId)
{
    auto facts = sessionFacts(*m_repo, sessionId, m_clock->nowMs());
    if (!facts)
        return {facts.error().message()};
    QStringList codes;
    for (const Finding &f : diagnose(facts.value()))
        codes << f.code;
    return codes;
}

void TestMalfunctions::energyNotProgressing_wattageLimitTooLow()
{
    // The connector really delivers 11 kW, but is configured as 3 kW: 11 kWh in an hour is
    // more than 3 kW allow, so the readings are discarded and the energy stays where it was.
    QVERIFY(m_repo->update(Actor::system(), Tables::Connectors, m_connectorId, {{"wattage_limit_w", 3000}}));
    const qint64 id = start();
    status("charging", 0);
    energy(105500, 1800);
    energy(111000, 3600);
    const Record session = m_repo->get(Actor::system(), Tables::Sessions, id).value();
    QCOMPARE(session.value("energy_wh").toLongLong(), 0);
    ListQuery q;
    q.filters << ListQuery::Filter{"session_id", ListQuery::Filter::Op::Equals, id}
              << ListQuery::Filter{"valid", ListQuery::Filter::Op::Equals, 0};
    const auto discarded = m_repo->list(Actor::system(), Tables::MeterValues, q).value();
    QCOMPARE(discarded.size(), 2);
    QCOMPARE(discarded.first().value("discard_reason").toString(), QStringLiteral("over_connector_capability"));
    QVERIFY(findings(id).contains("energy_not_progressing"));
    // Setting the real limit lets the next reading count.
    QVERIFY(m_repo->update(Actor::system(), Tables::Connectors, m_connectorId, {{"wattage_limit_w", 22000}}));
    energy(111500, 3660);
    QCOMPARE(m_repo->get(Actor::system(), Tables::Sessions, id).value().value("energy_wh").toLongLong(), 11500);
}

void TestMalfunctions::energyNotProgressing_noEnergyReported()
{
    const qint64 id = start();
    status("charging", 0);
    m_clock->set(at(600));
    QVERIFY(m_sessions->meterValues({m_stationId, 1, 1}, m_tx,
                                    {{at(600), "Power.Active.Import", {}, "W", "Sample.Periodic", 11000}}));
    status("finishing", 1200);
    QVERIFY(findings(id).contains("energy_not_progressing"));
}

void TestMalfunctions::noPowerReadings()
{
    const qint64 id = start();
    status("charging", 0);
    energy(105500, 1800, false);
    QVERIFY(findings(id).contains("no_power_readings"));
    QVERIFY(!findings(id).contains("energy_not_progressing"));
}

void TestMalfunctions::noCustomer()
{
    TransactionStart request;
    request.where = {m_stationId, 1, 1};
    request.meterStartWh = 0;
    request.at = m_t0;
    auto started = m_sessions->start(request);
    QVERIFY(started);
    QCOMPARE(m_repo->get(Actor::system(), Tables::Sessions, started.value().sessionId)
                 .value()
                 .value("authorization_mode")
                 .toString(),
             QStringLiteral("public_free"));
    QVERIFY(findings(started.value().sessionId).contains("no_customer"));
}

void TestMalfunctions::falseTimeTracking()
{
    // 20 kWh delivered, but the charger said Preparing all along and Charging for a minute.
    const qint64 id = start();
    status("preparing", 0);
    status("charging", 3540);
    status("finishing", 3600);
    energy(120000, 3600);
    stop(120000, 3600);
    const Record session = m_repo->get(Actor::system(), Tables::Sessions, id).value();
    QCOMPARE(session.value("charge_s").toLongLong(), 60);
    QCOMPARE(session.value("park_s").toLongLong(), 3540);
    QVERIFY(findings(id).contains("false_time_tracking"));
}

void TestMalfunctions::faultedConnector()
{
    const qint64 id = start();
    status("charging", 0);
    energy(102000, 600);
    status("faulted", 600);
    stop(102000, 900);
    QCOMPARE(m_repo->get(Actor::system(), Tables::Sessions, id).value().value("fault_s").toLongLong(), 300);
    QVERIFY(findings(id).contains("faulted_connector"));
}

void TestMalfunctions::suspendedConnector()
{
    const qint64 id = start();
    status("charging", 0);
    energy(110000, 3000);
    status("suspended_ev", 3000);
    stop(110000, 3600);
    const Record session = m_repo->get(Actor::system(), Tables::Sessions, id).value();
    QCOMPARE(session.value("park_s").toLongLong(), 600);
    QVERIFY(findings(id).contains("suspended"));
}

void TestMalfunctions::ratingFailed()
{
    // The charger's own rating settings are priced, but the site has no currency any more.
    const qint64 site = m_repo->list(Actor::system(), Tables::SiteSettings).value().first().value("id").toLongLong();
    QVERIFY(m_repo->remove(Actor::system(), Tables::SiteSettings, site));
    const qint64 settings =
        m_repo->create(Actor::system(), Tables::RatingSettings, {{"name", "Charger"}, {"energy_price_minor", 40}})
            .value();
    const qint64 charger =
        m_repo->get(Actor::system(), Tables::Connectors, m_connectorId).value().value("charger_id").toLongLong();
    QVERIFY(m_repo->update(Actor::system(), Tables::Chargers, charger, {{"rating_settings_id", settings}}));
    const qint64 id = start();
    status("charging", 0);
    stop(110000, 3600);
    QCOMPARE(m_repo->get(Actor::system(), Tables::Sessions, id).value().value("status").toString(),
             QStringLiteral("rating_failed"));
    QVERIFY(findings(id).contains("rating_failed"));
}

void TestMalfunctions::billingFailed()
{
    // A pay-now customer and no payment provider configured.
    QVERIFY(m_repo->update(Actor::system(), Tables::Customers, m_driver, {{"payment_type", "pay_now"}}));
    const qint64 id = start();
    status("charging", 0);
    stop(110000, 3600);
    QTRY_COMPARE(m_repo->get(Actor::system(), Tables::Sessions, id).value().value("status").toString(),
                 QStringLiteral("billing_failed"));
    QVERIFY(findings(id).contains("billing_failed"));
}

void TestMalfunctions::sessionDidNotStart()
{
    // A remote start the charger accepted but never followed: the ready expiration closes it.
    SessionControl control(*m_repo, *m_sessions, *m_fx->gateway, *m_clock);
    const qint64 id = m_repo
                          ->create(Actor::system(), Tables::Sessions,
                                   {{"code", "READY-1"},
                                    {"status", "ready"},
                                    {"authorization_mode", "customer"},
                                    {"customer_id", m_driver},
                                    {"connector_id", m_connectorId},
                                    {"id_token", "CARD-1"},
                                    {"last_event_at", m_clock->nowMs()}})
                          .value();
    QVERIFY(findings(id).isEmpty()); // still waiting: nothing wrong yet
    m_clock->advance(SessionPolicy::DefaultReadyExpirationS);
    QCOMPARE(control.runIdleJob(), 1);
    QVERIFY(findings(id).contains("did_not_start"));
}

void TestMalfunctions::obsoleteSession()
{
    SessionControl control(*m_repo, *m_sessions, *m_fx->gateway, *m_clock);
    const qint64 id = start();
    status("charging", 0);
    energy(110000, 3600);
    m_clock->advance(SessionPolicy::DefaultOngoingExpirationS);
    QCOMPARE(control.runIdleJob(), 1);
    const Record session = m_repo->get(Actor::system(), Tables::Sessions, id).value();
    QCOMPARE(session.value("status").toString(), QStringLiteral("closed"));
    QCOMPARE(session.value("energy_wh").toLongLong(), 10000); // the last valid reading's
    QVERIFY(findings(id).contains("obsolete"));
}

void TestMalfunctions::inadequateSession()
{
    const qint64 id = start();
    status("charging", 0);
    energy(101000, 120);
    stop(101000, 180);
    const QStringList found = findings(id);
    QVERIFY(found.contains("inadequate"));
    auto facts = sessionFacts(*m_repo, id, m_clock->nowMs());
    for (const Finding &f : diagnose(facts.value())) {
        if (f.code == "inadequate") {
            QVERIFY2(f.summary.contains("5 minutes") && f.summary.contains("1.00 kWh"), qPrintable(f.summary));
        }
    }
}

void TestMalfunctions::healthySession_hasNoFindings()
{
    const qint64 id = start();
    status("charging", 0);
    energy(110000, 1800);
    energy(120000, 3600);
    status("finishing", 3600);
    stop(120000, 3600);
    const Record session = m_repo->get(Actor::system(), Tables::Sessions, id).value();
    QCOMPARE(session.value("status").toString(), QStringLiteral("closed"));
    QCOMPARE(session.value("amount_minor").toLongLong(), 600); // 20 kWh at 30
    QCOMPARE(findings(id), QStringList());
}

void TestMalfunctions::resentReadings_areStoredOnce()
{
    // The server stored a report and stopped before answering; the charger sends it again.
    const qint64 id = start();
    status("charging", 0);
    energy(103000, 600);
    energy(103000, 600);
    energy(105000, 1200);
    energy(103000, 600);
    ListQuery q;
    q.filters << ListQuery::Filter{"session_id", ListQuery::Filter::Op::Equals, id}
              << ListQuery::Filter{"measured_at", ListQuery::Filter::Op::Equals, at(600).toMSecsSinceEpoch()};
    QCOMPARE(m_repo->count(Actor::system(), Tables::MeterValues, q).value(), 2); // energy and power, once
    QCOMPARE(m_repo->get(Actor::system(), Tables::Sessions, id).value().value("energy_wh").toLongLong(), 5000);
}

void TestMalfunctions::stationFindings_badgeWhatRecurs()
{
    const auto codes = [this] {
        QStringList out;
        const auto findings = stationFindings(*m_repo, Actor::system(), m_stationId, m_clock->nowMs());
        for (const Finding &f : findings.value())
            out << f.code;
        return out;
    };
    // The station reported its connector itself (connectorFor in init): nobody set it up yet.
    QCOMPARE(codes(), QStringList{"connector_not_configured"});
    QVERIFY(m_repo->update(Actor::system(), Tables::Connectors, m_connectorId,
                           {{"needs_review", false}, {"wattage_limit_w", 3000}}));
    QCOMPARE(codes(), QStringList());

    // Two sessions whose readings exceed the 3 kW the connector is set to.
    for (int i = 0; i < 2; ++i) {
        const qint64 id = start();
        QVERIFY(id);
        status("charging", 0);
        energy(105500, 1800);
        stop(105500, 3600);
    }
    const auto findings = stationFindings(*m_repo, Actor::system(), m_stationId, m_clock->nowMs()).value();
    QCOMPARE(findings.size(), 1);
    QCOMPARE(findings.first().code, QStringLiteral("energy_not_progressing"));
    QCOMPARE(findings.first().summary,
             QStringLiteral("In 2 of the last 2 session(s): 2 energy reading(s) were discarded as more than the "
                            "connector can deliver."));
    QVERIFY(findings.first().advice.contains("3000 W"));

    // Another network's operator does not see the station at all.
    const qint64 other =
        m_repo->create(Actor::system(), Tables::Operators, {{"code", "OTHER"}, {"name", "Other"}}).value();
    QVERIFY(!stationFindings(*m_repo,
                             Actor{.userId = 7, .email = "op@example.com", .powerUser = false, .operatorId = other},
                             m_stationId, m_clock->nowMs()));
}

void TestMalfunctions::openSession_countsTheScopeItIsIn()
{
    // Charging since t0 with one status report: the stored charge time is still 0, but half an
    // hour has passed, so 5.5 kWh at 22 kW is no false time tracking.
    const qint64 id = start();
    status("charging", 0);
    energy(105500, 1800);
    const auto facts = sessionFacts(*m_repo, id, m_clock->nowMs());
    QVERIFY(facts);
    QCOMPARE(facts.value().chargeS, 1800);
    QCOMPARE(findings(id), QStringList());
}

QTEST_GUILESS_MAIN(TestMalfunctions)
#include "tst_malfunctions.moc"
