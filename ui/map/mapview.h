#pragma once

#include "ui/map/tilemath.h"

#include <QPointF>
#include <QRectF>
#include <QSizeF>

#include <cmath>
#include <utility>

namespace ChargeDesk::Ui {

// What the map shows: a centre in world units (Web Mercator scaled to 0..1, x eastwards from
// the antimeridian, y southwards from the top), a fractional zoom and the widget's size. The
// layers of the map (base map, tiles, markers) all place things through it.
struct MapView
{
    QPointF centre{0.5, 0.5};
    double zoom = 1;
    QSizeF size;

    double worldPixels() const { return TileMath::TileSize * std::exp2(zoom); }
    QPointF screenCentre() const { return {size.width() / 2, size.height() / 2}; }
    QPointF toScreen(const QPointF &world) const { return (world - centre) * worldPixels() + screenCentre(); }
    QPointF toWorld(const QPointF &screen) const { return centre + (screen - screenCentre()) / worldPixels(); }
    // The world rectangle on screen; its x may run past 0 or 1 where the world repeats.
    QRectF visibleWorld() const { return {toWorld({0, 0}), toWorld({size.width(), size.height()})}; }

    static QPointF worldOf(double latitude, double longitude) { return TileMath::toTile(longitude, latitude, 0); }
    // (latitude, longitude) of a world position, x wrapped into -180..180.
    static std::pair<double, double> coordinateOf(const QPointF &world)
    {
        const QPointF lonLat = TileMath::toCoordinate({world.x() - std::floor(world.x()), world.y()}, 0);
        return {lonLat.y(), lonLat.x()};
    }
};

} // namespace ChargeDesk::Ui
