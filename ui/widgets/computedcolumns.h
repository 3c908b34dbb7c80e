#pragma once

#include "core/entitydef.h"

#include <QString>

#include <functional>
#include <optional>

namespace ChargeDesk::Ui {

// Columns that lists show although no field stores them as shown: a session's duration,
// counted on while it is open. RecordTableModel asks for them by name; its 1 s tick repaints
// the cells of rows that are live, from the rows it holds, without reading the database.
struct ComputedColumn
{
    QString title; // empty: the field's own label
    // The cell's text at nowMs, for the window (display) or for a file (plain numbers).
    std::function<QString(const Core::Record &record, bool display, qint64 nowMs)> text;
    // Whether the cell changes with time alone; null: never.
    std::function<bool(const Core::Record &record)> live;
};

std::optional<ComputedColumn> computedColumn(const QString &table, const QString &column);

} // namespace ChargeDesk::Ui
