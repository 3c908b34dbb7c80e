#pragma once

#include "core/actor.h"
#include "core/error.h"

#include <QWizard>

#include <functional>
#include <memory>
#include <optional>

namespace ChargeDesk::Core {
class AuthService;
class Repository;
} // namespace ChargeDesk::Core

namespace ChargeDesk::Ui {

// The services over the database the wizard sets up. Whoever starts the console builds
// them (app/), so that the wizard works on the very engine the console then opens.
struct WizardDatabase
{
    Core::Repository *repository = nullptr;
    Core::AuthService *auth = nullptr;
};

// Opens the database at `location` (a file path or a postgresql:// URL), creating and
// migrating it when it is new. Called on the UI thread once the user has chosen it.
using DatabaseOpener = std::function<Core::Result<WizardDatabase>(const QString &location)>;

// Asks for the password of a remembered PostgreSQL database at start, since it is never
// stored. `problem` is why the last try failed. Nothing when the user would rather choose
// another database.
std::optional<QString> askDatabasePassword(const QString &location, const QString &problem, QWidget *parent = nullptr);

struct FirstStartState;

// What the console shows when it has no database yet, or a database without users: a choice
// between a new network and the demo, where to keep the data, the site's settings and the
// first power user. Nothing is kept before Finish, which writes the site and the user in one
// transaction and signs that user in.
class FirstStartWizard final : public QWizard
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FirstStartWizard)

public:
    enum Page { WelcomePage, DatabasePage, SitePage, UserPage, SummaryPage };
    enum class Outcome {
        Cancelled,
        Demo,          // the user wants to try the demo network instead
        ExistingUsers, // the chosen database is already set up: sign in as usual
        SignedIn,      // the network is set up and actor() is its first power user
    };

    explicit FirstStartWizard(DatabaseOpener opener, QWidget *parent = nullptr);
    ~FirstStartWizard() override;

    // The database named on the command line: the wizard works on it and skips its page.
    void setFixedDatabase(const QString &location);
    // The database page starts on `location` (the one remembered), showing `problem` when it
    // could not be opened.
    void suggestDatabase(const QString &location, const QString &problem = {});

    Outcome outcome() const;
    // Where the opened database lives. A PostgreSQL URL includes the password typed, so
    // keep it in memory; strip the password before storing it anywhere.
    QString databaseLocation() const;
    // False when the command line fixed the database.
    bool databaseChosenHere() const;
    Core::Actor actor() const;

private:
    std::unique_ptr<FirstStartState> m_state;
};

} // namespace ChargeDesk::Ui
