#pragma once

#include "core/actor.h"
#include "core/entitydef.h"

namespace ChargeDesk::Core {

// Field-level checks, before anything touches the database.
namespace Validator {

// Converts each input value to its field's storage type and checks type, range, length,
// pattern and choices; reports unknown fields and fields the actor may not write.
// `existing` is the stored row on update, null on create.
QList<FieldError> normalize(const EntityDef &def, const Record &input, const Actor &actor, const Record *existing,
                            Record &normalized);

// Required fields missing from the merged record.
QList<FieldError> checkRequired(const EntityDef &def, const Record &merged);

// The typed value to bind for a field (a typed null when the value is missing).
QVariant storageValue(const FieldDef &field, const QVariant &value);
// The value as core hands it out after reading (bool for booleans, qint64 for integers...).
QVariant readValue(const FieldDef &field, const QVariant &stored);

} // namespace Validator

} // namespace ChargeDesk::Core
