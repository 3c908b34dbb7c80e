#pragma once

#include <QPointF>
#include <QString>

// The arithmetic of slippy-map tiles (Web Mercator, 256-pixel tiles, as OpenStreetMap and
// most tile servers serve them): where a coordinate falls in the tile grid of a zoom level,
// back again, and the URL of one tile.
namespace ChargeDesk::Ui::TileMath {

constexpr int TileSize = 256;
constexpr int MaxZoom = 19;
// Web Mercator cannot show the poles; latitudes are clamped to the square world it draws.
constexpr double MaxLatitude = 85.0511287798066;

// The fractional tile position (x to the east, y to the south) of a coordinate at `zoom`:
// the integer parts name the tile, the fractions the place inside it.
QPointF toTile(double longitude, double latitude, int zoom);
// The coordinate (x: longitude, y: latitude) of a fractional tile position at `zoom`.
QPointF toCoordinate(const QPointF &tile, int zoom);
// How many tiles a zoom level has along each side (2^zoom).
int tilesPerSide(int zoom);
// Ground metres one pixel covers at `latitude` and `zoom`, for the map's scale bar.
double metresPerPixel(double latitude, int zoom);
// A tile's URL from a template with {z}, {x} and {y} (and optionally {s}, a server letter
// chosen from the tile so that neighbouring tiles spread over a, b and c). x wraps around
// the antimeridian; an x or y outside the grid after that gives an empty string.
QString tileUrl(const QString &urlTemplate, int zoom, int x, int y);

} // namespace ChargeDesk::Ui::TileMath
