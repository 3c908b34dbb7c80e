#include "core/database.h"
#include "ui/shell/firststartwizard_p.h"
#include "ui/widgets/tr.h"

#include <QApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QStyle>
#include <QThread>
#include <QUrl>
#include <QVBoxLayout>

namespace ChargeDesk::Ui {

namespace {

bool isServerUrl(const QString &location)
{
    return location.startsWith(QLatin1String("postgresql://")) || location.startsWith(QLatin1String("postgres://"));
}

// libpq's wording, turned into a sentence an operator can act on. Unknown problems get a
// general sentence; the page shows the server's own words under it either way.
QString explainConnectionError(const QUrl &url, const QString &raw)
{
    const auto has = [&raw](const char *text) {
        return raw.contains(QLatin1String(text), Qt::CaseInsensitive);
    };
    const QString host = url.host();
    if (has("password authentication failed") || has("no password supplied"))
        return Tr::tr("The server refused this user name and password.");
    if (has("database \"") && has("does not exist"))
        return Tr::tr("The server has no database named “%1”. Create it first, or check the name.")
            .arg(url.path().mid(1));
    if (has("role \"") && has("does not exist"))
        return Tr::tr("The server has no user named “%1”.").arg(url.userName());
    if (has("could not translate host name") || has("Name or service not known"))
        return Tr::tr("The host “%1” cannot be found. Check its name and this computer's network.").arg(host);
    if (has("Connection refused"))
        return Tr::tr("Nothing answers at %1, port %2. Check the host and the port, and that the server "
                      "accepts connections from this computer.")
            .arg(host)
            .arg(url.port(5432));
    if (has("timeout expired") || has("timed out"))
        return Tr::tr("%1 did not answer in time. Check the host and this computer's network.").arg(host);
    if (has("no pg_hba.conf entry"))
        return Tr::tr("The server does not let this user reach this database from this computer "
                      "(see the server's pg_hba.conf).");
    if (has("driver not loaded"))
        return Tr::tr("The PostgreSQL driver is not installed on this computer.");
    return Tr::tr("Cannot connect to the server.");
}

} // namespace

DatabasePage::DatabasePage(FirstStartState &state, QWidget *parent)
    : QWizardPage(parent)
    , m_state(state)
{
    setObjectName(QStringLiteral("databasePage"));
    setTitle(Tr::tr("Where to keep the data"));
    setSubTitle(Tr::tr("A file on this computer suits a single console. A PostgreSQL server lets several consoles "
                       "and a ChargeDesk server share one network."));

    m_useFile = new QRadioButton(Tr::tr("A &file on this computer (SQLite)"), this);
    m_useFile->setObjectName(QStringLiteral("useFile"));
    m_useServer = new QRadioButton(Tr::tr("A &PostgreSQL server"), this);
    m_useServer->setObjectName(QStringLiteral("useServer"));

    m_fileBox = new QWidget(this);
    m_filePath = new QLineEdit(m_fileBox);
    m_filePath->setObjectName(QStringLiteral("filePath"));
    auto *browseButton = new QPushButton(Tr::tr("B&rowse…"), m_fileBox);
    browseButton->setObjectName(QStringLiteral("browseFile"));
    m_fileError = new QLabel(m_fileBox);
    m_fileError->setObjectName(QStringLiteral("fileError"));
    m_fileError->setWordWrap(true);
    m_fileError->setTextFormat(Qt::PlainText);
    QPalette red = m_fileError->palette();
    red.setColor(QPalette::WindowText, errorColor(red));
    m_fileError->setPalette(red);
    m_fileError->hide();
    auto *fileRow = new QHBoxLayout;
    fileRow->addWidget(m_filePath, 1);
    fileRow->addWidget(browseButton);
    auto *fileLayout = new QVBoxLayout(m_fileBox);
    fileLayout->addLayout(fileRow);
    fileLayout->addWidget(m_fileError);
    fileLayout->addWidget(makeHint(Tr::tr("A new file is created when it does not exist yet."), m_fileBox));

    m_serverBox = new QWidget(this);
    m_host = new QLineEdit(m_serverBox);
    m_host->setObjectName(QStringLiteral("serverHost"));
    m_host->setPlaceholderText(Tr::tr("db.example.com"));
    m_port = new QSpinBox(m_serverBox);
    m_port->setObjectName(QStringLiteral("serverPort"));
    m_port->setRange(1, 65535);
    m_port->setValue(5432);
    m_database = new QLineEdit(QStringLiteral("chargedesk"), m_serverBox);
    m_database->setObjectName(QStringLiteral("serverDatabase"));
    m_user = new QLineEdit(m_serverBox);
    m_user->setObjectName(QStringLiteral("serverUser"));
    m_password = new QLineEdit(m_serverBox);
    m_password->setObjectName(QStringLiteral("serverPassword"));
    m_password->setEchoMode(QLineEdit::Password);
    m_test = new QPushButton(Tr::tr("&Test connection"), m_serverBox);
    m_test->setObjectName(QStringLiteral("testConnection"));
    m_status = new QLabel(m_serverBox);
    m_status->setObjectName(QStringLiteral("connectionStatus"));
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::RichText);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *portLabel = new QLabel(Tr::tr("P&ort:"), m_serverBox);
    portLabel->setBuddy(m_port);
    auto *hostLabel = new QLabel(Tr::tr("&Host:"), m_serverBox);
    hostLabel->setBuddy(m_host);
    auto *hostRow = new QHBoxLayout;
    hostRow->addWidget(m_host, 1);
    hostRow->addWidget(portLabel);
    hostRow->addWidget(m_port);
    auto *testRow = new QHBoxLayout;
    testRow->addWidget(m_test);
    testRow->addStretch(1);
    auto *serverForm = new QFormLayout;
    serverForm->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    serverForm->addRow(hostLabel, hostRow);
    serverForm->addRow(Tr::tr("&Database:"), m_database);
    serverForm->addRow(Tr::tr("&User:"), m_user);
    serverForm->addRow(Tr::tr("Pass&word:"), m_password);
    // Why the password is never kept: QSettings is a plain file any program of this user
    // can read, and libpq's own ~/.pgpass already serves those who want no prompt.
    serverForm->addRow(QString(), makeHint(Tr::tr("ChargeDesk remembers the server but not the password: it asks "
                                                  "for it when the console starts, unless ~/.pgpass has it."),
                                           m_serverBox));
    serverForm->addRow(QString(), testRow);
    serverForm->addRow(QString(), m_status);
    m_serverBox->setLayout(serverForm);

    const int indent = style()->pixelMetric(QStyle::PM_ExclusiveIndicatorWidth) +
                       style()->pixelMetric(QStyle::PM_RadioButtonLabelSpacing);
    fileLayout->setContentsMargins(indent, 0, 0, 0);
    serverForm->setContentsMargins(indent, 0, 0, 0);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_useFile);
    layout->addWidget(m_fileBox);
    layout->addSpacing(fontMetrics().height() / 2);
    layout->addWidget(m_useServer);
    layout->addWidget(m_serverBox);
    layout->addStretch(1);

    // Each option's fields right after the option, whatever the order the widgets were made in.
    QWidget *chain[] = {m_useFile, m_filePath, browseButton, m_useServer, m_host,
                        m_port,    m_database, m_user,       m_password,  m_test};
    for (std::size_t i = 1; i < std::size(chain); ++i)
        setTabOrder(chain[i - 1], chain[i]);

    connect(m_useFile, &QRadioButton::toggled, this, &DatabasePage::updateMode);
    connect(browseButton, &QPushButton::clicked, this, &DatabasePage::browse);
    connect(m_test, &QPushButton::clicked, this, [this] { testConnection(false); });
    for (QLineEdit *edit : {m_filePath, m_host, m_database, m_user}) {
        connect(edit, &QLineEdit::textChanged, this, &QWizardPage::completeChanged);
        connect(edit, &QLineEdit::textChanged, this, &DatabasePage::updateTestButton);
    }
    m_useFile->setChecked(true);
    updateMode();
    updateTestButton();
}

DatabasePage::~DatabasePage()
{
    // A test still running holds a connection attempt that ends within libpq's timeout.
    if (m_tester) {
        m_tester->wait();
        delete m_tester;
    }
}

void DatabasePage::initializePage()
{
    if (!m_filePath->text().isEmpty() || !m_host->text().isEmpty())
        return; // back from a later page: keep what the user chose
    showLocation(m_state.suggestedLocation);
    if (!m_state.suggestedProblem.isEmpty()) {
        if (usesServer())
            showStatus(m_state.suggestedProblem.toHtmlEscaped(), true);
        else {
            m_fileError->setText(m_state.suggestedProblem);
            m_fileError->show();
        }
    }
}

void DatabasePage::showLocation(const QString &location)
{
    if (!isServerUrl(location)) {
        m_filePath->setText(
            QDir::toNativeSeparators(location.isEmpty() ? Core::Database::defaultSqlitePath() : location));
        m_useFile->setChecked(true);
        return;
    }
    const QUrl url(location);
    m_host->setText(url.host());
    m_port->setValue(url.port(5432));
    m_database->setText(url.path().mid(1));
    m_user->setText(url.userName());
    m_password->setText(url.password());
    m_useServer->setChecked(true);
    m_filePath->setText(QDir::toNativeSeparators(Core::Database::defaultSqlitePath()));
}

bool DatabasePage::usesServer() const
{
    return m_useServer->isChecked();
}

QString DatabasePage::serverUrl() const
{
    QUrl url;
    url.setScheme(QStringLiteral("postgresql"));
    url.setHost(m_host->text().trimmed());
    url.setPort(m_port->value());
    url.setUserName(m_user->text().trimmed());
    if (!m_password->text().isEmpty())
        url.setPassword(m_password->text());
    url.setPath(QLatin1Char('/') + m_database->text().trimmed());
    return url.toString(QUrl::FullyEncoded);
}

void DatabasePage::updateMode()
{
    m_fileBox->setEnabled(!usesServer());
    m_serverBox->setEnabled(usesServer());
    emit completeChanged();
}

void DatabasePage::browse()
{
    // An existing file is opened, not replaced, so choosing one needs no overwrite question.
    const QString path = QFileDialog::getSaveFileName(this, Tr::tr("Database file"), m_filePath->text(),
                                                      Tr::tr("ChargeDesk database (*.sqlite);;All files (*)"), nullptr,
                                                      QFileDialog::DontConfirmOverwrite);
    if (!path.isEmpty())
        m_filePath->setText(QDir::toNativeSeparators(path));
}

bool DatabasePage::serverFieldsFilled() const
{
    return !m_host->text().trimmed().isEmpty() && !m_database->text().trimmed().isEmpty() &&
           !m_user->text().trimmed().isEmpty();
}

void DatabasePage::updateTestButton()
{
    m_test->setEnabled(!m_tester && serverFieldsFilled());
}

bool DatabasePage::isComplete() const
{
    if (m_tester)
        return false;
    return usesServer() ? serverFieldsFilled() : !m_filePath->text().trimmed().isEmpty();
}

bool DatabasePage::validatePage()
{
    m_fileError->hide();
    QString problem;
    if (!usesServer()) {
        const QString path = QFileInfo(QDir::fromNativeSeparators(m_filePath->text().trimmed())).absoluteFilePath();
        if (QFileInfo(path).isDir()) {
            problem = Tr::tr("This is a folder. Name a file inside it, for example chargedesk.sqlite.");
        } else if (openForSetUp(m_state, wizard(), path, problem)) {
            return true;
        }
        if (!problem.isEmpty()) {
            m_fileError->setText(problem);
            m_fileError->show();
        }
        return false;
    }
    // Connecting to a far or absent server can take seconds: that happens on another thread,
    // and only a server that just answered is opened here on the UI thread.
    const QString url = serverUrl();
    if (url != m_verifiedUrl) {
        testConnection(true);
        return false;
    }
    if (openForSetUp(m_state, wizard(), url, problem))
        return true;
    if (!problem.isEmpty())
        showStatus(problem.toHtmlEscaped(), true);
    return false;
}

void DatabasePage::testConnection(bool thenNext)
{
    if (m_tester)
        return;
    const QString url = serverUrl();
    auto error = std::make_shared<QString>();
    // The connection is made, checked and closed on the tester's thread: a QSqlDatabase
    // belongs to the thread that opened it.
    m_tester = QThread::create([url, error] {
        auto db = Core::Database::open(url);
        if (!db)
            *error = db.error().message();
    });
    connect(m_tester, &QThread::finished, this, [this, url, error, thenNext] {
        m_tester->deleteLater();
        m_tester = nullptr;
        updateTestButton();
        connectionTested(url, *error, thenNext);
        emit completeChanged();
    });
    updateTestButton();
    m_status->setText(Tr::tr("Connecting to %1…").arg(m_host->text().trimmed()).toHtmlEscaped());
    emit completeChanged();
    m_tester->start();
}

void DatabasePage::connectionTested(const QString &url, const QString &error, bool thenNext)
{
    if (!error.isEmpty()) {
        m_verifiedUrl.clear();
        // Under the sentence, the server's own words without our prefix (which repeats the
        // server's address) and without the driver's closing "Unable to connect".
        QString detail = error;
        if (const qsizetype colon = detail.indexOf(QLatin1String(": ")); colon > 0)
            detail = detail.mid(colon + 2);
        detail = detail.remove(QLatin1String("QPSQL: Unable to connect")).simplified();
        showStatus(QStringLiteral("<b>%1</b><br><span style=\"color:%2\">%3</span>")
                       .arg(explainConnectionError(QUrl(url), error).toHtmlEscaped(), mutedColor(palette()).name(),
                            detail.toHtmlEscaped()),
                   true);
        return;
    }
    m_verifiedUrl = url;
    QUrl shown(url);
    shown.setPassword(QString());
    showStatus(Tr::tr("✓ Connected to %1.").arg(shown.toDisplayString()).toHtmlEscaped(), false);
    if (thenNext && url == serverUrl() && wizard()->currentPage() == this)
        wizard()->next();
}

void DatabasePage::showStatus(const QString &html, bool problem)
{
    const bool dark = palette().color(QPalette::Window).lightness() < 128;
    const QColor green = dark ? QColor(0x8c, 0xe0, 0x9c) : QColor(0x1b, 0x6e, 0x35);
    const QColor colour = problem ? errorColor(palette()) : green;
    m_status->setText(QStringLiteral("<span style=\"color:%1\">%2</span>").arg(colour.name(), html));
}

std::optional<QString> askDatabasePassword(const QString &location, const QString &problem, QWidget *parent)
{
    QUrl url(location);
    url.setPassword(QString());
    QDialog dialog(parent);
    dialog.setObjectName(QStringLiteral("databasePasswordDialog"));
    dialog.setWindowTitle(Tr::tr("Database password"));
    auto *explanation = new QLabel(Tr::tr("This network's data is on %1. Enter the password of the database user %2.")
                                       .arg(url.host(), url.userName()),
                                   &dialog);
    explanation->setWordWrap(true);
    auto *where = makeHint(url.toDisplayString(), &dialog);
    auto *password = new QLineEdit(&dialog);
    password->setObjectName(QStringLiteral("databasePassword"));
    password->setEchoMode(QLineEdit::Password);
    auto *error = new QLabel(&dialog);
    error->setWordWrap(true);
    QPalette red = error->palette();
    red.setColor(QPalette::WindowText, errorColor(red));
    error->setPalette(red);
    // A first try without a password fails as expected: only a later refusal is news.
    const bool expected = problem.contains(QLatin1String("no password supplied"), Qt::CaseInsensitive);
    error->setText(problem.isEmpty() || expected ? QString() : explainConnectionError(QUrl(location), problem));
    error->setVisible(!error->text().isEmpty());
    auto *buttons = new QDialogButtonBox(&dialog);
    buttons->addButton(Tr::tr("&Connect"), QDialogButtonBox::AcceptRole)->setDefault(true);
    buttons->addButton(Tr::tr("&Other database…"), QDialogButtonBox::RejectRole);
    QObject::connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);

    auto *form = new QFormLayout;
    form->addRow(Tr::tr("&Password:"), password);
    auto *layout = new QVBoxLayout(&dialog);
    layout->setContentsMargins(24, 20, 24, 16);
    layout->addWidget(explanation);
    layout->addWidget(where);
    layout->addSpacing(6);
    layout->addLayout(form);
    layout->addWidget(error);
    layout->addSpacing(6);
    layout->addWidget(buttons);
    dialog.setMinimumWidth(420);
    password->setFocus();
    if (dialog.exec() != QDialog::Accepted)
        return std::nullopt;
    return password->text();
}

} // namespace ChargeDesk::Ui
