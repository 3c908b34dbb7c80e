#include "ui/valueformat.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QLocale>
#include <QRegularExpression>
#include <QSet>

namespace ChargeDesk::Ui {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Ui)
};

} // namespace

QString capitalized(QString text)
{
    if (!text.isEmpty())
        text[0] = text[0].toUpper();
    return text;
}

// Core stores choices as codes; until the catalog carries display names, show them as words
// ("ac_three_phase" -> "AC three phase") and leave codes such as "ocpp1.6" as they are,
// because they are what technicians know.
QString choiceText(const QString &code)
{
    static const QSet<QString> acronyms{QStringLiteral("ac"),   QStringLiteral("dc"),       QStringLiteral("ev"),
                                        QStringLiteral("evse"), QStringLiteral("ws"),       QStringLiteral("wss"),
                                        QStringLiteral("tls"),  QStringLiteral("starttls"), QStringLiteral("ccs1"),
                                        QStringLiteral("ccs2"), QStringLiteral("gbt"),      QStringLiteral("cpo"),
                                        QStringLiteral("emsp"), QStringLiteral("ptp"),      QStringLiteral("nap"),
                                        QStringLiteral("nsp"),  QStringLiteral("id")};
    static const QRegularExpression plain(QStringLiteral("^[a-z0-9]+(_[a-z0-9]+)*$"));
    if (!plain.match(code).hasMatch())
        return code;
    QStringList words = code.split(QLatin1Char('_'));
    for (QString &word : words) {
        if (acronyms.contains(word))
            word = word.toUpper();
    }
    return capitalized(words.join(QLatin1Char(' ')));
}

QString formatTimestamp(const QVariant &utcMs)
{
    if (utcMs.isNull() || !utcMs.isValid())
        return {};
    return QLocale().toString(QDateTime::fromMSecsSinceEpoch(utcMs.toLongLong(), Qt::UTC).toLocalTime(),
                              QLocale::ShortFormat);
}

QString formatDuration(qint64 seconds)
{
    if (seconds < 60)
        return Tr::tr("%1 s").arg(seconds);
    const qint64 minutes = seconds / 60;
    if (minutes < 60)
        return Tr::tr("%1 min").arg(minutes);
    if (minutes < 48 * 60)
        return Tr::tr("%1 h %2 min").arg(minutes / 60).arg(minutes % 60, 2, 10, QLatin1Char('0'));
    return Tr::tr("%1 d %2 h").arg(minutes / (24 * 60)).arg((minutes / 60) % 24);
}

QString formatQuantity(const QString &name, qint64 value)
{
    const QLocale locale;
    if (name.endsWith(QLatin1String("_wh")))
        return Tr::tr("%1 kWh").arg(locale.toString(double(value) / 1000.0, 'f', 2));
    if (name.endsWith(QLatin1String("_w")))
        return Tr::tr("%1 kW").arg(locale.toString(double(value) / 1000.0, 'f', value % 100 == 0 ? 1 : 2));
    if (name.endsWith(QLatin1String("_s")))
        return formatDuration(value);
    if (name.endsWith(QLatin1String("_minor")))
        return locale.toString(double(value) / 100.0, 'f', 2);
    return locale.toString(value);
}

QString formatValue(const Core::FieldDef &field, const QVariant &value)
{
    if (value.isNull() || !value.isValid())
        return {};
    using Core::FieldType;
    switch (field.type) {
    case FieldType::Boolean: return value.toBool() ? Tr::tr("Yes") : Tr::tr("No");
    case FieldType::Timestamp: return formatTimestamp(value);
    case FieldType::Integer: return formatQuantity(field.name, value.toLongLong());
    case FieldType::Real: return QLocale().toString(value.toDouble(), 'g', 12);
    case FieldType::Blob: return QLocale().formattedDataSize(value.toByteArray().size());
    case FieldType::Choice: return choiceText(value.toString());
    case FieldType::Text:
    case FieldType::Email:
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
