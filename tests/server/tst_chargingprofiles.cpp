#include "core/chargingprofiles.h"
#include "core/liveconfiguration.h"
#include "server/rest/restserver.h"
#include "support/gatewayfixture.h"
#include "support/httpclient.h"
#include "support/stationpeer.h"
#include "support/testdata.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QTest>

using namespace ChargeDesk;
using Core::Actor;
namespace Tables = Core::Tables;

// Static charging profiles end to end: written through the REST API, assigned to a charger of
// an independent station (ocpp-rpc, strict mode, so every call is checked against its own copy
// of the schemas) that prints what it received, in OCPP 1.6 and 2.0.1.
class TestChargingProfiles : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void assign_sendsTheProfileAndRecordsTheAnswer_data();
    void assign_sendsTheProfileAndRecordsTheAnswer();
    void update_sendsTheProfileAgain();
    void assign_rejected_isRecordedAndShown_data();
    void assign_rejected_isRecordedAndShown();
    void assign_stationOffline_isSentWhenItConnects();
    void loadBalancing_clearsTheProfileKeepsItAndSendsItWhenOff_data();
    void loadBalancing_clearsTheProfileKeepsItAndSendsItWhenOff();
    void unassign_clearsTheProfile();
    void composite_expectedBesideTheChargers_data();
    void composite_expectedBesideTheChargers();
    void rest_badRequests_get4xxAndChangeNothing_data();
    void rest_badRequests_get4xxAndChangeNothing();

private:
    void addSite(const QString &protocol);
    void connectStation(const QString &protocol, const QJsonObject &options = {});
    QJsonObject received(const QString &action, int timeoutMs = 10000);
    Test::HttpResponse request(const QByteArray &method, const QString &path, const QJsonObject &body = {});
    QJsonObject createProfile(const QString &code, const QString &purpose = "charger_total");
    Core::Record charger();

    std::unique_ptr<Test::GatewayFixture> m_fx;
    std::unique_ptr<Core::FakeClock> m_clock;
    std::unique_ptr<Core::ChargingProfiles> m_profiles;
    std::unique_ptr<Core::LiveConfiguration> m_live;
    std::unique_ptr<Server::Rest::RestServer> m_api;
    std::unique_ptr<Test::StationPeer> m_station;
    QNetworkAccessManager m_http;
    quint16 m_port = 0;
    qint64 m_stationId = 0;
    qint64 m_chargerId = 0;
};

namespace {

const QDateTime Midnight(QDate(2026, 3, 2), QTime(0, 0), Qt::UTC);

void protocols()
{
    QTest::addColumn<QString>("protocol");
    QTest::newRow("1.6") << "ocpp1.6";
    QTest::newRow("2.0.1") << "ocpp2.0.1";
}

// The specification's example: 0 h 5000 W, 6 h 10000 W, 18 h 5000 W, every day.
QJsonObject specProfile(const QString &code, const QString &purpose)
{
    return {{"code", code},
            {"name", "Night and day"},
            {"stack_level", 2},
            {"kind", "recurring"},
            {"recurrency", "daily"},
            {"purpose", purpose},
            {"duration_s", 86400},
            {"schedule_start", Midnight.toMSecsSinceEpoch()},
            {"unit", "W"},
            {"periods", QJsonArray{QJsonObject{{"start_offset_s", 0}, {"limit_value", 5000}},
                                   QJsonObject{{"start_offset_s", 21600}, {"limit_value", 10000}},
                                   QJsonObject{{"start_offset_s", 64800}, {"limit_value", 5000}}}}};
}

QList<std::pair<int, double>> periodsOf(const QJsonArray &list, const char *start, const char *limit)
{
    QList<std::pair<int, double>> out;
    for (const QJsonValue &v : list)
        out << std::pair{v.toObject().value(start).toInt(), v.toObject().value(limit).toDouble()};
    return out;
}

const QList<std::pair<int, double>> SpecPeriods{{0, 5000}, {21600, 10000}, {64800, 5000}};

} // namespace

void TestChargingProfiles::initTestCase()
{
    qInfo("storage backend: %s", qPrintable(Test::backend()));
}

void TestChargingProfiles::init()
{
    m_fx = std::make_unique<Test::GatewayFixture>();
    QVERIFY2(m_fx->isValid(), qPrintable(m_fx->error));
    m_clock = std::make_unique<Core::FakeClock>(Midnight.addSecs(3 * 3600));
    m_profiles = std::make_unique<Core::ChargingProfiles>(*m_fx->repo, *m_fx->gateway, *m_clock);
    connect(m_fx->gateway.get(), &Server::Gateway::stationOnline, m_profiles.get(),
            &Core::ChargingProfiles::stationOnline);
    m_live = std::make_unique<Core::LiveConfiguration>(*m_fx->repo, *m_fx->gateway, m_fx->clock);
    m_api = std::make_unique<Server::Rest::RestServer>(*m_fx->repo, *m_fx->stations, *m_fx->gateway, *m_live, "tok");
    m_api->setChargingProfiles(m_profiles.get());
    m_port = m_api->listen(QHostAddress::LocalHost, 0);
    QVERIFY(m_port > 0);
}

void TestChargingProfiles::cleanup()
{
    m_station.reset();
    m_api.reset();
    m_live.reset();
    m_profiles.reset();
    m_fx.reset();
}

void TestChargingProfiles::addSite(const QString &protocol)
{
    m_stationId = Test::createStation(*m_fx->repo, m_fx->areaId, "ST", protocol);
    auto c = m_fx->repo->create(
        Actor::system(), Tables::Chargers,
        {{"code", "ST-C1"}, {"name", "Charger"}, {"station_id", m_stationId}, {"current_type", "ac_three_phase"}});
    QVERIFY2(c.ok(), qPrintable(c.ok() ? QString() : c.error().message()));
    m_chargerId = c.value();
    for (int n : {1, 2})
        QVERIFY(m_fx->repo->create(Actor::system(), Tables::Connectors,
                                   {{"code", QString::number(n)},
                                    {"name", QStringLiteral("Socket %1").arg(n)},
                                    {"charger_id", m_chargerId},
                                    {"connector_number", n}}));
}

void TestChargingProfiles::connectStation(const QString &protocol, const QJsonObject &options)
{
    m_station = Test::StationPeer::start(*m_fx->gateway, m_stationId, m_fx->url("ST"), protocol, options, 60000);
    QVERIFY(m_station);
}

QJsonObject TestChargingProfiles::received(const QString &action, int timeoutMs)
{
    return m_station ? m_station->nextCall(action, timeoutMs) : QJsonObject();
}

Test::HttpResponse TestChargingProfiles::request(const QByteArray &method, const QString &path, const QJsonObject &body)
{
    return Test::httpRequest(m_http, m_port, method, path,
                             body.isEmpty() ? QByteArray() : QJsonDocument(body).toJson(QJsonDocument::Compact), "tok");
}

QJsonObject TestChargingProfiles::createProfile(const QString &code, const QString &purpose)
{
    const auto created = request("POST", "/api/v1/charging-profiles", specProfile(code, purpose));
    if (created.status != 201)
        qWarning("create: %d %s", created.status, created.raw.constData());
    return created.json;
}

Core::Record TestChargingProfiles::charger()
{
    return m_fx->repo->get(Actor::system(), Tables::Chargers, m_chargerId).value();
}

void TestChargingProfiles::assign_sendsTheProfileAndRecordsTheAnswer_data()
{
    QTest::addColumn<QString>("protocol");
    QTest::addColumn<QString>("purpose");
    QTest::addColumn<int>("target");          // connectorId (1.6) or evseId (2.0.1)
    QTest::addColumn<QString>("ocppPurpose"); // as the station received it
    QTest::newRow("1.6 charger total") << "ocpp1.6"
                                       << "charger_total" << 0 << "ChargePointMaxProfile";
    QTest::newRow("1.6 session default") << "ocpp1.6"
                                         << "session_default" << 0 << "TxDefaultProfile";
    QTest::newRow("2.0.1 charger total") << "ocpp2.0.1"
                                         << "charger_total" << 0 << "ChargingStationMaxProfile";
    QTest::newRow("2.0.1 session default") << "ocpp2.0.1"
                                           << "session_default" << 1 << "TxDefaultProfile";
}

void TestChargingProfiles::assign_sendsTheProfileAndRecordsTheAnswer()
{
    QFETCH(QString, protocol);
    QFETCH(QString, purpose);
    QFETCH(int, target);
    QFETCH(QString, ocppPurpose);
    addSite(protocol);
    connectStation(protocol);
    const QJsonObject profile = createProfile("NIGHT", purpose);
    QCOMPARE(periodsOf(profile.value("periods").toArray(), "start_offset_s", "limit_value"), SpecPeriods);
    const qint64 profileId = profile.value("id").toInteger();

    const auto assigned = request("POST", "/api/v1/chargers/ST-C1/charging-profile", {{"chargingProfile", "NIGHT"}});
    QCOMPARE(assigned.status, 200);
    QCOMPARE(assigned.json.value("chargingProfile").toString(), QStringLiteral("NIGHT"));
    QCOMPARE(assigned.json.value("state").toString(), QStringLiteral("accepted"));
    QCOMPARE(assigned.json.value("station").toObject().value("status").toString(), QStringLiteral("Accepted"));
    QCOMPARE(assigned.json.value("ocppProfileId").toInteger(), Core::ChargingProfiles::ocppProfileId(profileId));
    QVERIFY(!assigned.json.value("answeredAt").isNull());
    QCOMPARE(charger().value("charging_profile_id").toLongLong(), profileId);

    const QJsonObject call = received("SetChargingProfile");
    const bool v16 = protocol == "ocpp1.6";
    QCOMPARE(call.value(v16 ? "connectorId" : "evseId").toInt(), target);
    const QJsonObject sent = call.value(v16 ? "csChargingProfiles" : "chargingProfile").toObject();
    QCOMPARE(sent.value(v16 ? "chargingProfileId" : "id").toInteger(),
             Core::ChargingProfiles::ocppProfileId(profileId));
    QCOMPARE(sent.value("stackLevel").toInt(), 2);
    QCOMPARE(sent.value("chargingProfilePurpose").toString(), ocppPurpose);
    QCOMPARE(sent.value("chargingProfileKind").toString(), QStringLiteral("Recurring"));
    QCOMPARE(sent.value("recurrencyKind").toString(), QStringLiteral("Daily"));
    const QJsonObject schedule =
        v16 ? sent.value("chargingSchedule").toObject() : sent.value("chargingSchedule").toArray().first().toObject();
    QCOMPARE(schedule.value("duration").toInt(), 86400);
    QCOMPARE(schedule.value("chargingRateUnit").toString(), QStringLiteral("W"));
    QCOMPARE(QDateTime::fromString(schedule.value("startSchedule").toString(), Qt::ISODateWithMs), Midnight);
    QCOMPARE(periodsOf(schedule.value("chargingSchedulePeriod").toArray(), "startPeriod", "limit"), SpecPeriods);

    const auto shown = request("GET", "/api/v1/chargers/ST-C1/charging-profile");
    QCOMPARE(shown.status, 200);
    QCOMPARE(shown.json.value("state").toString(), QStringLiteral("accepted"));
    QCOMPARE(shown.json.value("sentAt").toString(), m_clock->now().toString(Qt::ISODateWithMs));
}

void TestChargingProfiles::update_sendsTheProfileAgain()
{
    addSite("ocpp2.0.1");
    connectStation("ocpp2.0.1");
    createProfile("NIGHT");
    QCOMPARE(request("POST", "/api/v1/chargers/ST-C1/charging-profile", {{"chargingProfile", "NIGHT"}}).status, 200);
    QVERIFY(!received("SetChargingProfile").isEmpty());

    const auto updated =
        request("PATCH", "/api/v1/charging-profiles/NIGHT",
                {{"stack_level", 4},
                 {"periods", QJsonArray{QJsonObject{{"start_offset_s", 0}, {"limit_value", 7400}},
                                        QJsonObject{{"start_offset_s", 3600}, {"limit_value", 3700}}}}});
    QCOMPARE(updated.status, 200);
    QCOMPARE(updated.json.value("periods").toArray().size(), 2);
    // One change, one new SetChargingProfile with the profile as it is now.
    const QJsonObject sent = received("SetChargingProfile").value("chargingProfile").toObject();
    QCOMPARE(sent.value("stackLevel").toInt(), 4);
    QCOMPARE(
        periodsOf(sent.value("chargingSchedule").toArray().first().toObject().value("chargingSchedulePeriod").toArray(),
                  "startPeriod", "limit"),
        (QList<std::pair<int, double>>{{0, 7400}, {3600, 3700}}));
    QTRY_COMPARE(m_profiles->assignment(Actor::system(), m_chargerId).value().state, QStringLiteral("accepted"));
    QVERIFY2(received("SetChargingProfile", 500).isEmpty(), "one change was sent twice");
}

void TestChargingProfiles::assign_rejected_isRecordedAndShown_data()
{
    protocols();
}

void TestChargingProfiles::assign_rejected_isRecordedAndShown()
{
    QFETCH(QString, protocol);
    addSite(protocol);
    connectStation(protocol, {{"status", QJsonObject{{"SetChargingProfile", "Rejected"}}}});
    createProfile("NIGHT");
    const auto assigned = request("POST", "/api/v1/chargers/ST-C1/charging-profile", {{"chargingProfile", "NIGHT"}});
    QCOMPARE(assigned.status, 200);
    QCOMPARE(assigned.json.value("state").toString(), QStringLiteral("rejected"));
    const QJsonObject station = assigned.json.value("station").toObject();
    QCOMPARE(station.value("outcome").toString(), QStringLiteral("answered"));
    QCOMPARE(station.value("status").toString(), QStringLiteral("Rejected"));
    QVERIFY(!station.value("message").toString().isEmpty());
    // The assignment stays: the operator sees the refusal beside the charger.
    const auto shown = request("GET", "/api/v1/chargers/ST-C1/charging-profile");
    QCOMPARE(shown.json.value("chargingProfile").toString(), QStringLiteral("NIGHT"));
    QCOMPARE(shown.json.value("state").toString(), QStringLiteral("rejected"));
    QVERIFY(!charger().value("charging_profile_id").isNull());
}

void TestChargingProfiles::assign_stationOffline_isSentWhenItConnects()
{
    addSite("ocpp1.6");
    createProfile("NIGHT");
    const auto assigned = request("POST", "/api/v1/chargers/ST-C1/charging-profile", {{"chargingProfile", "NIGHT"}});
    QCOMPARE(assigned.status, 200);
    QCOMPARE(assigned.json.value("state").toString(), QStringLiteral("not_connected"));
    connectStation("ocpp1.6", {{"boot", true}});
    QVERIFY(!received("SetChargingProfile").isEmpty());
    QTRY_COMPARE(m_profiles->assignment(Actor::system(), m_chargerId).value().state, QStringLiteral("accepted"));
}

void TestChargingProfiles::loadBalancing_clearsTheProfileKeepsItAndSendsItWhenOff_data()
{
    protocols();
}

void TestChargingProfiles::loadBalancing_clearsTheProfileKeepsItAndSendsItWhenOff()
{
    QFETCH(QString, protocol);
    addSite(protocol);
    connectStation(protocol);
    const qint64 profileId = createProfile("NIGHT").value("id").toInteger();
    createProfile("OTHER", "session_default");
    QCOMPARE(request("POST", "/api/v1/chargers/ST-C1/charging-profile", {{"chargingProfile", "NIGHT"}}).status, 200);
    QVERIFY(!received("SetChargingProfile").isEmpty());
    const QString area = m_fx->repo->get(Actor::system(), Tables::Areas, m_fx->areaId).value().value("code").toString();

    QCOMPARE(request("PATCH", "/api/v1/areas/" + area, {{"dlb_enabled", true}, {"dlb_limit", 50000}}).status, 200);
    const QJsonObject cleared = received("ClearChargingProfile");
    QCOMPARE(cleared.value(protocol == "ocpp1.6" ? "id" : "chargingProfileId").toInteger(),
             Core::ChargingProfiles::ocppProfileId(profileId));
    QTRY_COMPARE(m_profiles->assignment(Actor::system(), m_chargerId).value().state, QStringLiteral("suspended"));
    // Kept, not applied.
    QCOMPARE(charger().value("charging_profile_id").toLongLong(), profileId);
    const auto shown = request("GET", "/api/v1/chargers/ST-C1/charging-profile");
    QCOMPARE(shown.json.value("chargingProfile").toString(), QStringLiteral("NIGHT"));
    QCOMPARE(shown.json.value("state").toString(), QStringLiteral("suspended"));
    // The charger's other fields can still change; a new profile cannot be assigned.
    QCOMPARE(request("PATCH", "/api/v1/chargers/ST-C1", {{"name", "Renamed"}}).status, 200);
    const auto refused = request("POST", "/api/v1/chargers/ST-C1/charging-profile", {{"chargingProfile", "OTHER"}});
    QCOMPARE(refused.status, 400);
    const QJsonObject field = refused.json.value("error").toObject().value("fields").toArray().first().toObject();
    QCOMPARE(field.value("field").toString(), QStringLiteral("chargingProfile"));
    QVERIFY(field.value("message").toString().contains("load"));
    QCOMPARE(request("PATCH", "/api/v1/chargers/ST-C1", {{"charging_profile_id", 2}}).status, 400);
    QCOMPARE(charger().value("charging_profile_id").toLongLong(), profileId);

    QCOMPARE(request("PATCH", "/api/v1/areas/" + area, {{"dlb_enabled", false}}).status, 200);
    const QJsonObject again = received("SetChargingProfile");
    QVERIFY(!again.isEmpty());
    QTRY_COMPARE(m_profiles->assignment(Actor::system(), m_chargerId).value().state, QStringLiteral("accepted"));
}

void TestChargingProfiles::unassign_clearsTheProfile()
{
    addSite("ocpp1.6");
    connectStation("ocpp1.6");
    const qint64 profileId = createProfile("NIGHT").value("id").toInteger();
    QCOMPARE(request("POST", "/api/v1/chargers/ST-C1/charging-profile", {{"chargingProfile", "NIGHT"}}).status, 200);
    QVERIFY(!received("SetChargingProfile").isEmpty());
    // Still assigned: the profile cannot go.
    QCOMPARE(request("DELETE", "/api/v1/charging-profiles/NIGHT").status, 409);
    const auto removed = request("DELETE", "/api/v1/chargers/ST-C1/charging-profile");
    QCOMPARE(removed.status, 200);
    QCOMPARE(removed.json.value("state").toString(), QStringLiteral("cleared"));
    QVERIFY(removed.json.value("chargingProfile").isNull());
    QCOMPARE(removed.json.value("station").toObject().value("status").toString(), QStringLiteral("Accepted"));
    QCOMPARE(received("ClearChargingProfile").value("id").toInteger(),
             Core::ChargingProfiles::ocppProfileId(profileId));
    QVERIFY(charger().value("charging_profile_id").isNull());
    QCOMPARE(request("DELETE", "/api/v1/charging-profiles/NIGHT").status, 204);
}

void TestChargingProfiles::composite_expectedBesideTheChargers_data()
{
    protocols();
}

void TestChargingProfiles::composite_expectedBesideTheChargers()
{
    QFETCH(QString, protocol);
    addSite(protocol);
    const QJsonArray reported{QJsonObject{{"startPeriod", 0}, {"limit", 5000}},
                              QJsonObject{{"startPeriod", 10800}, {"limit", 10000}}};
    connectStation(protocol,
                   {{"schedule", QJsonObject{{"chargingRateUnit", "W"}, {"chargingSchedulePeriod", reported}}}});
    createProfile("NIGHT");
    QCOMPARE(request("POST", "/api/v1/chargers/ST-C1/charging-profile", {{"chargingProfile", "NIGHT"}}).status, 200);

    const auto composite = request("GET", "/api/v1/chargers/ST-C1/composite-schedule?duration=43200");
    QCOMPARE(composite.status, 200);
    // From 03:00 for 12 hours: 5000 W until 06:00, then 10000 W.
    const QJsonObject expected = composite.json.value("expected").toObject();
    QCOMPARE(QDateTime::fromString(expected.value("start").toString(), Qt::ISODateWithMs), m_clock->now());
    QCOMPARE(expected.value("duration").toInt(), 43200);
    QCOMPARE(expected.value("unit").toString(), QStringLiteral("W"));
    QCOMPARE(periodsOf(expected.value("periods").toArray(), "start", "limit"),
             (QList<std::pair<int, double>>{{0, 5000}, {10800, 10000}}));
    QCOMPARE(composite.json.value("station").toObject().value("status").toString(), QStringLiteral("Accepted"));
    const QJsonObject station = composite.json.value("stationSchedule").toObject();
    QCOMPARE(station.value("unit").toString(), QStringLiteral("W"));
    QCOMPARE(station.value("duration").toInt(), 43200);
    QVERIFY(QDateTime::fromString(station.value("start").toString(), Qt::ISODateWithMs).isValid());
    QCOMPARE(periodsOf(station.value("periods").toArray(), "start", "limit"),
             (QList<std::pair<int, double>>{{0, 5000}, {10800, 10000}}));

    const QJsonObject asked = received("GetCompositeSchedule");
    QCOMPARE(asked.value("duration").toInt(), 43200);
    QCOMPARE(asked.value("chargingRateUnit").toString(), QStringLiteral("W"));
    QCOMPARE(asked.value(protocol == "ocpp1.6" ? "connectorId" : "evseId").toInt(), 1);
}

void TestChargingProfiles::rest_badRequests_get4xxAndChangeNothing_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("field");
    QJsonObject noPeriods = specProfile("NEW", "charger_total");
    noPeriods.remove("periods");
    QJsonObject emptyPeriods = specProfile("NEW", "charger_total");
    emptyPeriods.insert("periods", QJsonArray{});
    QJsonObject late = specProfile("NEW", "charger_total");
    late.insert("periods", QJsonArray{QJsonObject{{"start_offset_s", 60}, {"limit_value", 5000}}});
    QJsonObject negative = specProfile("NEW", "charger_total");
    negative.insert("periods", QJsonArray{QJsonObject{{"start_offset_s", 0}, {"limit_value", -1}}});
    QJsonObject badUnit = specProfile("NEW", "charger_total");
    badUnit.insert("unit", "kW");
    QJsonObject taken = specProfile("NIGHT", "charger_total");
    QTest::newRow("no periods") << QByteArray("POST") << "/api/v1/charging-profiles" << noPeriods << 400 << "periods";
    QTest::newRow("empty periods") << QByteArray("POST") << "/api/v1/charging-profiles" << emptyPeriods << 400
                                   << "periods";
    QTest::newRow("first period late") << QByteArray("POST") << "/api/v1/charging-profiles" << late << 400 << "periods";
    QTest::newRow("negative limit") << QByteArray("POST") << "/api/v1/charging-profiles" << negative << 400
                                    << "periods.0.limit_value";
    QTest::newRow("bad unit") << QByteArray("POST") << "/api/v1/charging-profiles" << badUnit << 400 << "unit";
    QTest::newRow("code taken") << QByteArray("POST") << "/api/v1/charging-profiles" << taken << 400 << "code";
    QTest::newRow("code is immutable") << QByteArray("PATCH") << "/api/v1/charging-profiles/NIGHT"
                                       << QJsonObject{{"code", "DAY"}} << 400 << "code";
    QTest::newRow("periods not a list") << QByteArray("PATCH") << "/api/v1/charging-profiles/NIGHT"
                                        << QJsonObject{{"periods", 5}} << 400 << "periods";
    QTest::newRow("unknown profile") << QByteArray("POST") << "/api/v1/chargers/ST-C1/charging-profile"
                                     << QJsonObject{{"chargingProfile", "NOPE"}} << 400 << "chargingProfile";
    QTest::newRow("unknown field") << QByteArray("POST") << "/api/v1/chargers/ST-C1/charging-profile"
                                   << QJsonObject{{"profile", "NIGHT"}} << 400 << "profile";
    QTest::newRow("unknown charger") << QByteArray("POST") << "/api/v1/chargers/NOPE/charging-profile"
                                     << QJsonObject{{"chargingProfile", "NIGHT"}} << 404 << "";
    QTest::newRow("bad duration") << QByteArray("GET") << "/api/v1/chargers/ST-C1/composite-schedule?duration=x"
                                  << QJsonObject{} << 400 << "duration";
    QTest::newRow("duration too long") << QByteArray("GET")
                                       << "/api/v1/chargers/ST-C1/composite-schedule?duration=9999999" << QJsonObject{}
                                       << 400 << "duration";
}

void TestChargingProfiles::rest_badRequests_get4xxAndChangeNothing()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QJsonObject, body);
    QFETCH(int, status);
    QFETCH(QString, field);
    addSite("ocpp1.6");
    createProfile("NIGHT");
    const auto before = request("GET", "/api/v1/charging-profiles/NIGHT");
    const auto response = request(method, path, body);
    QCOMPARE(response.status, status);
    const QJsonObject error = response.json.value("error").toObject();
    QVERIFY2(!error.value("message").toString().isEmpty(), response.raw.constData());
    if (!field.isEmpty())
        QCOMPARE(error.value("fields").toArray().first().toObject().value("field").toString(), field);
    QCOMPARE(m_fx->repo->count(Actor::system(), Tables::ChargingProfiles).value(), 1);
    QCOMPARE(request("GET", "/api/v1/charging-profiles/NIGHT").json, before.json);
    QVERIFY(charger().value("charging_profile_id").isNull());
    QCOMPARE(m_profiles->assignment(Actor::system(), m_chargerId).value().state, QStringLiteral("none"));
}

QTEST_GUILESS_MAIN(TestChargingProfiles)
#include "tst_chargingprofiles.moc"
