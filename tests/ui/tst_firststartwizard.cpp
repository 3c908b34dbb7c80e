#include "core/authservice.h"
#include "core/catalog.h"
#include "core/clock.h"
#include "core/database.h"
#include "core/migrator.h"
#include "core/repository.h"
#include "support/testdatabase.h"
#include "ui/shell/firststartwizard.h"

#include <QAbstractButton>
#include <QApplication>
#include <QBuffer>
#include <QComboBox>
#include <QFileDialog>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QRadioButton>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStyle>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUrl>

#include <functional>

using namespace ChargeDesk;
using namespace ChargeDesk::Core;
using namespace ChargeDesk::Ui;

// The first-start wizard as a new operator goes through it, driven by object names, over
// real databases that the test opens the way the console does (open, migrate, services).
class TestFirstStartWizard : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void welcome_demo_endsWithTheDemoAndOpensNothing();
    void fileDatabase_everyPage_createsSiteAndPowerUserSignedIn();
    void givenDatabase_skipsItsPage_andFinishWritesOnePowerUser();
    void givenDatabaseWithUsers_endsForSignIn();
    void cancelOnSummary_keepsNothing();
    void server_nothingListening_showsReadableErrorAndStays();
    void server_wrongPassword_showsRefusal();
    void server_testServer_connectsAndNextOpensIt();
    void sitePage_badInput_showsMessagesBesideFieldsAndStays();
    void userPage_badInput_showsEveryMessageAndStays();
    void passwordAtStart_showsRefusalAndReturnsWhatWasTyped();

private:
    DatabaseOpener opener();
    // Runs `step` on the next modal dialog as soon as it is open.
    void onNextModal(std::function<void(QWidget *)> step);
    static void next(FirstStartWizard &wizard);
    static void type(FirstStartWizard &wizard, const char *name, const QString &text);
    static QString message(FirstStartWizard &wizard, const char *field);
    // Clicks an option where a user does: on its round button (the rest of its row is not the button).
    static void choose(FirstStartWizard &wizard, const char *option);
    void fillSite(FirstStartWizard &wizard);
    void fillUser(FirstStartWizard &wizard, const QString &password = QStringLiteral("correct horse battery"));
    void fillServer(FirstStartWizard &wizard, const QUrl &url);
    QList<Record> rows(const QString &table);
    QByteArray logoPng();

    SystemClock m_clock;
    Catalog m_catalog;
    QTemporaryDir m_dir;
    int m_opened = 0;
    // The services over the database the wizard opened last, as the console would hold them.
    std::shared_ptr<Database> m_db;
    std::unique_ptr<Repository> m_repo;
    std::unique_ptr<AuthService> m_auth;
};

void TestFirstStartWizard::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
}

void TestFirstStartWizard::init()
{
    QSettings().clear();
    m_opened = 0;
}

void TestFirstStartWizard::cleanup()
{
    m_auth.reset();
    m_repo.reset();
    m_db.reset();
}

DatabaseOpener TestFirstStartWizard::opener()
{
    return [this](const QString &location) -> Result<WizardDatabase> {
        auto db = Database::open(location);
        if (!db)
            return db.error();
        if (auto migrated = Migrator(*db.value()).migrate(); !migrated)
            return migrated.error();
        m_auth.reset();
        m_repo.reset();
        m_db = db.value();
        m_repo = std::make_unique<Repository>(*m_db, m_catalog, m_clock);
        m_auth = std::make_unique<AuthService>(*m_repo);
        ++m_opened;
        return WizardDatabase{m_repo.get(), m_auth.get()};
    };
}

void TestFirstStartWizard::onNextModal(std::function<void(QWidget *)> step)
{
    auto *timer = new QTimer(this);
    timer->setInterval(20);
    connect(timer, &QTimer::timeout, this, [timer, step] {
        QWidget *modal = QApplication::activeModalWidget();
        if (!modal || qobject_cast<FirstStartWizard *>(modal))
            return;
        timer->stop();
        timer->deleteLater();
        step(modal);
    });
    timer->start();
}

void TestFirstStartWizard::next(FirstStartWizard &wizard)
{
    QAbstractButton *button = wizard.button(
        wizard.currentPage()->isFinalPage() || wizard.nextId() == -1 ? QWizard::FinishButton : QWizard::NextButton);
    QVERIFY(button->isVisible());
    QVERIFY(button->isEnabled());
    QTest::mouseClick(button, Qt::LeftButton);
}

void TestFirstStartWizard::type(FirstStartWizard &wizard, const char *name, const QString &text)
{
    QWidget *widget = wizard.findChild<QWidget *>(QString::fromLatin1(name));
    QVERIFY2(widget, name);
    QLineEdit *line = qobject_cast<QLineEdit *>(widget);
    if (auto *combo = qobject_cast<QComboBox *>(widget))
        line = combo->lineEdit();
    QVERIFY2(line, name);
    line->selectAll();
    QTest::keyClick(line, Qt::Key_Backspace);
    QTest::keyClicks(line, text);
}

QString TestFirstStartWizard::message(FirstStartWizard &wizard, const char *field)
{
    auto *label = wizard.currentPage()->findChild<QLabel *>(QStringLiteral("error_") + QLatin1String(field));
    return label && label->isVisibleTo(wizard.currentPage()) ? label->text() : QString();
}

void TestFirstStartWizard::choose(FirstStartWizard &wizard, const char *option)
{
    auto *radio = wizard.findChild<QRadioButton *>(QString::fromLatin1(option));
    QVERIFY2(radio, option);
    QTest::mouseClick(
        radio, Qt::LeftButton, {},
        QPoint(radio->style()->pixelMetric(QStyle::PM_ExclusiveIndicatorWidth) / 2 + 1, radio->height() / 2));
    QVERIFY2(radio->isChecked(), option);
}

void TestFirstStartWizard::fillSite(FirstStartWizard &wizard)
{
    QCOMPARE(wizard.currentId(), int(FirstStartWizard::SitePage));
    type(wizard, "siteName", QStringLiteral("Harbour Hotel Charging"));
    type(wizard, "siteOrganisation", QStringLiteral("Harbour Hotel Ltd"));
    auto *currency = wizard.findChild<QComboBox *>("siteCurrency");
    currency->setCurrentIndex(currency->findData(QStringLiteral("CHF")));
    type(wizard, "siteTimeZone", QStringLiteral("Europe/Zurich"));
    auto *language = wizard.findChild<QComboBox *>("siteLanguage");
    language->setCurrentIndex(language->findData(QStringLiteral("de")));
    const QString logo = m_dir.filePath(QStringLiteral("logo.png"));
    QFile file(logo);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(logoPng());
    file.close();
    bool chosen = false;
    onNextModal([&](QWidget *dialog) {
        auto *files = qobject_cast<QFileDialog *>(dialog);
        QVERIFY(files);
        // As a user does: the whole path into the file name box, then Enter.
        auto *name = files->findChild<QLineEdit *>("fileNameEdit");
        QVERIFY(name);
        name->setText(logo);
        QTest::keyClick(name, Qt::Key_Return);
        QVERIFY(!files->isVisible());
        chosen = true;
    });
    QTest::mouseClick(wizard.findChild<QAbstractButton *>("chooseLogo"), Qt::LeftButton);
    QTRY_VERIFY(chosen);
    QVERIFY(!wizard.findChild<QLabel *>("logoPreview")->pixmap().isNull());
}

void TestFirstStartWizard::fillUser(FirstStartWizard &wizard, const QString &password)
{
    QCOMPARE(wizard.currentId(), int(FirstStartWizard::UserPage));
    type(wizard, "firstName", QStringLiteral("Ada"));
    type(wizard, "lastName", QStringLiteral("Lovelace"));
    type(wizard, "email", QStringLiteral("ada@harbour.example"));
    type(wizard, "password", password);
    type(wizard, "passwordRepeat", password);
}

void TestFirstStartWizard::fillServer(FirstStartWizard &wizard, const QUrl &url)
{
    choose(wizard, "useServer");
    type(wizard, "serverHost", url.host());
    wizard.findChild<QSpinBox *>("serverPort")->setValue(url.port(5432));
    type(wizard, "serverDatabase", url.path().mid(1));
    type(wizard, "serverUser", url.userName());
    type(wizard, "serverPassword", url.password());
}

QList<Record> TestFirstStartWizard::rows(const QString &table)
{
    auto list = m_repo->list(Actor::system(), table);
    if (!list)
        qWarning("%s", qPrintable(list.error().message()));
    return list ? list.value() : QList<Record>();
}

QByteArray TestFirstStartWizard::logoPng()
{
    QImage image(48, 24, QImage::Format_RGB32);
    image.fill(QColor(0x1b, 0x6e, 0x35));
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return png;
}

void TestFirstStartWizard::welcome_demo_endsWithTheDemoAndOpensNothing()
{
    FirstStartWizard wizard(opener());
    wizard.show();
    QCOMPARE(wizard.currentId(), int(FirstStartWizard::WelcomePage));
    QVERIFY(wizard.findChild<QRadioButton *>("setUpNetwork")->isChecked());
    QVERIFY(wizard.button(QWizard::NextButton)->isVisible());

    choose(wizard, "tryDemo");
    QVERIFY(wizard.button(QWizard::FinishButton)->isVisible());
    next(wizard);
    QVERIFY(!wizard.isVisible());
    QCOMPARE(wizard.outcome(), FirstStartWizard::Outcome::Demo);
    QCOMPARE(m_opened, 0);
}

void TestFirstStartWizard::fileDatabase_everyPage_createsSiteAndPowerUserSignedIn()
{
    const QString file = m_dir.filePath(QStringLiteral("network.sqlite"));
    FirstStartWizard wizard(opener());
    wizard.show();
    next(wizard);
    QCOMPARE(wizard.currentId(), int(FirstStartWizard::DatabasePage));
    // The file in the user's data folder is what a newcomer gets without thinking about it.
    QVERIFY(wizard.findChild<QRadioButton *>("useFile")->isChecked());
    QCOMPARE(QDir::fromNativeSeparators(wizard.findChild<QLineEdit *>("filePath")->text()),
             Database::defaultSqlitePath());
    QVERIFY(!wizard.findChild<QWidget *>("testConnection")->isEnabled());
    type(wizard, "filePath", QDir::toNativeSeparators(file));
    next(wizard);
    QCOMPARE(wizard.currentId(), int(FirstStartWizard::SitePage));
    QVERIFY(QFileInfo::exists(file));
    QCOMPARE(m_db->displayLocation(), QFileInfo(file).absoluteFilePath());

    fillSite(wizard);
    next(wizard);
    fillUser(wizard);
    next(wizard);
    QCOMPARE(wizard.currentId(), int(FirstStartWizard::SummaryPage));
    const QString summary = wizard.findChild<QLabel *>("summary")->text();
    for (const char *shown : {"Harbour Hotel Charging", "CHF", "Europe/Zurich", "Deutsch", "ada@harbour.example"})
        QVERIFY2(summary.contains(QLatin1String(shown)), shown);
    QVERIFY(rows(Tables::Users).isEmpty()); // nothing is kept before Finish
    next(wizard);

    QVERIFY(!wizard.isVisible());
    QCOMPARE(wizard.outcome(), FirstStartWizard::Outcome::SignedIn);
    QVERIFY(wizard.databaseChosenHere());
    QCOMPARE(wizard.databaseLocation(), QFileInfo(file).absoluteFilePath());
    const QList<Record> users = rows(Tables::Users);
    QCOMPARE(users.size(), 1);
    QCOMPARE(wizard.actor().userId, users.first().value("id").toLongLong());
    QVERIFY(wizard.actor().powerUser);
    const QList<Record> sites = rows(Tables::SiteSettings);
    QCOMPARE(sites.size(), 1);
    QCOMPARE(sites.first().value("logo").toByteArray(), logoPng());
}

void TestFirstStartWizard::givenDatabase_skipsItsPage_andFinishWritesOnePowerUser()
{
    Test::TestDatabase testDb;
    QVERIFY2(testDb.isValid(), qPrintable(testDb.error()));
    FirstStartWizard wizard(opener());
    wizard.setFixedDatabase(testDb.location());
    wizard.show();
    next(wizard);
    QCOMPARE(wizard.currentId(), int(FirstStartWizard::SitePage));
    QCOMPARE(m_opened, 1);
    fillSite(wizard);
    next(wizard);
    fillUser(wizard);
    next(wizard);
    next(wizard);
    QCOMPARE(wizard.outcome(), FirstStartWizard::Outcome::SignedIn);
    QVERIFY(!wizard.databaseChosenHere());

    const QList<Record> users = rows(Tables::Users);
    QCOMPARE(users.size(), 1);
    const Record &user = users.first();
    QCOMPARE(user.value("email").toString(), QStringLiteral("ada@harbour.example"));
    QCOMPARE(user.value("first_name").toString(), QStringLiteral("Ada"));
    QCOMPARE(user.value("last_name").toString(), QStringLiteral("Lovelace"));
    QVERIFY(user.value("power_user").toBool());
    QVERIFY(user.value("enabled").toBool());
    auto signedIn = m_auth->signIn(QStringLiteral("ada@harbour.example"), QStringLiteral("correct horse battery"));
    QVERIFY2(signedIn, signedIn ? "" : qPrintable(signedIn.error().message()));
    QVERIFY(signedIn.value().powerUser);
    QVERIFY(!m_auth->signIn(QStringLiteral("ada@harbour.example"), QStringLiteral("wrong horse battery")));

    const QList<Record> sites = rows(Tables::SiteSettings);
    QCOMPARE(sites.size(), 1);
    const Record &site = sites.first();
    QCOMPARE(site.value("name").toString(), QStringLiteral("Harbour Hotel Charging"));
    QCOMPARE(site.value("organisation").toString(), QStringLiteral("Harbour Hotel Ltd"));
    QCOMPARE(site.value("currency").toString(), QStringLiteral("CHF"));
    QCOMPARE(site.value("time_zone").toString(), QStringLiteral("Europe/Zurich"));
    QCOMPARE(site.value("language").toString(), QStringLiteral("de"));
    QCOMPARE(site.value("logo").toByteArray(), logoPng());
}

void TestFirstStartWizard::givenDatabaseWithUsers_endsForSignIn()
{
    Test::TestDatabase testDb;
    QVERIFY2(testDb.isValid(), qPrintable(testDb.error()));
    QVERIFY(opener()(testDb.location()));
    QVERIFY(m_auth->createUser(
        Actor::system(),
        {{"email", "lin@depot.example"}, {"first_name", "Lin"}, {"last_name", "Ortiz"}, {"power_user", true}},
        QStringLiteral("a long enough password")));

    FirstStartWizard wizard(opener());
    wizard.setFixedDatabase(testDb.location());
    wizard.show();
    next(wizard);
    QTRY_VERIFY(!wizard.isVisible());
    QCOMPARE(wizard.outcome(), FirstStartWizard::Outcome::ExistingUsers);
    QCOMPARE(rows(Tables::Users).size(), 1);
    QVERIFY(rows(Tables::SiteSettings).isEmpty());
}

void TestFirstStartWizard::cancelOnSummary_keepsNothing()
{
    Test::TestDatabase testDb;
    QVERIFY2(testDb.isValid(), qPrintable(testDb.error()));
    FirstStartWizard wizard(opener());
    wizard.setFixedDatabase(testDb.location());
    wizard.show();
    next(wizard);
    fillSite(wizard);
    next(wizard);
    fillUser(wizard);
    next(wizard);
    QCOMPARE(wizard.currentId(), int(FirstStartWizard::SummaryPage));
    QTest::mouseClick(wizard.button(QWizard::CancelButton), Qt::LeftButton);
    QCOMPARE(wizard.outcome(), FirstStartWizard::Outcome::Cancelled);
    QVERIFY(rows(Tables::Users).isEmpty());
    QVERIFY(rows(Tables::SiteSettings).isEmpty());
}

void TestFirstStartWizard::server_nothingListening_showsReadableErrorAndStays()
{
    FirstStartWizard wizard(opener());
    wizard.show();
    next(wizard);
    // Port 1 on this machine: nobody listens there, so the refusal is immediate.
    fillServer(wizard, QUrl(QStringLiteral("postgresql://chargedesk:secret-word@127.0.0.1:1/chargedesk")));
    auto *status = wizard.findChild<QLabel *>("connectionStatus");
    QTest::mouseClick(wizard.findChild<QAbstractButton *>("testConnection"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(status->text().contains("Nothing answers at 127.0.0.1, port 1"), 15000);
    QVERIFY2(!status->text().contains("secret-word"), qPrintable(status->text()));
    QVERIFY(wizard.button(QWizard::NextButton)->isEnabled());

    // Next tries the server itself and stays while it does not answer.
    status->clear();
    next(wizard);
    QTRY_VERIFY_WITH_TIMEOUT(status->text().contains("Nothing answers"), 15000);
    QCOMPARE(wizard.currentId(), int(FirstStartWizard::DatabasePage));
    QCOMPARE(m_opened, 0);
}

void TestFirstStartWizard::server_wrongPassword_showsRefusal()
{
    // The .sqlite run has no server beside it; the .postgresql run fails below without one.
    if (Test::backend() != QLatin1String("postgresql"))
        QSKIP("needs the test PostgreSQL server: ui.firststartwizard.postgresql runs it");
    Test::TestDatabase testDb;
    QVERIFY2(testDb.isValid(), qPrintable(testDb.error()));
    QUrl url(testDb.location());
    url.setPassword(QStringLiteral("not-the-password"));
    FirstStartWizard wizard(opener());
    wizard.show();
    next(wizard);
    fillServer(wizard, url);
    auto *status = wizard.findChild<QLabel *>("connectionStatus");
    QTest::mouseClick(wizard.findChild<QAbstractButton *>("testConnection"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(status->text().contains("refused this user name and password"), 15000);
    QVERIFY2(!status->text().contains("not-the-password"), qPrintable(status->text()));
    QCOMPARE(m_opened, 0);
}

void TestFirstStartWizard::server_testServer_connectsAndNextOpensIt()
{
    // The .sqlite run has no server beside it; the .postgresql run fails below without one.
    if (Test::backend() != QLatin1String("postgresql"))
        QSKIP("needs the test PostgreSQL server: ui.firststartwizard.postgresql runs it");
    Test::TestDatabase testDb;
    QVERIFY2(testDb.isValid(), qPrintable(testDb.error()));
    const QUrl url(testDb.location());
    FirstStartWizard wizard(opener());
    wizard.show();
    next(wizard);
    fillServer(wizard, url);
    auto *status = wizard.findChild<QLabel *>("connectionStatus");
    QTest::mouseClick(wizard.findChild<QAbstractButton *>("testConnection"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(status->text().contains("Connected to"), 15000);
    QVERIFY2(!status->text().contains(url.password()), qPrintable(status->text()));
    QCOMPARE(m_opened, 0); // testing opens nothing for the console

    next(wizard);
    QCOMPARE(wizard.currentId(), int(FirstStartWizard::SitePage));
    QCOMPARE(m_opened, 1);
    QCOMPARE(m_db->backend(), Database::Backend::Postgres);
    QCOMPARE(QUrl(wizard.databaseLocation()).password(), url.password());
    QCOMPARE(QUrl(wizard.databaseLocation()).path(), url.path());
}

void TestFirstStartWizard::sitePage_badInput_showsMessagesBesideFieldsAndStays()
{
    Test::TestDatabase testDb;
    QVERIFY2(testDb.isValid(), qPrintable(testDb.error()));
    FirstStartWizard wizard(opener());
    wizard.setFixedDatabase(testDb.location());
    wizard.show();
    next(wizard);
    QCOMPARE(wizard.currentId(), int(FirstStartWizard::SitePage));
    type(wizard, "siteName", QString());
    type(wizard, "siteTimeZone", QStringLiteral("Mars/Olympus_Mons"));
    next(wizard);
    QCOMPARE(wizard.currentId(), int(FirstStartWizard::SitePage));
    QVERIFY2(!message(wizard, "name").isEmpty(), "no message beside the name");
    QVERIFY(!message(wizard, "name").contains("time zone"));

    type(wizard, "siteName", QStringLiteral("Depot"));
    next(wizard);
    QCOMPARE(wizard.currentId(), int(FirstStartWizard::SitePage));
    QVERIFY(message(wizard, "name").isEmpty());
    QCOMPARE(message(wizard, "time_zone"), QStringLiteral("Unknown time zone."));
    QVERIFY(rows(Tables::SiteSettings).isEmpty()); // checking wrote nothing

    type(wizard, "siteTimeZone", QStringLiteral("Europe/Lisbon"));
    next(wizard);
    QCOMPARE(wizard.currentId(), int(FirstStartWizard::UserPage));
    QVERIFY(rows(Tables::SiteSettings).isEmpty());
}

void TestFirstStartWizard::userPage_badInput_showsEveryMessageAndStays()
{
    Test::TestDatabase testDb;
    QVERIFY2(testDb.isValid(), qPrintable(testDb.error()));
    FirstStartWizard wizard(opener());
    wizard.setFixedDatabase(testDb.location());
    wizard.show();
    next(wizard);
    type(wizard, "siteName", QStringLiteral("Depot"));
    next(wizard);
    QCOMPARE(wizard.currentId(), int(FirstStartWizard::UserPage));

    fillUser(wizard, QStringLiteral("short"));
    type(wizard, "email", QStringLiteral("ada-at-harbour"));
    type(wizard, "passwordRepeat", QStringLiteral("shorter"));
    next(wizard);
    QCOMPARE(wizard.currentId(), int(FirstStartWizard::UserPage));
    QVERIFY2(message(wizard, "password").contains(QString::number(AuthService::MinimumPasswordLength)),
             qPrintable(message(wizard, "password")));
    QCOMPARE(message(wizard, "email"), QStringLiteral("Not a valid email address."));
    QCOMPARE(message(wizard, "password_repeat"), QStringLiteral("The two passwords differ."));
    QVERIFY(message(wizard, "first_name").isEmpty());

    // Fixing a field takes its message away; the others stay until the next check.
    type(wizard, "email", QStringLiteral("ada@harbour.example"));
    QVERIFY(message(wizard, "email").isEmpty());
    QVERIFY(!message(wizard, "password_repeat").isEmpty());

    // A long enough password typed differently twice is still refused.
    type(wizard, "password", QStringLiteral("correct horse battery"));
    type(wizard, "passwordRepeat", QStringLiteral("correct horse battery!"));
    next(wizard);
    QCOMPARE(wizard.currentId(), int(FirstStartWizard::UserPage));
    QVERIFY(message(wizard, "password").isEmpty());
    QVERIFY(message(wizard, "email").isEmpty());
    QCOMPARE(message(wizard, "password_repeat"), QStringLiteral("The two passwords differ."));
    QVERIFY(rows(Tables::Users).isEmpty());

    type(wizard, "passwordRepeat", QStringLiteral("correct horse battery"));
    next(wizard);
    QCOMPARE(wizard.currentId(), int(FirstStartWizard::SummaryPage));
    QVERIFY(rows(Tables::Users).isEmpty());
}

void TestFirstStartWizard::passwordAtStart_showsRefusalAndReturnsWhatWasTyped()
{
    const QString location = QStringLiteral("postgresql://chargedesk@db.example:5432/network");
    QString shown;
    onNextModal([&](QWidget *dialog) {
        for (QLabel *label : dialog->findChildren<QLabel *>())
            shown += label->isVisibleTo(dialog) ? label->text() + QLatin1Char('\n') : QString();
        QTest::keyClicks(dialog->findChild<QLineEdit *>("databasePassword"), QStringLiteral("s3cret words"));
        QTest::keyClick(dialog, Qt::Key_Return);
    });
    const auto typed = askDatabasePassword(location, QStringLiteral("FATAL: password authentication failed"));
    QCOMPARE(typed.value_or(QString()), QStringLiteral("s3cret words"));
    QVERIFY2(shown.contains("refused this user name and password"), qPrintable(shown));
    QVERIFY2(shown.contains("db.example"), qPrintable(shown));

    // The first question, after a try without a password, is no error; giving up says so.
    shown.clear();
    onNextModal([&](QWidget *dialog) {
        for (QLabel *label : dialog->findChildren<QLabel *>())
            shown += label->isVisibleTo(dialog) ? label->text() + QLatin1Char('\n') : QString();
        QTest::keyClick(dialog, Qt::Key_Escape);
    });
    QVERIFY(!askDatabasePassword(location, QStringLiteral("fe_sendauth: no password supplied")));
    QVERIFY2(!shown.contains("refused"), qPrintable(shown));
}

QTEST_MAIN(TestFirstStartWizard)
#include "tst_firststartwizard.moc"
