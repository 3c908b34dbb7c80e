#include "core/balancingservice.h"
#include "core/liveconfiguration.h"
#include "core/sessioncontrol.h"
#include "server/rest/restserver.h"
#include "support/gatewayfixture.h"
#include "support/httpclient.h"
#include "support/stationpeer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>

using namespace ChargeDesk;
using namespace ChargeDesk::Core;

namespace {

// A station of the test, and the independent charge point that plays it.
struct Peer
{
    QString code;
    qint64 stationId = 0;
    qint64 connectorId = 0;
    std::unique_ptr<Test::StationPeer> station;

    QList<QJsonObject> lines() { return station ? station->lines() : QList<QJsonObject>(); }
    // The charging profiles the station was given, in order (the remote start's included).
    QList<QJsonObject> profiles()
    {
        QList<QJsonObject> list;
        for (const QJsonObject &l : lines()) {
            const QJsonObject params = l.value("params").toObject();
            if (l.value("action") == "SetChargingProfile")
                list << (params.contains("csChargingProfiles") ? params.value("csChargingProfiles").toObject()
                                                               : params.value("chargingProfile").toObject());
            else if (params.contains("chargingProfile"))
                list << params.value("chargingProfile").toObject();
        }
        return list;
    }
    static QJsonObject schedule(const QJsonObject &profile)
    {
        const QJsonValue s = profile.value("chargingSchedule");
        return s.isArray() ? s.toArray().first().toObject() : s.toObject();
    }
    // The limits of the profiles, in order.
    QList<double> limits()
    {
        QList<double> list;
        for (const QJsonObject &profile : profiles())
            list << schedule(profile)
                        .value("chargingSchedulePeriod")
                        .toArray()
                        .first()
                        .toObject()
                        .value("limit")
                        .toDouble();
        return list;
    }
    // The limit of the last profile, -1 before any.
    double lastLimit()
    {
        const QList<double> list = limits();
        return list.isEmpty() ? -1 : list.last();
    }
};

} // namespace

// Dynamic load balancing through the real gateway: independent charge points start sessions
// in a balanced area and receive the limits of the specification's examples as transaction
// charging profiles; asset reports arrive through the REST API.
class TestLoadBalancing : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { qInfo("storage backend: %s", qPrintable(Test::backend())); }
    void init();
    void cleanup();

    void staticAndConsumerExamples_chargersReceiveTheirShares_data();
    void staticAndConsumerExamples_chargersReceiveTheirShares();
    void advancedExample_meterReportsAndRoundAllocation();
    void rejectingCharger_isRetriedMarkedAndLeftOut();
    void remoteStart_beginsAtZeroThenGetsItsShare();
    void smallIncrease_waitsForTheInterval_whileADecreaseGoesAtOnce();
    void areaSetting_smallerRise_isSentAtOnce();

private:
    void balanceArea(const QVariantMap &settings);
    // A station with one connector of `wattageW` and a driver whose card is TAG-<code>.
    Peer &addStation(const QString &code, const QString &protocol, double wattageW);
    // Connects the station's peer; with `startCharging` the driver swipes the card at once.
    bool run(Peer &peer, const QString &protocol, bool startCharging, const QJsonObject &extra = {});
    // Waits until the session of the peer's connector is in progress.
    bool charging(const Peer &peer);
    qint64 customer(const QString &code);
    Test::HttpResponse api(const QByteArray &method, const QString &path, const QJsonObject &body = {});
    QList<double> lastLimits(const QList<Peer *> &peers);

    std::unique_ptr<FakeClock> m_clock;
    std::unique_ptr<Test::GatewayFixture> m_fx;
    std::unique_ptr<LiveConfiguration> m_live;
    std::unique_ptr<BalancingService> m_balancing;
    std::unique_ptr<Server::Rest::RestServer> m_api;
    QNetworkAccessManager m_http;
    quint16 m_port = 0;
    Repository *m_repo = nullptr;
    std::list<Peer> m_peers;
};

void TestLoadBalancing::init()
{
    // ChargeDesk's time stands still from the real time on (the peers' clock): a change that
    // reaches the chargers came from what caused it, never from the next interval.
    m_clock = std::make_unique<FakeClock>(QDateTime::currentDateTimeUtc());
    m_fx = std::make_unique<Test::GatewayFixture>(*m_clock);
    QVERIFY2(m_fx->isValid(), qPrintable(m_fx->error));
    m_repo = m_fx->repo.get();
    const qint64 settings =
        m_repo->create(Actor::system(), Tables::RatingSettings, {{"name", "Standard"}, {"energy_price_minor", 30}})
            .value();
    QVERIFY(m_repo->create(Actor::system(), Tables::SiteSettings,
                           {{"name", "Site"}, {"currency", "EUR"}, {"rating_settings_id", settings}}));
    QVERIFY(m_repo->create(Actor::system(), Tables::IdDeviceTypes, {{"code", "CARD"}, {"name", "RFID card"}}));
    m_balancing = std::make_unique<BalancingService>(*m_repo, *m_fx->sessions, *m_fx->gateway, m_fx->clock);
    m_balancing->start();
    m_live = std::make_unique<LiveConfiguration>(*m_repo, *m_fx->gateway, m_fx->clock);
    m_api = std::make_unique<Server::Rest::RestServer>(*m_repo, *m_fx->stations, *m_fx->gateway, *m_live, "tok");
    m_api->setLoadBalancing(m_balancing.get());
    m_port = m_api->listen(QHostAddress::LocalHost, 0);
    QVERIFY(m_port);
}

void TestLoadBalancing::cleanup()
{
    m_peers.clear();
    m_api.reset();
    m_live.reset();
    m_balancing.reset();
    m_fx.reset();
    m_clock.reset();
}

void TestLoadBalancing::balanceArea(const QVariantMap &settings)
{
    QVariantMap values{{"dlb_enabled", true}};
    values.insert(settings);
    const Status s = m_repo->update(Actor::system(), Tables::Areas, m_fx->areaId, values);
    QVERIFY2(s, s ? "" : qPrintable(s.error().message()));
}

qint64 TestLoadBalancing::customer(const QString &code)
{
    const qint64 id =
        m_repo
            ->create(Actor::system(), Tables::Customers, {{"code", code}, {"name", code}, {"payment_type", "postpaid"}})
            .value();
    const qint64 type =
        m_repo->getByCode(Actor::system(), Tables::IdDeviceTypes, "RFID").value().value("id").toLongLong();
    m_repo
        ->create(Actor::system(), Tables::IdDevices,
                 {{"code", "CARD-" + code},
                  {"name", "Card"},
                  {"type_id", type},
                  {"identifier", "TAG-" + code},
                  {"customer_id", id}})
        .value();
    return id;
}

Peer &TestLoadBalancing::addStation(const QString &code, const QString &protocol, double wattageW)
{
    Peer &peer = m_peers.emplace_back();
    peer.code = code;
    if (!m_fx->addStation(code, protocol, "ws"))
        return peer;
    peer.stationId = m_repo->getByCode(Actor::system(), Tables::Stations, code).value().value("id").toLongLong();
    // 1.6: the station's charger is EVSE 1 and the connector is its connectorId 1; 2.0.1: EVSE 1, connector 1.
    peer.connectorId = m_fx->stations->connectorFor(peer.stationId, 1, 1).value();
    m_repo->update(Actor::system(), Tables::Connectors, peer.connectorId, {{"wattage_limit_w", wattageW}}).value();
    customer(code);
    return peer;
}

bool TestLoadBalancing::run(Peer &peer, const QString &protocol, bool startCharging, const QJsonObject &extra)
{
    QJsonObject options = extra;
    if (startCharging)
        options.insert("start", QJsonArray{QJsonObject{{"connector", 1}, {"idTag", "TAG-" + peer.code}}});
    peer.station = Test::StationPeer::start(*m_fx->gateway, peer.stationId, m_fx->url(peer.code), protocol, options);
    return peer.station && (!startCharging || charging(peer));
}

bool TestLoadBalancing::charging(const Peer &peer)
{
    return QTest::qWaitFor(
        [&] {
            auto q = m_repo->database().exec(
                "SELECT COUNT(*) FROM sessions WHERE connector_id = ? AND status = 'in_progress'", {peer.connectorId});
            return q && q.value().next() && q.value().value(0).toInt() == 1;
        },
        10000);
}

Test::HttpResponse TestLoadBalancing::api(const QByteArray &method, const QString &path, const QJsonObject &body)
{
    return Test::httpRequest(m_http, m_port, method, path,
                             body.isEmpty() ? QByteArray() : QJsonDocument(body).toJson(QJsonDocument::Compact), "tok");
}

QList<double> TestLoadBalancing::lastLimits(const QList<Peer *> &peers)
{
    QList<double> list;
    for (Peer *p : peers)
        list << p->lastLimit();
    return list;
}

void TestLoadBalancing::staticAndConsumerExamples_chargersReceiveTheirShares_data()
{
    QTest::addColumn<QString>("protocol");
    QTest::newRow("ocpp1.6") << "ocpp1.6";
    QTest::newRow("ocpp2.0.1") << "ocpp2.0.1";
}

// Specification: five 50 kW chargers behind a 150 kW source; then an apartment drawing 20 kW
// leaves 130 kW.
void TestLoadBalancing::staticAndConsumerExamples_chargersReceiveTheirShares()
{
    QFETCH(QString, protocol);
    balanceArea({{"dlb_limit_type", "power"}, {"dlb_limit", 150000}});
    QList<Peer *> peers;
    for (int i = 1; i <= 5; ++i)
        peers << &addStation(QStringLiteral("CP%1").arg(i), protocol, 50000);

    for (int i = 0; i < 3; ++i)
        QVERIFY(run(*peers[i], protocol, true));
    QTRY_COMPARE_WITH_TIMEOUT(lastLimits(peers.mid(0, 3)), QList<double>(3, 50000), 10000);
    for (int i = 3; i < 5; ++i)
        QVERIFY(run(*peers[i], protocol, true));
    QTRY_COMPARE_WITH_TIMEOUT(lastLimits(peers), QList<double>(5, 30000), 10000);

    // Each limit is a transaction profile for that station's own transaction.
    for (Peer *p : peers) {
        const QJsonObject profile = p->profiles().last();
        QCOMPARE(profile.value("chargingProfilePurpose").toString(), QString("TxProfile"));
        QCOMPARE(Peer::schedule(profile).value("chargingRateUnit").toString(), QString("W"));
        auto q =
            m_repo->database().exec("SELECT transaction_id FROM sessions WHERE connector_id = ?", {p->connectorId});
        QVERIFY(q && q.value().next());
        QCOMPARE(profile.value("transactionId").toVariant().toString(), q.value().value(0).toString());
    }
    Test::HttpResponse view = api("GET", "/api/v1/areas/GARAGE/load-balancing");
    QCOMPARE(view.status, 200);
    QCOMPARE(view.json.value("limit").toObject().value("value").toDouble(), 150000.0);
    QCOMPARE(view.json.value("limit").toObject().value("source").toString(), QString("static"));
    QCOMPARE(view.json.value("allocated").toDouble(), 150000.0);
    QCOMPARE(view.json.value("sessions").toArray().size(), 5);
    for (const QJsonValue &s : view.json.value("sessions").toArray())
        QCOMPARE(s.toObject().value("reason").toString(), QString("area_limit"));

    // The apartment's smart plug reports 20 kW through the API: the chargers share 130 kW,
    // at once rather than at the next interval.
    balanceArea({{"dlb_by_asset", true}});
    QTRY_COMPARE(m_balancing->areaBalance(m_fx->areaId)->outcome.allocated, 150000.0);
    const Test::HttpResponse asset = api("POST", "/api/v1/assets",
                                         {{"code", "APARTMENT"},
                                          {"name", "Apartment"},
                                          {"type", "consumer"},
                                          {"current_type", "ac_three_phase"},
                                          {"area_id", m_fx->areaId}});
    QCOMPARE(asset.status, 201);
    QCOMPARE(api("POST", "/api/v1/assets/APARTMENT/measurements", {{"power_w", 20000}}).status, 201);
    QTRY_COMPARE_WITH_TIMEOUT(lastLimits(peers), QList<double>(5, 26000), 10000);
    view = api("GET", "/api/v1/areas/GARAGE/load-balancing");
    QCOMPARE(view.json.value("limit").toObject().value("value").toDouble(), 130000.0);
    QCOMPARE(view.json.value("limit").toObject().value("source").toString(), QString("asset_balance"));

    // A session ends: the four others share the 130 kW at once.
    auto tx =
        m_repo->database().exec("SELECT transaction_id FROM sessions WHERE connector_id = ?", {peers[0]->connectorId});
    QVERIFY(tx && tx.value().next());
    QVERIFY(m_fx->sessions->stop(peers[0]->stationId, tx.value().value(0).toString(), 110000,
                                 QDateTime::currentDateTimeUtc(), "Local"));
    QTRY_COMPARE_WITH_TIMEOUT(lastLimits(peers.mid(1)), QList<double>(4, 32500), 5000);
    auto stored = m_repo->database().exec("SELECT dlb_limit, dlb_reason, dlb_profile_status FROM sessions WHERE "
                                          "connector_id = ? AND status = 'in_progress'",
                                          {peers[1]->connectorId});
    QVERIFY(stored && stored.value().next());
    QCOMPARE(stored.value().value(0).toDouble(), 32500.0);
    QCOMPARE(stored.value().value(1).toString(), QString("area_limit"));
    QTRY_COMPARE(
        m_repo
            ->get(Actor::system(), Tables::Sessions, m_balancing->areaBalance(m_fx->areaId)->sessions.first().sessionId)
            .value()
            .value("dlb_profile_status")
            .toString(),
        QString("accepted"));
}

// Specification, advanced example: 60 kW static overridden by a meter's 40 kW, then 44 kW;
// later ten sessions on 30 kW with a 5 kW minimum: six get 5 kW, four wait their turn.
void TestLoadBalancing::advancedExample_meterReportsAndRoundAllocation()
{
    balanceArea(
        {{"dlb_limit", 60000}, {"dlb_by_asset", true}, {"dlb_min_supply", 5000}, {"dlb_fallout", "round_allocation"}});
    QCOMPARE(api("POST", "/api/v1/assets",
                 {{"code", "METER"},
                  {"name", "Main meter"},
                  {"type", "smart_meter"},
                  {"current_type", "ac_three_phase"},
                  {"area_id", m_fx->areaId}})
                 .status,
             201);
    QList<Peer *> peers;
    for (int i = 1; i <= 10; ++i)
        peers << &addStation(QStringLiteral("CP%1").arg(i), "ocpp1.6", 22000);
    for (int i = 0; i < 4; ++i)
        QVERIFY(run(*peers[i], "ocpp1.6", true));
    QTRY_COMPARE_WITH_TIMEOUT(lastLimits(peers.mid(0, 4)), QList<double>(4, 15000), 10000); // no report yet

    QCOMPARE(api("POST", "/api/v1/assets/METER/measurements", {{"power_w", 40000}}).status, 201);
    QTRY_COMPARE_WITH_TIMEOUT(lastLimits(peers.mid(0, 4)), QList<double>(4, 10000), 10000);
    QCOMPARE(m_balancing->areaBalance(m_fx->areaId)->outcome.limit.source, Balancing::LimitSource::MeterReport);
    QCOMPARE(api("POST", "/api/v1/assets/METER/measurements", {{"power_w", 44000}}).status, 201);
    QTRY_COMPARE_WITH_TIMEOUT(lastLimits(peers.mid(0, 4)), QList<double>(4, 11000), 10000);

    for (int i = 4; i < 10; ++i)
        QVERIFY(run(*peers[i], "ocpp1.6", true));
    QCOMPARE(api("POST", "/api/v1/assets/METER/measurements", {{"power_w", 30000}}).status, 201);
    const QList<double> firstRound{5000, 5000, 5000, 5000, 5000, 5000, 0, 0, 0, 0};
    QTRY_COMPARE_WITH_TIMEOUT(lastLimits(peers), firstRound, 5000);
    Test::HttpResponse view = api("GET", "/api/v1/areas/GARAGE/load-balancing");
    QCOMPARE(view.json.value("served").toInt(), 6);
    QCOMPARE(view.json.value("halted").toInt(), 4);
    QCOMPARE(view.json.value("sessions").toArray().at(9).toObject().value("reason").toString(), QString("fallout"));

    // The next interval lets the four halted sessions charge, with the two that started first.
    QCOMPARE(api("POST", "/api/v1/areas/GARAGE/load-balancing/redistribute").status, 200);
    const QList<double> secondRound{5000, 5000, 0, 0, 0, 0, 5000, 5000, 5000, 5000};
    QTRY_COMPARE_WITH_TIMEOUT(lastLimits(peers), secondRound, 5000);
    view = api("GET", "/api/v1/areas/GARAGE/load-balancing");
    QCOMPARE(view.json.value("rotation").toArray().size(), 10);
}

// A charger that rejects its limit is retried; then its station is marked, the operator is
// told, and the others share what its session leaves.
void TestLoadBalancing::rejectingCharger_isRetriedMarkedAndLeftOut()
{
    m_balancing->setRetryDelayMs(100);
    QSignalSpy failed(m_balancing.get(), &BalancingService::profileFailed);
    balanceArea({{"dlb_limit", 40000}});
    Peer &good = addStation("GOOD", "ocpp2.0.1", 22000);
    Peer &bad = addStation("BAD", "ocpp1.6", 22000);
    QVERIFY(run(good, "ocpp2.0.1", true));
    QVERIFY(run(bad, "ocpp1.6", true, {{"status", QJsonObject{{"SetChargingProfile", "Rejected"}}}}));
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 10000);
    QCOMPARE(failed.first().at(0).toLongLong(), bad.stationId);
    QVERIFY(bad.profiles().size() >= BalancingService::Attempts);
    // Its session takes all its connector can (22 kW); the good charger gets the other 18 kW.
    QTRY_COMPARE_WITH_TIMEOUT(good.lastLimit(), 18000.0, 5000);
    const Record station = m_repo->get(Actor::system(), Tables::Stations, bad.stationId).value();
    QVERIFY(station.value("dlb_failure").toString().contains("Rejected"));
    const auto view = m_balancing->areaBalance(m_fx->areaId);
    QVERIFY(view);
    bool unmanaged = false;
    for (const auto &s : view->sessions)
        unmanaged = unmanaged || (s.stationId == bad.stationId && s.allocation.reason == Balancing::Reason::Unmanaged);
    QVERIFY(unmanaged);
}

// Under load balancing a remote start carries a 0 W profile; the share follows the start.
void TestLoadBalancing::remoteStart_beginsAtZeroThenGetsItsShare()
{
    balanceArea({{"dlb_limit", 150000}});
    Peer &peer = addStation("CP1", "ocpp1.6", 22000);
    QVERIFY(run(peer, "ocpp1.6", false, {{"charge", QJsonObject{{"energyWh", 1000}}}}));
    SessionControl control(*m_repo, *m_fx->sessions, *m_fx->gateway, m_fx->clock);
    control.setStartProfile([this](qint64 connectorId) { return m_balancing->startProfile(connectorId); });
    const qint64 driver = m_repo->getByCode(Actor::system(), Tables::Customers, "CP1").value().value("id").toLongLong();
    bool answered = false;
    control.requestStart(Actor::system(), driver, peer.connectorId, [&](const Result<SessionControl::StartOutcome> &r) {
        QVERIFY(r);
        answered = true;
    });
    QTRY_VERIFY(answered);
    QTRY_COMPARE_WITH_TIMEOUT(peer.lastLimit(), 22000.0, 10000);
    const QList<QJsonObject> profiles = peer.profiles();
    QVERIFY(profiles.size() >= 2);
    QCOMPARE(Peer::schedule(profiles.first())
                 .value("chargingSchedulePeriod")
                 .toArray()
                 .first()
                 .toObject()
                 .value("limit")
                 .toDouble(),
             0.0);
    QCOMPARE(profiles.first().value("chargingProfilePurpose").toString(), QString("TxProfile"));
    QVERIFY(!profiles.first().contains("transactionId"));
}

// A meter that creeps up by a few hundred watts must not send every charger a new profile each
// time; a limit that falls must reach them at once, or the connection is overloaded.
void TestLoadBalancing::smallIncrease_waitsForTheInterval_whileADecreaseGoesAtOnce()
{
    balanceArea({{"dlb_limit_type", "power"}, {"dlb_limit", 40000}, {"dlb_redistribution_interval_s", 300}});
    QList<Peer *> peers;
    for (int i = 1; i <= 4; ++i)
        peers << &addStation(QStringLiteral("CP%1").arg(i), "ocpp1.6", 22000);
    for (Peer *p : peers)
        QVERIFY(run(*p, "ocpp1.6", true));
    QTRY_COMPARE_WITH_TIMEOUT(lastLimits(peers), QList<double>(4, 10000), 10000);
    const auto allocated = [this] {
        QList<double> limits;
        const auto balance = m_balancing->areaBalance(m_fx->areaId);
        for (const auto &s : balance->sessions)
            limits << s.allocation.limit.value_or(-1);
        return limits;
    };

    // +250 W each: 2.5 %, under 1 kW. Allocated, but not sent.
    balanceArea({{"dlb_limit", 41000}});
    QTRY_COMPARE_WITH_TIMEOUT(allocated(), QList<double>(4, 10250), 5000);
    // -250 W each from what the chargers have: sent at once. Had the rise gone out, it would be
    // in the chargers' profiles before this one.
    balanceArea({{"dlb_limit", 39000}});
    QTRY_COMPARE_WITH_TIMEOUT(lastLimits(peers), QList<double>(4, 9750), 10000);
    // +200 W: held back until the area's interval has passed since the last limit.
    balanceArea({{"dlb_limit", 39800}});
    QTRY_COMPARE_WITH_TIMEOUT(allocated(), QList<double>(4, 9950), 5000);
    m_clock->advance(301);
    QVERIFY(m_balancing->redistribute(true));
    QTRY_COMPARE_WITH_TIMEOUT(lastLimits(peers), QList<double>(4, 9950), 10000);

    int sent = 0;
    for (Peer *p : peers) {
        const QList<double> limits = p->limits();
        // Before these, the shares of the sessions starting one by one (22, 20, 13.3, 10 kW for the first).
        QCOMPARE(limits.mid(limits.size() - 3), QList<double>({10000, 9750, 9950}));
        sent += static_cast<int>(limits.size());
    }
    QCOMPARE(m_balancing->profilesSentLastHour(m_fx->areaId), sent);
}

// The area's own setting: an operator whose chargers follow small steps well lowers the amount.
void TestLoadBalancing::areaSetting_smallerRise_isSentAtOnce()
{
    balanceArea({{"dlb_limit_type", "power"},
                 {"dlb_limit", 40000},
                 {"dlb_redistribution_interval_s", 300},
                 {"dlb_min_increase", 200}});
    QList<Peer *> peers;
    for (int i = 1; i <= 2; ++i)
        peers << &addStation(QStringLiteral("CP%1").arg(i), "ocpp1.6", 22000);
    for (Peer *p : peers)
        QVERIFY(run(*p, "ocpp1.6", true));
    QTRY_COMPARE_WITH_TIMEOUT(lastLimits(peers), QList<double>(2, 20000), 10000);
    // +250 W each: 1.25 %, under the default 1 kW but over the area's 200 W.
    balanceArea({{"dlb_limit", 40500}});
    QTRY_COMPARE_WITH_TIMEOUT(lastLimits(peers), QList<double>(2, 20250), 10000);
    // A share of 1 % with 1 kW: +250 W is 1.2 % of 20.25 kW, sent; +100 W (0.5 %) is held.
    balanceArea({{"dlb_min_increase_percent", 1}, {"dlb_min_increase", 1000}, {"dlb_limit", 41000}});
    QTRY_COMPARE_WITH_TIMEOUT(lastLimits(peers), QList<double>(2, 20500), 10000);
    balanceArea({{"dlb_limit", 41200}});
    QTRY_COMPARE_WITH_TIMEOUT(m_balancing->areaBalance(m_fx->areaId)->sessions.first().allocation.limit.value_or(0),
                              20600.0, 5000);
    QCOMPARE(lastLimits(peers), QList<double>(2, 20500));
}

QTEST_GUILESS_MAIN(TestLoadBalancing)
#include "tst_loadbalancing.moc"
