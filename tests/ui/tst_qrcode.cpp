#include "support/needs.h"
#include "ui/widgets/qrcode.h"

#include <QFile>
#include <QImage>
#include <QPainter>
#include <QProcess>
#include <QStandardPaths>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QTest>

using namespace ChargeDesk::Ui;

// The QR codes printed on chargers: the symbol's structure as ISO/IEC 18004 lays it out, the
// files the console writes, and (where zbarimg is installed) a real decoder reading them back.
class TestQrCode : public QObject
{
    Q_OBJECT

private slots:
    void encode_sizeFollowsTheVersion_data();
    void encode_sizeFollowsTheVersion();
    void encode_hasFinderPatternsSeparatorsAndTiming();
    void encode_differentPayloads_differentSymbols();
    void encode_emptyOrTooLong_isNull();
    void image_hasQuietZoneAndModuleSize();
    void savePng_and_saveSvg_writeTheSameSymbol();
    void savedPng_decodesToThePayload_data();
    void savedPng_decodesToThePayload();

private:
    // A 7×7 finder pattern with its top left module at (x, y): dark ring, light ring, dark 3×3.
    static bool isFinder(const QrCode &code, int x, int y);
};

bool TestQrCode::isFinder(const QrCode &code, int x, int y)
{
    for (int dy = 0; dy < 7; ++dy) {
        for (int dx = 0; dx < 7; ++dx) {
            const int ring = qMin(qMin(dx, dy), qMin(6 - dx, 6 - dy)); // 0 outer, 1 light, 2+ centre
            if (code.isDark(x + dx, y + dy) != (ring != 1))
                return false;
        }
    }
    return true;
}

void TestQrCode::encode_sizeFollowsTheVersion_data()
{
    QTest::addColumn<QString>("payload");
    QTest::addColumn<int>("minVersion");
    QTest::newRow("charger code") << "B1C1" << 1;
    QTest::newRow("connector") << "B1C1;22_kW" << 1;
    QTest::newRow("long code") << QString(120, QLatin1Char('x')) << 6;
}

void TestQrCode::encode_sizeFollowsTheVersion()
{
    QFETCH(QString, payload);
    QFETCH(int, minVersion);
    const QrCode code = QrCode::encode(payload);
    QVERIFY(!code.isNull());
    QCOMPARE(code.text(), payload);
    QVERIFY2(code.version() >= minVersion, qPrintable(QString::number(code.version())));
    QCOMPARE(code.size(), 17 + 4 * code.version());
    QCOMPARE(code.sizeWithQuietZone(), code.size() + 2 * QrCode::QuietZone);
}

void TestQrCode::encode_hasFinderPatternsSeparatorsAndTiming()
{
    const QrCode code = QrCode::encode("WB-1-A;WB-1-A-2");
    const int n = code.size();
    QVERIFY(isFinder(code, 0, 0));
    QVERIFY(isFinder(code, n - 7, 0));
    QVERIFY(isFinder(code, 0, n - 7));
    // Light separators around the finders, on the sides that face the symbol.
    for (int i = 0; i < 8; ++i) {
        QVERIFY(!code.isDark(7, i) && !code.isDark(i, 7));             // top left
        QVERIFY(!code.isDark(n - 8, i) && !code.isDark(n - 1 - i, 7)); // top right
        QVERIFY(!code.isDark(7, n - 1 - i) && !code.isDark(i, n - 8)); // bottom left
    }
    // Timing patterns between the finders: dark on even positions.
    for (int i = 8; i < n - 8; ++i) {
        QCOMPARE(code.isDark(i, 6), i % 2 == 0);
        QCOMPARE(code.isDark(6, i), i % 2 == 0);
    }
    // The dark module beside the bottom left finder that every symbol has.
    QVERIFY(code.isDark(8, n - 8));
    // Outside the symbol is the quiet zone.
    QVERIFY(!code.isDark(-1, 0) && !code.isDark(0, n) && !code.isDark(n, n));
}

void TestQrCode::encode_differentPayloads_differentSymbols()
{
    const QrCode one = QrCode::encode("B1C1;22_kW");
    const QrCode two = QrCode::encode("B1C1;11_kW");
    const QrCode caseDiffers = QrCode::encode("B1C1;22_KW");
    QCOMPARE(one.size(), two.size());
    QVERIFY(one.toImage(1) != two.toImage(1));
    QVERIFY(one.toImage(1) != caseDiffers.toImage(1));
    QCOMPARE(QrCode::encode("B1C1;22_kW").toImage(1), one.toImage(1)); // and the same payload the same
}

void TestQrCode::encode_emptyOrTooLong_isNull()
{
    QVERIFY(QrCode::encode(QString()).isNull());
    QVERIFY(QrCode::encode(QString(5000, QLatin1Char('x'))).isNull()); // beyond version 40
    QVERIFY(QrCode::encode(QString()).toImage(4).isNull());
    QVERIFY(QrCode::encode(QString()).toSvg(4).isEmpty());
}

void TestQrCode::image_hasQuietZoneAndModuleSize()
{
    const QrCode code = QrCode::encode("B1C1");
    const int module = 5;
    const QImage image = code.toImage(module);
    const int side = (code.size() + 2 * QrCode::QuietZone) * module;
    QCOMPARE(image.size(), QSize(side, side));
    const int quiet = QrCode::QuietZone * module;
    for (int i = 0; i < side; ++i) {
        for (int q = 0; q < quiet; ++q) {
            QCOMPARE(qGray(image.pixel(i, q)), 255);            // top
            QCOMPARE(qGray(image.pixel(q, i)), 255);            // left
            QCOMPARE(qGray(image.pixel(i, side - 1 - q)), 255); // bottom
            QCOMPARE(qGray(image.pixel(side - 1 - q, i)), 255); // right
        }
    }
    // Every pixel of a module has the module's colour.
    for (int y = 0; y < code.size(); ++y)
        for (int x = 0; x < code.size(); ++x)
            for (int p : {0, module - 1})
                QCOMPARE(qGray(image.pixel(quiet + x * module + p, quiet + y * module + p)) == 0, code.isDark(x, y));
}

void TestQrCode::savePng_and_saveSvg_writeTheSameSymbol()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QrCode code = QrCode::encode("WB-1-A;WB-1-A-1");
    const int module = 8;
    const int side = code.sizeWithQuietZone() * module;

    const QString png = dir.filePath("code.png");
    QCOMPARE(code.savePng(png, module), QString());
    const QImage read(png);
    QCOMPARE(read.size(), QSize(side, side));
    QCOMPARE(read.convertToFormat(QImage::Format_Mono), code.toImage(module));

    const QString svg = dir.filePath("code.svg");
    QCOMPARE(code.saveSvg(svg, module), QString());
    QFile file(svg);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray text = file.readAll();
    QVERIFY(text.contains(QStringLiteral("width=\"%1\"").arg(side).toUtf8()));
    QVERIFY(text.contains(QStringLiteral("viewBox=\"0 0 %1 %1\"").arg(code.sizeWithQuietZone()).toUtf8()));
    QVERIFY(text.contains("<title>WB-1-A;WB-1-A-1</title>"));
    // Rendered by Qt's SVG renderer, it is the same picture as the PNG, module for module.
    QSvgRenderer renderer(svg);
    QVERIFY(renderer.isValid());
    QCOMPARE(renderer.defaultSize(), QSize(side, side));
    QImage rendered(side, side, QImage::Format_RGB32);
    rendered.fill(Qt::red);
    QPainter painter(&rendered);
    renderer.render(&painter);
    painter.end();
    const QImage expected = code.toImage(module);
    for (int y = module / 2; y < side; y += module)
        for (int x = module / 2; x < side; x += module)
            QCOMPARE(qGray(rendered.pixel(x, y)) < 128, qGray(expected.pixel(x, y)) < 128);

    // A file that cannot be written says why and leaves nothing behind.
    QVERIFY(!code.savePng(dir.filePath("missing/dir/code.png"), module).isEmpty());
    QVERIFY(!code.saveSvg(dir.filePath("missing/dir/code.svg"), module).isEmpty());
}

void TestQrCode::savedPng_decodesToThePayload_data()
{
    QTest::addColumn<QString>("payload");
    QTest::newRow("charger") << "B1C1";
    QTest::newRow("connector") << "B1C1;22_kW";
    QTest::newRow("lower and upper case") << "wallbox-7;Left_Type2";
}

void TestQrCode::savedPng_decodesToThePayload()
{
    QFETCH(QString, payload);
    const QString zbarimg = QStandardPaths::findExecutable("zbarimg");
    CHARGEDESK_NEEDS(!zbarimg.isEmpty(), "zbarimg (Debian package zbar-tools)");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString png = dir.filePath("code.png");
    QCOMPARE(QrCode::encode(payload).savePng(png, 6), QString());
    QProcess decoder;
    decoder.start(zbarimg, {"--quiet", "--raw", "--nodbus", "-Sdisable", "-Sqrcode.enable", png});
    QVERIFY(decoder.waitForFinished(30000));
    QCOMPARE(decoder.exitCode(), 0);
    QCOMPARE(QString::fromUtf8(decoder.readAllStandardOutput()).trimmed(), payload);
}

QTEST_MAIN(TestQrCode)
#include "tst_qrcode.moc"
