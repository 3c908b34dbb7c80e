#pragma once

#include "core/actor.h"
#include "core/catalog.h"

#include <QVariantList>

namespace ChargeDesk::Core {

struct SqlCondition
{
    QString sql;
    QVariantList params;
};

// The WHERE condition that limits `def`'s rows to what `actor` may see: everything for a
// power user, the rows of their operator (directly or through parents) for an operator user.
SqlCondition scopeCondition(const Catalog &catalog, const EntityDef &def, const Actor &actor);

} // namespace ChargeDesk::Core
