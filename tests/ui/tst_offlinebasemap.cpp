#include "ui/map/offlinebasemap.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTest>

using namespace ChargeDesk::Ui;

// The bundled Natural Earth outlines decode into countries that contain the right places, and
// bad TopoJSON gives an error instead of a crash or half a map.
class TestOfflineBaseMap : public QObject
{
    Q_OBJECT

private slots:
    void world_decodesEveryCountry_quickly();
    void slovenia_containsLjubljanaAndBled_notVienna();
    void sea_isInNoCountry();
    void handMadeTopology_reversedArcsAndHoles();
    void badInput_givesAnError_data();
    void badInput_givesAnError();
};

void TestOfflineBaseMap::world_decodesEveryCountry_quickly()
{
    QFile file(QStringLiteral(":/map/countries-50m.json"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray json = file.readAll();
    QElapsedTimer timer;
    timer.start();
    const OfflineBaseMap map = OfflineBaseMap::fromTopoJson(json);
    qInfo("Decoding the 1:50m countries took %lld ms", timer.elapsed());
    QVERIFY2(map.isValid(), qPrintable(map.errorString()));
    QCOMPARE(map.countries().size(), 241);
    QVERIFY(OfflineBaseMap::world().isValid());
    QCOMPARE(OfflineBaseMap::world().countries().size(), 241);
    QCOMPARE(&OfflineBaseMap::world(), &OfflineBaseMap::world()); // decoded once, shared
}

void TestOfflineBaseMap::slovenia_containsLjubljanaAndBled_notVienna()
{
    const OfflineBaseMap &map = OfflineBaseMap::world();
    const auto slovenia = std::find_if(map.countries().cbegin(), map.countries().cend(),
                                       [](const BaseMapCountry &c) { return c.name == QLatin1String("Slovenia"); });
    QVERIFY(slovenia != map.countries().cend());
    QVERIFY(slovenia->contains(46.0511, 14.5051));  // Ljubljana
    QVERIFY(slovenia->contains(46.3683, 14.1146));  // Bled
    QVERIFY(!slovenia->contains(48.2082, 16.3738)); // Vienna
    QCOMPARE(map.countryAt(46.0511, 14.5051)->name, QStringLiteral("Slovenia"));
    QCOMPARE(map.countryAt(48.2082, 16.3738)->name, QStringLiteral("Austria"));
    QVERIFY(slovenia->bounds.contains(QPointF(14.5051, 46.0511)));
    QVERIFY(slovenia->bounds.width() < 4 && slovenia->bounds.height() < 2);
}

void TestOfflineBaseMap::sea_isInNoCountry()
{
    const OfflineBaseMap &map = OfflineBaseMap::world();
    QCOMPARE(map.countryAt(43.0, 15.0), nullptr);  // the middle of the Adriatic
    QCOMPARE(map.countryAt(30.0, -40.0), nullptr); // the Atlantic
}

// A 4x4 square of two arcs with a 2x2 hole; the second half of the square is walked backwards.
void TestOfflineBaseMap::handMadeTopology_reversedArcsAndHoles()
{
    const QByteArray json = R"({"type": "Topology",
        "transform": {"scale": [0.5, 0.25], "translate": [10, 40]},
        "arcs": [[[0, 0], [8, 0], [0, 16]], [[0, 0], [0, 16], [8, 0]], [[2, 4], [4, 0], [0, 8], [-4, 0], [0, -8]]],
        "objects": {"countries": {"type": "GeometryCollection", "geometries": [
            {"type": "Polygon", "arcs": [[0, -2], [2]], "properties": {"name": "Squareland"}},
            {"type": "Point", "coordinates": [0, 0], "properties": {"name": "Dot"}}]}}})";
    const OfflineBaseMap map = OfflineBaseMap::fromTopoJson(json);
    QVERIFY2(map.isValid(), qPrintable(map.errorString()));
    QCOMPARE(map.countries().size(), 1);
    const BaseMapCountry &country = map.countries().first();
    QCOMPARE(country.name, QStringLiteral("Squareland"));
    QCOMPARE(country.rings.size(), 2);
    // (0,0) (8,0) (8,16) from arc 0, then arc 1 backwards: (0,16) (0,0); quantized to degrees.
    QCOMPARE(country.rings.first(), QPolygonF({{10, 40}, {14, 40}, {14, 44}, {10, 44}, {10, 40}}));
    QCOMPARE(country.bounds, QRectF(10, 40, 4, 4));
    QVERIFY(country.contains(40.5, 10.5));
    QVERIFY(!country.contains(42, 12)); // in the hole
    QVERIFY(!country.contains(45, 12));
}

void TestOfflineBaseMap::badInput_givesAnError_data()
{
    QTest::addColumn<QByteArray>("json");
    QFile file(QStringLiteral(":/map/countries-50m.json"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("cut in half") << file.readAll().left(300000);
    QTest::newRow("an array") << QByteArray("[1, 2]");
    QTest::newRow("not a topology") << QByteArray(R"({"type": "FeatureCollection", "features": []})");
    QTest::newRow("no countries") << QByteArray(R"({"type": "Topology", "arcs": [], "objects": {}})");
    QTest::newRow("no geometries") << QByteArray(
        R"({"type": "Topology", "arcs": [], "objects": {"countries": {"type": "GeometryCollection", "geometries": []}}})");
    QTest::newRow("arc out of range") << QByteArray(R"({"type": "Topology", "arcs": [[[0, 0], [1, 0], [1, 1]]],
        "objects": {"countries": {"type": "GeometryCollection", "geometries": [{"type": "Polygon", "arcs": [[0, 5]]}]}}})");
    QTest::newRow("reversed arc out of range") << QByteArray(R"({"type": "Topology", "arcs": [[[0, 0], [1, 0]]],
        "objects": {"countries": {"type": "GeometryCollection", "geometries": [{"type": "Polygon", "arcs": [[-3]]}]}}})");
    QTest::newRow("position not a pair") << QByteArray(R"({"type": "Topology", "arcs": [[[0, 0], [1]]],
        "objects": {"countries": {"type": "GeometryCollection", "geometries": [{"type": "Polygon", "arcs": [[0]]}]}}})");
    QTest::newRow("arc position of strings") << QByteArray(R"({"type": "Topology", "arcs": [[["a", 1], [1, 1]]],
        "objects": {"countries": {"type": "GeometryCollection", "geometries": [{"type": "Polygon", "arcs": [[0]]}]}}})");
    QTest::newRow("arcs a string") << QByteArray(R"({"type": "Topology", "arcs": "[[[0, 0]]]",
        "objects": {"countries": {"type": "GeometryCollection", "geometries": [{"type": "Polygon", "arcs": [[0]]}]}}})");
    QTest::newRow("arcs unterminated") << QByteArray(R"({"type": "Topology", "arcs": [[[0, 0], [1, 1]], [[2, 2)"
                                                     R"(, "objects": {}})");
    QTest::newRow("arcs missing") << QByteArray(R"({"type": "Topology",
        "objects": {"countries": {"type": "GeometryCollection", "geometries": [{"type": "Polygon", "arcs": [[0]]}]}}})");
    QTest::newRow("bad transform") << QByteArray(R"({"type": "Topology", "transform": {"scale": [1]}, "arcs": [],
        "objects": {"countries": {"type": "GeometryCollection", "geometries": [{"type": "Polygon", "arcs": [[0]]}]}}})");
    QTest::newRow("ring of strings") << QByteArray(R"({"type": "Topology", "arcs": [[[0, 0], [1, 0], [1, 1]]],
        "objects": {"countries": {"type": "GeometryCollection", "geometries": [{"type": "Polygon", "arcs": [["a"]]}]}}})");
}

void TestOfflineBaseMap::badInput_givesAnError()
{
    QFETCH(QByteArray, json);
    const OfflineBaseMap map = OfflineBaseMap::fromTopoJson(json);
    QVERIFY(!map.isValid());
    QVERIFY(!map.errorString().isEmpty());
    QVERIFY(map.countries().isEmpty());
    QCOMPARE(map.countryAt(46.0511, 14.5051), nullptr);
}

QTEST_GUILESS_MAIN(TestOfflineBaseMap)
#include "tst_offlinebasemap.moc"
