#include "core/liveconfiguration.h"
#include "server/ocpp/connection.h"
#include "server/rest/restserver.h"
#include "support/gatewayfixture.h"
#include "support/httpclient.h"
#include "support/stationpeer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

using namespace ChargeDesk;
using Core::Actor;
namespace Tables = Core::Tables;

// Live configuration through the REST API against an independent station (ocpp-rpc,
// strict mode) that holds a real set of values: what it reports is kept, what it answers
// to a change is kept, and nothing is kept that the station did not say.
class TestLiveConfiguration : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void catalogue_hasEveryGroupAndAKeyPerVersion();
    void readGroup_storesReportedAndUnknownKeys_data();
    void readGroup_storesReportedAndUnknownKeys();
    void change_isSentStoredAndMovesTheOfflineRule_data();
    void change_isSentStoredAndMovesTheOfflineRule();
    void rawKeys_andAllKeys_data();
    void rawKeys_andAllKeys();
    void badRequests_get4xxAndStoreNothing();

private:
    void startStation(const QString &protocol);
    Test::HttpResponse request(const QByteArray &method, const QString &path, const QByteArray &body = {});
    static QString key(const QString &protocol, const QString &name);
    QJsonObject parameter(const QJsonObject &overview, const QString &name);
    int rows(const QString &table);

    std::unique_ptr<Test::GatewayFixture> m_fx;
    std::unique_ptr<Core::LiveConfiguration> m_live;
    std::unique_ptr<Server::Rest::RestServer> m_api;
    std::unique_ptr<Test::StationPeer> m_station;
    QNetworkAccessManager m_http;
    quint16 m_port = 0;
    qint64 m_stationId = 0;
};

void TestLiveConfiguration::init()
{
    m_fx = std::make_unique<Test::GatewayFixture>();
    QVERIFY2(m_fx->isValid(), qPrintable(m_fx->error));
    m_live = std::make_unique<Core::LiveConfiguration>(*m_fx->repo, *m_fx->gateway, m_fx->clock);
    m_api = std::make_unique<Server::Rest::RestServer>(*m_fx->repo, *m_fx->stations, *m_fx->gateway, *m_live, "tok");
    m_port = m_api->listen(QHostAddress::LocalHost, 0);
    QVERIFY(m_port > 0);
}

void TestLiveConfiguration::cleanup()
{
    m_station.reset();
    m_api.reset();
    m_live.reset();
    m_fx.reset();
}

QString TestLiveConfiguration::key(const QString &protocol, const QString &name)
{
    for (const Core::LiveParameter &p : Core::LiveConfiguration::parameters()) {
        if (p.name == name)
            return p.keyFor(protocol);
    }
    return {};
}

void TestLiveConfiguration::startStation(const QString &protocol)
{
    QVERIFY(m_fx->addStation("LIVE", protocol, "ws"));
    m_stationId = m_fx->repo->getByCode(Actor::system(), Tables::Stations, "LIVE").value().value("id").toLongLong();
    // The station knows two of the general parameters, a vendor key, and refuses one change.
    QJsonObject values{{key(protocol, "heartbeat_interval"), "60"},
                       {key(protocol, "reset_retries"), "3"},
                       {protocol == "ocpp1.6" ? "VendorLedBrightness" : "VendorCtrlr/LedBrightness", "80"}};
    const QJsonObject options{{"values", values},
                              {"readonly", QJsonArray{key(protocol, "reset_retries")}},
                              {"configuration", QJsonObject{{key(protocol, "reset_retries"), "Rejected"}}}};
    m_station = Test::StationPeer::start(*m_fx->gateway, m_stationId, m_fx->url("LIVE"), protocol, options, 60000);
    QVERIFY(m_station);
}

Test::HttpResponse TestLiveConfiguration::request(const QByteArray &method, const QString &path, const QByteArray &body)
{
    return Test::httpRequest(m_http, m_port, method, path, body, "tok");
}

QJsonObject TestLiveConfiguration::parameter(const QJsonObject &overview, const QString &name)
{
    for (const QJsonValue &g : overview.value("groups").toArray()) {
        for (const QJsonValue &p : g.toObject().value("parameters").toArray()) {
            if (p.toObject().value("name") == name)
                return p.toObject();
        }
    }
    return {};
}

int TestLiveConfiguration::rows(const QString &table)
{
    Core::ListQuery q;
    q.limit = 1000;
    return int(m_fx->repo->list(Actor::system(), table, q).value().size());
}

void TestLiveConfiguration::catalogue_hasEveryGroupAndAKeyPerVersion()
{
    using Group = Core::LiveParameter::Group;
    // The specification's groups, each with its parameters.
    const QList<std::pair<Group, int>> sizes{{Group::General, 4},
                                             {Group::Transactional, 6},
                                             {Group::Metering, 6},
                                             {Group::Authorization, 7},
                                             {Group::PlugAndCharge, 3}};
    QSet<QString> names;
    for (const auto &[group, size] : sizes) {
        QCOMPARE(Core::LiveConfiguration::keys("ocpp1.6", group).size(), size);
        QCOMPARE(Core::LiveConfiguration::keys("ocpp2.0.1", group).size(), size);
    }
    for (const Core::LiveParameter &p : Core::LiveConfiguration::parameters()) {
        QVERIFY2(!names.contains(p.name), qPrintable(p.name));
        names.insert(p.name);
        QVERIFY(!p.key16.contains('/'));
        QCOMPARE(p.key201.count('/'), 1); // Component/Variable
    }
    QCOMPARE(Core::LiveParameter::groupFromName("plug_and_charge"), std::optional(Group::PlugAndCharge));
    QVERIFY(!Core::LiveParameter::groupFromName("misc"));
}

void TestLiveConfiguration::readGroup_storesReportedAndUnknownKeys_data()
{
    QTest::addColumn<QString>("protocol");
    QTest::newRow("1.6") << "ocpp1.6";
    QTest::newRow("2.0.1") << "ocpp2.0.1";
}

void TestLiveConfiguration::readGroup_storesReportedAndUnknownKeys()
{
    QFETCH(QString, protocol);
    startStation(protocol);
    const auto read = request("POST", "/api/v1/stations/LIVE/live-configuration/read", R"({"group":"general"})");
    QCOMPARE(read.status, 200);
    const QJsonArray values = read.json.value("values").toArray();
    QCOMPARE(values.size(), 4); // every general parameter, known or not
    const QString unknown = protocol == "ocpp1.6" ? "unknown_key" : "unknown_variable";

    const auto overview = request("GET", "/api/v1/stations/LIVE/live-configuration");
    QCOMPARE(overview.status, 200);
    QCOMPARE(overview.json.value("groups").toArray().size(), 5);
    const QJsonObject heartbeat = parameter(overview.json, "heartbeat_interval");
    QCOMPARE(heartbeat.value("key").toString(), key(protocol, "heartbeat_interval"));
    QCOMPARE(heartbeat.value("value").toString(), QStringLiteral("60"));
    QCOMPARE(heartbeat.value("status").toString(), QStringLiteral("accepted"));
    QVERIFY(!heartbeat.value("readAt").toString().isEmpty());
    QCOMPARE(parameter(overview.json, "reset_retries").value("readonly").toBool(), protocol == "ocpp1.6");
    QCOMPARE(parameter(overview.json, "websocket_ping_interval").value("status").toString(), unknown);
    // Not asked for, so nothing is known about it.
    QVERIFY(!parameter(overview.json, "ev_connection_timeout").contains("status"));
    QCOMPARE(rows(Tables::LiveConfiguration), 4);

    // The offline rule now expects the heartbeat the station reported.
    QCOMPARE(m_fx->gateway->endpoint().connection(m_stationId)->heartbeatIntervalS(), 60);

    // Reading again replaces the values instead of adding rows.
    QCOMPARE(request("POST", "/api/v1/stations/LIVE/live-configuration/read", R"({"group":"general"})").status, 200);
    QCOMPARE(rows(Tables::LiveConfiguration), 4);
}

void TestLiveConfiguration::change_isSentStoredAndMovesTheOfflineRule_data()
{
    readGroup_storesReportedAndUnknownKeys_data();
}

void TestLiveConfiguration::change_isSentStoredAndMovesTheOfflineRule()
{
    QFETCH(QString, protocol);
    startStation(protocol);
    const QString heartbeat = key(protocol, "heartbeat_interval");
    const auto changed = request("PUT", "/api/v1/stations/LIVE/live-configuration",
                                 QStringLiteral(R"({"key":"%1","value":120})").arg(heartbeat).toUtf8());
    QCOMPARE(changed.status, 200);
    QCOMPARE(changed.json.value("settings").toArray().first().toObject().value("status").toString(),
             QStringLiteral("accepted"));
    QCOMPARE(m_fx->gateway->endpoint().connection(m_stationId)->heartbeatIntervalS(), 120);

    const auto refused =
        request("PUT", "/api/v1/stations/LIVE/live-configuration",
                QStringLiteral(R"({"key":"%1","value":"5"})").arg(key(protocol, "reset_retries")).toUtf8());
    QCOMPARE(refused.status, 200);
    QCOMPARE(refused.json.value("settings").toArray().first().toObject().value("status").toString(),
             QStringLiteral("rejected"));

    // Both answers are kept as hand-made changes (no template); the next read shows the
    // station took the accepted value.
    QCOMPARE(request("POST", "/api/v1/stations/LIVE/live-configuration/read", R"({"group":"general"})").status, 200);
    const auto overview = request("GET", "/api/v1/stations/LIVE/live-configuration");
    const QJsonObject hb = parameter(overview.json, "heartbeat_interval");
    QCOMPARE(hb.value("value").toString(), QStringLiteral("120"));
    QCOMPARE(hb.value("lastChange").toObject().value("value").toString(), QStringLiteral("120"));
    QCOMPARE(hb.value("lastChange").toObject().value("status").toString(), QStringLiteral("accepted"));
    const QJsonObject retries = parameter(overview.json, "reset_retries");
    QCOMPARE(retries.value("value").toString(), QStringLiteral("3"));
    QCOMPARE(retries.value("lastChange").toObject().value("status").toString(), QStringLiteral("rejected"));
    QCOMPARE(rows(Tables::ConfigResults), 2);
}

void TestLiveConfiguration::rawKeys_andAllKeys_data()
{
    readGroup_storesReportedAndUnknownKeys_data();
}

void TestLiveConfiguration::rawKeys_andAllKeys()
{
    QFETCH(QString, protocol);
    startStation(protocol);
    const QString vendorKey = protocol == "ocpp1.6" ? "VendorLedBrightness" : "VendorCtrlr/LedBrightness";
    const auto raw = request("POST", "/api/v1/stations/LIVE/live-configuration/read",
                             QStringLiteral(R"({"keys":["%1"]})").arg(vendorKey).toUtf8());
    QCOMPARE(raw.status, 200);
    const auto overview = request("GET", "/api/v1/stations/LIVE/live-configuration");
    const QJsonArray other = overview.json.value("other").toArray();
    QCOMPARE(other.size(), 1);
    QCOMPARE(other.first().toObject().value("key").toString(), vendorKey);
    QCOMPARE(other.first().toObject().value("value").toString(), QStringLiteral("80"));

    const auto all = request("POST", "/api/v1/stations/LIVE/live-configuration/read", R"({"all":true})");
    if (protocol == "ocpp1.6") {
        // A 1.6 GetConfiguration without keys returns every key the station has.
        QCOMPARE(all.status, 200);
        QCOMPARE(all.json.value("values").toArray().size(), 3);
    } else {
        // 2.0.1 reports all of its variables only through GetBaseReport.
        QCOMPARE(all.status, 422);
        QCOMPARE(all.json.value("outcome").toString(), QStringLiteral("unsupported"));
    }
}

void TestLiveConfiguration::badRequests_get4xxAndStoreNothing()
{
    QVERIFY(m_fx->addStation("OFF", "ocpp1.6", "ws")); // never connects
    startStation("ocpp1.6");
    const QList<std::tuple<QByteArray, QString, QByteArray, int>> cases{
        {"PUT", "LIVE", R"({"value":"1"})", 400},
        {"PUT", "LIVE", R"({"key":"HeartbeatInterval"})", 400},
        {"PUT", "LIVE", R"({"key":"HeartbeatInterval","value":"1","evse":-1})", 400},
        {"PUT", "LIVE", R"({"key":"HeartbeatInterval","value":"1","evse":1.5})", 400},
        {"PUT", "LIVE", "not json", 400},
        {"POST", "LIVE/read", R"({"group":"misc"})", 400},
        {"POST", "LIVE/read", R"({"keys":[]})", 400},
        {"POST", "LIVE/read", R"({"keys":[7]})", 400},
        {"POST", "LIVE/read", R"({"all":"yes"})", 400},
        {"POST", "LIVE/read", R"({"group":"general","keys":["A"]})", 400},
        {"POST", "LIVE/read", R"({"grup":"general"})", 400},
        {"DELETE", "LIVE", {}, 405},
        {"GET", "LIVE/read", {}, 405},
        {"GET", "NOPE", {}, 404},
        {"POST", "OFF/read", {}, 409},
        {"PUT", "OFF", R"({"key":"HeartbeatInterval","value":"1"})", 409},
    };
    for (const auto &[method, where, body, status] : cases) {
        const QString path = QStringLiteral("/api/v1/stations/%1")
                                 .arg(where)
                                 .replace(QRegularExpression("^(/api/v1/stations/\\w+)"), "\\1/live-configuration");
        const auto r = request(method, path, body);
        QVERIFY2(r.status == status, qPrintable(QStringLiteral("%1 %2 %3: %4 %5")
                                                    .arg(QString::fromUtf8(method), path, QString::fromUtf8(body))
                                                    .arg(r.status)
                                                    .arg(QString::fromUtf8(r.raw))));
        QVERIFY2(r.json.contains("error") || r.json.contains("outcome"), r.raw.constData());
    }
    QCOMPARE(rows(Tables::LiveConfiguration), 0);
    QCOMPARE(rows(Tables::ConfigResults), 0);
}

QTEST_MAIN(TestLiveConfiguration)
#include "tst_liveconfiguration.moc"
