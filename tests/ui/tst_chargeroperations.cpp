#include "core/catalog.h"
#include "server/gateway.h"
#include "support/gatewayfixture.h"
#include "support/stationpeer.h"
#include "ui/shell/mainwindow.h"
#include "ui/stations/chargeroperations.h"
#include "ui/stations/commandstatus.h"
#include "ui/widgets/childlist.h"
#include "ui/widgets/listpage.h"

#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>

using namespace ChargeDesk;
using namespace ChargeDesk::Core;
using namespace ChargeDesk::Ui;

// Operations → Chargers with an independent charge point (ocpp-rpc) connected: turning the
// charger and a connector off and on, and unlocking a connector, reach the charger as exactly
// the OCPP call of its version, and the window shows the charger's answer.
class TestChargerOperations : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void availabilityAndUnlock_reachTheCharger_answerShown_data();
    void availabilityAndUnlock_reachTheCharger_answerShown();
    void chargerStatus_andFilters_followTheStation();
};

namespace {

struct Charger
{
    qint64 station = 0;
    qint64 charger = 0;
    qint64 connector2 = 0;
};

Charger addCharger(Test::GatewayFixture &fx, const QString &protocol)
{
    const Actor system = Actor::system();
    Charger ids;
    if (!fx.addStation("HALL", protocol, "ws"))
        return ids;
    ids.station = fx.repo->getByCode(system, Tables::Stations, "HALL").value().value("id").toLongLong();
    ids.charger = fx.repo
                      ->create(system, Tables::Chargers,
                               {{"code", "HALL-1"},
                                {"name", "Hall charger"},
                                {"station_id", ids.station},
                                {"evse_id", 1},
                                {"current_type", "ac_three_phase"}})
                      .value();
    for (int number : {1, 2}) {
        const qint64 id = fx.repo
                              ->create(system, Tables::Connectors,
                                       {{"code", QString::number(number)},
                                        {"name", QStringLiteral("Socket %1").arg(number)},
                                        {"charger_id", ids.charger},
                                        {"connector_number", number}})
                              .value();
        if (number == 2)
            ids.connector2 = id;
    }
    return ids;
}

ChargerOperations *openCharger(MainWindow &window, qint64 chargerId)
{
    if (!window.showSection("chargers"))
        return nullptr;
    auto *page = window.sectionPage("chargers")->findChild<ListPage *>();
    if (!page)
        return nullptr;
    page->select(chargerId);
    auto *operations = page->findChild<ChargerOperations *>("chargerOperations");
    return operations && operations->chargerId() == chargerId ? operations : nullptr;
}

} // namespace

void TestChargerOperations::availabilityAndUnlock_reachTheCharger_answerShown_data()
{
    QTest::addColumn<QString>("protocol");
    QTest::newRow("1.6") << QStringLiteral("ocpp1.6");
    QTest::newRow("2.0.1") << QStringLiteral("ocpp2.0.1");
}

void TestChargerOperations::availabilityAndUnlock_reachTheCharger_answerShown()
{
    QFETCH(QString, protocol);
    const bool v16 = protocol == QLatin1String("ocpp1.6");
    Test::GatewayFixture fx;
    QVERIFY2(fx.isValid(), qPrintable(fx.error));
    const Charger ids = addCharger(fx, protocol);
    QVERIFY(ids.connector2);

    MainWindow window(*fx.repo, Actor::system(), Services{.stations = fx.stations.get(), .gateway = fx.gateway.get()});
    window.resize(1400, 900);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    ChargerOperations *operations = openCharger(window, ids.charger);
    QVERIFY(operations);
    auto *off = operations->findChild<QPushButton *>("chargerOffButton");
    auto *on = operations->findChild<QPushButton *>("chargerOnButton");
    auto *chargerAnswer = operations->findChild<CommandStatus *>("chargerAnswer");
    auto *connectorAnswer = operations->findChild<CommandStatus *>("connectorAnswer");
    auto *connection = operations->findChild<QLabel *>("stationConnection");
    QVERIFY(off && on && chargerAnswer && connectorAnswer && connection);
    // Not connected yet: the charger buttons say why they cannot be used.
    QVERIFY(!off->isEnabled());
    QVERIFY(connection->text().contains("not connected"));

    const auto peer = Test::StationPeer::start(*fx.gateway, ids.station, fx.url("HALL"), protocol,
                                               QJsonObject{{"status", QJsonObject{{"UnlockConnector", "Unlocked"}}}});
    QVERIFY(peer);
    QTRY_VERIFY(off->isEnabled());
    QVERIFY(connection->text().contains("is connected"));

    // The whole charger off: connector 0 in 1.6, the EVSE in 2.0.1.
    QTest::mouseClick(off, Qt::LeftButton);
    QJsonObject call = peer->nextCall("ChangeAvailability");
    if (v16)
        QCOMPARE(call, (QJsonObject{{"connectorId", 0}, {"type", "Inoperative"}}));
    else
        QCOMPARE(call, (QJsonObject{{"operationalStatus", "Inoperative"}, {"evse", QJsonObject{{"id", 1}}}}));
    QTRY_COMPARE(chargerAnswer->text(), QStringLiteral("Turn off Hall charger: Accepted by the station."));

    QTest::mouseClick(on, Qt::LeftButton);
    call = peer->nextCall("ChangeAvailability");
    QCOMPARE(call.value(v16 ? "type" : "operationalStatus").toString(), QStringLiteral("Operative"));
    QTRY_COMPARE(chargerAnswer->text(), QStringLiteral("Turn on Hall charger: Accepted by the station."));

    // Connector 2 off, then unlocked.
    operations->connectors().select(ids.connector2);
    QTest::mouseClick(operations->findChild<QPushButton *>("connectorOffButton"), Qt::LeftButton);
    call = peer->nextCall("ChangeAvailability");
    if (v16)
        QCOMPARE(call, (QJsonObject{{"connectorId", 2}, {"type", "Inoperative"}}));
    else
        QCOMPARE(call, (QJsonObject{{"operationalStatus", "Inoperative"},
                                    {"evse", QJsonObject{{"id", 1}, {"connectorId", 2}}}}));
    QTRY_COMPARE(connectorAnswer->text(), QStringLiteral("Turn off connector 2: Accepted by the station."));
    QTest::mouseClick(operations->findChild<QPushButton *>("unlockButton"), Qt::LeftButton);
    call = peer->nextCall(v16 ? "UnlockConnector" : "UnlockConnector");
    if (v16)
        QCOMPARE(call, (QJsonObject{{"connectorId", 2}}));
    else
        QCOMPARE(call, (QJsonObject{{"evseId", 1}, {"connectorId", 2}}));
    QTRY_COMPARE(connectorAnswer->text(), QStringLiteral("Unlock connector 2: Unlocked."));

    // The station goes away: nothing is sent, and the window says why.
    peer->kill();
    QTRY_VERIFY_WITH_TIMEOUT(!off->isEnabled(), 10000);
    QTest::mouseClick(operations->findChild<QPushButton *>("connectorOnButton"), Qt::LeftButton);
    QVERIFY(connectorAnswer->text().contains("not connected, so nothing was sent"));
    QVERIFY(!connectorAnswer->isBusy());
}

void TestChargerOperations::chargerStatus_andFilters_followTheStation()
{
    Test::GatewayFixture fx;
    QVERIFY2(fx.isValid(), qPrintable(fx.error));
    const Charger ids = addCharger(fx, QStringLiteral("ocpp1.6"));
    QVERIFY(ids.connector2);
    QVERIFY(fx.repo->update(Actor::system(), Tables::Stations, ids.station, {{"serial_number", "SN-HALL-77"}}));

    MainWindow window(*fx.repo, Actor::system(), Services{.stations = fx.stations.get(), .gateway = fx.gateway.get()});
    window.resize(1400, 900);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.showSection("chargers"));
    auto *page = window.sectionPage("chargers")->findChild<ListPage *>();
    QVERIFY(page);
    // The specification's filters: name, serial number, model, vendor, operational and charging status.
    for (const char *filter : {"filter_name", "filter_station_id.serial_number", "filter_station_id.model",
                               "filter_station_id.vendor", "filter_operational_status", "filter_status"})
        QVERIFY2(page->findChild<QWidget *>(filter), filter);

    // A connector starts charging: the charger's status in the list follows without a reload.
    QVERIFY(fx.stations->recordStatus(ids.station, {1, 2, "charging", "NoError", {}, QDateTime::currentDateTimeUtc()}));
    QTRY_COMPARE(fx.repo->get(Actor::system(), Tables::Chargers, ids.charger).value().value("status").toString(),
                 QStringLiteral("charging"));
    const auto &model = page->model();
    int statusColumn = -1;
    for (int column = 0; column < model.columnCount(); ++column) {
        if (model.headerData(column, Qt::Horizontal).toString() == QLatin1String("Status"))
            statusColumn = column;
    }
    QVERIFY(statusColumn >= 0);
    QTRY_COMPARE(model.index(0, statusColumn).data().toString(), QStringLiteral("Charging"));
}

QTEST_MAIN(TestChargerOperations)
#include "tst_chargeroperations.moc"
