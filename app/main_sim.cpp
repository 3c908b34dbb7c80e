#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("chargedesk-sim"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PROJECT_VERSION_STRING));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("ChargeDesk charge point simulator."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.process(app);
    // The simulator's body (virtual stations, scenarios, load mode) comes with its own issue.
    std::fprintf(stderr, "chargedesk-sim: the simulator is not part of this build yet.\n");
    return 2;
}
