#include "core/catalog.h"
#include "core/reservations.h"
#include "support/formdriver.h"
#include "support/gatewayfixture.h"
#include "support/stationpeer.h"
#include "support/testdata.h"
#include "ui/shell/mainwindow.h"
#include "ui/widgets/listpage.h"

#include <QComboBox>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>

using namespace ChargeDesk;
using namespace ChargeDesk::Core;
using namespace ChargeDesk::Ui;
using namespace std::chrono_literals;

// The reservations page: the list with its filters, newest first, and stopping an active
// reservation, which an independent station (ocpp-rpc) hears as CancelReservation.
class TestReservationsPage : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void list_newestFirst_filtersNarrowToExactRows();
    void stop_activeReservation_stationReceivesCancelReservation();
    void withoutTheService_thereIsNoStopButton();
    void operatorUser_seesOnlyTheirNetworksReservations();

private:
    struct Site
    {
        qint64 station = 0, charger = 0, connector1 = 0, connector2 = 0;
    };
    Site addSite(const QString &code, qint64 areaId);
    qint64 addCustomer(const QString &code);
    qint64 addReservation(const QString &code, qint64 customer, const Site &site, const QString &status);
    ListPage *showPage(MainWindow &window);
    QStringList column(ListPage &page, int column);

    std::unique_ptr<FakeClock> m_clock;
    std::unique_ptr<Test::GatewayFixture> m_fx;
    std::unique_ptr<Reservations> m_reservations;
    qint64 m_deviceType = 0;
};

void TestReservationsPage::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    qInfo("storage backend: %s", qPrintable(Test::backend()));
}

void TestReservationsPage::init()
{
    QSettings().clear();
    // From the real time on, as the station peer's clock, moved only by the test.
    m_clock = std::make_unique<FakeClock>(QDateTime::currentDateTimeUtc());
    m_fx = std::make_unique<Test::GatewayFixture>(*m_clock);
    QVERIFY2(m_fx->isValid(), qPrintable(m_fx->error));
    m_reservations = std::make_unique<Reservations>(*m_fx->repo, *m_fx->sessions, *m_fx->gateway, m_fx->clock);
    m_deviceType =
        m_fx->repo->create(Actor::system(), Tables::IdDeviceTypes, {{"code", "CARD"}, {"name", "RFID card"}}).value();
}

void TestReservationsPage::cleanup()
{
    m_reservations.reset();
    m_fx.reset();
    m_clock.reset();
}

auto TestReservationsPage::addSite(const QString &code, qint64 areaId) -> Site
{
    Site site;
    site.station = Test::createStation(*m_fx->repo, areaId, code);
    site.charger = m_fx->repo
                       ->create(Actor::system(), Tables::Chargers,
                                {{"code", code + "-C1"},
                                 {"name", code + " charger"},
                                 {"station_id", site.station},
                                 {"current_type", "ac_three_phase"},
                                 {"reservable", true},
                                 {"connectors_simultaneous", true}})
                       .value();
    for (int n : {1, 2})
        (n == 1 ? site.connector1 : site.connector2) = m_fx->repo
                                                           ->create(Actor::system(), Tables::Connectors,
                                                                    {{"code", QString::number(n)},
                                                                     {"name", QStringLiteral("Socket %1").arg(n)},
                                                                     {"charger_id", site.charger},
                                                                     {"connector_number", n}})
                                                           .value();
    return site;
}

qint64 TestReservationsPage::addCustomer(const QString &code)
{
    const qint64 id =
        m_fx->repo
            ->create(Actor::system(), Tables::Customers, {{"code", code}, {"name", code}, {"payment_type", "postpaid"}})
            .value();
    m_fx->repo->create(Actor::system(), Tables::IdDevices,
                       {{"code", code + "-CARD"},
                        {"name", code + " card"},
                        {"type_id", m_deviceType},
                        {"identifier", code + "-CARD"},
                        {"customer_id", id}});
    return id;
}

qint64 TestReservationsPage::addReservation(const QString &code, qint64 customer, const Site &site,
                                            const QString &status)
{
    m_clock->advance(1); // distinct creation times, so that "newest first" has one answer
    const auto id = m_fx->repo->create(Actor::system(), Tables::Reservations,
                                       {{"code", code},
                                        {"customer_id", customer},
                                        {"charger_id", site.charger},
                                        {"connector_id", site.connector1},
                                        {"status", status},
                                        {"expires_at", m_fx->clock.nowMs() + 30 * 60'000}});
    return id ? id.value() : 0;
}

ListPage *TestReservationsPage::showPage(MainWindow &window)
{
    window.resize(1400, 900);
    window.show();
    if (!QTest::qWaitForWindowExposed(&window) || !window.showSection("reservations"))
        return nullptr;
    return window.sectionPage("reservations")->findChild<ListPage *>();
}

QStringList TestReservationsPage::column(ListPage &page, int column)
{
    QStringList cells;
    for (int r = 0; r < page.model().rowCount(); ++r)
        cells << page.model().index(r, column).data().toString();
    return cells;
}

void TestReservationsPage::list_newestFirst_filtersNarrowToExactRows()
{
    const Site lobby = addSite("LOBBY", m_fx->areaId);
    const Site yard = addSite("YARD", m_fx->areaId);
    const qint64 alice = addCustomer("ALICE");
    const qint64 bob = addCustomer("BOB");
    QVERIFY(lobby.charger && yard.charger && alice && bob);
    QVERIFY(addReservation("R-1", alice, lobby, "used"));
    QVERIFY(addReservation("R-2", bob, yard, "active"));
    QVERIFY(addReservation("R-3", alice, yard, "cancelled"));

    MainWindow window(*m_fx->repo, Actor::system(), Services{});
    ListPage *page = showPage(window);
    QVERIFY(page);
    QCOMPARE(column(*page, 1), (QStringList{"R-3", "R-2", "R-1"})); // code, newest first
    QCOMPARE(column(*page, 2), (QStringList{"ALICE", "BOB", "ALICE"}));
    QCOMPARE(column(*page, 3), (QStringList{"YARD charger", "YARD charger", "LOBBY charger"}));
    QCOMPARE(column(*page, 6), (QStringList{"Cancelled", "Active", "Used"}));
    // Not made or deleted by hand.
    QVERIFY(!page->findChild<QAction *>("newAction")->isVisible());
    QVERIFY(!page->findChild<QAction *>("deleteAction")->isVisible());

    auto *status = page->findChild<QComboBox *>("filter_status");
    auto *customer = page->findChild<QComboBox *>("filter_customer_id");
    auto *charger = page->findChild<QComboBox *>("filter_charger_id");
    QVERIFY(status && customer && charger);
    customer->setCurrentIndex(customer->findText("ALICE"));
    QCOMPARE(column(*page, 1), (QStringList{"R-3", "R-1"}));
    charger->setCurrentIndex(charger->findText("YARD charger"));
    QCOMPARE(column(*page, 1), QStringList{"R-3"});
    customer->setCurrentIndex(0);
    status->setCurrentIndex(status->findData("active"));
    QCOMPARE(column(*page, 1), QStringList{"R-2"});
}

void TestReservationsPage::stop_activeReservation_stationReceivesCancelReservation()
{
    const Site site = addSite("DESK", m_fx->areaId);
    const qint64 alice = addCustomer("ALICE");
    const auto peer = Test::StationPeer::start(*m_fx->gateway, site.station, m_fx->url("DESK"), "ocpp1.6");
    QVERIFY(peer);
    std::optional<Result<ReservationOutcome>> reserved;
    m_reservations->reserve(Actor::system(), alice, site.connector1, 30min,
                            [&reserved](const Result<ReservationOutcome> &r) { reserved = r; });
    QTRY_VERIFY_WITH_TIMEOUT(reserved.has_value(), 10000);
    QVERIFY2(reserved->ok(), qPrintable(reserved->ok() ? QString() : reserved->error().message()));
    QCOMPARE(reserved->value().status, QStringLiteral("active"));
    const qint64 id = reserved->value().reservationId;
    QVERIFY(!peer->nextCall("ReserveNow").isEmpty());

    MainWindow window(*m_fx->repo, Actor::system(),
                      Services{.gateway = m_fx->gateway.get(), .reservations = m_reservations.get()});
    ListPage *page = showPage(window);
    QVERIFY(page);
    page->select(id);
    auto *stop = page->findChild<QPushButton *>("stopReservationButton");
    QVERIFY(stop && stop->isVisible());
    QVERIFY(stop->isEnabled());
    QVERIFY(page->findChild<QLabel *>("reservationState")->text().startsWith("Holds the connector until "));

    auto confirmed = std::make_shared<bool>(false);
    Test::onModal(
        &window, "confirmStopReservation",
        [](QWidget *box) { box->findChild<QPushButton *>("confirmStopReservationButton")->click(); }, confirmed);
    QTest::mouseClick(stop, Qt::LeftButton);
    QVERIFY(*confirmed);
    auto *outcome = page->findChild<QLabel *>("reservationOutcome");
    QTRY_COMPARE_WITH_TIMEOUT(outcome->text(),
                              QStringLiteral("Reservation stopped. The station released the connector."), 10000);
    const qint64 ocppId =
        m_fx->repo->get(Actor::system(), Tables::Reservations, id).value().value("ocpp_reservation_id").toLongLong();
    QVERIFY(ocppId != 0);
    QCOMPARE(peer->nextCall("CancelReservation").value("reservationId").toInteger(), ocppId);
    QTRY_COMPARE(page->model().index(page->model().rowOf(id), 6).data().toString(), QStringLiteral("Cancelled"));
    QVERIFY(!stop->isEnabled());
    QVERIFY(page->findChild<QLabel *>("reservationState")->text().startsWith("Cancelled: Cancelled by "));
}

void TestReservationsPage::withoutTheService_thereIsNoStopButton()
{
    const Site site = addSite("DESK", m_fx->areaId);
    const qint64 id = addReservation("R-1", addCustomer("ALICE"), site, "active");
    MainWindow window(*m_fx->repo, Actor::system(), Services{});
    ListPage *page = showPage(window);
    QVERIFY(page);
    page->select(id);
    QVERIFY(page->findChild<QPushButton *>("stopReservationButton")->isHidden());
    QVERIFY(page->findChild<QLabel *>("reservationState")->isVisible());
}

void TestReservationsPage::operatorUser_seesOnlyTheirNetworksReservations()
{
    const qint64 op =
        m_fx->repo->create(Actor::system(), Tables::Operators, {{"code", "HOTEL"}, {"name", "Hotel"}}).value();
    const qint64 area =
        m_fx->repo
            ->create(Actor::system(), Tables::Areas, {{"code", "HOTEL-A"}, {"name", "Hotel"}, {"operator_id", op}})
            .value();
    const Site own = addSite("OWN", area);
    const Site foreign = addSite("FOREIGN", m_fx->areaId);
    const qint64 alice = addCustomer("ALICE");
    QVERIFY(addReservation("R-OWN", alice, own, "active"));
    QVERIFY(addReservation("R-FOREIGN", alice, foreign, "active"));

    MainWindow window(*m_fx->repo,
                      Actor{.userId = 7, .email = "desk@hotel.example", .powerUser = false, .operatorId = op},
                      Services{.gateway = m_fx->gateway.get(), .reservations = m_reservations.get()});
    ListPage *page = showPage(window);
    QVERIFY(page);
    QCOMPARE(column(*page, 1), QStringList{"R-OWN"});
    auto *charger = page->findChild<QComboBox *>("filter_charger_id");
    QCOMPARE(charger->count(), 2); // "all" and its own charger only
}

QTEST_MAIN(TestReservationsPage)
#include "tst_reservations.moc"
