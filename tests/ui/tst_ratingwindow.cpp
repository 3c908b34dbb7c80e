#include "core/catalog.h"
#include "core/repository.h"
#include "server/simulator/virtualstation.h"
#include "support/formdriver.h"
#include "support/gatewayfixture.h"
#include "ui/stations/effectiverating.h"
#include "ui/widgets/entitydialog.h"
#include "ui/widgets/entityform.h"
#include "ui/widgets/valueformat.h"

#include <QLocale>
#include <QTest>

using namespace ChargeDesk;
using namespace ChargeDesk::Core;
using namespace ChargeDesk::Ui;
using namespace ChargeDesk::Server::Simulator;

// Issue 23's acceptance: prices typed into the rating settings window rate a session that the
// simulator drives over a real OCPP 1.6 socket, at site level, then overridden at operator
// level, then at charger level, number for number.
//
// Every session is the same, on a fake clock shared by the station and ChargeDesk so that
// each second is exact. The car is plugged in and the card presented at once; it takes
// 2.9 kWh at 6 kW, so it is full after 29 minutes. The clock moves 30 minutes, and the
// station reports SuspendedEV at that instant: charge time 1800 s (the status says charging
// until then), energy 2900 Wh (the meter). It stays plugged 20 more minutes (park time
// 1200 s), then is unplugged, which stops the transaction and closes the session.
class TestRatingWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void pricesFromTheWindow_rateSimulatedSessions_atEachLevel();

private:
    struct Prices
    {
        QString name;
        QString energy;       // per kWh, as typed
        QString chargeTime;   // per hour
        QString parkTime;     // per hour
        QString thresholdMin; // minutes of free parking
    };
    qint64 createThroughTheWindow(const Prices &prices);
    void addDriver();
    void startStation();
    // One session as described above; `closed` is its row once closed.
    void driveSession(Record &closed);
    void waitUntilSettled();
    Record lastSession();
    void verifyRated(const QString &level, qint64 amountMinor);

    std::unique_ptr<FakeClock> m_clock;
    std::unique_ptr<Test::GatewayFixture> m_fx;
    std::unique_ptr<VirtualStation> m_sim;
    std::unique_ptr<EffectiveRatingPanel> m_panel;
    qint64 m_chargerId = 0;
    QString m_status;   // the last connector status the station reported
    int m_inFlight = 0; // calls the station sent that ChargeDesk has not answered yet
    const Actor m_admin = Actor::system();
};

void TestRatingWindow::initTestCase()
{
    // Prices are typed as in English ("0.30"), in the site's currency.
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedKingdom));
    setDisplayCurrency(QStringLiteral("EUR"));
}

void TestRatingWindow::init()
{
    m_clock = std::make_unique<FakeClock>(QDateTime(QDate(2026, 3, 2), QTime(8, 0), Qt::UTC));
    m_fx = std::make_unique<Test::GatewayFixture>(*m_clock);
    QVERIFY2(m_fx->isValid(), qPrintable(m_fx->error));
    QVERIFY(m_fx->repo->create(m_admin, Tables::SiteSettings, {{"name", "Site"}, {"currency", "EUR"}}));
    addDriver();
    m_status.clear();
    m_inFlight = 0;
}

void TestRatingWindow::cleanup()
{
    m_panel.reset();
    if (m_sim)
        m_sim->stop();
    m_sim.reset();
    m_fx.reset();
    m_clock.reset();
}

void TestRatingWindow::addDriver()
{
    Repository &repo = *m_fx->repo;
    const qint64 type = repo.create(m_admin, Tables::IdDeviceTypes, {{"code", "CARD"}, {"name", "RFID card"}}).value();
    const qint64 customer =
        repo.create(m_admin, Tables::Customers, {{"code", "ANA"}, {"name", "Ana"}, {"payment_type", "postpaid"}})
            .value();
    QVERIFY(repo.create(m_admin, Tables::IdDevices,
                        {{"code", "CARD-1"},
                         {"name", "Ana's card"},
                         {"type_id", type},
                         {"identifier", "TAG-1"},
                         {"customer_id", customer}}));
}

qint64 TestRatingWindow::createThroughTheWindow(const Prices &prices)
{
    using Test::fill;
    EntityDialog dialog(*m_fx->repo, m_admin, Tables::RatingSettings);
    dialog.form().startCreate();
    dialog.show();
    if (!QTest::qWaitForWindowExposed(&dialog))
        return 0;
    fill(&dialog, "name", prices.name);
    fill(&dialog, "energy_price_minor", prices.energy);
    fill(&dialog, "charge_time_price_minor", prices.chargeTime);
    fill(&dialog, "park_time_price_minor", prices.parkTime);
    fill(&dialog, "park_time_threshold_s", prices.thresholdMin);
    fill(&dialog, "park_time_threshold_s_unit", "minutes");
    Test::clickSave(&dialog);
    if (dialog.result() != QDialog::Accepted)
        return 0;
    return dialog.form().recordId().value_or(0);
}

void TestRatingWindow::startStation()
{
    QVERIFY(m_fx->addStation("SIM", "ocpp1.6", "ws"));
    const qint64 stationId = m_fx->repo->getByCode(m_admin, Tables::Stations, "SIM").value().value("id").toLongLong();
    ConnectionOptions options;
    options.url = QUrl(m_fx->url("SIM"));
    options.version = Server::Ocpp::Version::V16;
    StationSpec spec;
    spec.id = "SIM";
    spec.connectors = {ConnectorSpec{"cType2", CurrentType::AC3, 22000}};
    m_sim = std::make_unique<VirtualStation>(spec, options, *m_clock);
    connect(m_sim.get(), &VirtualStation::happened, this, [this](const QJsonObject &e) {
        const QString name = e.value("event").toString();
        if (name == "sent")
            ++m_inFlight;
        else if (name == "answered")
            --m_inFlight;
        else if (name == "status")
            m_status = e.value("status").toString();
    });
    m_sim->start();
    QTRY_VERIFY_WITH_TIMEOUT(m_sim->isOnline(), 10000);
    const qint64 connectorId = m_fx->stations->connectorFor(stationId, 1, 1).value();
    m_chargerId = m_fx->repo->get(m_admin, Tables::Connectors, connectorId).value().value("charger_id").toLongLong();
    QVERIFY(m_chargerId > 0);
    m_panel = std::make_unique<EffectiveRatingPanel>(*m_fx->repo);
    m_panel->setChargerId(m_chargerId);
}

// The clock may only move once ChargeDesk has answered everything the station said: each
// status is timed where the station saw it.
void TestRatingWindow::waitUntilSettled()
{
    QTRY_VERIFY_WITH_TIMEOUT(m_inFlight == 0 && m_sim->queuedCalls() == 0, 10000);
}

Record TestRatingWindow::lastSession()
{
    ListQuery query;
    query.orderBy = QStringLiteral("id");
    query.descending = true;
    const QList<Record> sessions = m_fx->repo->list(m_admin, Tables::Sessions, query).value();
    return sessions.isEmpty() ? Record{} : sessions.first();
}

void TestRatingWindow::driveSession(Record &closed)
{
    const qint64 before = lastSession().value("id").toLongLong();
    // Full after 2900 Wh; no taper, so 6 kW until then.
    const Vehicle car{.capacityWh = 50000, .storedWh = 47100, .maxPowerW = 6000, .taperFrom = 1.0};
    QVERIFY(m_sim->plugIn(1, car));
    m_sim->presentIdTag(1, "TAG-1");
    QTRY_COMPARE_WITH_TIMEOUT(m_status, QStringLiteral("Charging"), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(lastSession().value("id").toLongLong() > before &&
                                 lastSession().value("status").toString() == QStringLiteral("in_progress"),
                             10000);
    waitUntilSettled();

    m_clock->advance(30 * 60); // charging; the car is full at 29 minutes
    QTRY_COMPARE_WITH_TIMEOUT(m_status, QStringLiteral("SuspendedEV"), 10000);
    waitUntilSettled();

    m_clock->advance(20 * 60); // parked
    m_sim->unplug(1);
    QTRY_COMPARE_WITH_TIMEOUT(lastSession().value("status").toString(), QStringLiteral("closed"), 10000);
    waitUntilSettled();
    m_clock->advance(60); // the next session starts on its own minute
    closed = lastSession();
}

void TestRatingWindow::verifyRated(const QString &level, qint64 amountMinor)
{
    Record s;
    driveSession(s);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(s.value("status").toString(), QStringLiteral("closed"));
    QCOMPARE(s.value("energy_wh").toLongLong(), 2900);
    QCOMPARE(s.value("charge_s").toLongLong(), 1800);
    QCOMPARE(s.value("park_s").toLongLong(), 1200);
    QCOMPARE(s.value("currency").toString(), QStringLiteral("EUR"));
    QCOMPARE(s.value("amount_minor").toLongLong(), amountMinor);
    QTRY_VERIFY2(m_panel->text("source").contains(level), qPrintable(m_panel->text("source")));
}

void TestRatingWindow::pricesFromTheWindow_rateSimulatedSessions_atEachLevel()
{
    startStation();
    Repository &repo = *m_fx->repo;

    // Site: energy 2.9 kWh x 0.30 = 87; charge 0.5 h x 1.20 = 60;
    // park (1200 - 600) s = 1/6 h x 0.60 = 10. Total 157.
    const qint64 site = createThroughTheWindow({"Site prices", "0.30", "1.20", "0.60", "10"});
    QVERIFY(site > 0);
    const qint64 siteRow = repo.list(m_admin, Tables::SiteSettings).value().first().value("id").toLongLong();
    QVERIFY(repo.update(m_admin, Tables::SiteSettings, siteRow, {{"rating_settings_id", site}}));
    verifyRated(QStringLiteral("“Site prices”, the site's"), 157);
    if (QTest::currentTestFailed())
        return; // the next level would only repeat the failure

    // Operator: energy 2.9 x 0.45 = 130.5 -> 131 (half up); charge 0.5 h x 0.90 = 45;
    // park (1200 - 300) s = 0.25 h x 1.50 = 37.5 -> 38. Total 214.
    const qint64 op = createThroughTheWindow({"Operator prices", "0.45", "0.90", "1.50", "5"});
    QVERIFY(op > 0);
    const qint64 operatorId =
        repo.create(m_admin, Tables::Operators, {{"code", "OP"}, {"name", "Operator"}, {"rating_settings_id", op}})
            .value();
    QVERIFY(repo.update(m_admin, Tables::Areas, m_fx->areaId, {{"operator_id", operatorId}}));
    verifyRated(QStringLiteral("“Operator prices”, the operator's"), 214);
    if (QTest::currentTestFailed())
        return; // the next level would only repeat the failure

    // Charger: energy 2.9 x 0.25 = 72.5 -> 73; charge 0.5 h x 2.00 = 100;
    // park (1200 - 900) s = 1/12 h x 3.00 = 25. Total 198.
    const qint64 charger = createThroughTheWindow({"Charger prices", "0.25", "2.00", "3.00", "15"});
    QVERIFY(charger > 0);
    QVERIFY(repo.update(m_admin, Tables::Chargers, m_chargerId, {{"rating_settings_id", charger}}));
    verifyRated(QStringLiteral("“Charger prices”, this charger's"), 198);
}

QTEST_MAIN(TestRatingWindow)
#include "tst_ratingwindow.moc"
