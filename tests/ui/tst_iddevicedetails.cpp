#include "core/catalog.h"
#include "core/repository.h"
#include "support/formdriver.h"
#include "support/repositoryfixture.h"
#include "ui/shell/mainwindow.h"
#include "ui/widgets/listpage.h"

#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>

using namespace ChargeDesk;
using namespace ChargeDesk::Core;
using namespace ChargeDesk::Ui;

// The ID devices page: whose a device is, moving it between customers, blocking it.
class TestIdDeviceDetails : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void assign_toAThenB_leavesItWithBOnly();
    void unassign_andBlock_askFirst();
    void picker_offersOnlyMatchingCustomers();

private:
    qint64 customer(const QString &code, const QString &name);
    ListPage *selectDevice(MainWindow &window);
    // Picks the customer named `name` in the open picker (searching for it first).
    static void pick(QWidget *picker, const QString &name);
    static void click(QWidget *parent, const QString &name);
    qint64 deviceCustomer();

    SystemClock m_clock;
    std::unique_ptr<Test::RepositoryFixture> m_fx;
    Repository *m_repo = nullptr;
    const Actor m_system = Actor::system();
    qint64 m_device = 0;
};

void TestIdDeviceDetails::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestIdDeviceDetails::init()
{
    m_fx = std::make_unique<Test::RepositoryFixture>(m_clock);
    QVERIFY2(m_fx->isValid(), qPrintable(m_fx->error));
    m_repo = m_fx->repo.get();
    QSettings().clear();
    const qint64 rfid = m_repo->create(m_system, Tables::IdDeviceTypes, {{"code", "CARD"}, {"name", "RFID"}}).value();
    m_device = m_repo
                   ->create(m_system, Tables::IdDevices,
                            {{"code", "CARD-1"}, {"name", "Blue card"}, {"type_id", rfid}, {"identifier", "04A1B2"}})
                   .value();
}

void TestIdDeviceDetails::cleanup()
{
    m_repo = nullptr;
    m_fx.reset();
}

qint64 TestIdDeviceDetails::customer(const QString &code, const QString &name)
{
    return m_repo->create(m_system, Tables::Customers, {{"code", code}, {"name", name}, {"payment_type", "postpaid"}})
        .value();
}

ListPage *TestIdDeviceDetails::selectDevice(MainWindow &window)
{
    if (!window.showSection("idDevices"))
        return nullptr;
    auto *list = window.sectionPage("idDevices")->findChild<ListPage *>();
    list->select(m_device);
    return list->currentId() == m_device ? list : nullptr;
}

void TestIdDeviceDetails::pick(QWidget *picker, const QString &name)
{
    auto *search = picker->findChild<QLineEdit *>("customerSearch");
    QTest::keyClicks(search, name);
    auto *view = picker->findChild<QTableView *>("customerList");
    // The search runs after a pause in typing; the one match is then selected.
    QTRY_COMPARE(view->model()->rowCount(), 1);
    QTRY_VERIFY(view->selectionModel()->currentIndex().isValid());
    QCOMPARE(view->model()->index(0, 0).data().toString(), name);
    click(picker, "pickButton");
}

void TestIdDeviceDetails::click(QWidget *parent, const QString &name)
{
    auto *button = parent->findChild<QPushButton *>(name);
    QVERIFY2(button, qPrintable(name));
    QVERIFY2(button->isEnabled(), qPrintable(name));
    QTest::mouseClick(button, Qt::LeftButton);
}

qint64 TestIdDeviceDetails::deviceCustomer()
{
    return m_repo->get(m_system, Tables::IdDevices, m_device).value().value("customer_id").toLongLong();
}

void TestIdDeviceDetails::assign_toAThenB_leavesItWithBOnly()
{
    const qint64 ana = customer("A", "Ana Novak");
    const qint64 bor = customer("B", "Bor Zupan");
    MainWindow window(*m_repo, m_system);
    window.show();
    ListPage *list = selectDevice(window);
    QVERIFY(list);
    auto *owner = list->findChild<QLabel *>("deviceCustomer");
    QVERIFY(owner->text().startsWith("Not assigned to a customer"));
    QVERIFY(!list->findChild<QPushButton *>("unassignCustomerButton")->isEnabled());

    auto picked = std::make_shared<bool>(false);
    Test::onModal(
        this, "customerPicker", [](QWidget *picker) { pick(picker, "Ana Novak"); }, picked);
    click(list, "assignCustomerButton");
    QVERIFY(*picked);
    QCOMPARE(deviceCustomer(), ana);
    QVERIFY2(owner->text().contains("Ana Novak"), qPrintable(owner->text()));

    // Moving it names the customer it is taken from, and asks.
    QString question;
    auto moved = std::make_shared<bool>(false);
    Test::onModal(this, "customerPicker", [&](QWidget *picker) {
        Test::onModal(
            this, "confirmReassign",
            [&](QWidget *box) {
                question = static_cast<QMessageBox *>(box)->text();
                click(box, "confirmReassignButton");
            },
            moved);
        pick(picker, "Bor Zupan");
    });
    click(list, "assignCustomerButton");
    QVERIFY(*moved);
    QVERIFY2(question.contains("Ana Novak") && question.contains("Bor Zupan"), qPrintable(question));
    QCOMPARE(deviceCustomer(), bor);
    ListQuery ofAna;
    ofAna.filters << ListQuery::Filter{"customer_id", ListQuery::Filter::Op::Equals, ana};
    QCOMPARE(m_repo->count(m_system, Tables::IdDevices, ofAna).value(), 0);
    QVERIFY2(owner->text().contains("Bor Zupan"), qPrintable(owner->text()));
}

void TestIdDeviceDetails::unassign_andBlock_askFirst()
{
    const qint64 ana = customer("A", "Ana Novak");
    QVERIFY(m_repo->update(m_system, Tables::IdDevices, m_device, {{"customer_id", ana}}).ok());
    MainWindow window(*m_repo, m_system);
    window.show();
    ListPage *list = selectDevice(window);
    QVERIFY(list);

    // Cancelling changes nothing.
    auto asked = std::make_shared<bool>(false);
    Test::onModal(
        this, "confirmUnassign", [](QWidget *box) { static_cast<QMessageBox *>(box)->reject(); }, asked);
    click(list, "unassignCustomerButton");
    QVERIFY(*asked);
    QCOMPARE(deviceCustomer(), ana);

    auto confirmed = std::make_shared<bool>(false);
    Test::onModal(
        this, "confirmUnassign", [](QWidget *box) { click(box, "confirmUnassignButton"); }, confirmed);
    click(list, "unassignCustomerButton");
    QVERIFY(*confirmed);
    QCOMPARE(deviceCustomer(), 0);
    QVERIFY(list->findChild<QLabel *>("deviceCustomer")->text().startsWith("Not assigned to a customer"));

    auto *block = list->findChild<QPushButton *>("toggleBlockedButton");
    auto blocked = std::make_shared<bool>(false);
    Test::onModal(
        this, "confirmBlock", [](QWidget *box) { click(box, "confirmBlockButton"); }, blocked);
    click(list, "toggleBlockedButton");
    QVERIFY(*blocked);
    QCOMPARE(m_repo->get(m_system, Tables::IdDevices, m_device).value().value("status").toString(),
             QStringLiteral("blocked"));
    QCOMPARE(block->text(), QStringLiteral("Unblock"));
    click(list, "toggleBlockedButton");
    QCOMPARE(m_repo->get(m_system, Tables::IdDevices, m_device).value().value("status").toString(),
             QStringLiteral("active"));
}

void TestIdDeviceDetails::picker_offersOnlyMatchingCustomers()
{
    customer("A", "Ana Novak");
    customer("B", "Bor Zupan");
    customer("C", "Ana Kranjc");
    MainWindow window(*m_repo, m_system);
    window.show();
    ListPage *list = selectDevice(window);
    QVERIFY(list);
    int all = -1;
    int anas = -1;
    auto done = std::make_shared<bool>(false);
    Test::onModal(
        this, "customerPicker",
        [&](QWidget *picker) {
            auto *view = picker->findChild<QTableView *>("customerList");
            all = view->model()->rowCount();
            QVERIFY(!picker->findChild<QPushButton *>("pickButton")->isEnabled());
            QTest::keyClicks(picker->findChild<QLineEdit *>("customerSearch"), "ana");
            QTRY_COMPARE(view->model()->rowCount(), 2);
            anas = view->model()->rowCount();
            static_cast<QDialog *>(picker)->reject();
        },
        done);
    click(list, "assignCustomerButton");
    QVERIFY(*done);
    QCOMPARE(all, 3);
    QCOMPARE(anas, 2);
    QCOMPARE(deviceCustomer(), 0);
}

QTEST_MAIN(TestIdDeviceDetails)
#include "tst_iddevicedetails.moc"
