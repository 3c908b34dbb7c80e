#pragma once

#include <QCoreApplication>
#include <QList>
#include <QPolygonF>
#include <QRectF>
#include <QString>

// The map's own base map, bundled with the program so that it shows land and borders with no
// internet: Natural Earth's country outlines (1:50m) in world-atlas's TopoJSON packaging.
namespace ChargeDesk::Ui {

// One country: its rings in degrees (x: longitude, y: latitude). Outer rings and holes are
// not told apart; the even-odd rule does that, for drawing and for contains() alike.
struct BaseMapCountry
{
    QString name;
    QList<QPolygonF> rings;
    QList<QRectF> ringBounds; // one per ring, so that contains() skips most rings cheaply
    QRectF bounds;            // of all rings, for culling

    bool contains(double latitude, double longitude) const;
};

class OfflineBaseMap final
{

public:
    // Decodes TopoJSON (the "countries" object: quantized, delta-encoded arcs; Polygon and
    // MultiPolygon geometries; names from properties.name). Bad input gives an invalid map
    // with an errorString(), never a partial one.
    static OfflineBaseMap fromTopoJson(const QByteArray &json);
    // The bundled world, decoded on first use (from any thread) and shared afterwards.
    static const OfflineBaseMap &world();

    bool isValid() const { return m_error.isEmpty(); }
    const QString &errorString() const { return m_error; }
    const QList<BaseMapCountry> &countries() const { return m_countries; }
    // The country a coordinate lies in; nullptr at sea (or with an invalid map).
    const BaseMapCountry *countryAt(double latitude, double longitude) const;

private:
    QList<BaseMapCountry> m_countries;
    QString m_error;
};

} // namespace ChargeDesk::Ui
