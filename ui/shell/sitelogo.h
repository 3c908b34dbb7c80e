#pragma once

#include <QPixmap>

namespace ChargeDesk::Core {
class Repository;
}

namespace ChargeDesk::Ui {

// The site's logo (site settings), at most `height` pixels high, for the windows that show
// whose network this is: the sign-in, the about box. Null when the site has none or it is not
// an image.
QPixmap siteLogo(Core::Repository &repository, int height);

} // namespace ChargeDesk::Ui
