#include "core/catalog.h"
#include "core/clock.h"
#include "core/repository.h"
#include "core/stationservice.h"
#include "support/formdriver.h"
#include "support/repositoryfixture.h"
#include "support/testdata.h"
#include "ui/overview/overviewpage.h"
#include "ui/shell/mainwindow.h"
#include "ui/widgets/listpage.h"
#include "ui/widgets/valueformat.h"

#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTest>
#include <QTreeWidget>

using namespace ChargeDesk;
using namespace ChargeDesk::Core;
using namespace ChargeDesk::Ui;

// The overview as an operator meets it in the morning: live tiles, the "needs attention" list
// and its badge on the navigation, and one click from a problem to where it is put right.
class TestOverview : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void faultAndOutage_appearWithoutReload_andLeadToTheStation();
    void refusedConnection_addThisStation_fillsTheForm();
    void firstSteps_tickOffAndGoAwayOnceDone();
    void times_inTheSiteZone_followItsChange();

private:
    QString text(MainWindow &window, const char *name) const;
    QStringList attentionRows(MainWindow &window) const;
    QString overviewNavigationText(MainWindow &window) const;

    SystemClock m_clock;
    std::unique_ptr<Test::RepositoryFixture> m_fx;
    std::unique_ptr<StationService> m_stations;
    qint64 m_stationId = 0;
};

void TestOverview::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestOverview::init()
{
    m_fx = std::make_unique<Test::RepositoryFixture>(m_clock);
    QVERIFY2(m_fx->isValid(), qPrintable(m_fx->error));
    QSettings().clear();
    QSettings().setValue(QStringLiteral("alarms/desktop"), false); // no tray in an offscreen test
    m_stations = std::make_unique<StationService>(*m_fx->repo, m_clock);
    m_stationId = Test::createStation(*m_fx->repo, Test::createArea(*m_fx->repo, QStringLiteral("GARAGE")),
                                      QStringLiteral("CP1"));
    QVERIFY(m_stationId > 0);
    QVERIFY(m_stations->recordConnected(m_stationId));
    StatusReport available;
    available.connectorNumber = 1;
    available.status = QStringLiteral("available");
    available.at = m_clock.now();
    QVERIFY(m_stations->recordStatus(m_stationId, available));
}

void TestOverview::cleanup()
{
    m_stations.reset();
    m_fx.reset();
}

QString TestOverview::text(MainWindow &window, const char *name) const
{
    auto *label = window.findChild<QLabel *>(QLatin1String(name));
    return label ? label->text() : QStringLiteral("(no %1)").arg(QLatin1String(name));
}

QStringList TestOverview::attentionRows(MainWindow &window) const
{
    QStringList rows;
    auto *list = window.findChild<QTreeWidget *>(QStringLiteral("attentionList"));
    for (int i = 0; list && i < list->topLevelItemCount(); ++i)
        rows << list->topLevelItem(i)->text(1) + QStringLiteral(" | ") + list->topLevelItem(i)->text(2);
    return rows;
}

QString TestOverview::overviewNavigationText(MainWindow &window) const
{
    auto *navigation = window.findChild<QTreeWidget *>(QStringLiteral("navigation"));
    return navigation->topLevelItem(0)->text(0);
}

void TestOverview::faultAndOutage_appearWithoutReload_andLeadToTheStation()
{
    const qint64 second =
        Test::createStation(*m_fx->repo, Test::createArea(*m_fx->repo, QStringLiteral("YARD")), QStringLiteral("CP2"));
    QVERIFY(m_stations->recordConnected(second));
    MainWindow window(*m_fx->repo, Actor::system());
    window.show();
    QCOMPARE(text(window, "stationsTileValue"), QStringLiteral("2 online"));
    QVERIFY(attentionRows(window).isEmpty());
    QCOMPARE(overviewNavigationText(window), QStringLiteral("Overview"));

    StatusReport fault;
    fault.connectorNumber = 1;
    fault.status = QStringLiteral("faulted");
    fault.errorCode = QStringLiteral("GroundFailure");
    fault.at = m_clock.now();
    QVERIFY(m_stations->recordStatus(m_stationId, fault));
    QVERIFY(m_stations->recordDisconnected(second));

    QTRY_COMPARE(attentionRows(window), QStringList({QStringLiteral("CP1 · connector 1 | Faulted (GroundFailure)"),
                                                     QStringLiteral("CP2 | Offline")}));
    QCOMPARE(text(window, "stationsTileValue"), QStringLiteral("1 online"));
    QVERIFY2(text(window, "stationsTileDetail").contains(QLatin1String("1 offline")),
             qPrintable(text(window, "stationsTileDetail")));
    QVERIFY2(text(window, "connectorsTileDetail").contains(QLatin1String("1 faulted")),
             qPrintable(text(window, "connectorsTileDetail")));
    QCOMPARE(overviewNavigationText(window), QStringLiteral("Overview (2)"));
    QVERIFY2(window.statusBar()->currentMessage().contains(QStringLiteral("CP1 · connector 1")),
             qPrintable(window.statusBar()->currentMessage()));

    // The fault is the first row: Show opens the stations with CP1 selected.
    QTest::mouseClick(window.findChild<QPushButton *>(QStringLiteral("showAttention")), Qt::LeftButton);
    QWidget *page = window.sectionPage(QStringLiteral("stations"));
    QVERIFY(page && page->isVisible());
    QCOMPARE(page->findChild<ListPage *>()->currentId(), m_stationId);

    // Put right, the row goes and so does the badge.
    fault.status = QStringLiteral("available");
    fault.errorCode.clear();
    QVERIFY(m_stations->recordStatus(m_stationId, fault));
    QVERIFY(m_stations->recordConnected(second));
    QTRY_COMPARE(overviewNavigationText(window), QStringLiteral("Overview"));
    QVERIFY(attentionRows(window).isEmpty());
}

void TestOverview::refusedConnection_addThisStation_fillsTheForm()
{
    MainWindow window(*m_fx->repo, Actor::system());
    window.show();
    ConnectionAttempt stranger;
    stranger.identifier = QStringLiteral("WALLBOX-17");
    stranger.address = QStringLiteral("192.0.2.17");
    stranger.protocols = QStringLiteral("ocpp2.0.1,ocpp1.6");
    m_stations->recordRefusal(stranger, QStringLiteral("Unknown connection identifier."));
    m_stations->recordRefusal(stranger, QStringLiteral("Unknown connection identifier."));
    QTRY_COMPARE(attentionRows(window).size(), 1);
    const QString row = attentionRows(window).first();
    // "Refused 2 times" once the plural forms are loaded; the untranslated source says "time(s)".
    QVERIFY2(row.startsWith(QLatin1String("WALLBOX-17 | Refused 2 time")), qPrintable(row));
    QVERIFY2(row.contains(QLatin1String("192.0.2.17")), qPrintable(row));

    auto done = std::make_shared<bool>(false);
    Test::onModal(
        this, {},
        [this](QWidget *dialog) {
            auto *identifier = dialog->findChild<QLineEdit *>(QStringLiteral("field_connection_identifier"));
            QVERIFY(identifier);
            QCOMPARE(identifier->text(), QStringLiteral("WALLBOX-17"));
            Test::fill(dialog, QStringLiteral("area_id"), QStringLiteral("GARAGE"));
            Test::fill(dialog, QStringLiteral("connection_policy"), QStringLiteral("ws"));
            Test::clickSave(dialog);
        },
        done);
    QTest::mouseClick(window.findChild<QPushButton *>(QStringLiteral("addRefusedStation")), Qt::LeftButton);
    QTRY_VERIFY(*done);
    const auto created = m_fx->repo->getByCode(Actor::system(), Tables::Stations, QStringLiteral("WALLBOX-17"));
    QVERIFY2(created, created ? "" : qPrintable(created.error().message()));
    QCOMPARE(created.value().value("connection_identifier").toString(), QStringLiteral("WALLBOX-17"));
    QCOMPARE(created.value().value("protocol").toString(), QStringLiteral("ocpp2.0.1"));
}

void TestOverview::firstSteps_tickOffAndGoAwayOnceDone()
{
    MainWindow window(*m_fx->repo, Actor::system());
    window.show();
    window.setOcppUrls({QStringLiteral("ws://127.0.0.1:8180/ocpp/<identifier>")});
    auto *steps = window.findChild<QWidget *>(QStringLiteral("firstSteps"));
    QVERIFY(steps && steps->isVisible());
    const auto step = [&window](const QString &table) {
        return window.findChild<QLabel *>(QStringLiteral("firstStep_") + table)->text();
    };
    // init() made an area and a station; nothing else exists yet.
    QVERIFY2(step(Tables::Areas).startsWith(QStringLiteral("✔")), qPrintable(step(Tables::Areas)));
    QVERIFY2(step(Tables::Stations).startsWith(QStringLiteral("✔")), qPrintable(step(Tables::Stations)));
    QVERIFY2(step(Tables::Operators).startsWith(QStringLiteral("○")), qPrintable(step(Tables::Operators)));
    QCOMPARE(window.findChild<QLabel *>(QStringLiteral("simulatorHint"))->text(),
             QStringLiteral("chargedesk-sim --url ws://127.0.0.1:8180/ocpp --station <connection identifier> "
                            "--id-tag <card identifier>"));

    // Its button goes where the step is taken.
    QTest::mouseClick(window.findChild<QPushButton *>(QStringLiteral("firstStepGo_") + Tables::Operators),
                      Qt::LeftButton);
    QVERIFY(window.sectionPage(QStringLiteral("operators"))->isVisible());

    Repository &repo = *m_fx->repo;
    QVERIFY(repo.create(Actor::system(), Tables::Operators, {{"code", "OP"}, {"name", "Operator"}}));
    QTRY_VERIFY(step(Tables::Operators).startsWith(QStringLiteral("✔")));
    const qint64 customer =
        repo.create(Actor::system(), Tables::Customers, {{"code", "C1"}, {"name", "Ana"}, {"payment_type", "postpaid"}})
            .value();
    const qint64 type =
        repo.create(Actor::system(), Tables::IdDeviceTypes, {{"code", "CARD"}, {"name", "Card"}}).value();
    QVERIFY(repo.create(
        Actor::system(), Tables::IdDevices,
        {{"code", "CARD-1"}, {"name", "Card"}, {"type_id", type}, {"identifier", "04A1"}, {"customer_id", customer}}));
    QTRY_VERIFY(step(Tables::IdDevices).startsWith(QStringLiteral("✔")));
    QVERIFY(!steps->isHidden()); // no session yet

    const qint64 connector = m_stations->connectorFor(m_stationId, 1, 1).value();
    QVERIFY(repo.create(Actor::system(), Tables::Sessions,
                        {{"code", "S1"},
                         {"status", "in_progress"},
                         {"authorization_mode", "customer"},
                         {"connector_id", connector},
                         {"customer_id", customer}}));
    QTRY_VERIFY(steps->isHidden());
}

void TestOverview::times_inTheSiteZone_followItsChange()
{
    const qint64 site = m_fx->repo
                            ->create(Actor::system(), Tables::SiteSettings,
                                     {{"name", "Site"}, {"currency", "EUR"}, {"time_zone", "Europe/Ljubljana"}})
                            .value();
    MainWindow window(*m_fx->repo, Actor::system());
    window.show();
    auto *zone = window.findChild<QLabel *>(QStringLiteral("timeZoneStatus"));
    QVERIFY2(zone->text().contains(QLatin1String("Europe/Ljubljana")), qPrintable(zone->text()));
    QCOMPARE(displayZone(), QTimeZone("Europe/Ljubljana"));
    const qint64 noonUtc = QDateTime(QDate(2026, 7, 1), QTime(12, 0), QTimeZone::utc()).toMSecsSinceEpoch();
    QCOMPARE(displayTime(noonUtc).time(), QTime(14, 0)); // CEST

    QVERIFY(m_fx->repo->update(Actor::system(), Tables::SiteSettings, site, {{"time_zone", "America/New_York"}}));
    QTRY_VERIFY2(zone->text().contains(QLatin1String("America/New_York")), qPrintable(zone->text()));
    QCOMPARE(displayZone(), QTimeZone("America/New_York"));
    QCOMPARE(displayTime(noonUtc).time(), QTime(8, 0));
    setDisplayZone(QTimeZone::systemTimeZone());
}

QTEST_MAIN(TestOverview)
#include "tst_overview.moc"
