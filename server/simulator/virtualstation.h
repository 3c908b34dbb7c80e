#pragma once

#include "server/simulator/eventlog.h"
#include "server/simulator/filetransfer.h"
#include "server/simulator/protocol.h"
#include "server/simulator/station.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QTimer>
#include <QUrl>
#include <QWebSocket>

#include <memory>

namespace ChargeDesk::Server::Simulator {

struct ConnectionOptions
{
    QUrl url; // ws:// or wss://, ending with the station's identity; user:password@ for Basic auth
    Ocpp::Version version = Ocpp::Version::V16;
    QString user; // Basic auth; overrides the URL's user info
    QString password;
    bool ignoreSslErrors = false; // self-signed test servers
    int callTimeoutMs = 30000;
    int reconnectMinMs = 1000;
    int reconnectMaxMs = 60000;
};

// A charging station on a real WebSocket: the model, one protocol version, the call queue
// (one outstanding call at a time), timers from the configuration, reconnects with backoff
// and transaction messages kept while offline and replayed on reconnect. Scenarios, the load
// mode and the console's demo panel drive it through the public slots.
class VirtualStation final : public QObject, private StationHost
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(VirtualStation)

public:
    VirtualStation(const StationSpec &spec, const ConnectionOptions &options, const Core::Clock &clock,
                   QObject *parent = nullptr);
    ~VirtualStation() override;

    Station &station() { return m_station; }
    const Protocol &protocol() const { return *m_protocol; }
    bool isOnline() const { return m_accepted; }
    bool isConnectionLost() const { return m_connectionLost; }
    qsizetype queuedCalls() const { return m_queue.size(); }
    // HTTP(S) by default; tests and demos may put another transfer in its place.
    void setFileTransfer(std::unique_ptr<FileTransfer> transfer) { m_files = std::move(transfer); }
    // The recent event lines that a diagnostics upload sends as the station's log.
    const EventLog &eventLog() const { return m_eventLog; }

public slots:
    void start();
    void stop();
    bool plugIn(int connector, const Vehicle &vehicle);
    void unplug(int connector);
    // An ID card at the reader of `connector`: starts, or stops the transaction it started.
    void presentIdTag(int connector, const QString &idTag);
    void setFaulted(int connector, bool faulted);
    // Loses the connection as a pulled network cable would, and stays offline until restored:
    // the station goes on charging and keeps its transaction messages for the reconnect.
    void setConnectionLost(bool lost);
    // Changes a setting as ChangeConfiguration would, timers included.
    Configuration::Change changeConfiguration(const QString &key, const QString &value);

signals:
    // One line of what happens, for logs and the demo panel: {"event": ..., ...}.
    void happened(const QJsonObject &event);
    void booted();
    void transactionStarted(int connector);
    void transactionEnded(int connector);
    // Every queued call has been answered.
    void idle();

private:
    struct Pending
    {
        OutgoingCall call;
        std::function<void(const QJsonObject &)> onResult;
    };

    // StationHost
    void send(const OutgoingCall &call) override;
    void startCharging(int connector, const QString &idTag, bool remote) override;
    void stopCharging(int connector, StopReason reason) override;
    void reset(bool hard) override;
    void reportStatuses(bool all) override;
    void configurationChanged() override;
    void updateFirmware(const TransferRequest &request) override;
    void uploadLog(const TransferRequest &request) override;
    // In virtualstationfiles.cpp: one attempt each, then the retries the CSMS allowed.
    void downloadFirmware(const TransferRequest &request, int retriesLeft);
    void installFirmware(const TransferRequest &request, const TransferResult &download);
    void install(const TransferRequest &request, const QString &version);
    void sendLog(const TransferRequest &request, const QByteArray &log, int retriesLeft);
    // Sends a firmware or log status and remembers it while the transfer goes on.
    void reportFirmware(const QString &status, int requestId);
    void reportLog(const QString &status, int requestId);

    void enqueue(const OutgoingCall &call, std::function<void(const QJsonObject &)> onResult = {}, bool front = false);
    void pump();
    void open();
    void onConnected();
    void onDisconnected();
    void onText(const QString &text);
    void onResult(const QString &id, const QJsonObject &payload);
    void onCallError(const QString &id, const QString &code);
    void onCallTimeout();
    void boot();
    void authorizeThen(int connector, const QString &idTag, bool remote);
    void begin(int connector, const QString &idTag, bool remote);
    void sampleMeters();
    void tick();
    void emitEvent(const QString &name, QJsonObject fields = {});

    ConnectionOptions m_options;
    Station m_station;
    std::unique_ptr<Protocol> m_protocol;
    std::unique_ptr<FileTransfer> m_files;
    EventLog m_eventLog;
    QWebSocket m_socket;
    QList<Pending> m_queue;
    std::optional<Pending> m_inFlight;
    QString m_inFlightId;
    quint64 m_nextId = 1;
    bool m_running = false;
    bool m_connectionLost = false;
    bool m_booted = false; // since the last start or reset: a reconnect does not boot again
    bool m_connected = false;
    bool m_accepted = false;
    QString m_bootReason = QStringLiteral("PowerUp");
    std::optional<int> m_installedAfterBoot; // 2.0.1: the firmware request to report Installed for
    bool m_rebootPending = false;
    int m_backoffMs = 0;
    QHash<int, ConnectorStatus> m_reported;
    QHash<int, QString> m_waitingForCar; // connector -> authorized idTag
    QTimer m_callTimer;
    QTimer m_reconnectTimer;
    QTimer m_heartbeatTimer;
    QTimer m_meterTimer;
    QTimer m_tickTimer;
    QTimer m_bootRetryTimer;
};

} // namespace ChargeDesk::Server::Simulator
