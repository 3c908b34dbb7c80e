#include "core/scope.h"

namespace ChargeDesk::Core {

SqlCondition scopeCondition(const Catalog &catalog, const EntityDef &def, const Actor &actor)
{
    if (!actor.isScoped())
        return {QStringLiteral("1=1"), {}};
    switch (def.scope.kind) {
    case ScopeDef::Kind::PowerOnly: return {QStringLiteral("1=0"), {}};
    case ScopeDef::Kind::Everyone: return {QStringLiteral("1=1"), {}};
    case ScopeDef::Kind::OperatorColumn: return {QStringLiteral("%1 = ?").arg(def.scope.field), {actor.operatorId}};
    case ScopeDef::Kind::Parent: {
        const FieldDef *link = def.field(def.scope.field);
        Q_ASSERT(link && link->type == FieldType::Reference);
        const SqlCondition parent = scopeCondition(catalog, catalog.entity(link->refTable), actor);
        return {QStringLiteral("%1 IN (SELECT id FROM %2 WHERE %3)").arg(link->name, link->refTable, parent.sql),
                parent.params};
    }
    }
    return {QStringLiteral("1=0"), {}};
}

} // namespace ChargeDesk::Core
