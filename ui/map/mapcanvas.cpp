#include "ui/map/mapcanvas.h"

#include "ui/map/basemaplayer.h"
#include "ui/map/maptileloader.h"
#include "ui/widgets/tr.h"

#include <QApplication>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QTimer>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace ChargeDesk::Ui {

namespace {

constexpr double LabelsFromZoom = 15;
constexpr double FitPadding = 64; // pixels kept free around fitted markers (pins stand above their point)
constexpr double FitMaxZoom = 17;

QPointF wrapped(QPointF world)
{
    world.rx() -= std::floor(world.x());
    return world;
}

} // namespace

MapCanvas::MapCanvas(QWidget *parent)
    : QWidget(parent)
    , m_tiles(new MapTileLoader(this))
    , m_attribution(Tr::tr("© OpenStreetMap contributors"))
{
    BaseMapLayer::prepareInBackground();
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setCursor(Qt::OpenHandCursor);
    setAttribute(Qt::WA_OpaquePaintEvent);
    m_view.centre = MapView::worldOf(48, 10); // central Europe until the caller says otherwise
    m_view.zoom = 4;
    connect(m_tiles, &MapTileLoader::tileLoaded, this, qOverload<>(&QWidget::update));
    connect(m_tiles, &MapTileLoader::tileLoaded, this, &MapCanvas::tilesWorking);
    connect(m_tiles, &MapTileLoader::tileFailed, this, &MapCanvas::tilesFailing);
    // The credit goes to what is drawn: the tile server's while its tiles come.
    connect(this, &MapCanvas::tilesWorking, this, [this] { m_tilesFailing = false; });
    connect(this, &MapCanvas::tilesFailing, this, [this] {
        m_tilesFailing = true;
        update();
    });
}

QString MapCanvas::defaultTileUrlTemplate()
{
    return QStringLiteral("https://tile.openstreetmap.org/{z}/{x}/{y}.png");
}

void MapCanvas::setTileUrlTemplate(const QString &urlTemplate)
{
    m_tiles->setUrlTemplate(urlTemplate);
    scheduleTiles();
    update();
}

void MapCanvas::setTileAttribution(const QString &attribution)
{
    m_attribution = attribution;
    update();
}

void MapCanvas::setCacheDirectory(const QString &directory)
{
    m_tiles->setCacheDirectory(directory);
}

void MapCanvas::setUserAgent(const QByteArray &userAgent)
{
    m_tiles->setUserAgent(userAgent);
}

void MapCanvas::setAreas(const QList<MapArea> &areas)
{
    m_areas = areas;
    update();
}

void MapCanvas::setMarkers(const QList<MapMarker> &markers)
{
    m_markers = markers;
    update();
}

void MapCanvas::setSelectedKey(const QString &key)
{
    m_selectedKey = key;
    update();
}

void MapCanvas::setOwnPosition(std::optional<QPointF> latLon)
{
    m_ownPosition = latLon;
    update();
}

void MapCanvas::centreOn(double latitude, double longitude, std::optional<double> zoom)
{
    setView(MapView::worldOf(latitude, longitude), zoom.value_or(m_view.zoom));
}

void MapCanvas::fitMarkers()
{
    if (m_markers.isEmpty())
        return;
    // Fitting needs the widget's size: before its first layout, fit once it has one.
    m_fitPending = !isVisible() || width() < 50 || height() < 50;
    if (m_fitPending)
        return;
    // Corners by hand: QRectF::united() ignores empty rectangles, which points are.
    QPointF low = MapView::worldOf(m_markers.constFirst().latitude, m_markers.constFirst().longitude);
    QPointF high = low;
    for (const MapMarker &marker : std::as_const(m_markers)) {
        const QPointF world = MapView::worldOf(marker.latitude, marker.longitude);
        low = QPointF(std::min(low.x(), world.x()), std::min(low.y(), world.y()));
        high = QPointF(std::max(high.x(), world.x()), std::max(high.y(), world.y()));
    }
    const QRectF bounds(low, high);
    // One marker (or several in one spot) would zoom in to the last level; a street view is enough.
    setView(bounds.center(), std::min(zoomToFit(bounds), FitMaxZoom));
    m_fitted = true;
}

void MapCanvas::setPickingLocation(bool picking)
{
    m_picking = picking;
    setCursor(picking ? Qt::CrossCursor : Qt::OpenHandCursor);
    update();
}

QPointF MapCanvas::centre() const
{
    const auto [latitude, longitude] = MapView::coordinateOf(m_view.centre);
    return {latitude, longitude};
}

QPointF MapCanvas::screenPoint(double latitude, double longitude) const
{
    QPointF world = MapView::worldOf(latitude, longitude);
    world.rx() += std::round(m_view.centre.x() - world.x());
    return m_view.toScreen(world);
}

QPointF MapCanvas::coordinateAt(const QPointF &point) const
{
    const auto [latitude, longitude] = MapView::coordinateOf(m_view.toWorld(point));
    return {latitude, longitude};
}

QNetworkAccessManager *MapCanvas::network() const
{
    return m_tiles->network();
}

void MapCanvas::setView(QPointF centre, double zoom)
{
    m_fitted = false; // until fitMarkers() says otherwise
    zoom = std::clamp(zoom, MinZoom, MaxZoom);
    centre = wrapped(centre);
    // Keep the world's top and bottom edges out of view where the world is taller than the widget.
    const double halfHeight = m_view.size.height() / 2 / (TileMath::TileSize * std::exp2(zoom));
    centre.setY(halfHeight >= 0.5 ? 0.5 : std::clamp(centre.y(), halfHeight, 1 - halfHeight));
    if (centre == m_view.centre && zoom == m_view.zoom)
        return;
    m_view.centre = centre;
    m_view.zoom = zoom;
    scheduleTiles();
    update();
    emit viewChanged();
}

void MapCanvas::zoomAround(const QPointF &point, double steps)
{
    const QPointF under = m_view.toWorld(point); // stays under the cursor
    const double zoom = std::clamp(m_view.zoom + steps, MinZoom, MaxZoom);
    setView(under - (point - m_view.screenCentre()) / (TileMath::TileSize * std::exp2(zoom)), zoom);
}

double MapCanvas::zoomToFit(const QRectF &world) const
{
    const double width = std::max(1.0, m_view.size.width() - 2 * FitPadding);
    const double height = std::max(1.0, m_view.size.height() - 2 * FitPadding);
    const double scale = std::min(width / std::max(world.width(), 1e-12), height / std::max(world.height(), 1e-12));
    return std::clamp(std::log2(scale / TileMath::TileSize), MinZoom, MaxZoom);
}

void MapCanvas::zoomIntoCluster(const MarkerCluster &cluster)
{
    QRectF bounds;
    for (const QPointF &tip : cluster.tips) {
        const QRectF at(m_view.toWorld(tip), QSizeF(0, 0));
        bounds = bounds.isNull() ? at : bounds.united(at);
    }
    setView(bounds.center(), std::max(zoomToFit(bounds), m_view.zoom + 1));
}

void MapCanvas::click(const QPointF &point)
{
    if (m_picking) {
        const QPointF coordinate = coordinateAt(point);
        setPickingLocation(false);
        emit locationPicked(coordinate.x(), coordinate.y());
        return;
    }
    const Hit hit = hitAt(point);
    if (hit.cluster) {
        zoomIntoCluster(*hit.cluster);
    } else if (hit.marker >= 0) {
        const QString key = m_markers.at(hit.marker).key;
        setSelectedKey(key);
        emit markerActivated(key);
    }
}

MapCanvas::Hit MapCanvas::hitAt(const QPointF &point) const
{
    // Groups are drawn last and on top, markers from north to south; look in the opposite order.
    Hit hit;
    double nearest = std::numeric_limits<double>::max();
    for (const MarkerCluster &cluster : MapMarkers::cluster(m_markers, m_view)) {
        if (cluster.members.size() > 1) {
            if (MapMarkers::clusterHitRect(cluster.screen, int(cluster.members.size())).contains(point)) {
                hit.cluster = cluster;
                return hit;
            }
            continue;
        }
        const MapMarker &marker = m_markers.at(cluster.members.first());
        const QPointF tip = cluster.tips.first();
        if (!MapMarkers::markerHitRect(tip, marker.kind).contains(point))
            continue;
        // Overlapping pins: the one whose point is nearest the click, so each can be clicked.
        const double distance = std::abs(tip.x() - point.x()) + 0.25 * std::abs(tip.y() - point.y());
        if (distance < nearest) {
            nearest = distance;
            hit.marker = cluster.members.first();
        }
    }
    return hit;
}

void MapCanvas::scheduleTiles()
{
    if (m_tilesScheduled || !tilesOn())
        return;
    m_tilesScheduled = true; // one request per burst of view changes (a drag moves many times)
    QTimer::singleShot(0, this, [this] {
        m_tilesScheduled = false;
        requestTiles();
    });
}

bool MapCanvas::tilesOn() const
{
    return !m_tiles->urlTemplate().isEmpty();
}

// The tiles of the integer zoom nearest the view's that cover the widget, nearest the centre first.
void MapCanvas::requestTiles()
{
    if (!isVisible() || !tilesOn() || m_view.size.isEmpty())
        return;
    const int zoom = int(std::round(m_view.zoom));
    const int n = TileMath::tilesPerSide(zoom);
    const QRectF visible = m_view.visibleWorld();
    QList<std::pair<double, TileKey>> tiles;
    for (int y = std::max(0, int(std::floor(visible.top() * n))); y < std::min(n, int(std::ceil(visible.bottom() * n)));
         ++y) {
        for (int x = int(std::floor(visible.left() * n)); x < int(std::ceil(visible.right() * n)); ++x) {
            const QPointF d = QPointF(x + 0.5, y + 0.5) / n - m_view.centre;
            const TileKey key{zoom, ((x % n) + n) % n, y};
            if (std::none_of(tiles.cbegin(), tiles.cend(), [&key](const auto &t) { return t.second == key; }))
                tiles.append({d.x() * d.x() + d.y() * d.y(), key});
        }
    }
    std::sort(tiles.begin(), tiles.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    QList<TileKey> wanted;
    for (const auto &tile : std::as_const(tiles))
        wanted.append(tile.second);
    m_tiles->request(wanted);
}

bool MapCanvas::event(QEvent *event)
{
    if (event->type() != QEvent::ToolTip)
        return QWidget::event(event);
    auto *help = static_cast<QHelpEvent *>(event);
    const Hit hit = hitAt(help->pos());
    QString text;
    if (hit.cluster) {
        constexpr int Listed = 6;
        QStringList lines{Tr::tr("%n place(s); click to zoom in", "", int(hit.cluster->members.size()))};
        for (const int member : hit.cluster->members.mid(0, Listed))
            lines.append(m_markers.at(member).label);
        if (hit.cluster->members.size() > Listed)
            lines.append(Tr::tr("…"));
        text = lines.join(QLatin1Char('\n'));
    } else if (hit.marker >= 0) {
        text = m_markers.at(hit.marker).label;
    }
    if (text.isEmpty())
        QToolTip::hideText();
    else
        QToolTip::showText(help->globalPos(), text, this);
    return true;
}

void MapCanvas::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    BaseMapLayer::paint(painter, m_view);
    if (tilesOn())
        paintTiles(painter);
    paintAreas(painter);
    paintOwnPosition(painter);
    paintMarkers(painter);
    paintScaleBar(painter);
    paintAttribution(painter);
    if (m_picking)
        paintPickingHint(painter);
}

void MapCanvas::paintAreas(QPainter &painter) const
{
    if (m_view.zoom < AreasFromZoom)
        return;
    constexpr double MinRadiusPx = 26; // still a circle to see round a group of markers
    // Widest first, so that a site's circle lies on top of its city's.
    QList<const MapArea *> order;
    for (const MapArea &a : m_areas)
        order << &a;
    std::sort(order.begin(), order.end(),
              [](const MapArea *x, const MapArea *y) { return x->radiusMetres > y->radiusMetres; });
    for (const MapArea *a : std::as_const(order)) {
        const QPointF centre = m_view.toScreen(MapView::worldOf(a->latitude, a->longitude));
        const double radius = std::max(
            MinRadiusPx, a->radiusMetres / TileMath::metresPerPixel(a->latitude, int(std::round(m_view.zoom))) *
                             std::exp2(m_view.zoom - std::round(m_view.zoom)));
        if (!rect().adjusted(-radius, -radius, radius, radius).contains(centre.toPoint()))
            continue;
        MapMarkers::paintArea(painter, centre, radius, *a);
    }
}

// Each tile of the nearest integer zoom, scaled to the fractional zoom. A tile still loading
// shows the part of a coarser tile that is in memory, else the base map stays visible.
void MapCanvas::paintTiles(QPainter &painter) const
{
    constexpr int CoarserLevels = 4;
    const int zoom = int(std::round(m_view.zoom));
    const int n = TileMath::tilesPerSide(zoom);
    const QRectF visible = m_view.visibleWorld();
    painter.save();
    painter.setRenderHint(QPainter::SmoothPixmapTransform, std::abs(m_view.zoom - zoom) > 1e-9);
    for (int y = std::max(0, int(std::floor(visible.top() * n))); y < std::min(n, int(std::ceil(visible.bottom() * n)));
         ++y) {
        for (int x = int(std::floor(visible.left() * n)); x < int(std::ceil(visible.right() * n)); ++x) {
            // Whole pixels on both edges, so that neighbouring tiles meet without a seam.
            const QPointF topLeft = m_view.toScreen(QPointF(x, y) / n);
            const QPointF bottomRight = m_view.toScreen(QPointF(x + 1, y + 1) / n);
            const QRect target(QPoint(int(std::round(topLeft.x())), int(std::round(topLeft.y()))),
                               QPoint(int(std::round(bottomRight.x())) - 1, int(std::round(bottomRight.y())) - 1));
            const int wrappedX = ((x % n) + n) % n;
            for (int up = 0; up <= CoarserLevels && zoom - up >= 0; ++up) {
                const QPixmap *tile = m_tiles->tile({zoom - up, wrappedX >> up, y >> up});
                if (!tile)
                    continue;
                const int part = (1 << up) - 1;
                const double side = double(tile->width()) / (1 << up);
                painter.drawPixmap(
                    QRectF(target), *tile,
                    QRectF((wrappedX & part) * side, (y & part) * side, side, side * tile->height() / tile->width()));
                break;
            }
        }
    }
    painter.restore();
}

void MapCanvas::paintMarkers(QPainter &painter) const
{
    const QRectF area = QRectF(rect()).adjusted(-40, -10, 40, 50); // a pin stands above its point
    const QList<MarkerCluster> clusters = MapMarkers::cluster(m_markers, m_view);
    QList<std::pair<int, QPointF>> singles;
    for (const MarkerCluster &cluster : clusters) {
        if (cluster.members.size() == 1 && area.contains(cluster.tips.first()))
            singles.append({cluster.members.first(), cluster.tips.first()});
    }
    // Southern pins in front of northern ones; the selected one in front of all.
    std::sort(singles.begin(), singles.end(), [this](const auto &a, const auto &b) {
        const bool aSelected = m_markers.at(a.first).key == m_selectedKey;
        const bool bSelected = m_markers.at(b.first).key == m_selectedKey;
        return aSelected != bSelected ? bSelected : a.second.y() < b.second.y();
    });
    for (const auto &[index, tip] : std::as_const(singles))
        MapMarkers::paintMarker(painter, tip, m_markers.at(index), m_markers.at(index).key == m_selectedKey);
    for (const auto &[index, tip] : std::as_const(singles)) {
        const MapMarker &marker = m_markers.at(index);
        if (m_view.zoom >= LabelsFromZoom - 1e-9 || marker.key == m_hoveredKey || marker.key == m_selectedKey)
            MapMarkers::paintLabel(painter, tip, marker);
    }
    for (const MarkerCluster &cluster : clusters) {
        if (cluster.members.size() > 1 && area.contains(cluster.screen))
            MapMarkers::paintCluster(painter, cluster.screen, int(cluster.members.size()),
                                     MapMarkers::clusterColours(m_markers, cluster));
    }
}

void MapCanvas::paintOwnPosition(QPainter &painter) const
{
    if (!m_ownPosition)
        return;
    const QPointF at = screenPoint(m_ownPosition->x(), m_ownPosition->y());
    const QColor blue(0x1f, 0x7a, 0xe0);
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    QColor halo = blue;
    halo.setAlpha(50);
    painter.setBrush(halo);
    painter.drawEllipse(at, 16, 16);
    painter.setBrush(QColor(0, 0, 0, 40));
    painter.drawEllipse(at + QPointF(0, 1), 8.5, 8.5);
    painter.setPen(QPen(Qt::white, 2.5));
    painter.setBrush(blue);
    painter.drawEllipse(at, 7, 7);
    painter.restore();
}

// A bar of a round length (1, 2 or 5 times a power of ten) no longer than about 110 pixels.
void MapCanvas::paintScaleBar(QPainter &painter) const
{
    const double metresPerPixel = TileMath::metresPerPixel(centre().x(), 0) / std::exp2(m_view.zoom);
    const double longest = metresPerPixel * 110;
    const double magnitude = std::pow(10.0, std::floor(std::log10(longest)));
    const double metres = longest >= 5 * magnitude   ? 5 * magnitude
                          : longest >= 2 * magnitude ? 2 * magnitude
                                                     : magnitude;
    const double length = metres / metresPerPixel;
    const QString text = metres >= 1000 ? Tr::tr("%1 km").arg(metres / 1000) : Tr::tr("%1 m").arg(metres);

    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    QFont font = painter.font();
    font.setPointSizeF(font.pointSizeF() * 0.85);
    painter.setFont(font);
    const QFontMetricsF metrics(font);
    const QRectF box(8, height() - 8 - metrics.height() - 14, std::max(length, metrics.horizontalAdvance(text)) + 12,
                     metrics.height() + 14);
    painter.setPen(Qt::NoPen);
    painter.setBrush(QColor(255, 255, 255, 190));
    painter.drawRoundedRect(box, 4, 4);
    const QColor ink(0x33, 0x3a, 0x40);
    painter.setPen(ink);
    painter.drawText(QRectF(box.left() + 6, box.top() + 3, box.width() - 12, metrics.height()), Qt::AlignLeft, text);
    const double barY = box.bottom() - 6;
    painter.setPen(QPen(ink, 1.5, Qt::SolidLine, Qt::FlatCap));
    painter.drawPolyline(QPolygonF({{box.left() + 6, barY - 5},
                                    {box.left() + 6, barY},
                                    {box.left() + 6 + length, barY},
                                    {box.left() + 6 + length, barY - 5}}));
    painter.restore();
}

void MapCanvas::paintAttribution(QPainter &painter) const
{
    const QString text = tilesOn() && !m_tilesFailing ? m_attribution : Tr::tr("Natural Earth");
    painter.save();
    QFont font = painter.font();
    font.setPointSizeF(font.pointSizeF() * 0.85);
    painter.setFont(font);
    const QFontMetricsF metrics(font);
    const QSizeF size(metrics.horizontalAdvance(text) + 10, metrics.height() + 4);
    const QRectF box(QPointF(width() - size.width(), height() - size.height()), size);
    painter.fillRect(box, QColor(255, 255, 255, 190));
    painter.setPen(QColor(0x33, 0x3a, 0x40));
    painter.drawText(box, Qt::AlignCenter, text);
    painter.restore();
}

void MapCanvas::paintPickingHint(QPainter &painter) const
{
    const QString text = Tr::tr("Click the map where the place is");
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    const QFontMetricsF metrics(painter.font());
    const QSizeF size(metrics.horizontalAdvance(text) + 24, metrics.height() + 12);
    const QRectF box(QPointF((width() - size.width()) / 2, 10), size);
    painter.setPen(Qt::NoPen);
    painter.setBrush(QColor(0x1d, 0x27, 0x30, 215));
    painter.drawRoundedRect(box, box.height() / 2, box.height() / 2);
    painter.setPen(Qt::white);
    painter.drawText(box, Qt::AlignCenter, text);
    painter.restore();
}

void MapCanvas::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    m_view.size = size();
    // A fitted view fits again (a banner or panel took height); one the user chose stays.
    const bool refit = m_fitPending || m_fitted;
    setView(m_view.centre, m_view.zoom); // the new height may show past the world's edge
    if (refit)
        fitMarkers();
    scheduleTiles();
}

void MapCanvas::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_fitPending)
        fitMarkers();
    scheduleTiles();
}

void MapCanvas::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton)
        return QWidget::mousePressEvent(event);
    m_pressPoint = event->position();
    m_pressCentre = m_view.centre;
    m_dragging = false;
}

void MapCanvas::mouseMoveEvent(QMouseEvent *event)
{
    if (m_pressPoint && (event->buttons() & Qt::LeftButton)) {
        const QPointF moved = event->position() - *m_pressPoint;
        if (!m_dragging && moved.manhattanLength() >= QApplication::startDragDistance()) {
            m_dragging = true;
            setCursor(Qt::ClosedHandCursor);
        }
        if (m_dragging)
            setView(m_pressCentre - moved / m_view.worldPixels(), m_view.zoom);
        return;
    }
    const Hit hit = hitAt(event->position());
    const QString hovered = hit.marker >= 0 ? m_markers.at(hit.marker).key : QString();
    if (!m_picking)
        setCursor(hit.marker >= 0 || hit.cluster ? Qt::PointingHandCursor : Qt::OpenHandCursor);
    if (hovered != m_hoveredKey) {
        m_hoveredKey = hovered;
        update();
    }
}

void MapCanvas::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton || !m_pressPoint)
        return QWidget::mouseReleaseEvent(event);
    const bool wasClick = !m_dragging;
    m_pressPoint.reset();
    m_dragging = false;
    setCursor(m_picking ? Qt::CrossCursor : Qt::OpenHandCursor);
    if (wasClick)
        click(event->position());
}

void MapCanvas::mouseDoubleClickEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton && !m_picking)
        zoomAround(event->position(), 1);
}

void MapCanvas::wheelEvent(QWheelEvent *event)
{
    // One level per notch of a mouse wheel; touchpads send smaller steps and zoom smoothly.
    const double steps = event->angleDelta().y() / 120.0;
    if (steps != 0)
        zoomAround(event->position(), steps);
    event->accept();
}

void MapCanvas::keyPressEvent(QKeyEvent *event)
{
    const QPointF pan(width() / 4.0 / m_view.worldPixels(), height() / 4.0 / m_view.worldPixels());
    switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal: zoomAround(m_view.screenCentre(), 1); break;
    case Qt::Key_Minus: zoomAround(m_view.screenCentre(), -1); break;
    case Qt::Key_Left: setView(m_view.centre - QPointF(pan.x(), 0), m_view.zoom); break;
    case Qt::Key_Right: setView(m_view.centre + QPointF(pan.x(), 0), m_view.zoom); break;
    case Qt::Key_Up: setView(m_view.centre - QPointF(0, pan.y()), m_view.zoom); break;
    case Qt::Key_Down: setView(m_view.centre + QPointF(0, pan.y()), m_view.zoom); break;
    case Qt::Key_Home: fitMarkers(); break;
    default: QWidget::keyPressEvent(event); return;
    }
    event->accept();
}

void MapCanvas::leaveEvent(QEvent *event)
{
    QWidget::leaveEvent(event);
    if (!m_hoveredKey.isEmpty()) {
        m_hoveredKey.clear();
        update();
    }
}

} // namespace ChargeDesk::Ui
