#include "core/catalog.h"
#include "core/liveconfiguration.h"
#include "core/privatenetwork.h"
#include "server/rest/restserver.h"
#include "support/gatewayfixture.h"
#include "support/httpclient.h"
#include "support/restapi.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QTest>

using namespace ChargeDesk;

// The private network's candidate search over REST, and the operator fields through the
// operators collection: cards of non-members only, nothing under three characters, bad field
// input a 400 naming the field, the security key taken but never shown.
class TestMemberRest : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void candidates_listOnlyNonMembersCards();
    void candidates_shortSearch_is400NamingQ();
    void candidates_unknownOperator_is404();
    void operatorFields_badInput_is400NamingTheField_data();
    void operatorFields_badInput_is400NamingTheField();
    void securityKey_isTakenButNeverShown();

private:
    Test::HttpResponse request(const QByteArray &method, const QString &path, const QJsonObject &body = {});

    std::unique_ptr<Test::GatewayFixture> m_fx;
    Test::RestApi m_api;
    quint16 m_port = 0;
    QNetworkAccessManager m_http;
    qint64 m_hotel = 0;
};

void TestMemberRest::init()
{
    m_fx = std::make_unique<Test::GatewayFixture>();
    QVERIFY2(m_fx->isValid(), qPrintable(m_fx->error));
    QVERIFY(m_api.start(*m_fx));
    m_port = m_api.port;
    Core::Repository &repo = *m_fx->repo;
    const Core::Actor system = Core::Actor::system();
    m_hotel = repo.create(system, Core::Tables::Operators, {{"code", "HOTEL"}, {"name", "Hotel"}}).value();
    const auto customer = [&](const char *code, const char *name, const char *email) {
        return repo
            .create(
                system, Core::Tables::Customers,
                {{"code", code}, {"name", name}, {"email", email}, {"phone", "+1 555"}, {"payment_type", "prepaid"}})
            .value();
    };
    customer("C-100", "Anna Berg", "anna@mail.example");
    const qint64 annette = customer("C-200", "Annette Kurz", "ak@mail.example");
    QVERIFY(Core::addNetworkMember(repo, system, m_hotel, annette));
}

void TestMemberRest::cleanup()
{
    m_api.stop();
    m_fx.reset();
}

Test::HttpResponse TestMemberRest::request(const QByteArray &method, const QString &path, const QJsonObject &body)
{
    return Test::httpRequest(m_http, m_port, method, path,
                             body.isEmpty() ? QByteArray() : QJsonDocument(body).toJson(QJsonDocument::Compact),
                             "secret-token");
}

void TestMemberRest::candidates_listOnlyNonMembersCards()
{
    const auto r = request("GET", "/api/v1/operators/HOTEL/member-candidates?q=ANN");
    QCOMPARE(r.status, 200);
    const QJsonArray items = r.json.value("items").toArray();
    QCOMPARE(items.size(), 1);
    const QJsonObject card = items.first().toObject();
    QCOMPARE(card.value("code").toString(), QStringLiteral("C-100"));
    QCOMPARE(card.value("email").toString(), QStringLiteral("anna@mail.example"));
    QStringList keys = card.keys();
    keys.sort();
    QCOMPARE(keys, (QStringList{"code", "email", "id", "name"}));
}

void TestMemberRest::candidates_shortSearch_is400NamingQ()
{
    for (const char *path :
         {"/api/v1/operators/HOTEL/member-candidates?q=an", "/api/v1/operators/HOTEL/member-candidates"}) {
        const auto r = request("GET", path);
        QCOMPARE(r.status, 400);
        QCOMPARE(r.json.value("error").toObject().value("fields").toArray().first().toObject().value("field"),
                 QJsonValue("q"));
    }
    QCOMPARE(request("POST", "/api/v1/operators/HOTEL/member-candidates?q=ann").status, 405);
}

void TestMemberRest::candidates_unknownOperator_is404()
{
    QCOMPARE(request("GET", "/api/v1/operators/NOPE/member-candidates?q=ann").status, 404);
}

void TestMemberRest::operatorFields_badInput_is400NamingTheField_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QJsonValue>("value");
    QTest::newRow("energy step of zero") << "energy_step_delta_wh" << QJsonValue(0);
    QTest::newRow("monetary limit as text") << "monetary_session_limit_minor" << QJsonValue("much");
    QTest::newRow("negative monetary limit") << "monetary_session_limit_minor" << QJsonValue(-1);
    QTest::newRow("short security key") << "security_key" << QJsonValue("abc");
}

void TestMemberRest::operatorFields_badInput_is400NamingTheField()
{
    QFETCH(QString, field);
    QFETCH(QJsonValue, value);
    const auto r = request("PATCH", "/api/v1/operators/HOTEL", {{field, value}});
    QCOMPARE(r.status, 400);
    QCOMPARE(r.json.value("error").toObject().value("fields").toArray().first().toObject().value("field"),
             QJsonValue(field));
    const auto shown = request("GET", "/api/v1/operators/HOTEL");
    QVERIFY(shown.json.value(field).isNull() || !shown.json.contains(field));
}

void TestMemberRest::securityKey_isTakenButNeverShown()
{
    const auto r = request(
        "PATCH", "/api/v1/operators/HOTEL",
        {{"security_key", "a-long-secret"}, {"energy_step_delta_wh", 2500}, {"monetary_session_limit_minor", 4000}});
    QVERIFY2(r.status == 200, r.raw.constData());
    const auto shown = request("GET", "/api/v1/operators/HOTEL");
    QCOMPARE(shown.status, 200);
    QVERIFY(!shown.raw.contains("a-long-secret"));
    QVERIFY(!shown.json.contains("security_key"));
    QCOMPARE(shown.json.value("energy_step_delta_wh").toInteger(), 2500);
    QCOMPARE(shown.json.value("monetary_session_limit_minor").toInteger(), 4000);
}

QTEST_GUILESS_MAIN(TestMemberRest)
#include "tst_memberrest.moc"
