#include "core/chargingprofiles.h"
#include "core/sessioncontrol.h"
#include "server/simulator/virtualstation.h"
#include "support/gatewayfixture.h"

#include <QTest>

using namespace ChargeDesk;
using namespace ChargeDesk::Core;
using namespace ChargeDesk::Server::Simulator;

// The energy limit of a session default charging profile, end to end: the simulator charges
// under the profile ChargeDesk assigned to its charger, reports its meter when asked, and is
// asked to stop (RemoteStopTransaction / RequestStopTransaction) by the session control once
// the limit is reached, as with the rating settings' energy limit. A fake clock shared by both
// sides makes every minute of charging exact: 6 kW is 100 Wh a minute.
class TestProfileEnergyLimit : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { qInfo("storage backend: %s", qPrintable(Test::backend())); }
    void init();
    void cleanup();

    void energyLimit_stopsTheSessionOnceReached_data();
    void energyLimit_stopsTheSessionOnceReached();

private:
    void startStation(const QString &protocol);
    void assignProfile(qint64 energyLimitWh);
    // Moves both clocks on and has the station report its meter; waits for the answer.
    void chargeFor(int minutes);
    Record session();

    std::unique_ptr<FakeClock> m_clock;
    std::unique_ptr<Test::GatewayFixture> m_fx;
    std::unique_ptr<SessionControl> m_control;
    std::unique_ptr<ChargingProfiles> m_profiles;
    std::unique_ptr<VirtualStation> m_sim;
    qint64 m_stationId = 0;
    qint64 m_ratingId = 0;
    int m_metered = 0;   // meter reports ChargeDesk answered
    QStringList m_stops; // stop requests the station received
};

void TestProfileEnergyLimit::init()
{
    m_clock = std::make_unique<FakeClock>(QDateTime(QDate(2026, 3, 2), QTime(8, 0), Qt::UTC));
    m_fx = std::make_unique<Test::GatewayFixture>(*m_clock);
    QVERIFY2(m_fx->isValid(), qPrintable(m_fx->error));
    Repository &repo = *m_fx->repo;
    m_control = std::make_unique<SessionControl>(repo, *m_fx->sessions, *m_fx->gateway, *m_clock);
    m_profiles = std::make_unique<ChargingProfiles>(repo, *m_fx->gateway, *m_clock);
    m_ratingId =
        repo.create(Actor::system(), Tables::RatingSettings, {{"name", "Standard"}, {"energy_price_minor", 30}})
            .value();
    QVERIFY(repo.create(Actor::system(), Tables::SiteSettings,
                        {{"name", "Site"}, {"currency", "EUR"}, {"rating_settings_id", m_ratingId}}));
    const qint64 type =
        repo.create(Actor::system(), Tables::IdDeviceTypes, {{"code", "CARD"}, {"name", "RFID card"}}).value();
    const qint64 customer = repo.create(Actor::system(), Tables::Customers,
                                        {{"code", "ANA"}, {"name", "Ana"}, {"payment_type", "postpaid"}})
                                .value();
    QVERIFY(repo.create(Actor::system(), Tables::IdDevices,
                        {{"code", "CARD-1"},
                         {"name", "Ana's card"},
                         {"type_id", type},
                         {"identifier", "TAG-1"},
                         {"customer_id", customer}}));
    m_metered = 0;
    m_stops.clear();
}

void TestProfileEnergyLimit::cleanup()
{
    if (m_sim)
        m_sim->stop();
    m_sim.reset();
    m_profiles.reset();
    m_control.reset();
    m_fx.reset();
    m_clock.reset();
}

void TestProfileEnergyLimit::startStation(const QString &protocol)
{
    QVERIFY(m_fx->addStation("SIM", protocol, "ws"));
    m_stationId = m_fx->repo->getByCode(Actor::system(), Tables::Stations, "SIM").value().value("id").toLongLong();
    ConnectionOptions options;
    options.url = QUrl(m_fx->url("SIM"));
    options.version = *Server::Ocpp::versionFromSubprotocol(protocol);
    StationSpec spec;
    spec.id = "SIM";
    spec.connectors = {ConnectorSpec{"cType2", CurrentType::AC3, 22000}};
    m_sim = std::make_unique<VirtualStation>(spec, options, *m_clock);
    connect(m_sim.get(), &VirtualStation::happened, this, [this](const QJsonObject &e) {
        const QString name = e.value("event").toString();
        const QString action = e.value("action").toString();
        if (name == "answered" && (action == "MeterValues" || action == "TransactionEvent"))
            ++m_metered;
        if (name == "received" && (action == "RemoteStopTransaction" || action == "RequestStopTransaction"))
            m_stops << action;
    });
    m_sim->start();
    QTRY_VERIFY_WITH_TIMEOUT(m_sim->isOnline(), 10000);
}

void TestProfileEnergyLimit::assignProfile(qint64 energyLimitWh)
{
    // 11 kW, above what the car takes: the profile's energy limit is what this is about.
    const auto profile = m_profiles->createProfile(Actor::system(),
                                                   {{"code", "HOME"},
                                                    {"name", "Home"},
                                                    {"stack_level", 1},
                                                    {"kind", "one_time"},
                                                    {"purpose", "session_default"},
                                                    {"energy_limit_wh", energyLimitWh},
                                                    {"unit", "W"}},
                                                   {{{"start_offset_s", 0}, {"limit_value", 11000}}});
    QVERIFY2(profile, profile ? "" : qPrintable(profile.error().message()));
    const qint64 connectorId = m_fx->stations->connectorFor(m_stationId, 1, 1).value();
    const qint64 chargerId =
        m_fx->repo->get(Actor::system(), Tables::Connectors, connectorId).value().value("charger_id").toLongLong();
    std::optional<Result<ProfileAssignment>> assigned;
    m_profiles->assign(Actor::system(), chargerId, profile.value(),
                       [&](const Result<ProfileAssignment> &r) { assigned = r; });
    QTRY_VERIFY_WITH_TIMEOUT(assigned.has_value(), 10000);
    QVERIFY2(assigned->ok(), assigned->ok() ? "" : qPrintable(assigned->error().message()));
    QTRY_COMPARE_WITH_TIMEOUT(m_profiles->assignment(Actor::system(), chargerId).value().state,
                              QStringLiteral("accepted"), 10000);
}

void TestProfileEnergyLimit::chargeFor(int minutes)
{
    m_clock->advance(minutes * 60);
    const int before = m_metered;
    m_fx->gateway->send(m_stationId, Command{Command::Kind::TriggerMessage, {{"message", "meter"}, {"connector", 1}}},
                        [](const CommandResult &) {});
    QTRY_VERIFY_WITH_TIMEOUT(m_metered > before, 10000);
}

Record TestProfileEnergyLimit::session()
{
    const QList<Record> sessions = m_fx->repo->list(Actor::system(), Tables::Sessions).value();
    return sessions.size() == 1 ? sessions.first() : Record{};
}

void TestProfileEnergyLimit::energyLimit_stopsTheSessionOnceReached_data()
{
    QTest::addColumn<QString>("protocol");
    QTest::addColumn<QVariant>("ratingLimitWh");
    QTest::addColumn<int>("minutesBelow"); // the last reading before the limit
    QTest::addColumn<QString>("reason");
    QTest::addColumn<qint64>("limitWh");
    const QVariant none;
    // Profile 5 kWh alone: 4.9 kWh after 49 minutes, 5 kWh after 50.
    QTest::newRow("1.6, profile") << "ocpp1.6" << none << 49 << "charging_profile_energy" << 5000LL;
    QTest::newRow("2.0.1, profile") << "ocpp2.0.1" << none << 49 << "charging_profile_energy" << 5000LL;
    // The rating's 3 kWh beside the profile's 5 kWh: the lower one stops it after 30 minutes.
    QTest::newRow("1.6, rating lower") << "ocpp1.6" << QVariant(3000) << 29 << "energy" << 3000LL;
    QTest::newRow("2.0.1, rating lower") << "ocpp2.0.1" << QVariant(3000) << 29 << "energy" << 3000LL;
}

void TestProfileEnergyLimit::energyLimit_stopsTheSessionOnceReached()
{
    QFETCH(QString, protocol);
    QFETCH(QVariant, ratingLimitWh);
    QFETCH(int, minutesBelow);
    QFETCH(QString, reason);
    QFETCH(qint64, limitWh);
    if (ratingLimitWh.isValid())
        QVERIFY(m_fx->repo->update(Actor::system(), Tables::RatingSettings, m_ratingId,
                                   {{"energy_limit_wh", ratingLimitWh}}));
    startStation(protocol);
    assignProfile(5000);

    QVERIFY(m_sim->plugIn(1, Vehicle{.capacityWh = 100000, .storedWh = 20000, .maxPowerW = 6000}));
    m_sim->presentIdTag(1, "TAG-1");
    QTRY_COMPARE_WITH_TIMEOUT(session().value("status").toString(), QStringLiteral("in_progress"), 10000);
    QTRY_COMPARE(m_sim->queuedCalls(), 0);

    chargeFor(minutesBelow);
    // The reading is stored once the engine has taken it, which under load is after its frame.
    QTRY_COMPARE_WITH_TIMEOUT(session().value("energy_wh").toLongLong(), limitWh - 100, 10000);
    QCOMPARE(session().value("status").toString(), QStringLiteral("in_progress"));
    QVERIFY(m_stops.isEmpty());

    chargeFor(1);
    QTRY_COMPARE_WITH_TIMEOUT(m_stops.size(), 1, 10000);
    const Record reached = session();
    QCOMPARE(reached.value("energy_wh").toLongLong(), limitWh);
    QCOMPARE(reached.value("limit_reason").toString(), reason);

    // The station stops as asked; the session closes with the limit as its recorded reason.
    QTRY_COMPARE_WITH_TIMEOUT(session().value("status").toString(), QStringLiteral("closed"), 10000);
    const qint64 sessionId = session().value("id").toLongLong();
    QCOMPARE(session().value("limit_reason").toString(), reason);
    ListQuery events;
    events.filters << ListQuery::Filter{"session_id", ListQuery::Filter::Op::Equals, sessionId}
                   << ListQuery::Filter{"status", ListQuery::Filter::Op::Equals, "limit_reached"};
    const QList<Record> limitEvents = m_fx->repo->list(Actor::system(), Tables::SessionEvents, events).value();
    QCOMPARE(limitEvents.size(), 1);
    QCOMPARE(limitEvents.first().value("reason").toString(), reason);
    QCOMPARE(m_stops.size(), 1);
}

QTEST_GUILESS_MAIN(TestProfileEnergyLimit)
#include "tst_profileenergylimit.moc"
