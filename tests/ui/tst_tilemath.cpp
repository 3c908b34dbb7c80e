#include "ui/map/tilemath.h"

#include <QTest>

using namespace ChargeDesk::Ui;

// Slippy-map tile arithmetic against known tiles of OpenStreetMap's grid.
class TestTileMath : public QObject
{
    Q_OBJECT

private slots:
    void toTile_knownPlaces_data();
    void toTile_knownPlaces();
    void toCoordinate_roundTrips();
    void poles_areClampedToTheSquareWorld();
    void metresPerPixel_atTheEquatorAndInLjubljana();
    void tileUrl_fillsTheTemplate_andWraps();
};

void TestTileMath::toTile_knownPlaces_data()
{
    QTest::addColumn<double>("longitude");
    QTest::addColumn<double>("latitude");
    QTest::addColumn<int>("zoom");
    QTest::addColumn<QPointF>("tile");
    QTest::newRow("null island, z1") << 0.0 << 0.0 << 1 << QPointF(1.0, 1.0);
    QTest::newRow("top left, z3") << -180.0 << TileMath::MaxLatitude << 3 << QPointF(0.0, 0.0);
    // Ljubljana is in tile 553/364 at zoom 10; London's Trafalgar Square in 2046/1362 at 12.
    QTest::newRow("Ljubljana, z10") << 14.5058 << 46.0569 << 10 << QPointF(553.2609422222, 364.0669484143);
    QTest::newRow("London, z12") << -0.1276 << 51.5072 << 12 << QPointF(2046.5481955556, 1362.0281966442);
}

void TestTileMath::toTile_knownPlaces()
{
    QFETCH(double, longitude);
    QFETCH(double, latitude);
    QFETCH(int, zoom);
    QFETCH(QPointF, tile);
    const QPointF got = TileMath::toTile(longitude, latitude, zoom);
    QVERIFY2(std::abs(got.x() - tile.x()) < 1e-6, qPrintable(QString::number(got.x(), 'f', 10)));
    QVERIFY2(std::abs(got.y() - tile.y()) < 1e-6, qPrintable(QString::number(got.y(), 'f', 10)));
}

void TestTileMath::toCoordinate_roundTrips()
{
    for (int zoom : {0, 5, 12, 19}) {
        for (const QPointF &place :
             {QPointF(14.5058, 46.0569), QPointF(-122.4194, 37.7749), QPointF(151.2093, -33.8688)}) {
            const QPointF back = TileMath::toCoordinate(TileMath::toTile(place.x(), place.y(), zoom), zoom);
            QVERIFY(std::abs(back.x() - place.x()) < 1e-9);
            QVERIFY(std::abs(back.y() - place.y()) < 1e-9);
        }
    }
}

void TestTileMath::poles_areClampedToTheSquareWorld()
{
    QCOMPARE(TileMath::toTile(0, 90, 4).y(), TileMath::toTile(0, TileMath::MaxLatitude, 4).y());
    QVERIFY(std::abs(TileMath::toTile(0, -90, 4).y() - 16.0) < 1e-9);
    QCOMPARE(TileMath::tilesPerSide(0), 1);
    QCOMPARE(TileMath::tilesPerSide(19), 524288);
}

void TestTileMath::metresPerPixel_atTheEquatorAndInLjubljana()
{
    // 40,075,016.686 m around the equator over 256 pixels at zoom 0.
    QVERIFY(std::abs(TileMath::metresPerPixel(0, 0) - 156543.03392) < 1e-4);
    QVERIFY(std::abs(TileMath::metresPerPixel(46.0569, 10) - 106.0859819) < 1e-6);
}

void TestTileMath::tileUrl_fillsTheTemplate_andWraps()
{
    const QString osm = QStringLiteral("https://tile.openstreetmap.org/{z}/{x}/{y}.png");
    QCOMPARE(TileMath::tileUrl(osm, 10, 553, 364), QStringLiteral("https://tile.openstreetmap.org/10/553/364.png"));
    // East of the last tile comes the first again; there is nothing north of row 0.
    QCOMPARE(TileMath::tileUrl(osm, 2, 4, 1), QStringLiteral("https://tile.openstreetmap.org/2/0/1.png"));
    QCOMPARE(TileMath::tileUrl(osm, 2, -1, 1), QStringLiteral("https://tile.openstreetmap.org/2/3/1.png"));
    QCOMPARE(TileMath::tileUrl(osm, 2, 0, 4), QString());
    QCOMPARE(TileMath::tileUrl(osm, 2, 0, -1), QString());
    QCOMPARE(TileMath::tileUrl(osm, 20, 0, 0), QString());
    QCOMPARE(TileMath::tileUrl(QStringLiteral("http://{s}.tiles.local/{z}/{x}/{y}"), 3, 1, 1),
             QStringLiteral("http://c.tiles.local/3/1/1"));
}

QTEST_GUILESS_MAIN(TestTileMath)
#include "tst_tilemath.moc"
