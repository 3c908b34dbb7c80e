#include "server/gateway.h"

#include "server/ocpp/commandanswers.h"
#include "server/ocpp/commandmapper.h"
#include "server/ocpp/corehandlers.h"
#include "server/ocpp/notificationhandlers.h"
#include "server/ocpp/transactionhandlers.h"

#include <QTimer>

namespace ChargeDesk::Server {

Gateway::Gateway(Core::StationService &stations, Core::ChargingSessions &sessions, Core::MessageLog &log,
                 Ocpp::GatewayOptions options, QObject *parent)
    : QObject(parent)
{
    Ocpp::addCoreHandlers(m_handlers);
    Ocpp::addTransactionHandlers(m_handlers);
    Ocpp::addNotificationHandlers(m_handlers);
    m_batcher = std::make_unique<Ocpp::CallBatcher>(stations.database());
    m_context = std::make_unique<Ocpp::GatewayContext>(
        Ocpp::GatewayContext{stations, sessions, log, m_schemas, m_handlers, *m_batcher, options});
    m_endpoint = std::make_unique<Ocpp::Endpoint>(*m_context);
    connect(m_endpoint.get(), &Ocpp::Endpoint::connectionOpened, this, &Gateway::watchBoot);
}

Gateway::~Gateway() = default;

void Gateway::watchBoot(Ocpp::StationConnection *connection)
{
    using Occasion = Core::BootConfigurator::Occasion;
    const qint64 stationId = connection->link().stationId;
    auto *wait = new QTimer(connection);
    wait->setSingleShot(true);
    auto online = std::make_shared<bool>(false);
    const auto comeOnline = [this, stationId, wait, online](Occasion occasion) {
        wait->stop();
        // Once per connection: the boot a reconnected station is asked for must not start
        // its configuration over.
        if (!std::exchange(*online, true))
            emit stationOnline(stationId, occasion);
    };
    connect(wait, &QTimer::timeout, this, [comeOnline] { comeOnline(Occasion::Reconnected); });
    connect(connection, &Ocpp::StationConnection::answered, wait,
            [wait, comeOnline](const QString &action, const QJsonObject &response) {
                if (action != QLatin1String("BootNotification"))
                    return;
                // A station that is booting did not just reconnect, whatever its boot's answer.
                wait->stop();
                if (response.value(QStringLiteral("status")).toString() == QLatin1String("Accepted"))
                    comeOnline(Occasion::Booted);
            });
    connect(connection, &Ocpp::StationConnection::closed, wait, &QTimer::stop);
    wait->start(m_context->options.bootWaitMs);
}

bool Gateway::isConnected(qint64 stationId) const
{
    return m_endpoint->connection(stationId) != nullptr;
}

void Gateway::send(qint64 stationId, const Core::Command &command,
                   std::function<void(const Core::CommandResult &)> done)
{
    using Outcome = Core::CommandResult::Outcome;
    Ocpp::StationConnection *connection = m_endpoint->connection(stationId);
    if (!connection) {
        done({Outcome::NotConnected, {}, {}, tr("The station is not connected, so it cannot be reached.")});
        return;
    }
    if (command.kind == Core::Command::Kind::Disconnect) {
        // The station connects again by itself; what it could not send meanwhile it sends then.
        connection->close(tr("disconnected by the operator"));
        done({Outcome::Answered, QStringLiteral("Closed"), {}, {}});
        return;
    }
    const QList<Core::Command> parts = Ocpp::splitCommand(command, connection->version());
    if (parts.size() == 1)
        return sendCall(*connection, command, std::move(done));
    // One command, several calls: it is answered when all of them are, with every part's
    // setting results; the first part that failed gives the outcome.
    auto combined = std::make_shared<Core::CommandResult>();
    combined->settings.resize(parts.size());
    auto waiting = std::make_shared<qsizetype>(parts.size());
    for (qsizetype i = 0; i < parts.size(); ++i) {
        sendCall(*connection, parts.at(i), [combined, waiting, i, done](const Core::CommandResult &part) {
            combined->settings[i] = part.settings.value(0);
            if (part.outcome != Outcome::Answered && combined->outcome == Outcome::Answered) {
                combined->outcome = part.outcome;
                combined->error = part.error;
            }
            if (--*waiting == 0)
                done(*combined);
        });
    }
}

void Gateway::sendCall(Ocpp::StationConnection &connection, const Core::Command &command,
                       std::function<void(const Core::CommandResult &)> done)
{
    using Outcome = Core::CommandResult::Outcome;
    const Ocpp::Version version = connection.version();
    // Every setting of a change-configuration gets a result, also when the call failed.
    const auto finish = [this, stationId = connection.link().stationId, command, version,
                         done = std::move(done)](Core::CommandResult result, const QJsonObject &answer = {}) {
        if (result.outcome == Outcome::Answered) {
            result.settings = Ocpp::settingResults(command, version, answer);
            result.values = Ocpp::configurationValues(command, version, answer);
            result.schedule = Ocpp::compositeScheduleIn(command, version, answer);
            // The offline rule follows the interval the station really uses.
            if (const auto interval = Ocpp::heartbeatIntervalIn(command, version, result)) {
                if (Ocpp::StationConnection *current = m_endpoint->connection(stationId))
                    current->setHeartbeatInterval(*interval);
            }
        } else if (command.kind == Core::Command::Kind::ChangeConfiguration)
            result.settings.fill({result.outcomeName(), result.error}, Ocpp::configurationSettings(command).size());
        done(result);
    };
    const auto mapped = Ocpp::mapCommand(command, version, m_context->stations.clock().now());
    if (const auto *why = std::get_if<QString>(&mapped)) {
        finish({Outcome::Unsupported, {}, {}, *why});
        return;
    }
    const Ocpp::MappedCall &call = std::get<Ocpp::MappedCall>(mapped);
    connection.call(call.action, call.payload, [finish](const Ocpp::CallOutcome &o) {
        switch (o.kind) {
        case Ocpp::CallOutcome::Kind::Result:
            finish(
                {Outcome::Answered, o.payload.value(QStringLiteral("status")).toString(), o.payload.toVariantMap(), {}},
                o.payload);
            return;
        case Ocpp::CallOutcome::Kind::Error:
            finish({Outcome::Refused, {}, {}, QStringLiteral("%1: %2").arg(o.errorCode, o.description)});
            return;
        case Ocpp::CallOutcome::Kind::Timeout: finish({Outcome::TimedOut, {}, {}, o.description}); return;
        case Ocpp::CallOutcome::Kind::Rejected:
            finish({Outcome::Invalid, {}, {}, QStringLiteral("%1: %2").arg(o.errorCode, o.description)});
            return;
        case Ocpp::CallOutcome::Kind::Disconnected: finish({Outcome::NotConnected, {}, {}, o.description}); return;
        }
    });
}

} // namespace ChargeDesk::Server
