#pragma once

#include "ui/widgets/fieldeditor.h"

namespace ChargeDesk::Ui {

// The editors of integer fields whose name gives a unit (see formatQuantity): money
// ("_minor") in the display currency with its decimals, energy ("_wh") in kWh, durations
// ("_s") in seconds, minutes or hours. Core keeps minor units, Wh and seconds; these editors
// turn what people type into them exactly, without floating point. FieldEditor::create
// asks here first; null for any other field.
FieldEditor *createUnitEditor(const Core::FieldDef &field, QWidget *parent);

} // namespace ChargeDesk::Ui
