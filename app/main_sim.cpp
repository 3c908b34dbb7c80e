#include "server/simulator/scenario.h"
#include "server/simulator/sessionrun.h"
#include "server/simulator/virtualstation.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QTimer>

#include <cstdio>

using namespace ChargeDesk::Server;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("chargedesk-sim"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PROJECT_VERSION_STRING));
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate("main", "ChargeDesk charge point simulator."));
    parser.addHelpOption();
    parser.addVersionOption();
    const auto option = [&](const char *name, const char *help, const char *value = nullptr,
                            const QString &defaultValue = {}) {
        QCommandLineOption o(QLatin1String(name), QCoreApplication::translate("main", help));
        if (value) {
            o.setValueName(QLatin1String(value));
            o.setDefaultValue(defaultValue);
        }
        parser.addOption(o);
        return o;
    };
    const auto url = option("url", "CSMS address, ws:// or wss://; the station id is appended.", "URL");
    const auto protocol = option("protocol", "ocpp1.6 or ocpp2.0.1.", "NAME", QStringLiteral("ocpp1.6"));
    const auto stationId = option("station", "The station's identity.", "ID");
    const auto user = option("user", "Basic auth user (default: the station id when a password is given).", "NAME");
    const auto password = option("password", "Basic auth password.", "SECRET");
    const auto insecure = option("insecure", "Accept any TLS certificate.");
    const auto connectors = option("connectors", "Number of connectors.", "N", QStringLiteral("1"));
    const auto power = option("power", "Maximum power of each connector in W.", "W", QStringLiteral("22000"));
    const auto plugIn = option("plug-in", "Connector to plug a car into.", "CONNECTOR", QStringLiteral("1"));
    const auto idTag = option("id-tag", "The card presented to start charging.", "TAG");
    const auto duration =
        option("duration", "Seconds of charging before the car is unplugged.", "S", QStringLiteral("60"));
    const auto sampleInterval =
        option("meter-interval", "MeterValueSampleInterval in seconds.", "S", QStringLiteral("10"));
    const auto scenarioFile =
        option("scenario", "Play the stations and steps of a JSON scenario file (see README).", "FILE");
    const auto load = option("load", "Load mode: N stations that each charge one session; prints a summary line.", "N");
    parser.process(app);

    const auto fail = [](const QString &message) {
        std::fprintf(stderr, "chargedesk-sim: %s\n", qPrintable(message));
        return 2;
    };
    const auto version = Ocpp::versionFromSubprotocol(parser.value(protocol));
    if (!version)
        return fail(QCoreApplication::translate("main", "unknown protocol %1").arg(parser.value(protocol)));
    const auto print = [](const QJsonObject &e) {
        std::printf("%s\n", QJsonDocument(e).toJson(QJsonDocument::Compact).constData());
        std::fflush(stdout);
    };
    ChargeDesk::Core::SystemClock clock;
    if (parser.isSet(scenarioFile) || parser.isSet(load)) {
        if (parser.value(url).isEmpty())
            return fail(QCoreApplication::translate("main", "--url is required"));
        QByteArray json;
        if (parser.isSet(scenarioFile)) {
            QFile file(parser.value(scenarioFile));
            if (!file.open(QIODevice::ReadOnly))
                return fail(QCoreApplication::translate("main", "cannot read %1: %2")
                                .arg(parser.value(scenarioFile), file.errorString()));
            json = file.readAll();
        } else {
            json = Simulator::loadScenario(parser.value(load).toInt(), parser.value(protocol),
                                           parser.value(stationId).isEmpty() ? QStringLiteral("LOAD")
                                                                             : parser.value(stationId),
                                           parser.value(idTag), parser.value(duration).toInt());
        }
        auto scenario = Simulator::Scenario::parse(json);
        if (!scenario) {
            const auto &fields = scenario.error().fields();
            return fail(fields.isEmpty() ? scenario.error().message()
                                         : fields.first().field + QStringLiteral(": ") + fields.first().message);
        }
        Simulator::ConnectionOptions defaults;
        defaults.password = parser.value(password);
        defaults.user = parser.value(user);
        defaults.ignoreSslErrors = parser.isSet(insecure);
        QString base = parser.value(url);
        while (base.endsWith(QLatin1Char('/')))
            base.chop(1);
        auto *runner = new Simulator::ScenarioRunner(scenario.value(), base, defaults, clock, &app);
        QObject::connect(runner, &Simulator::ScenarioRunner::finished, &app, [&app] { app.exit(0); });
        if (parser.isSet(load)) {
            // Thousands of stations: a summary every 10 s instead of every frame.
            auto *summary = new QTimer(&app);
            QObject::connect(summary, &QTimer::timeout, runner,
                             [runner, print] { print(Simulator::summarize(*runner)); });
            summary->start(10000);
        } else {
            QObject::connect(runner, &Simulator::ScenarioRunner::happened, print);
        }
        runner->start();
        return app.exec();
    }
    if (parser.value(url).isEmpty() || parser.value(stationId).isEmpty() || parser.value(idTag).isEmpty())
        return fail(QCoreApplication::translate("main", "--url, --station and --id-tag are required"));

    const QString id = parser.value(stationId);
    Simulator::ConnectionOptions options;
    QString base = parser.value(url);
    if (!base.endsWith(QLatin1Char('/')))
        base += QLatin1Char('/');
    options.url = QUrl(base + id);
    options.version = *version;
    options.password = parser.value(password);
    options.user = parser.isSet(user) ? parser.value(user) : (options.password.isEmpty() ? QString() : id);
    options.ignoreSslErrors = parser.isSet(insecure);

    Simulator::StationSpec spec;
    spec.id = id;
    spec.connectors.clear();
    for (int i = 0; i < std::max(1, parser.value(connectors).toInt()); ++i)
        spec.connectors << Simulator::ConnectorSpec{QStringLiteral("cType2"), Simulator::CurrentType::AC3,
                                                    parser.value(power).toDouble()};
    Simulator::VirtualStation station(spec, options, clock);
    station.station().configuration().changeKey(QStringLiteral("MeterValueSampleInterval"),
                                                parser.value(sampleInterval));
    QObject::connect(&station, &Simulator::VirtualStation::happened, print);
    Simulator::SessionRun::Plan plan;
    plan.connector = parser.value(plugIn).toInt();
    plan.idTag = parser.value(idTag);
    plan.durationS = parser.value(duration).toInt();
    if (!station.station().hasConnector(plan.connector))
        return fail(QCoreApplication::translate("main", "no connector %1").arg(plan.connector));
    Simulator::SessionRun run(station, plan);
    QObject::connect(&run, &Simulator::SessionRun::finished, &app, [&](bool ok) {
        station.stop();
        app.exit(ok ? 0 : 1);
    });
    station.start();
    return app.exec();
}
