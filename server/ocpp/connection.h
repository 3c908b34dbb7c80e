#pragma once

#include "core/stationservice.h"
#include "server/ocpp/frame.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QQueue>
#include <QTimer>

#include <functional>
#include <variant>

class QWebSocket;

namespace ChargeDesk::Core {
class ChargingSessions;
class MessageLog;
} // namespace ChargeDesk::Core

namespace ChargeDesk::Server::Ocpp {

class CallBatcher;
class SchemaValidator;
class StationConnection;

struct GatewayOptions
{
    qsizetype maxFrameBytes = 128 * 1024;
    int responseTimeoutMs = 30000;
    int pingIntervalMs = 60000;
    int heartbeatIntervalS = 300;
    // A station is dropped as offline after two unanswered pings, or when it sent no OCPP
    // message for twice the heartbeat interval it was given (a hung OCPP stack).
    // How long a station may take to send its boot after connecting; one that sends none by
    // then reconnected without rebooting.
    int bootWaitMs = 10000;
};

// A handler's answer: the response payload, or the CALLERROR to send instead.
struct CallFailure
{
    ErrorCode code;
    QString description;
};
using HandlerResult = std::variant<QJsonObject, CallFailure>;
using Handler = std::function<HandlerResult(StationConnection &connection, const QJsonObject &payload)>;

// Handlers by action, one table per OCPP version (filled by the handler groups).
struct HandlerTable
{
    QHash<QString, Handler> v16;
    QHash<QString, Handler> v201;
    const QHash<QString, Handler> &forVersion(Version v) const { return v == Version::V16 ? v16 : v201; }
};

struct GatewayContext
{
    Core::StationService &stations;
    Core::ChargingSessions &sessions;
    Core::MessageLog &log;
    const SchemaValidator &schemas;
    const HandlerTable &handlers;
    CallBatcher &batcher;
    GatewayOptions options;
};

// The outcome of a call the central system sent to a station.
struct CallOutcome
{
    enum class Kind { Result, Error, Timeout, Rejected, Disconnected } kind;
    QJsonObject payload; // Result
    QString errorCode;   // Error, Rejected (our own validation), Timeout
    QString description;
};

// One connected station: OCPP-J RPC over its WebSocket. Incoming calls are validated
// against the schemas and dispatched to the handlers; outgoing calls are queued so that
// at most one is outstanding, as OCPP-J requires.
class StationConnection final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StationConnection)

public:
    StationConnection(QWebSocket *socket, Core::StationLink link, Version version, GatewayContext &context,
                      QObject *parent = nullptr);
    ~StationConnection() override;

    const Core::StationLink &link() const { return m_link; }
    Version version() const { return m_version; }
    Core::StationService &stations() { return m_context.stations; }
    Core::ChargingSessions &chargingSessions() { return m_context.sessions; }
    const GatewayOptions &options() const { return m_context.options; }
    qsizetype queuedCalls() const { return m_queue.size() + (m_outstanding ? 1 : 0); }
    // The heartbeat interval the station works with: the one its boot answer gave, until
    // the station accepts or reports another. Silence for twice as long means it is gone.
    int heartbeatIntervalS() const { return m_heartbeatIntervalS; }
    void setHeartbeatInterval(int seconds);

    void call(const QString &action, const QJsonObject &payload, std::function<void(const CallOutcome &)> done);
    void close(const QString &reason);
    // Closes a connection that a newer one of the same station replaces; the station
    // stays connected in the records.
    void retire();

signals:
    void closed();
    // The answer to one of the station's calls went out (a CALLRESULT, not a CALLERROR).
    void answered(const QString &action, const QJsonObject &response);

private:
    struct PendingCall
    {
        QString messageId;
        QString action;
        QJsonObject payload;
        std::function<void(const CallOutcome &)> done;
    };

    void onText(const QString &text);
    void handleText(const QString &text);
    void onCall(const Frame &frame);
    void onReply(const Frame &frame);
    void answer(const Frame &call, const HandlerResult &result);
    void send(const QByteArray &text, int type, const QString &messageId, const QString &action,
              const QString &errorCode = {}, const QString &errorDescription = {});
    void logIncoming(const QByteArray &text, int type, const QString &messageId, const QString &action,
                     const QString &errorCode = {}, const QString &errorDescription = {});
    void sendNext();
    void finishOutstanding(const CallOutcome &outcome);

    QPointer<QWebSocket> m_socket;
    Core::StationLink m_link;
    Version m_version;
    GatewayContext &m_context;
    QQueue<PendingCall> m_queue;
    std::optional<PendingCall> m_outstanding;
    void checkAlive();

    QTimer m_responseTimer;
    QTimer m_pingTimer;
    QElapsedTimer m_sinceMessage; // the last OCPP frame
    int m_heartbeatIntervalS;
    QElapsedTimer m_sinceAlive; // the last frame or pong
    bool m_closed = false;
    bool m_retired = false;
};

} // namespace ChargeDesk::Server::Ocpp
