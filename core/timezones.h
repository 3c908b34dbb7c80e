#pragma once

#include "core/actor.h"

#include <QTimeZone>

namespace ChargeDesk::Core {

class Database;

// The site's time zone (site settings), UTC when none is set or it is unknown.
QTimeZone siteZone(Database &db);

// The zone `actor` reads times in: their operator's for an operator-role user when the
// operator has one, otherwise the site's.
QTimeZone actorZone(Database &db, const Actor &actor);

// Midnight of the day containing `atMs`, in `zone` (correct on the days clocks change).
qint64 startOfDayMs(qint64 atMs, const QTimeZone &zone);

} // namespace ChargeDesk::Core
