#include "app/compositionroot.h"
#include "app/consolestart.h"
#include "app/ocppserver.h"
#include "core/catalog.h"
#include "support/formdriver.h"
#include "ui/shell/firststartwizard.h"
#include "ui/shell/mainwindow.h"
#include "ui/stations/stationdetails.h"
#include "ui/widgets/listpage.h"
#include "ui/widgets/recordtablemodel.h"

#include <QAction>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QToolBar>
#include <QTreeWidget>
#include <QUrl>

#include <functional>
#include <memory>

using namespace ChargeDesk;
using namespace ChargeDesk::Core;
using namespace ChargeDesk::Ui;

// Issue 22's acceptance: a newcomer's first hour, from the first-start wizard on a new SQLite
// file to a first charging session played by the simulator, taking only what the screen says.
// The console is built as app/ builds it (its engine, its OCPP server on loopback ports); each
// step is a test function that builds on the one before, in the overview's order.
class TestFirstHour : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();
    void wizard_newFileDatabase_signsInItsPowerUser();
    void console_opensOnTheOverview_withEveryStepOpen();
    void operatorStep_newOperator_isTicked();
    void areaStep_areaWizard_isTicked();
    void stationStep_newStation_detailsShowItsUrl();
    void cardStep_newCardForNewCustomer_isTicked();
    void sessionStep_simulatorAsHinted_chargesAndOverviewCountsIt();

private:
    DatabaseOpener opener();
    static void next(FirstStartWizard &wizard);
    static void type(FirstStartWizard &wizard, const char *name, const QString &text);
    void showOverview();
    QString stepText(const QString &table) const;
    QString labelText(const char *name) const;
    // Clicks the step's button on the overview; the list of the section it leads to.
    ListPage *takeStep(const QString &table, const QString &section);
    // Clicks the list's New button and runs `fill` on the form it opens.
    void createWithNew(ListPage &list, const std::function<void(QWidget *)> &fill);
    // Clicks the New… button beside `field` on `form` and runs `fill` on the form it opens.
    void createBeside(QWidget *form, const QString &field, const std::function<void(QWidget *)> &fill);
    void expectTicked(const QString &table);
    QString simulatorCommand() const;
    void startSimulator(const QString &command);
    int sessionRows() const;

    QTemporaryDir m_dir;
    bool m_failed = false;
    std::shared_ptr<App::Engine> m_engine;
    Actor m_actor;
    std::unique_ptr<App::OcppServer> m_ocpp;
    std::unique_ptr<MainWindow> m_window;
    QProcess m_simulator;
    // What the newcomer copies from the screen for the simulator.
    QString m_stationUrl;
    QString m_cardIdentifier;
};

void TestFirstHour::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
    QSettings().setValue(QStringLiteral("alarms/desktop"), false); // no tray in an offscreen test
    QVERIFY(m_dir.isValid());
}

void TestFirstHour::init()
{
    if (m_failed)
        QSKIP("an earlier step failed, and this one builds on it");
}

void TestFirstHour::cleanup()
{
    if (!QTest::currentTestFailed() || m_failed)
        return;
    m_failed = true;
    m_dir.setAutoRemove(false);
    qInfo("kept the database in %s", qPrintable(m_dir.path()));
    if (m_simulator.isOpen())
        qInfo("the simulator said:\n%s", m_simulator.readAll().constData());
}

void TestFirstHour::cleanupTestCase()
{
    if (m_simulator.state() != QProcess::NotRunning) {
        m_simulator.kill();
        m_simulator.waitForFinished(5000);
    }
    m_window.reset();
    m_ocpp.reset();
    m_engine.reset();
}

DatabaseOpener TestFirstHour::opener()
{
    // As the console's start does: the wizard works on the engine the console then runs.
    return [this](const QString &location) -> Result<WizardDatabase> {
        auto engine = App::buildEngine(location);
        if (!engine)
            return engine.error();
        m_engine = engine.value();
        return WizardDatabase{.repository = m_engine->repository.get(), .auth = m_engine->auth.get()};
    };
}

void TestFirstHour::next(FirstStartWizard &wizard)
{
    const bool last = wizard.currentPage()->isFinalPage() || wizard.nextId() == -1;
    QAbstractButton *button = wizard.button(last ? QWizard::FinishButton : QWizard::NextButton);
    QVERIFY(button->isVisible() && button->isEnabled());
    QTest::mouseClick(button, Qt::LeftButton);
}

void TestFirstHour::type(FirstStartWizard &wizard, const char *name, const QString &text)
{
    auto *line = wizard.findChild<QLineEdit *>(QString::fromLatin1(name));
    QVERIFY2(line, name);
    line->selectAll();
    QTest::keyClick(line, Qt::Key_Backspace);
    QTest::keyClicks(line, text);
}

void TestFirstHour::showOverview()
{
    auto *navigation = m_window->findChild<QTreeWidget *>(QStringLiteral("navigation"));
    QVERIFY(navigation);
    QTreeWidgetItem *overview = navigation->topLevelItem(0);
    QTest::mouseClick(navigation->viewport(), Qt::LeftButton, {}, navigation->visualItemRect(overview).center());
    QVERIFY(m_window->findChild<QWidget *>(QStringLiteral("overviewPage"))->isVisible());
}

QString TestFirstHour::stepText(const QString &table) const
{
    auto *label = m_window->findChild<QLabel *>(QStringLiteral("firstStep_") + table);
    return label ? label->text() : QStringLiteral("(no step for %1)").arg(table);
}

QString TestFirstHour::labelText(const char *name) const
{
    auto *label = m_window->findChild<QLabel *>(QLatin1String(name));
    return label ? label->text() : QStringLiteral("(no %1)").arg(QLatin1String(name));
}

ListPage *TestFirstHour::takeStep(const QString &table, const QString &section)
{
    showOverview();
    auto *go = m_window->findChild<QPushButton *>(QStringLiteral("firstStepGo_") + table);
    if (!go || !go->isVisible())
        return nullptr;
    QTest::mouseClick(go, Qt::LeftButton);
    QWidget *page = m_window->sectionPage(section);
    return page && page->isVisible() ? page->findChild<ListPage *>() : nullptr;
}

void TestFirstHour::createWithNew(ListPage &list, const std::function<void(QWidget *)> &fill)
{
    auto handled = std::make_shared<bool>(false);
    Test::onModal(
        m_window.get(), {},
        [fill](QWidget *form) {
            fill(form);
            // A form left open (a failed check) would block the test: close it.
            if (form->isVisible())
                static_cast<QDialog *>(form)->reject();
        },
        handled);
    auto *toolbar = list.findChild<QToolBar *>();
    QVERIFY(toolbar);
    QWidget *newButton = toolbar->widgetForAction(list.findChild<QAction *>(QStringLiteral("newAction")));
    QVERIFY(newButton && newButton->isVisible());
    QTest::mouseClick(newButton, Qt::LeftButton);
    QVERIFY(*handled);
}

void TestFirstHour::createBeside(QWidget *form, const QString &field, const std::function<void(QWidget *)> &fill)
{
    auto *button = form->findChild<QAbstractButton *>(QStringLiteral("new_") + field);
    QVERIFY2(button && button->isVisible(), qPrintable(QStringLiteral("no New… beside ") + field));
    auto handled = std::make_shared<bool>(false);
    Test::onModal(
        form, QStringLiteral("entityDialog"),
        [fill](QWidget *inner) {
            fill(inner);
            if (inner->isVisible())
                static_cast<QDialog *>(inner)->reject();
        },
        handled);
    QTest::mouseClick(button, Qt::LeftButton);
    QVERIFY(*handled);
}

void TestFirstHour::expectTicked(const QString &table)
{
    showOverview();
    QTRY_VERIFY2(stepText(table).startsWith(QStringLiteral("✔")), qPrintable(stepText(table)));
}

QString TestFirstHour::simulatorCommand() const
{
    return labelText("simulatorHint");
}

void TestFirstHour::startSimulator(const QString &command)
{
    QStringList arguments = QProcess::splitCommand(command);
    QVERIFY2(arguments.size() > 1 && arguments.first() == QLatin1String("chargedesk-sim"), qPrintable(command));
    arguments.removeFirst();
    m_simulator.setProcessChannelMode(QProcess::MergedChannels);
    m_simulator.start(QStringLiteral(SIM_PATH), arguments);
    QVERIFY2(m_simulator.waitForStarted(10000), qPrintable(m_simulator.errorString()));
}

int TestFirstHour::sessionRows() const
{
    QWidget *page = m_window->sectionPage(QStringLiteral("sessions"));
    auto *list = page ? page->findChild<ListPage *>() : nullptr;
    return list ? list->model().rowCount() : -1;
}

void TestFirstHour::wizard_newFileDatabase_signsInItsPowerUser()
{
    const QString file = m_dir.filePath(QStringLiteral("harbour.sqlite"));
    FirstStartWizard wizard(opener());
    wizard.show();
    QVERIFY(wizard.findChild<QRadioButton *>(QStringLiteral("setUpNetwork"))->isChecked());
    next(wizard);
    QCOMPARE(wizard.currentId(), int(FirstStartWizard::DatabasePage));
    QVERIFY(wizard.findChild<QRadioButton *>(QStringLiteral("useFile"))->isChecked());
    type(wizard, "filePath", QDir::toNativeSeparators(file));
    next(wizard);
    QCOMPARE(wizard.currentId(), int(FirstStartWizard::SitePage));
    type(wizard, "siteName", QStringLiteral("Harbour Hotel Charging"));
    next(wizard);
    QCOMPARE(wizard.currentId(), int(FirstStartWizard::UserPage));
    type(wizard, "firstName", QStringLiteral("Ada"));
    type(wizard, "lastName", QStringLiteral("Lovelace"));
    type(wizard, "email", QStringLiteral("ada@harbour.example"));
    type(wizard, "password", QStringLiteral("correct horse battery"));
    type(wizard, "passwordRepeat", QStringLiteral("correct horse battery"));
    next(wizard);
    QCOMPARE(wizard.currentId(), int(FirstStartWizard::SummaryPage));
    next(wizard);

    QCOMPARE(wizard.outcome(), FirstStartWizard::Outcome::SignedIn);
    QVERIFY(QFileInfo::exists(file));
    QVERIFY(m_engine);
    QCOMPARE(m_engine->database->displayLocation(), QFileInfo(file).absoluteFilePath());
    m_actor = wizard.actor();
    QVERIFY(m_actor.powerUser);
}

void TestFirstHour::console_opensOnTheOverview_withEveryStepOpen()
{
    // As main_console.cpp: the embedded OCPP server and the window over the wizard's engine,
    // listening on free loopback ports, with the TLS listener and its generated certificate.
    m_ocpp = std::make_unique<App::OcppServer>(*m_engine);
    m_window = std::make_unique<MainWindow>(*m_engine->repository, m_actor, App::windowServices(*m_engine, *m_ocpp));
    App::OcppListenSettings listen;
    listen.address = QHostAddress::LocalHost;
    listen.port = 0;
    listen.tlsPort = 0;
    const auto listening = m_ocpp->start(listen);
    QVERIFY2(listening, listening ? "" : qPrintable(listening.error().message()));
    m_window->setOcppUrls(listening.value().urls);
    m_window->resize(1400, 900);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));

    QVERIFY(m_window->findChild<QWidget *>(QStringLiteral("overviewPage"))->isVisible());
    QVERIFY(m_window->findChild<QWidget *>(QStringLiteral("firstSteps"))->isVisible());
    for (const QString &table :
         {Tables::Operators, Tables::Areas, Tables::Stations, Tables::IdDevices, Tables::Sessions})
        QVERIFY2(stepText(table).startsWith(QStringLiteral("○")), qPrintable(stepText(table)));
    QVERIFY2(simulatorCommand().startsWith(QLatin1String("chargedesk-sim --url ")), qPrintable(simulatorCommand()));
}

void TestFirstHour::operatorStep_newOperator_isTicked()
{
    ListPage *list = takeStep(Tables::Operators, QStringLiteral("operators"));
    QVERIFY2(list, "the step's button does not lead to its section");
    createWithNew(*list, [](QWidget *form) {
        Test::fill(form, QStringLiteral("code"), QStringLiteral("HARBOUR"));
        Test::fill(form, QStringLiteral("name"), QStringLiteral("Harbour Hotel Ltd"));
        Test::clickSave(form);
    });
    QTRY_COMPARE(list->model().rowCount(), 1);
    expectTicked(Tables::Operators);
}

void TestFirstHour::areaStep_areaWizard_isTicked()
{
    ListPage *list = takeStep(Tables::Areas, QStringLiteral("areas"));
    QVERIFY2(list, "the step's button does not lead to its section");
    createWithNew(*list, [](QWidget *wizard) {
        Test::fill(wizard, QStringLiteral("name"), QStringLiteral("Harbour car park"));
        Test::fill(wizard, QStringLiteral("code"), QStringLiteral("HARBOUR-PARK"));
        Test::fill(wizard, QStringLiteral("operator_id"), QStringLiteral("Harbour Hotel Ltd"));
        Test::finishWizard(wizard);
    });
    QTRY_COMPARE(list->model().rowCount(), 1);
    expectTicked(Tables::Areas);
}

void TestFirstHour::stationStep_newStation_detailsShowItsUrl()
{
    ListPage *list = takeStep(Tables::Stations, QStringLiteral("stations"));
    QVERIFY2(list, "the step's button does not lead to its section");
    // What a newcomer types; protocol, connection identifier and policy keep what is offered.
    createWithNew(*list, [](QWidget *form) {
        Test::fill(form, QStringLiteral("code"), QStringLiteral("LOBBY-1"));
        Test::fill(form, QStringLiteral("name"), QStringLiteral("Lobby wallbox"));
        Test::fill(form, QStringLiteral("area_id"), QStringLiteral("Harbour car park"));
        Test::clickSave(form);
    });
    QTRY_COMPARE(list->model().rowCount(), 1);
    auto *details = list->findChild<StationDetails *>(QStringLiteral("stationDetails"));
    QVERIFY(details);
    QTRY_COMPARE(details->stationId(), list->currentId());
    // The URL the hint's simulator connects with, as the station's details show it.
    const QString base = QProcess::splitCommand(simulatorCommand()).value(2);
    for (auto *url : details->findChildren<QLineEdit *>())
        if (url->objectName().endsWith(QLatin1String("Url")) && url->text().startsWith(base + QLatin1Char('/')))
            m_stationUrl = url->text();
    QVERIFY2(!m_stationUrl.isEmpty(),
             qPrintable(QStringLiteral("no URL on %1 for the hint %2").arg(base, simulatorCommand())));
    expectTicked(Tables::Stations);
}

void TestFirstHour::cardStep_newCardForNewCustomer_isTicked()
{
    ListPage *list = takeStep(Tables::IdDevices, QStringLiteral("idDevices"));
    QVERIFY2(list, "the step's button does not lead to its section");
    // No device type or customer exists yet: both are made beside their fields.
    createWithNew(*list, [this](QWidget *form) {
        Test::fill(form, QStringLiteral("code"), QStringLiteral("CARD-1"));
        Test::fill(form, QStringLiteral("name"), QStringLiteral("Ada's card"));
        createBeside(form, QStringLiteral("type_id"), [](QWidget *type) {
            Test::fill(type, QStringLiteral("code"), QStringLiteral("CARD"));
            Test::fill(type, QStringLiteral("name"), QStringLiteral("Card"));
            Test::clickSave(type);
        });
        Test::fill(form, QStringLiteral("identifier"), QStringLiteral("04A1B2C3"));
        createBeside(form, QStringLiteral("customer_id"), [](QWidget *customer) {
            Test::fill(customer, QStringLiteral("code"), QStringLiteral("ADA"));
            Test::fill(customer, QStringLiteral("name"), QStringLiteral("Ada Lovelace"));
            Test::fill(customer, QStringLiteral("payment_type"), QStringLiteral("postpaid"));
            Test::clickSave(customer);
        });
        Test::clickSave(form);
    });
    QTRY_COMPARE(list->model().rowCount(), 1);
    // The card's identifier as its row shows it: what the driver presents at the charger.
    const int row = list->model().rowOf(list->currentId());
    QVERIFY(row >= 0);
    const int column = int(list->model().columns().indexOf(QStringLiteral("identifier")));
    m_cardIdentifier = list->model().index(row, column).data().toString();
    QCOMPARE(m_cardIdentifier, QStringLiteral("04A1B2C3"));
    expectTicked(Tables::IdDevices);
}

void TestFirstHour::sessionStep_simulatorAsHinted_chargesAndOverviewCountsIt()
{
    QString command = simulatorCommand();
    ListPage *list = takeStep(Tables::Sessions, QStringLiteral("sessions"));
    QVERIFY2(list, "the step's button does not lead to its section");
    QCOMPARE(list->model().rowCount(), 0);

    // The hint's placeholders filled in from the station's URL and the card's row.
    const QString station = QUrl(m_stationUrl).path().section(QLatin1Char('/'), -1);
    QVERIFY(command.contains(QLatin1String("<connection identifier>")));
    QVERIFY(command.contains(QLatin1String("<card identifier>")));
    command.replace(QLatin1String("<connection identifier>"), station);
    command.replace(QLatin1String("<card identifier>"), m_cardIdentifier);
    startSimulator(command);
    if (QTest::currentTestFailed())
        return;

    QTRY_COMPARE_WITH_TIMEOUT(sessionRows(), 1, 20000);
    const int connector = int(list->model().columns().indexOf(QStringLiteral("connector_id")));
    QCOMPARE(list->model().index(0, connector).data().toString(), QStringLiteral("Lobby wallbox · 1"));

    showOverview();
    QTRY_VERIFY2(stepText(Tables::Sessions).startsWith(QStringLiteral("✔")), qPrintable(stepText(Tables::Sessions)));
    // Every step taken: the guidance makes room for the network.
    QVERIFY(m_window->findChild<QWidget *>(QStringLiteral("firstSteps"))->isHidden());
    QTRY_VERIFY2(labelText("todayTileDetail").startsWith(QLatin1String("1 session")),
                 qPrintable(labelText("todayTileDetail")));
    QTRY_COMPARE(labelText("stationsTileValue"), QStringLiteral("1 online"));
    QTRY_COMPARE(labelText("connectorsTileValue"), QStringLiteral("1 charging"));
}

QTEST_MAIN(TestFirstHour)
#include "tst_firsthour.moc"
