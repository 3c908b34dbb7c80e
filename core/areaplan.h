#pragma once

#include "core/repository.h"

#include <optional>

namespace ChargeDesk::Core {

// Everything the area wizard writes: the area's own fields, its limit periods (without
// area_id) and its custom attributes.
struct AreaPlan
{
    Record area;
    QList<Record> limitPeriods;
    QList<Attribute> attributes;
};

// Where a limit period's message goes: "limit_periods/<row>/<field>", so that a window shows
// it beside the row it concerns.
QString limitPeriodField(qsizetype row, const QString &field);

// Creates the area (no id) or updates it (id: `plan.area` holds only the changes), then
// replaces its limit periods and custom attributes, all in one transaction: either all of
// it is stored or nothing. The area's id on success.
Result<qint64> saveArea(Repository &repository, const Actor &actor, std::optional<qint64> id, const AreaPlan &plan);

// What saveArea would refuse, with nothing kept: it runs in a transaction that is always
// rolled back, so that a window checks limit periods against the real write.
Status checkAreaPlan(Repository &repository, const Actor &actor, std::optional<qint64> id, const AreaPlan &plan);

} // namespace ChargeDesk::Core
