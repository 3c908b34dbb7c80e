#include "ui/shell/sections.h"
#include "ui/widgets/icons.h"

#include <QApplication>
#include <QImage>
#include <QPalette>
#include <QPixmap>
#include <QTest>

#include <tuple>

using namespace ChargeDesk::Ui;

// The console's own SVG icons: one for every section, drawn in the palette's colours at any
// size, so they follow a dark palette and a high-DPI screen.
class TestIcons : public QObject
{
    Q_OBJECT

private slots:
    void cleanup() { QApplication::setPalette(QPalette()); }
    void everySection_hasAnIcon();
    void actions_haveIcons_data();
    void actions_haveIcons();
    void unknownName_givesNullIcon();
    void icon_takesThePaletteTextColour_andFollowsItsChange();
    void selectedIcon_takesTheHighlightedTextColour();
    void stateDot_keepsItsOwnColour();
    void highDpi_drawsAtDevicePixels();
    void isDark_readsThePalette();

private:
    // The colour that most opaque pixels of the image have.
    static QColor inkOf(const QImage &image);
};

QColor TestIcons::inkOf(const QImage &image)
{
    QHash<QRgb, int> counts;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            if (const QColor c = image.pixelColor(x, y); c.alpha() == 255)
                ++counts[c.rgb()];
    QRgb best = 0;
    int most = 0;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        if (it.value() > most)
            std::tie(best, most) = std::pair(it.key(), it.value());
    return most ? QColor(best) : QColor();
}

void TestIcons::everySection_hasAnIcon()
{
    for (const Section &section : consoleSections()) {
        QVERIFY2(!section.icon.isEmpty(), qPrintable(section.key));
        QVERIFY2(!Icons::get(section.icon).isNull(), qPrintable(section.icon));
    }
}

void TestIcons::actions_haveIcons_data()
{
    QTest::addColumn<QString>("name");
    for (const char *name : {"overview",  "new",     "edit",     "delete", "refresh",         "copy",
                             "export",    "csv",     "print",    "filter", "clear",           "search",
                             "save",      "sign-in", "quit",     "about",  "state-connected", "state-disconnected",
                             "qr-code",   "key",     "password", "link",   "chart",           "language",
                             "chargedesk"})
        QTest::newRow(name) << QString::fromLatin1(name);
}

void TestIcons::actions_haveIcons()
{
    QFETCH(QString, name);
    const QIcon icon = Icons::get(name);
    QVERIFY(!icon.isNull());
    QVERIFY(inkOf(icon.pixmap(48, 48).toImage()).isValid()); // it draws something
}

void TestIcons::unknownName_givesNullIcon()
{
    QTest::ignoreMessage(QtWarningMsg, "No icon named no-such-icon");
    QVERIFY(Icons::get(QStringLiteral("no-such-icon")).isNull());
}

void TestIcons::icon_takesThePaletteTextColour_andFollowsItsChange()
{
    QPalette red;
    red.setColor(QPalette::WindowText, QColor(200, 0, 0));
    QApplication::setPalette(red);
    const QIcon icon = Icons::get(QStringLiteral("station"));
    QCOMPARE(inkOf(icon.pixmap(64, 64).toImage()), QColor(200, 0, 0));

    // The same icon object, as a toolbar holds it, repaints in the new colour.
    QPalette blue;
    blue.setColor(QPalette::WindowText, QColor(0, 0, 210));
    QApplication::setPalette(blue);
    QCOMPARE(inkOf(icon.pixmap(64, 64).toImage()), QColor(0, 0, 210));
}

void TestIcons::selectedIcon_takesTheHighlightedTextColour()
{
    QPalette palette;
    palette.setColor(QPalette::WindowText, QColor(20, 20, 20));
    palette.setColor(QPalette::HighlightedText, QColor(250, 250, 250));
    QApplication::setPalette(palette);
    const QIcon icon = Icons::get(QStringLiteral("settings"));
    QCOMPARE(inkOf(icon.pixmap(QSize(64, 64), QIcon::Selected).toImage()), QColor(250, 250, 250));
    QCOMPARE(inkOf(icon.pixmap(QSize(64, 64), QIcon::Normal).toImage()), QColor(20, 20, 20));
}

void TestIcons::stateDot_keepsItsOwnColour()
{
    QPalette palette;
    palette.setColor(QPalette::WindowText, QColor(0, 0, 0));
    QApplication::setPalette(palette);
    const QColor dot = inkOf(Icons::get(QStringLiteral("state-connected")).pixmap(64, 64).toImage());
    QVERIFY2(dot.green() > dot.red() + 60 && dot.green() > dot.blue() + 60, qPrintable(dot.name()));
}

void TestIcons::highDpi_drawsAtDevicePixels()
{
    const QPixmap pixmap = Icons::get(QStringLiteral("refresh")).pixmap(QSize(16, 16), 2.0);
    QCOMPARE(pixmap.size(), QSize(32, 32));
    QCOMPARE(pixmap.devicePixelRatio(), 2.0);
    QCOMPARE(pixmap.deviceIndependentSize(), QSizeF(16, 16));
}

void TestIcons::isDark_readsThePalette()
{
    QPalette light(QColor(20, 20, 20), QColor(240, 240, 240));
    light.setColor(QPalette::WindowText, QColor(20, 20, 20));
    QVERIFY(!Icons::isDark(light));
    QPalette dark(QColor(230, 230, 230), QColor(40, 42, 46));
    dark.setColor(QPalette::WindowText, QColor(230, 230, 230));
    QVERIFY(Icons::isDark(dark));
}

QTEST_MAIN(TestIcons)
#include "tst_icons.moc"
