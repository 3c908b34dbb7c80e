#pragma once

#include <QColor>

class QPainter;

namespace ChargeDesk::Ui {

struct MapView;

// Draws the offline base map: sea, then every country that shows, simplified to what the
// screen can resolve. Always drawn first, so the map is never blank while tiles load.
namespace BaseMapLayer {

QColor seaColour();
QColor landColour();
void paint(QPainter &painter, const MapView &view);
// Decodes and projects the bundled countries on a worker thread, so that the first paint
// rarely has to wait for them.
void prepareInBackground();

} // namespace BaseMapLayer

} // namespace ChargeDesk::Ui
