#include "server/gateway.h"

#include "server/ocpp/commandmapper.h"
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

bool Gateway::isConnected(qint64 stationId) const
{
    return m_endpoint->session(stationId) != nullptr;
}

void Gateway::send(qint64 stationId, const Core::Command &command,
                   std::function<void(const Core::CommandResult &)> done)
{
    using Outcome = Core::CommandResult::Outcome;
    Ocpp::StationSession *session = m_endpoint->session(stationId);
    if (!session) {
        done({Outcome::NotConnected, {}, {}, tr("The station is not connected, so it cannot be reached.")});
        return;
    }
    const auto mapped = Ocpp::mapCommand(command, session->version());
    if (const auto *why = std::get_if<QString>(&mapped)) {
        done({Outcome::Unsupported, {}, {}, *why});
        return;
    }
    const Ocpp::MappedCall &call = std::get<Ocpp::MappedCall>(mapped);
    session->call(call.action, call.payload, [done = std::move(done)](const Ocpp::CallOutcome &o) {
        switch (o.kind) {
        case Ocpp::CallOutcome::Kind::Result:
            done({Outcome::Answered,
                  o.payload.value(QStringLiteral("status")).toString(),
                  o.payload.toVariantMap(),
                  {}});
            return;
        case Ocpp::CallOutcome::Kind::Error:
            done({Outcome::Refused, {}, {}, QStringLiteral("%1: %2").arg(o.errorCode, o.description)});
            return;
        case Ocpp::CallOutcome::Kind::Timeout: done({Outcome::TimedOut, {}, {}, o.description}); return;
        case Ocpp::CallOutcome::Kind::Rejected:
            done({Outcome::Invalid, {}, {}, QStringLiteral("%1: %2").arg(o.errorCode, o.description)});
            return;
        case Ocpp::CallOutcome::Kind::Disconnected: done({Outcome::NotConnected, {}, {}, o.description}); return;
        }
    });
}

} // namespace ChargeDesk::Server
