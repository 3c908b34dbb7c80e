#include "server/simulator/virtualstation.h"

#include "server/ocpp/redaction.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkRequest>
#include <QWebSocketHandshakeOptions>

#include <algorithm>

namespace ChargeDesk::Server::Simulator {

VirtualStation::VirtualStation(const StationSpec &spec, const ConnectionOptions &options, const Core::Clock &clock,
                               QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_station(spec, clock)
    , m_protocol(Protocol::create(options.version, m_station, *this))
    , m_files(std::make_unique<UrlFileTransfer>(TransferOptions{.ignoreSslErrors = options.ignoreSslErrors}))
{
    m_callTimer.setSingleShot(true);
    m_reconnectTimer.setSingleShot(true);
    m_bootRetryTimer.setSingleShot(true);
    m_tickTimer.setInterval(1000);
    connect(&m_callTimer, &QTimer::timeout, this, &VirtualStation::onCallTimeout);
    connect(&m_reconnectTimer, &QTimer::timeout, this, &VirtualStation::open);
    connect(&m_bootRetryTimer, &QTimer::timeout, this, &VirtualStation::boot);
    connect(&m_heartbeatTimer, &QTimer::timeout, this, [this] { enqueue(m_protocol->heartbeat()); });
    connect(&m_meterTimer, &QTimer::timeout, this, &VirtualStation::sampleMeters);
    connect(&m_tickTimer, &QTimer::timeout, this, &VirtualStation::tick);
    connect(&m_socket, &QWebSocket::connected, this, &VirtualStation::onConnected);
    connect(&m_socket, &QWebSocket::disconnected, this, &VirtualStation::onDisconnected);
    connect(&m_socket, &QWebSocket::textMessageReceived, this, &VirtualStation::onText);
    connect(&m_socket, &QWebSocket::sslErrors, this, [this](const QList<QSslError> &errors) {
        if (m_options.ignoreSslErrors)
            m_socket.ignoreSslErrors(errors);
    });
}

VirtualStation::~VirtualStation()
{
    m_running = false;
    m_socket.abort();
}

namespace {

// A call as the station's log shows it: with the passwords and keys the CSMS sent masked.
QJsonObject loggable(const Ocpp::Frame &call)
{
    return Ocpp::mayCarrySecrets(call.action) ? Ocpp::withoutSecrets(call.payload) : call.payload;
}

} // namespace

void VirtualStation::emitEvent(const QString &name, QJsonObject fields)
{
    fields.insert(QStringLiteral("event"), name);
    fields.insert(QStringLiteral("station"), m_station.spec().id);
    const QDateTime now = m_station.clock().now();
    fields.insert(QStringLiteral("time"), now.toUTC().toString(Qt::ISODateWithMs));
    m_eventLog.append(now, fields);
    emit happened(fields);
}

void VirtualStation::start()
{
    m_running = true;
    m_booted = false;
    m_backoffMs = 0;
    m_tickTimer.start();
    open();
}

void VirtualStation::stop()
{
    m_running = false;
    m_reconnectTimer.stop();
    m_tickTimer.stop();
    m_meterTimer.stop();
    m_socket.close();
}

void VirtualStation::setConnectionLost(bool lost)
{
    if (lost == m_connectionLost)
        return;
    m_connectionLost = lost;
    emitEvent(lost ? QStringLiteral("connectionLost") : QStringLiteral("connectionRestored"));
    if (lost) {
        m_reconnectTimer.stop();
        m_socket.abort();
    } else {
        m_backoffMs = 0;
        open();
    }
}

Configuration::Change VirtualStation::changeConfiguration(const QString &key, const QString &value)
{
    const Configuration::Change change = m_station.configuration().changeKey(key, value);
    if (change == Configuration::Change::Accepted)
        configurationChanged();
    return change;
}

void VirtualStation::open()
{
    if (!m_running || m_connectionLost)
        return;
    QUrl url = m_options.url;
    QString user = m_options.user.isEmpty() ? url.userName() : m_options.user;
    QString password = m_options.user.isEmpty() ? url.password() : m_options.password;
    url.setUserInfo(QString());
    QNetworkRequest request(url);
    if (!user.isEmpty())
        request.setRawHeader("Authorization", "Basic " + (user + QLatin1Char(':') + password).toUtf8().toBase64());
    QWebSocketHandshakeOptions handshake;
    handshake.setSubprotocols({Ocpp::subprotocol(m_options.version)});
    emitEvent(QStringLiteral("connecting"), {{QStringLiteral("url"), url.toString(QUrl::RemovePassword)}});
    m_socket.open(request, handshake);
}

void VirtualStation::onConnected()
{
    // A central system that did not agree to the station's OCPP version cannot understand it.
    if (m_socket.subprotocol() != Ocpp::subprotocol(m_options.version)) {
        emitEvent(QStringLiteral("refused"),
                  {{QStringLiteral("reason"),
                    QStringLiteral("the server did not accept %1").arg(Ocpp::subprotocol(m_options.version))}});
        m_socket.abort();
        return;
    }
    m_connected = true;
    emitEvent(QStringLiteral("connected"), {{QStringLiteral("subprotocol"), m_socket.subprotocol()}});
    if (!m_booted)
        return boot();
    // Back after a lost connection, not a reboot: a charger boots only after a power-up or a
    // reset, so it goes on where it was and sends what it kept.
    m_accepted = true;
    m_backoffMs = 0;
    configurationChanged();
    reportStatuses(true);
    pump();
}

void VirtualStation::onDisconnected()
{
    const bool was = m_connected;
    m_connected = false;
    m_accepted = false;
    m_callTimer.stop();
    m_heartbeatTimer.stop();
    // Meter values go on while offline: a real charger keeps sampling and sends the readings
    // with the transaction's other messages when it is back.
    m_bootRetryTimer.stop();
    // Transaction messages wait for the next connection; everything else is stale by then.
    if (m_inFlight && m_inFlight->call.transaction != 0)
        m_queue.prepend(*m_inFlight);
    m_inFlight.reset();
    m_queue.removeIf([](const Pending &p) { return p.call.transaction == 0; });
    m_reported.clear();
    emitEvent(
        QStringLiteral("disconnected"),
        {{QStringLiteral("reason"), m_socket.closeReason().isEmpty() ? m_socket.errorString() : m_socket.closeReason()},
         {QStringLiteral("queued"), int(m_queue.size())}});
    if (!m_running)
        return;
    if (m_rebootPending) {
        m_rebootPending = false;
        m_backoffMs = 0;
        m_reconnectTimer.start(0);
        return;
    }
    m_backoffMs =
        was || m_backoffMs == 0 ? m_options.reconnectMinMs : std::min(m_backoffMs * 2, m_options.reconnectMaxMs);
    m_reconnectTimer.start(m_backoffMs);
}

void VirtualStation::boot()
{
    if (!m_connected)
        return;
    // The boot goes first; nothing else may be sent before the CSMS accepts it.
    enqueue(
        m_protocol->bootNotification(m_bootReason),
        [this](const QJsonObject &r) {
            const QString status = r.value(QLatin1String("status")).toString();
            const int interval = r.value(QLatin1String("interval")).toInt();
            if (status != QLatin1String("Accepted")) {
                m_bootRetryTimer.start(std::max(interval, 10) * 1000);
                return;
            }
            if (interval > 0)
                m_station.configuration().changeKey(QStringLiteral("HeartbeatInterval"), QString::number(interval));
            m_accepted = true;
            m_booted = true;
            m_bootReason = QStringLiteral("PowerUp");
            m_backoffMs = 0;
            configurationChanged();
            reportStatuses(true);
            if (m_installedAfterBoot)
                reportFirmware(QStringLiteral("Installed"), *std::exchange(m_installedAfterBoot, std::nullopt));
            emit booted();
            pump();
        },
        true);
}

void VirtualStation::send(const OutgoingCall &call)
{
    enqueue(call);
}

void VirtualStation::enqueue(const OutgoingCall &call, std::function<void(const QJsonObject &)> onResult, bool front)
{
    if (call.transaction == 0 && !m_connected)
        return; // only transaction messages are kept while offline
    if (front)
        m_queue.prepend(Pending{call, std::move(onResult)});
    else
        m_queue.append(Pending{call, std::move(onResult)});
    pump();
}

void VirtualStation::pump()
{
    if (m_inFlight || !m_connected || m_queue.isEmpty())
        return;
    qsizetype i = 0;
    if (!m_accepted) {
        while (i < m_queue.size() && m_queue.at(i).call.action != QLatin1String("BootNotification"))
            ++i;
        if (i == m_queue.size())
            return;
    }
    m_inFlight = m_queue.takeAt(i);
    m_protocol->prepare(m_inFlight->call);
    m_inFlightId = QString::number(m_nextId++);
    const Ocpp::Frame frame = Ocpp::Frame::call(m_inFlightId, m_inFlight->call.action, m_inFlight->call.payload);
    emitEvent(QStringLiteral("sent"),
              {{QStringLiteral("action"), frame.action}, {QStringLiteral("payload"), loggable(frame)}});
    m_socket.sendTextMessage(QString::fromUtf8(frame.serialize()));
    m_callTimer.start(m_options.callTimeoutMs);
}

void VirtualStation::onText(const QString &text)
{
    const Ocpp::ParsedFrame parsed = Ocpp::parseFrame(text.toUtf8());
    if (!parsed.frame) {
        if (parsed.error && parsed.error->reply)
            m_socket.sendTextMessage(QString::fromUtf8(parsed.error->serialize(m_options.version)));
        return;
    }
    const Ocpp::Frame &frame = *parsed.frame;
    if (frame.type == Ocpp::Frame::Type::CallResult) {
        onResult(frame.messageId, frame.payload);
        return;
    }
    if (frame.type == Ocpp::Frame::Type::CallError) {
        onCallError(frame.messageId, frame.errorCode);
        return;
    }
    emitEvent(QStringLiteral("received"),
              {{QStringLiteral("action"), frame.action}, {QStringLiteral("payload"), loggable(frame)}});
    const Answer answer = m_protocol->handle(frame.action, frame.payload);
    const Ocpp::Frame reply =
        answer.error ? Ocpp::Frame::error(frame.messageId, *answer.error, m_options.version, answer.description)
                     : Ocpp::Frame::result(frame.messageId, answer.payload);
    emitEvent(QStringLiteral("replied"),
              {{QStringLiteral("action"), frame.action}, {QStringLiteral("payload"), reply.payload}});
    m_socket.sendTextMessage(QString::fromUtf8(reply.serialize()));
    if (answer.then)
        answer.then();
}

void VirtualStation::onResult(const QString &id, const QJsonObject &payload)
{
    if (!m_inFlight || id != m_inFlightId)
        return; // a late answer to a call already given up
    m_callTimer.stop();
    const Pending done = *m_inFlight;
    m_inFlight.reset();
    emitEvent(QStringLiteral("answered"),
              {{QStringLiteral("action"), done.call.action}, {QStringLiteral("payload"), payload}});
    m_protocol->answered(done.call, payload);
    if (done.onResult)
        done.onResult(payload);
    pump();
    if (!m_inFlight && m_queue.isEmpty()) {
        if (m_rebootPending)
            m_socket.close(QWebSocketProtocol::CloseCodeNormal);
        emit idle();
    }
}

void VirtualStation::onCallError(const QString &id, const QString &code)
{
    if (!m_inFlight || id != m_inFlightId)
        return;
    m_callTimer.stop();
    // The CSMS refused the message itself: sending it again would not change that.
    emitEvent(QStringLiteral("callError"),
              {{QStringLiteral("action"), m_inFlight->call.action}, {QStringLiteral("code"), code}});
    m_inFlight.reset();
    pump();
}

void VirtualStation::onCallTimeout()
{
    if (!m_inFlight)
        return;
    emitEvent(QStringLiteral("timeout"), {{QStringLiteral("action"), m_inFlight->call.action}});
    // A CSMS that stops answering is treated as gone: reconnect, and replay what matters.
    m_socket.abort();
}

void VirtualStation::configurationChanged()
{
    const Configuration &c = m_station.configuration();
    const int heartbeat = c.integer(QStringLiteral("HeartbeatInterval"));
    const int sample = c.integer(QStringLiteral("MeterValueSampleInterval"));
    if (m_accepted && heartbeat > 0)
        m_heartbeatTimer.start(heartbeat * 1000);
    else
        m_heartbeatTimer.stop();
    if (sample > 0)
        m_meterTimer.start(sample * 1000);
    else
        m_meterTimer.stop();
}

void VirtualStation::reportStatuses(bool all)
{
    if (!m_accepted)
        return; // reported in full once the next boot is accepted
    m_station.advance();
    for (int n = 1; n <= m_station.connectorCount(); ++n) {
        const ConnectorStatus now = m_station.status(n);
        const auto before = m_reported.contains(n) ? std::optional(m_reported.value(n)) : std::nullopt;
        if (!all && before == now)
            continue;
        m_reported.insert(n, now);
        emitEvent(QStringLiteral("status"),
                  {{QStringLiteral("connector"), n}, {QStringLiteral("status"), statusName(now)}});
        for (const OutgoingCall &call : m_protocol->statusChanged(n, all ? std::nullopt : before, now))
            enqueue(call);
    }
}

void VirtualStation::tick()
{
    m_station.advance();
    for (int n = 1; n <= m_station.connectorCount(); ++n) {
        auto &r = m_station.connector(n).reservation;
        if (r && r->expiry.isValid() && r->expiry <= m_station.clock().now())
            r.reset();
    }
    reportStatuses(false);
}

void VirtualStation::sampleMeters()
{
    m_station.advance();
    if (m_station.misbehaviour().silentMeter)
        return;
    for (int n = 1; n <= m_station.connectorCount(); ++n)
        if (m_station.connector(n).transaction)
            enqueue(m_protocol->meterValues(n, QStringLiteral("MeterValuePeriodic")));
}

bool VirtualStation::plugIn(int connector, const Vehicle &vehicle)
{
    if (!m_station.plugIn(connector, vehicle))
        return false;
    emitEvent(QStringLiteral("pluggedIn"), {{QStringLiteral("connector"), connector}});
    reportStatuses(false);
    if (m_waitingForCar.contains(connector))
        begin(connector, m_waitingForCar.take(connector), false);
    return true;
}

void VirtualStation::unplug(int connector)
{
    if (!m_station.hasConnector(connector))
        return;
    if (m_station.connector(connector).transaction &&
        m_station.configuration().boolean(QStringLiteral("StopTransactionOnEVSideDisconnect")))
        stopCharging(connector, StopReason::EVDisconnected);
    if (m_station.unplug(connector))
        emitEvent(QStringLiteral("unplugged"), {{QStringLiteral("connector"), connector}});
    reportStatuses(false);
}

void VirtualStation::setFaulted(int connector, bool faulted)
{
    m_station.setFaulted(connector, faulted);
    reportStatuses(false);
}

void VirtualStation::presentIdTag(int connector, const QString &idTag)
{
    if (!m_station.hasConnector(connector))
        return;
    const auto &tx = m_station.connector(connector).transaction;
    if (tx) {
        if (tx->idTag == idTag)
            stopCharging(connector, StopReason::Local);
        return;
    }
    authorizeThen(connector, idTag, false);
}

void VirtualStation::authorizeThen(int connector, const QString &idTag, bool remote)
{
    const Configuration &c = m_station.configuration();
    const QDateTime now = m_station.clock().now();
    const bool useList = c.boolean(QStringLiteral("LocalAuthListEnabled"));
    const bool useCache = c.boolean(QStringLiteral("AuthorizationCacheEnabled"));
    const auto known = m_station.authorization().lookup(idTag, now, useList, useCache);
    if (m_accepted) {
        if (c.boolean(QStringLiteral("LocalPreAuthorize")) && known == QStringLiteral("Accepted")) {
            begin(connector, idTag, remote);
            return;
        }
        enqueue(m_protocol->authorize(idTag), [this, connector, idTag, remote, useCache](const QJsonObject &r) {
            const AuthorizationResult auth = m_protocol->authorization(r);
            if (useCache)
                m_station.authorization().remember(idTag, auth.status, auth.expiry);
            emitEvent(QStringLiteral("authorized"),
                      {{QStringLiteral("idTag"), idTag}, {QStringLiteral("status"), auth.status}});
            if (auth.status == QLatin1String("Accepted"))
                begin(connector, idTag, remote);
        });
        return;
    }
    // Offline: the local list and cache decide, or the policy for unknown cards.
    const bool accepted =
        known ? (c.boolean(QStringLiteral("LocalAuthorizeOffline")) && *known == QLatin1String("Accepted"))
              : c.boolean(QStringLiteral("AllowOfflineTxForUnknownId"));
    emitEvent(QStringLiteral("authorizedOffline"),
              {{QStringLiteral("idTag"), idTag}, {QStringLiteral("accepted"), accepted}});
    if (accepted)
        begin(connector, idTag, remote);
}

void VirtualStation::startCharging(int connector, const QString &idTag, bool remote)
{
    if (remote && m_station.configuration().boolean(QStringLiteral("AuthorizeRemoteTxRequests")))
        authorizeThen(connector, idTag, remote);
    else
        begin(connector, idTag, remote);
}

void VirtualStation::begin(int connector, const QString &idTag, bool remote)
{
    if (!m_station.connector(connector).vehicle) {
        // Authorized before the car is there: wait for the cable, as long as ConnectionTimeOut.
        m_waitingForCar.insert(connector, idTag);
        const int timeoutS = m_station.configuration().integer(QStringLiteral("ConnectionTimeOut"));
        QTimer::singleShot(timeoutS * 1000, this, [this, connector, idTag] {
            if (m_waitingForCar.value(connector) == idTag)
                m_waitingForCar.remove(connector);
        });
        return;
    }
    if (!m_station.startTransaction(connector, idTag, remote))
        return;
    emitEvent(QStringLiteral("transactionStarted"),
              {{QStringLiteral("connector"), connector}, {QStringLiteral("idTag"), idTag}});
    enqueue(m_protocol->transactionStarted(connector));
    reportStatuses(false);
    emit transactionStarted(connector);
}

void VirtualStation::stopCharging(int connector, StopReason reason)
{
    std::optional<Transaction> ended = m_station.endTransaction(connector);
    if (!ended)
        return;
    emitEvent(
        QStringLiteral("transactionEnded"),
        {{QStringLiteral("connector"), connector},
         {QStringLiteral("energyWh"), qRound64(m_station.connector(connector).registerWh - ended->meterStartWh)}});
    enqueue(m_protocol->transactionEnded(connector, *ended, reason));
    reportStatuses(false);
    emit transactionEnded(connector);
}

void VirtualStation::reset(bool hard)
{
    emitEvent(QStringLiteral("reset"), {{QStringLiteral("hard"), hard}});
    for (int n = 1; n <= m_station.connectorCount(); ++n)
        stopCharging(n, hard ? StopReason::HardReset : StopReason::SoftReset);
    m_bootReason = m_options.version == Ocpp::Version::V16 ? QString() : QStringLiteral("RemoteReset");
    m_rebootPending = true;
    m_booted = false;
    // Reboot once the stop messages are out (or at once when nothing waits).
    if (!m_inFlight && m_queue.isEmpty())
        m_socket.close(QWebSocketProtocol::CloseCodeNormal);
}

} // namespace ChargeDesk::Server::Simulator
