#include "ui/shell/sitelogo.h"

#include "core/database.h"

namespace ChargeDesk::Ui {

QPixmap siteLogo(Core::Database &database, int height)
{
    auto row = database.exec(QStringLiteral("SELECT logo FROM site_settings ORDER BY id LIMIT 1"));
    if (!row || !row.value().next())
        return {};
    QPixmap logo;
    if (!logo.loadFromData(row.value().value(0).toByteArray()))
        return {};
    return logo.height() > height ? logo.scaledToHeight(height, Qt::SmoothTransformation) : logo;
}

} // namespace ChargeDesk::Ui
