#include "core/authservice.h"
#include "core/catalog.h"
#include "core/clock.h"
#include "core/repository.h"
#include "support/formdriver.h"
#include "support/repositoryfixture.h"
#include "support/testdata.h"
#include "ui/shell/mainwindow.h"
#include "ui/shell/signindialog.h"
#include "ui/shell/sitelogo.h"
#include "ui/widgets/listpage.h"
#include "ui/widgets/recordtablemodel.h"
#include "ui/widgets/valueformat.h"

#include <QApplication>
#include <QBuffer>
#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>

#include <functional>

using namespace ChargeDesk;
using namespace ChargeDesk::Core;
using namespace ChargeDesk::Ui;
using ChargeDesk::Test::clickSave;
using ChargeDesk::Test::fill;

// The console as a user drives it: the real main window, found by object names.
class TestMainWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void navigation_showsBuiltSectionsOnly();
    void createNetwork_throughTheForms_operatorAreaStationChargerConnector();
    void deleteReferencedOperator_isRefusedNamingTheArea();
    void operatorUser_seesScopedListsAndNoAdministration();
    void signIn_wrongPasswordThenRight();
    void siteCurrency_amountsInItsDecimals_followItsChange();

private:
    // Runs `step` on the next modal dialog or message box as soon as it is open.
    void onNextModal(std::function<void(QWidget *)> step);
    ListPage *listOf(MainWindow &window, const QString &key);
    qint64 idOf(const QString &table, const QString &code);

    SystemClock m_clock;
    std::unique_ptr<ChargeDesk::Test::RepositoryFixture> m_fx;
    Database *m_db = nullptr;
    Repository *m_repo = nullptr;
    std::unique_ptr<AuthService> m_auth;
    const Actor m_system = Actor::system();
    bool m_modalHandled = false;
    QLocale m_locale; // the one the test started in, back after a test that sets its own
};

void TestMainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // geometry and last section go to a test settings file
}

void TestMainWindow::init()
{
    m_fx = std::make_unique<ChargeDesk::Test::RepositoryFixture>(m_clock);
    QVERIFY2(m_fx->isValid(), qPrintable(m_fx->error));
    m_db = m_fx->db.get();
    m_repo = m_fx->repo.get();
    m_auth = std::make_unique<AuthService>(*m_repo);
    m_modalHandled = false;
    QSettings().clear(); // no geometry, section or email from an earlier test
}

void TestMainWindow::cleanup()
{
    setDisplayCurrency(QString());
    QLocale::setDefault(m_locale);
    m_auth.reset();
    m_repo = nullptr;
    m_db = nullptr;
    m_fx.reset();
}

void TestMainWindow::onNextModal(std::function<void(QWidget *)> step)
{
    m_modalHandled = false;
    Test::onModal(this, {}, [this, step](QWidget *modal) {
        step(modal);
        m_modalHandled = true;
    });
}

ListPage *TestMainWindow::listOf(MainWindow &window, const QString &key)
{
    if (!window.showSection(key))
        return nullptr;
    QWidget *page = window.sectionPage(key);
    return page ? page->findChild<ListPage *>() : nullptr;
}

qint64 TestMainWindow::idOf(const QString &table, const QString &code)
{
    const auto row = m_repo->getByCode(m_system, table, code);
    return row ? row.value().value("id").toLongLong() : 0;
}

void TestMainWindow::navigation_showsBuiltSectionsOnly()
{
    MainWindow window(*m_repo, m_system);
    window.show();
    QStringList shown;
    auto *navigation = window.findChild<QTreeWidget *>("navigation");
    for (QTreeWidgetItemIterator it(navigation); *it; ++it)
        shown << (*it)->text(0);
    for (const char *expected :
         {"Overview", "Operations", "Stations", "Chargers", "Connectors", "Areas", "Sessions", "Charging profiles",
          "Configuration templates", "Customers", "ID devices", "Users", "Operators", "Site settings"})
        QVERIFY2(shown.contains(expected), qPrintable(shown.join(", ")));
    // Features still to come have no dead entries.
    for (const char *missing : {"Reports", "Roaming", "App builder", "Notifications"})
        QVERIFY2(!shown.contains(missing), missing);
    QVERIFY(!window.showSection("reports"));
}

void TestMainWindow::createNetwork_throughTheForms_operatorAreaStationChargerConnector()
{
    MainWindow window(*m_repo, m_system);
    window.resize(1200, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    const auto create = [&](const QString &key, const QList<QPair<QString, QVariant>> &values) {
        ListPage *list = listOf(window, key);
        QVERIFY(list);
        const int before = list->model().rowCount();
        onNextModal([&](QWidget *dialog) {
            for (const auto &[field, value] : values)
                fill(dialog, field, value);
            if (qobject_cast<QWizard *>(dialog))
                Test::finishWizard(dialog); // areas are made with their wizard
            else
                clickSave(dialog);
            // A form that did not save stays open: say why and close it, so the test goes on.
            if (dialog->isVisible()) {
                for (QLabel *label : dialog->findChildren<QLabel *>())
                    if (label->objectName().startsWith("error_") && !label->text().isEmpty())
                        qWarning("%s: %s", qPrintable(label->objectName()), qPrintable(label->text()));
                static_cast<QDialog *>(dialog)->done(QDialog::Rejected);
            }
        });
        list->findChild<QAction *>("newAction")->trigger();
        QVERIFY(m_modalHandled);
        QTRY_COMPARE(list->model().rowCount(), before + 1);
    };
    create("operators", {{"code", "CITY"}, {"name", "City Parking"}, {"time_zone", "Europe/Ljubljana"}});
    create("areas", {{"code", "GARAGE"}, {"name", "Central garage"}, {"operator_id", "City Parking"}});
    create("stations", {{"code", "WB-1"},
                        {"name", "Wallbox one"},
                        {"area_id", "Central garage"},
                        {"protocol", "ocpp1.6"},
                        {"connection_identifier", "WB-1"},
                        {"connection_policy", "ws"}});
    create("chargers", {{"code", "WB-1-A"},
                        {"name", "Left"},
                        {"station_id", "Wallbox one"},
                        {"evse_id", 1},
                        {"current_type", "ac_three_phase"}});
    create("connectors", {{"code", "WB-1-A-1"}, {"name", "Type 2"}, {"charger_id", "Left"}, {"connector_number", 1}});
    create("connectors", {{"code", "WB-1-A-2"}, {"name", "CCS"}, {"charger_id", "Left"}, {"connector_number", 2}});

    const auto station = m_repo->getByCode(m_system, Tables::Stations, "WB-1");
    QVERIFY(station.ok());
    QCOMPARE(station.value().value("area_id").toLongLong(), idOf(Tables::Areas, "GARAGE"));
    QCOMPARE(
        m_repo->get(m_system, Tables::Areas, idOf(Tables::Areas, "GARAGE")).value().value("operator_id").toLongLong(),
        idOf(Tables::Operators, "CITY"));
    ListQuery connectorsOfLeft;
    connectorsOfLeft.filters << ListQuery::Filter{"charger_id", ListQuery::Filter::Op::Equals,
                                                  idOf(Tables::Chargers, "WB-1-A")};
    QCOMPARE(m_repo->count(m_system, Tables::Connectors, connectorsOfLeft).value(), 2);
}

void TestMainWindow::deleteReferencedOperator_isRefusedNamingTheArea()
{
    const qint64 city = m_repo->create(m_system, Tables::Operators, {{"code", "CITY"}, {"name", "City"}}).value();
    const qint64 area = Test::createArea(*m_repo, "GARAGE");
    QVERIFY(m_repo->update(m_system, Tables::Areas, area, {{"operator_id", city}}).ok());
    MainWindow window(*m_repo, m_system);
    window.show();
    ListPage *list = listOf(window, "operators");
    QVERIFY(list);
    list->select(city);
    QCOMPARE(list->currentId(), city);

    // Two message boxes follow each other: the question, answered Yes, then the refusal.
    QString refusal;
    QTimer boxes;
    connect(&boxes, &QTimer::timeout, this, [&refusal] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (!box)
            return;
        if (box->text().startsWith("Delete the")) {
            box->findChild<QPushButton *>("confirmDeleteButton")->click();
            return;
        }
        refusal = box->text();
        box->accept();
    });
    boxes.start(20);
    list->findChild<QAction *>("deleteAction")->trigger();
    QTRY_VERIFY(!refusal.isEmpty());
    QVERIFY2(refusal.contains(m_repo->get(m_system, Tables::Areas, area).value().value("name").toString()) ||
                 refusal.contains("GARAGE"),
             qPrintable(refusal));
    QVERIFY(m_repo->get(m_system, Tables::Operators, city).ok());
}

void TestMainWindow::operatorUser_seesScopedListsAndNoAdministration()
{
    const qint64 city = m_repo->create(m_system, Tables::Operators, {{"code", "CITY"}, {"name", "City"}}).value();
    const qint64 hotel = m_repo->create(m_system, Tables::Operators, {{"code", "HOTEL"}, {"name", "Hotel"}}).value();
    const qint64 cityArea = Test::createArea(*m_repo, "CITY-A");
    const qint64 hotelArea = Test::createArea(*m_repo, "HOTEL-A");
    QVERIFY(m_repo->update(m_system, Tables::Areas, cityArea, {{"operator_id", city}}).ok());
    QVERIFY(m_repo->update(m_system, Tables::Areas, hotelArea, {{"operator_id", hotel}}).ok());
    Test::createStation(*m_repo, cityArea, "C-1");
    Test::createStation(*m_repo, hotelArea, "H-1");
    QVERIFY(m_auth
                ->createUser(m_system,
                             {{"email", "ops@city.example"},
                              {"first_name", "Ana"},
                              {"last_name", "Novak"},
                              {"operator_role", true},
                              {"operator_id", city}},
                             "a-long-password-1")
                .ok());
    const auto actor = m_auth->signIn("ops@city.example", "a-long-password-1");
    QVERIFY(actor.ok());

    MainWindow window(*m_repo, actor.value());
    window.show();
    ListPage *stations = listOf(window, "stations");
    QVERIFY(stations);
    QCOMPARE(stations->model().rowCount(), 1);
    QCOMPARE(stations->model().index(0, 0).data().toString(), QStringLiteral("C-1"));
    QVERIFY(!window.showSection("users"));
    QVERIFY(!window.showSection("settings"));
    QVERIFY(window.findChild<QLabel *>("userStatus")->text().contains("ops@city.example"));
}

void TestMainWindow::signIn_wrongPasswordThenRight()
{
    QVERIFY(m_auth
                ->createUser(
                    m_system,
                    {{"email", "admin@site.example"}, {"first_name", "A"}, {"last_name", "B"}, {"power_user", true}},
                    "correct-horse-battery")
                .ok());
    SignInDialog dialog(*m_auth, "test database");
    dialog.show();
    QVERIFY(dialog.findChild<QLineEdit *>("email")->text().isEmpty());
    QTest::keyClicks(dialog.findChild<QLineEdit *>("email"), "admin@site.example");
    QTest::keyClicks(dialog.findChild<QLineEdit *>("password"), "wrong-password");
    QTest::mouseClick(dialog.findChild<QPushButton *>("signInButton"), Qt::LeftButton);
    auto *error = dialog.findChild<QLabel *>("signInError");
    QVERIFY(error->isVisible());
    QVERIFY(!error->text().isEmpty());
    QCOMPARE(dialog.result(), int(QDialog::Rejected));

    QTest::keyClicks(dialog.findChild<QLineEdit *>("password"), "correct-horse-battery");
    QTest::mouseClick(dialog.findChild<QPushButton *>("signInButton"), Qt::LeftButton);
    QVERIFY2(dialog.result() == QDialog::Accepted, qPrintable(error->text()));
    QVERIFY(dialog.actor().powerUser);
    QCOMPARE(dialog.actor().email, QStringLiteral("admin@site.example"));
    // The next sign-in offers the same email and waits for the password.
    SignInDialog again(*m_auth, "test database");
    QCOMPARE(again.findChild<QLineEdit *>("email")->text(), QStringLiteral("admin@site.example"));
    QVERIFY(!again.findChild<QLabel *>("siteLogo"));

    // With the site's logo, the sign-in shows whose network it is.
    QImage image(300, 120, QImage::Format_RGB32);
    image.fill(Qt::darkGreen);
    QByteArray png;
    QBuffer buffer(&png);
    QVERIFY(buffer.open(QIODevice::WriteOnly) && image.save(&buffer, "PNG"));
    QVERIFY(m_repo->create(m_system, Tables::SiteSettings, {{"name", "Site"}, {"logo", png}}));
    const QPixmap logo = siteLogo(*m_repo, 64);
    QCOMPARE(logo.size(), QSize(160, 64));
    SignInDialog branded(*m_auth, "test database", logo);
    QVERIFY(branded.findChild<QLabel *>("siteLogo"));
}

void TestMainWindow::siteCurrency_amountsInItsDecimals_followItsChange()
{
    const qint64 site = m_repo->create(m_system, Tables::SiteSettings, {{"name", "Site"}, {"currency", "JPY"}}).value();
    const qint64 ana =
        m_repo
            ->create(m_system, Tables::Customers,
                     {{"code", "C1"}, {"name", "Ana"}, {"payment_type", "prepaid"}, {"balance_minor", 1250}})
            .value();
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedKingdom));
    MainWindow window(*m_repo, m_system);
    window.show();
    QCOMPARE(displayCurrency(), QStringLiteral("JPY"));
    ListPage *customers = listOf(window, "customers");
    QVERIFY(customers);
    customers->select(ana);
    // The balance is no column of the list; its details pane shows it as money all the same.
    const QString yen = formatMoney(1250, QStringLiteral("JPY"));
    QVERIFY2(yen.endsWith(QLatin1String("1,250")), qPrintable(yen));
    const auto shown = [&window](const QString &text) {
        const auto labels = window.findChildren<QLabel *>();
        return std::any_of(labels.begin(), labels.end(), [&text](QLabel *label) { return label->text() == text; });
    };
    QVERIFY(shown(yen));

    QVERIFY(m_repo->update(m_system, Tables::SiteSettings, site, {{"currency", "EUR"}}));
    QTRY_COMPARE(displayCurrency(), QStringLiteral("EUR"));
    const Record row = m_repo->get(m_system, Tables::Customers, ana).value();
    QCOMPARE(customers->model().fieldText(row, "balance_minor"), QStringLiteral("€12.50"));
    // A form opened now takes amounts in euros with their cents.
    onNextModal([](QWidget *dialog) {
        auto *balance = dialog->findChild<QLineEdit *>("field_balance_minor");
        QVERIFY(balance);
        QCOMPARE(balance->text(), QStringLiteral("12.50"));
        QCOMPARE(dialog->findChild<QLabel *>("field_balance_minor_unit")->text(), QStringLiteral("€"));
        fill(dialog, "balance_minor", "20.05");
        clickSave(dialog);
    });
    customers->findChild<QAction *>("openAction")->trigger();
    QVERIFY(m_modalHandled);
    QCOMPARE(m_repo->get(m_system, Tables::Customers, ana).value().value("balance_minor").toLongLong(), 2005);
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
