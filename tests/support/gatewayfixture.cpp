#include "support/gatewayfixture.h"

#include "core/migrator.h"
#include "support/testdata.h"

namespace ChargeDesk::Test {

GatewayFixture::GatewayFixture(Server::Ocpp::GatewayOptions options)
    : GatewayFixture(nullptr, std::move(options))
{}

GatewayFixture::GatewayFixture(const Core::Clock &testClock, Server::Ocpp::GatewayOptions options)
    : GatewayFixture(&testClock, std::move(options))
{}

GatewayFixture::GatewayFixture(const Core::Clock *testClock, Server::Ocpp::GatewayOptions options)
    : clock(testClock ? *testClock : systemClock)
{
    testDb = std::make_unique<TestDatabase>();
    if (!testDb->isValid()) {
        error = testDb->error();
        return;
    }
    db = testDb->open();
    if (!db || !Core::Migrator(*db).migrate()) {
        error = QStringLiteral("cannot open or migrate the test database");
        return;
    }
    repo = std::make_unique<Core::Repository>(*db, catalog, clock);
    stations = std::make_unique<Core::StationService>(*repo, clock);
    sessions = std::make_unique<Core::ChargingSessions>(*repo, *stations, clock);
    log = std::make_unique<Core::MessageLog>(*db, clock);
    areaId = createArea(*repo, QStringLiteral("GARAGE"));
    if (areaId == 0) {
        error = QStringLiteral("cannot create the area");
        return;
    }
    gateway = std::make_unique<Server::Gateway>(*stations, *sessions, *log, options);
    if (!gateway->endpoint().listen(QHostAddress::LocalHost, 0)) {
        error = gateway->endpoint().errorString();
        gateway.reset();
    }
}

GatewayFixture::~GatewayFixture()
{
    gateway.reset();
    log.reset();
    sessions.reset();
    stations.reset();
    repo.reset();
    db.reset();
    testDb.reset();
}

QString GatewayFixture::url(const QString &identifier) const
{
    return QStringLiteral("ws://127.0.0.1:%1/ocpp/%2").arg(gateway->endpoint().port()).arg(identifier);
}

bool GatewayFixture::listenTls(const QSslConfiguration &tls)
{
    return gateway->endpoint().listenTls(QHostAddress::LocalHost, 0, tls);
}

QString GatewayFixture::secureUrl(const QString &identifier, const QString &credentials) const
{
    // "localhost", not the address: the client checks the name against the certificate.
    return QStringLiteral("wss://%1localhost:%2/ocpp/%3")
        .arg(credentials.isEmpty() ? QString() : credentials + QLatin1Char('@'))
        .arg(gateway->endpoint().tlsPort())
        .arg(identifier);
}

bool GatewayFixture::addStation(const QString &code, const QString &protocol, const QString &policy)
{
    return createStation(*repo, areaId, code, protocol, policy) > 0;
}

} // namespace ChargeDesk::Test
