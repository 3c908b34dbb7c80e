#include "server/ocpp/connection.h"

#include "core/messagelog.h"
#include "server/ocpp/callbatcher.h"
#include "server/ocpp/redaction.h"
#include "server/ocpp/schemavalidator.h"

#include <QLoggingCategory>
#include <QUuid>
#include <QWebSocket>

#include <limits>

Q_LOGGING_CATEGORY(lcConnection, "chargedesk.ocpp.connection")

namespace ChargeDesk::Server::Ocpp {

StationConnection::StationConnection(QWebSocket *socket, Core::StationLink link, Version version,
                                     GatewayContext &context, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_link(std::move(link))
    , m_version(version)
    , m_context(context)
    , m_heartbeatIntervalS(context.options.heartbeatIntervalS)
{
    socket->setParent(this);
    // Qt drops anything far beyond our limit before it reaches us; between the two limits
    // we still answer with a CALLERROR before closing, so the station can tell why.
    socket->setMaxAllowedIncomingMessageSize(quint64(m_context.options.maxFrameBytes) * 4);
    connect(socket, &QWebSocket::textMessageReceived, this, &StationConnection::onText);
    connect(socket, &QWebSocket::binaryMessageReceived, this,
            [this] { close(QStringLiteral("binary frames are not part of OCPP-J")); });
    connect(socket, &QWebSocket::disconnected, this, [this] {
        if (m_closed)
            return;
        m_closed = true;
        m_pingTimer.stop();
        finishOutstanding(
            {CallOutcome::Kind::Disconnected, {}, QStringLiteral("Disconnected"), tr("The station disconnected.")});
        while (!m_queue.isEmpty()) {
            const PendingCall c = m_queue.dequeue();
            c.done(
                {CallOutcome::Kind::Disconnected, {}, QStringLiteral("Disconnected"), tr("The station disconnected.")});
        }
        if (!m_retired)
            m_context.stations.recordDisconnected(m_link.stationId);
        emit closed();
    });
    m_responseTimer.setSingleShot(true);
    connect(&m_responseTimer, &QTimer::timeout, this, [this] {
        finishOutstanding({CallOutcome::Kind::Timeout,
                           {},
                           QStringLiteral("Timeout"),
                           tr("No answer within %1 s.").arg(m_context.options.responseTimeoutMs / 1000.0)});
    });
    m_pingTimer.setInterval(m_context.options.pingIntervalMs);
    connect(&m_pingTimer, &QTimer::timeout, this, &StationConnection::checkAlive);
    connect(socket, &QWebSocket::pong, this, [this] { m_sinceAlive.start(); });
    m_pingTimer.start();
    m_sinceMessage.start();
    m_sinceAlive.start();
    m_context.stations.recordConnected(m_link.stationId);
}

StationConnection::~StationConnection()
{
    if (m_socket)
        m_socket->disconnect(this);
}

void StationConnection::close(const QString &reason)
{
    qCInfo(lcConnection) << "closing" << m_link.identifier << ":" << reason;
    if (m_socket)
        m_socket->close(QWebSocketProtocol::CloseCodePolicyViolated, reason.left(120));
}

void StationConnection::checkAlive()
{
    if (!m_socket || m_closed)
        return;
    QString why;
    const qint64 heartbeatMs = qint64(m_heartbeatIntervalS) * 1000;
    if (m_sinceAlive.elapsed() > 2LL * m_context.options.pingIntervalMs)
        why = tr("no answer to two pings");
    else if (m_sinceMessage.elapsed() > 2 * heartbeatMs)
        why = tr("no OCPP message for %1 s (heartbeat interval %2 s)")
                  .arg(m_sinceMessage.elapsed() / 1000)
                  .arg(m_heartbeatIntervalS);
    if (why.isEmpty()) {
        m_socket->ping();
        return;
    }
    // A dead peer cannot take part in a closing handshake; the disconnect handler records
    // the station as offline.
    qCInfo(lcConnection).noquote() << m_link.identifier << "is offline:" << why;
    m_socket->abort();
}

void StationConnection::setHeartbeatInterval(int seconds)
{
    // 0 switches a station's heartbeat off; other traffic and pings still show it is alive,
    // and the ping rule alone decides.
    m_heartbeatIntervalS = seconds > 0 ? seconds : std::numeric_limits<int>::max() / 2000;
}

void StationConnection::retire()
{
    m_retired = true;
    close(QStringLiteral("replaced by a new connection"));
}

void StationConnection::logIncoming(const QByteArray &text, int type, const QString &messageId, const QString &action,
                                    const QString &errorCode, const QString &errorDescription)
{
    m_context.log.append(
        {m_link.stationId, 0, 0, true, type, messageId, action, text.left(65536), errorCode, errorDescription});
}

void StationConnection::send(const QByteArray &text, int type, const QString &messageId, const QString &action,
                             const QString &errorCode, const QString &errorDescription)
{
    if (!m_socket || m_closed)
        return;
    m_socket->sendTextMessage(QString::fromUtf8(text));
    // Out now, not when the event loop next polls for writable sockets: under load one pass
    // reads the backlog of thousands of stations, and answers would wait for all of it.
    m_socket->flush();
    const QByteArray logged = type == int(Frame::Type::Call) ? callWithoutSecrets(action, text) : text;
    m_context.log.append({m_link.stationId, 0, 0, false, type, messageId, action, logged, errorCode, errorDescription});
}

void StationConnection::onText(const QString &message)
{
    // An exception must not leave an event handler: Qt would end the process, and with it
    // every other station's connection. Whatever this frame caused is refused instead.
    try {
        handleText(message);
    } catch (const std::exception &e) {
        qCCritical(lcConnection).noquote() << m_link.identifier << "sent a frame the gateway failed on:" << e.what();
        const QString why = tr("The central system failed to handle this message.");
        send(FrameError{ErrorCode::InternalError, why}.serialize(m_version), 4, QStringLiteral("-1"), QString(),
             errorCodeName(ErrorCode::InternalError, m_version), why);
    }
}

void StationConnection::handleText(const QString &message)
{
    m_sinceMessage.start();
    m_sinceAlive.start();
    const QByteArray text = message.toUtf8();
    const ParsedFrame parsed = parseFrame(text);
    if (text.size() > m_context.options.maxFrameBytes) {
        const QString id = parsed.frame ? parsed.frame->messageId : QStringLiteral("-1");
        const QString why =
            tr("The frame has %1 bytes; the limit is %2.").arg(text.size()).arg(m_context.options.maxFrameBytes);
        logIncoming(text, parsed.frame ? int(parsed.frame->type) : 2, id,
                    parsed.frame ? parsed.frame->action : QString(),
                    errorCodeName(ErrorCode::FormatViolation, m_version), why);
        if (!parsed.frame || parsed.frame->type == Frame::Type::Call)
            send(Frame::error(id, ErrorCode::FormatViolation, m_version, why).serialize(), 4, id, QString(),
                 errorCodeName(ErrorCode::FormatViolation, m_version), why);
        if (m_socket)
            m_socket->close(QWebSocketProtocol::CloseCodeTooMuchData, QStringLiteral("frame too large"));
        return;
    }
    if (parsed.error) {
        const FrameError &e = *parsed.error;
        const QString id = e.messageId.isString() ? e.messageId.toString() : QStringLiteral("-1");
        logIncoming(text, 2, id, QString(), errorCodeName(e.code, m_version), e.description);
        if (e.reply)
            send(e.serialize(m_version), 4, id, QString(), errorCodeName(e.code, m_version), e.description);
        return;
    }
    const Frame &frame = *parsed.frame;
    if (frame.type == Frame::Type::Call)
        onCall(frame);
    else
        onReply(frame);
}

void StationConnection::onCall(const Frame &frame)
{
    const auto fail = [&](ErrorCode code, const QString &description) {
        const QString name = errorCodeName(code, m_version);
        logIncoming(frame.serialize(), 2, frame.messageId, frame.action, name, description);
        send(Frame::error(frame.messageId, code, m_version, description).serialize(), 4, frame.messageId, frame.action,
             name, description);
    };
    if (!m_context.schemas.knows(m_version, frame.action))
        return fail(ErrorCode::NotImplemented,
                    tr("%1 is not an OCPP %2 action.").arg(frame.action, subprotocol(m_version)));
    const auto &handlers = m_context.handlers.forVersion(m_version);
    const auto handler = handlers.constFind(frame.action);
    if (handler == handlers.constEnd())
        return fail(ErrorCode::NotSupported, tr("%1 is not accepted from a charging station.").arg(frame.action));
    if (const auto violation = m_context.schemas.validate(m_version, frame.action, true, frame.payload))
        return fail(violation->code, violation->description);

    logIncoming(frame.serialize(), 2, frame.messageId, frame.action);
    m_context.batcher.submit(
        this, [this, handler = *handler, payload = frame.payload] { return handler(*this, payload); },
        [this, frame](const HandlerResult &result) { answer(frame, result); });
}

void StationConnection::answer(const Frame &frame, const HandlerResult &result)
{
    if (const auto *failure = std::get_if<CallFailure>(&result)) {
        const QString name = errorCodeName(failure->code, m_version);
        send(Frame::error(frame.messageId, failure->code, m_version, failure->description).serialize(), 4,
             frame.messageId, frame.action, name, failure->description);
        return;
    }
    const QJsonObject &response = std::get<QJsonObject>(result);
    // Our own answers must be schema-valid too; a bug here must not reach the station.
    if (const auto violation = m_context.schemas.validate(m_version, frame.action, false, response)) {
        qCWarning(lcConnection) << "invalid response to" << frame.action << ":" << violation->description;
        const QString name = errorCodeName(ErrorCode::InternalError, m_version);
        send(Frame::error(frame.messageId, ErrorCode::InternalError, m_version,
                          tr("The central system could not build a valid answer."))
                 .serialize(),
             4, frame.messageId, frame.action, name, violation->description);
        return;
    }
    send(Frame::result(frame.messageId, response).serialize(), 3, frame.messageId, frame.action);
    emit answered(frame.action, response);
}

void StationConnection::onReply(const Frame &frame)
{
    const bool matches = m_outstanding && m_outstanding->messageId == frame.messageId;
    logIncoming(frame.serialize(), int(frame.type), frame.messageId, matches ? m_outstanding->action : QString(),
                frame.errorCode, frame.errorDescription);
    if (!matches) {
        qCInfo(lcConnection) << m_link.identifier << "sent a reply to an unknown message id" << frame.messageId;
        return;
    }
    if (frame.type == Frame::Type::CallError) {
        finishOutstanding({CallOutcome::Kind::Error, {}, frame.errorCode, frame.errorDescription});
        return;
    }
    if (const auto violation = m_context.schemas.validate(m_version, m_outstanding->action, false, frame.payload)) {
        finishOutstanding({CallOutcome::Kind::Error, frame.payload, errorCodeName(violation->code, m_version),
                           tr("The station's answer is not valid: %1").arg(violation->description)});
        return;
    }
    finishOutstanding({CallOutcome::Kind::Result, frame.payload, {}, {}});
}

void StationConnection::call(const QString &action, const QJsonObject &payload,
                             std::function<void(const CallOutcome &)> done)
{
    if (m_closed) {
        done(
            {CallOutcome::Kind::Disconnected, {}, QStringLiteral("Disconnected"), tr("The station is not connected.")});
        return;
    }
    if (const auto violation = m_context.schemas.validate(m_version, action, true, payload)) {
        done({CallOutcome::Kind::Rejected, {}, errorCodeName(violation->code, m_version), violation->description});
        return;
    }
    m_queue.enqueue({QUuid::createUuid().toString(QUuid::WithoutBraces), action, payload, std::move(done)});
    sendNext();
}

void StationConnection::sendNext()
{
    if (m_outstanding || m_queue.isEmpty() || m_closed)
        return;
    m_outstanding = m_queue.dequeue();
    send(Frame::call(m_outstanding->messageId, m_outstanding->action, m_outstanding->payload).serialize(), 2,
         m_outstanding->messageId, m_outstanding->action);
    m_responseTimer.start(m_context.options.responseTimeoutMs);
}

void StationConnection::finishOutstanding(const CallOutcome &outcome)
{
    if (!m_outstanding)
        return;
    m_responseTimer.stop();
    const PendingCall finished = std::exchange(m_outstanding, std::nullopt).value();
    finished.done(outcome);
    sendNext();
}

} // namespace ChargeDesk::Server::Ocpp
