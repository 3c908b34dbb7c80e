#include "app/compositionroot.h"
#include "server/signalwatcher.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>

using namespace ChargeDesk;

int main(int argc, char *argv[]) {
    QCoreApplication app(argc, argv);
    App::setApplicationIdentity();

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("ChargeDesk engine without windows."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption dbOption(QStringLiteral("db"),
                                      QStringLiteral("SQLite file or postgresql:// URL."),
                                      QStringLiteral("location"));
    const QCommandLineOption migrateOnly(QStringLiteral("migrate-only"),
                                         QStringLiteral("Bring the schema up to date and exit."));
    parser.addOption(dbOption);
    parser.addOption(migrateOnly);
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

    Server::SignalWatcher watcher;
    QObject::connect(&watcher, &Server::SignalWatcher::terminationRequested, &app, [](int number) {
        std::printf("chargedesk-server: signal %d, stopping\n", number);
        std::fflush(stdout);
        QCoreApplication::quit();
    });
    return QCoreApplication::exec();
}
