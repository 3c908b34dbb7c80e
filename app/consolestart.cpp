#include "app/consolestart.h"

#include "ui/shell/firststartwizard.h"
#include "ui/shell/signindialog.h"
#include "ui/shell/sitelogo.h"

#include <QFileInfo>
#include <QSettings>
#include <QUrl>

namespace ChargeDesk::App {

namespace {

const QString LocationKey = QStringLiteral("database/location");

using Started = Core::Result<std::unique_ptr<ConsoleStart>>;

bool isServerUrl(const QString &location)
{
    return location.startsWith(QLatin1String("postgresql://")) || location.startsWith(QLatin1String("postgres://"));
}

// The settings file is plain text that any program of this user can read, so a PostgreSQL
// password never goes there: the console asks for it at start (see openRemembered), and
// those who want no question keep it where libpq looks itself (~/.pgpass, PGPASSWORD).
void remember(const QString &location)
{
    QString kept = location;
    if (isServerUrl(location)) {
        QUrl url(location);
        url.setPassword(QString());
        kept = url.toString(QUrl::FullyEncoded);
    }
    QSettings().setValue(LocationKey, kept);
}

// The database chosen at an earlier start; a default file that exists counts as chosen,
// since consoles from before the wizard used it without asking.
QString rememberedLocation()
{
    const QString stored = QSettings().value(LocationKey).toString();
    if (!stored.isEmpty())
        return stored;
    const QString fallback = Core::Database::defaultSqlitePath();
    return QFileInfo::exists(fallback) ? fallback : QString();
}

// The engine of the database last opened, kept so that the wizard and the console share it.
class Engines final
{
public:
    Core::Result<std::shared_ptr<Engine>> open(const QString &location)
    {
        if (m_engine && location == m_location)
            return m_engine;
        auto built = buildEngine(location);
        if (!built)
            return built.error();
        m_engine = built.value();
        m_location = location;
        return m_engine;
    }
    std::shared_ptr<Engine> current() const { return m_engine; }
    QString location() const { return m_location; }

private:
    std::shared_ptr<Engine> m_engine;
    QString m_location;
};

// A remembered PostgreSQL URL has no password. libpq may find one itself, so the first
// try goes without; a refusal asks, showing why, until it works or the user gives up.
Core::Result<std::shared_ptr<Engine>> openRemembered(Engines &engines, const QString &location)
{
    auto opened = engines.open(location);
    if (opened || !isServerUrl(location))
        return opened;
    QUrl url(location);
    while (!opened) {
        const auto password = Ui::askDatabasePassword(location, opened.error().message());
        if (!password)
            return opened; // the wizard lets the user choose another database
        url.setPassword(*password);
        opened = engines.open(url.toString(QUrl::FullyEncoded));
    }
    return opened;
}

Started signIn(const std::shared_ptr<Engine> &engine)
{
    Ui::SignInDialog dialog(*engine->auth, engine->database->displayLocation(), Ui::siteLogo(*engine->repository, 64));
    if (dialog.exec() != QDialog::Accepted)
        return std::unique_ptr<ConsoleStart>();
    auto start = std::make_unique<ConsoleStart>();
    start->engine = engine;
    start->actor = dialog.actor();
    return start;
}

Started startDemo()
{
    auto prepared = DemoMode::prepare();
    if (!prepared)
        return prepared.error();
    auto start = std::make_unique<ConsoleStart>();
    start->demo = std::move(prepared.value());
    auto engine = buildEngine(start->demo->databaseLocation());
    if (!engine)
        return engine.error();
    start->engine = engine.value();
    if (auto seeded = start->demo->seed(*start->engine); !seeded)
        return seeded.error();
    const Core::DemoNetwork &network = start->demo->network();
    auto signedIn = start->engine->auth->signIn(network.userEmail, network.userPassword);
    if (!signedIn)
        return signedIn.error();
    start->actor = signedIn.value();
    return start;
}

Started runWizard(Engines &engines, const StartRequest &request, const QString &suggested, const QString &problem)
{
    Ui::FirstStartWizard wizard([&engines](const QString &location) -> Core::Result<Ui::WizardDatabase> {
        auto engine = engines.open(location);
        if (!engine)
            return engine.error();
        return Ui::WizardDatabase{.repository = engine.value()->repository.get(), .auth = engine.value()->auth.get()};
    });
    if (!request.database.isEmpty())
        wizard.setFixedDatabase(request.database);
    else
        wizard.suggestDatabase(suggested, problem);
    wizard.exec();

    using Outcome = Ui::FirstStartWizard::Outcome;
    const Outcome outcome = wizard.outcome();
    if (outcome == Outcome::Cancelled)
        return std::unique_ptr<ConsoleStart>();
    if (outcome == Outcome::Demo)
        return startDemo();
    if (wizard.databaseChosenHere())
        remember(wizard.databaseLocation());
    if (outcome == Outcome::ExistingUsers)
        return signIn(engines.current());
    auto start = std::make_unique<ConsoleStart>();
    start->engine = engines.current();
    start->actor = wizard.actor(); // signed in by the wizard: no second sign-in
    return start;
}

} // namespace

ConsoleStart::~ConsoleStart()
{
    // The demo's folder outlives the engine, but its virtual stations read the engine's clock
    // as their sockets close: they go first.
    if (demo)
        demo->stop();
}

Started startConsole(const StartRequest &request)
{
    if (request.demo)
        return startDemo();
    Engines engines;
    const bool given = !request.database.isEmpty();
    QString location = given ? request.database : rememberedLocation();
    QString problem;
    if (!location.isEmpty()) {
        auto opened = given ? engines.open(location) : openRemembered(engines, location);
        if (!opened && given)
            return opened.error();
        if (!opened) {
            problem = opened.error().message(); // the wizard lets the user choose again
        } else {
            location = engines.location(); // with the password typed, so the wizard need not ask
            auto empty = opened.value()->auth->needsFirstUser();
            // Not knowing whether users exist must not open the console unsigned.
            if (!empty)
                return empty.error();
            if (!empty.value())
                return signIn(opened.value());
        }
    }
    return runWizard(engines, request, location, problem);
}

Ui::Services windowServices(Engine &engine, OcppServer &ocpp)
{
    return Ui::Services{.auth = engine.auth.get(),
                        .stations = engine.stations.get(),
                        .settlement = &engine.sessions->settlement(),
                        .sessionControl = &ocpp.sessionControl(),
                        .gateway = &ocpp.gateway(),
                        .liveConfiguration = &ocpp.liveConfiguration(),
                        .reservations = &ocpp.reservations(),
                        .messageLog = engine.messageLog.get(),
                        .loadBalancing = &ocpp.loadBalancing()};
}

} // namespace ChargeDesk::App
