#include "ui/shell/sitelogo.h"

#include "core/catalog.h"
#include "core/repository.h"

namespace ChargeDesk::Ui {

QPixmap siteLogo(Core::Repository &repository, int height)
{
    Core::ListQuery first;
    first.limit = 1;
    // Shown before anyone has signed in: the logo is the site's public face, not a secret.
    const auto site = repository.list(Core::Actor::system(), Core::Tables::SiteSettings, first);
    QPixmap logo;
    if (!site || site.value().isEmpty() ||
        !logo.loadFromData(site.value().first().value(QStringLiteral("logo")).toByteArray()))
        return {};
    return logo.height() > height ? logo.scaledToHeight(height, Qt::SmoothTransformation) : logo;
}

} // namespace ChargeDesk::Ui
