#include "core/liveconfiguration.h"
#include "core/reservations.h"
#include "server/rest/restserver.h"
#include "support/gatewayfixture.h"
#include "support/httpclient.h"
#include "support/stationpeer.h"
#include "support/testdata.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>

using namespace ChargeDesk;
using namespace std::chrono_literals;
using Core::Actor;
using Core::Error;
namespace Tables = Core::Tables;
using Outcome = Core::Result<Core::ReservationOutcome>;

// Reservations against an independent station (ocpp-rpc, strict mode, so our ReserveNow and
// CancelReservation are checked against its own copy of the schemas), which prints what it
// received. Time is a fake clock: reservations expire without waiting.
class TestReservations : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void reserve_accepted_sendsReserveNowAndOpensAReservedSession_data();
    void reserve_accepted_sendsReserveNowAndOpensAReservedSession();
    void reserve_customerWithoutDevice_sendsATokenOfTheReservation();
    void reserve_connectorsNotSimultaneous_holdsTheWholeCharger();
    void reserve_refused_data();
    void reserve_refused();
    void reserve_stationAnswersOccupied_isCancelledAndItsSessionClosed();
    void reserve_stationOffline_isCancelledAndItsSessionClosed();
    void cancel_sendsCancelReservationAndClosesTheSession();
    void cancel_stationOffline_cancelsHereAndSaysSo();
    void expire_endsDueReservationsAndTheirSessions();
    void used_endsTheReservationOnce();
    void operatorUser_reachesOnlyItsChargers();
    void rest_reserveListAndCancel();
    void rest_badRequests_get4xxAndReserveNothing_data();
    void rest_badRequests_get4xxAndReserveNothing();

private:
    struct Site
    {
        qint64 stationId = 0;
        qint64 chargerId = 0;
        qint64 connector1 = 0;
        qint64 connector2 = 0;
    };
    Site addSite(const QString &code, const QString &protocol, bool reservable = true, bool simultaneous = false,
                 qint64 areaId = 0);
    qint64 addCustomer(const QString &code, const QString &identifier = {}, const QString &status = "active");
    void connectStation(const QString &code, const QString &protocol, const QJsonObject &options = {});
    QJsonObject received(const QString &action);
    Outcome wait(const std::function<void(Core::ReservationDone)> &start);
    Outcome reserve(qint64 customer, qint64 connector, std::chrono::minutes holdFor = 30min,
                    const Actor &actor = Actor::system());
    Outcome cancel(qint64 reservationId, const Actor &actor = Actor::system());
    Core::Record row(const QString &table, qint64 id);
    Core::Record sessionOf(qint64 reservationId);
    int count(const QString &table);
    Test::HttpResponse request(const QByteArray &method, const QString &path, const QByteArray &body = {});

    std::unique_ptr<Test::GatewayFixture> m_fx;
    std::unique_ptr<Core::FakeClock> m_clock;
    std::unique_ptr<Core::ChargingSessions> m_sessions;
    std::unique_ptr<Core::Reservations> m_reservations;
    std::unique_ptr<Core::LiveConfiguration> m_live;
    std::unique_ptr<Server::Rest::RestServer> m_api;
    std::unique_ptr<Test::StationPeer> m_station;
    QNetworkAccessManager m_http;
    quint16 m_port = 0;
    qint64 m_deviceType = 0;
    qint64 m_alice = 0; // has an RFID card
    qint64 m_bob = 0;   // has an RFID card
    qint64 m_carol = 0; // has none
};

void TestReservations::initTestCase()
{
    qInfo("storage backend: %s", qPrintable(Test::backend()));
}

void TestReservations::init()
{
    m_fx = std::make_unique<Test::GatewayFixture>();
    QVERIFY2(m_fx->isValid(), qPrintable(m_fx->error));
    m_clock =
        std::make_unique<Core::FakeClock>(QDateTime::fromSecsSinceEpoch(QDateTime::currentSecsSinceEpoch(), Qt::UTC));
    // The reservations' own session engine, so that closing a reserved session runs on the fake clock too.
    m_sessions = std::make_unique<Core::ChargingSessions>(*m_fx->repo, *m_fx->stations, *m_clock);
    m_reservations = std::make_unique<Core::Reservations>(*m_fx->repo, *m_sessions, *m_fx->gateway, *m_clock);
    m_live = std::make_unique<Core::LiveConfiguration>(*m_fx->repo, *m_fx->gateway, m_fx->clock);
    m_api = std::make_unique<Server::Rest::RestServer>(*m_fx->repo, *m_fx->stations, *m_fx->gateway, *m_live, "tok");
    m_api->setReservations(m_reservations.get());
    m_port = m_api->listen(QHostAddress::LocalHost, 0);
    QVERIFY(m_port > 0);
    m_deviceType =
        m_fx->repo->create(Actor::system(), Tables::IdDeviceTypes, {{"code", "CARD"}, {"name", "RFID card"}}).value();
    m_alice = addCustomer("ALICE", "ALICE-CARD");
    m_bob = addCustomer("BOB", "BOB-CARD");
    m_carol = addCustomer("CAROL");
    QVERIFY(m_alice && m_bob && m_carol);
}

void TestReservations::cleanup()
{
    m_station.reset();
    m_api.reset();
    m_live.reset();
    m_reservations.reset();
    m_sessions.reset();
    m_fx.reset();
}

auto TestReservations::addSite(const QString &code, const QString &protocol, bool reservable, bool simultaneous,
                               qint64 areaId) -> Site
{
    Site site;
    site.stationId = Test::createStation(*m_fx->repo, areaId ? areaId : m_fx->areaId, code, protocol);
    auto charger = m_fx->repo->create(Actor::system(), Tables::Chargers,
                                      {{"code", code + "-C1"},
                                       {"name", code + " charger"},
                                       {"station_id", site.stationId},
                                       {"current_type", "ac_three_phase"},
                                       {"reservable", reservable},
                                       {"connectors_simultaneous", simultaneous}});
    if (!charger) {
        qWarning("charger: %s", qPrintable(charger.error().message()));
        return site;
    }
    site.chargerId = charger.value();
    for (int n : {1, 2}) {
        auto connector = m_fx->repo->create(Actor::system(), Tables::Connectors,
                                            {{"code", QString::number(n)},
                                             {"name", QStringLiteral("Socket %1").arg(n)},
                                             {"charger_id", site.chargerId},
                                             {"connector_number", n}});
        (n == 1 ? site.connector1 : site.connector2) = connector ? connector.value() : 0;
    }
    return site;
}

qint64 TestReservations::addCustomer(const QString &code, const QString &identifier, const QString &status)
{
    auto customer =
        m_fx->repo->create(Actor::system(), Tables::Customers,
                           {{"code", code}, {"name", code}, {"payment_type", "postpaid"}, {"status", status}});
    if (!customer)
        return 0;
    if (!identifier.isEmpty() && !m_fx->repo->create(Actor::system(), Tables::IdDevices,
                                                     {{"code", identifier},
                                                      {"name", identifier},
                                                      {"type_id", m_deviceType},
                                                      {"identifier", identifier},
                                                      {"customer_id", customer.value()}}))
        return 0;
    return customer.value();
}

void TestReservations::connectStation(const QString &code, const QString &protocol, const QJsonObject &options)
{
    const qint64 id = m_fx->repo->getByCode(Actor::system(), Tables::Stations, code).value().value("id").toLongLong();
    m_station = Test::StationPeer::start(*m_fx->gateway, id, m_fx->url(code), protocol, options, 60000);
    QVERIFY(m_station);
}

QJsonObject TestReservations::received(const QString &action)
{
    return m_station ? m_station->nextCall(action) : QJsonObject();
}

Outcome TestReservations::wait(const std::function<void(Core::ReservationDone)> &start)
{
    std::optional<Outcome> result;
    start([&result](const Outcome &o) { result = o; });
    QElapsedTimer timer;
    timer.start();
    while (!result && timer.elapsed() < 15000)
        QTest::qWait(10);
    return result ? *result : Outcome(Error::storage("no answer in 15 s"));
}

Outcome TestReservations::reserve(qint64 customer, qint64 connector, std::chrono::minutes holdFor, const Actor &actor)
{
    return wait([&](Core::ReservationDone done) {
        m_reservations->reserve(actor, customer, connector, holdFor, std::move(done));
    });
}

Outcome TestReservations::cancel(qint64 reservationId, const Actor &actor)
{
    return wait([&](Core::ReservationDone done) { m_reservations->cancel(actor, reservationId, std::move(done)); });
}

Core::Record TestReservations::row(const QString &table, qint64 id)
{
    auto r = m_fx->repo->get(Actor::system(), table, id);
    return r ? r.value() : Core::Record{};
}

Core::Record TestReservations::sessionOf(qint64 reservationId)
{
    Core::ListQuery q;
    q.filters << Core::ListQuery::Filter{"reservation_id", Core::ListQuery::Filter::Op::Equals, reservationId};
    auto rows = m_fx->repo->list(Actor::system(), Tables::Sessions, q);
    return rows && rows.value().size() == 1 ? rows.value().first() : Core::Record{};
}

int TestReservations::count(const QString &table)
{
    return int(m_fx->repo->count(Actor::system(), table).value());
}

Test::HttpResponse TestReservations::request(const QByteArray &method, const QString &path, const QByteArray &body)
{
    return Test::httpRequest(m_http, m_port, method, path, body, "tok");
}

void TestReservations::reserve_accepted_sendsReserveNowAndOpensAReservedSession_data()
{
    QTest::addColumn<QString>("protocol");
    QTest::newRow("1.6") << "ocpp1.6";
    QTest::newRow("2.0.1") << "ocpp2.0.1";
}

void TestReservations::reserve_accepted_sendsReserveNowAndOpensAReservedSession()
{
    QFETCH(QString, protocol);
    const Site site = addSite("ST", protocol);
    connectStation("ST", protocol);
    QSignalSpy changed(m_reservations.get(), &Core::Reservations::reservationChanged);
    const auto reserved = reserve(m_alice, site.connector2, 30min);
    QVERIFY2(reserved.ok(), qPrintable(reserved.ok() ? QString() : reserved.error().message()));
    QCOMPARE(reserved.value().status, QStringLiteral("active"));
    QCOMPARE(reserved.value().station.status, QStringLiteral("Accepted"));
    const qint64 id = reserved.value().reservationId;
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.first().first().toLongLong(), id);

    const Core::Record reservation = row(Tables::Reservations, id);
    const qint64 expiresAt = m_clock->now().addSecs(30 * 60).toMSecsSinceEpoch();
    QCOMPARE(reservation.value("status").toString(), QStringLiteral("active"));
    QCOMPARE(reservation.value("customer_id").toLongLong(), m_alice);
    QCOMPARE(reservation.value("charger_id").toLongLong(), site.chargerId);
    QCOMPARE(reservation.value("connector_id").toLongLong(), site.connector2);
    QCOMPARE(reservation.value("expires_at").toLongLong(), expiresAt);
    const qint64 ocppId = reservation.value("ocpp_reservation_id").toLongLong();
    QVERIFY(ocppId > 0);

    const QJsonObject call = received("ReserveNow");
    QVERIFY(!call.isEmpty());
    if (protocol == "ocpp1.6") {
        QCOMPARE(call.value("reservationId").toInteger(), ocppId);
        QCOMPARE(call.value("connectorId").toInt(), 2);
        QCOMPARE(call.value("idTag").toString(), QStringLiteral("ALICE-CARD"));
        QCOMPARE(QDateTime::fromString(call.value("expiryDate").toString(), Qt::ISODateWithMs).toMSecsSinceEpoch(),
                 expiresAt);
    } else {
        QCOMPARE(call.value("id").toInteger(), ocppId);
        QCOMPARE(call.value("evseId").toInt(), 1);
        QCOMPARE(call.value("idToken").toObject().value("idToken").toString(), QStringLiteral("ALICE-CARD"));
        QCOMPARE(QDateTime::fromString(call.value("expiryDateTime").toString(), Qt::ISODateWithMs).toMSecsSinceEpoch(),
                 expiresAt);
    }

    // The reservation is the customer's open session on the connector, counting reservation time.
    const Core::Record session = sessionOf(id);
    QCOMPARE(session.value("status").toString(), QStringLiteral("reserved"));
    QCOMPARE(session.value("authorization_mode").toString(), QStringLiteral("customer"));
    QCOMPARE(session.value("customer_id").toLongLong(), m_alice);
    QCOMPARE(session.value("connector_id").toLongLong(), site.connector2);
    QCOMPARE(session.value("id_token").toString(), QStringLiteral("ALICE-CARD"));
    QCOMPARE(session.value("started_at").toLongLong(), m_clock->nowMs());
    QCOMPARE(session.value("scope_status").toString(), QStringLiteral("reserved"));
    QCOMPARE(session.value("scope_since").toLongLong(), m_clock->nowMs());
    Core::ListQuery events;
    events.filters << Core::ListQuery::Filter{"session_id", Core::ListQuery::Filter::Op::Equals, session.value("id")};
    const auto eventRows = m_fx->repo->list(Actor::system(), Tables::SessionEvents, events).value();
    QCOMPARE(eventRows.size(), 1);
    QCOMPARE(eventRows.first().value("status").toString(), QStringLiteral("reserved"));
}

void TestReservations::reserve_customerWithoutDevice_sendsATokenOfTheReservation()
{
    const Site site = addSite("ST", "ocpp1.6");
    connectStation("ST", "ocpp1.6");
    const auto reserved = reserve(m_carol, site.connector1);
    QVERIFY2(reserved.ok(), qPrintable(reserved.ok() ? QString() : reserved.error().message()));
    QCOMPARE(reserved.value().status, QStringLiteral("active"));
    const QString token = received("ReserveNow").value("idTag").toString();
    QCOMPARE(token, QStringLiteral("RSV-%1").arg(reserved.value().reservationId));
    QVERIFY(token.size() <= 20); // a 1.6 idTag
    QCOMPARE(sessionOf(reserved.value().reservationId).value("id_token").toString(), token);
}

void TestReservations::reserve_connectorsNotSimultaneous_holdsTheWholeCharger()
{
    const Site site = addSite("ST", "ocpp1.6", true, false);
    connectStation("ST", "ocpp1.6");
    const auto first = reserve(m_alice, site.connector1);
    QVERIFY(first.ok());
    QCOMPARE(first.value().status, QStringLiteral("active"));
    QVERIFY(!received("ReserveNow").isEmpty());

    // One connector at a time: the other one is held too.
    const auto other = reserve(m_bob, site.connector2);
    QVERIFY(!other.ok());
    QCOMPARE(other.error().kind(), Error::Kind::Conflict);
    QVERIFY2(other.error().message().contains("Another connector of the charger is reserved"),
             qPrintable(other.error().message()));
    QVERIFY(other.error().message().contains("cannot be used at the same time"));
    QCOMPARE(count(Tables::Reservations), 1);

    // Connectors that work side by side are reserved one by one.
    QVERIFY(m_fx->repo->update(Actor::system(), Tables::Chargers, site.chargerId, {{"connectors_simultaneous", true}}));
    const auto second = reserve(m_bob, site.connector2);
    QVERIFY2(second.ok(), qPrintable(second.ok() ? QString() : second.error().message()));
    QCOMPARE(second.value().status, QStringLiteral("active"));
    QCOMPARE(received("ReserveNow").value("connectorId").toInt(), 2);
    // The reserved connector itself stays taken.
    const auto same = reserve(m_carol, site.connector1);
    QVERIFY(!same.ok());
    QVERIFY2(same.error().message().contains("The connector is already reserved"), qPrintable(same.error().message()));
}

void TestReservations::reserve_refused_data()
{
    QTest::addColumn<QString>("situation");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("message");
    const auto validation = int(Error::Kind::Validation);
    const auto conflict = int(Error::Kind::Conflict);
    QTest::newRow("charger not reservable") << "not_reservable" << validation << "does not take reservations";
    QTest::newRow("connector reserved") << "reserved" << conflict << "already reserved";
    QTest::newRow("connector charging") << "charging" << conflict << "The connector has an open session";
    QTest::newRow("customer has an open session") << "customer_busy" << conflict << "already has an open session";
    QTest::newRow("customer suspended") << "suspended" << validation << "only an active customer";
    QTest::newRow("unknown customer") << "unknown_customer" << validation << "does not exist";
    QTest::newRow("expiry not in the future") << "past" << validation << "end in the future";
}

void TestReservations::reserve_refused()
{
    QFETCH(QString, situation);
    QFETCH(int, kind);
    QFETCH(QString, message);
    const Site site = addSite("ST", "ocpp1.6", situation != "not_reservable", true);
    const Site elsewhere = addSite("ST2", "ocpp1.6");
    qint64 customer = m_alice;
    std::chrono::minutes holdFor = 30min;
    const auto openSession = [&](qint64 connector, qint64 owner) {
        QVERIFY(m_fx->repo->create(Actor::system(), Tables::Sessions,
                                   {{"code", QStringLiteral("S-%1-%2").arg(connector).arg(owner)},
                                    {"status", "in_progress"},
                                    {"authorization_mode", "customer"},
                                    {"customer_id", owner},
                                    {"connector_id", connector}}));
    };
    if (situation == "reserved") {
        connectStation("ST", "ocpp1.6");
        QCOMPARE(reserve(m_bob, site.connector1).value().status, QStringLiteral("active"));
    } else if (situation == "charging") {
        openSession(site.connector1, m_bob);
    } else if (situation == "customer_busy") {
        openSession(elsewhere.connector1, m_alice);
    } else if (situation == "suspended") {
        customer = addCustomer("DAVE", "DAVE-CARD", "suspended");
    } else if (situation == "unknown_customer") {
        customer = 987654;
    } else if (situation == "past") {
        holdFor = 0min;
    }
    const int reservationsBefore = count(Tables::Reservations);
    const int sessionsBefore = count(Tables::Sessions);
    QSignalSpy changed(m_reservations.get(), &Core::Reservations::reservationChanged);
    const auto refused = reserve(customer, site.connector1, holdFor);
    QVERIFY(!refused.ok());
    QCOMPARE(int(refused.error().kind()), kind);
    QVERIFY2(refused.error().message().contains(message), qPrintable(refused.error().message()));
    QCOMPARE(count(Tables::Reservations), reservationsBefore);
    QCOMPARE(count(Tables::Sessions), sessionsBefore);
    QCOMPARE(changed.count(), 0);
}

void TestReservations::reserve_stationAnswersOccupied_isCancelledAndItsSessionClosed()
{
    const Site site = addSite("ST", "ocpp2.0.1");
    connectStation("ST", "ocpp2.0.1", {{"status", QJsonObject{{"ReserveNow", "Occupied"}}}});
    const auto reserved = reserve(m_alice, site.connector1);
    QVERIFY(reserved.ok());
    QCOMPARE(reserved.value().status, QStringLiteral("cancelled"));
    QCOMPARE(reserved.value().station.status, QStringLiteral("Occupied"));
    QVERIFY2(reserved.value().reason.contains("Occupied"), qPrintable(reserved.value().reason));
    QVERIFY(!received("ReserveNow").isEmpty());

    const Core::Record reservation = row(Tables::Reservations, reserved.value().reservationId);
    QCOMPARE(reservation.value("status").toString(), QStringLiteral("cancelled"));
    QCOMPARE(reservation.value("reason").toString(), reserved.value().reason);
    QCOMPARE(reservation.value("ended_at").toLongLong(), m_clock->nowMs());
    const Core::Record session = sessionOf(reserved.value().reservationId);
    QCOMPARE(session.value("status").toString(), QStringLiteral("closed"));
    QCOMPARE(session.value("ended_at").toLongLong(), m_clock->nowMs());
    // The connector and the customer are free again.
    QVERIFY(reserve(m_alice, site.connector2).ok());
}

void TestReservations::reserve_stationOffline_isCancelledAndItsSessionClosed()
{
    const Site site = addSite("ST", "ocpp1.6");
    const auto reserved = reserve(m_alice, site.connector1);
    QVERIFY(reserved.ok());
    QCOMPARE(reserved.value().status, QStringLiteral("cancelled"));
    QCOMPARE(reserved.value().station.outcome, Core::CommandResult::Outcome::NotConnected);
    QVERIFY2(reserved.value().reason.contains("not connected"), qPrintable(reserved.value().reason));
    QCOMPARE(sessionOf(reserved.value().reservationId).value("status").toString(), QStringLiteral("closed"));
}

void TestReservations::cancel_sendsCancelReservationAndClosesTheSession()
{
    const Site site = addSite("ST", "ocpp1.6");
    connectStation("ST", "ocpp1.6");
    const auto reserved = reserve(m_alice, site.connector1);
    QCOMPARE(reserved.value().status, QStringLiteral("active"));
    const qint64 id = reserved.value().reservationId;
    QVERIFY(!received("ReserveNow").isEmpty());

    m_clock->advance(10 * 60);
    QSignalSpy changed(m_reservations.get(), &Core::Reservations::reservationChanged);
    const auto cancelled = cancel(id);
    QVERIFY2(cancelled.ok(), qPrintable(cancelled.ok() ? QString() : cancelled.error().message()));
    QCOMPARE(cancelled.value().status, QStringLiteral("cancelled"));
    QCOMPARE(cancelled.value().station.status, QStringLiteral("Accepted"));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(received("CancelReservation").value("reservationId").toInteger(),
             row(Tables::Reservations, id).value("ocpp_reservation_id").toLongLong());

    const Core::Record session = sessionOf(id);
    QCOMPARE(session.value("status").toString(), QStringLiteral("closed"));
    QCOMPARE(session.value("reservation_s").toLongLong(), 600);
    QCOMPARE(session.value("ended_at").toLongLong(), m_clock->nowMs());
    QVERIFY(row(Tables::Reservations, id).value("reason").toString().contains("Cancelled by"));

    // Only an active reservation can be cancelled.
    const auto again = cancel(id);
    QVERIFY(!again.ok());
    QCOMPARE(again.error().kind(), Error::Kind::Conflict);
}

void TestReservations::cancel_stationOffline_cancelsHereAndSaysSo()
{
    const Site site = addSite("ST", "ocpp1.6");
    connectStation("ST", "ocpp1.6");
    const auto reserved = reserve(m_alice, site.connector1);
    QCOMPARE(reserved.value().status, QStringLiteral("active"));
    m_station->kill();
    QTRY_VERIFY_WITH_TIMEOUT(!m_fx->gateway->isConnected(site.stationId), 10000);

    const auto cancelled = cancel(reserved.value().reservationId);
    QVERIFY(cancelled.ok());
    QCOMPARE(cancelled.value().status, QStringLiteral("cancelled"));
    QCOMPARE(cancelled.value().station.outcome, Core::CommandResult::Outcome::NotConnected);
    QVERIFY2(cancelled.value().station.error.contains("Cancelled here only"),
             qPrintable(cancelled.value().station.error));
    QCOMPARE(sessionOf(reserved.value().reservationId).value("status").toString(), QStringLiteral("closed"));
}

void TestReservations::expire_endsDueReservationsAndTheirSessions()
{
    const Site site = addSite("ST", "ocpp2.0.1", true, true);
    connectStation("ST", "ocpp2.0.1");
    const auto soon = reserve(m_alice, site.connector1, 5min);
    const auto later = reserve(m_bob, site.connector2, 30min);
    QCOMPARE(soon.value().status, QStringLiteral("active"));
    QCOMPARE(later.value().status, QStringLiteral("active"));
    QCOMPARE(m_reservations->expire().value(), 0);

    m_clock->advance(10 * 60);
    QSignalSpy changed(m_reservations.get(), &Core::Reservations::reservationChanged);
    QCOMPARE(m_reservations->expire().value(), 1);
    QCOMPARE(changed.count(), 1);
    const Core::Record expired = row(Tables::Reservations, soon.value().reservationId);
    QCOMPARE(expired.value("status").toString(), QStringLiteral("expired"));
    QCOMPARE(expired.value("ended_at").toLongLong(), m_clock->nowMs());
    const Core::Record session = sessionOf(soon.value().reservationId);
    QCOMPARE(session.value("status").toString(), QStringLiteral("closed"));
    QCOMPARE(session.value("reservation_s").toLongLong(), 600);
    QCOMPARE(row(Tables::Reservations, later.value().reservationId).value("status").toString(),
             QStringLiteral("active"));
    QCOMPARE(sessionOf(later.value().reservationId).value("status").toString(), QStringLiteral("reserved"));
    QCOMPARE(m_reservations->expire().value(), 0); // the idle job may run again
}

void TestReservations::used_endsTheReservationOnce()
{
    const Site site = addSite("ST", "ocpp1.6");
    connectStation("ST", "ocpp1.6");
    const auto reserved = reserve(m_alice, site.connector1);
    const qint64 id = reserved.value().reservationId;
    m_clock->advance(60);
    QVERIFY(m_reservations->used(id));
    const Core::Record reservation = row(Tables::Reservations, id);
    QCOMPARE(reservation.value("status").toString(), QStringLiteral("used"));
    QCOMPARE(reservation.value("ended_at").toLongLong(), m_clock->nowMs());
    QCOMPARE(m_reservations->used(id).error().kind(), Error::Kind::Conflict);
    // A used reservation no longer expires or cancels.
    m_clock->advance(3600);
    QCOMPARE(m_reservations->expire().value(), 0);
    QCOMPARE(cancel(id).error().kind(), Error::Kind::Conflict);
}

void TestReservations::operatorUser_reachesOnlyItsChargers()
{
    const qint64 op =
        m_fx->repo->create(Actor::system(), Tables::Operators, {{"code", "HOTEL"}, {"name", "Hotel"}}).value();
    const qint64 area =
        m_fx->repo
            ->create(Actor::system(), Tables::Areas, {{"code", "HOTEL-A"}, {"name", "Hotel"}, {"operator_id", op}})
            .value();
    const Site own = addSite("OWN", "ocpp1.6", true, false, area);
    const Site foreign = addSite("FOREIGN", "ocpp1.6");
    const Actor hotel{7, "desk@hotel.example", false, op};

    // Neither station is connected, so both end cancelled; what matters is who may reach what.
    const auto theirs = reserve(m_alice, foreign.connector1);
    QVERIFY(theirs.ok());
    const auto refused = reserve(m_bob, foreign.connector2, 30min, hotel);
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().kind(), Error::Kind::NotFound);
    const auto mine = reserve(m_bob, own.connector1, 30min, hotel);
    QVERIFY2(mine.ok(), qPrintable(mine.ok() ? QString() : mine.error().message()));

    const auto visible = m_fx->repo->list(hotel, Tables::Reservations).value();
    QCOMPARE(visible.size(), 1);
    QCOMPARE(visible.first().value("id").toLongLong(), mine.value().reservationId);
    QCOMPARE(count(Tables::Reservations), 2);
    QCOMPARE(cancel(theirs.value().reservationId, hotel).error().kind(), Error::Kind::NotFound);
}

void TestReservations::rest_reserveListAndCancel()
{
    const Site site = addSite("ST", "ocpp1.6");
    connectStation("ST", "ocpp1.6");
    const auto created = request("POST", "/api/v1/reservations",
                                 R"({"customer":"ALICE","charger":"ST-C1","connector":"2","minutes":45})");
    QCOMPARE(created.status, 201);
    const QJsonObject reservation = created.json.value("reservation").toObject();
    QCOMPARE(reservation.value("status").toString(), QStringLiteral("active"));
    QCOMPARE(reservation.value("connector_id").toInteger(), site.connector2);
    QCOMPARE(reservation.value("expires_at").toInteger(), m_clock->now().addSecs(45 * 60).toMSecsSinceEpoch());
    QCOMPARE(created.json.value("station").toObject().value("status").toString(), QStringLiteral("Accepted"));
    QCOMPARE(received("ReserveNow").value("connectorId").toInt(), 2);
    const QString code = reservation.value("code").toString();

    // Read through the resource API, like every other collection.
    const auto listed = request("GET", "/api/v1/reservations?status=active");
    QCOMPARE(listed.status, 200);
    QCOMPARE(listed.json.value("total").toInt(), 1);
    QCOMPARE(request("GET", "/api/v1/reservations/" + code).json.value("customer_id").toInteger(), m_alice);
    QCOMPARE(request("DELETE", "/api/v1/reservations/" + code).status, 405);

    // The connector's id and an ISO 8601 time work as well; the charger is taken now.
    const QString expiry = m_clock->now().addSecs(3600).toString(Qt::ISODate);
    const auto second = request("POST", "/api/v1/reservations",
                                QStringLiteral(R"({"customer":"BOB","connector":%1,"expiresAt":"%2"})")
                                    .arg(site.connector1)
                                    .arg(expiry)
                                    .toUtf8());
    QCOMPARE(second.status, 409);
    QCOMPARE(second.json.value("error").toObject().value("kind").toString(), QStringLiteral("conflict"));

    const auto cancelled = request("POST", "/api/v1/reservations/" + code + "/cancel");
    QCOMPARE(cancelled.status, 200);
    QCOMPARE(cancelled.json.value("reservation").toObject().value("status").toString(), QStringLiteral("cancelled"));
    QCOMPARE(cancelled.json.value("station").toObject().value("outcome").toString(), QStringLiteral("answered"));
    QVERIFY(!received("CancelReservation").isEmpty());
    QCOMPARE(request("POST", "/api/v1/reservations/" + code + "/cancel").status, 409);

    const auto third = request("POST", "/api/v1/reservations",
                               QStringLiteral(R"({"customer":"BOB","connector":%1,"expiresAt":"%2"})")
                                   .arg(site.connector1)
                                   .arg(expiry)
                                   .toUtf8());
    QCOMPARE(third.status, 201);
    QCOMPARE(third.json.value("reservation").toObject().value("expires_at").toInteger(),
             m_clock->now().addSecs(3600).toMSecsSinceEpoch());
}

void TestReservations::rest_badRequests_get4xxAndReserveNothing_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("field");
    const QString reserve = "/api/v1/reservations";
    const auto row = [&](const char *tag, const char *method, const QString &path, const char *body, int status,
                         const char *field) {
        QTest::newRow(tag) << QByteArray(method) << path << QByteArray(body) << status << QString::fromLatin1(field);
    };
    row("not JSON", "POST", reserve, "{customer", 400, "");
    row("not an object", "POST", reserve, "[]", 400, "");
    row("unknown field", "POST", reserve, R"({"customer":"ALICE","charger":"ST-C1","connector":"1","minutes":5,"x":1})",
        400, "x");
    row("no customer", "POST", reserve, R"({"charger":"ST-C1","connector":"1","minutes":5})", 400, "customer");
    row("unknown customer", "POST", reserve, R"({"customer":"NOBODY","charger":"ST-C1","connector":"1","minutes":5})",
        400, "customer");
    row("connector code without charger", "POST", reserve, R"({"customer":"ALICE","connector":"1","minutes":5})", 400,
        "charger");
    row("unknown connector code", "POST", reserve,
        R"({"customer":"ALICE","charger":"ST-C1","connector":"9","minutes":5})", 400, "connector");
    row("unknown connector id", "POST", reserve, R"({"customer":"ALICE","connector":999999,"minutes":5})", 400,
        "connector");
    row("no expiry", "POST", reserve, R"({"customer":"ALICE","charger":"ST-C1","connector":"1"})", 400, "expiresAt");
    row("two expiries", "POST", reserve,
        R"({"customer":"ALICE","charger":"ST-C1","connector":"1","minutes":5,"expiresAt":"2030-01-01T00:00:00Z"})", 400,
        "expiresAt");
    row("zero minutes", "POST", reserve, R"({"customer":"ALICE","charger":"ST-C1","connector":"1","minutes":0})", 400,
        "minutes");
    row("fractional minutes", "POST", reserve,
        R"({"customer":"ALICE","charger":"ST-C1","connector":"1","minutes":1.5})", 400, "minutes");
    row("time without offset", "POST", reserve,
        R"({"customer":"ALICE","charger":"ST-C1","connector":"1","expiresAt":"2030-01-01T00:00:00"})", 400,
        "expiresAt");
    row("not a time", "POST", reserve,
        R"({"customer":"ALICE","charger":"ST-C1","connector":"1","expiresAt":"tomorrow"})", 400, "expiresAt");
    row("time in the past", "POST", reserve,
        R"({"customer":"ALICE","charger":"ST-C1","connector":"1","expiresAt":"2020-01-01T00:00:00Z"})", 400,
        "expiresAt");
    row("not reservable", "POST", reserve, R"({"customer":"ALICE","charger":"NR-C1","connector":"1","minutes":5})", 400,
        "connector");
    row("cancel unknown", "POST", reserve + "/NO-SUCH/cancel", "", 404, "");
    row("cancel with fields", "POST", reserve + "/NO-SUCH/cancel", R"({"why":"x"})", 400, "why");
    row("cancel with GET", "GET", reserve + "/NO-SUCH/cancel", "", 405, "");
}

void TestReservations::rest_badRequests_get4xxAndReserveNothing()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, field);
    addSite("ST", "ocpp1.6");
    addSite("NR", "ocpp1.6", false);
    const auto response = request(method, path, body);
    QCOMPARE(response.status, status);
    const QJsonObject error = response.json.value("error").toObject();
    QVERIFY2(!error.value("message").toString().isEmpty(), response.raw.constData());
    if (!field.isEmpty())
        QCOMPARE(error.value("fields").toArray().first().toObject().value("field").toString(), field);
    QCOMPARE(count(Tables::Reservations), 0);
    QCOMPARE(count(Tables::Sessions), 0);
}

QTEST_GUILESS_MAIN(TestReservations)
#include "tst_reservations.moc"
