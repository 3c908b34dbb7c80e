#include "ui/shell/firststartwizard.h"

#include "core/authservice.h"
#include "core/catalog.h"
#include "core/repository.h"
#include "ui/shell/firststartwizard_p.h"
#include "ui/widgets/tr.h"

#include <QApplication>
#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QRadioButton>
#include <QStyle>
#include <QVBoxLayout>

namespace ChargeDesk::Ui {

using Core::Tables::SiteSettings;

// --- shared state -------------------------------------------------------------------------

Core::Result<bool> FirstStartState::open(const QString &where)
{
    if (where != location || !db.repository) {
        auto opened = opener(where);
        if (!opened)
            return opened.error();
        db = opened.value();
        location = where;
        ++generation;
        siteId.reset();
    }
    return db.auth->needsFirstUser();
}

std::optional<Core::Error> FirstStartState::tryOut(const std::function<Core::Status()> &work)
{
    std::optional<Core::Error> verdict;
    bool ran = false;
    const Core::Status undone = db.repository->database().transaction([&]() -> Core::Status {
        ran = true;
        if (Core::Status done = work(); !done)
            verdict = done.error();
        return Core::Error(Core::Error::Kind::Conflict, QStringLiteral("rolled back on purpose"));
    });
    if (!ran) // the transaction could not even start: the connection is gone
        verdict = undone.error();
    return verdict;
}

Core::Status FirstStartState::writeSite()
{
    if (siteId)
        return db.repository->update(Core::Actor::system(), SiteSettings, *siteId, site);
    auto created = db.repository->create(Core::Actor::system(), SiteSettings, site);
    if (!created)
        return created.error();
    return Core::Ok{};
}

Core::Status FirstStartState::finish()
{
    const Core::Status written = db.repository->database().transaction([&]() -> Core::Status {
        // Another console on the same PostgreSQL database may have finished its wizard first.
        auto empty = db.auth->needsFirstUser();
        if (!empty)
            return empty.error();
        if (!empty.value())
            return Core::Error(Core::Error::Kind::Conflict,
                               Tr::tr("Someone else has set up this database in the meantime. "
                                      "Close this window and start again to sign in."));
        if (Core::Status s = writeSite(); !s)
            return s;
        auto created = db.auth->createUser(Core::Actor::system(), user, password);
        if (!created)
            return created.error();
        return Core::Ok{};
    });
    if (!written)
        return written;
    auto signedIn = db.auth->signIn(user.value(QStringLiteral("email")).toString(), password);
    if (!signedIn)
        return signedIn.error();
    actor = signedIn.value();
    password.clear();
    outcome = FirstStartWizard::Outcome::SignedIn;
    return Core::Ok{};
}

// --- helpers ------------------------------------------------------------------------------

bool openForSetUp(FirstStartState &state, QWizard *wizard, const QString &location, QString &problem)
{
    QApplication::setOverrideCursor(Qt::WaitCursor);
    const auto empty = state.open(location);
    QApplication::restoreOverrideCursor();
    if (!empty) {
        problem = empty.error().message();
        return false;
    }
    if (!empty.value()) {
        state.outcome = FirstStartWizard::Outcome::ExistingUsers;
        wizard->QDialog::done(QDialog::Accepted); // QWizard::done would validate the page again
        return false;
    }
    return true;
}

FieldMessages::FieldMessages(QFormLayout *form, QLabel *banner)
    : m_form(form)
    , m_banner(banner)
{}

void FieldMessages::addRow(const QString &label, QWidget *input, const QString &field, const QString &hint)
{
    auto *message = new QLabel(input->parentWidget());
    message->setObjectName(QStringLiteral("error_") + field);
    message->setTextFormat(Qt::PlainText);
    message->setWordWrap(true);
    QPalette red = message->palette();
    red.setColor(QPalette::WindowText, errorColor(red));
    message->setPalette(red);
    m_form->addRow(label, input);
    if (!hint.isEmpty())
        m_form->addRow(QString(), makeHint(hint, input->parentWidget()));
    m_form->addRow(static_cast<QWidget *>(nullptr), message);
    m_form->setRowVisible(message, false);
    m_rows.insert(field, Row{input, message});
    m_order << field;

    const auto fixing = [this, message] {
        m_form->setRowVisible(message, false);
    };
    if (auto *line = qobject_cast<QLineEdit *>(input))
        QObject::connect(line, &QLineEdit::textEdited, message, fixing);
    if (auto *combo = qobject_cast<QComboBox *>(input)) {
        QObject::connect(combo, &QComboBox::activated, message, fixing);
        if (combo->isEditable())
            QObject::connect(combo->lineEdit(), &QLineEdit::textEdited, message, fixing);
    }
}

void FieldMessages::clear()
{
    for (const Row &row : std::as_const(m_rows)) {
        row.message->clear();
        m_form->setRowVisible(row.message, false);
    }
    m_banner->clear();
    m_banner->hide();
}

void FieldMessages::show(const Core::Error &error)
{
    if (error.kind() == Core::Error::Kind::Validation && !error.fields().isEmpty()) {
        show(error.fields());
        return;
    }
    m_banner->setText(error.message());
    m_banner->show();
}

void FieldMessages::show(const QList<Core::FieldError> &errors)
{
    QHash<QString, QStringList> byField;
    QStringList elsewhere;
    for (const Core::FieldError &e : errors) {
        // Core lists the most specific problem first; a value it could not read is also
        // reported as missing, which would only repeat the first message.
        if (!m_rows.contains(e.field))
            elsewhere << e.message;
        else if (!byField.contains(e.field))
            byField[e.field] << e.message;
    }
    bool focused = false;
    for (const QString &field : std::as_const(m_order)) {
        if (!byField.contains(field))
            continue;
        const Row &row = m_rows[field];
        row.message->setText(byField.value(field).join(QLatin1Char('\n')));
        m_form->setRowVisible(row.message, true);
        if (!focused) {
            focused = true;
            row.input->setFocus(Qt::OtherFocusReason);
        }
    }
    if (!elsewhere.isEmpty()) {
        m_banner->setText(elsewhere.join(QLatin1Char('\n')));
        m_banner->show();
    }
}

// --- welcome ------------------------------------------------------------------------------

WelcomePage::WelcomePage(FirstStartState &state, QWidget *parent)
    : QWizardPage(parent)
    , m_state(state)
{
    setObjectName(QStringLiteral("welcomePage"));
    setTitle(Tr::tr("Welcome to ChargeDesk"));
    setSubTitle(Tr::tr("A few questions and your console is ready. Set up your own charging network, or look "
                       "around a demo network first."));
    setButtonText(QWizard::FinishButton, Tr::tr("Start the &demo"));

    m_setUp = new QRadioButton(Tr::tr("&Set up a new charging network"), this);
    m_setUp->setObjectName(QStringLiteral("setUpNetwork"));
    m_setUp->setChecked(true);
    m_demo = new QRadioButton(Tr::tr("&Try the demo"), this);
    m_demo->setObjectName(QStringLiteral("tryDemo"));
    m_banner = makeBanner(QStringLiteral("welcomeError"), this);

    // Descriptions line up with the option's text, not with its round button.
    const int indent = style()->pixelMetric(QStyle::PM_ExclusiveIndicatorWidth) +
                       style()->pixelMetric(QStyle::PM_RadioButtonLabelSpacing);
    const auto described = [indent, this](QRadioButton *option, const QString &text) {
        auto *hint = makeHint(text, this);
        hint->setContentsMargins(indent, 0, 0, 0);
        auto *box = new QVBoxLayout;
        box->setSpacing(2);
        box->addWidget(option);
        box->addWidget(hint);
        return box;
    };
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(described(m_setUp, Tr::tr("Choose where the data is kept, describe your site and create the "
                                                "first power user. It takes about two minutes.")));
    layout->addSpacing(fontMetrics().height());
    layout->addLayout(described(m_demo, Tr::tr("Virtual chargers, drivers and a smart meter play a small network, "
                                               "so you see live sessions, load balancing and reports right away. "
                                               "Nothing is kept when the console closes.")));
    layout->addStretch(1);
    layout->addWidget(m_banner);

    // The demo ends the wizard here, so the button below reads Finish instead of Next
    // (QWizard only asks nextId() again when the page's final state changes).
    connect(m_demo, &QRadioButton::toggled, this, &QWizardPage::setFinalPage);
}

int WelcomePage::nextId() const
{
    if (m_demo->isChecked())
        return -1;
    return m_state.fixedLocation.isEmpty() ? FirstStartWizard::DatabasePage : FirstStartWizard::SitePage;
}

bool WelcomePage::validatePage()
{
    m_banner->hide();
    if (m_demo->isChecked()) {
        m_state.outcome = FirstStartWizard::Outcome::Demo;
        return true;
    }
    if (m_state.fixedLocation.isEmpty())
        return true;
    QString problem;
    if (openForSetUp(m_state, wizard(), m_state.fixedLocation, problem))
        return true;
    if (!problem.isEmpty()) {
        m_banner->setText(problem);
        m_banner->show();
    }
    return false;
}

// --- summary ------------------------------------------------------------------------------

SummaryPage::SummaryPage(FirstStartState &state, QWidget *parent)
    : QWizardPage(parent)
    , m_state(state)
{
    setObjectName(QStringLiteral("summaryPage"));
    setTitle(Tr::tr("Ready to start"));
    setSubTitle(Tr::tr("Check what you entered. Go back to change anything; nothing is saved until you open the "
                       "console."));
    setButtonText(QWizard::FinishButton, Tr::tr("&Open console"));

    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("summary"));
    m_summary->setTextFormat(Qt::RichText);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_banner = makeBanner(QStringLiteral("finishError"), this);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addStretch(1);
    layout->addWidget(m_banner);
}

void SummaryPage::initializePage()
{
    m_banner->hide();
    const Core::Record &site = m_state.site;
    const Core::Record &user = m_state.user;
    const auto text = [&site](const QString &field) {
        return site.value(field).toString().toHtmlEscaped();
    };
    const QString none = QStringLiteral("<i>%1</i>").arg(Tr::tr("none"));
    const QString logo = site.value(QStringLiteral("logo")).toByteArray().isEmpty()
                             ? none
                             : QLocale().formattedDataSize(site.value(QStringLiteral("logo")).toByteArray().size());
    const QString organisation = text(QStringLiteral("organisation"));
    const QList<std::pair<QString, QString>> rows{
        {Tr::tr("Data"), m_state.db.repository->database().displayLocation().toHtmlEscaped()},
        {Tr::tr("Site"), text(QStringLiteral("name"))},
        {Tr::tr("Organisation"), organisation.isEmpty() ? none : organisation},
        {Tr::tr("Currency"), text(QStringLiteral("currency"))},
        {Tr::tr("Time zone"), text(QStringLiteral("time_zone"))},
        {Tr::tr("Language"), languageName(site.value(QStringLiteral("language")).toString()).toHtmlEscaped()},
        {Tr::tr("Logo"), logo},
        {Tr::tr("Power user"), Tr::tr("%1 %2 &lt;%3&gt;", "first name, last name, email")
                                   .arg(user.value(QStringLiteral("first_name")).toString().toHtmlEscaped(),
                                        user.value(QStringLiteral("last_name")).toString().toHtmlEscaped(),
                                        user.value(QStringLiteral("email")).toString().toHtmlEscaped())},
    };
    QString html = QStringLiteral("<table cellspacing=\"6\">");
    for (const auto &[label, value] : rows)
        html += QStringLiteral("<tr><td style=\"color:%1\">%2</td><td>%3</td></tr>")
                    .arg(mutedColor(palette()).name(), label.toHtmlEscaped(), value);
    m_summary->setText(html + QStringLiteral("</table>"));
}

bool SummaryPage::validatePage()
{
    m_banner->hide();
    // Creating the user hashes the password twice over (create, then sign in): deliberately slow.
    QApplication::setOverrideCursor(Qt::WaitCursor);
    const Core::Status finished = m_state.finish();
    QApplication::restoreOverrideCursor();
    if (!finished) {
        m_banner->setText(finished.error().message());
        m_banner->show();
        return false;
    }
    return true;
}

// --- the wizard ---------------------------------------------------------------------------

FirstStartWizard::FirstStartWizard(DatabaseOpener opener, QWidget *parent)
    : QWizard(parent)
    , m_state(std::make_unique<FirstStartState>())
{
    m_state->opener = std::move(opener);
    setObjectName(QStringLiteral("firstStartWizard"));
    setWindowTitle(Tr::tr("Set up ChargeDesk"));
    setOption(QWizard::NoBackButtonOnStartPage);
    // Windows and macOS have their own wizard look; elsewhere the style offers only the
    // bare classic one, and the modern header reads better as a product's first screen.
    if (wizardStyle() == QWizard::ClassicStyle)
        setWizardStyle(QWizard::ModernStyle);
    setPage(WelcomePage, new Ui::WelcomePage(*m_state, this));
    setPage(DatabasePage, new Ui::DatabasePage(*m_state, this));
    setPage(SitePage, new Ui::SitePage(*m_state, this));
    setPage(UserPage, new Ui::UserPage(*m_state, this));
    setPage(SummaryPage, new Ui::SummaryPage(*m_state, this));
    // Mnemonics on the pages stay clear of the buttons' own: Alt+N is Next, Alt+B is Back.
    setStartId(WelcomePage);
    // Titles a step larger than the text, as the first thing a new user reads.
    setTitleFormat(Qt::RichText);
    for (int id : pageIds())
        page(id)->setTitle(
            QStringLiteral("<span style=\"font-size:large\">%1</span>").arg(page(id)->title().toHtmlEscaped()));
    setMinimumSize(660, 560);
}

FirstStartWizard::~FirstStartWizard() = default;

void FirstStartWizard::setFixedDatabase(const QString &location)
{
    m_state->fixedLocation = location;
}

void FirstStartWizard::suggestDatabase(const QString &location, const QString &problem)
{
    m_state->suggestedLocation = location;
    m_state->suggestedProblem = problem;
}

FirstStartWizard::Outcome FirstStartWizard::outcome() const
{
    return result() == QDialog::Accepted ? m_state->outcome : Outcome::Cancelled;
}

QString FirstStartWizard::databaseLocation() const
{
    return m_state->location;
}

bool FirstStartWizard::databaseChosenHere() const
{
    return m_state->fixedLocation.isEmpty();
}

Core::Actor FirstStartWizard::actor() const
{
    return m_state->actor;
}

} // namespace ChargeDesk::Ui
