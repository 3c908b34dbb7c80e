#pragma once

#include "core/balancingservice.h"
#include "core/bootconfigurator.h"
#include "core/chargingprofiles.h"
#include "core/error.h"
#include "core/liveconfiguration.h"
#include "core/messagelog.h"
#include "core/reservations.h"
#include "core/sessioncontrol.h"
#include "server/gateway.h"

#include <QHostAddress>
#include <QStringList>

#include <optional>

namespace ChargeDesk::App {

struct Engine;

// The embedded OCPP server's settings; console settings and server flags both end here.
struct OcppListenSettings
{
    int logRetentionDays = Core::MessageLog::defaultRetentionDays;
    QHostAddress address = QHostAddress::Any;
    quint16 port = 8180;
    std::optional<quint16> tlsPort = 8543; // none: no wss://
    QString certificateFile;               // empty with keyFile: a generated self-signed pair
    QString keyFile;
};

struct OcppListening
{
    QStringList urls; // ws://host:port/ocpp/<identifier>, then wss://...
    bool selfSigned = false;
    QString certificateFile;
    QString fingerprint;
};

// The embedded OCPP server as both executables run it: the gateway, the boot configuration
// it triggers when a station comes online, the services that reach stations through it
// (live configuration, reservations, session control and its jobs, charging profiles), and its listeners.
class OcppServer final
{
    Q_DISABLE_COPY_MOVE(OcppServer)

public:
    explicit OcppServer(Engine &engine);

    // Opens the plain and TLS listeners. Fails, naming the port or file, when a port is
    // taken or the certificate is unusable: a server that silently lacks wss:// would leave
    // chargers under a wss policy unable to connect with nothing in the log to say why.
    Core::Result<OcppListening> start(const OcppListenSettings &settings);
    Server::Gateway &gateway() { return m_gateway; }
    Core::LiveConfiguration &liveConfiguration() { return m_liveConfiguration; }
    Core::Reservations &reservations() { return m_reservations; }
    Core::SessionControl &sessionControl() { return m_sessionControl; }
    Core::BalancingService &loadBalancing() { return m_loadBalancing; }
    Core::ChargingProfiles &chargingProfiles() { return m_chargingProfiles; }

private:
    Engine &m_engine;
    Server::Gateway m_gateway;
    Core::BootConfigurator m_bootConfigurator;
    Core::LiveConfiguration m_liveConfiguration;
    Core::Reservations m_reservations;
    Core::SessionControl m_sessionControl;
    Core::BalancingService m_loadBalancing;
    Core::ChargingProfiles m_chargingProfiles;
};

// The host a station is told to reach a server listening on `address` at: the machine's name
// when it listens on every interface. The OCPP URLs and the file server's URL both use it.
QString urlHost(const QHostAddress &address);

// Parses an error, warning, info or debug level into logging filter rules; false if unknown.
bool applyLogLevel(const QString &level);

} // namespace ChargeDesk::App
