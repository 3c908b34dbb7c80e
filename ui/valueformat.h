#pragma once

#include "core/entitydef.h"

#include <QVariant>

namespace ChargeDesk::Ui {

// A stored value in the words a window shows: local date and time for UTC milliseconds, the
// locale's digits, Yes/No, a file's size. References are resolved by whoever knows the names.
QString formatValue(const Core::FieldDef &field, const QVariant &value);

// A stored choice code in words ("ac_three_phase" -> "AC three phase"); codes technicians
// know by heart ("ocpp1.6") stay as they are.
QString choiceText(const QString &code);

// "area" -> "Area", for titles made from the catalog's entity names.
QString capitalized(QString text);

// UTC milliseconds as the user's local date and time, short form; empty for null.
QString formatTimestamp(const QVariant &utcMs);

// The same for a file another program reads: ISO 8601 local time with its offset, plain
// numbers with a decimal point, true/false, the text of a choice.
QString exportValue(const Core::FieldDef &field, const QVariant &value);
QString exportTimestamp(const QVariant &utcMs);

} // namespace ChargeDesk::Ui
