#pragma once

#include <QIcon>
#include <QString>

class QPalette;

namespace ChargeDesk::Ui::Icons {

// The console's own icon (resources/icons/<name>.svg), drawn in the application palette's
// text colour when it is painted, so it follows light and dark palettes without being set
// again; selected items draw it in the highlighted-text colour. Icons with colours of their
// own (state dots, the application icon) keep them. An unknown name gives a null icon.
QIcon get(const QString &name);

// A small filled circle in `colour`, for a status beside a row's text (a map's station, an
// overview's problem).
QIcon dot(const QColor &colour);

// Whether a palette is dark (light text on a dark window): Qt 6.4 has no colour scheme hint.
bool isDark(const QPalette &palette);

} // namespace ChargeDesk::Ui::Icons
