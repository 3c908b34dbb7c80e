#include "core/entitydef.h"

namespace ChargeDesk::Core {

namespace {
FieldDef make(const QString &name, FieldType type, const QString &label)
{
    FieldDef f;
    f.name = name;
    f.type = type;
    f.label = label;
    return f;
}
} // namespace

FieldDef text(const QString &name, const QString &label)
{
    return make(name, FieldType::Text, label).maxLen(255);
}

FieldDef email(const QString &name, const QString &label)
{
    return make(name, FieldType::Email, label).maxLen(254);
}

FieldDef integer(const QString &name, const QString &label)
{
    return make(name, FieldType::Integer, label);
}

FieldDef real(const QString &name, const QString &label)
{
    return make(name, FieldType::Real, label);
}

FieldDef boolean(const QString &name, const QString &label, bool byDefault)
{
    return make(name, FieldType::Boolean, label).byDefault(byDefault);
}

FieldDef timestamp(const QString &name, const QString &label)
{
    return make(name, FieldType::Timestamp, label);
}

FieldDef blob(const QString &name, const QString &label)
{
    return make(name, FieldType::Blob, label);
}

FieldDef choice(const QString &name, const QString &label, const QStringList &choices)
{
    FieldDef f = make(name, FieldType::Choice, label);
    f.choices = choices;
    return f;
}

FieldDef reference(const QString &name, const QString &label, const QString &table)
{
    FieldDef f = make(name, FieldType::Reference, label);
    f.refTable = table;
    return f;
}

const FieldDef *EntityDef::field(const QString &name) const
{
    for (const FieldDef &f : fields) {
        if (f.name == name)
            return &f;
    }
    return nullptr;
}

QStringList EntityDef::columnNames() const
{
    QStringList names{QStringLiteral("id")};
    for (const FieldDef &f : fields)
        names << f.name;
    if (hasTimestamps)
        names << QStringLiteral("created_at") << QStringLiteral("updated_at");
    return names;
}

} // namespace ChargeDesk::Core
