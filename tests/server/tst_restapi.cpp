#include "core/liveconfiguration.h"
#include "server/rest/restserver.h"
#include "support/gatewayfixture.h"
#include "support/httpclient.h"
#include "support/restapi.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QTest>

using namespace ChargeDesk;

// The REST API over real HTTP, with the gateway behind it and an independent station.
class TestRestApi : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void missingOrWrongToken_is401();
    void createStation_readBack_andList();
    void badInput_gets4xxJsonAndChangesNothing_data();
    void badInput_gets4xxJsonAndChangesNothing();
    void deleteReferencedArea_is409WithReferrers();
    void command_toConnectedStation_returnsItsAnswerAndIsLogged();
    void command_toDisconnectedStation_is409();
    void assetMeasurement_isStored();
    void configurationTemplates_areManaged_andTheirResultsReadOnly();
    void stationCredentials_setReadAndUsedForConnections();
    void openApi_isServed();

private:
    using Response = Test::HttpResponse;
    Response request(const QByteArray &method, const QString &path, const QByteArray &body = {},
                     const QByteArray &token = "secret-token");

    std::unique_ptr<Test::GatewayFixture> m_fx;
    Test::RestApi m_api;
    quint16 m_port = 0;
    QNetworkAccessManager m_http;
};

void TestRestApi::init()
{
    m_fx = std::make_unique<Test::GatewayFixture>();
    QVERIFY2(m_fx->isValid(), qPrintable(m_fx->error));
    QVERIFY(m_api.start(*m_fx));
    m_port = m_api.port;
}

void TestRestApi::cleanup()
{
    m_api.stop();
    m_fx.reset();
}

TestRestApi::Response TestRestApi::request(const QByteArray &method, const QString &path, const QByteArray &body,
                                           const QByteArray &token)
{
    return Test::httpRequest(m_http, m_port, method, path, body, token);
}

void TestRestApi::missingOrWrongToken_is401()
{
    QCOMPARE(request("GET", "/api/v1/stations", {}, {}).status, 401);
    const auto wrong = request("GET", "/api/v1/stations", {}, "guess");
    QCOMPARE(wrong.status, 401);
    QCOMPARE(wrong.json.value("error").toObject().value("kind").toString(), QStringLiteral("unauthenticated"));
}

void TestRestApi::createStation_readBack_andList()
{
    const auto created =
        request("POST", "/api/v1/stations",
                QStringLiteral(R"({"code":"API-1","name":"From API","area_id":%1,"protocol":"ocpp2.0.1",)"
                               R"("connection_identifier":"api-1","connection_policy":"ws"})")
                    .arg(m_fx->areaId)
                    .toUtf8());
    QCOMPARE(created.status, 201);
    QCOMPARE(created.json.value("code").toString(), QStringLiteral("API-1"));
    QVERIFY(created.json.value("id").toInteger() > 0);
    const auto charger =
        request("POST", "/api/v1/chargers",
                QStringLiteral(R"({"code":"API-1-C1","name":"C1","station_id":%1,"current_type":"dc"})")
                    .arg(created.json.value("id").toInteger())
                    .toUtf8());
    QCOMPARE(charger.status, 201);
    const auto read = request("GET", "/api/v1/stations/API-1");
    QCOMPARE(read.status, 200);
    QCOMPARE(read.json.value("name").toString(), QStringLiteral("From API"));
    const auto listed = request("GET", "/api/v1/stations?protocol=ocpp2.0.1&limit=10");
    QCOMPARE(listed.status, 200);
    QCOMPARE(listed.json.value("total").toInt(), 1);
    QCOMPARE(listed.json.value("items").toArray().first().toObject().value("code").toString(), QStringLiteral("API-1"));
    const auto patched = request("PATCH", "/api/v1/stations/API-1", R"({"name":"Renamed"})");
    QCOMPARE(patched.status, 200);
    QCOMPARE(patched.json.value("name").toString(), QStringLiteral("Renamed"));
}

void TestRestApi::badInput_gets4xxJsonAndChangesNothing_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("field");
    QTest::newRow("malformed json") << QByteArray("POST") << "/api/v1/customers" << QByteArray("{not json") << 400
                                    << "";
    QTest::newRow("array body") << QByteArray("POST") << "/api/v1/customers" << QByteArray("[]") << 400 << "";
    QTest::newRow("missing fields") << QByteArray("POST") << "/api/v1/customers" << QByteArray(R"({"name":"x"})") << 400
                                    << "code";
    QTest::newRow("bad enum") << QByteArray("POST") << "/api/v1/customers"
                              << QByteArray(R"({"code":"C","name":"x","payment_type":"barter"})") << 400
                              << "payment_type";
    QTest::newRow("unknown field") << QByteArray("POST") << "/api/v1/customers"
                                   << QByteArray(R"({"code":"C","name":"x","payment_type":"prepaid","admin":true})")
                                   << 400 << "admin";
    QTest::newRow("unknown collection") << QByteArray("GET") << "/api/v1/nothing" << QByteArray() << 404 << "";
    QTest::newRow("unknown code") << QByteArray("GET") << "/api/v1/stations/NOPE" << QByteArray() << 404 << "";
    QTest::newRow("read-only collection") << QByteArray("POST") << "/api/v1/sessions" << QByteArray("{}") << 405 << "";
    QTest::newRow("bad filter") << QByteArray("GET") << "/api/v1/customers?name.like=x" << QByteArray() << 400 << "";
    QTest::newRow("filter on unknown field")
        << QByteArray("GET") << "/api/v1/customers?password=x" << QByteArray() << 400 << "password";
    QTest::newRow("sql in sort") << QByteArray("GET") << "/api/v1/customers?sort=name;drop table customers"
                                 << QByteArray() << 400 << "";
    // Query parameters are checked like body fields: no quiet 0 for "abc", no clamped -5.
    for (const char *query : {"limit=abc", "limit=0", "limit=1001", "limit=2.5", "limit=1&limit=2"})
        QTest::newRow(query) << QByteArray("GET") << QStringLiteral("/api/v1/customers?%1").arg(query) << QByteArray()
                             << 400 << "limit";
    for (const char *query : {"offset=-5", "offset=x", "offset=99999999999"})
        QTest::newRow(query) << QByteArray("GET") << QStringLiteral("/api/v1/customers?%1").arg(query) << QByteArray()
                             << 400 << "offset";
    QTest::newRow("order=sideways") << QByteArray("GET") << "/api/v1/customers?order=sideways" << QByteArray() << 400
                                    << "order";
    QTest::newRow("unknown command") << QByteArray("POST") << "/api/v1/stations/ST/commands/explode" << QByteArray("{}")
                                     << 404 << "";
    QTest::newRow("command body not object")
        << QByteArray("POST") << "/api/v1/stations/ST/commands/reset" << QByteArray("[1]") << 400 << "";
    QTest::newRow("short station password") << QByteArray("PUT") << "/api/v1/stations/ST/credentials"
                                            << QByteArray(R"({"password":"short"})") << 400 << "password";
    QTest::newRow("password not text") << QByteArray("PUT") << "/api/v1/stations/ST/credentials"
                                       << QByteArray(R"({"password":42})") << 400 << "password";
    QTest::newRow("credentials by POST") << QByteArray("POST") << "/api/v1/stations/ST/credentials" << QByteArray("{}")
                                         << 405 << "";
    QTest::newRow("change code") << QByteArray("PATCH") << "/api/v1/stations/ST" << QByteArray(R"({"code":"OTHER"})")
                                 << 400 << "code";
}

void TestRestApi::badInput_gets4xxJsonAndChangesNothing()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, field);
    QVERIFY(m_fx->addStation("ST", "ocpp1.6", "ws"));
    const auto before = m_fx->repo->count(Core::Actor::system(), Core::Tables::Customers).value();
    const auto r = request(method, path, body);
    QCOMPARE(r.status, status);
    const QJsonObject error = r.json.value("error").toObject();
    QVERIFY2(!error.value("message").toString().isEmpty(), r.raw.constData());
    if (!field.isEmpty()) {
        bool named = false;
        for (const QJsonValue &f : error.value("fields").toArray())
            named = named || f.toObject().value("field").toString() == field;
        QVERIFY2(named, r.raw.constData());
    }
    QCOMPARE(m_fx->repo->count(Core::Actor::system(), Core::Tables::Customers).value(), before);
    QVERIFY(m_fx->repo->getByCode(Core::Actor::system(), Core::Tables::Stations, "ST").ok());
    QCOMPARE(m_fx->repo->count(Core::Actor::system(), Core::Tables::Customers).value(), 0);
}

void TestRestApi::configurationTemplates_areManaged_andTheirResultsReadOnly()
{
    QVERIFY(m_fx->addStation("ST", "ocpp1.6", "ws"));
    const auto created = request("POST", "/api/v1/configuration-templates",
                                 R"({"code":"HB","name":"Heartbeat","priority":3,"batch_size":5})");
    QCOMPARE(created.status, 201);
    const qint64 id = created.json.value("id").toInteger();
    const auto setting =
        request("POST", "/api/v1/configuration-template-settings",
                QStringLiteral(R"({"template_id":%1,"setting_key":"HeartbeatInterval","setting_value":"300"})")
                    .arg(id)
                    .toUtf8());
    QCOMPARE(setting.status, 201);
    const auto assigned =
        request("POST", "/api/v1/configuration-template-assignments",
                QStringLiteral(R"({"template_id":%1,"area_id":%2})").arg(id).arg(m_fx->areaId).toUtf8());
    QCOMPARE(assigned.status, 201);
    const auto bothTargets =
        request("POST", "/api/v1/configuration-template-assignments",
                QStringLiteral(R"({"template_id":%1,"area_id":%2,"station_id":1})").arg(id).arg(m_fx->areaId).toUtf8());
    QCOMPARE(bothTargets.status, 400);
    QCOMPARE(request("GET", "/api/v1/configuration-templates/HB").json.value("priority").toInt(), 3);
    const auto results = request("GET", "/api/v1/configuration-results?station_id=1");
    QCOMPARE(results.status, 200);
    QCOMPARE(results.json.value("total").toInt(), 0);
    QCOMPARE(request("POST", "/api/v1/configuration-results", R"({"station_id":1})").status, 405);
}

void TestRestApi::stationCredentials_setReadAndUsedForConnections()
{
    QVERIFY(m_fx->addStation("ST", "ocpp1.6", "wss_basic"));
    const auto attempt = [this](const QString &user, const QString &password) {
        Core::ConnectionAttempt a;
        a.identifier = QStringLiteral("ST");
        a.secure = true;
        a.username = user;
        a.password = password;
        return std::holds_alternative<Core::StationLink>(m_fx->stations->authorizeConnection(a));
    };
    auto r = request("GET", "/api/v1/stations/ST/credentials");
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json.value("passwordSet").toBool(), false);

    r = request("PUT", "/api/v1/stations/ST/credentials", R"({"username":"ST","password":"a-long-enough-secret"})");
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json.value("username").toString(), QStringLiteral("ST"));
    QCOMPARE(r.json.value("passwordSet").toBool(), true);
    QVERIFY2(!r.raw.contains("a-long-enough-secret"), r.raw.constData());
    QVERIFY(!request("GET", "/api/v1/stations/ST").raw.contains("password_hash"));
    QVERIFY(attempt("ST", "a-long-enough-secret"));
    QVERIFY(!attempt("ST", "a-long-enough-secreT"));

    // A failed update leaves the working password in place.
    QCOMPARE(request("PUT", "/api/v1/stations/ST/credentials", R"({"password":"short"})").status, 400);
    QVERIFY(attempt("ST", "a-long-enough-secret"));

    r = request("PUT", "/api/v1/stations/ST/credentials", R"({"username":null,"password":null})");
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json.value("passwordSet").toBool(), false);
    QVERIFY(!attempt({}, "a-long-enough-secret"));
    QCOMPARE(request("GET", "/api/v1/stations/NOPE/credentials").status, 404);
}

void TestRestApi::deleteReferencedArea_is409WithReferrers()
{
    QVERIFY(m_fx->addStation("ST", "ocpp1.6", "ws"));
    const auto r = request("DELETE", "/api/v1/areas/GARAGE");
    QCOMPARE(r.status, 409);
    QCOMPARE(r.json.value("error").toObject().value("kind").toString(), QStringLiteral("referenced"));
    QCOMPARE(r.json.value("error").toObject().value("referrers").toArray().size(), 1);
    QCOMPARE(request("GET", "/api/v1/areas/GARAGE").status, 200);
}

void TestRestApi::command_toConnectedStation_returnsItsAnswerAndIsLogged()
{
    QVERIFY(m_fx->addStation("ST", "ocpp2.0.1", "ws"));
    QProcess station;
    station.start("node", {PEERS_DIR "/ocpp_station.mjs", m_fx->url("ST"), "ocpp2.0.1", "4000"});
    QVERIFY(station.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(m_fx->gateway->isConnected(1), 10000);
    const auto r = request("POST", "/api/v1/stations/ST/commands/get-configuration",
                           R"({"keys":["OCPPCommCtrlr/HeartbeatInterval"]})");
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json.value("outcome").toString(), QStringLiteral("answered"));
    const QJsonArray results = r.json.value("response").toObject().value("getVariableResult").toArray();
    QCOMPARE(results.first().toObject().value("attributeValue").toString(), QStringLiteral("300"));
    const auto reset = request("POST", "/api/v1/stations/ST/commands/reset", R"({"type":"hard"})");
    QCOMPARE(reset.json.value("status").toString(), QStringLiteral("Accepted"));
    QVERIFY(m_fx->log->flush().ok());
    const auto log = request("GET", "/api/v1/ocpp-messages?action=Reset&sort=id");
    QCOMPARE(log.json.value("total").toInt(), 2);
    QCOMPARE(log.json.value("items").toArray().at(0).toObject().value("direction").toString(), QStringLiteral("out"));
    station.kill();
    station.waitForFinished();
}

void TestRestApi::command_toDisconnectedStation_is409()
{
    QVERIFY(m_fx->addStation("ST", "ocpp1.6", "ws"));
    const auto r = request("POST", "/api/v1/stations/ST/commands/reset", R"({"type":"soft"})");
    QCOMPARE(r.status, 409);
    QCOMPARE(r.json.value("outcome").toString(), QStringLiteral("not_connected"));
}

void TestRestApi::assetMeasurement_isStored()
{
    QVERIFY(m_fx->repo
                ->create(Core::Actor::system(), Core::Tables::Assets,
                         {{"code", "METER"},
                          {"name", "Meter"},
                          {"type", "smart_meter"},
                          {"current_type", "ac_three_phase"},
                          {"area_id", m_fx->areaId}})
                .ok());
    const auto posted = request("POST", "/api/v1/assets/METER/measurements",
                                R"({"power_w":40000,"measured_at":"2026-11-24T08:00:00Z"})");
    QCOMPARE(posted.status, 201);
    QCOMPARE(request("POST", "/api/v1/assets/METER/measurements", R"({"power_w":"lots"})").status, 400);
    QCOMPARE(request("POST", "/api/v1/assets/METER/measurements", R"({"power_w":1,"measured_at":"yesterday"})").status,
             400);
    const auto listed = request("GET", "/api/v1/assets/METER/measurements");
    QCOMPARE(listed.json.value("items").toArray().size(), 1);
    QCOMPARE(listed.json.value("items").toArray().first().toObject().value("power_w").toInt(), 40000);

    // A time series: newest first, within [from, to).
    QCOMPARE(request("POST", "/api/v1/assets/METER/measurements",
                     R"({"power_w":41000,"measured_at":"2026-11-24T08:01:00Z"})")
                 .status,
             201);
    QCOMPARE(request("POST", "/api/v1/assets/METER/measurements",
                     R"({"power_w":42000,"measured_at":"2026-11-24T08:02:00Z"})")
                 .status,
             201);
    const auto window =
        request("GET", "/api/v1/assets/METER/measurements?from=2026-11-24T08:01:00Z&to=2026-11-24T08:02:00Z");
    QCOMPARE(window.json.value("items").toArray().size(), 1);
    QCOMPARE(window.json.value("items").toArray().first().toObject().value("power_w").toInt(), 41000);
    const auto latest = request("GET", "/api/v1/assets/METER/measurements?limit=2");
    QCOMPARE(latest.json.value("items").toArray().size(), 2);
    QCOMPARE(latest.json.value("items").toArray().first().toObject().value("power_w").toInt(), 42000);
    QCOMPARE(request("GET", "/api/v1/assets/METER/measurements?from=soon").status, 400);
    QCOMPARE(request("GET", "/api/v1/assets/METER/measurements?limit=abc").status, 400);
    QCOMPARE(request("GET", "/api/v1/assets/METER/measurements?limit=-1").status, 400);
}

void TestRestApi::openApi_isServed()
{
    const auto r = request("GET", "/api/v1/openapi.yaml", {}, {});
    QCOMPARE(r.status, 200);
    QVERIFY(r.raw.startsWith("openapi: 3"));
    QVERIFY(r.raw.contains("/stations/{code}/commands/{command}"));
    QVERIFY(r.raw.contains("/rating-settings/{id}"));
}

QTEST_GUILESS_MAIN(TestRestApi)
#include "tst_restapi.moc"
