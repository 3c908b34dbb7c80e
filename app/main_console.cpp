#include "app/compositionroot.h"
#include "app/demomode.h"
#include "app/ocppserver.h"
#include "ui/demopanel.h"
#include "ui/look.h"
#include "ui/mainwindow.h"
#include "ui/signindialog.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QLibraryInfo>
#include <QLocale>
#include <QMessageBox>
#include <QSettings>

using namespace ChargeDesk;

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    App::setApplicationIdentity();

    const Ui::ConsoleLook look(app); // the native style, the desktop's palette, the operator's language

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "Operator console for EV charging networks."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption dbOption(
        QStringLiteral("db"),
        QApplication::translate("main",
                                "SQLite file or postgresql:// URL (default: a file in the user's data folder)."),
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
    std::unique_ptr<App::DemoMode> demo;
    QString location = parser.value(dbOption);
    if (parser.isSet(demoOption)) {
        auto prepared = App::DemoMode::prepare();
        if (!prepared)
            return fail(prepared.error().message());
        demo = std::move(prepared.value());
        location = demo->databaseLocation();
    }
    auto engine = App::buildEngine(location);
    if (!engine)
        return fail(engine.error().message());
    if (demo) {
        if (auto seeded = demo->seed(*engine.value()); !seeded)
            return fail(seeded.error().message());
    }
    // Who uses the console decides what every window shows. The demo signs its own user in;
    // a database without users yet opens as the system until the first-start wizard lands.
    Core::Actor actor = Core::Actor::system();
    Core::AuthService &auth = *engine.value()->auth;
    if (demo) {
        auto signedIn = auth.signIn(demo->network().userEmail, demo->network().userPassword);
        if (!signedIn)
            return fail(signedIn.error().message());
        actor = signedIn.value();
    } else if (auto empty = auth.needsFirstUser(); !empty) {
        // Not knowing whether users exist must not open the console unsigned.
        return fail(empty.error().message());
    } else if (!empty.value()) {
        Ui::SignInDialog signIn(auth, engine.value()->database->displayLocation());
        if (signIn.exec() != QDialog::Accepted)
            return 0;
        actor = signIn.actor();
    }
    // The embedded OCPP server: chargers connect to this console directly.
    App::OcppServer ocpp(*engine.value());
    Ui::MainWindow window(*engine.value()->repository, actor,
                          Ui::Services{&auth, &engine.value()->sessions->settlement(), &ocpp.sessionControl()});
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
            const int connected = int(endpoint.sessions().size());
            window.setOcppStatus(
                QApplication::translate("main", "OCPP: %1 · %n station(s) connected", nullptr, connected).arg(urls));
        };
        QObject::connect(&endpoint, &Server::Ocpp::Endpoint::sessionOpened, &window, showStatus);
        QObject::connect(&endpoint, &Server::Ocpp::Endpoint::sessionClosed, &window, showStatus);
        showStatus();
        if (demo) {
            demo->start(endpoint.port(), *engine.value());
            window.addDemoPanel(new Ui::DemoPanel(*demo->fleet()));
        }
    } else {
        window.setOcppStatus(QApplication::translate("main", "OCPP server off: %1").arg(listening.error().message()));
    }
    window.show();
    return QApplication::exec();
}
