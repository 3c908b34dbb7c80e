#include "ui/map/tilemath.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace ChargeDesk::Ui::TileMath {

namespace {

constexpr double EquatorMetres = 40075016.686; // the WGS 84 equator's length

} // namespace

int tilesPerSide(int zoom)
{
    return 1 << std::clamp(zoom, 0, MaxZoom);
}

QPointF toTile(double longitude, double latitude, int zoom)
{
    const double n = tilesPerSide(zoom);
    const double lat = std::clamp(latitude, -MaxLatitude, MaxLatitude) * std::numbers::pi / 180.0;
    const double x = (longitude + 180.0) / 360.0 * n;
    const double y = (1.0 - std::asinh(std::tan(lat)) / std::numbers::pi) / 2.0 * n;
    return {x, y};
}

QPointF toCoordinate(const QPointF &tile, int zoom)
{
    const double n = tilesPerSide(zoom);
    const double longitude = tile.x() / n * 360.0 - 180.0;
    const double latitude =
        std::atan(std::sinh(std::numbers::pi * (1.0 - 2.0 * tile.y() / n))) * 180.0 / std::numbers::pi;
    return {longitude, latitude};
}

double metresPerPixel(double latitude, int zoom)
{
    const double lat = std::clamp(latitude, -MaxLatitude, MaxLatitude) * std::numbers::pi / 180.0;
    return EquatorMetres * std::cos(lat) / (double(tilesPerSide(zoom)) * TileSize);
}

QString tileUrl(const QString &urlTemplate, int zoom, int x, int y)
{
    if (zoom < 0 || zoom > MaxZoom)
        return {};
    const int n = tilesPerSide(zoom);
    x = ((x % n) + n) % n; // the world repeats east and west
    if (y < 0 || y >= n)
        return {};
    QString url = urlTemplate;
    url.replace(QLatin1String("{z}"), QString::number(zoom))
        .replace(QLatin1String("{x}"), QString::number(x))
        .replace(QLatin1String("{y}"), QString::number(y))
        .replace(QLatin1String("{s}"), QString(QLatin1Char(char('a' + (x + y) % 3))));
    return url;
}

} // namespace ChargeDesk::Ui::TileMath
