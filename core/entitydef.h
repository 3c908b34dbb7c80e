#pragma once

#include "core/actor.h"
#include "core/error.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QVariantMap>

#include <functional>
#include <optional>

namespace ChargeDesk::Core {

// A row as core hands it around: column name -> value. Timestamps are UTC milliseconds,
// money integer minor units, energy Wh, power W, durations seconds.
using Record = QVariantMap;

enum class FieldType { Text, Email, Integer, Real, Boolean, Timestamp, Blob, Choice, Reference };

// Reads other rows while a rule checks a record (for example an area's parent chain).
using Lookup = std::function<std::optional<Record>(const QString &table, qint64 id)>;

// One column of an entity, with the rules that the repository enforces before writing.
struct FieldDef
{
    QString name;
    FieldType type = FieldType::Text;
    QString label;
    bool isRequired = false;
    bool isImmutable = false;  // may be set at creation, never changed
    bool isUnique = false;     // unique in the table, or within uniqueWithin's value
    QString uniqueWithin;      // e.g. a connector's code is unique within its charger
    bool isSystemOnly = false; // written by the engine (boot data, statuses), not by users
    bool isWriteOnly = false;  // stored, never returned by reads (SMTP password, tokens)
    std::optional<double> minimum;
    std::optional<double> maximum;
    int maxLength = 0;
    QString pattern;
    QStringList choices;
    QString refTable;
    bool cascade = false; // an owned part: deleted with its owner instead of blocking it
    QVariant defaultValue;
    QString proposedFrom;  // a form fills a new row's value in from this field until the user types one
    QString help;          // what the field does, in a sentence or two: forms show it beside the editor
    QString changeWarning; // what changing an existing row's value brings with it: forms warn beside it

    FieldDef explained(const QString &text) const
    {
        auto f = *this;
        f.help = text;
        return f;
    }
    FieldDef warnedOnChange(const QString &text) const
    {
        auto f = *this;
        f.changeWarning = text;
        return f;
    }
    FieldDef required() const
    {
        auto f = *this;
        f.isRequired = true;
        return f;
    }
    FieldDef immutable() const
    {
        auto f = *this;
        f.isImmutable = true;
        return f;
    }
    FieldDef unique(const QString &within = {}) const
    {
        auto f = *this;
        f.isUnique = true;
        f.uniqueWithin = within;
        return f;
    }
    FieldDef systemOnly() const
    {
        auto f = *this;
        f.isSystemOnly = true;
        return f;
    }
    FieldDef writeOnly() const
    {
        auto f = *this;
        f.isWriteOnly = true;
        return f;
    }
    FieldDef range(std::optional<double> lo, std::optional<double> hi) const
    {
        auto f = *this;
        f.minimum = lo;
        f.maximum = hi;
        return f;
    }
    FieldDef nonNegative() const { return range(0, std::nullopt); }
    FieldDef maxLen(int n) const
    {
        auto f = *this;
        f.maxLength = n;
        return f;
    }
    FieldDef matching(const QString &regex) const
    {
        auto f = *this;
        f.pattern = regex;
        return f;
    }
    FieldDef owned() const
    {
        auto f = *this;
        f.cascade = true;
        return f;
    }
    FieldDef byDefault(const QVariant &v) const
    {
        auto f = *this;
        f.defaultValue = v;
        return f;
    }
    FieldDef proposed(const QString &from) const
    {
        auto f = *this;
        f.proposedFrom = from;
        return f;
    }
};

FieldDef text(const QString &name, const QString &label);
FieldDef email(const QString &name, const QString &label);
FieldDef integer(const QString &name, const QString &label);
FieldDef real(const QString &name, const QString &label);
FieldDef boolean(const QString &name, const QString &label, bool byDefault = false);
FieldDef timestamp(const QString &name, const QString &label);
FieldDef blob(const QString &name, const QString &label);
FieldDef choice(const QString &name, const QString &label, const QStringList &choices);
FieldDef reference(const QString &name, const QString &label, const QString &table);

// How an operator-role user reaches rows of an entity.
struct ScopeDef
{
    enum class Kind {
        PowerOnly,      // power users only
        Everyone,       // readable by every signed-in user (site settings)
        OperatorColumn, // the row names its operator in `field`
        Parent,         // the row belongs to the parent that `field` references
    };
    Kind kind = Kind::PowerOnly;
    QString field;
    bool operatorsMayWrite = false;
};

// A check across fields of the merged record (after defaults and changes are applied).
using RecordRule = std::function<QList<FieldError>(const Record &merged, const Lookup &lookup)>;
// A check that depends on who writes which row (`id` is 0 while creating): a user may not
// disable themself, for example.
using ActorRule = std::function<QList<FieldError>(const Actor &actor, qint64 id, const Record &merged)>;

struct EntityDef
{
    QString table;
    QString singular; // "area", for messages
    QString plural;   // "areas"
    QString displayField = QStringLiteral("name");
    QList<FieldDef> fields;
    ScopeDef scope;
    bool hasCustomAttributes = false;
    bool hasTimestamps = true; // created_at / updated_at maintained by the repository
    QList<RecordRule> rules;
    QList<ActorRule> actorRules;

    const FieldDef *field(const QString &name) const;
    bool hasField(const QString &name) const { return field(name) != nullptr; }
    QStringList columnNames() const; // id, fields, timestamps
};

} // namespace ChargeDesk::Core
