#include "core/timezones.h"

#include "core/database.h"

#include <QDateTime>

namespace ChargeDesk::Core {

namespace {

QTimeZone zoneNamed(const QVariant &name)
{
    const QByteArray id = name.toString().trimmed().toUtf8();
    if (id.isEmpty())
        return {};
    QTimeZone zone(id);
    return zone.isValid() ? zone : QTimeZone();
}

} // namespace

QTimeZone siteZone(Database &db)
{
    if (auto rows = db.exec(QStringLiteral("SELECT time_zone FROM site_settings ORDER BY id LIMIT 1"));
        rows && rows.value().next())
        if (QTimeZone zone = zoneNamed(rows.value().value(0)); zone.isValid())
            return zone;
    return QTimeZone::utc();
}

QTimeZone actorZone(Database &db, const Actor &actor)
{
    if (actor.operatorId != 0)
        if (auto rows = db.exec(QStringLiteral("SELECT time_zone FROM operators WHERE id = ?"), {actor.operatorId});
            rows && rows.value().next())
            if (QTimeZone zone = zoneNamed(rows.value().value(0)); zone.isValid())
                return zone;
    return siteZone(db);
}

qint64 startOfDayMs(qint64 atMs, const QTimeZone &zone)
{
    return QDateTime::fromMSecsSinceEpoch(atMs, zone).date().startOfDay(zone).toMSecsSinceEpoch();
}

} // namespace ChargeDesk::Core
