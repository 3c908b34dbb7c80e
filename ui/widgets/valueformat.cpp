#include "ui/widgets/valueformat.h"

#include "core/catalog.h"
#include "ui/widgets/tr.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QHash>
#include <QLocale>
#include <QRegularExpression>
#include <QSet>
#include <QTimeZone>

#include <cmath>

namespace ChargeDesk::Ui {

namespace {

// The words that choiceText makes of the catalog's choice codes, listed so that lupdate puts
// them in the translations; a code missing here is shown in English.
[[maybe_unused]] constexpr const char *ChoiceWords[] = {
    QT_TRANSLATE_NOOP("Choice", "Charging end"),
    QT_TRANSLATE_NOOP("Choice", "Parking end"),
    QT_TRANSLATE_NOOP("Choice", "None"),
    QT_TRANSLATE_NOOP("Choice", "Initial only"),
    QT_TRANSLATE_NOOP("Choice", "Auth control"),
    QT_TRANSLATE_NOOP("Choice", "Active"),
    QT_TRANSLATE_NOOP("Choice", "Inactive"),
    QT_TRANSLATE_NOOP("Choice", "Prepaid"),
    QT_TRANSLATE_NOOP("Choice", "Postpaid"),
    QT_TRANSLATE_NOOP("Choice", "Pay now"),
    QT_TRANSLATE_NOOP("Choice", "Suspended"),
    QT_TRANSLATE_NOOP("Choice", "Closed"),
    QT_TRANSLATE_NOOP("Choice", "Power"),
    QT_TRANSLATE_NOOP("Choice", "Current"),
    QT_TRANSLATE_NOOP("Choice", "Equal"),
    QT_TRANSLATE_NOOP("Choice", "First in first charged"),
    QT_TRANSLATE_NOOP("Choice", "First in"),
    QT_TRANSLATE_NOOP("Choice", "Round allocation"),
    QT_TRANSLATE_NOOP("Choice", "Once"),
    QT_TRANSLATE_NOOP("Choice", "Daily"),
    QT_TRANSLATE_NOOP("Choice", "Weekly"),
    QT_TRANSLATE_NOOP("Choice", "One time"),
    QT_TRANSLATE_NOOP("Choice", "Recurring"),
    QT_TRANSLATE_NOOP("Choice", "Charger total"),
    QT_TRANSLATE_NOOP("Choice", "Session default"),
    QT_TRANSLATE_NOOP("Choice", "WSS basic"),
    QT_TRANSLATE_NOOP("Choice", "Disabled"),
    QT_TRANSLATE_NOOP("Choice", "Operative"),
    QT_TRANSLATE_NOOP("Choice", "Inoperative"),
    QT_TRANSLATE_NOOP("Choice", "AC single phase"),
    QT_TRANSLATE_NOOP("Choice", "AC three phase"),
    QT_TRANSLATE_NOOP("Choice", "Available"),
    QT_TRANSLATE_NOOP("Choice", "Preparing"),
    QT_TRANSLATE_NOOP("Choice", "Charging"),
    QT_TRANSLATE_NOOP("Choice", "Suspended EVSE"),
    QT_TRANSLATE_NOOP("Choice", "Suspended EV"),
    QT_TRANSLATE_NOOP("Choice", "Finishing"),
    QT_TRANSLATE_NOOP("Choice", "Reserved"),
    QT_TRANSLATE_NOOP("Choice", "Unavailable"),
    QT_TRANSLATE_NOOP("Choice", "Faulted"),
    QT_TRANSLATE_NOOP("Choice", "Unknown"),
    QT_TRANSLATE_NOOP("Choice", "Type1"),
    QT_TRANSLATE_NOOP("Choice", "Type2"),
    QT_TRANSLATE_NOOP("Choice", "Type3"),
    QT_TRANSLATE_NOOP("Choice", "Chaoji"),
    QT_TRANSLATE_NOOP("Choice", "Chademo"),
    QT_TRANSLATE_NOOP("Choice", "Other"),
    QT_TRANSLATE_NOOP("Choice", "Smart meter"),
    QT_TRANSLATE_NOOP("Choice", "Producer"),
    QT_TRANSLATE_NOOP("Choice", "Consumer"),
    QT_TRANSLATE_NOOP("Choice", "Battery"),
    QT_TRANSLATE_NOOP("Choice", "Blocked"),
    QT_TRANSLATE_NOOP("Choice", "Used"),
    QT_TRANSLATE_NOOP("Choice", "Expired"),
    QT_TRANSLATE_NOOP("Choice", "Cancelled"),
    QT_TRANSLATE_NOOP("Choice", "Ready"),
    QT_TRANSLATE_NOOP("Choice", "Refused"),
    QT_TRANSLATE_NOOP("Choice", "In progress"),
    QT_TRANSLATE_NOOP("Choice", "Limit reached"),
    QT_TRANSLATE_NOOP("Choice", "Closing"),
    QT_TRANSLATE_NOOP("Choice", "Rating failed"),
    QT_TRANSLATE_NOOP("Choice", "Billing failed"),
    QT_TRANSLATE_NOOP("Choice", "Customer"),
    QT_TRANSLATE_NOOP("Choice", "Payment"),
    QT_TRANSLATE_NOOP("Choice", "Roaming"),
    QT_TRANSLATE_NOOP("Choice", "Public free"),
    QT_TRANSLATE_NOOP("Choice", "Absolute"),
    QT_TRANSLATE_NOOP("Choice", "Relative"),
    QT_TRANSLATE_NOOP("Choice", "Mixed"),
    QT_TRANSLATE_NOOP("Choice", "Monetary"),
    QT_TRANSLATE_NOOP("Choice", "Energy"),
    QT_TRANSLATE_NOOP("Choice", "Charge time"),
    QT_TRANSLATE_NOOP("Choice", "Resources"),
    QT_TRANSLATE_NOOP("Choice", "Charging profile energy"),
    QT_TRANSLATE_NOOP("Choice", "Email"),
    QT_TRANSLATE_NOOP("Choice", "Push"),
    QT_TRANSLATE_NOOP("Choice", "Infrastructure"),
    QT_TRANSLATE_NOOP("Choice", "Session"),
    QT_TRANSLATE_NOOP("Choice", "Log"),
    QT_TRANSLATE_NOOP("Choice", "Base"),
    QT_TRANSLATE_NOOP("Choice", "Hub"),
    QT_TRANSLATE_NOOP("Choice", "We register"),
    QT_TRANSLATE_NOOP("Choice", "They register"),
    QT_TRANSLATE_NOOP("Choice", "New"),
    QT_TRANSLATE_NOOP("Choice", "Registered"),
    QT_TRANSLATE_NOOP("Choice", "Invalidated"),
    QT_TRANSLATE_NOOP("Choice", "Draft"),
    QT_TRANSLATE_NOOP("Choice", "Published"),
    QT_TRANSLATE_NOOP("Choice", "In"),
    QT_TRANSLATE_NOOP("Choice", "Out"),
};

} // namespace

QString capitalized(QString text)
{
    if (!text.isEmpty())
        text[0] = text[0].toUpper();
    return text;
}

// Core stores choices as codes; until the catalog carries display names, show them as words
// ("ac_three_phase" -> "AC three phase", translated in the "Choice" context) and leave codes
// such as "ocpp1.6" as they are, because they are what technicians know.
QString choiceText(const QString &code)
{
    static const QSet<QString> acronyms{QStringLiteral("ac"),   QStringLiteral("dc"),       QStringLiteral("ev"),
                                        QStringLiteral("evse"), QStringLiteral("ws"),       QStringLiteral("wss"),
                                        QStringLiteral("tls"),  QStringLiteral("starttls"), QStringLiteral("ccs1"),
                                        QStringLiteral("ccs2"), QStringLiteral("gbt"),      QStringLiteral("cpo"),
                                        QStringLiteral("emsp"), QStringLiteral("ptp"),      QStringLiteral("nap"),
                                        QStringLiteral("nsp"),  QStringLiteral("id"),       QStringLiteral("url"),
                                        QStringLiteral("sms"),  QStringLiteral("ocpi"),     QStringLiteral("oicp")};
    static const QRegularExpression plain(QStringLiteral("^[a-z0-9]+(_[a-z0-9]+)*$"));
    if (!plain.match(code).hasMatch())
        return code;
    QStringList words = code.split(QLatin1Char('_'));
    for (QString &word : words) {
        if (acronyms.contains(word))
            word = word.toUpper();
    }
    return QCoreApplication::translate("Choice", capitalized(words.join(QLatin1Char(' '))).toUtf8().constData());
}

namespace {

QTimeZone &zoneSetting()
{
    static QTimeZone zone = QTimeZone::systemTimeZone();
    return zone;
}

} // namespace

void setDisplayZone(const QTimeZone &zone)
{
    zoneSetting() = zone.isValid() ? zone : QTimeZone::systemTimeZone();
}

QTimeZone displayZone()
{
    return zoneSetting();
}

QDateTime displayTime(qint64 utcMs)
{
    return QDateTime::fromMSecsSinceEpoch(utcMs, zoneSetting());
}

QString displayZoneText()
{
    const QTimeZone zone = zoneSetting();
    const QString abbreviation = zone.abbreviation(QDateTime::currentDateTimeUtc());
    const QString id = QString::fromUtf8(zone.id());
    return abbreviation.isEmpty() || abbreviation == id ? id : Tr::tr("%1 (%2)").arg(id, abbreviation);
}

QString formatTimestamp(const QVariant &utcMs)
{
    if (utcMs.isNull() || !utcMs.isValid())
        return {};
    return QLocale().toString(displayTime(utcMs.toLongLong()), QLocale::ShortFormat);
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

QString formatKilowatts(double watts)
{
    return Tr::tr("%1 kW").arg(QLocale().toString(watts / 1000.0, 'f', 1));
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
        return formatMoney(value, displayCurrency());
    if (name.endsWith(QLatin1String("_percent")))
        return Tr::tr("%1 %").arg(locale.toString(value));
    return locale.toString(value);
}

QString currencySymbol(const QString &isoCode)
{
    // Qt knows each currency's symbol only through a locale that uses it: ask the first one.
    static QHash<QString, QString> symbols;
    if (const auto known = symbols.constFind(isoCode); known != symbols.constEnd())
        return *known;
    QString symbol = isoCode;
    const auto locales = QLocale::matchingLocales(QLocale::AnyLanguage, QLocale::AnyScript, QLocale::AnyTerritory);
    for (const QLocale &locale : locales) {
        if (locale.currencySymbol(QLocale::CurrencyIsoCode) == isoCode) {
            symbol = locale.currencySymbol(QLocale::CurrencySymbol);
            break;
        }
    }
    symbols.insert(isoCode, symbol);
    return symbol;
}

int currencyDecimals(const QString &isoCode)
{
    // ISO 4217's minor units; Qt has no table of them (QLocale knows a currency only
    // through a country that uses it, and then not its decimals).
    static const QSet<QString> none{QStringLiteral("BIF"), QStringLiteral("CLP"), QStringLiteral("DJF"),
                                    QStringLiteral("GNF"), QStringLiteral("ISK"), QStringLiteral("JPY"),
                                    QStringLiteral("KMF"), QStringLiteral("KRW"), QStringLiteral("PYG"),
                                    QStringLiteral("RWF"), QStringLiteral("UGX"), QStringLiteral("UYI"),
                                    QStringLiteral("VND"), QStringLiteral("VUV"), QStringLiteral("XAF"),
                                    QStringLiteral("XOF"), QStringLiteral("XPF")};
    static const QSet<QString> three{QStringLiteral("BHD"), QStringLiteral("IQD"), QStringLiteral("JOD"),
                                     QStringLiteral("KWD"), QStringLiteral("LYD"), QStringLiteral("OMR"),
                                     QStringLiteral("TND")};
    static const QSet<QString> four{QStringLiteral("CLF"), QStringLiteral("UYW")};
    if (none.contains(isoCode))
        return 0;
    if (three.contains(isoCode))
        return 3;
    return four.contains(isoCode) ? 4 : 2;
}

namespace {

QString &currencySetting()
{
    static QString currency;
    return currency;
}

} // namespace

void setDisplayCurrency(const QString &isoCode)
{
    static const QRegularExpression iso(QStringLiteral("^[A-Z]{3}$"));
    const QString code = isoCode.trimmed().toUpper();
    currencySetting() = iso.match(code).hasMatch() ? code : QString();
}

QString displayCurrency()
{
    return currencySetting();
}

QString formatMoney(qint64 minor, const QString &currency)
{
    const int decimals = currencyDecimals(currency.isEmpty() ? displayCurrency() : currency);
    const double major = double(minor) / std::pow(10.0, decimals);
    return currency.isEmpty() ? QLocale().toString(major, 'f', decimals)
                              : QLocale().toCurrencyString(major, currencySymbol(currency), decimals);
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
    const QDateTime local = displayTime(utcMs.toLongLong());
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

QString snakeCase(const QString &ocppName)
{
    QString snake;
    QChar previous;
    for (const QChar ch : ocppName) {
        // "SuspendedEVSE" -> "suspended_evse": a run of capitals is one word.
        if (ch.isUpper() && !snake.isEmpty() && !previous.isUpper())
            snake += QLatin1Char('_');
        snake += ch.toLower();
        previous = ch;
    }
    return snake;
}

QString ocppStatusText(const QString &status)
{
    return choiceText(snakeCase(status));
}

QColor statusColor(const QString &status, bool online)
{
    if (status == u"faulted")
        return QColor(0xe0, 0x4f, 0x4f);
    if (!online || status.isEmpty() || status == u"unavailable" || status == u"unknown" || status == u"closed")
        return QColor(0x8c, 0x8f, 0x94);
    if (status == u"available")
        return QColor(0x3b, 0xa5, 0x5c);
    if (status == u"charging")
        return QColor(0x3d, 0x8b, 0xf0);
    return QColor(0xe3, 0xa0, 0x2b); // preparing, suspended, finishing, reserved
}

namespace {

// A session's status: green charging, blue waiting, amber stopping, red refused or failed,
// grey closed (the list's chips and the session view's badge alike).
QColor sessionStatusColor(const QString &status)
{
    if (status == u"in_progress")
        return QColor(0x2e, 0x9d, 0x5b);
    if (status == u"ready" || status == u"reserved")
        return QColor(0x2f, 0x6f, 0xd1);
    if (status == u"limit_reached" || status == u"closing")
        return QColor(0xd0, 0x8a, 0x12);
    if (status == u"refused" || status.endsWith(u"_failed"))
        return QColor(0xc8, 0x3a, 0x3a);
    return QColor(0x7a, 0x7f, 0x87);
}

} // namespace

QColor statusChipColor(const QString &table, const QString &column, const QVariant &value)
{
    namespace T = Core::Tables;
    if (table == T::Stations && column == u"connected")
        return statusColor(QStringLiteral("available"), value.toBool());
    if (column != u"status")
        return {};
    const QString status = value.toString();
    if (table == T::Connectors || table == T::Chargers)
        return statusColor(status);
    if (table == T::Sessions)
        return sessionStatusColor(status);
    if (table == T::Reservations) {
        if (status == u"active")
            return statusColor(QStringLiteral("charging"));
        return statusColor(status == u"used" ? QStringLiteral("available") : QStringLiteral("unknown"));
    }
    return {};
}

QString formatRecentTimestamp(const QVariant &utcMs, const QDateTime &now)
{
    if (utcMs.isNull() || !utcMs.isValid())
        return {};
    const QDateTime at = displayTime(utcMs.toLongLong());
    if (at.date() == now.toTimeZone(displayZone()).date())
        return QLocale().toString(at.time(), QLocale::ShortFormat);
    return QLocale().toString(at, QLocale::ShortFormat);
}

} // namespace ChargeDesk::Ui
