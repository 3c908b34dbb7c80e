#include "app/compositionroot.h"
#include "app/ocppserver.h"
#include "server/filedepot.h"
#include "server/rest/restserver.h"
#ifdef Q_OS_LINUX
#include "server/epolldispatcher.h"
#endif
#include "server/crashnote.h"
#include "server/signalwatcher.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QStandardPaths>

#include <cstdio>

using namespace ChargeDesk;

int main(int argc, char *argv[])
{
    // Qt's own dispatchers look at every socket on every turn of the event loop: with
    // 10,000 stations an idle network kept a core busy (see server/epolldispatcher.h).
    // Elsewhere the plain Unix dispatcher still beats glib's, which rebuilds its socket list
    // whenever one changes state.
#ifdef Q_OS_LINUX
    QCoreApplication::setEventDispatcher(new Server::EpollEventDispatcher);
#else
    if (!qEnvironmentVariableIsSet("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", "1");
#endif
    QCoreApplication app(argc, argv);
    App::setApplicationIdentity();
    const QString crashFile = App::crashNotePath(QStringLiteral("chargedesk-server"));
    const auto previousRun = Server::CrashNote::takePrevious(crashFile);
    Server::CrashNote::install(crashFile);

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("ChargeDesk engine without windows."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption dbOption(QStringLiteral("db"), QStringLiteral("SQLite file or postgresql:// URL."),
                                      QStringLiteral("location"));
    const QCommandLineOption migrateOnly(QStringLiteral("migrate-only"),
                                         QStringLiteral("Bring the schema up to date and exit."));
    const QCommandLineOption listenOption(QStringLiteral("listen"),
                                          QStringLiteral("Address to listen on (default: all)."),
                                          QStringLiteral("address"), QStringLiteral("0.0.0.0"));
    const QCommandLineOption ocppPort(QStringLiteral("ocpp-port"),
                                      QStringLiteral("Port for ws:// chargers (default 8180; 0 picks a free one)."),
                                      QStringLiteral("port"), QStringLiteral("8180"));
    const QCommandLineOption apiPort(QStringLiteral("api-port"),
                                     QStringLiteral("Port of the REST API (needs a token; default 8181)."),
                                     QStringLiteral("port"), QStringLiteral("8181"));
    const QCommandLineOption apiToken(
        QStringLiteral("api-token"),
        QStringLiteral("Bearer token of the REST API (or CHARGEDESK_API_TOKEN). Without one the API is off."),
        QStringLiteral("token"));
    const QCommandLineOption tlsPort(
        QStringLiteral("ocpp-tls-port"),
        QStringLiteral("Port for wss:// chargers (default 8543; 0 picks a free one; \"off\" for none)."),
        QStringLiteral("port"), QStringLiteral("8543"));
    const QCommandLineOption tlsCert(QStringLiteral("tls-cert"),
                                     QStringLiteral("PEM certificate (chain) for wss://. Without it and --tls-key, a "
                                                    "self-signed one is made once in the data folder."),
                                     QStringLiteral("file"));
    const QCommandLineOption tlsKey(QStringLiteral("tls-key"), QStringLiteral("PEM private key of --tls-cert."),
                                    QStringLiteral("file"));
    const QCommandLineOption logLevel(QStringLiteral("log-level"),
                                      QStringLiteral("error, warning, info (default) or debug."),
                                      QStringLiteral("level"), QStringLiteral("info"));
    const QCommandLineOption retention(
        QStringLiteral("log-retention-days"),
        QStringLiteral("Days the OCPP message log keeps a frame (default 90; 0 keeps all)."), QStringLiteral("days"),
        QString::number(Core::MessageLog::defaultRetentionDays));
    const QCommandLineOption filesPort(
        QStringLiteral("files-port"),
        QStringLiteral("Port of the file server for firmware and diagnostics (http://host:port/files/; 0 picks a "
                       "free one). Without it the file server is off."),
        QStringLiteral("port"));
    parser.addOptions({tlsPort, tlsCert, tlsKey, logLevel, retention, filesPort});
    parser.addOption(apiPort);
    parser.addOption(apiToken);
    parser.addOption(dbOption);
    parser.addOption(migrateOnly);
    parser.addOption(listenOption);
    parser.addOption(ocppPort);
    parser.process(app);
    if (!App::applyLogLevel(parser.value(logLevel))) {
        std::fprintf(stderr, "chargedesk-server: unknown log level %s\n", qPrintable(parser.value(logLevel)));
        return 2;
    }

    auto engine = App::buildEngine(parser.value(dbOption));
    if (!engine) {
        std::fprintf(stderr, "chargedesk-server: %s\n", qPrintable(engine.error().message()));
        return 1;
    }
    if (previousRun)
        std::fprintf(stderr, "chargedesk-server: the previous run ended abnormally on %s\n", qPrintable(*previousRun));
    std::printf("chargedesk-server: database %s (%s) is ready\n",
                qPrintable(engine.value()->database->displayLocation()),
                qPrintable(engine.value()->database->backendName()));
    std::fflush(stdout);
    if (parser.isSet(migrateOnly))
        return 0;
    bool daysOk = false;
    const int retentionDays = parser.value(retention).toInt(&daysOk);
    if (!daysOk || retentionDays < 0) {
        std::fprintf(stderr, "chargedesk-server: --log-retention-days takes a number of days\n");
        return 2;
    }

    App::OcppServer ocpp(*engine.value());
    App::OcppListenSettings listen;
    listen.address = QHostAddress(parser.value(listenOption));
    bool portOk = false;
    listen.port = parser.value(ocppPort).toUShort(&portOk);
    bool tlsOk = true;
    if (parser.value(tlsPort) == QLatin1String("off"))
        listen.tlsPort.reset();
    else
        listen.tlsPort = parser.value(tlsPort).toUShort(&tlsOk);
    if (!portOk || !tlsOk || listen.address.isNull()) {
        std::fprintf(stderr, "chargedesk-server: --listen, --ocpp-port or --ocpp-tls-port is not valid\n");
        return 2;
    }
    listen.certificateFile = parser.value(tlsCert);
    listen.keyFile = parser.value(tlsKey);
    listen.logRetentionDays = retentionDays;
    const auto listening = ocpp.start(listen);
    if (!listening) {
        std::fprintf(stderr, "chargedesk-server: %s\n", qPrintable(listening.error().message()));
        return 1;
    }
    for (const QString &url : listening.value().urls)
        std::printf("chargedesk-server: OCPP on %s\n", qPrintable(url));
    if (listen.tlsPort)
        std::printf("chargedesk-server: TLS certificate %s%s, SHA-256 %s\n",
                    qPrintable(listening.value().certificateFile), listening.value().selfSigned ? " (self-signed)" : "",
                    qPrintable(listening.value().fingerprint));
    std::fflush(stdout);

    const QString token =
        parser.isSet(apiToken) ? parser.value(apiToken) : qEnvironmentVariable("CHARGEDESK_API_TOKEN");
    Server::Rest::RestServer api(*engine.value()->repository, *engine.value()->stations, ocpp.gateway(),
                                 ocpp.liveConfiguration(), token);
    api.setReservations(&ocpp.reservations());
    api.setSessionControl(&ocpp.sessionControl());
    api.setChargingProfiles(&ocpp.chargingProfiles());
    api.setLoadBalancing(&ocpp.loadBalancing());
    if (token.isEmpty()) {
        std::printf("chargedesk-server: REST API off (no --api-token or CHARGEDESK_API_TOKEN)\n");
    } else {
        const quint16 listened = api.listen(QHostAddress(parser.value(listenOption)), parser.value(apiPort).toUShort());
        if (listened == 0) {
            std::fprintf(stderr, "chargedesk-server: cannot listen for the REST API on port %s\n",
                         qPrintable(parser.value(apiPort)));
            return 1;
        }
        std::printf("chargedesk-server: REST API on http://%s:%u/api/v1\n", qPrintable(parser.value(listenOption)),
                    listened);
    }
    std::fflush(stdout);

    // Firmware for chargers to download and the diagnostics they upload, in the data folder.
    const QString filesFolder =
        QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).filePath(QStringLiteral("files"));
    Server::FileDepot files(filesFolder);
    if (parser.isSet(filesPort)) {
        bool filesOk = false;
        const quint16 wanted = parser.value(filesPort).toUShort(&filesOk);
        const quint16 port = filesOk ? files.start(listen.address, wanted) : 0;
        if (port == 0) {
            std::fprintf(stderr, "chargedesk-server: %s\n",
                         filesOk ? qPrintable(files.errorString()) : "--files-port is not a port number");
            return filesOk ? 1 : 2;
        }
        std::printf("chargedesk-server: files on http://%s:%u/files/ from %s\n",
                    qPrintable(App::urlHost(listen.address)), port, qPrintable(filesFolder));
        std::fflush(stdout);
    }

    Server::SignalWatcher watcher;
    QObject::connect(&watcher, &Server::SignalWatcher::terminationRequested, &app, [](int number) {
        std::printf("chargedesk-server: signal %d, stopping\n", number);
        std::fflush(stdout);
        QCoreApplication::quit();
    });
    return QCoreApplication::exec();
}
