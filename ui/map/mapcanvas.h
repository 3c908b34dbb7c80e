#pragma once

#include "ui/map/mapmarkers.h"
#include "ui/map/mapview.h"

#include <QPointF>
#include <QWidget>

#include <optional>

class QNetworkAccessManager;

namespace ChargeDesk::Ui {

class MapTileLoader;

// A slippy map drawn with QPainter (Qt 6.4 has no Qt Location): the bundled offline base map,
// tiles from a tile server on top when one is configured, and markers that merge into counted
// groups when zoomed out. Drag to pan, wheel or double-click to zoom, +/-, arrows and Home.
// Knows nothing of the repository: the caller gives it markers and listens to its signals.
class MapCanvas final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MapCanvas)

public:
    explicit MapCanvas(QWidget *parent = nullptr);

    static constexpr double MinZoom = 1;
    static constexpr double MaxZoom = TileMath::MaxZoom;
    static QString defaultTileUrlTemplate(); // OpenStreetMap's standard tiles, over HTTPS

    // "{z}/{x}/{y}" with an optional {s}; empty: the offline base map only.
    void setTileUrlTemplate(const QString &urlTemplate);
    // What the tiles' licence asks to show; "© OpenStreetMap contributors" unless set.
    void setTileAttribution(const QString &attribution);
    void setCacheDirectory(const QString &directory); // the tiles' QNetworkDiskCache folder
    void setUserAgent(const QByteArray &userAgent);   // empty: "ChargeDesk/<version> (...)"
    void setMarkers(const QList<MapMarker> &markers);
    // Areas drawn as named circles from regional zoom (AreasFromZoom) on: at first sight the
    // groups of markers say which site they are.
    void setAreas(const QList<MapArea> &areas);
    const QList<MapArea> &areas() const { return m_areas; }
    static constexpr double AreasFromZoom = 8;
    const QList<MapMarker> &markers() const { return m_markers; }
    void setSelectedKey(const QString &key);
    QString selectedKey() const { return m_selectedKey; }
    // The operator's position, drawn as a dot (x: latitude, y: longitude).
    void setOwnPosition(std::optional<QPointF> latLon);
    void centreOn(double latitude, double longitude, std::optional<double> zoom = std::nullopt);
    void fitMarkers(); // centre and zoom so that every marker shows
    // A crosshair; the next click emits locationPicked (and ends picking) instead of selecting.
    void setPickingLocation(bool picking);
    bool isPickingLocation() const { return m_picking; }

    double zoom() const { return m_view.zoom; }
    QPointF centre() const; // (latitude, longitude)
    // Where a coordinate is on the widget, and back: (latitude, longitude).
    QPointF screenPoint(double latitude, double longitude) const;
    QPointF coordinateAt(const QPointF &screenPoint) const;
    QNetworkAccessManager *network() const;

    QSize sizeHint() const override { return {720, 480}; }
    QSize minimumSizeHint() const override { return {200, 150}; }

signals:
    void markerActivated(const QString &key);
    void locationPicked(double latitude, double longitude);
    void viewChanged();
    // Tiles stopped coming (with why), or came again.
    void tilesFailing(const QString &why);
    void tilesWorking();

protected:
    bool event(QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void leaveEvent(QEvent *event) override;

private:
    // What is under a point of the widget: a marker's index, or a group's.
    struct Hit
    {
        int marker = -1;
        std::optional<MarkerCluster> cluster;
    };

    void setView(QPointF centre, double zoom);
    void zoomAround(const QPointF &screenPoint, double steps);
    void zoomIntoCluster(const MarkerCluster &cluster);
    double zoomToFit(const QRectF &world) const;
    void click(const QPointF &point);
    Hit hitAt(const QPointF &point) const;
    void scheduleTiles();
    void requestTiles();
    void paintTiles(QPainter &painter) const;
    void paintAreas(QPainter &painter) const;
    void paintMarkers(QPainter &painter) const;
    void paintOwnPosition(QPainter &painter) const;
    void paintScaleBar(QPainter &painter) const;
    void paintAttribution(QPainter &painter) const;
    void paintPickingHint(QPainter &painter) const;
    bool tilesOn() const;

    MapTileLoader *m_tiles;
    MapView m_view;
    QString m_attribution;
    QList<MapMarker> m_markers;
    QList<MapArea> m_areas;
    QString m_selectedKey;
    QString m_hoveredKey;
    bool m_fitPending = false; // fitMarkers() before the widget had a size
    bool m_fitted = false;     // the view is what fitMarkers() chose
    std::optional<QPointF> m_ownPosition;
    bool m_picking = false;
    bool m_tilesScheduled = false;
    bool m_tilesFailing = false; // the last tile failed: only the base map shows
    // A press becomes a drag once it moves further than the platform's drag distance.
    std::optional<QPointF> m_pressPoint;
    QPointF m_pressCentre;
    bool m_dragging = false;
};

} // namespace ChargeDesk::Ui
