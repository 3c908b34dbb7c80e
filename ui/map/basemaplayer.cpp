#include "ui/map/basemaplayer.h"

#include "ui/map/mapview.h"
#include "ui/map/offlinebasemap.h"

#include <QPainter>
#include <QPainterPath>
#include <QThreadPool>

#include <cmath>
#include <mutex>

namespace ChargeDesk::Ui::BaseMapLayer {

namespace {

// A country's rings in world units, projected once so that painting only scales them.
struct ProjectedCountry
{
    QList<QPolygonF> rings;
    QList<QRectF> ringBounds;
    QRectF bounds;
};

const QList<ProjectedCountry> &projectedWorld()
{
    static const QList<ProjectedCountry> world = [] {
        QList<ProjectedCountry> result;
        for (const BaseMapCountry &country : OfflineBaseMap::world().countries()) {
            ProjectedCountry projected;
            for (const QPolygonF &ring : country.rings) {
                QPolygonF worldRing;
                worldRing.reserve(ring.size());
                for (const QPointF &lonLat : ring)
                    worldRing.append(MapView::worldOf(lonLat.y(), lonLat.x()));
                projected.ringBounds.append(worldRing.boundingRect());
                projected.bounds |= projected.ringBounds.constLast();
                projected.rings.append(std::move(worldRing));
            }
            result.append(std::move(projected));
        }
        return result;
    }();
    return world;
}

// Keeps the painter's numbers small at high zoom: a ring far larger than the screen is cut
// to a rectangle a little outside it (Sutherland-Hodgman, one edge at a time). The cut edges
// lie off screen, so their border stroke is never seen.
QPolygonF clipToRect(const QPolygonF &polygon, const QRectF &rect)
{
    QPolygonF result = polygon;
    const auto clipEdge = [&result](auto inside, auto intersect) {
        if (result.isEmpty())
            return;
        QPolygonF input;
        input.swap(result);
        QPointF previous = input.constLast();
        for (const QPointF &current : std::as_const(input)) {
            if (inside(current)) {
                if (!inside(previous))
                    result.append(intersect(previous, current));
                result.append(current);
            } else if (inside(previous)) {
                result.append(intersect(previous, current));
            }
            previous = current;
        }
    };
    const auto atX = [](double x) {
        return [x](QPointF a, QPointF b) {
            return QPointF(x, a.y() + (b.y() - a.y()) * (x - a.x()) / (b.x() - a.x()));
        };
    };
    const auto atY = [](double y) {
        return [y](QPointF a, QPointF b) {
            return QPointF(a.x() + (b.x() - a.x()) * (y - a.y()) / (b.y() - a.y()), y);
        };
    };
    clipEdge([&](QPointF p) { return p.x() >= rect.left(); }, atX(rect.left()));
    clipEdge([&](QPointF p) { return p.x() <= rect.right(); }, atX(rect.right()));
    clipEdge([&](QPointF p) { return p.y() >= rect.top(); }, atY(rect.top()));
    clipEdge([&](QPointF p) { return p.y() <= rect.bottom(); }, atY(rect.bottom()));
    return result;
}

// The ring on screen, dropping points less than a pixel from the last one kept.
QPolygonF toScreen(const QPolygonF &ring, const MapView &view, double offsetX)
{
    const double scale = view.worldPixels();
    const QPointF origin = view.screenCentre() - (view.centre - QPointF(offsetX, 0)) * scale;
    QPolygonF screen;
    screen.reserve(ring.size());
    for (const QPointF &point : ring) {
        const QPointF p = origin + point * scale;
        if (!screen.isEmpty() && std::abs(p.x() - screen.constLast().x()) < 1.0 &&
            std::abs(p.y() - screen.constLast().y()) < 1.0)
            continue;
        screen.append(p);
    }
    return screen;
}

} // namespace

QColor seaColour()
{
    return QColor(0xb9, 0xd3, 0xe2);
}

QColor landColour()
{
    return QColor(0xf3, 0xf0, 0xe8);
}

void paint(QPainter &painter, const MapView &view)
{
    const QRectF screenRect(QPointF(0, 0), view.size);
    painter.fillRect(screenRect, seaColour());
    const QRectF visible = view.visibleWorld();
    const QRectF clipRect = screenRect.adjusted(-8, -8, 8, 8);
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setBrush(landColour());
    QPen border(QColor(0xb5, 0xa8, 0x9a), 0.8);
    border.setCosmetic(true);
    painter.setPen(border);
    // The world repeats east and west; draw each copy that shows.
    for (double copy = std::floor(visible.left()); copy < visible.right(); copy += 1) {
        const QRectF copyVisible = visible.translated(-copy, 0);
        for (const ProjectedCountry &country : projectedWorld()) {
            if (!country.bounds.intersects(copyVisible))
                continue;
            QPainterPath path;
            path.setFillRule(Qt::OddEvenFill);
            for (qsizetype i = 0; i < country.rings.size(); ++i) {
                if (!country.ringBounds.at(i).intersects(copyVisible))
                    continue;
                QPolygonF ring = toScreen(country.rings.at(i), view, copy);
                if (!clipRect.contains(ring.boundingRect()))
                    ring = clipToRect(ring, clipRect);
                if (ring.size() < 3)
                    continue;
                path.addPolygon(ring);
                path.closeSubpath(); // dropping near points may have dropped the closing one
            }
            painter.drawPath(path);
        }
    }
    painter.restore();
}

void prepareInBackground()
{
    static std::once_flag started;
    std::call_once(started, [] { QThreadPool::globalInstance()->start([] { projectedWorld(); }); });
}

} // namespace ChargeDesk::Ui::BaseMapLayer
