#pragma once

#include "core/bootconfigurator.h"
#include "core/chargepointgateway.h"
#include "server/ocpp/callbatcher.h"
#include "server/ocpp/endpoint.h"
#include "server/ocpp/schemavalidator.h"

#include <memory>

namespace ChargeDesk::Core {
class ChargingSessions;
class MessageLog;
class StationService;
} // namespace ChargeDesk::Core

namespace ChargeDesk::Server {

// The embedded OCPP server: schemas, handlers and the endpoint, built in one place. It is
// also how core reaches chargers: neutral commands become the station's OCPP calls.
class Gateway final : public QObject, public Core::ChargePointGateway
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Gateway)

public:
    Gateway(Core::StationService &stations, Core::ChargingSessions &sessions, Core::MessageLog &log,
            Ocpp::GatewayOptions options = {}, QObject *parent = nullptr);
    ~Gateway() override;

    Ocpp::Endpoint &endpoint() { return *m_endpoint; }

    bool isConnected(qint64 stationId) const override;
    void send(qint64 stationId, const Core::Command &command,
              std::function<void(const Core::CommandResult &)> done) override;

signals:
    // Once per connection, when the station may be configured: its boot was accepted, or it
    // sent no boot within GatewayOptions::bootWaitMs because it only reconnected.
    void stationOnline(qint64 stationId, ChargeDesk::Core::BootConfigurator::Occasion occasion);

private:
    void watchBoot(Ocpp::StationConnection *connection);
    void sendCall(Ocpp::StationConnection &connection, const Core::Command &command,
                  std::function<void(const Core::CommandResult &)> done);

    Ocpp::SchemaValidator m_schemas;
    Ocpp::HandlerTable m_handlers;
    std::unique_ptr<Ocpp::CallBatcher> m_batcher;
    std::unique_ptr<Ocpp::GatewayContext> m_context;
    std::unique_ptr<Ocpp::Endpoint> m_endpoint;
};

} // namespace ChargeDesk::Server
