#include "ui/map/locationpicker.h"

#include "core/repository.h"
#include "ui/map/mapnetwork.h"
#include "ui/map/mapsettings.h"
#include "ui/widgets/tr.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QVBoxLayout>

namespace ChargeDesk::Ui {

namespace {

const QString ChosenKey = QStringLiteral("chosen/0");

} // namespace

LocationPickerDialog::LocationPickerDialog(Core::Repository &repository, const Core::Actor &actor,
                                           std::optional<QPointF> current, QWidget *parent)
    : QDialog(parent)
    , m_canvas(new MapCanvas(this))
    , m_chosen(new QLabel(this))
{
    setWindowTitle(Tr::tr("Pick the location"));
    m_canvas->setObjectName(QStringLiteral("mapCanvas"));
    m_chosen->setObjectName(QStringLiteral("chosen"));
    const MapSettings settings = MapSettings::load();
    m_canvas->setUserAgent(MapSettings::userAgent());
    m_canvas->setCacheDirectory(MapSettings::tileCacheDirectory());
    m_canvas->setTileUrlTemplate(settings.activeTileUrl());
    if (auto network = MapNetwork::load(repository, actor))
        m_network = network.value().markers(true, true, false, repository.clock().nowMs());
    m_canvas->setMarkers(m_network);
    m_canvas->setPickingLocation(true);

    auto *hint = new QLabel(Tr::tr("Click where the chargers are. Drag to move the map, scroll to zoom."), this);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_okButton = buttons->button(QDialogButtonBox::Ok);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_canvas, &MapCanvas::locationPicked, this, &LocationPickerDialog::choose);

    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_chosen, 1);
    bottom->addWidget(buttons);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(hint);
    layout->addWidget(m_canvas, 1);
    layout->addLayout(bottom);
    resize(900, 640);

    if (current) {
        choose(current->x(), current->y());
        m_canvas->centreOn(current->x(), current->y(), 16);
    } else {
        m_chosen->setText(Tr::tr("No location chosen yet"));
        m_okButton->setEnabled(false);
        if (!m_network.isEmpty())
            m_canvas->fitMarkers();
    }
}

void LocationPickerDialog::choose(double latitude, double longitude)
{
    m_location = QPointF(latitude, longitude);
    QList<MapMarker> markers = m_network;
    markers << MapMarker{ChosenKey,
                         QStringLiteral("area"),
                         Tr::tr("Chosen location"),
                         latitude,
                         longitude,
                         palette().color(QPalette::Highlight)};
    m_canvas->setMarkers(markers);
    m_canvas->setSelectedKey(ChosenKey);
    m_chosen->setText(
        Tr::tr("Chosen: %1, %2").arg(QLocale().toString(latitude, 'f', 6), QLocale().toString(longitude, 'f', 6)));
    m_okButton->setEnabled(true);
    // Picking stays on: a second click moves the pin.
    m_canvas->setPickingLocation(true);
}

std::optional<QPointF> LocationPickerDialog::pick(Core::Repository &repository, const Core::Actor &actor,
                                                  QWidget *parent, std::optional<QPointF> current)
{
    LocationPickerDialog dialog(repository, actor, current, parent);
    if (dialog.exec() != QDialog::Accepted)
        return std::nullopt;
    return dialog.location();
}

} // namespace ChargeDesk::Ui
