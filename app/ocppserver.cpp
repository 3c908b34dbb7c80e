#include "app/ocppserver.h"

#include "app/compositionroot.h"
#include "server/tls/tlsidentity.h"

#include <QCoreApplication>
#include <QDir>
#include <QHostInfo>
#include <QLoggingCategory>
#include <QStandardPaths>

namespace ChargeDesk::App {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(OcppServer)
};

} // namespace

OcppServer::OcppServer(Engine &engine)
    : m_engine(engine)
    , m_gateway(*engine.stations, *engine.sessions, *engine.messageLog)
    , m_bootConfigurator(*engine.repository, m_gateway, engine.clock)
    , m_liveConfiguration(*engine.repository, m_gateway, engine.clock)
    , m_reservations(*engine.repository, *engine.sessions, m_gateway, engine.clock)
    , m_sessionControl(*engine.repository, *engine.sessions, m_gateway, engine.clock)
    , m_loadBalancing(*engine.repository, *engine.sessions, m_gateway, engine.clock)
    , m_chargingProfiles(*engine.repository, m_gateway, engine.clock)
{
    QObject::connect(&m_gateway, &Server::Gateway::stationOnline, &m_bootConfigurator,
                     &Core::BootConfigurator::configure);
    // After the boot configurator, so profiles go out after its ClearChargingProfile.
    QObject::connect(&m_gateway, &Server::Gateway::stationOnline, &m_chargingProfiles,
                     &Core::ChargingProfiles::stationOnline);
    QObject::connect(&m_gateway, &Server::Gateway::stationOnline, &m_loadBalancing,
                     &Core::BalancingService::stationOnline);
    // Reservations run out with the idle sessions, on the same job.
    m_sessionControl.setIdleHook([this] { m_reservations.expire(); });
    // Under load balancing a remote start begins at 0; the share follows the charger's start.
    m_sessionControl.setStartProfile([this](qint64 connectorId) { return m_loadBalancing.startProfile(connectorId); });
}

Core::Result<OcppListening> OcppServer::start(const OcppListenSettings &settings)
{
    m_engine.messageLog->setRetentionDays(settings.logRetentionDays);
    m_sessionControl.startJobs();
    m_loadBalancing.start();
    OcppListening listening;
    auto &endpoint = m_gateway.endpoint();
    if (!endpoint.listen(settings.address, settings.port))
        return Core::Error(
            Core::Error::Kind::Conflict,
            Tr::tr("Cannot listen for OCPP on port %1: %2").arg(settings.port).arg(endpoint.errorString()));
    const QString host = urlHost(settings.address);
    listening.urls << QStringLiteral("ws://%1:%2/ocpp/<identifier>").arg(host).arg(endpoint.port());
    if (!settings.tlsPort)
        return listening;

    const QString generated =
        QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).filePath(QStringLiteral("tls"));
    auto identity = Server::loadTlsIdentity(settings.certificateFile, settings.keyFile, generated);
    if (!identity)
        return identity.error();
    if (!endpoint.listenTls(settings.address, *settings.tlsPort, identity.value().configuration))
        return Core::Error(Core::Error::Kind::Conflict, Tr::tr("Cannot listen for OCPP over TLS on port %1: %2")
                                                            .arg(*settings.tlsPort)
                                                            .arg(endpoint.errorString()));
    listening.urls << QStringLiteral("wss://%1:%2/ocpp/<identifier>").arg(host).arg(endpoint.tlsPort());
    listening.selfSigned = identity.value().selfSigned;
    listening.certificateFile = identity.value().certificateFile;
    listening.fingerprint = identity.value().sha256Fingerprint;
    return listening;
}

QString urlHost(const QHostAddress &address)
{
    if (address == QHostAddress::Any || address == QHostAddress::AnyIPv4 || address == QHostAddress::AnyIPv6)
        return QHostInfo::localHostName();
    return address.protocol() == QAbstractSocket::IPv6Protocol ? QStringLiteral("[%1]").arg(address.toString())
                                                               : address.toString();
}

bool applyLogLevel(const QString &level)
{
    static const QStringList levels{QStringLiteral("error"), QStringLiteral("warning"), QStringLiteral("info"),
                                    QStringLiteral("debug")};
    const qsizetype chosen = levels.indexOf(level.toLower());
    if (chosen < 0)
        return false;
    // Qt's own categories stay at their defaults; ours follow the chosen level.
    const QStringList severities{QStringLiteral("critical"), QStringLiteral("warning"), QStringLiteral("info"),
                                 QStringLiteral("debug")};
    QStringList rules;
    for (qsizetype i = 1; i < severities.size(); ++i)
        rules << QStringLiteral("chargedesk.*.%1=%2")
                     .arg(severities.at(i), i <= chosen ? QStringLiteral("true") : QStringLiteral("false"));
    QLoggingCategory::setFilterRules(rules.join(QLatin1Char('\n')));
    return true;
}

} // namespace ChargeDesk::App
