#pragma once

#include "ui/shell/sections.h"

namespace ChargeDesk::Ui {

// Section::details of the charging profiles section: the selected profile's limit over time as
// a chart, and its schedule periods below it.
QWidget *chargingProfileDetails(const PageContext &context, ListPage &page);

} // namespace ChargeDesk::Ui
