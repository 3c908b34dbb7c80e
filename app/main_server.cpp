#include "app/compositionroot.h"
#include "server/gateway.h"
#include "server/rest/restserver.h"
#include "server/signalwatcher.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>

using namespace ChargeDesk;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    App::setApplicationIdentity();

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
    parser.addOption(apiPort);
    parser.addOption(apiToken);
    parser.addOption(dbOption);
    parser.addOption(migrateOnly);
    parser.addOption(listenOption);
    parser.addOption(ocppPort);
    parser.process(app);

    auto engine = App::buildEngine(parser.value(dbOption));
    if (!engine) {
        std::fprintf(stderr, "chargedesk-server: %s\n", qPrintable(engine.error().message()));
        return 1;
    }
    std::printf("chargedesk-server: database %s (%s) is ready\n",
                qPrintable(engine.value()->database->displayLocation()),
                qPrintable(engine.value()->database->backendName()));
    std::fflush(stdout);
    if (parser.isSet(migrateOnly))
        return 0;

    Server::Gateway gateway(*engine.value()->stations, *engine.value()->sessions, *engine.value()->messageLog);
    bool portOk = false;
    const quint16 port = parser.value(ocppPort).toUShort(&portOk);
    if (!portOk || !gateway.endpoint().listen(QHostAddress(parser.value(listenOption)), port)) {
        std::fprintf(stderr, "chargedesk-server: cannot listen for OCPP on %s:%s: %s\n",
                     qPrintable(parser.value(listenOption)), qPrintable(parser.value(ocppPort)),
                     qPrintable(gateway.endpoint().errorString()));
        return 1;
    }
    std::printf("chargedesk-server: OCPP on ws://%s:%u/ocpp/<identifier>\n", qPrintable(parser.value(listenOption)),
                gateway.endpoint().port());
    std::fflush(stdout);

    const QString token =
        parser.isSet(apiToken) ? parser.value(apiToken) : qEnvironmentVariable("CHARGEDESK_API_TOKEN");
    Server::Rest::RestServer api(*engine.value()->repository, gateway, token);
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

    Server::SignalWatcher watcher;
    QObject::connect(&watcher, &Server::SignalWatcher::terminationRequested, &app, [](int number) {
        std::printf("chargedesk-server: signal %d, stopping\n", number);
        std::fflush(stdout);
        QCoreApplication::quit();
    });
    return QCoreApplication::exec();
}
