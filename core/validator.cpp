#include "core/validator.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QRegularExpression>

#include <cmath>

namespace ChargeDesk::Core::Validator {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Core)
};

bool isEmpty(const QVariant &v)
{
    return !v.isValid() || v.isNull() || (v.typeId() == QMetaType::QString && v.toString().trimmed().isEmpty());
}

QString number(double v)
{
    return QString::number(v, 'g', 12);
}

// Returns an error message, or an empty string when `value` fits `field`; `out` gets the
// storage form.
QString convert(const FieldDef &field, const QVariant &value, QVariant &out)
{
    if (isEmpty(value)) {
        out = QVariant();
        return {};
    }
    switch (field.type) {
    case FieldType::Text:
    case FieldType::Email: {
        if (value.typeId() == QMetaType::QVariantMap || value.typeId() == QMetaType::QVariantList)
            return Tr::tr("Must be text.");
        const QString s = value.toString().trimmed();
        if (field.maxLength > 0 && s.size() > field.maxLength)
            return Tr::tr("At most %n characters.", nullptr, field.maxLength);
        if (field.type == FieldType::Email) {
            static const QRegularExpression emailPattern(QStringLiteral("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$"));
            if (!emailPattern.match(s).hasMatch())
                return Tr::tr("Not a valid email address.");
        }
        if (!field.pattern.isEmpty() && !QRegularExpression(field.pattern).match(s).hasMatch())
            return Tr::tr("Contains characters that are not allowed here.");
        out = s;
        return {};
    }
    case FieldType::Choice: {
        const QString s = value.toString();
        if (!field.choices.contains(s))
            return Tr::tr("Must be one of: %1.").arg(field.choices.join(QStringLiteral(", ")));
        out = s;
        return {};
    }
    case FieldType::Boolean: {
        if (value.typeId() == QMetaType::Bool) {
            out = value.toBool();
            return {};
        }
        const QString s = value.toString().toLower();
        if (s == QLatin1String("1") || s == QLatin1String("true")) {
            out = true;
            return {};
        }
        if (s == QLatin1String("0") || s == QLatin1String("false")) {
            out = false;
            return {};
        }
        return Tr::tr("Must be yes or no.");
    }
    case FieldType::Integer:
    case FieldType::Reference:
    case FieldType::Timestamp: {
        if (field.type == FieldType::Timestamp && value.typeId() == QMetaType::QDateTime) {
            const QDateTime dt = value.toDateTime();
            if (!dt.isValid())
                return Tr::tr("Not a valid date and time.");
            out = dt.toMSecsSinceEpoch();
            return {};
        }
        if (value.typeId() == QMetaType::Double || value.typeId() == QMetaType::Float) {
            const double d = value.toDouble();
            if (!std::isfinite(d) || std::floor(d) != d || std::fabs(d) > 9.0e15)
                return Tr::tr("Must be a whole number.");
            out = static_cast<qint64>(d);
        } else {
            bool ok = false;
            const qint64 n = value.toString().trimmed().toLongLong(&ok);
            if (!ok)
                return Tr::tr("Must be a whole number.");
            out = n;
        }
        if (field.type == FieldType::Reference && out.toLongLong() <= 0)
            return Tr::tr("Not a valid reference.");
        break;
    }
    case FieldType::Real: {
        bool ok = false;
        const double d =
            value.typeId() == QMetaType::QString ? value.toString().trimmed().toDouble(&ok) : value.toDouble(&ok);
        if (!ok || !std::isfinite(d))
            return Tr::tr("Must be a number.");
        out = d;
        break;
    }
    case FieldType::Blob:
        if (value.typeId() != QMetaType::QByteArray)
            return Tr::tr("Must be binary data.");
        out = value;
        return {};
    }
    const double d = out.toDouble();
    if (field.minimum && d < *field.minimum) {
        if (field.maximum)
            return Tr::tr("Must be between %1 and %2.").arg(number(*field.minimum), number(*field.maximum));
        return Tr::tr("Must be at least %1.").arg(number(*field.minimum));
    }
    if (field.maximum && d > *field.maximum) {
        if (field.minimum)
            return Tr::tr("Must be between %1 and %2.").arg(number(*field.minimum), number(*field.maximum));
        return Tr::tr("Must be at most %1.").arg(number(*field.maximum));
    }
    return {};
}

bool sameValue(const QVariant &a, const QVariant &b)
{
    if (isEmpty(a) && isEmpty(b))
        return true;
    if (isEmpty(a) != isEmpty(b))
        return false;
    return a.toString() == b.toString();
}

} // namespace

QList<FieldError> normalize(const EntityDef &def, const Record &input, const Actor &actor, const Record *existing,
                            Record &normalized)
{
    QList<FieldError> errors;
    const bool system = actor.userId == 0 && actor.powerUser;
    for (auto it = input.constBegin(); it != input.constEnd(); ++it) {
        const FieldDef *field = def.field(it.key());
        if (!field) {
            errors << FieldError{it.key(), Tr::tr("Unknown field.")};
            continue;
        }
        if (field->isSystemOnly && !system) {
            errors << FieldError{field->name,
                                 Tr::tr("This value is reported by the charging infrastructure and cannot be edited.")};
            continue;
        }
        QVariant value;
        const QString message = convert(*field, it.value(), value);
        if (!message.isEmpty()) {
            errors << FieldError{field->name, message};
            continue;
        }
        if (existing && field->isImmutable && !sameValue(existing->value(field->name), value)) {
            errors << FieldError{field->name, Tr::tr("%1 cannot be changed after creation.").arg(field->label)};
            continue;
        }
        normalized.insert(field->name, value);
    }
    return errors;
}

QList<FieldError> checkRequired(const EntityDef &def, const Record &merged)
{
    QList<FieldError> errors;
    for (const FieldDef &f : def.fields) {
        if (f.isRequired && isEmpty(merged.value(f.name)))
            errors << FieldError{f.name, Tr::tr("%1 is required.").arg(f.label)};
    }
    return errors;
}

QVariant storageValue(const FieldDef &field, const QVariant &value)
{
    const bool empty = isEmpty(value);
    switch (field.type) {
    case FieldType::Text:
    case FieldType::Email:
    case FieldType::Choice: return empty ? QVariant(QMetaType::fromType<QString>()) : QVariant(value.toString());
    case FieldType::Boolean: return empty ? QVariant(QMetaType::fromType<int>()) : QVariant(value.toBool() ? 1 : 0);
    case FieldType::Integer:
    case FieldType::Reference:
    case FieldType::Timestamp: return empty ? QVariant(QMetaType::fromType<qlonglong>()) : QVariant(value.toLongLong());
    case FieldType::Real: return empty ? QVariant(QMetaType::fromType<double>()) : QVariant(value.toDouble());
    case FieldType::Blob: return empty ? QVariant(QMetaType::fromType<QByteArray>()) : QVariant(value.toByteArray());
    }
    return value;
}

QVariant readValue(const FieldDef &field, const QVariant &stored)
{
    if (stored.isNull())
        return QVariant();
    switch (field.type) {
    case FieldType::Boolean: return stored.toLongLong() != 0;
    case FieldType::Integer:
    case FieldType::Reference:
    case FieldType::Timestamp: return stored.toLongLong();
    case FieldType::Real: return stored.toDouble();
    case FieldType::Blob: return stored.toByteArray();
    default: return stored.toString();
    }
}

} // namespace ChargeDesk::Core::Validator
