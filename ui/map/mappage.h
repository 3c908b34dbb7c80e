#pragma once

#include "core/actor.h"
#include "ui/map/mapnetwork.h"

#include <QPointF>
#include <QTimer>
#include <QWidget>
#include <optional>

class QGeoPositionInfo;
class QLabel;
class QLineEdit;
class QSplitter;
class QToolButton;

namespace ChargeDesk::Core {
class Repository;
}

namespace ChargeDesk::Ui {

class MapCanvas;
class MapSelectionPanel;

// The Map section: every area, station and asset the operator may see on a map that works
// offline, coloured by status and following the network live, with the selected one's
// details beside it.
class MapPage final : public QWidget
{
    Q_OBJECT

public:
    MapPage(Core::Repository &repository, const Core::Actor &actor, QWidget *parent = nullptr);

    // Selects and centres "station/7" (from a list's "Show on map").
    void select(const QString &key);
    QString selectedKey() const { return m_selected; }
    MapCanvas *canvas() const { return m_canvas; }
    const MapNetwork &network() const { return m_network; }
    // Where distances are measured from, overriding the positioning service (tests, or an
    // operator who set it by hand).
    void setOwnPosition(QPointF latLon, const QString &description);

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    QLabel *statusLegend();
    void reload();
    void applySettings();
    void showMarkers();
    void showSelection();
    void findPosition();
    void editSettings();
    void search();

    Core::Repository &m_repository;
    Core::Actor m_actor;
    MapNetwork m_network;
    MapCanvas *m_canvas;
    MapSelectionPanel *m_panel;
    QLineEdit *m_search;
    QToolButton *m_areas;
    QToolButton *m_stations;
    QToolButton *m_assets;
    QLabel *m_problem;
    QLabel *m_tilesBanner; // tiles did not load: the built-in outline map is all there is
    QSplitter *m_splitter;
    bool m_splitterSized = false;
    QString m_selected;
    std::optional<QPointF> m_ownPosition;
    QString m_ownPositionText;
    bool m_positionByHand = false;
    bool m_fitted = false;
    QTimer m_reload; // gathers bursts of row changes (meter values) into one reload
};

} // namespace ChargeDesk::Ui
