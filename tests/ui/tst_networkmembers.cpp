#include "core/catalog.h"
#include "core/privatenetwork.h"
#include "support/repositoryfixture.h"
#include "ui/identity/networkmembers.h"
#include "ui/shell/mainwindow.h"
#include "ui/widgets/childlist.h"
#include "ui/widgets/listpage.h"

#include <QAbstractItemModelTester>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>

using namespace ChargeDesk;
using namespace ChargeDesk::Core;
using namespace ChargeDesk::Ui;

// The operators section's private network as an operator user drives it in the real window:
// a search of at least three characters lists cards of customers outside the network, "Add to
// network" moves one in, "Remove from network" out. Power users keep the generic members list.
class TestNetworkMembers : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void operatorUser_searchesAndAddsACustomer();
    void operatorUser_shortSearch_listsNothingAndSaysWhy();
    void operatorUser_removesAMember();
    void powerUser_keepsTheGenericMembersList();
    void cardModel_passesTheModelTester();

private:
    qint64 customer(const QString &code, const QString &name, const QString &email);
    // The operators page of `window` with the hotel selected, and its members panel.
    QWidget *openHotel(MainWindow &window);
    static QTableView *view(QWidget *panel, const char *name);

    SystemClock m_clock;
    std::unique_ptr<Test::RepositoryFixture> m_fx;
    Repository *m_repo = nullptr;
    qint64 m_hotel = 0;
    qint64 m_anna = 0;
    qint64 m_bob = 0;
    Actor m_hotelUser;
};

void TestNetworkMembers::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

qint64 TestNetworkMembers::customer(const QString &code, const QString &name, const QString &email)
{
    const auto id = m_repo->create(Actor::system(), Tables::Customers,
                                   {{"code", code}, {"name", name}, {"email", email}, {"payment_type", "postpaid"}});
    return id ? id.value() : 0;
}

void TestNetworkMembers::init()
{
    m_fx = std::make_unique<Test::RepositoryFixture>(m_clock);
    QVERIFY2(m_fx->isValid(), qPrintable(m_fx->error));
    m_repo = m_fx->repo.get();
    m_hotel = m_repo->create(Actor::system(), Tables::Operators, {{"code", "HOTEL"}, {"name", "Hotel"}}).value();
    m_anna = customer("C-100", "Anna Berg", "anna@mail.example");
    m_bob = customer("C-300", "Bob Stone", "bob@stone.example");
    QVERIFY(m_anna && m_bob);
    m_hotelUser = Actor{.userId = 10, .email = QStringLiteral("desk@hotel.example"), .operatorId = m_hotel};
}

void TestNetworkMembers::cleanup()
{
    m_repo = nullptr;
    m_fx.reset();
}

QWidget *TestNetworkMembers::openHotel(MainWindow &window)
{
    if (!window.showSection(QStringLiteral("operators")))
        return nullptr;
    auto *list = window.sectionPage(QStringLiteral("operators"))->findChild<ListPage *>();
    if (!list)
        return nullptr;
    list->select(m_hotel);
    return list->currentId() == m_hotel ? window.findChild<QWidget *>(QStringLiteral("networkMembers")) : nullptr;
}

QTableView *TestNetworkMembers::view(QWidget *panel, const char *name)
{
    return panel->findChild<QTableView *>(QString::fromLatin1(name));
}

void TestNetworkMembers::operatorUser_searchesAndAddsACustomer()
{
    MainWindow window(*m_repo, m_hotelUser);
    window.show();
    QWidget *panel = openHotel(window);
    QVERIFY(panel);
    QVERIFY(!window.findChild<ChildList *>(QStringLiteral("children_operator_members")));
    QTableView *candidates = view(panel, "candidateView");
    QTableView *members = view(panel, "memberView");
    QVERIFY(candidates && members);

    QTest::keyClicks(panel->findChild<QLineEdit *>(QStringLiteral("memberSearch")), QStringLiteral("anna@"));
    QCOMPARE(candidates->model()->rowCount(), 1);
    // Code, name and email: the card's three columns and nothing else of the customer.
    QCOMPARE(candidates->model()->columnCount(), 3);
    QCOMPARE(candidates->model()->index(0, 1).data().toString(), QStringLiteral("Anna Berg"));
    auto *add = panel->findChild<QPushButton *>(QStringLiteral("addToNetwork"));
    QVERIFY(!add->isEnabled());
    candidates->selectRow(0);
    QVERIFY(add->isEnabled());
    QTest::mouseClick(add, Qt::LeftButton);

    QCOMPARE(members->model()->rowCount(), 1);
    QCOMPARE(members->model()->index(0, 0).data().toString(), QStringLiteral("C-100"));
    QCOMPARE(candidates->model()->rowCount(), 0); // a member is no candidate
    QCOMPARE(networkMembers(*m_repo, Actor::system(), m_hotel).value().first().customer.id, m_anna);
}

void TestNetworkMembers::operatorUser_shortSearch_listsNothingAndSaysWhy()
{
    MainWindow window(*m_repo, m_hotelUser);
    window.show();
    QWidget *panel = openHotel(window);
    QVERIFY(panel);
    QTest::keyClicks(panel->findChild<QLineEdit *>(QStringLiteral("memberSearch")), QStringLiteral("an"));
    QCOMPARE(view(panel, "candidateView")->model()->rowCount(), 0);
    auto *message = panel->findChild<QLabel *>(QStringLiteral("memberSearchMessage"));
    QVERIFY(message->isVisible());
    QVERIFY(message->text().contains(QLatin1Char('3')));
    QTest::keyClicks(panel->findChild<QLineEdit *>(QStringLiteral("memberSearch")), QStringLiteral("n"));
    QCOMPARE(view(panel, "candidateView")->model()->rowCount(), 1);
}

void TestNetworkMembers::operatorUser_removesAMember()
{
    QVERIFY(addNetworkMember(*m_repo, Actor::system(), m_hotel, m_bob));
    MainWindow window(*m_repo, m_hotelUser);
    window.show();
    QWidget *panel = openHotel(window);
    QVERIFY(panel);
    QTableView *members = view(panel, "memberView");
    QCOMPARE(members->model()->rowCount(), 1);
    QCOMPARE(members->model()->index(0, 1).data().toString(), QStringLiteral("Bob Stone"));
    members->selectRow(0);
    QTest::mouseClick(panel->findChild<QPushButton *>(QStringLiteral("removeFromNetwork")), Qt::LeftButton);
    QCOMPARE(members->model()->rowCount(), 0);
    QVERIFY(networkMembers(*m_repo, Actor::system(), m_hotel).value().isEmpty());
}

void TestNetworkMembers::powerUser_keepsTheGenericMembersList()
{
    MainWindow window(*m_repo, Actor::system());
    window.show();
    QVERIFY(window.showSection(QStringLiteral("operators")));
    auto *list = window.sectionPage(QStringLiteral("operators"))->findChild<ListPage *>();
    QVERIFY(list);
    list->select(m_hotel);
    QVERIFY(window.findChild<ChildList *>(QStringLiteral("children_operator_members")));
    QVERIFY(!window.findChild<QWidget *>(QStringLiteral("networkMembers")));
}

void TestNetworkMembers::cardModel_passesTheModelTester()
{
    CustomerCardModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setRows({NetworkMember{.memberId = 1, .customer = {m_anna, "C-100", "Anna Berg", "anna@mail.example"}},
                   NetworkMember{.memberId = 2, .customer = {m_bob, "C-300", "Bob Stone", "bob@stone.example"}}});
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.headerData(2, Qt::Horizontal).toString(), QStringLiteral("Email"));
    model.setRows({});
    QCOMPARE(model.rowCount(), 0);
}

QTEST_MAIN(TestNetworkMembers)
#include "tst_networkmembers.moc"
