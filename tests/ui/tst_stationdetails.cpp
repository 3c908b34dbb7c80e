#include "core/catalog.h"
#include "core/clock.h"
#include "core/repository.h"
#include "core/stationservice.h"
#include "support/formdriver.h"
#include "support/repositoryfixture.h"
#include "support/testdata.h"
#include "ui/shell/mainwindow.h"
#include "ui/stations/stationdetails.h"
#include "ui/widgets/childlist.h"
#include "ui/widgets/listpage.h"
#include "ui/widgets/qrcodedialog.h"
#include "ui/widgets/recordtablemodel.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <functional>

using namespace ChargeDesk;
using namespace ChargeDesk::Core;
using namespace ChargeDesk::Ui;
using ChargeDesk::Test::clickSave;
using ChargeDesk::Test::fill;

// The Stations page as an operator uses it: a station made in the window, its chargers and
// connectors added in its details, its URLs, password and QR codes, and data it reports
// appearing while the operator looks.
class TestStationDetails : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void stationPage_chargersConnectorsUrlsPasswordAndQrCodes();
    void childList_followsItsParentAndPassesTheModelTester();
    void stationUrl_replacesTheIdentifier();

private:
    // Runs `step` on the next modal dialog or message box as soon as it is open.
    void onNextModal(std::function<void(QWidget *)> step);
    // Adds a row through a child list's Add button, filling its form with `values`.
    void addChild(ChildList &list, const QList<QPair<QString, QVariant>> &values);
    qint64 idOf(const QString &table, const QString &code);

    SystemClock m_clock;
    std::unique_ptr<ChargeDesk::Test::RepositoryFixture> m_fx;
    Repository *m_repo = nullptr;
    const Actor m_system = Actor::system();
    bool m_modalHandled = false;
};

void TestStationDetails::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestStationDetails::init()
{
    m_fx = std::make_unique<ChargeDesk::Test::RepositoryFixture>(m_clock);
    QVERIFY2(m_fx->isValid(), qPrintable(m_fx->error));
    m_repo = m_fx->repo.get();
    m_modalHandled = false;
    QSettings().clear();
}

void TestStationDetails::cleanup()
{
    m_repo = nullptr;
    m_fx.reset();
}

void TestStationDetails::onNextModal(std::function<void(QWidget *)> step)
{
    m_modalHandled = false;
    Test::onModal(this, {}, [this, step](QWidget *modal) {
        step(modal);
        m_modalHandled = true;
    });
}

void TestStationDetails::addChild(ChildList &list, const QList<QPair<QString, QVariant>> &values)
{
    const int before = list.model().rowCount();
    const QString parentField = list.objectName() == "children_chargers" ? "station_id" : "charger_id";
    auto *add = list.findChild<QPushButton *>("addChild");
    QVERIFY(add && add->isEnabled());
    bool parentOffered = true;
    onNextModal([&](QWidget *dialog) {
        parentOffered = dialog->findChild<QWidget *>("field_" + parentField) != nullptr;
        for (const auto &[field, value] : values)
            fill(dialog, field, value);
        clickSave(dialog);
    });
    QTest::mouseClick(add, Qt::LeftButton);
    QVERIFY(m_modalHandled);
    QVERIFY2(!parentOffered, "the parent is fixed, so the form must not offer it");
    QTRY_COMPARE(list.model().rowCount(), before + 1);
}

qint64 TestStationDetails::idOf(const QString &table, const QString &code)
{
    const auto row = m_repo->getByCode(m_system, table, code);
    return row ? row.value().value("id").toLongLong() : 0;
}

void TestStationDetails::stationPage_chargersConnectorsUrlsPasswordAndQrCodes()
{
    Test::createArea(*m_repo, "GARAGE");
    StationService stations(*m_repo, m_clock);
    MainWindow window(*m_repo, m_system, Services{.stations = &stations});
    window.resize(1400, 900);
    window.setOcppUrls({"ws://192.0.2.10:8887/ocpp/<identifier>", "wss://192.0.2.10:8443/ocpp/<identifier>"});
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.showSection("stations"));
    auto *page = window.sectionPage("stations")->findChild<ListPage *>();
    QVERIFY(page);
    auto *details = page->findChild<StationDetails *>("stationDetails");
    QVERIFY(details);

    // The station, made through the window's form; the console selects the new row.
    onNextModal([&](QWidget *dialog) {
        fill(dialog, "code", "WB-1");
        fill(dialog, "name", "Wallbox one");
        fill(dialog, "area_id", "GARAGE");
        fill(dialog, "protocol", "ocpp1.6");
        fill(dialog, "connection_identifier", "wallbox-001");
        fill(dialog, "connection_policy", "wss_basic");
        clickSave(dialog);
    });
    page->findChild<QAction *>("newAction")->trigger();
    QVERIFY(m_modalHandled);
    const qint64 station = idOf(Tables::Stations, "WB-1");
    QVERIFY(station);
    QTRY_COMPARE(page->currentId(), station);
    QCOMPARE(details->stationId(), station);

    // Its URLs carry the connection identifier (what the gateway looks a station up by).
    auto *ws = details->findChild<QLineEdit *>("wsUrl");
    auto *wss = details->findChild<QLineEdit *>("wssUrl");
    QCOMPARE(ws->text(), QStringLiteral("ws://192.0.2.10:8887/ocpp/wallbox-001"));
    QCOMPARE(wss->text(), QStringLiteral("wss://192.0.2.10:8443/ocpp/wallbox-001"));
    QApplication::clipboard()->clear();
    QTest::mouseClick(details->findChild<QPushButton *>("copy_wssUrl"), Qt::LeftButton);
    QCOMPARE(QApplication::clipboard()->text(), wss->text());
    QTest::mouseClick(details->findChild<QPushButton *>("copy_wsUrl"), Qt::LeftButton);
    QCOMPARE(QApplication::clipboard()->text(), ws->text());
    // Without TLS the secure URL is not offered, and the policy that needs it says so.
    window.setOcppUrls({"ws://192.0.2.10:8887/ocpp/<identifier>"});
    QVERIFY(!wss->text().startsWith("wss://"));
    QVERIFY(!details->findChild<QPushButton *>("copy_wssUrl")->isEnabled());
    QVERIFY(details->findChild<QLabel *>("urlNote")->text().contains("cannot connect"));

    // A charger and two connectors through the child lists.
    ChildList &chargers = details->chargers();
    ChildList &connectors = details->connectors();
    QVERIFY(!connectors.findChild<QPushButton *>("addChild")->isEnabled()); // no charger chosen yet
    addChild(chargers, {{"code", "WB-1-A"}, {"name", "Left"}, {"evse_id", 1}, {"current_type", "ac_three_phase"}});
    if (QTest::currentTestFailed())
        return;
    const qint64 charger = idOf(Tables::Chargers, "WB-1-A");
    QCOMPARE(m_repo->get(m_system, Tables::Chargers, charger).value().value("station_id").toLongLong(), station);
    QCOMPARE(chargers.currentId(), charger); // the new row is selected, so its connectors show
    QCOMPARE(connectors.parentId(), charger);
    addChild(connectors, {{"code", "WB-1-A-1"}, {"name", "Type 2"}, {"connector_number", 1}});
    if (QTest::currentTestFailed())
        return;
    addChild(connectors, {{"code", "WB-1-A-2"}, {"name", "CCS"}, {"connector_number", 2}, {"type", "ccs2"}});
    if (QTest::currentTestFailed())
        return;
    ListQuery ofCharger;
    ofCharger.filters << ListQuery::Filter{"charger_id", ListQuery::Filter::Op::Equals, charger};
    QCOMPARE(m_repo->count(m_system, Tables::Connectors, ofCharger).value(), 2);
    QCOMPARE(connectors.model().index(1, 1).data().toString(), QStringLiteral("WB-1-A-2"));

    // QR codes: the charger's code, and charger;connector for a connector.
    QString shown;
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    onNextModal([&](QWidget *dialog) {
        auto *qr = qobject_cast<QrCodeDialog *>(dialog);
        QVERIFY(qr);
        shown = qr->findChild<QLabel *>("qrText")->text();
        QCOMPARE(qr->code().text(), shown);
        QCOMPARE(qr->savePng(dir.filePath("connector.png")), QString());
        qr->reject();
    });
    connectors.select(connectors.model().idAt(1));
    QVERIFY(connectors.currentId() != 0);
    QTest::mouseClick(connectors.findChild<QPushButton *>("connectorQrButton"), Qt::LeftButton);
    QVERIFY(m_modalHandled);
    QCOMPARE(shown, QStringLiteral("WB-1-A;WB-1-A-2"));
    QVERIFY(QImage(dir.filePath("connector.png")).width() > 100);
    onNextModal([&](QWidget *dialog) {
        shown = dialog->findChild<QLabel *>("qrText")->text();
        static_cast<QDialog *>(dialog)->reject();
    });
    QTest::mouseClick(chargers.findChild<QPushButton *>("chargerQrButton"), Qt::LeftButton);
    QVERIFY(m_modalHandled);
    QCOMPARE(shown, QStringLiteral("WB-1-A"));

    // Deleting a connector from the list asks first, then it is gone.
    onNextModal([](QWidget *box) { box->findChild<QPushButton *>("confirmDeleteButton")->click(); });
    QTest::mouseClick(connectors.findChild<QPushButton *>("deleteChild"), Qt::LeftButton);
    QVERIFY(m_modalHandled);
    QCOMPARE(m_repo->count(m_system, Tables::Connectors, ofCharger).value(), 1);
    QTRY_COMPARE(connectors.model().rowCount(), 1);
    QCOMPARE(connectors.currentId(), 0);

    // The station connects and boots, as the gateway records it: the details follow.
    QCOMPARE(details->findChild<QLabel *>("reported_vendor")->text(), QStringLiteral("—"));
    QVERIFY(details->findChild<QLabel *>("connectionState")->text().contains("Not connected"));
    QVERIFY(stations.recordConnected(station).ok());
    QVERIFY(
        stations.recordBoot(station, {"Alfen", "Eve Single", "ACE0001", "6.1.2", "8938600000000000001", "2930"}).ok());
    QCOMPARE(details->findChild<QLabel *>("reported_vendor")->text(), QStringLiteral("Alfen"));
    QCOMPARE(details->findChild<QLabel *>("reported_model")->text(), QStringLiteral("Eve Single"));
    QCOMPARE(details->findChild<QLabel *>("reported_serial_number")->text(), QStringLiteral("ACE0001"));
    QCOMPARE(details->findChild<QLabel *>("reported_firmware_version")->text(), QStringLiteral("6.1.2"));
    QCOMPARE(details->findChild<QLabel *>("reported_iccid")->text(), QStringLiteral("8938600000000000001"));
    QCOMPARE(details->findChild<QLabel *>("reported_imsi")->text(), QStringLiteral("2930"));
    QVERIFY(!details->findChild<QLabel *>("reportedNote")->isVisible());
    QVERIFY(details->findChild<QLabel *>("connectionState")->text().contains(">Connected") ||
            details->findChild<QLabel *>("connectionState")->text().contains(" Connected"));
    QVERIFY(details->findChild<QLabel *>("lastConnected")->text() != QStringLiteral("—"));
    QVERIFY(stations.recordHeartbeat(station).ok());
    QVERIFY(details->findChild<QLabel *>("lastHeartbeat")->text() != QStringLiteral("—"));

    // The password: typed twice, a mismatch refused without a change, then set.
    QVERIFY(!stations.hasPassword(station));
    QString refusal;
    bool stillOpen = false;
    QString prefilled;
    onNextModal([&](QWidget *dialog) {
        prefilled = dialog->findChild<QLineEdit *>("username")->text();
        QTest::keyClicks(dialog->findChild<QLineEdit *>("password"), "correct-horse-battery-1");
        QTest::keyClicks(dialog->findChild<QLineEdit *>("repeatPassword"), "correct-horse-battery-2");
        QTest::mouseClick(dialog->findChild<QPushButton *>("applyPasswordButton"), Qt::LeftButton);
        refusal = dialog->findChild<QLabel *>("passwordError")->text();
        stillOpen = dialog->isVisible();
        auto *repeat = dialog->findChild<QLineEdit *>("repeatPassword");
        repeat->clear();
        QTest::keyClicks(repeat, "correct-horse-battery-1");
        QTest::mouseClick(dialog->findChild<QPushButton *>("applyPasswordButton"), Qt::LeftButton);
        if (dialog->isVisible()) {
            refusal = dialog->findChild<QLabel *>("passwordError")->text();
            static_cast<QDialog *>(dialog)->reject();
        }
    });
    QTest::mouseClick(details->findChild<QPushButton *>("setPasswordButton"), Qt::LeftButton);
    QVERIFY(m_modalHandled);
    QVERIFY(stillOpen);
    QCOMPARE(prefilled, QStringLiteral("wallbox-001")); // the identifier, as stations send it
    QVERIFY2(refusal.contains("differ"), qPrintable(refusal));
    QVERIFY(stations.hasPassword(station));
    QCOMPARE(m_repo->get(m_system, Tables::Stations, station).value().value("auth_username").toString(),
             QStringLiteral("wallbox-001"));
    QVERIFY(std::holds_alternative<StationLink>(
        stations.authorizeConnection({"wallbox-001", true, "wallbox-001", "correct-horse-battery-1"})));
    QVERIFY(details->findChild<QLabel *>("passwordState")->text().startsWith("Set"));
    // The stored password is never put back into the dialog.
    onNextModal([&](QWidget *dialog) {
        refusal = dialog->findChild<QLineEdit *>("password")->text();
        static_cast<QDialog *>(dialog)->reject();
    });
    QTest::mouseClick(details->findChild<QPushButton *>("setPasswordButton"), Qt::LeftButton);
    QVERIFY(m_modalHandled);
    QCOMPARE(refusal, QString());
}

void TestStationDetails::childList_followsItsParentAndPassesTheModelTester()
{
    const qint64 area = Test::createArea(*m_repo, "GARAGE");
    const qint64 one = Test::createStation(*m_repo, area, "ST-1");
    const qint64 two = Test::createStation(*m_repo, area, "ST-2");
    for (const auto &[station, code, evse] : {std::tuple{one, "ONE-A", 1}, {one, "ONE-B", 2}, {two, "TWO-A", 1}})
        QVERIFY(m_repo
                    ->create(m_system, Tables::Chargers,
                             {{"code", code},
                              {"name", code},
                              {"station_id", station},
                              {"evse_id", evse},
                              {"current_type", "ac_single_phase"}})
                    .ok());
    ChildList list(*m_repo, m_system, {Tables::Chargers, {"evse_id", "code"}, {}, "evse_id"}, "station_id",
                   {{"Charger", {"code", "name", "station_id", "evse_id", "current_type"}}});
    QAbstractItemModelTester tester(&list.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(list.model().rowCount(), 0); // no parent, no rows (not the whole table)
    QVERIFY(!list.findChild<QPushButton *>("addChild")->isEnabled());
    list.setParentId(one);
    QCOMPARE(list.model().rowCount(), 2);
    QCOMPARE(list.model().index(1, 1).data().toString(), QStringLiteral("ONE-B"));
    list.setParentId(two);
    QCOMPARE(list.model().rowCount(), 1);
    list.select(idOf(Tables::Chargers, "TWO-A"));
    QCOMPARE(list.currentId(), idOf(Tables::Chargers, "TWO-A"));
    QVERIFY(list.findChild<QPushButton *>("openChild")->isEnabled());

    // A charger added to this station elsewhere appears, and the selection stays.
    QVERIFY(m_repo
                ->create(
                    m_system, Tables::Chargers,
                    {{"code", "TWO-B"}, {"name", "TWO-B"}, {"station_id", two}, {"evse_id", 2}, {"current_type", "dc"}})
                .ok());
    QTRY_COMPARE(list.model().rowCount(), 2);
    QCOMPARE(list.currentId(), idOf(Tables::Chargers, "TWO-A"));
    // Another station's charger does not: the list reads its rows again and they are the same.
    QSignalSpy reloaded(&list.model(), &RecordTableModel::reloaded);
    QVERIFY(m_repo->remove(m_system, Tables::Chargers, idOf(Tables::Chargers, "ONE-A")).ok());
    QTRY_COMPARE(reloaded.count(), 1);
    QCOMPARE(list.model().rowCount(), 2);
    // The selected one deleted elsewhere: the list says nothing is selected any more.
    QSignalSpy current(&list, &ChildList::currentChanged);
    QVERIFY(m_repo->remove(m_system, Tables::Chargers, idOf(Tables::Chargers, "TWO-A")).ok());
    QTRY_COMPARE(list.model().rowCount(), 1);
    QCOMPARE(list.currentId(), 0);
    QCOMPARE(current.size(), 1);
    QVERIFY(!list.findChild<QPushButton *>("openChild")->isEnabled());
}

void TestStationDetails::stationUrl_replacesTheIdentifier()
{
    QCOMPARE(StationDetails::stationUrl("ws://localhost:8887/ocpp/<identifier>", "cp-7"),
             QStringLiteral("ws://localhost:8887/ocpp/cp-7"));
    QCOMPARE(StationDetails::stationUrl("wss://[::1]:8443/ocpp/<identifier>", "a:b"),
             QStringLiteral("wss://[::1]:8443/ocpp/a:b"));
}

QTEST_MAIN(TestStationDetails)
#include "tst_stationdetails.moc"
