#pragma once

#include "core/repository.h"

namespace ChargeDesk::Test {

// The rows most tests start from, created as the system would. Each returns the new id,
// or 0 after a warning that names the reason.
qint64 createArea(Core::Repository &repository, const QString &code);
// A station whose connection identifier is its code.
qint64 createStation(Core::Repository &repository, qint64 areaId, const QString &code,
                     const QString &protocol = QStringLiteral("ocpp1.6"), const QString &policy = QStringLiteral("ws"));

} // namespace ChargeDesk::Test
