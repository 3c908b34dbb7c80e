#include "core/catalog.h"
#include "support/gatewayfixture.h"
#include "support/screenshots.h"
#include "support/stationpeer.h"
#include "support/testdata.h"
#include "ui/map/locationpicker.h"
#include "ui/map/mapcanvas.h"
#include "ui/map/mappage.h"
#include "ui/map/mapselection.h"
#include "ui/map/mapsettings.h"
#include "ui/widgets/valueformat.h"

#include <QCheckBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QGeoCoordinate>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTreeWidget>

using namespace ChargeDesk;
using namespace ChargeDesk::Core;
using namespace ChargeDesk::Ui;

// The Map section over a real network: markers where the areas are, coloured by what the
// stations report, and the selected station's connectors with the power an independent
// charge point (ocpp-rpc) reports while it charges.
class TestMapPage : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void markersSitAtTheirAreas();
    void areasAreNamedCircles_holdingTheirSubAreas_fromCityZoom();
    void fittedView_fitsAgainWhenTheMapShrinks_butAChosenViewStays();
    void operatorSeesOnlyTheirAreas();
    void selectedStationShowsLiveConnectorPower_data();
    void selectedStationShowsLiveConnectorPower();
    void distanceInAStraightLineAndByRoad();
    void settingsRefuseUnusableAddresses();
    void pickingALocation();
    void tilesThatDoNotLoad_sayWhy_andTheLegendNamesTheColours();

private:
    qint64 area(const QString &code, std::optional<QPointF> at, qint64 parent = 0, qint64 operatorId = 0);
    static QTreeWidgetItem *findItem(QTreeWidget *tree, const QString &name);

    std::unique_ptr<Test::GatewayFixture> m_fx;
    std::unique_ptr<Test::StationPeer> m_peer;
    QTemporaryDir m_home;
};

void TestMapPage::initTestCase()
{
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    // No tiles from the internet in tests, and settings of our own.
    QStandardPaths::setTestModeEnabled(true);
    QSettings().setValue(QStringLiteral("map/tilesEnabled"), false);
    QSettings().setValue(QStringLiteral("map/routingUrl"), QString());
}

void TestMapPage::init()
{
    m_fx = std::make_unique<Test::GatewayFixture>();
    QVERIFY2(m_fx->isValid(), qPrintable(m_fx->error));
}

void TestMapPage::cleanup()
{
    m_peer.reset();
    m_fx.reset();
    QSettings().setValue(QStringLiteral("map/routingUrl"), QString());
}

qint64 TestMapPage::area(const QString &code, std::optional<QPointF> at, qint64 parent, qint64 operatorId)
{
    Record values{{"code", code}, {"name", code + " area"}};
    if (at) {
        values.insert("latitude", at->x());
        values.insert("longitude", at->y());
    }
    if (parent)
        values.insert("parent_id", parent);
    if (operatorId)
        values.insert("operator_id", operatorId);
    const auto id = m_fx->repo->create(Actor::system(), Tables::Areas, values);
    if (!id)
        qWarning("cannot create area %s: %s", qPrintable(code), qPrintable(id.error().message()));
    return id ? id.value() : 0;
}

QTreeWidgetItem *TestMapPage::findItem(QTreeWidget *tree, const QString &name)
{
    const auto items = tree->findItems(name, Qt::MatchExactly | Qt::MatchRecursive);
    return items.isEmpty() ? nullptr : items.constFirst();
}

void TestMapPage::markersSitAtTheirAreas()
{
    const QPointF ljubljana(46.0514, 14.5060);
    const qint64 garage = area("CENTRAL", ljubljana);
    const qint64 level = area("LEVEL", std::nullopt, garage); // no place of its own: its parent's
    area("NOWHERE", std::nullopt);
    const qint64 a = Test::createStation(*m_fx->repo, garage, "WALLBOX-A");
    const qint64 b = Test::createStation(*m_fx->repo, level, "WALLBOX-B");
    const qint64 meter = m_fx->repo
                             ->create(Actor::system(), Tables::Assets,
                                      {{"code", "METER"},
                                       {"name", "Meter"},
                                       {"type", "smart_meter"},
                                       {"current_type", "ac_three_phase"},
                                       {"area_id", garage}})
                             .value();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QVERIFY(m_fx->repo->create(Actor::system(), Tables::AssetMeasurements,
                               {{"asset_id", meter}, {"measured_at", now - 60000}, {"power_w", 40000}}));
    QVERIFY(a && b);

    MapPage view(*m_fx->repo, Actor::system());
    const MapNetwork &network = view.network();
    const QList<MapMarker> markers = network.markers(true, true, true, now);
    QStringList keys;
    for (const MapMarker &m : markers)
        keys << m.key;
    // The unplaced area has no marker; the level sits at its parent's place.
    QCOMPARE(keys, (QStringList{QStringLiteral("area/%1").arg(garage), QStringLiteral("station/%1").arg(a),
                                QStringLiteral("station/%1").arg(b), QStringLiteral("asset/%1").arg(meter)}));
    QCOMPARE(QPointF(markers[0].latitude, markers[0].longitude), ljubljana);
    const QGeoCoordinate centre(ljubljana.x(), ljubljana.y());
    const QGeoCoordinate stationA(markers[1].latitude, markers[1].longitude);
    const QGeoCoordinate meterAt(markers[3].latitude, markers[3].longitude);
    // Around their area, a few metres apart so each can be clicked.
    QVERIFY2(centre.distanceTo(stationA) > 10 && centre.distanceTo(stationA) < 20,
             qPrintable(QString::number(centre.distanceTo(stationA))));
    QVERIFY(stationA.distanceTo(meterAt) > 10);
    // Stations never heard from are grey; a meter that reported a minute ago is green.
    QCOMPARE(markers[1].colour, statusColor(QString(), false));
    QCOMPARE(markers[3].colour, statusColor(QStringLiteral("available")));
    QCOMPARE(network.markers(false, false, true, now + MapNetwork::StaleAfterMs).constFirst().colour,
             statusColor(QStringLiteral("preparing")));
    // Layers leave out what is switched off.
    view.findChild<QToolButton *>("showStations")->setChecked(false);
    QCOMPARE(network.markers(true, false, true, now).size(), 2);

    // The area's panel lists its station and its meter's reading in words.
    view.select(QStringLiteral("area/%1").arg(garage));
    auto *panel = view.findChild<MapSelectionPanel *>("selection");
    QCOMPARE(panel->findChild<QLabel *>("title")->text(), QStringLiteral("CENTRAL area"));
    QVERIFY(findItem(panel->findChild<QTreeWidget *>("connectors"), "WALLBOX-A"));
    QVERIFY(findItem(panel->findChild<QTreeWidget *>("assets"), "Meter"));
    QCOMPARE(findItem(panel->findChild<QTreeWidget *>("assets"), "Meter")->text(1),
             QStringLiteral("40.0 kW available"));
}

void TestMapPage::areasAreNamedCircles_holdingTheirSubAreas_fromCityZoom()
{
    const QPointF centre(46.0514, 14.5060);
    const qint64 city = area("CITY", centre);
    // A site 0.01 degrees of latitude (about 1,113 m) north of the city's place, one level down.
    const qint64 district = area("DISTRICT", std::nullopt, city);
    const qint64 site = area("SITE", QPointF(centre.x() + 0.01, centre.y()), district);
    area("UNPLACED", std::nullopt);
    MapPage view(*m_fx->repo, Actor::system());
    QHash<QString, MapArea> outlines;
    for (const MapArea &a : view.network().areaOutlines())
        outlines.insert(a.key, a);
    // Only placed areas have a circle; the city's holds the site beneath it with its margin.
    QCOMPARE(outlines.size(), 2);
    QCOMPARE(outlines.value(QStringLiteral("area/%1").arg(site)).radiusMetres, MapNetwork::MinAreaRadiusMetres);
    const double cityRadius = outlines.value(QStringLiteral("area/%1").arg(city)).radiusMetres;
    QVERIFY2(std::abs(cityRadius - (1113.2 + MapNetwork::MinAreaRadiusMetres)) < 5,
             qPrintable(QString::number(cityRadius)));
    QVERIFY(!outlines.contains(QStringLiteral("area/%1").arg(district)));
    QCOMPARE(outlines.value(QStringLiteral("area/%1").arg(city)).name, QStringLiteral("CITY area"));

    // The canvas has them while the areas layer is on, and none once it is off.
    auto *canvas = view.findChild<MapCanvas *>();
    QCOMPARE(canvas->areas().size(), 2);
    if (Test::takingScreenshots()) {
        view.resize(1000, 700);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        canvas->centreOn(centre.x() + 0.004, centre.y(), 13.5);
        Test::screenshot(&view, QStringLiteral("map-areas-city-zoom"));
    }
    view.findChild<QToolButton *>("showAreas")->setChecked(false);
    QVERIFY(canvas->areas().isEmpty());
}

void TestMapPage::fittedView_fitsAgainWhenTheMapShrinks_butAChosenViewStays()
{
    MapCanvas canvas;
    canvas.setMarkers({{"area/1", "area", "Ljubljana", 46.0514, 14.5060, Qt::gray},
                       {"area/2", "area", "Bled", 46.3683, 14.1146, Qt::gray}});
    canvas.resize(800, 600);
    canvas.show();
    QVERIFY(QTest::qWaitForWindowExposed(&canvas));
    canvas.fitMarkers();
    // A banner above the map takes half its height: both places still show, not at the edge.
    canvas.resize(800, 300);
    const QRectF inside = QRectF(canvas.rect()).adjusted(20, 20, -20, -20);
    QVERIFY(inside.contains(canvas.screenPoint(46.0514, 14.5060)));
    QVERIFY(inside.contains(canvas.screenPoint(46.3683, 14.1146)));
    // Where the user went stays where it is.
    canvas.centreOn(46.0514, 14.5060, 15);
    canvas.resize(800, 600);
    QCOMPARE(canvas.zoom(), 15.0);
}

void TestMapPage::operatorSeesOnlyTheirAreas()
{
    const qint64 mine =
        m_fx->repo->create(Actor::system(), Tables::Operators, {{"code", "MINE"}, {"name", "Mine"}}).value();
    const qint64 theirs =
        m_fx->repo->create(Actor::system(), Tables::Operators, {{"code", "THEIRS"}, {"name", "Theirs"}}).value();
    const qint64 own = area("OWN", QPointF(46.05, 14.50), 0, mine);
    area("OTHER", QPointF(46.37, 14.11), 0, theirs);
    Test::createStation(*m_fx->repo, own, "OWN-1");

    Actor op = Actor::system();
    op.powerUser = false;
    op.operatorId = mine;
    MapPage view(*m_fx->repo, op);
    QCOMPARE(view.network().areas.size(), 1);
    QCOMPARE(view.network().areas.constFirst().code, QStringLiteral("OWN"));
    QCOMPARE(view.network().stations.size(), 1);
}

void TestMapPage::selectedStationShowsLiveConnectorPower_data()
{
    QTest::addColumn<QString>("protocol");
    QTest::newRow("1.6") << QStringLiteral("ocpp1.6");
    QTest::newRow("2.0.1") << QStringLiteral("ocpp2.0.1");
}

void TestMapPage::selectedStationShowsLiveConnectorPower()
{
    QFETCH(QString, protocol);
    QVERIFY(m_fx->repo->update(Actor::system(), Tables::Areas, m_fx->areaId,
                               {{"latitude", 46.0514}, {"longitude", 14.5060}}));
    QVERIFY(m_fx->addStation("DEPOT", protocol, "ws"));
    const qint64 station =
        m_fx->repo->getByCode(Actor::system(), Tables::Stations, "DEPOT").value().value("id").toLongLong();

    MapPage view(*m_fx->repo, Actor::system());
    view.resize(1000, 700);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.select(QStringLiteral("station/%1").arg(station));
    auto *panel = view.findChild<MapSelectionPanel *>("selection");
    QCOMPARE(panel->findChild<QLabel *>("title")->text(), QStringLiteral("DEPOT"));

    m_peer =
        Test::StationPeer::start(*m_fx->gateway, station, m_fx->url("DEPOT"), protocol,
                                 QJsonObject{{"start", QJsonArray{QJsonObject{{"connector", 1}, {"idTag", "CARD-7"}}}},
                                             {"meter", QJsonObject{{"powerW", 7400}, {"intervalMs", 300}}}},
                                 20000);
    QVERIFY(m_peer);

    // The connector the station reported appears with its status and the power it delivers.
    auto *tree = panel->findChild<QTreeWidget *>("connectors");
    const auto connectorRow = [tree]() -> QTreeWidgetItem * {
        for (QTreeWidgetItemIterator it(tree); *it; ++it)
            if ((*it)->parent() && !(*it)->text(2).isEmpty())
                return *it;
        return nullptr;
    };
    QTRY_VERIFY_WITH_TIMEOUT(connectorRow(), 15000);
    QTRY_COMPARE_WITH_TIMEOUT(connectorRow()->text(2), QStringLiteral("7.4 kW"), 10000);
    QCOMPARE(connectorRow()->text(1), QStringLiteral("Charging"));
    // The station's marker turns the charging colour.
    QTRY_COMPARE_WITH_TIMEOUT(view.network().markers(false, true, false, 0).constFirst().colour,
                              statusColor(QStringLiteral("charging")), 5000);
    // And its label says what it draws (the reading may come with a later reload than the status).
    QTRY_VERIFY2_WITH_TIMEOUT(
        view.network().markers(false, true, false, 0).constFirst().label.endsWith(QStringLiteral(" · 7.4 kW")),
        qPrintable(view.network().markers(false, true, false, 0).constFirst().label), 5000);
}

void TestMapPage::distanceInAStraightLineAndByRoad()
{
    // An OSRM-style routing service on this computer.
    QTcpServer router;
    QVERIFY(router.listen(QHostAddress::LocalHost));
    QByteArray asked;
    QByteArray body = R"({"code":"Ok","routes":[{"distance":3400.0,"duration":420.0}]})";
    connect(&router, &QTcpServer::newConnection, &router, [&router, &asked, &body] {
        QTcpSocket *socket = router.nextPendingConnection();
        connect(socket, &QTcpSocket::readyRead, socket, [socket, &asked, &body] {
            const QByteArray request = socket->readAll();
            asked = request.left(request.indexOf(' ', 4)).mid(4);
            socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
                          QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
            socket->disconnectFromHost();
        });
    });

    const qint64 hotel = area("HOTEL", QPointF(46.3683, 14.1146));
    MapPage view(*m_fx->repo, Actor::system());
    const QPointF here(46.0511, 14.5051);
    view.setOwnPosition(here, QStringLiteral("here"));
    view.select(QStringLiteral("area/%1").arg(hotel));
    auto *distance = view.findChild<MapSelectionPanel *>("selection")->findChild<QLabel *>("distance");
    const double metres = QGeoCoordinate(here.x(), here.y()).distanceTo(QGeoCoordinate(46.3683, 14.1146));
    QVERIFY2(metres > 45000 && metres < 48000, qPrintable(QString::number(metres)));
    QCOMPARE(distance->text(),
             QStringLiteral("%1 from here in a straight line").arg(MapSelectionPanel::distanceText(metres)));
    QCOMPARE(MapSelectionPanel::distanceText(metres), QStringLiteral("%1 km").arg(metres / 1000, 0, 'f', 1));
    QCOMPARE(MapSelectionPanel::distanceText(46449), QStringLiteral("46.4 km"));
    QCOMPARE(MapSelectionPanel::distanceText(734), QStringLiteral("730 m"));

    QSettings().setValue(QStringLiteral("map/routingUrl"),
                         QStringLiteral("http://127.0.0.1:%1").arg(router.serverPort()));
    MapPage routed(*m_fx->repo, Actor::system());
    routed.setOwnPosition(here, QStringLiteral("here"));
    routed.select(QStringLiteral("area/%1").arg(hotel));
    auto *roadDistance = routed.findChild<MapSelectionPanel *>("selection")->findChild<QLabel *>("distance");
    QTRY_VERIFY(roadDistance->text().startsWith(QStringLiteral("3.4 km by road, about 7 min")));
    QCOMPARE(asked, QByteArray("/route/v1/driving/14.505100,46.051100;14.114600,46.368300?overview=false"));

    // A service that finds no road says so; the straight line stays.
    body = R"({"code":"NoRoute","routes":[]})";
    MapPage noRoute(*m_fx->repo, Actor::system());
    noRoute.setOwnPosition(here, QStringLiteral("here"));
    noRoute.select(QStringLiteral("area/%1").arg(hotel));
    auto *unrouted = noRoute.findChild<MapSelectionPanel *>("selection")->findChild<QLabel *>("distance");
    QTRY_VERIFY(unrouted->text().endsWith(QStringLiteral("no road distance (the routing service found no route)")));
    QVERIFY(unrouted->text().startsWith(
        QStringLiteral("%1 from here in a straight line").arg(MapSelectionPanel::distanceText(metres))));
}

void TestMapPage::settingsRefuseUnusableAddresses()
{
    MapSettingsDialog dialog;
    auto *tileUrl = dialog.findChild<QLineEdit *>("tileUrl");
    dialog.findChild<QCheckBox *>("tilesEnabled")->setChecked(true);
    tileUrl->setText(QStringLiteral("https://tiles.example/{z}/{x}.png"));
    QVERIFY(!dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->isEnabled());
    QCOMPARE(MapSettings::tileUrlProblem(tileUrl->text()),
             QStringLiteral("The address needs {z}, {x} and {y} where the tile's zoom and position go."));
    tileUrl->setText(QStringLiteral("ftp://tiles.example/{z}/{x}/{y}.png"));
    QCOMPARE(MapSettings::tileUrlProblem(tileUrl->text()), QStringLiteral("Enter an http or https address."));
    tileUrl->setText(QStringLiteral("http://127.0.0.1:8080/{z}/{x}/{y}.png"));
    QVERIFY(dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->isEnabled());
    dialog.findChild<QLineEdit *>("routingUrl")->setText(QStringLiteral("not a url"));
    QVERIFY(!dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->isEnabled());
    QCOMPARE(dialog.settings().tileUrl, QStringLiteral("http://127.0.0.1:8080/{z}/{x}/{y}.png"));
}

void TestMapPage::pickingALocation()
{
    area("CENTRAL", QPointF(46.0514, 14.5060));
    LocationPickerDialog fresh(*m_fx->repo, Actor::system(), std::nullopt);
    auto *ok = fresh.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    QVERIFY(!ok->isEnabled());
    QVERIFY(!fresh.location());
    emit fresh.canvas()->locationPicked(46.368312, 14.114601);
    QVERIFY(ok->isEnabled());
    QCOMPARE(*fresh.location(), QPointF(46.368312, 14.114601));
    QCOMPARE(fresh.findChild<QLabel *>("chosen")->text(), QStringLiteral("Chosen: 46.368312, 14.114601"));

    // An area that has a place starts with it chosen; a second click moves it.
    LocationPickerDialog known(*m_fx->repo, Actor::system(), QPointF(46.05, 14.5));
    QVERIFY(known.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->isEnabled());
    emit known.canvas()->locationPicked(46.06, 14.51);
    QCOMPARE(*known.location(), QPointF(46.06, 14.51));
}

void TestMapPage::tilesThatDoNotLoad_sayWhy_andTheLegendNamesTheColours()
{
    // A tile server that is not there: a port that was free a moment ago.
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost));
    const quint16 port = probe.serverPort();
    probe.close();
    QSettings().setValue(QStringLiteral("map/tilesEnabled"), true);
    QSettings().setValue(QStringLiteral("map/tileUrl"),
                         QStringLiteral("http://127.0.0.1:%1/{z}/{x}/{y}.png").arg(port));
    area(QStringLiteral("GARAGE"), QPointF(46.05, 14.50));
    MapPage page(*m_fx->repo, Actor::system());
    page.resize(1000, 700);
    page.show();
    auto *banner = page.findChild<QLabel *>(QStringLiteral("tilesBanner"));
    QTRY_VERIFY_WITH_TIMEOUT(banner->isVisible(), 10000);
    QVERIFY2(banner->text().startsWith(QLatin1String("Map tiles could not be loaded (")), qPrintable(banner->text()));
    QSettings().setValue(QStringLiteral("map/tilesEnabled"), false);

    const QString legend = page.findChild<QLabel *>(QStringLiteral("mapLegend"))->text();
    for (const char *status : {"available", "charging", "faulted"})
        QVERIFY2(legend.contains(statusColor(QLatin1String(status)).name()), status);
    QVERIFY(legend.contains(QLatin1String("Faulted")));
}

QTEST_MAIN(TestMapPage)
#include "tst_mappage.moc"
