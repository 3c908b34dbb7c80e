#include "server/tls/tlsidentity.h"
#include "support/gatewayfixture.h"
#include "support/nodepeer.h"

#include <QFile>
#include <QJsonDocument>
#include <QSslCertificate>
#include <QSslKey>
#include <QTemporaryDir>
#include <QTest>

using namespace ChargeDesk;
using ChargeDesk::Test::runNodePeer;

// wss:// end to end: our generated certificate, trusted by an independent client that checks
// it properly (name and chain), and the connection policies that need TLS.
class TestTls : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void identity_generatedOnceThenReused();
    void identity_mismatchedOrBrokenFiles_refused();
    void ocppRpc_overWss_bootsUnderEachSecurePolicy_data();
    void ocppRpc_overWss_bootsUnderEachSecurePolicy();
    void basicAuth_refusals_data();
    void basicAuth_refusals();
    void untrustedCertificate_failsTheHandshake();

private:
    QList<QJsonObject> boot(const QString &url, const QString &password = {});

    QTemporaryDir m_dir;
    Server::TlsIdentity m_identity;
    std::unique_ptr<Test::GatewayFixture> m_fx;
};

void TestTls::initTestCase()
{
    QVERIFY(m_dir.isValid());
    auto identity = Server::loadTlsIdentity({}, {}, m_dir.filePath(QStringLiteral("tls")));
    QVERIFY2(identity, identity ? "" : qPrintable(identity.error().message()));
    m_identity = identity.value();
    // The trust anchor the Node clients use; without it they must refuse our certificate.
    qputenv("OCPP_CA_FILE", m_identity.certificateFile.toLocal8Bit());
}

void TestTls::init()
{
    m_fx = std::make_unique<Test::GatewayFixture>();
    QVERIFY2(m_fx->isValid(), qPrintable(m_fx->error));
    QVERIFY(m_fx->listenTls(m_identity.configuration));
    QVERIFY(m_fx->addStation("PLAIN", "ocpp1.6", "ws"));
    QVERIFY(m_fx->addStation("SECURE", "ocpp2.0.1", "wss"));
    QVERIFY(m_fx->addStation("BASIC", "ocpp1.6", "wss_basic"));
    QVERIFY(m_fx->addStation("TOKEN", "ocpp2.0.1", "wss_basic"));
    const auto id = [this](const char *code) {
        return m_fx->repo->getByCode(Core::Actor::system(), Core::Tables::Stations, QString::fromLatin1(code))
            .value()
            .value("id")
            .toLongLong();
    };
    QVERIFY(m_fx->stations->setCredentials(Core::Actor::system(), id("BASIC"), QStringLiteral("BASIC"),
                                           QStringLiteral("s3cret-Passw0rd!!")));
    // A token as the password: no username is checked.
    QVERIFY(m_fx->stations->setCredentials(Core::Actor::system(), id("TOKEN"), QString(),
                                           QStringLiteral("0123456789abcdef0123456789abcdef")));
}

void TestTls::cleanup()
{
    m_fx.reset();
}

QList<QJsonObject> TestTls::boot(const QString &url, const QString &password)
{
    const bool v16 = url.contains(QLatin1String("PLAIN")) || url.contains(QLatin1String("BASIC"));
    const QByteArray steps =
        v16 ? R"([["BootNotification",{"chargePointVendor":"Tls","chargePointModel":"T1"}]])"
            : R"([["BootNotification",{"reason":"PowerUp","chargingStation":{"vendorName":"Tls","model":"T2"}}]])";
    QStringList args{url, v16 ? QStringLiteral("ocpp1.6") : QStringLiteral("ocpp2.0.1"), QString::fromUtf8(steps)};
    if (!password.isEmpty())
        args << password;
    return runNodePeer(QStringLiteral("ocpp_client.mjs"), args);
}

void TestTls::identity_generatedOnceThenReused()
{
    QVERIFY(m_identity.selfSigned);
    const QSslCertificate cert = m_identity.configuration.localCertificate();
    QVERIFY(!cert.isNull());
    QVERIFY(cert.subjectAlternativeNames().values(QSsl::DnsEntry).contains(QStringLiteral("localhost")));
    QVERIFY(cert.subjectAlternativeNames().values(QSsl::IpAddressEntry).contains(QStringLiteral("127.0.0.1")));
    QVERIFY(cert.expiryDate() > QDateTime::currentDateTimeUtc().addYears(9));
    QVERIFY(!m_identity.configuration.privateKey().isNull());
    QCOMPARE(QFile::permissions(m_identity.keyFile) & (QFile::ReadOther | QFile::ReadGroup), QFile::Permissions());

    auto again = Server::loadTlsIdentity({}, {}, m_dir.filePath(QStringLiteral("tls")));
    QVERIFY(again);
    QCOMPARE(again.value().sha256Fingerprint, m_identity.sha256Fingerprint);
    QCOMPARE(m_identity.sha256Fingerprint.size(), 32 * 3 - 1);

    // Given files are used as they are, and are not marked as generated.
    auto given =
        Server::loadTlsIdentity(m_identity.certificateFile, m_identity.keyFile, QStringLiteral("/nonexistent"));
    QVERIFY(given);
    QVERIFY(!given.value().selfSigned);
    QCOMPARE(given.value().sha256Fingerprint, m_identity.sha256Fingerprint);
}

void TestTls::identity_mismatchedOrBrokenFiles_refused()
{
    auto other = Server::createSelfSignedCertificate({QStringLiteral("other.example")});
    QVERIFY(other);
    QFile otherKey(m_dir.filePath(QStringLiteral("other.key")));
    QVERIFY(otherKey.open(QIODevice::WriteOnly));
    otherKey.write(other.value().second);
    otherKey.close();
    auto mismatched = Server::loadTlsIdentity(m_identity.certificateFile, otherKey.fileName(), {});
    QVERIFY(!mismatched);
    QVERIFY2(mismatched.error().message().contains(QLatin1String("does not belong")),
             qPrintable(mismatched.error().message()));

    auto notPem = Server::loadTlsIdentity(otherKey.fileName(), otherKey.fileName(), {});
    QVERIFY(!notPem);
    QVERIFY(notPem.error().message().contains(QLatin1String("no PEM certificate")));

    QVERIFY(!Server::loadTlsIdentity(m_identity.certificateFile, {}, {}));
}

void TestTls::ocppRpc_overWss_bootsUnderEachSecurePolicy_data()
{
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("credentials"); // for the URL: none, the client sends them
    QTest::addColumn<QString>("password");
    QTest::newRow("ws policy also over wss") << "PLAIN" << QString() << QString();
    QTest::newRow("wss") << "SECURE" << QString() << QString();
    QTest::newRow("wss + basic") << "BASIC" << QString() << "s3cret-Passw0rd!!";
    QTest::newRow("wss + token as password") << "TOKEN" << QString() << "0123456789abcdef0123456789abcdef";
}

void TestTls::ocppRpc_overWss_bootsUnderEachSecurePolicy()
{
    QFETCH(QString, code);
    QFETCH(QString, password);
    const auto lines = boot(m_fx->secureUrl(code), password);
    QVERIFY(lines.size() == 2);
    QVERIFY2(lines.at(0).value("event").toString() == QLatin1String("connected"),
             QJsonDocument(lines.at(0)).toJson().constData());
    QCOMPARE(lines.at(1).value("response").toObject().value("status").toString(), QStringLiteral("Accepted"));
    const auto station = m_fx->repo->getByCode(Core::Actor::system(), Core::Tables::Stations, code);
    QCOMPARE(station.value().value("vendor").toString(), QStringLiteral("Tls"));
}

void TestTls::basicAuth_refusals_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<int>("status");
    QTest::newRow("no credentials") << "BASIC" << 401;
    QTest::newRow("wrong password") << "BASIC:wrong@BASIC" << 401;
    QTest::newRow("wrong username") << "OTHER:s3cret-Passw0rd!!@BASIC" << 401;
    QTest::newRow("wrong token") << "TOKEN:0123456789abcdef0123456789abcdeX@TOKEN" << 401;
    QTest::newRow("basic station over ws") << "ws:BASIC" << 403;
}

void TestTls::basicAuth_refusals()
{
    QFETCH(QString, url);
    QFETCH(int, status);
    QString target;
    if (url.startsWith(QLatin1String("ws:"))) {
        target = m_fx->url(url.mid(3));
    } else {
        const qsizetype at = url.indexOf(QLatin1Char('@'));
        target = at < 0 ? m_fx->secureUrl(url) : m_fx->secureUrl(url.mid(at + 1), url.left(at));
    }
    const auto lines =
        runNodePeer(QStringLiteral("raw_client.mjs"), {target, QStringLiteral("ocpp1.6"), QStringLiteral("[]")});
    QVERIFY(!lines.isEmpty());
    QCOMPARE(lines.first().value("event").toString(), QStringLiteral("refused"));
    QCOMPARE(lines.first().value("status").toInt(), status);
    const auto station = m_fx->repo->getByCode(Core::Actor::system(), Core::Tables::Stations,
                                               url.section(QLatin1Char('@'), -1).section(QLatin1Char(':'), -1));
    QVERIFY(station.value().value("last_connected_at").isNull());
}

void TestTls::untrustedCertificate_failsTheHandshake()
{
    qunsetenv("OCPP_CA_FILE");
    const auto lines = boot(m_fx->secureUrl(QStringLiteral("SECURE")));
    qputenv("OCPP_CA_FILE", m_identity.certificateFile.toLocal8Bit());
    QCOMPARE(lines.size(), 1);
    QCOMPARE(lines.first().value("event").toString(), QStringLiteral("failed"));
    QVERIFY2(lines.first().value("message").toString().contains(QLatin1String("self-signed"), Qt::CaseInsensitive) ||
                 lines.first().value("message").toString().contains(QLatin1String("self signed"), Qt::CaseInsensitive),
             qPrintable(lines.first().value("message").toString()));
}

QTEST_GUILESS_MAIN(TestTls)
#include "tst_tls.moc"
