#pragma once

#include "core/catalog.h"
#include "core/chargingsessions.h"
#include "core/messagelog.h"
#include "core/repository.h"
#include "core/stationservice.h"
#include "server/gateway.h"
#include "support/testdatabase.h"

#include <memory>

namespace ChargeDesk::Test {

// A migrated test database with the gateway listening on a free loopback port, and an
// area to put stations in. Its services read the system clock, or the clock a test gives it (a
// FakeClock that the test moves instead of sleeping; it must outlive the fixture).
struct GatewayFixture
{
    explicit GatewayFixture(Server::Ocpp::GatewayOptions options = {});
    explicit GatewayFixture(const Core::Clock &testClock, Server::Ocpp::GatewayOptions options = {});
    ~GatewayFixture();

    bool isValid() const { return !error.isEmpty() ? false : gateway != nullptr; }
    QString url(const QString &identifier) const;
    // wss:// on a second free port, with `tls` as the server's identity.
    bool listenTls(const QSslConfiguration &tls);
    QString secureUrl(const QString &identifier, const QString &credentials = {}) const;
    // Adds a station whose connection identifier is its code.
    bool addStation(const QString &code, const QString &protocol, const QString &policy);

    QString error;
    Core::Catalog catalog;
    Core::SystemClock systemClock;
    const Core::Clock &clock; // systemClock or the test's
    std::unique_ptr<TestDatabase> testDb;
    std::shared_ptr<Core::Database> db;
    std::unique_ptr<Core::Repository> repo;
    std::unique_ptr<Core::StationService> stations;
    std::unique_ptr<Core::ChargingSessions> sessions;
    std::unique_ptr<Core::MessageLog> log;
    std::unique_ptr<Server::Gateway> gateway;
    qint64 areaId = 0;

private:
    GatewayFixture(const Core::Clock *testClock, Server::Ocpp::GatewayOptions options);
};

} // namespace ChargeDesk::Test
