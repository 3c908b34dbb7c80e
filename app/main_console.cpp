#include "app/consolestart.h"
#include "app/ocppserver.h"
#include "core/catalog.h"
#include "server/crashnote.h"
#include "server/filedepot.h"
#include "ui/demo/demopanel.h"
#include "ui/shell/look.h"
#include "ui/shell/mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QLibraryInfo>
#include <QLocale>
#include <QMessageBox>
#include <QSettings>
#include <QStandardPaths>

using namespace ChargeDesk;

namespace {

// No exception may leave an event handler: Qt would end the console, and with it every
// charger's connection. The gateway and the REST API catch at their own edges; this is the
// last net for the windows, which tells the operator instead of vanishing.
class ConsoleApplication final : public QApplication
{
public:
    using QApplication::QApplication;

    bool notify(QObject *receiver, QEvent *event) override
    {
        try {
            return QApplication::notify(receiver, event);
        } catch (const std::exception &e) {
            qCritical("an event handler failed: %s", e.what());
            const QString what = QString::fromUtf8(e.what());
            QMetaObject::invokeMethod(
                this,
                [what] {
                    QMessageBox::warning(QApplication::activeWindow(), QApplication::translate("main", "ChargeDesk"),
                                         QApplication::translate("main", "An action failed and was stopped: %1\n"
                                                                         "ChargeDesk goes on running.")
                                             .arg(what));
                },
                Qt::QueuedConnection);
            return false;
        }
    }
};

} // namespace

int main(int argc, char *argv[])
{
    ConsoleApplication app(argc, argv);
    App::setApplicationIdentity();
    const QString crashFile = App::crashNotePath(QStringLiteral("chargedesk"));
    const auto previousRun = Server::CrashNote::takePrevious(crashFile);
    Server::CrashNote::install(crashFile);

    Ui::ConsoleLook look(app); // the native style, the desktop's palette, the operator's language

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "Operator console for EV charging networks."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption dbOption(
        QStringLiteral("db"),
        QApplication::translate(
            "main", "SQLite file or postgresql:// URL (default: the one chosen when the console first started)."),
        QStringLiteral("location"));
    parser.addOption(dbOption);
    const QCommandLineOption demoOption(
        QStringLiteral("demo"),
        QApplication::translate("main", "Start on a fresh demo network played by virtual chargers (nothing is kept)."));
    parser.addOption(demoOption);
    parser.process(app);
    App::applyLogLevel(QStringLiteral("info"));

    const auto fail = [](const QString &message) {
        QMessageBox::critical(nullptr, QApplication::translate("main", "ChargeDesk"), message);
        return 1;
    };
    auto started = App::startConsole({.database = parser.value(dbOption), .demo = parser.isSet(demoOption)});
    if (!started)
        return fail(started.error().message());
    if (!started.value())
        return 0; // the user closed the wizard or the sign-in
    App::Engine &engine = *started.value()->engine;
    App::DemoMode *demo = started.value()->demo.get();
    Core::ListQuery firstSite;
    firstSite.limit = 1;
    if (const auto site = engine.repository->list(started.value()->actor, Core::Tables::SiteSettings, firstSite);
        site && !site.value().isEmpty())
        look.useSiteLanguage(site.value().first().value(QStringLiteral("language")).toString());
    // The embedded OCPP server: chargers connect to this console directly.
    App::OcppServer ocpp(engine);
    Ui::MainWindow window(*engine.repository, started.value()->actor, App::windowServices(engine, ocpp));
    QSettings settings;
    App::OcppListenSettings listen;
    // A hand-edited setting that is not a number in range keeps the default.
    const auto number = [&settings](const QString &key, int fallback, int max) {
        bool ok = false;
        const int value = settings.value(key, fallback).toInt(&ok);
        return ok && value >= 0 && value <= max ? value : fallback;
    };
    listen.port = quint16(number(QStringLiteral("ocpp/port"), listen.port, 65535));
    if (settings.value(QStringLiteral("ocpp/tlsPort")).toString() == QLatin1String("off"))
        listen.tlsPort.reset();
    else
        listen.tlsPort = quint16(number(QStringLiteral("ocpp/tlsPort"), *listen.tlsPort, 65535));
    listen.certificateFile = settings.value(QStringLiteral("ocpp/tlsCertificate")).toString();
    listen.keyFile = settings.value(QStringLiteral("ocpp/tlsKey")).toString();
    listen.logRetentionDays = number(QStringLiteral("ocpp/logRetentionDays"), listen.logRetentionDays, 36500);
    if (demo) {
        // The virtual chargers live in this process: a free local port, no TLS to set up.
        listen.address = QHostAddress::LocalHost;
        listen.port = 0;
        listen.tlsPort.reset();
    }
    const auto listening = ocpp.start(listen);
    if (listening) {
        window.setOcppUrls(listening.value().urls);
        const QString urls = listening.value().urls.join(QStringLiteral("  "));
        auto &endpoint = ocpp.gateway().endpoint();
        const auto showStatus = [&window, &endpoint, urls] {
            const int connected = int(endpoint.connections().size());
            window.setOcppStatus(
                QApplication::translate("main", "OCPP: %1 · %n station(s) connected", nullptr, connected).arg(urls));
        };
        QObject::connect(&endpoint, &Server::Ocpp::Endpoint::connectionOpened, &window, showStatus);
        QObject::connect(&endpoint, &Server::Ocpp::Endpoint::connectionClosed, &window, showStatus);
        showStatus();
        if (demo) {
            demo->start(endpoint.port(), engine);
            window.addDemoPanel(new Ui::DemoPanel(*demo->fleet()));
        }
    } else {
        window.setOcppStatus(QApplication::translate("main", "OCPP server off: %1").arg(listening.error().message()));
    }
    // The built-in file server for firmware and diagnostics, on the host the OCPP URLs name, so
    // that a station that reaches one reaches the other. The demo keeps its files with its data.
    const QString filesFolder =
        demo
            ? QFileInfo(demo->databaseLocation()).dir().filePath(QStringLiteral("files"))
            : QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).filePath(QStringLiteral("files"));
    Server::FileDepot files(filesFolder);
    if (const quint16 port =
            files.start(listen.address, demo ? 0 : quint16(number(QStringLiteral("files/port"), 8181, 65535))))
        window.setFileServer(QUrl(QStringLiteral("http://%1:%2/files/").arg(App::urlHost(listen.address)).arg(port)),
                             filesFolder);
    else
        qWarning("file server off: %s", qPrintable(files.errorString()));
    window.show();
    if (previousRun) {
        // After the window is up, so the operator sees it over the console, not before it.
        QMetaObject::invokeMethod(
            &window,
            [&window, note = *previousRun] {
                QMessageBox::warning(&window, QApplication::translate("main", "ChargeDesk"),
                                     QApplication::translate("main", "ChargeDesk stopped unexpectedly last time (%1).\n"
                                                                     "What chargers had reported until then is in the "
                                                                     "database, and they reconnect by themselves.")
                                         .arg(note));
            },
            Qt::QueuedConnection);
    }
    return QApplication::exec();
}
