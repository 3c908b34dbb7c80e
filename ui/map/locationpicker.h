#pragma once

#include "core/actor.h"
#include "ui/map/mapcanvas.h"

#include <QDialog>
#include <QPointF>
#include <optional>

class QLabel;

namespace ChargeDesk::Core {
class Repository;
}

namespace ChargeDesk::Ui {

// Asks for a place by clicking the map, with the network drawn for orientation; used to give
// an area its coordinates onsite, where nobody knows them by heart.
class LocationPickerDialog final : public QDialog
{
    Q_OBJECT

public:
    LocationPickerDialog(Core::Repository &repository, const Core::Actor &actor, std::optional<QPointF> current,
                         QWidget *parent = nullptr);

    // The chosen place (lat, lon); none until the map was clicked.
    std::optional<QPointF> location() const { return m_location; }
    MapCanvas *canvas() const { return m_canvas; }

    // Runs the dialog; the chosen place, or none when cancelled.
    static std::optional<QPointF> pick(Core::Repository &repository, const Core::Actor &actor, QWidget *parent,
                                       std::optional<QPointF> current);

private:
    void choose(double latitude, double longitude);

    MapCanvas *m_canvas;
    QLabel *m_chosen;
    QWidget *m_okButton = nullptr;
    std::optional<QPointF> m_location;
    QList<MapMarker> m_network;
};

} // namespace ChargeDesk::Ui
