#include "ui/valueformat.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QLocale>

namespace ChargeDesk::Ui {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Ui)
};

} // namespace

QString formatTimestamp(const QVariant &utcMs)
{
    if (utcMs.isNull() || !utcMs.isValid())
        return {};
    return QLocale().toString(QDateTime::fromMSecsSinceEpoch(utcMs.toLongLong(), Qt::UTC).toLocalTime(),
                              QLocale::ShortFormat);
}

QString formatValue(const Core::FieldDef &field, const QVariant &value)
{
    if (value.isNull() || !value.isValid())
        return {};
    using Core::FieldType;
    switch (field.type) {
    case FieldType::Boolean: return value.toBool() ? Tr::tr("Yes") : Tr::tr("No");
    case FieldType::Timestamp: return formatTimestamp(value);
    case FieldType::Integer: return QLocale().toString(value.toLongLong());
    case FieldType::Real: return QLocale().toString(value.toDouble(), 'g', 12);
    case FieldType::Blob: return QLocale().formattedDataSize(value.toByteArray().size());
    case FieldType::Text:
    case FieldType::Email:
    case FieldType::Choice:
    case FieldType::Reference: break;
    }
    return value.toString();
}

QString exportTimestamp(const QVariant &utcMs)
{
    if (utcMs.isNull() || !utcMs.isValid())
        return {};
    // With the offset spelled out, so the file means the same instant on any machine.
    const QDateTime local = QDateTime::fromMSecsSinceEpoch(utcMs.toLongLong()).toLocalTime();
    return local.toOffsetFromUtc(local.offsetFromUtc()).toString(Qt::ISODate);
}

QString exportValue(const Core::FieldDef &field, const QVariant &value)
{
    if (value.isNull() || !value.isValid())
        return {};
    using Core::FieldType;
    switch (field.type) {
    case FieldType::Boolean: return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case FieldType::Timestamp: return exportTimestamp(value);
    case FieldType::Integer: return QString::number(value.toLongLong());
    case FieldType::Real: return QString::number(value.toDouble(), 'g', 15);
    case FieldType::Blob: return QString::number(value.toByteArray().size());
    case FieldType::Text:
    case FieldType::Email:
    case FieldType::Choice:
    case FieldType::Reference: break;
    }
    return value.toString();
}

} // namespace ChargeDesk::Ui
