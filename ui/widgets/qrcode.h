#pragma once

#include <QBitArray>
#include <QCoreApplication>
#include <QImage>
#include <QString>

class QPainter;
class QRectF;

namespace ChargeDesk::Ui {

// A QR code as a square of dark and light modules, made by libqrencode, and the ways the
// console hands it out: an image, an SVG file, or painted onto a printer's page.
class QrCode final
{

public:
    // Light modules every reader expects around the symbol (ISO/IEC 18004).
    static constexpr int QuietZone = 4;

    // The code of `text` (UTF-8) at error correction level Q, which still reads with a
    // quarter of the symbol scratched or dirty, as a sticker on a charger outdoors may be.
    // Null when the text is empty or too long for any QR code.
    static QrCode encode(const QString &text);

    bool isNull() const { return m_size == 0; }
    QString text() const { return m_text; }
    int version() const { return m_version; } // 1–40; the size is 17 + 4 × version modules
    int size() const { return m_size; }       // modules on a side, without the quiet zone
    bool isDark(int x, int y) const;          // false outside the symbol (in the quiet zone)

    // Modules on a side including the quiet zone on both sides.
    int sizeWithQuietZone() const { return m_size + 2 * QuietZone; }
    // Black on white, `moduleSize` pixels per module, with the quiet zone.
    QImage toImage(int moduleSize) const;
    // An SVG document of the same, one user unit per module and `moduleSize` pixels each.
    QByteArray toSvg(int moduleSize) const;
    // Paints the code with its quiet zone into the largest square that fits `target`.
    void paint(QPainter &painter, const QRectF &target) const;

    // Write the files; an empty string on success, else why not.
    QString savePng(const QString &fileName, int moduleSize) const;
    QString saveSvg(const QString &fileName, int moduleSize) const;

private:
    QString m_text;
    int m_version = 0;
    int m_size = 0;
    QBitArray m_modules; // row by row, true for dark
};

} // namespace ChargeDesk::Ui
