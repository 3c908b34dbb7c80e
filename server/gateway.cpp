#include "server/gateway.h"

#include "server/ocpp/corehandlers.h"
#include "server/ocpp/notificationhandlers.h"
#include "server/ocpp/transactionhandlers.h"

namespace ChargeDesk::Server {

Gateway::Gateway(Core::StationService &stations, Core::ChargingSessions &sessions, Core::MessageLog &log,
                 Ocpp::GatewayOptions options, QObject *parent)
    : QObject(parent)
{
    Ocpp::addCoreHandlers(m_handlers);
    Ocpp::addTransactionHandlers(m_handlers);
    Ocpp::addNotificationHandlers(m_handlers);
    m_context = std::make_unique<Ocpp::GatewayContext>(
        Ocpp::GatewayContext{stations, sessions, log, m_schemas, m_handlers, options});
    m_endpoint = std::make_unique<Ocpp::Endpoint>(*m_context);
}

Gateway::~Gateway() = default;

} // namespace ChargeDesk::Server
