#pragma once

#include "core/entitydef.h"

#include <QList>

// The catalog's entities, one function per domain of the specification; Catalog (catalog.h)
// registers them all. Each lives in the file of its domain under core/catalog/.
namespace ChargeDesk::Core::Entities {

QList<EntityDef> business();
// The charging infrastructure (infrastructure.cpp).
QList<EntityDef> areas();
QList<EntityDef> stations();
QList<EntityDef> sessions();
QList<EntityDef> configuration();
QList<EntityDef> notifications();
QList<EntityDef> integrations();

} // namespace ChargeDesk::Core::Entities
