#pragma once

#include "core/error.h"

#include <QHostAddress>
#include <QStringList>

#include <optional>

namespace ChargeDesk::Server {
class Gateway;
}

namespace ChargeDesk::App {

// Where the embedded OCPP server listens; console settings and server flags both end here.
struct OcppListenSettings
{
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

// Opens the plain and TLS listeners of the gateway. Fails, naming the port or file, when a
// port is taken or the certificate is unusable: a server that silently lacks wss:// would
// leave chargers under a wss policy unable to connect with nothing in the log to say why.
Core::Result<OcppListening> startOcpp(Server::Gateway &gateway, const OcppListenSettings &settings);

// Parses an error, warning, info or debug level into logging filter rules; false if unknown.
bool applyLogLevel(const QString &level);

} // namespace ChargeDesk::App
