#pragma once

// Inside the first-start wizard: the state its pages share, the pages, and the helper that
// shows core's messages beside the fields. Only the wizard's own files include this.

#include "core/entitydef.h"
#include "ui/shell/firststartwizard.h"
#include "ui/widgets/formstyle.h"

#include <QHash>
#include <QWizardPage>

#include <optional>

class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;
class QSpinBox;
class QThread;

namespace ChargeDesk::Ui {

struct FirstStartState
{
    DatabaseOpener opener;
    QString fixedLocation; // from the command line; empty when the user chooses
    QString suggestedLocation;
    QString suggestedProblem;

    QString location; // the database that is open, empty before
    WizardDatabase db;
    int generation = 0; // counts the databases opened, so that pages reload after a change

    Core::Record site;            // as the site page accepted it
    std::optional<qint64> siteId; // the row to update when the database has one already
    Core::Record user;            // as the user page accepted it
    QString password;

    FirstStartWizard::Outcome outcome = FirstStartWizard::Outcome::Cancelled;
    Core::Actor actor;

    // Opens `where` (unless it is open already) and says whether it still needs its first user.
    Core::Result<bool> open(const QString &where);
    // Core's verdict on `work` with nothing kept: the work runs in a transaction that is always
    // rolled back, so a page checks its input with every rule of the real write (fields,
    // uniqueness, references) before the user moves on.
    std::optional<Core::Error> tryOut(const std::function<Core::Status()> &work);
    Core::Status writeSite();
    // Writes the site and creates the user in one transaction, then signs the user in.
    Core::Status finish();
};

// Opens `location` for the wizard. False with `problem` set when it cannot be opened; a
// database that already has users ends the wizard, since its users sign in instead.
bool openForSetUp(FirstStartState &state, QWizard *wizard, const QString &location, QString &problem);

// Messages beside the fields of one form; what concerns no field shown goes to the banner.
class FieldMessages final
{
public:
    FieldMessages(QFormLayout *form, QLabel *banner);

    // Adds the labelled row for `input`, a grey `hint` under it when given, and the place for
    // messages on `field`. Editing the input hides its message: the user is fixing it.
    void addRow(const QString &label, QWidget *input, const QString &field, const QString &hint = {});
    void clear();
    void show(const Core::Error &error);
    // Shows every message and focuses the first field concerned.
    void show(const QList<Core::FieldError> &errors);

private:
    struct Row
    {
        QWidget *input;
        QLabel *message;
    };
    QFormLayout *m_form;
    QLabel *m_banner;
    QHash<QString, Row> m_rows;
    QStringList m_order;
};

// A site language code ("de") as its speakers write it ("Deutsch").
QString languageName(const QString &code);

class WelcomePage final : public QWizardPage
{
    Q_OBJECT

public:
    explicit WelcomePage(FirstStartState &state, QWidget *parent = nullptr);

    int nextId() const override;
    bool validatePage() override;

private:
    FirstStartState &m_state;
    QRadioButton *m_setUp;
    QRadioButton *m_demo;
    QLabel *m_banner;
};

class DatabasePage final : public QWizardPage
{
    Q_OBJECT

public:
    explicit DatabasePage(FirstStartState &state, QWidget *parent = nullptr);
    ~DatabasePage() override;

    void initializePage() override;
    bool isComplete() const override;
    bool validatePage() override;

private:
    bool usesServer() const;
    QString serverUrl() const;
    void showLocation(const QString &location);
    void updateMode();
    bool serverFieldsFilled() const;
    void updateTestButton();
    void browse();
    // Tries the server's settings on another thread; `thenNext` moves on when it worked.
    void testConnection(bool thenNext);
    void connectionTested(const QString &url, const QString &error, bool thenNext);
    void showStatus(const QString &html, bool problem);
    bool openChosen(const QString &location, QLabel *messages);

    FirstStartState &m_state;
    QRadioButton *m_useFile;
    QRadioButton *m_useServer;
    QWidget *m_fileBox;
    QLineEdit *m_filePath;
    QLabel *m_fileError;
    QWidget *m_serverBox;
    QLineEdit *m_host;
    QSpinBox *m_port;
    QLineEdit *m_database;
    QLineEdit *m_user;
    QLineEdit *m_password;
    QPushButton *m_test;
    QLabel *m_status;
    QThread *m_tester = nullptr;
    QString m_verifiedUrl; // the settings that last connected, so Next does not try twice
};

class SitePage final : public QWizardPage
{
    Q_OBJECT

public:
    explicit SitePage(FirstStartState &state, QWidget *parent = nullptr);

    void initializePage() override;
    bool validatePage() override;

private:
    void load(const Core::Record &site);
    Core::Record values() const;
    void chooseLogo();
    void setLogo(const QByteArray &bytes);

    FirstStartState &m_state;
    int m_loaded = -1; // the database generation the fields show
    QLineEdit *m_name;
    QLineEdit *m_organisation;
    QComboBox *m_currency;
    QComboBox *m_timeZone;
    QComboBox *m_language;
    QLabel *m_logoPreview;
    QPushButton *m_removeLogo;
    QByteArray m_logo;
    QLabel *m_banner;
    std::unique_ptr<FieldMessages> m_messages;
};

class UserPage final : public QWizardPage
{
    Q_OBJECT

public:
    explicit UserPage(FirstStartState &state, QWidget *parent = nullptr);

    bool validatePage() override;

private:
    FirstStartState &m_state;
    QLineEdit *m_firstName;
    QLineEdit *m_lastName;
    QLineEdit *m_email;
    QLineEdit *m_password;
    QLineEdit *m_repeat;
    QLabel *m_banner;
    std::unique_ptr<FieldMessages> m_messages;
};

class SummaryPage final : public QWizardPage
{
    Q_OBJECT

public:
    explicit SummaryPage(FirstStartState &state, QWidget *parent = nullptr);

    void initializePage() override;
    bool validatePage() override;

private:
    FirstStartState &m_state;
    QLabel *m_summary;
    QLabel *m_banner;
};

} // namespace ChargeDesk::Ui
