#pragma once

#include "core/liveconfiguration.h"
#include "server/rest/restserver.h"
#include "support/gatewayfixture.h"

#include <QHostAddress>

#include <memory>

namespace ChargeDesk::Test {

// The REST API over a gateway fixture's engine, listening on a free loopback port with the
// bearer token "secret-token": what the REST tests talk to. Stop it before the fixture goes.
struct RestApi
{
    std::unique_ptr<Core::LiveConfiguration> live;
    std::unique_ptr<Server::Rest::RestServer> server;
    quint16 port = 0;

    bool start(GatewayFixture &fx)
    {
        live = std::make_unique<Core::LiveConfiguration>(*fx.repo, *fx.gateway, fx.clock);
        server = std::make_unique<Server::Rest::RestServer>(*fx.repo, *fx.stations, *fx.gateway, *live,
                                                            QStringLiteral("secret-token"));
        port = server->listen(QHostAddress::LocalHost, 0);
        return port > 0;
    }
    void stop()
    {
        server.reset();
        live.reset();
        port = 0;
    }
};

} // namespace ChargeDesk::Test
