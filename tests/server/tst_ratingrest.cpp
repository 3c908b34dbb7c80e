#include "core/liveconfiguration.h"
#include "server/rest/restserver.h"
#include "support/gatewayfixture.h"
#include "support/httpclient.h"
#include "support/nodepeer.h"
#include "support/restapi.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QTest>

using namespace ChargeDesk;

// Session prices set through the REST API only, and sessions from an independent charge point
// (ocpp-rpc in strict mode) rated by them, read back through the API. Only the site row (its
// currency, EUR) is written directly, as the console's first-start wizard writes it: the API has
// no route for the site.
//
// The network, built through the API in init(): operator OP; area LOT under it; stations CP-A
// and CP-B (OCPP 1.6), each with charger <station>-1 and connector 1; customer ANA with card
// TAG-1. Each part of an amount is rounded half up to a minor unit:
//   7389 Wh at 35 per kWh = 258.615 -> 259    4300 Wh at 35 per kWh = 150.5 -> 151
//   7389 Wh at 28 per kWh = 206.892 -> 207    4300 Wh at 28 per kWh = 120.4 -> 120
class TestRatingRest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { qInfo("storage backend: %s", qPrintable(Test::backend())); }
    void init();
    void cleanupTestCase() { reset(); }

    void chargerPrice_ratesEnergyHalfUpToAMinorUnit();
    void operatorPrice_ratesChargersWithoutTheirOwn_theChargersOwnWins();
    void deleteUsedSettings_is409NamingWhoUsesThem();
    void badInput_is400NamingTheFieldAndStoresNothing_data();
    void badInput_is400NamingTheFieldAndStoresNothing();

private:
    using Response = Test::HttpResponse;
    void reset();
    Response request(const QByteArray &method, const QString &path, const QJsonObject &body = {});
    // The id of the row a POST created; 0 (and a warning with the answer) when it was refused.
    qint64 create(const QString &collection, const QJsonObject &body);
    bool buildNetwork();
    bool addStation(const QString &code);
    // Rating settings with an energy price only.
    qint64 addSettings(const QString &name, qint64 energyPricePerKwh);
    bool choose(const QString &path, const QJsonValue &ratingSettingsId);
    // One session at the station's connector 1: authorize TAG-1, start with the meter at
    // `meterStartWh`, a meter value half way, stop at `meterStopWh`. The session as the API
    // shows it afterwards; empty when the charge point was refused anything.
    QJsonObject charge(const QString &station, qint64 meterStartWh, qint64 meterStopWh);
    QJsonObject lastSessionAt(const QString &station);
    // What the API shows of everything a refused request might have touched.
    QByteArray snapshot();

    std::unique_ptr<Test::GatewayFixture> m_fx;
    Test::RestApi m_api;
    quint16 m_port = 0;
    QNetworkAccessManager m_http;
    QHash<QString, qint64> m_connectors; // station code -> its connector's id
    int m_sessions = 0;                  // sessions run so far; each gets an hour of its own
    qint64 m_standard = 0;               // settings "Standard" (35 per kWh), chosen by no one yet
    QByteArray m_builtFor;               // the test function the network was built for
};

namespace {

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

// An instant on the test's day; the charge point reports these, so they decide the durations.
QString at(int hour, int minute)
{
    return QStringLiteral("2026-11-24T%1:%2:00Z")
        .arg(hour, 2, 10, QLatin1Char('0'))
        .arg(minute, 2, 10, QLatin1Char('0'));
}

QJsonArray sessionSteps(qint64 meterStartWh, qint64 meterStopWh, int hour)
{
    const QJsonObject energy{
        {"timestamp", at(hour, 30)},
        {"sampledValue", QJsonArray{QJsonObject{{"value", QString::number((meterStartWh + meterStopWh) / 2)},
                                                {"unit", "Wh"},
                                                {"measurand", "Energy.Active.Import.Register"}}}}};
    return {
        QJsonArray{"BootNotification", QJsonObject{{"chargePointVendor", "V"}, {"chargePointModel", "M"}}},
        QJsonArray{"Authorize", QJsonObject{{"idTag", "TAG-1"}}},
        QJsonArray{"StartTransaction", QJsonObject{{"connectorId", 1},
                                                   {"idTag", "TAG-1"},
                                                   {"meterStart", meterStartWh},
                                                   {"timestamp", at(hour, 0)}}},
        QJsonArray{
            "MeterValues",
            QJsonObject{{"connectorId", 1}, {"transactionId", "$transactionId"}, {"meterValue", QJsonArray{energy}}}},
        QJsonArray{"StopTransaction", QJsonObject{{"transactionId", "$transactionId"},
                                                  {"idTag", "TAG-1"},
                                                  {"meterStop", meterStopWh},
                                                  {"timestamp", at(hour, 45)},
                                                  {"reason", "EVDisconnected"}}},
    };
}

// Whether every call was answered and the card accepted at Authorize, start and stop.
bool allAccepted(const QList<QJsonObject> &lines)
{
    if (lines.size() != 6) // "connected" and one line per call
        return false;
    for (const QJsonObject &line : lines.mid(1)) {
        const QJsonObject response = line.value("response").toObject();
        if (!line.value("ok").toBool() ||
            (response.contains("idTagInfo") &&
             response.value("idTagInfo").toObject().value("status").toString() != QLatin1String("Accepted")))
            return false;
    }
    return true;
}

QStringList namedFields(const QJsonObject &error)
{
    QStringList names;
    for (const QJsonValue &f : error.value("fields").toArray())
        names << f.toObject().value("field").toString();
    return names;
}

} // namespace

void TestRatingRest::init()
{
    // The rows of a data-driven test share one network: each must leave it as it found it, which
    // is what they check. A fresh database per row would cost seconds on PostgreSQL.
    if (m_fx && m_builtFor == QTest::currentTestFunction())
        return;
    reset();
    m_fx = std::make_unique<Test::GatewayFixture>();
    QVERIFY2(m_fx->isValid(), qPrintable(m_fx->error));
    QVERIFY(m_api.start(*m_fx));
    m_port = m_api.port;
    QVERIFY(
        m_fx->repo->create(Core::Actor::system(), Core::Tables::SiteSettings, {{"name", "Site"}, {"currency", "EUR"}}));
    QVERIFY(buildNetwork());
    m_standard = addSettings("Standard", 35);
    QVERIFY(m_standard > 0);
    m_builtFor = QTest::currentTestFunction();
}

void TestRatingRest::reset()
{
    m_api.stop();
    m_fx.reset();
    m_connectors.clear();
    m_sessions = 0;
    m_builtFor.clear();
}

TestRatingRest::Response TestRatingRest::request(const QByteArray &method, const QString &path, const QJsonObject &body)
{
    return Test::httpRequest(m_http, m_port, method, path, body.isEmpty() ? QByteArray() : compact(body),
                             "secret-token");
}

qint64 TestRatingRest::create(const QString &collection, const QJsonObject &body)
{
    const Response r = request("POST", "/api/v1/" + collection, body);
    if (r.status != 201) {
        qWarning("POST %s: %d %s", qPrintable(collection), r.status, r.raw.constData());
        return 0;
    }
    return r.json.value("id").toInteger();
}

bool TestRatingRest::buildNetwork()
{
    const qint64 op = create("operators", {{"code", "OP"}, {"name", "Operator"}});
    if (!op || !create("areas", {{"code", "LOT"}, {"name", "Car park"}, {"operator_id", op}}))
        return false;
    const qint64 rfid = create("id-device-types", {{"code", "CARD"}, {"name", "RFID card"}});
    const qint64 ana = create("customers", {{"code", "ANA"}, {"name", "Ana"}, {"payment_type", "postpaid"}});
    return rfid && ana &&
           create("id-devices", {{"code", "CARD-1"},
                                 {"name", "Ana's card"},
                                 {"type_id", rfid},
                                 {"identifier", "TAG-1"},
                                 {"customer_id", ana}}) &&
           addStation("CP-A") && addStation("CP-B");
}

bool TestRatingRest::addStation(const QString &code)
{
    const Response area = request("GET", "/api/v1/areas/LOT");
    const qint64 station = create("stations", {{"code", code},
                                               {"name", code},
                                               {"area_id", area.json.value("id")},
                                               {"protocol", "ocpp1.6"},
                                               {"connection_identifier", code},
                                               {"connection_policy", "ws"}});
    const QString wallbox = code == QLatin1String("CP-A") ? QStringLiteral("Wallbox A") : QStringLiteral("Wallbox B");
    const qint64 charger = station ? create("chargers", {{"code", code + "-1"},
                                                         {"name", wallbox},
                                                         {"station_id", station},
                                                         {"evse_id", 1},
                                                         {"current_type", "ac_three_phase"}})
                                   : 0;
    const qint64 connector =
        charger ? create("connectors",
                         {{"code", "1"}, {"name", "Type 2"}, {"charger_id", charger}, {"connector_number", 1}})
                : 0;
    m_connectors.insert(code, connector);
    return connector > 0;
}

qint64 TestRatingRest::addSettings(const QString &name, qint64 energyPricePerKwh)
{
    return create("rating-settings", {{"name", name}, {"energy_price_minor", energyPricePerKwh}});
}

bool TestRatingRest::choose(const QString &path, const QJsonValue &ratingSettingsId)
{
    const Response r = request("PATCH", path, {{"rating_settings_id", ratingSettingsId}});
    if (r.status != 200 || r.json.value("rating_settings_id").toInteger(-1) != ratingSettingsId.toInteger(-1)) {
        qWarning("PATCH %s: %d %s", qPrintable(path), r.status, r.raw.constData());
        return false;
    }
    return true;
}

QJsonObject TestRatingRest::charge(const QString &station, qint64 meterStartWh, qint64 meterStopWh)
{
    const int hour = 8 + m_sessions++;
    const QByteArray steps =
        QJsonDocument(sessionSteps(meterStartWh, meterStopWh, hour)).toJson(QJsonDocument::Compact);
    const QList<QJsonObject> lines =
        Test::runNodePeer("ocpp_client.mjs", {m_fx->url(station), "ocpp1.6", QString::fromUtf8(steps)});
    if (!allAccepted(lines)) {
        for (const QJsonObject &line : lines)
            qWarning("charge point: %s", compact(line).constData());
        return {};
    }
    return lastSessionAt(station);
}

QJsonObject TestRatingRest::lastSessionAt(const QString &station)
{
    const Response listed = request(
        "GET",
        QStringLiteral("/api/v1/sessions?connector_id=%1&sort=id&order=desc&limit=1").arg(m_connectors.value(station)));
    const QString code = listed.json.value("items").toArray().first().toObject().value("code").toString();
    const Response session = request("GET", "/api/v1/sessions/" + code);
    return session.status == 200 ? session.json : QJsonObject();
}

QByteArray TestRatingRest::snapshot()
{
    QByteArray all;
    for (const char *path :
         {"/api/v1/rating-settings?sort=id", "/api/v1/chargers?sort=id", "/api/v1/operators?sort=id"})
        all += request("GET", QString::fromLatin1(path)).raw + '\n';
    return all;
}

void TestRatingRest::chargerPrice_ratesEnergyHalfUpToAMinorUnit()
{
    const Response settings = request("GET", QStringLiteral("/api/v1/rating-settings/%1").arg(m_standard));
    QCOMPARE(settings.status, 200);
    QCOMPARE(settings.json.value("name").toString(), QStringLiteral("Standard"));
    QCOMPARE(settings.json.value("energy_price_minor").toInteger(), 35);
    QVERIFY(choose("/api/v1/chargers/CP-A-1", m_standard));

    QJsonObject s = charge("CP-A", 1000, 8389);
    QCOMPARE(s.value("status").toString(), QStringLiteral("closed"));
    QCOMPARE(s.value("customer_id").toInteger(), request("GET", "/api/v1/customers/ANA").json.value("id").toInteger());
    QCOMPARE(s.value("meter_start_wh").toInteger(), 1000);
    QCOMPARE(s.value("meter_stop_wh").toInteger(), 8389);
    QCOMPARE(s.value("energy_wh").toInteger(), 7389);
    QCOMPARE(s.value("amount_minor").toInteger(), 259); // 258.615
    QCOMPARE(s.value("currency").toString(), QStringLiteral("EUR"));
    QVERIFY(!s.value("rating_identifier").toString().isEmpty());

    // Exactly half a minor unit rounds up, not to the even neighbour.
    s = charge("CP-A", 8389, 12689);
    QCOMPARE(s.value("energy_wh").toInteger(), 4300);
    QCOMPARE(s.value("amount_minor").toInteger(), 151); // 150.5
}

void TestRatingRest::operatorPrice_ratesChargersWithoutTheirOwn_theChargersOwnWins()
{
    const qint64 operatorPrice = addSettings("Operator price", 28);
    QVERIFY(operatorPrice > 0);
    QVERIFY(choose("/api/v1/operators/OP", operatorPrice));
    QVERIFY(choose("/api/v1/chargers/CP-A-1", m_standard));

    // CP-B-1 has no settings of its own: its operator's price.
    QJsonObject s = charge("CP-B", 1000, 8389);
    QCOMPARE(s.value("energy_wh").toInteger(), 7389);
    QCOMPARE(s.value("amount_minor").toInteger(), 207); // 7389 Wh * 28 = 206.892

    // CP-A-1's own price wins over its operator's.
    s = charge("CP-A", 1000, 8389);
    QCOMPARE(s.value("energy_wh").toInteger(), 7389);
    QCOMPARE(s.value("amount_minor").toInteger(), 259); // 7389 Wh * 35 = 258.615

    // Once CP-A-1 gives up its own, the operator's applies there too.
    QVERIFY(choose("/api/v1/chargers/CP-A-1", QJsonValue::Null));
    s = charge("CP-A", 8389, 12689);
    QCOMPARE(s.value("energy_wh").toInteger(), 4300);
    QCOMPARE(s.value("amount_minor").toInteger(), 120); // 4300 Wh * 28 = 120.4
}

void TestRatingRest::deleteUsedSettings_is409NamingWhoUsesThem()
{
    QVERIFY(choose("/api/v1/chargers/CP-A-1", m_standard));
    QVERIFY(choose("/api/v1/operators/OP", m_standard));
    // The site's choice is the console's (no route for the site); it blocks the delete all the same.
    const qint64 site =
        m_fx->repo->list(Core::Actor::system(), Core::Tables::SiteSettings).value().first().value("id").toLongLong();
    QVERIFY(m_fx->repo->update(Core::Actor::system(), Core::Tables::SiteSettings, site,
                               {{"rating_settings_id", m_standard}}));

    const QString path = QStringLiteral("/api/v1/rating-settings/%1").arg(m_standard);
    Response r = request("DELETE", path);
    QCOMPARE(r.status, 409);
    const QJsonObject error = r.json.value("error").toObject();
    QCOMPARE(error.value("kind").toString(), QStringLiteral("referenced"));
    QStringList referrers;
    for (const QJsonValue &v : error.value("referrers").toArray())
        referrers << v.toString();
    referrers.sort();
    QCOMPARE(referrers, (QStringList{"1 charger (Wallbox A)", "1 operator (Operator)", "1 site settings (Site)"}));
    QVERIFY2(error.value("message").toString().contains("Wallbox A"), r.raw.constData());
    QCOMPARE(request("GET", path).status, 200);

    QVERIFY(choose("/api/v1/chargers/CP-A-1", QJsonValue::Null));
    QVERIFY(choose("/api/v1/operators/OP", QJsonValue::Null));
    QVERIFY(m_fx->repo->update(Core::Actor::system(), Core::Tables::SiteSettings, site, {{"rating_settings_id", {}}}));
    QCOMPARE(request("DELETE", path).status, 204);
    QCOMPARE(request("GET", path).status, 404);
}

void TestRatingRest::badInput_is400NamingTheFieldAndStoresNothing_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path"); // {standard}: the id of the settings "Standard"
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("field");
    const QString collection = QStringLiteral("/api/v1/rating-settings");
    const QString standard = QStringLiteral("/api/v1/rating-settings/{standard}");
    QTest::newRow("negative price") << QByteArray("POST") << collection
                                    << QByteArray(R"({"name":"X","energy_price_minor":-35})") << "energy_price_minor";
    QTest::newRow("text for a price") << QByteArray("POST") << collection
                                      << QByteArray(R"({"name":"X","energy_price_minor":"cheap"})")
                                      << "energy_price_minor";
    QTest::newRow("fraction of a minor unit")
        << QByteArray("POST") << collection << QByteArray(R"({"name":"X","energy_price_minor":35.5})")
        << "energy_price_minor";
    QTest::newRow("negative threshold") << QByteArray("POST") << collection
                                        << QByteArray(R"({"name":"X","park_time_threshold_s":-1})")
                                        << "park_time_threshold_s";
    QTest::newRow("unknown field") << QByteArray("POST") << collection
                                   << QByteArray(R"({"name":"X","energy_price_minor":35,"discount":5})") << "discount";
    QTest::newRow("unknown termination") << QByteArray("POST") << collection
                                         << QByteArray(R"({"name":"X","termination":"sometimes"})") << "termination";
    QTest::newRow("no name") << QByteArray("POST") << collection << QByteArray(R"({"energy_price_minor":35})")
                             << "name";
    QTest::newRow("negative price on change")
        << QByteArray("PATCH") << standard << QByteArray(R"({"energy_price_minor":-1})") << "energy_price_minor";
    QTest::newRow("text for a price on change")
        << QByteArray("PATCH") << standard << QByteArray(R"({"energy_price_minor":"35 ct"})") << "energy_price_minor";
    QTest::newRow("charger: missing settings")
        << QByteArray("PATCH") << "/api/v1/chargers/CP-A-1" << QByteArray(R"({"rating_settings_id":999999})")
        << "rating_settings_id";
    QTest::newRow("charger: text for settings")
        << QByteArray("PATCH") << "/api/v1/chargers/CP-A-1" << QByteArray(R"({"rating_settings_id":"Standard"})")
        << "rating_settings_id";
    QTest::newRow("operator: missing settings")
        << QByteArray("PATCH") << "/api/v1/operators/OP" << QByteArray(R"({"rating_settings_id":999999})")
        << "rating_settings_id";
}

void TestRatingRest::badInput_is400NamingTheFieldAndStoresNothing()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QByteArray, body);
    QFETCH(QString, field);
    path.replace("{standard}", QString::number(m_standard));
    const QByteArray before = snapshot();
    const Response r = Test::httpRequest(m_http, m_port, method, path, body, "secret-token");
    QCOMPARE(r.status, 400);
    const QJsonObject error = r.json.value("error").toObject();
    QCOMPARE(error.value("kind").toString(), QStringLiteral("validation"));
    QVERIFY2(namedFields(error).contains(field), r.raw.constData());
    QCOMPARE(snapshot(), before);
}

QTEST_GUILESS_MAIN(TestRatingRest)
#include "tst_ratingrest.moc"
