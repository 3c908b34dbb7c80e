#pragma once

#include "core/entitydef.h"

#include <QCoreApplication>
#include <QStringList>

// The field shapes that several entities of the catalog share (a code, a name, money, an
// address, a scope), so that each domain file (entities.h) spells its own fields only.
namespace ChargeDesk::Core::Entities {

// The catalog's labels and messages translate in the "Core" context, like the rest of core.
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Core)
};

using Kind = ScopeDef::Kind;

extern const QStringList CurrentTypes;
extern const QStringList InfrastructureStatuses;
extern const QStringList Recurrences;
extern const QStringList Protocols;

// A unique, immutable code of letters, digits and . _ : -, as operators type them.
FieldDef code();
FieldDef name();
// An amount in minor units of the site currency.
FieldDef money(const QString &field, const QString &label);
FieldDef seconds(const QString &field, const QString &label);
FieldDef powerFactor();
FieldDef weekdays();
QList<FieldDef> address();
QList<FieldDef> coordinates();
QList<FieldDef> idleSettings();
ScopeDef scope(Kind kind, const QString &field = {}, bool operatorsMayWrite = false);

bool isSet(const Record &r, const QString &field);
// A time range whose end must come after its start.
RecordRule orderedRange(const QString &from, const QString &to);

} // namespace ChargeDesk::Core::Entities
