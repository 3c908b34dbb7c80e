#pragma once

#include "core/entitydef.h"

#include <QString>

// How an area's load balancing reads in words, for the wizard's summary and the details.
namespace ChargeDesk::Ui {

// "power" -> "W", "current" -> "A".
QString areaUnit(const QString &limitType);
// 22000 of "power" -> "22 kW"; 32 of "current" -> "32 A".
QString areaSupplyText(qint64 value, const QString &limitType);
// The strategy, interval and supply range of an area with load balancing on:
// "Equal, round allocation, 60 s, 4 kW – 22 kW".
QString areaBalancingText(const Core::Record &area);
// Where the limit comes from: "150 kW", "150 kW or the asset's reports", "the asset's reports".
QString areaLimitText(const Core::Record &area);
// One limit period: "Weekly on Mon, Wed, 8:00 – 18:00 from 02.03.2025: 11 kW".
QString limitPeriodText(const Core::Record &period, const QString &limitType);

} // namespace ChargeDesk::Ui
