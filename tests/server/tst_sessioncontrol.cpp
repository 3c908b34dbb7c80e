#include "core/liveconfiguration.h"
#include "core/sessioncontrol.h"
#include "server/rest/restserver.h"
#include "support/gatewayfixture.h"
#include "support/httpclient.h"
#include "support/stationpeer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QTest>
#include <QTimer>

using namespace ChargeDesk;
using namespace ChargeDesk::Core;

namespace {

// A card payment provider as the engine sees one: answers later, approves unless told to
// decline, and remembers every request.
class FakeProvider final : public PaymentProvider
{
public:
    struct Call
    {
        QString kind;
        PaymentRequest request;
    };
    QList<Call> calls;
    bool declineAuthorizations = false;

    void authorize(const PaymentRequest &r, Done done) override { answer("authorize", r, std::move(done)); }
    void capture(const PaymentRequest &r, Done done) override { answer("capture", r, std::move(done)); }
    void charge(const PaymentRequest &r, Done done) override { answer("charge", r, std::move(done)); }

private:
    void answer(const QString &kind, const PaymentRequest &r, Done done)
    {
        calls << Call{kind, r};
        const bool declined = kind == "authorize" && declineAuthorizations;
        const QString reference = QStringLiteral("%1-%2").arg(kind).arg(calls.size());
        QTimer::singleShot(0, [declined, reference, done = std::move(done)] {
            done(declined ? PaymentOutcome{PaymentOutcome::Result::Declined, {}, "insufficient funds"}
                          : PaymentOutcome{PaymentOutcome::Result::Approved, reference, {}});
        });
    }
};

} // namespace

// The central side's hold on sessions: remote start checks, force close, and the jobs that
// close idle sessions and retry failed ratings, with a fake clock driving the expirations.
class TestSessionControl : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { qInfo("storage backend: %s", qPrintable(Test::backend())); }
    void init();
    void cleanup();

    void requestStart_refusedCustomer_isPersistedAsRefused_data();
    void requestStart_refusedCustomer_isPersistedAsRefused();
    void requestStart_busyConnectorOrCustomer_isRejectedWithoutSession();
    void requestStart_offlineStation_isRejectedWithoutSession();
    void requestStart_occupiedRestriction_needsAVehicle();
    void idleJob_expiresReadySessions_operatorSettingWins();
    void idleJob_closesOngoingSessionWithoutReports();
    void idleJob_closesUnconfirmedStopAfterVerificationTime();
    void forceClose_offlineStation_closesAndRatesAtOnce();
    void retryJob_ratesFailedSessionsAgain();
    void remoteStart_overTheWire_startsChargesAndForceCloses_data();
    void remoteStart_overTheWire_startsChargesAndForceCloses();
    void remoteStart_chargerRejects_closesAtOnce();
    void rest_startForceCloseAndRetry();
    void payNow_authorizationControl_holdsInStepsAndCapturesThem();
    void payNow_declinedInitialHold_refusesTheRemoteStart();

private:
    // A station process that charges when remotely started (see tests/peers/ocpp_station.mjs).
    std::unique_ptr<Test::StationPeer> runStation(const QString &code, const QString &protocol, const QString &options);
    qint64 customer(const QString &code, const QString &paymentType, qint64 balance = 0,
                    const QString &status = QStringLiteral("active"));
    // An open session on the connector, as if the charger had started it `ago` seconds back.
    qint64 openSession(const QString &status, qint64 customerId, qint64 agoS);
    QString status(qint64 sessionId);
    QList<qint64> sessionsOf(qint64 customerId);

    std::unique_ptr<Test::GatewayFixture> m_fx;
    std::unique_ptr<FakeClock> m_clock;
    std::unique_ptr<ChargingSessions> m_sessions;
    std::unique_ptr<SessionControl> m_control;
    Repository *m_repo = nullptr;
    qint64 m_stationId = 0;
    qint64 m_connectorId = 0;
    qint64 m_siteId = 0;
};

void TestSessionControl::init()
{
    m_fx = std::make_unique<Test::GatewayFixture>();
    QVERIFY2(m_fx->isValid(), qPrintable(m_fx->error));
    m_repo = m_fx->repo.get();
    m_clock = std::make_unique<FakeClock>(QDateTime(QDate(2026, 11, 2), QTime(8, 0), Qt::UTC));
    m_sessions = std::make_unique<ChargingSessions>(*m_repo, *m_fx->stations, *m_clock);
    m_control = std::make_unique<SessionControl>(*m_repo, *m_sessions, *m_fx->gateway, *m_clock);
    QVERIFY(m_fx->addStation("CP", "ocpp1.6", "ws"));
    m_stationId = m_repo->getByCode(Actor::system(), Tables::Stations, "CP").value().value("id").toLongLong();
    auto connector = m_fx->stations->connectorFor(m_stationId, 1, 1);
    QVERIFY(connector);
    m_connectorId = connector.value();
    const qint64 settings =
        m_repo
            ->create(Actor::system(), Tables::RatingSettings,
                     {{"name", "Standard"}, {"energy_price_minor", 30}, {"charge_time_price_minor", 120}})
            .value();
    m_siteId = m_repo
                   ->create(Actor::system(), Tables::SiteSettings,
                            {{"name", "Site"},
                             {"currency", "EUR"},
                             {"rating_settings_id", settings},
                             {"ready_session_expiration_s", 300},
                             {"ongoing_session_expiration_s", 3600},
                             {"session_closed_verification_s", 120}})
                   .value();
}

void TestSessionControl::cleanup()
{
    m_control.reset();
    m_sessions.reset();
    m_fx.reset();
}

qint64 TestSessionControl::customer(const QString &code, const QString &paymentType, qint64 balance,
                                    const QString &status)
{
    auto id = m_repo->create(Actor::system(), Tables::Customers,
                             {{"code", code},
                              {"name", code},
                              {"payment_type", paymentType},
                              {"balance_minor", balance},
                              {"status", status}});
    return id ? id.value() : 0;
}

qint64 TestSessionControl::openSession(const QString &status, qint64 customerId, qint64 agoS)
{
    const qint64 at = m_clock->nowMs() - agoS * 1000;
    Record values{{"code", QUuid::createUuid().toString(QUuid::WithoutBraces)},
                  {"status", status},
                  {"authorization_mode", "customer"},
                  {"customer_id", customerId},
                  {"connector_id", m_connectorId},
                  {"transaction_id", "77"},
                  {"started_at", at},
                  {"last_event_at", at},
                  {"scope_status", "charging"},
                  {"scope_since", at}};
    auto id = m_repo->create(Actor::system(), Tables::Sessions, values);
    return id ? id.value() : 0;
}

QString TestSessionControl::status(qint64 sessionId)
{
    return m_repo->get(Actor::system(), Tables::Sessions, sessionId).value().value("status").toString();
}

QList<qint64> TestSessionControl::sessionsOf(qint64 customerId)
{
    ListQuery q;
    q.filters << ListQuery::Filter{"customer_id", ListQuery::Filter::Op::Equals, customerId};
    QList<qint64> ids;
    const QList<Record> rows = m_repo->list(Actor::system(), Tables::Sessions, q).value();
    for (const Record &r : rows)
        ids << r.value("id").toLongLong();
    return ids;
}

void TestSessionControl::requestStart_refusedCustomer_isPersistedAsRefused_data()
{
    QTest::addColumn<QString>("paymentType");
    QTest::addColumn<qint64>("balance");
    QTest::addColumn<QString>("customerStatus");
    QTest::addColumn<QString>("reason");
    QTest::newRow("suspended") << "postpaid" << qint64(0) << "suspended"
                               << "Blocked";
    QTest::newRow("closed account") << "postpaid" << qint64(0) << "closed"
                                    << "Invalid";
    QTest::newRow("prepaid, no credit") << "prepaid" << qint64(0) << "active"
                                        << "NoCredit";
}

void TestSessionControl::requestStart_refusedCustomer_isPersistedAsRefused()
{
    QFETCH(QString, paymentType);
    QFETCH(qint64, balance);
    QFETCH(QString, customerStatus);
    QFETCH(QString, reason);
    const qint64 driver = customer("DRIVER", paymentType, balance, customerStatus);
    std::optional<Result<SessionControl::StartOutcome>> outcome;
    m_control->requestStart(Actor::system(), driver, m_connectorId,
                            [&](const Result<SessionControl::StartOutcome> &r) { outcome = r; });
    QVERIFY(outcome);
    QVERIFY(!outcome->ok());
    QCOMPARE(outcome->error().kind(), Error::Kind::Forbidden);
    QVERIFY2(outcome->error().message().contains(reason), qPrintable(outcome->error().message()));
    const QList<qint64> ids = sessionsOf(driver);
    QCOMPARE(ids.size(), 1);
    QCOMPARE(status(ids.first()), QStringLiteral("refused"));
}

void TestSessionControl::requestStart_busyConnectorOrCustomer_isRejectedWithoutSession()
{
    const qint64 first = customer("FIRST", "postpaid");
    const qint64 second = customer("SECOND", "postpaid");
    const qint64 open = openSession("in_progress", first, 60);
    QVERIFY(open);
    std::optional<Result<SessionControl::StartOutcome>> outcome;
    // Another customer on the held connector.
    m_control->requestStart(Actor::system(), second, m_connectorId,
                            [&](const Result<SessionControl::StartOutcome> &r) { outcome = r; });
    QVERIFY(outcome && !outcome->ok());
    QCOMPARE(outcome->error().kind(), Error::Kind::Conflict);
    QVERIFY(outcome->error().message().contains("connector"));
    QVERIFY(sessionsOf(second).isEmpty());
    // The same customer on another connector: one open session per customer.
    auto other = m_fx->stations->connectorFor(m_stationId, 1, 2);
    QVERIFY(other);
    outcome.reset();
    m_control->requestStart(Actor::system(), first, other.value(),
                            [&](const Result<SessionControl::StartOutcome> &r) { outcome = r; });
    QVERIFY(outcome && !outcome->ok());
    QCOMPARE(outcome->error().kind(), Error::Kind::Conflict);
    QVERIFY(outcome->error().message().contains("customer"));
    QCOMPARE(sessionsOf(first), QList<qint64>{open});
}

void TestSessionControl::requestStart_offlineStation_isRejectedWithoutSession()
{
    const qint64 driver = customer("DRIVER", "postpaid");
    std::optional<Result<SessionControl::StartOutcome>> outcome;
    m_control->requestStart(Actor::system(), driver, m_connectorId,
                            [&](const Result<SessionControl::StartOutcome> &r) { outcome = r; });
    QVERIFY(outcome && !outcome->ok());
    QCOMPARE(outcome->error().kind(), Error::Kind::Conflict);
    QVERIFY(outcome->error().message().contains("not connected"));
    QVERIFY(sessionsOf(driver).isEmpty());
}

void TestSessionControl::requestStart_occupiedRestriction_needsAVehicle()
{
    const qint64 strict =
        m_repo->create(Actor::system(), Tables::RatingSettings, {{"name", "Strict"}, {"start_requires_occupied", 1}})
            .value();
    const qint64 chargerId =
        m_repo->get(Actor::system(), Tables::Connectors, m_connectorId).value().value("charger_id").toLongLong();
    QVERIFY(m_repo->update(Actor::system(), Tables::Chargers, chargerId, {{"rating_settings_id", strict}}));
    const qint64 driver = customer("DRIVER", "postpaid");
    std::optional<Result<SessionControl::StartOutcome>> outcome;
    m_control->requestStart(Actor::system(), driver, m_connectorId,
                            [&](const Result<SessionControl::StartOutcome> &r) { outcome = r; });
    QVERIFY(outcome && !outcome->ok());
    QCOMPARE(outcome->error().kind(), Error::Kind::Conflict);
    QVERIFY2(outcome->error().message().contains("occupied"), qPrintable(outcome->error().message()));
    QVERIFY(sessionsOf(driver).isEmpty());
}

void TestSessionControl::idleJob_expiresReadySessions_operatorSettingWins()
{
    // Site: ready sessions live 300 s. The station's operator says 60 s, and wins.
    const qint64 op = m_repo
                          ->create(Actor::system(), Tables::Operators,
                                   {{"code", "OP"}, {"name", "Op"}, {"ready_session_expiration_s", 60}})
                          .value();
    QVERIFY(m_repo->update(Actor::system(), Tables::Areas, m_fx->areaId, {{"operator_id", op}}));
    const qint64 driver = customer("DRIVER", "postpaid");
    const qint64 ready = openSession("ready", driver, 59);
    QCOMPARE(m_control->runIdleJob(), 0);
    QCOMPARE(status(ready), QStringLiteral("ready"));
    m_clock->advance(1);
    QCOMPARE(m_control->runIdleJob(), 1);
    QCOMPARE(status(ready), QStringLiteral("closed"));
    const Record closed = m_repo->get(Actor::system(), Tables::Sessions, ready).value();
    QCOMPARE(closed.value("amount_minor").toLongLong(), 0);
    QVERIFY(closed.value("stop_reason").toString().contains("60 s"));
}

void TestSessionControl::idleJob_closesOngoingSessionWithoutReports()
{
    const qint64 driver = customer("DRIVER", "postpaid");
    const qint64 session = openSession("in_progress", driver, 3599);
    QCOMPARE(m_control->runIdleJob(), 0);
    m_clock->advance(1);
    QCOMPARE(m_control->runIdleJob(), 1);
    const Record closed = m_repo->get(Actor::system(), Tables::Sessions, session).value();
    QCOMPARE(closed.value("status").toString(), QStringLiteral("closed"));
    // 3600 s of charging at 120 per hour.
    QCOMPARE(closed.value("charge_s").toLongLong(), 3600);
    QCOMPARE(closed.value("amount_minor").toLongLong(), 120);
    QCOMPARE(closed.value("currency").toString(), QStringLiteral("EUR"));
}

void TestSessionControl::idleJob_closesUnconfirmedStopAfterVerificationTime()
{
    const qint64 driver = customer("DRIVER", "postpaid");
    const qint64 session = openSession("in_progress", driver, 10);
    QVERIFY(m_sessions->markStopRequested(session, "closing", "Force close requested"));
    m_clock->advance(119);
    QCOMPARE(m_control->runIdleJob(), 0);
    QCOMPARE(status(session), QStringLiteral("closing"));
    m_clock->advance(1);
    QCOMPARE(m_control->runIdleJob(), 1);
    QCOMPARE(status(session), QStringLiteral("closed"));
}

void TestSessionControl::forceClose_offlineStation_closesAndRatesAtOnce()
{
    const qint64 driver = customer("DRIVER", "postpaid");
    const qint64 session = openSession("in_progress", driver, 1800);
    std::optional<Status> result;
    m_control->forceClose(Actor::system(), session, [&](const Status &s) { result = s; });
    QVERIFY(result);
    QVERIFY2(result->ok(), result->ok() ? "" : qPrintable(result->error().message()));
    const Record closed = m_repo->get(Actor::system(), Tables::Sessions, session).value();
    QCOMPARE(closed.value("status").toString(), QStringLiteral("closed"));
    QCOMPARE(closed.value("amount_minor").toLongLong(), 60); // half an hour at 120 per hour
    QVERIFY(closed.value("stop_reason").toString().contains("Force closed"));
    // A closed session cannot be closed again.
    result.reset();
    m_control->forceClose(Actor::system(), session, [&](const Status &s) { result = s; });
    QVERIFY(result && !result->ok());
    QCOMPARE(result->error().kind(), Error::Kind::Conflict);
}

void TestSessionControl::retryJob_ratesFailedSessionsAgain()
{
    // No site currency: a priced session cannot be rated.
    QVERIFY(m_repo->remove(Actor::system(), Tables::SiteSettings, m_siteId));
    const qint64 settings =
        m_repo->create(Actor::system(), Tables::RatingSettings, {{"name", "Charger"}, {"charge_time_price_minor", 240}})
            .value();
    const qint64 chargerId =
        m_repo->get(Actor::system(), Tables::Connectors, m_connectorId).value().value("charger_id").toLongLong();
    QVERIFY(m_repo->update(Actor::system(), Tables::Chargers, chargerId, {{"rating_settings_id", settings}}));
    const qint64 driver = customer("DRIVER", "postpaid");
    const qint64 session = openSession("in_progress", driver, 900);
    QVERIFY(m_sessions->finish(session, "Test"));
    QCOMPARE(status(session), QStringLiteral("rating_failed"));
    QCOMPARE(m_control->runRetryJob(), 1);
    QCOMPARE(status(session), QStringLiteral("rating_failed"));
    QVERIFY(m_repo->create(Actor::system(), Tables::SiteSettings, {{"name", "Site"}, {"currency", "EUR"}}));
    QCOMPARE(m_control->runRetryJob(), 1);
    const Record rated = m_repo->get(Actor::system(), Tables::Sessions, session).value();
    QCOMPARE(rated.value("status").toString(), QStringLiteral("closed"));
    QCOMPARE(rated.value("amount_minor").toLongLong(), 60); // 900 s at 240 per hour
    QCOMPARE(m_control->runRetryJob(), 0);
}

std::unique_ptr<Test::StationPeer> TestSessionControl::runStation(const QString &code, const QString &protocol,
                                                                  const QString &options)
{
    const qint64 stationId =
        m_repo->getByCode(Actor::system(), Tables::Stations, code).value().value("id").toLongLong();
    return Test::StationPeer::start(*m_fx->gateway, stationId, m_fx->url(code), protocol,
                                    QJsonDocument::fromJson(options.toUtf8()).object(), 60000);
}

void TestSessionControl::remoteStart_overTheWire_startsChargesAndForceCloses_data()
{
    QTest::addColumn<QString>("protocol");
    QTest::newRow("1.6") << "ocpp1.6";
    QTest::newRow("2.0.1") << "ocpp2.0.1";
}

void TestSessionControl::remoteStart_overTheWire_startsChargesAndForceCloses()
{
    QFETCH(QString, protocol);
    // The gateway's own engine serves the charger; the control works on the same one.
    SessionControl control(*m_repo, *m_fx->sessions, *m_fx->gateway, m_fx->clock);
    QVERIFY(m_fx->addStation("REMOTE", protocol, "ws"));
    auto station = runStation("REMOTE", protocol, R"({"charge": {"energyWh": 5000}})");
    QVERIFY(station);
    const qint64 stationId =
        m_repo->getByCode(Actor::system(), Tables::Stations, "REMOTE").value().value("id").toLongLong();
    const qint64 connectorId = m_fx->stations->connectorFor(stationId, 1, 1).value();
    const qint64 driver = customer("DRIVER", "postpaid");
    // Her card is what the charger is given, so its later reports name her.
    const qint64 type =
        m_repo->create(Actor::system(), Tables::IdDeviceTypes, {{"code", "CARD"}, {"name", "RFID"}}).value();
    QVERIFY(m_repo->create(
        Actor::system(), Tables::IdDevices,
        {{"code", "CARD"}, {"name", "Card"}, {"type_id", type}, {"identifier", "CARD-7"}, {"customer_id", driver}}));

    std::optional<Result<SessionControl::StartOutcome>> outcome;
    control.requestStart(Actor::system(), driver, connectorId,
                         [&](const Result<SessionControl::StartOutcome> &r) { outcome = r; });
    QTRY_VERIFY_WITH_TIMEOUT(outcome.has_value(), 10000);
    QVERIFY2(outcome->ok(), outcome->ok() ? "" : qPrintable(outcome->error().message()));
    QCOMPARE(outcome->value().charger.status, QStringLiteral("Accepted"));
    const qint64 sessionId = outcome->value().sessionId;
    // The charger's start takes over the Ready session: one session, now in progress.
    QTRY_COMPARE_WITH_TIMEOUT(status(sessionId), QStringLiteral("in_progress"), 10000);
    QCOMPARE(sessionsOf(driver), QList<qint64>{sessionId});
    QCOMPARE(m_repo->get(Actor::system(), Tables::Sessions, sessionId).value().value("id_token").toString(),
             QStringLiteral("CARD-7"));

    std::optional<Status> closed;
    control.forceClose(Actor::system(), sessionId, [&](const Status &st) { closed = st; });
    QTRY_VERIFY_WITH_TIMEOUT(closed.has_value(), 10000);
    QVERIFY(closed->ok());
    // The charger accepted the stop and reported it: closed and rated from its readings.
    QTRY_COMPARE_WITH_TIMEOUT(status(sessionId), QStringLiteral("closed"), 10000);
    const Record session = m_repo->get(Actor::system(), Tables::Sessions, sessionId).value();
    QCOMPARE(session.value("energy_wh").toLongLong(), 5000);
    QCOMPARE(session.value("stop_reason").toString(), QStringLiteral("Remote"));
    // 5 kWh at 30 per kWh; the seconds of charging cost less than half a cent.
    QCOMPARE(session.value("amount_minor").toLongLong(), 150);
    const QString startCall = protocol == "ocpp1.6" ? "RemoteStartTransaction" : "RequestStartTransaction";
    QVERIFY(!station->nextCall(startCall, 0).isEmpty());
}

void TestSessionControl::remoteStart_chargerRejects_closesAtOnce()
{
    SessionControl control(*m_repo, *m_fx->sessions, *m_fx->gateway, m_fx->clock);
    auto station = runStation("CP", "ocpp1.6", R"({"status": {"RemoteStartTransaction": "Rejected"}})");
    QVERIFY(station);
    const qint64 driver = customer("DRIVER", "postpaid");
    std::optional<Result<SessionControl::StartOutcome>> outcome;
    control.requestStart(Actor::system(), driver, m_connectorId,
                         [&](const Result<SessionControl::StartOutcome> &r) { outcome = r; });
    QTRY_VERIFY_WITH_TIMEOUT(outcome.has_value(), 10000);
    QVERIFY(outcome->ok());
    QCOMPARE(outcome->value().status, QStringLiteral("closed"));
    QCOMPARE(status(outcome->value().sessionId), QStringLiteral("closed"));
    // The connector and the customer are free again.
    QVERIFY(m_repo->get(Actor::system(), Tables::Sessions, outcome->value().sessionId)
                .value()
                .value("stop_reason")
                .toString()
                .contains("Rejected"));
}

void TestSessionControl::rest_startForceCloseAndRetry()
{
    SessionControl control(*m_repo, *m_fx->sessions, *m_fx->gateway, m_fx->clock);
    LiveConfiguration live(*m_repo, *m_fx->gateway, m_fx->clock);
    Server::Rest::RestServer api(*m_repo, *m_fx->stations, *m_fx->gateway, live, "tok");
    api.setSessionControl(&control);
    const quint16 port = api.listen(QHostAddress::LocalHost, 0);
    QVERIFY(port);
    QNetworkAccessManager http;
    const auto call = [&](const QByteArray &method, const QString &path, const QByteArray &body) {
        return Test::httpRequest(http, port, method, path, body, "tok");
    };
    customer("ANA", "postpaid");
    auto station = runStation("CP", "ocpp1.6", R"({"charge": {"energyWh": 1000}})");
    QVERIFY(station);

    // Bad bodies are refused and start nothing.
    QCOMPARE(call("POST", "/api/v1/sessions", "{}").status, 400);
    QCOMPARE(call("POST", "/api/v1/sessions", R"({"customer": "NOBODY", "connector": 1})")
                 .json["error"]
                 .toObject()["fields"]
                 .toArray()
                 .first()
                 .toObject()["field"]
                 .toString(),
             QStringLiteral("customer"));
    QCOMPARE(call("POST", "/api/v1/sessions", R"({"customer": "ANA", "connector": 1, "when": "now"})").status, 400);
    QCOMPARE(call("POST", "/api/v1/sessions", "not json").status, 400);

    const QByteArray body = QStringLiteral(R"({"customer": "ANA", "connector": %1})").arg(m_connectorId).toUtf8();
    const auto started = call("POST", "/api/v1/sessions", body);
    QCOMPARE(started.status, 201);
    QCOMPARE(started.json["station"].toObject()["status"].toString(), QStringLiteral("Accepted"));
    const QString code = started.json["session"].toObject()["code"].toString();
    const qint64 id = started.json["session"].toObject()["id"].toInteger();
    QTRY_COMPARE_WITH_TIMEOUT(status(id), QStringLiteral("in_progress"), 10000);
    // A second start on the held connector: 409, nothing new.
    QCOMPARE(call("POST", "/api/v1/sessions", body).status, 409);

    QCOMPARE(call("POST", "/api/v1/sessions/" + code + "/retry-rating", "{}").status, 409);
    QCOMPARE(call("POST", "/api/v1/sessions/" + code + "/retry-rating", R"({"mode": "sometimes"})").status, 400);
    QCOMPARE(call("POST", "/api/v1/sessions/" + code + "/retry-billing", "{}").status, 409);
    QCOMPARE(call("POST", "/api/v1/sessions/" + code + "/force-close", R"({"now": true})").status, 400);
    QCOMPARE(call("POST", "/api/v1/sessions/" + code + "/explode", "{}").status, 404);
    QCOMPARE(call("POST", "/api/v1/sessions/NOPE/force-close", "{}").status, 404);

    const auto closing = call("POST", "/api/v1/sessions/" + code + "/force-close", "{}");
    QCOMPARE(closing.status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(status(id), QStringLiteral("closed"), 10000);
    const auto read = call("GET", "/api/v1/sessions/" + code, {});
    QCOMPARE(read.status, 200);
    QCOMPARE(read.json["energy_wh"].toInteger(), 1000);
    QCOMPARE(read.json["amount_minor"].toInteger(), 30);
}

void TestSessionControl::payNow_authorizationControl_holdsInStepsAndCapturesThem()
{
    // The specification's example: holds of 5.00 under authorization control, a session that
    // comes to 22.88: five holds, four captured whole and one for 2.88.
    FakeProvider provider;
    m_sessions->settlement().setPaymentProvider(&provider);
    const qint64 settings = m_repo
                                ->create(Actor::system(), Tables::RatingSettings,
                                         {{"name", "Pay as you go"},
                                          {"energy_price_minor", 100},
                                          {"payment_auth_policy", "auth_control"},
                                          {"payment_auth_amount_minor", 500}})
                                .value();
    const qint64 chargerId =
        m_repo->get(Actor::system(), Tables::Connectors, m_connectorId).value().value("charger_id").toLongLong();
    QVERIFY(m_repo->update(Actor::system(), Tables::Chargers, chargerId, {{"rating_settings_id", settings}}));
    const qint64 driver = customer("PAYNOW", "pay_now");
    const qint64 type =
        m_repo->create(Actor::system(), Tables::IdDeviceTypes, {{"code", "CARD"}, {"name", "RFID"}}).value();
    QVERIFY(m_repo->create(
        Actor::system(), Tables::IdDevices,
        {{"code", "CARD"}, {"name", "Card"}, {"type_id", type}, {"identifier", "PAY-1"}, {"customer_id", driver}}));
    const auto holds = [&] {
        QList<qint64> amounts;
        auto q = m_fx->db->exec("SELECT amount_minor FROM session_payments WHERE kind = 'authorization' AND "
                                "status = 'authorized' ORDER BY id");
        for (Rows &r = q.value(); r.next();)
            amounts << r.value(0).toLongLong();
        return amounts;
    };

    const QDateTime t0 = m_clock->now();
    TransactionStart request;
    request.where = {m_stationId, 1, 1};
    request.idToken = "PAY-1";
    request.idTokenType = "IdTag";
    request.meterStartWh = 0;
    request.at = t0;
    auto started = m_sessions->start(request);
    QVERIFY(started);
    QTRY_COMPARE(holds().size(), 1); // the first hold, for a start at the charger
    const QString tx = started.value().transactionId;
    // Each time the amount reaches what is held, another 5.00 is held.
    for (int i = 1; i <= 4; ++i) {
        m_clock->set(t0.addSecs(600 * i));
        QVERIFY(m_sessions->meterValues({m_stationId, 1, 1}, tx,
                                        {{m_clock->now(), "Energy.Active.Import.Register", {}, "Wh", {}, 5000.0 * i}}));
        QTRY_COMPARE(holds().size(), i + 1);
    }
    m_clock->set(t0.addSecs(3000));
    QVERIFY(m_sessions->meterValues({m_stationId, 1, 1}, tx,
                                    {{m_clock->now(), "Energy.Active.Import.Register", {}, "Wh", {}, 21000.0}}));
    QVERIFY(m_sessions->stop(m_stationId, tx, 22880, t0.addSecs(3600), "EVDisconnected"));
    const qint64 id = started.value().sessionId;
    QCOMPARE(m_repo->get(Actor::system(), Tables::Sessions, id).value().value("amount_minor").toLongLong(), 2288);
    QTRY_COMPARE(provider.calls.last().kind, QStringLiteral("capture"));
    QTRY_COMPARE(provider.calls.size(), 10);
    // 21.00 of 25.00 was held at the last reading: no sixth hold, which would have been asked for
    // before the stop's captures.
    auto asked = m_fx->db->exec("SELECT COUNT(*) FROM session_payments WHERE kind = 'authorization'");
    QVERIFY(asked && asked.value().next());
    QCOMPARE(asked.value().value(0).toInt(), 5);
    QList<qint64> captured;
    auto q = m_fx->db->exec("SELECT captured_minor, status FROM session_payments ORDER BY id");
    for (Rows &r = q.value(); r.next();) {
        captured << r.value(0).toLongLong();
        QCOMPARE(r.value(1).toString(), QStringLiteral("captured"));
    }
    QCOMPARE(captured, (QList<qint64>{500, 500, 500, 500, 288}));
    for (const FakeProvider::Call &c : std::as_const(provider.calls))
        QVERIFY(c.kind != "charge");
    QCOMPARE(provider.calls.at(5).request.authorizationReference, QStringLiteral("authorize-1"));
    QCOMPARE(status(id), QStringLiteral("closed"));
}

void TestSessionControl::payNow_declinedInitialHold_refusesTheRemoteStart()
{
    FakeProvider provider;
    provider.declineAuthorizations = true;
    SessionControl control(*m_repo, *m_fx->sessions, *m_fx->gateway, m_fx->clock);
    m_fx->sessions->settlement().setPaymentProvider(&provider);
    const qint64 settings = m_repo
                                ->create(Actor::system(), Tables::RatingSettings,
                                         {{"name", "Initial hold"},
                                          {"energy_price_minor", 100},
                                          {"payment_auth_policy", "initial_only"},
                                          {"payment_auth_amount_minor", 1000}})
                                .value();
    const qint64 chargerId =
        m_repo->get(Actor::system(), Tables::Connectors, m_connectorId).value().value("charger_id").toLongLong();
    QVERIFY(m_repo->update(Actor::system(), Tables::Chargers, chargerId, {{"rating_settings_id", settings}}));
    auto station = runStation("CP", "ocpp1.6", "{}");
    QVERIFY(station);
    const qint64 driver = customer("PAYNOW", "pay_now");
    std::optional<Result<SessionControl::StartOutcome>> outcome;
    control.requestStart(Actor::system(), driver, m_connectorId,
                         [&](const Result<SessionControl::StartOutcome> &r) { outcome = r; });
    QTRY_VERIFY(outcome.has_value());
    QVERIFY(!outcome->ok());
    QCOMPARE(outcome->error().kind(), Error::Kind::Forbidden);
    QVERIFY(outcome->error().message().contains("insufficient funds"));
    QCOMPARE(provider.calls.size(), 1);
    QCOMPARE(provider.calls.first().request.amountMinor, 1000);
    const QList<qint64> ids = sessionsOf(driver);
    QCOMPARE(ids.size(), 1);
    QCOMPARE(status(ids.first()), QStringLiteral("refused"));
    // The charger was never asked to start.
    QVERIFY(station->nextCall("RemoteStartTransaction", 500).isEmpty());
    m_fx->sessions->settlement().setPaymentProvider(nullptr);
}

QTEST_GUILESS_MAIN(TestSessionControl)
#include "tst_sessioncontrol.moc"
