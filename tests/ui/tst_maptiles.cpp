#include "ui/map/basemaplayer.h"
#include "ui/map/mapcanvas.h"
#include "ui/map/tilemath.h"

#include <QBuffer>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace ChargeDesk::Ui;

namespace {

constexpr double LjubljanaLat = 46.0511;
constexpr double LjubljanaLon = 14.5051;
const QColor TileColour(200, 30, 160);

// A tile server on 127.0.0.1 that answers every GET with the same small PNG, cacheable for a
// day, and remembers which paths were asked for and with which User-Agent.
class TileServer : public QObject
{
public:
    TileServer()
    {
        QImage image(256, 256, QImage::Format_RGB32);
        image.fill(TileColour);
        QBuffer buffer(&m_png);
        buffer.open(QIODevice::WriteOnly);
        image.save(&buffer, "PNG");
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                socket->setParent(this);
                connect(socket, &QTcpSocket::readyRead, this, [this, socket] { read(socket); });
            }
        });
    }

    bool listen() { return m_server.listen(QHostAddress::LocalHost); }
    void stop() { m_server.close(); }
    QString urlTemplate() const
    {
        return QStringLiteral("http://127.0.0.1:%1/{z}/{x}/{y}.png").arg(m_server.serverPort());
    }

    bool notFound = false;        // answer 404 instead of the tile
    QHash<QString, int> requests; // path -> how often
    QList<QByteArray> userAgents;

private:
    void read(QTcpSocket *socket)
    {
        QByteArray &buffer = m_buffers[socket];
        buffer += socket->readAll();
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        const QList<QByteArray> lines = buffer.left(end).split('\n');
        buffer.remove(0, end + 4);
        const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
        for (const QByteArray &line : lines) {
            if (line.toLower().startsWith("user-agent:"))
                userAgents.append(line.mid(11).trimmed());
        }
        requests[QString::fromLatin1(requestLine.value(1))] += 1;
        if (notFound) {
            socket->write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            socket->disconnectFromHost();
            return;
        }
        socket->write("HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nCache-Control: max-age=86400\r\n"
                      "Connection: close\r\nContent-Length: " +
                      QByteArray::number(m_png.size()) + "\r\n\r\n" + m_png);
        socket->disconnectFromHost();
    }

    QTcpServer m_server;
    QByteArray m_png;
    QHash<QTcpSocket *, QByteArray> m_buffers;
};

// Where the canvas should draw a coordinate, worked out from the tile maths alone.
QPointF expectedScreen(const MapCanvas &canvas, double latitude, double longitude)
{
    const int zoom = int(canvas.zoom());
    const QPointF centre = TileMath::toTile(canvas.centre().y(), canvas.centre().x(), zoom);
    return (TileMath::toTile(longitude, latitude, zoom) - centre) * TileMath::TileSize +
           QPointF(canvas.width() / 2.0, canvas.height() / 2.0);
}

// The canvas's tile requests that have not finished. With none, the tile server has seen every
// request the canvas made so far.
qsizetype repliesInFlight(const MapCanvas &canvas)
{
    const QList<QNetworkReply *> replies = canvas.network()->findChildren<QNetworkReply *>();
    return std::count_if(replies.cbegin(), replies.cend(), [](const QNetworkReply *r) { return !r->isFinished(); });
}

QColor pixel(MapCanvas &canvas, const QPointF &at)
{
    return canvas.grab().toImage().pixelColor(at.toPoint());
}

QList<MapMarker> twoMarkersTenMetresApart()
{
    // 10 m east of Ljubljana's centre: a degree of longitude there is about 77.2 km.
    return {{QStringLiteral("station/1"), QStringLiteral("station"), QStringLiteral("Prešernov trg 1"), LjubljanaLat,
             LjubljanaLon, QColor(0x2e, 0x9d, 0x5b)},
            {QStringLiteral("station/2"), QStringLiteral("station"), QStringLiteral("Prešernov trg 2"), LjubljanaLat,
             LjubljanaLon + 10.0 / 77245.0, QColor(0xd9, 0x48, 0x3b)}};
}

} // namespace

// The map widget against a local tile server: which tiles it fetches, that it says who it is,
// that the disk cache serves them again with the server gone; and the offline base map and
// markers without any server.
class TestMapTiles : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void tiles_exactlyTheVisibleOnes_onceEach_thenFromTheDiskCache();
    void failedTiles_areNotAskedForAgainAtOnce();
    void noTemplate_noRequest_offlineBaseMap();
    void closeMarkers_clusterWhenZoomedOut_clickZoomsIn();
    void markers_clickEmitsTheirKey();
    void picking_emitsTheClickedCoordinate();
    void wheel_keepsThePlaceUnderTheCursor();

private:
    std::unique_ptr<MapCanvas> showCanvas(const QString &urlTemplate, double latitude, double longitude, double zoom);

    QTemporaryDir m_cache;
};

void TestMapTiles::init()
{
    QVERIFY(m_cache.isValid());
}

std::unique_ptr<MapCanvas> TestMapTiles::showCanvas(const QString &urlTemplate, double latitude, double longitude,
                                                    double zoom)
{
    auto canvas = std::make_unique<MapCanvas>();
    canvas->resize(640, 480);
    canvas->setCacheDirectory(m_cache.path());
    canvas->setTileUrlTemplate(urlTemplate);
    canvas->centreOn(latitude, longitude, zoom);
    canvas->show();
    if (!QTest::qWaitForWindowExposed(canvas.get()))
        return nullptr;
    return canvas;
}

void TestMapTiles::tiles_exactlyTheVisibleOnes_onceEach_thenFromTheDiskCache()
{
    TileServer server;
    QVERIFY(server.listen());
    const QString urlTemplate = server.urlTemplate();
    auto canvas = showCanvas(urlTemplate, LjubljanaLat, LjubljanaLon, 12);
    QVERIFY(canvas);
    QCOMPARE(canvas->zoom(), 12.0);

    // Every tile of zoom 12 that the 640x480 widget overlaps around Ljubljana.
    const QPointF centre = TileMath::toTile(LjubljanaLon, LjubljanaLat, 12);
    const QPointF half(320.0 / TileMath::TileSize, 240.0 / TileMath::TileSize);
    QSet<QString> expected;
    for (int x = int(std::floor(centre.x() - half.x())); x < int(std::ceil(centre.x() + half.x())); ++x) {
        for (int y = int(std::floor(centre.y() - half.y())); y < int(std::ceil(centre.y() + half.y())); ++y)
            expected.insert(QStringLiteral("/12/%1/%2.png").arg(x).arg(y));
    }
    QCOMPARE(expected.size(), 12); // 4 columns, 3 rows at this centre
    QTRY_COMPARE(QSet<QString>(server.requests.keyBegin(), server.requests.keyEnd()), expected);
    QTRY_COMPARE(pixel(*canvas, {320, 240}), TileColour);
    // A later request, for the column a move brings into view: a duplicate of the first tiles
    // would have gone out before it.
    QTest::keyClick(canvas.get(), Qt::Key_Right); // a quarter of the width each
    QTest::keyClick(canvas.get(), Qt::Key_Right);
    QTRY_VERIFY(server.requests.size() >= 15 && repliesInFlight(*canvas) == 0);
    QCOMPARE(server.requests.size(), 15);
    for (auto it = server.requests.cbegin(); it != server.requests.cend(); ++it)
        QVERIFY2(it.value() == 1, qPrintable(it.key()));
    QCOMPARE(server.userAgents.size(), 15);
    for (const QByteArray &userAgent : std::as_const(server.userAgents))
        QVERIFY2(userAgent.startsWith("ChargeDesk/"), userAgent.constData());

    // A new map with the server gone still shows the tiles: they come from the disk cache.
    canvas.reset();
    server.stop();

    auto again = showCanvas(urlTemplate, LjubljanaLat, LjubljanaLon, 12);
    QVERIFY(again);
    QTRY_COMPARE(pixel(*again, {320, 240}), TileColour);
    QTRY_COMPARE(pixel(*again, {5, 5}), TileColour);
    QCOMPARE(server.requests.size(), 15);
}

void TestMapTiles::failedTiles_areNotAskedForAgainAtOnce()
{
    TileServer server;
    server.notFound = true;
    QVERIFY(server.listen());
    auto canvas = showCanvas(server.urlTemplate(), LjubljanaLat, LjubljanaLon, 12);
    QVERIFY(canvas);
    QTRY_COMPARE(server.requests.size(), 12);
    // Moving away and back asks for the view's tiles again; the failed ones wait a minute.
    QTest::keyClick(canvas.get(), Qt::Key_Right); // a quarter of the width each
    QTest::keyClick(canvas.get(), Qt::Key_Right);
    QTRY_COMPARE(server.requests.size(), 15); // the column that came into view
    QTest::keyClick(canvas.get(), Qt::Key_Left);
    QTest::keyClick(canvas.get(), Qt::Key_Left);
    // A later request, for the row a move up brings into view: the failed tiles would have gone
    // out again with it.
    QTest::keyClick(canvas.get(), Qt::Key_Up);
    QTest::keyClick(canvas.get(), Qt::Key_Up);
    QTRY_VERIFY(server.requests.size() >= 19 && repliesInFlight(*canvas) == 0);
    QCOMPARE(server.requests.size(), 19);
    for (auto it = server.requests.cbegin(); it != server.requests.cend(); ++it)
        QVERIFY2(it.value() == 1, qPrintable(it.key()));
    QCOMPARE(pixel(*canvas, {320, 240}), BaseMapLayer::landColour()); // the base map shows instead
}

void TestMapTiles::noTemplate_noRequest_offlineBaseMap()
{
    auto canvas = showCanvas(QString(), 45.0, 14.5, 6);
    QVERIFY(canvas);
    QSignalSpy replies(canvas->network(), &QNetworkAccessManager::finished);
    QCOMPARE(pixel(*canvas, expectedScreen(*canvas, LjubljanaLat, LjubljanaLon)), BaseMapLayer::landColour());
    QCOMPARE(pixel(*canvas, expectedScreen(*canvas, 43.3, 14.5)), BaseMapLayer::seaColour()); // the Adriatic
    // A tile server set later gets the view's tiles: a request made before it would have finished
    // (or been cancelled by the new server) among the replies too.
    TileServer server;
    QVERIFY(server.listen());
    canvas->setTileUrlTemplate(server.urlTemplate());
    QTRY_VERIFY(!server.requests.isEmpty() && repliesInFlight(*canvas) == 0);
    QCOMPARE(replies.count(), server.requests.size());
}

void TestMapTiles::closeMarkers_clusterWhenZoomedOut_clickZoomsIn()
{
    auto canvas = showCanvas(QString(), LjubljanaLat, LjubljanaLon, 5);
    QVERIFY(canvas);
    canvas->setMarkers(twoMarkersTenMetresApart());
    MapView view;
    view.size = canvas->size();
    view.centre = MapView::worldOf(LjubljanaLat, LjubljanaLon);
    view.zoom = 5;
    QCOMPARE(MapMarkers::cluster(canvas->markers(), view).size(), 1);
    view.zoom = 18;
    QCOMPARE(MapMarkers::cluster(canvas->markers(), view).size(), 2);

    QSignalSpy activated(canvas.get(), &MapCanvas::markerActivated);
    QSignalSpy viewChanged(canvas.get(), &MapCanvas::viewChanged);
    QTest::mouseClick(canvas.get(), Qt::LeftButton, {}, expectedScreen(*canvas, LjubljanaLat, LjubljanaLon).toPoint());
    QCOMPARE(activated.count(), 0);
    QCOMPARE(viewChanged.count(), 1);
    QCOMPARE(canvas->zoom(), MapCanvas::MaxZoom); // 10 m apart: only the last zoom level parts them
    QVERIFY(std::abs(canvas->centre().x() - LjubljanaLat) < 1e-6);
}

void TestMapTiles::markers_clickEmitsTheirKey()
{
    auto canvas = showCanvas(QString(), LjubljanaLat, LjubljanaLon, 18);
    QVERIFY(canvas);
    const QList<MapMarker> markers = twoMarkersTenMetresApart();
    canvas->setMarkers(markers);
    QSignalSpy activated(canvas.get(), &MapCanvas::markerActivated);
    // A station's pin stands on its point; click its head, 20 pixels above.
    for (const MapMarker &marker : markers) {
        const QPointF tip = expectedScreen(*canvas, marker.latitude, marker.longitude);
        QTest::mouseClick(canvas.get(), Qt::LeftButton, {}, (tip - QPointF(0, 20)).toPoint());
    }
    QCOMPARE(activated.count(), 2);
    QCOMPARE(activated.at(0).at(0).toString(), QStringLiteral("station/1"));
    QCOMPARE(activated.at(1).at(0).toString(), QStringLiteral("station/2"));
    QCOMPARE(canvas->selectedKey(), QStringLiteral("station/2"));
    QCOMPARE(canvas->zoom(), 18.0);
    // Beside the markers is the map.
    QTest::mouseClick(canvas.get(), Qt::LeftButton, {}, QPoint(60, 400));
    QCOMPARE(activated.count(), 2);
}

void TestMapTiles::picking_emitsTheClickedCoordinate()
{
    auto canvas = showCanvas(QString(), LjubljanaLat, LjubljanaLon, 14);
    QVERIFY(canvas);
    canvas->setMarkers({twoMarkersTenMetresApart().first()});
    QSignalSpy picked(canvas.get(), &MapCanvas::locationPicked);
    QSignalSpy activated(canvas.get(), &MapCanvas::markerActivated);
    canvas->setPickingLocation(true);
    // On top of a marker: picking wins over selecting.
    const QPoint click = (expectedScreen(*canvas, LjubljanaLat, LjubljanaLon) - QPointF(0, 20)).toPoint();
    QTest::mouseClick(canvas.get(), Qt::LeftButton, {}, click);
    QCOMPARE(picked.count(), 1);
    QCOMPARE(activated.count(), 0);
    const QPointF tile =
        TileMath::toTile(LjubljanaLon, LjubljanaLat, 14) + (QPointF(click) - QPointF(320, 240)) / TileMath::TileSize;
    const QPointF lonLat = TileMath::toCoordinate(tile, 14);
    QVERIFY(std::abs(picked.at(0).at(0).toDouble() - lonLat.y()) < 1e-4);
    QVERIFY(std::abs(picked.at(0).at(1).toDouble() - lonLat.x()) < 1e-4);
    // One pick per request: the next click selects again.
    QVERIFY(!canvas->isPickingLocation());
    QTest::mouseClick(canvas.get(), Qt::LeftButton, {}, click);
    QCOMPARE(picked.count(), 1);
    QCOMPARE(activated.count(), 1);
}

void TestMapTiles::wheel_keepsThePlaceUnderTheCursor()
{
    auto canvas = showCanvas(QString(), LjubljanaLat, LjubljanaLon, 10);
    QVERIFY(canvas);
    const QPointF cursor(500, 100);
    const QPointF before = canvas->coordinateAt(cursor);
    QWheelEvent wheel(cursor, canvas->mapToGlobal(cursor), {}, {0, 60}, Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase,
                      false);
    QApplication::sendEvent(canvas.get(), &wheel);
    QCOMPARE(canvas->zoom(), 10.5);
    const QPointF after = canvas->coordinateAt(cursor);
    QVERIFY(std::abs(after.x() - before.x()) < 1e-9 && std::abs(after.y() - before.y()) < 1e-9);
    QTest::keyClick(canvas.get(), Qt::Key_Minus);
    QCOMPARE(canvas->zoom(), 9.5);
    canvas->setMarkers(twoMarkersTenMetresApart());
    QTest::keyClick(canvas.get(), Qt::Key_Home);
    QCOMPARE(canvas->zoom(), 17.0); // fitting markers in one spot stops at street level
}

QTEST_MAIN(TestMapTiles)
#include "tst_maptiles.moc"
