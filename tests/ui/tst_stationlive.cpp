#include "core/catalog.h"
#include "core/liveconfiguration.h"
#include "server/gateway.h"
#include "support/formdriver.h"
#include "support/gatewayfixture.h"
#include "support/stationpeer.h"
#include "ui/shell/mainwindow.h"
#include "ui/stations/liveconfigurationview.h"
#include "ui/stations/ocpplogview.h"
#include "ui/stations/stationdetails.h"
#include "ui/stations/stationoperations.h"
#include "ui/widgets/listpage.h"

#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>

using namespace ChargeDesk;
using namespace ChargeDesk::Core;
using namespace ChargeDesk::Ui;

// The console's acceptance path as a new operator walks it: a station made in the window, its
// WebSocket URL read from the window, an independent charge point (ocpp-rpc) connecting to
// that URL, and its boot data appearing in the station's details without a refresh.
class TestStationLive : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void stationMadeInTheWindow_independentChargePointBoots_detailsFollow_data();
    void stationMadeInTheWindow_independentChargePointBoots_detailsFollow();
};

void TestStationLive::stationMadeInTheWindow_independentChargePointBoots_detailsFollow_data()
{
    QTest::addColumn<QString>("protocol");
    QTest::newRow("1.6") << QStringLiteral("ocpp1.6");
    QTest::newRow("2.0.1") << QStringLiteral("ocpp2.0.1");
}

void TestStationLive::stationMadeInTheWindow_independentChargePointBoots_detailsFollow()
{
    QFETCH(QString, protocol);
    QSettings().clear();
    Test::GatewayFixture fx;
    QVERIFY2(fx.isValid(), qPrintable(fx.error));
    const QString area = fx.repo->get(Actor::system(), Tables::Areas, fx.areaId).value().value("code").toString();

    LiveConfiguration live(*fx.repo, *fx.gateway, fx.clock);
    MainWindow window(*fx.repo, Actor::system(),
                      Services{.stations = fx.stations.get(), .gateway = fx.gateway.get(), .liveConfiguration = &live});
    window.setOcppUrls({fx.url(QStringLiteral("<identifier>"))});
    window.resize(1400, 900);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.showSection("stations"));
    auto *page = window.sectionPage("stations")->findChild<ListPage *>();
    auto *details = page->findChild<StationDetails *>("stationDetails");
    QVERIFY(page && details);

    auto handled = std::make_shared<bool>(false);
    Test::onModal(
        &window, {},
        [&](QWidget *dialog) {
            Test::fill(dialog, "code", "LOBBY-1");
            Test::fill(dialog, "name", "Lobby wallbox");
            Test::fill(dialog, "area_id", area);
            Test::fill(dialog, "protocol", protocol);
            Test::fill(dialog, "connection_identifier", "lobby-001");
            Test::fill(dialog, "connection_policy", "ws");
            Test::clickSave(dialog);
        },
        handled);
    page->findChild<QAction *>("newAction")->trigger();
    QVERIFY(*handled);
    const qint64 station =
        fx.repo->getByCode(Actor::system(), Tables::Stations, "LOBBY-1").value().value("id").toLongLong();
    QTRY_COMPARE(details->stationId(), station);
    auto *vendor = details->findChild<QLabel *>("reported_vendor");
    auto *model = details->findChild<QLabel *>("reported_model");
    QVERIFY(vendor && model);
    QVERIFY(!vendor->text().contains("ChargeDesk tests"));

    // What an operator copies into the charger's set-up: the URL as the window shows it.
    const QString url = details->findChild<QLineEdit *>("wsUrl")->text();
    QCOMPARE(url, fx.url("lobby-001"));
    // It boots as after a power-up.
    const auto peer = Test::StationPeer::start(*fx.gateway, station, url, protocol, QJsonObject{{"boot", true}});
    QVERIFY2(peer, "the charge point did not connect to the URL the window showed");
    QTRY_COMPARE_WITH_TIMEOUT(vendor->text(), QStringLiteral("ChargeDesk tests"), 10000);
    QCOMPARE(model->text(), QStringLiteral("Peer"));
    QTRY_VERIFY(details->findChild<QLabel *>("connectionState")->text().contains("Connected"));

    // The technician's tools open as tabs beside the list, one each; a second click shows it again.
    const QList<std::pair<const char *, const char *>> tools{{"operationsButton", "stationOperations"},
                                                             {"configurationButton", "liveConfiguration"},
                                                             {"logButton", "stationLog"}};
    for (const auto &[button, dock] : tools) {
        auto *open = details->findChild<QPushButton *>(button);
        QVERIFY2(open, button);
        QTest::mouseClick(open, Qt::LeftButton);
        QTest::mouseClick(open, Qt::LeftButton);
        const QString name = QStringLiteral("view_%1_%2").arg(QLatin1String(dock)).arg(station);
        QCOMPARE(window.findChildren<QWidget *>(name).size(), 1);
    }
    QVERIFY(window.findChild<OcppLogView *>());
    QVERIFY(window.findChild<StationOperations *>());
    QVERIFY(window.findChild<LiveConfigurationView *>());
}

QTEST_MAIN(TestStationLive)
#include "tst_stationlive.moc"
