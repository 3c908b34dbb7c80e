#pragma once

#include "server/ocpp/connection.h"

#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QSslConfiguration>

class QTcpServer;
class QTcpSocket;
class QWebSocketServer;

namespace ChargeDesk::Server::Ocpp {

// Where chargers connect: ws://host:port/ocpp/<identifier> and wss://.... The HTTP upgrade
// request is checked here, before any WebSocket exists: unknown identifier (404), disabled
// station or plain ws under a wss policy (403), wrong Basic credentials (401), missing or
// wrong subprotocol (400). Accepted connections go to a WebSocket server that offers only
// the station's configured protocol, so the station's protocol always wins.
class Endpoint final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Endpoint)

public:
    explicit Endpoint(GatewayContext &context, QObject *parent = nullptr);
    ~Endpoint() override;

    bool listen(const QHostAddress &address, quint16 port);
    bool listenTls(const QHostAddress &address, quint16 port, const QSslConfiguration &tls);
    quint16 port() const;
    quint16 tlsPort() const;
    QString errorString() const { return m_error; }

    StationConnection *connection(qint64 stationId) const { return m_connections.value(stationId); }
    QList<StationConnection *> connections() const { return m_connections.values(); }

signals:
    void connectionOpened(ChargeDesk::Server::Ocpp::StationConnection *connection);
    void connectionClosed(qint64 stationId);
    void connectionRefused(const QString &identifier, int httpStatus, const QString &reason);

private:
    void watch(QTcpSocket *socket, bool secure);
    void inspect(QTcpSocket *socket, bool secure);
    void refuse(QTcpSocket *socket, int status, const QString &reason, const QString &identifier,
                bool askForCredentials = false);
    // A refusal of a well-formed attempt at a station's identity, remembered for the console.
    void refuseStation(QTcpSocket *socket, int status, const QString &reason, const Core::ConnectionAttempt &attempt,
                       bool askForCredentials = false);
    void adopt(Version version);

    GatewayContext &m_context;
    QTcpServer *m_plain = nullptr;
    QTcpServer *m_tls = nullptr;
    QWebSocketServer *m_ws16 = nullptr;
    QWebSocketServer *m_ws201 = nullptr;
    QHash<QString, Core::StationLink> m_accepted; // identifier -> link, between check and upgrade
    QHash<qint64, StationConnection *> m_connections;
    QString m_error;
};

} // namespace ChargeDesk::Server::Ocpp
