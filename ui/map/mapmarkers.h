#pragma once

#include <QColor>
#include <QList>
#include <QPointF>
#include <QRectF>
#include <QString>

#include <utility>

class QPainter;

namespace ChargeDesk::Ui {

struct MapView;

// One thing on the map. The caller chooses the colour (a status colour, usually).
struct MapMarker
{
    QString key;   // "area/3", "station/7", "asset/2": what MapCanvas::markerActivated reports
    QString kind;  // "area", "station", "asset": the marker's shape
    QString label; // shown in the tooltip, and beside the marker when zoomed in
    double latitude = 0;
    double longitude = 0;
    QColor colour;
};

// An area's extent: a circle around its place that holds its sub-areas, with its name. At
// city zoom it tells the areas apart where the offline base map shows only land.
struct MapArea
{
    QString key; // "area/3"
    QString name;
    double latitude = 0;
    double longitude = 0;
    double radiusMetres = 0;
};

// Markers that are close together on screen, shown as one circle with their count.
struct MarkerCluster
{
    QPointF screen;      // where it is drawn: the members' average
    QList<int> members;  // indices into the marker list
    QList<QPointF> tips; // each member's own screen position, for markers shown alone
};

namespace MapMarkers {

constexpr double ClusterRadius = 40;      // pixels: closer markers merge
constexpr double NoClustersFromZoom = 17; // a site's chargers stand a few metres apart

// Groups the markers for `view`; a group of one is a marker shown on its own. Markers are
// placed on the world copy nearest the centre. Grouping uses absolute pixel positions, so
// panning does not reshuffle the groups.
QList<MarkerCluster> cluster(const QList<MapMarker> &markers, const MapView &view);
// The members' colours with how many members have each, in the order they first appear.
QList<std::pair<QColor, int>> clusterColours(const QList<MapMarker> &markers, const MarkerCluster &cluster);

// A marker whose coordinate is at `tip` (the pin's point, the diamond's centre).
void paintMarker(QPainter &painter, const QPointF &tip, const MapMarker &marker, bool selected);
void paintLabel(QPainter &painter, const QPointF &tip, const MapMarker &marker);
// The area's circle of `radius` pixels around `centre`, its name below it (above is where the
// area's pin and its sub-areas' circles, drawn at the rim, would cover it).
void paintArea(QPainter &painter, const QPointF &centre, double radius, const MapArea &area);
void paintCluster(QPainter &painter, const QPointF &centre, int count, const QList<std::pair<QColor, int>> &colours);
// Where a click hits the marker or the group.
QRectF markerHitRect(const QPointF &tip, const QString &kind);
QRectF clusterHitRect(const QPointF &centre, int count);

} // namespace MapMarkers

} // namespace ChargeDesk::Ui
