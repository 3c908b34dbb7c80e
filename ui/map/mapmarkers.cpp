#include "ui/map/mapmarkers.h"

#include "ui/map/mapview.h"

#include <QFontMetricsF>
#include <QHash>
#include <QPainter>
#include <QPainterPath>
#include <QRadialGradient>

#include <algorithm>
#include <cmath>

namespace ChargeDesk::Ui::MapMarkers {

namespace {

constexpr double HeadY = -22; // the centre of a pin's head, above its tip
const QColor Outline(255, 255, 255);
const QColor Neutral(0x4a, 0x55, 0x60);

// A round head on a point (stations).
QPainterPath roundPin()
{
    // The sides leave the head where they touch it: 60 degrees either side of straight down.
    QPainterPath path(QPointF(0, 0));
    path.lineTo(-9.53, -16.5);
    path.arcTo(QRectF(-11, HeadY - 11, 22, 22), 210, -240);
    path.closeSubpath();
    return path;
}

// A rounded square head on a point (areas).
QPainterPath squarePin()
{
    QPainterPath path(QPointF(0, 0));
    path.lineTo(-6, -11);
    path.arcTo(QRectF(-11, -21, 10, 10), 270, -90);
    path.lineTo(-11, -28);
    path.arcTo(QRectF(-11, -33, 10, 10), 180, -90);
    path.lineTo(6, -33);
    path.arcTo(QRectF(1, -33, 10, 10), 90, -90);
    path.lineTo(11, -16);
    path.arcTo(QRectF(1, -21, 10, 10), 0, -90);
    path.closeSubpath();
    return path;
}

// A diamond centred on the coordinate (assets: meters, batteries, buildings).
QPainterPath diamond()
{
    QPainterPath path;
    path.addPolygon(QPolygonF({{0, -12}, {12, 0}, {0, 12}, {-12, 0}, {0, -12}}));
    path.closeSubpath();
    return path;
}

QPainterPath glyph(const QString &kind)
{
    QPainterPath path;
    if (kind == QLatin1String("station")) { // a lightning bolt
        path.addPolygon(QPolygonF({{1.8, -7.5}, {-4.8, 1}, {-0.6, 1}, {-1.8, 7.5}, {4.8, -1}, {0.6, -1}, {1.8, -7.5}}));
        path.translate(0, HeadY);
    } else if (kind == QLatin1String("area")) { // a house: a site
        path.addPolygon(QPolygonF({{0, -6}, {6.5, 0}, {4, 0}, {4, 5.5}, {-4, 5.5}, {-4, 0}, {-6.5, 0}, {0, -6}}));
        path.translate(0, HeadY);
    } else {
        path.addEllipse(QPointF(0, 0), 3.5, 3.5);
    }
    return path;
}

QPainterPath body(const QString &kind)
{
    if (kind == QLatin1String("area"))
        return squarePin();
    if (kind == QLatin1String("station"))
        return roundPin();
    return diamond();
}

bool isPin(const QString &kind)
{
    return kind == QLatin1String("area") || kind == QLatin1String("station");
}

// A soft shadow: the shape a little lower, in a few widening strokes of faint black.
void paintShadow(QPainter &painter, const QPainterPath &shape, bool pin)
{
    painter.save();
    if (pin) { // where the pin stands on the map
        QRadialGradient ground(QPointF(0, 0), 8);
        ground.setColorAt(0, QColor(0, 0, 0, 70));
        ground.setColorAt(1, QColor(0, 0, 0, 0));
        painter.setPen(Qt::NoPen);
        painter.setBrush(ground);
        painter.save();
        painter.scale(1, 0.4);
        painter.drawEllipse(QPointF(0, 0), 8, 8);
        painter.restore();
    }
    painter.translate(0.5, 2);
    painter.setBrush(Qt::NoBrush);
    for (const double width : {6.0, 4.0, 2.0}) {
        painter.setPen(QPen(QColor(0, 0, 0, 14), width, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        painter.drawPath(shape);
    }
    painter.fillPath(shape, QColor(0, 0, 0, 40));
    painter.restore();
}

// The cluster whose seed lies within ClusterRadius of `absolute`, nearest first, looking only
// in the grid cells around `cell`; -1 when there is none.
int nearestSeed(const QHash<QPoint, QList<int>> &grid, const QList<QPointF> &seeds, QPoint cell, QPointF absolute)
{
    int joined = -1;
    double nearest = ClusterRadius;
    for (int dx = -1; dx <= 1; ++dx) {
        for (int dy = -1; dy <= 1; ++dy) {
            for (const int c : grid.value(cell + QPoint(dx, dy))) {
                const QPointF d = seeds.at(c) - absolute;
                const double distance = std::hypot(d.x(), d.y());
                if (distance <= nearest) {
                    nearest = distance;
                    joined = c;
                }
            }
        }
    }
    return joined;
}

} // namespace

QList<MarkerCluster> cluster(const QList<MapMarker> &markers, const MapView &view)
{
    const double worldPixels = view.worldPixels();
    const bool merge = view.zoom < NoClustersFromZoom;
    QList<MarkerCluster> clusters;
    QList<QPointF> seeds; // each cluster's first member, in absolute pixels
    QHash<QPoint, QList<int>> grid;
    for (int i = 0; i < markers.size(); ++i) {
        QPointF world = MapView::worldOf(markers.at(i).latitude, markers.at(i).longitude);
        world.rx() += std::round(view.centre.x() - world.x()); // the world copy nearest the centre
        const QPointF absolute = world * worldPixels;
        const QPoint cell(int(std::floor(absolute.x() / ClusterRadius)), int(std::floor(absolute.y() / ClusterRadius)));
        int joined = merge ? nearestSeed(grid, seeds, cell, absolute) : -1;
        if (joined < 0) {
            joined = int(clusters.size());
            clusters.append(MarkerCluster());
            seeds.append(absolute);
            grid[cell].append(joined);
        }
        clusters[joined].members.append(i);
        clusters[joined].tips.append(view.toScreen(world));
    }
    for (MarkerCluster &c : clusters) {
        QPointF sum;
        for (const QPointF &tip : std::as_const(c.tips))
            sum += tip;
        c.screen = sum / double(c.tips.size());
    }
    return clusters;
}

QList<std::pair<QColor, int>> clusterColours(const QList<MapMarker> &markers, const MarkerCluster &cluster)
{
    QList<std::pair<QColor, int>> counts;
    for (const int member : cluster.members) {
        const QColor colour = markers.at(member).colour.isValid() ? markers.at(member).colour : Neutral;
        const auto it =
            std::find_if(counts.begin(), counts.end(), [&colour](const auto &c) { return c.first == colour; });
        if (it == counts.end())
            counts.append({colour, 1});
        else
            ++it->second;
    }
    return counts;
}

void paintMarker(QPainter &painter, const QPointF &tip, const MapMarker &marker, bool selected)
{
    const QPainterPath shape = body(marker.kind);
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    painter.translate(tip);
    if (selected)
        painter.scale(1.25, 1.25);
    paintShadow(painter, shape, isPin(marker.kind));
    const QColor colour = marker.colour.isValid() ? marker.colour : Neutral;
    if (selected) { // a dark glow around the white outline, as if lifted off the map
        for (const double width : {9.0, 6.0}) {
            painter.setPen(QPen(QColor(0x1d, 0x27, 0x30, 70), width, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
            painter.drawPath(shape);
        }
    }
    painter.setPen(QPen(Outline, 2, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    painter.setBrush(colour);
    painter.drawPath(shape);
    painter.fillPath(glyph(marker.kind), Qt::white);
    painter.restore();
}

void paintLabel(QPainter &painter, const QPointF &tip, const MapMarker &marker)
{
    if (marker.label.isEmpty())
        return;
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    QFont font = painter.font();
    font.setPointSizeF(font.pointSizeF() * 0.92);
    painter.setFont(font);
    const QFontMetricsF metrics(font);
    const QString text = metrics.elidedText(marker.label, Qt::ElideRight, 220);
    const double centreY = tip.y() + (isPin(marker.kind) ? HeadY : 0);
    const QRectF box(tip.x() + 16, centreY - metrics.height() / 2 - 3, metrics.horizontalAdvance(text) + 12,
                     metrics.height() + 6);
    painter.setPen(QColor(0, 0, 0, 40));
    painter.setBrush(QColor(255, 255, 255, 235));
    painter.drawRoundedRect(box, box.height() / 2, box.height() / 2);
    painter.setPen(QColor(0x22, 0x28, 0x2e));
    painter.drawText(box, Qt::AlignCenter, text);
    painter.restore();
}

void paintArea(QPainter &painter, const QPointF &centre, double radius, const MapArea &area)
{
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    const QColor ink(0x1f, 0x4e, 0x79);
    painter.setPen(QPen(ink, 1.5, Qt::DashLine));
    painter.setBrush(QColor(ink.red(), ink.green(), ink.blue(), 28));
    painter.drawEllipse(centre, radius, radius);
    QFont font = painter.font();
    font.setBold(true);
    painter.setFont(font);
    const QFontMetricsF metrics(font);
    const QString text = metrics.elidedText(area.name, Qt::ElideRight, 240);
    const QRectF box(centre.x() - metrics.horizontalAdvance(text) / 2 - 4, centre.y() + radius + 3,
                     metrics.horizontalAdvance(text) + 8, metrics.height());
    // A light halo, so that the name reads on land, sea and tiles alike.
    QPainterPath path;
    path.addText(box.left() + 4, box.top() + metrics.ascent(), font, text);
    painter.setPen(QPen(QColor(255, 255, 255, 220), 3.5, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    painter.setBrush(Qt::NoBrush);
    painter.drawPath(path);
    painter.setPen(Qt::NoPen);
    painter.setBrush(ink);
    painter.drawPath(path);
    painter.restore();
}

void paintCluster(QPainter &painter, const QPointF &centre, int count, const QList<std::pair<QColor, int>> &colours)
{
    const double radius = 13 + std::min(9.0, 3 * std::log2(double(std::max(count, 1))));
    const QRectF ring(centre - QPointF(radius + 6, radius + 6), QSizeF(2 * radius + 12, 2 * radius + 12));
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(QColor(0, 0, 0, 40));
    painter.drawEllipse(ring.translated(0.5, 2));
    // The ring shows the members' colours in proportion: how many are fine, how many are not.
    int start = 90 * 16;
    int counted = 0;
    for (const auto &[colour, members] : colours) {
        counted += members;
        const int end = 90 * 16 - int(std::lround(360.0 * 16 * counted / count));
        painter.setBrush(colour);
        painter.drawPie(ring, start, end - start);
        start = end;
    }
    painter.setPen(QPen(Qt::white, 2));
    painter.setBrush(Neutral);
    painter.drawEllipse(centre, radius, radius);
    QFont font = painter.font();
    font.setBold(true);
    painter.setFont(font);
    painter.setPen(Qt::white);
    const QString text = count > 999 ? QStringLiteral("999+") : QString::number(count);
    painter.drawText(QRectF(centre - QPointF(radius, radius), QSizeF(2 * radius, 2 * radius)), Qt::AlignCenter, text);
    painter.restore();
}

QRectF markerHitRect(const QPointF &tip, const QString &kind)
{
    if (isPin(kind))
        return {tip.x() - 12, tip.y() - 34, 24, 36};
    return {tip.x() - 13, tip.y() - 13, 26, 26};
}

QRectF clusterHitRect(const QPointF &centre, int count)
{
    const double radius = 19 + std::min(9.0, 3 * std::log2(double(std::max(count, 1))));
    return {centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius};
}

} // namespace ChargeDesk::Ui::MapMarkers
