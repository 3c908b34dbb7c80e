#pragma once

#include "server/ocpp/endpoint.h"
#include "server/ocpp/schemavalidator.h"

#include <memory>

namespace ChargeDesk::Core {
class ChargingSessions;
class MessageLog;
class StationService;
} // namespace ChargeDesk::Core

namespace ChargeDesk::Server {

// The embedded OCPP server: schemas, handlers and the endpoint, built in one place.
class Gateway final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Gateway)

public:
    Gateway(Core::StationService &stations, Core::ChargingSessions &sessions, Core::MessageLog &log,
            Ocpp::GatewayOptions options = {}, QObject *parent = nullptr);
    ~Gateway() override;

    Ocpp::Endpoint &endpoint() { return *m_endpoint; }

private:
    Ocpp::SchemaValidator m_schemas;
    Ocpp::HandlerTable m_handlers;
    std::unique_ptr<Ocpp::GatewayContext> m_context;
    std::unique_ptr<Ocpp::Endpoint> m_endpoint;
};

} // namespace ChargeDesk::Server
