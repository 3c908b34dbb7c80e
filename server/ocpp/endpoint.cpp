#include "server/ocpp/endpoint.h"

#include <QLoggingCategory>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>
#include <QWebSocket>
#include <QWebSocketServer>

Q_LOGGING_CATEGORY(lcEndpoint, "chargedesk.ocpp.endpoint")

namespace ChargeDesk::Server::Ocpp {

namespace {

constexpr qsizetype MaxHandshakeBytes = 16 * 1024;
constexpr int HandshakeTimeoutMs = 10000;

struct UpgradeRequest
{
    QString path;
    QHash<QByteArray, QByteArray> headers; // lower-case names
};

std::optional<UpgradeRequest> parseRequest(const QByteArray &head)
{
    const QList<QByteArray> lines = head.split('\n');
    if (lines.isEmpty())
        return std::nullopt;
    const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
    if (requestLine.size() != 3 || requestLine.at(0) != "GET")
        return std::nullopt;
    UpgradeRequest request;
    request.path = QUrl::fromPercentEncoding(requestLine.at(1));
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon > 0)
            request.headers.insert(line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed());
    }
    return request;
}

QString statusText(int status)
{
    switch (status) {
    case 400: return QStringLiteral("Bad Request");
    case 401: return QStringLiteral("Unauthorized");
    case 403: return QStringLiteral("Forbidden");
    case 404: return QStringLiteral("Not Found");
    case 503: return QStringLiteral("Service Unavailable");
    default: return QStringLiteral("Error");
    }
}

} // namespace

Endpoint::Endpoint(GatewayContext &context, QObject *parent)
    : QObject(parent)
    , m_context(context)
{
    for (const Version v : {Version::V16, Version::V201}) {
        auto *server = new QWebSocketServer(QStringLiteral("ChargeDesk"), QWebSocketServer::NonSecureMode, this);
        server->setSupportedSubprotocols({subprotocol(v)});
        server->setHandshakeTimeout(HandshakeTimeoutMs);
        connect(server, &QWebSocketServer::newConnection, this, [this, v] { adopt(v); });
        (v == Version::V16 ? m_ws16 : m_ws201) = server;
    }
}

Endpoint::~Endpoint()
{
    // Connections first: they report the disconnection while the services still exist.
    const auto connections = m_connections.values();
    m_connections.clear();
    qDeleteAll(connections);
}

bool Endpoint::listen(const QHostAddress &address, quint16 port)
{
    m_plain = new QTcpServer(this);
    connect(m_plain, &QTcpServer::pendingConnectionAvailable, this, [this] {
        while (QTcpSocket *socket = m_plain->nextPendingConnection())
            watch(socket, false);
    });
    if (!m_plain->listen(address, port)) {
        m_error = m_plain->errorString();
        return false;
    }
    return true;
}

bool Endpoint::listenTls(const QHostAddress &address, quint16 port, const QSslConfiguration &tls)
{
    auto *server = new QSslServer(this);
    server->setSslConfiguration(tls);
    m_tls = server;
    connect(server, &QSslServer::pendingConnectionAvailable, this, [this] {
        while (QTcpSocket *socket = m_tls->nextPendingConnection())
            watch(socket, true);
    });
    connect(server, &QSslServer::sslErrors, this,
            [](QSslSocket *, const QList<QSslError> &errors) { qCInfo(lcEndpoint) << "TLS errors:" << errors; });
    if (!server->listen(address, port)) {
        m_error = server->errorString();
        return false;
    }
    return true;
}

quint16 Endpoint::port() const
{
    return m_plain ? m_plain->serverPort() : 0;
}

quint16 Endpoint::tlsPort() const
{
    return m_tls ? m_tls->serverPort() : 0;
}

void Endpoint::watch(QTcpSocket *socket, bool secure)
{
    socket->setParent(this);
    auto *timer = new QTimer(socket);
    timer->setSingleShot(true);
    connect(timer, &QTimer::timeout, socket, [socket] {
        socket->abort();
        socket->deleteLater();
    });
    timer->start(HandshakeTimeoutMs);
    connect(socket, &QTcpSocket::readyRead, this, [this, socket, secure] { inspect(socket, secure); });
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    if (socket->bytesAvailable() > 0)
        inspect(socket, secure);
}

void Endpoint::refuse(QTcpSocket *socket, int status, const QString &reason, const QString &identifier,
                      bool askForCredentials)
{
    qCInfo(lcEndpoint).noquote() << "refused" << (identifier.isEmpty() ? QStringLiteral("(no identifier)") : identifier)
                                 << "from" << socket->peerAddress().toString() << "with HTTP" << status << ":"
                                 << reason;
    emit connectionRefused(identifier, status, reason);
    socket->disconnect(this);
    const QByteArray body = reason.toUtf8() + '\n';
    QByteArray response = "HTTP/1.1 " + QByteArray::number(status) + ' ' + statusText(status).toLatin1() + "\r\n";
    if (askForCredentials)
        response += "WWW-Authenticate: Basic realm=\"ChargeDesk\", charset=\"UTF-8\"\r\n";
    if (status == 503)
        response += "Retry-After: 5\r\n";
    response += "Content-Type: text/plain; charset=utf-8\r\nConnection: close\r\nContent-Length: " +
                QByteArray::number(body.size()) + "\r\n\r\n" + body;
    socket->write(response);
    socket->disconnectFromHost();
}

void Endpoint::refuseStation(QTcpSocket *socket, int status, const QString &reason,
                             const Core::ConnectionAttempt &attempt, bool askForCredentials)
{
    m_context.stations.recordRefusal(attempt, reason);
    refuse(socket, status, reason, attempt.identifier, askForCredentials);
}

void Endpoint::inspect(QTcpSocket *socket, bool secure)
{
    // Peek, do not read: an accepted request is handed on whole to the WebSocket server.
    const QByteArray head = socket->peek(MaxHandshakeBytes);
    const qsizetype end = head.indexOf("\r\n\r\n");
    if (end < 0) {
        if (head.size() >= MaxHandshakeBytes)
            refuse(socket, 400, QStringLiteral("The request header is too large."), QString());
        return;
    }
    const auto request = parseRequest(head.left(end));
    if (!request)
        return refuse(socket, 400, QStringLiteral("Expected a WebSocket upgrade request."), QString());
    static const QString prefix = QStringLiteral("/ocpp/");
    const QString identifier = request->path.startsWith(prefix) ? request->path.mid(prefix.size()) : QString();
    if (identifier.isEmpty() || identifier.contains(QLatin1Char('/')) || identifier.contains(QLatin1Char('?')))
        return refuse(socket, 404, QStringLiteral("Connect to /ocpp/<connection identifier>."), identifier);

    Core::ConnectionAttempt attempt;
    attempt.identifier = identifier;
    attempt.secure = secure;
    attempt.address = socket->peerAddress().toString();
    attempt.protocols = QString::fromLatin1(request->headers.value("sec-websocket-protocol"));
    const QByteArray authorization = request->headers.value("authorization");
    if (authorization.startsWith("Basic ")) {
        const QByteArray decoded = QByteArray::fromBase64(authorization.mid(6));
        const qsizetype colon = decoded.indexOf(':');
        if (colon >= 0) {
            attempt.username = QString::fromUtf8(decoded.left(colon));
            attempt.password = QString::fromUtf8(decoded.mid(colon + 1));
        }
    }
    const auto verdict = m_context.stations.authorizeConnection(attempt);
    if (const auto *refusal = std::get_if<Core::StationService::Refusal>(&verdict)) {
        switch (*refusal) {
        case Core::StationService::Refusal::UnknownStation:
            return refuseStation(socket, 404, QStringLiteral("Unknown connection identifier."), attempt);
        case Core::StationService::Refusal::Disabled:
            return refuseStation(socket, 403, QStringLiteral("Connections of this station are disabled."), attempt);
        case Core::StationService::Refusal::Closed: // taken out of use on purpose: nothing to report
            return refuse(socket, 403, QStringLiteral("This station is closed."), identifier);
        case Core::StationService::Refusal::InsecureTransport:
            return refuseStation(socket, 403, QStringLiteral("This station must connect with wss://."), attempt);
        case Core::StationService::Refusal::BadCredentials:
            return refuseStation(socket, 401, QStringLiteral("Wrong or missing credentials."), attempt, true);
        case Core::StationService::Refusal::Busy: // not the station's fault: nothing to remember
            return refuse(socket, 503, QStringLiteral("Too many sign-in attempts; retry in a few seconds."),
                          identifier);
        }
    }
    const Core::StationLink link = std::get<Core::StationLink>(verdict);
    QStringList offered;
    for (const QString &p : attempt.protocols.split(QLatin1Char(',')))
        offered << p.trimmed();
    if (!offered.contains(link.protocol))
        return refuseStation(socket, 400,
                             QStringLiteral("This station is configured for the subprotocol %1.").arg(link.protocol),
                             attempt);

    m_accepted.insert(identifier, link);
    socket->disconnect(this);
    for (QTimer *timer : socket->findChildren<QTimer *>())
        timer->deleteLater();
    const Version version = link.protocol == QLatin1String("ocpp1.6") ? Version::V16 : Version::V201;
    (version == Version::V16 ? m_ws16 : m_ws201)->handleConnection(socket);
}

void Endpoint::adopt(Version version)
{
    QWebSocketServer *server = version == Version::V16 ? m_ws16 : m_ws201;
    while (QWebSocket *socket = server->nextPendingConnection()) {
        const QString identifier = QUrl::fromPercentEncoding(socket->requestUrl().path().toUtf8()).mid(6);
        const auto it = m_accepted.constFind(identifier);
        if (it == m_accepted.constEnd()) {
            socket->close(QWebSocketProtocol::CloseCodePolicyViolated);
            socket->deleteLater();
            continue;
        }
        const Core::StationLink link = *it;
        m_accepted.erase(it);
        // A station that reconnects replaces its old connection.
        if (StationConnection *old = m_connections.take(link.stationId)) {
            old->retire();
        }
        auto *connection = new StationConnection(socket, link, version, m_context, this);
        m_connections.insert(link.stationId, connection);
        connect(connection, &StationConnection::closed, this, [this, connection, id = link.stationId] {
            if (m_connections.value(id) == connection)
                m_connections.remove(id);
            emit connectionClosed(id);
            connection->deleteLater();
        });
        qCInfo(lcEndpoint).noquote() << "connected" << identifier << "using" << subprotocol(version);
        emit connectionOpened(connection);
    }
}

} // namespace ChargeDesk::Server::Ocpp
