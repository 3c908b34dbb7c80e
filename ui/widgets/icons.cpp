#include "ui/widgets/icons.h"

#include <QFile>
#include <QGuiApplication>
#include <QHash>
#include <QIconEngine>
#include <QPainter>
#include <QPalette>
#include <QPixmapCache>
#include <QSvgRenderer>

namespace ChargeDesk::Ui::Icons {

namespace {

// The grey the SVG files are drawn in; replaced by the palette's colour when painted.
constexpr char Ink[] = "#404448";

QColor inkFor(QIcon::Mode mode)
{
    const QPalette palette = QGuiApplication::palette();
    switch (mode) {
    case QIcon::Disabled: return palette.color(QPalette::Disabled, QPalette::WindowText);
    case QIcon::Selected: return palette.color(QPalette::Active, QPalette::HighlightedText);
    case QIcon::Normal:
    case QIcon::Active: break;
    }
    return palette.color(QPalette::Active, QPalette::WindowText);
}

// Renders the SVG at whatever size is asked for, in the colour the palette has at that time.
class TintedSvgEngine final : public QIconEngine
{
public:
    TintedSvgEngine(QString name, QByteArray svg)
        : m_name(std::move(name))
        , m_svg(std::move(svg))
    {}

    void paint(QPainter *painter, const QRect &rect, QIcon::Mode mode, QIcon::State) override
    {
        QSvgRenderer renderer(tinted(mode));
        const bool ownColours = !m_svg.contains(Ink);
        painter->save();
        if (mode == QIcon::Disabled && ownColours)
            painter->setOpacity(0.4); // a state dot cannot take the disabled text colour
        renderer.render(painter, QRectF(rect));
        painter->restore();
    }

    QPixmap pixmap(const QSize &size, QIcon::Mode mode, QIcon::State state) override
    {
        const QColor ink = inkFor(mode);
        const QString key = QStringLiteral("chargedesk-icon:%1:%2x%3:%4")
                                .arg(m_name)
                                .arg(size.width())
                                .arg(size.height())
                                .arg(ink.rgba(), 0, 16);
        QPixmap pixmap;
        if (QPixmapCache::find(key, &pixmap))
            return pixmap;
        pixmap = QPixmap(size);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        paint(&painter, QRect(QPoint(0, 0), size), mode, state);
        painter.end();
        QPixmapCache::insert(key, pixmap);
        return pixmap;
    }

    QSize actualSize(const QSize &size, QIcon::Mode, QIcon::State) override
    {
        return size; // scalable: any size is drawn sharp
    }

    QIconEngine *clone() const override { return new TintedSvgEngine(m_name, m_svg); }
    QString key() const override { return QStringLiteral("chargedesk-tinted-svg"); }
    QString iconName() override { return m_name; }
    bool isNull() override { return m_svg.isEmpty(); }

private:
    QByteArray tinted(QIcon::Mode mode) const
    {
        QByteArray svg = m_svg;
        return svg.replace(Ink, inkFor(mode).name(QColor::HexRgb).toLatin1());
    }

    QString m_name;
    QByteArray m_svg;
};

} // namespace

QIcon get(const QString &name)
{
    // Each SVG is read once; the icons share the engine's data and tint themselves when painted.
    static QHash<QString, QIcon> cache;
    if (const auto found = cache.constFind(name); found != cache.constEnd())
        return *found;
    QFile file(QStringLiteral(":/icons/%1.svg").arg(name));
    QIcon icon;
    if (file.open(QIODevice::ReadOnly))
        icon = QIcon(new TintedSvgEngine(name, file.readAll()));
    else
        qWarning("No icon named %s", qPrintable(name));
    cache.insert(name, icon);
    return icon;
}

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness() < palette.color(QPalette::WindowText).lightness();
}

QIcon dot(const QColor &colour)
{
    QPixmap pixmap(12, 12);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(colour.darker(130));
    painter.setBrush(colour);
    painter.drawEllipse(QRectF(1.5, 1.5, 9, 9));
    return QIcon(pixmap);
}

} // namespace ChargeDesk::Ui::Icons
