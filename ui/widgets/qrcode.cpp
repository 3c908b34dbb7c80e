#include "ui/widgets/qrcode.h"
#include "ui/widgets/tr.h"

#include <QPainter>
#include <QSaveFile>

#include <memory>
#include <qrencode.h>

namespace ChargeDesk::Ui {

QrCode QrCode::encode(const QString &text)
{
    QrCode code;
    const QByteArray utf8 = text.toUtf8();
    if (utf8.isEmpty())
        return code;
    // Version 0 lets the library pick the smallest symbol that holds the text; the hint and
    // case sensitivity keep every byte as typed ("B1C1;22_kW" must not read as "B1C1;22_KW").
    const std::unique_ptr<QRcode, decltype(&QRcode_free)> encoded(
        QRcode_encodeString(utf8.constData(), 0, QR_ECLEVEL_Q, QR_MODE_8, 1), &QRcode_free);
    if (!encoded || encoded->width <= 0)
        return code;
    code.m_text = text;
    code.m_version = encoded->version;
    code.m_size = encoded->width;
    code.m_modules.resize(code.m_size * code.m_size);
    // Bit 0 of each byte says dark; the other bits describe how the module was made.
    for (int i = 0; i < code.m_size * code.m_size; ++i)
        code.m_modules.setBit(i, encoded->data[i] & 1);
    return code;
}

bool QrCode::isDark(int x, int y) const
{
    return x >= 0 && y >= 0 && x < m_size && y < m_size && m_modules.testBit(y * m_size + x);
}

QImage QrCode::toImage(int moduleSize) const
{
    if (isNull() || moduleSize <= 0)
        return {};
    const int side = sizeWithQuietZone() * moduleSize;
    QImage image(side, side, QImage::Format_Mono);
    image.setColor(0, qRgb(255, 255, 255));
    image.setColor(1, qRgb(0, 0, 0));
    image.fill(0);
    for (int y = 0; y < m_size; ++y)
        for (int x = 0; x < m_size; ++x)
            if (isDark(x, y))
                for (int py = 0; py < moduleSize; ++py)
                    for (int px = 0; px < moduleSize; ++px)
                        image.setPixel((QuietZone + x) * moduleSize + px, (QuietZone + y) * moduleSize + py, 1);
    return image;
}

QByteArray QrCode::toSvg(int moduleSize) const
{
    if (isNull() || moduleSize <= 0)
        return {};
    const int side = sizeWithQuietZone();
    // One path of horizontal runs of dark modules: small, and no hairline gaps between
    // neighbouring squares when a viewer scales it.
    QByteArray path;
    for (int y = 0; y < m_size; ++y) {
        for (int x = 0; x < m_size;) {
            if (!isDark(x, y)) {
                ++x;
                continue;
            }
            int run = 1;
            while (isDark(x + run, y))
                ++run;
            path += "M" + QByteArray::number(QuietZone + x) + ' ' + QByteArray::number(QuietZone + y) + "h" +
                    QByteArray::number(run) + "v1h-" + QByteArray::number(run) + "z";
            x += run;
        }
    }
    const QByteArray pixels = QByteArray::number(side * moduleSize);
    const QByteArray units = QByteArray::number(side);
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
           "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"" +
           pixels + "\" height=\"" + pixels + "\" viewBox=\"0 0 " + units + ' ' + units +
           "\" shape-rendering=\"crispEdges\">\n"
           "<title>" +
           m_text.toHtmlEscaped().toUtf8() +
           "</title>\n"
           "<rect width=\"" +
           units + "\" height=\"" + units + "\" fill=\"#ffffff\"/>\n<path fill=\"#000000\" d=\"" + path +
           "\"/>\n</svg>\n";
}

void QrCode::paint(QPainter &painter, const QRectF &target) const
{
    if (isNull())
        return;
    const qreal side = qMin(target.width(), target.height());
    const qreal module = side / sizeWithQuietZone();
    const QPointF origin(target.center().x() - side / 2, target.center().y() - side / 2);
    painter.save();
    painter.setPen(Qt::NoPen);
    painter.fillRect(QRectF(origin, QSizeF(side, side)), Qt::white);
    painter.setBrush(Qt::black);
    for (int y = 0; y < m_size; ++y)
        for (int x = 0; x < m_size; ++x)
            if (isDark(x, y))
                // A hair wider than the module, so that antialiasing leaves no light seams.
                painter.drawRect(QRectF(origin.x() + (QuietZone + x) * module, origin.y() + (QuietZone + y) * module,
                                        module + 0.02 * module, module + 0.02 * module));
    painter.restore();
}

namespace {

QString writeAll(const QString &fileName, const QByteArray &content)
{
    QSaveFile file(fileName);
    if (!file.open(QIODevice::WriteOnly))
        return file.errorString();
    if (file.write(content) != content.size()) {
        const QString why = file.errorString();
        file.cancelWriting();
        return why;
    }
    return file.commit() ? QString() : file.errorString();
}

} // namespace

QString QrCode::savePng(const QString &fileName, int moduleSize) const
{
    const QImage image = toImage(moduleSize);
    if (image.isNull())
        return Tr::tr("There is no code to save.");
    QSaveFile file(fileName);
    if (!file.open(QIODevice::WriteOnly))
        return file.errorString();
    if (!image.save(&file, "PNG")) {
        file.cancelWriting();
        return Tr::tr("The image could not be written.");
    }
    return file.commit() ? QString() : file.errorString();
}

QString QrCode::saveSvg(const QString &fileName, int moduleSize) const
{
    const QByteArray svg = toSvg(moduleSize);
    if (svg.isEmpty())
        return Tr::tr("There is no code to save.");
    return writeAll(fileName, svg);
}

} // namespace ChargeDesk::Ui
