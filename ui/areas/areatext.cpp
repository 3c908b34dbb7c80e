#include "ui/areas/areatext.h"

#include "ui/widgets/tr.h"
#include "ui/widgets/valueformat.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QLocale>

namespace ChargeDesk::Ui {

namespace {

bool isSet(const Core::Record &r, const QString &field)
{
    const QVariant v = r.value(field);
    return v.isValid() && !v.isNull() && !(v.typeId() == QMetaType::QString && v.toString().isEmpty());
}

QString limitType(const Core::Record &area)
{
    return area.value(QStringLiteral("dlb_limit_type")).toString();
}

} // namespace

QString areaUnit(const QString &type)
{
    return type == QLatin1String("current") ? QStringLiteral("A") : QStringLiteral("W");
}

QString areaSupplyText(qint64 value, const QString &type)
{
    if (type == QLatin1String("current"))
        return Tr::tr("%L1 A").arg(value);
    // Limits are set in round numbers: "4 kW", not "4.0 kW"; small ones stay in watts.
    if (value % 1000 == 0 && value != 0)
        return Tr::tr("%L1 kW").arg(value / 1000);
    if (value < 1000)
        return Tr::tr("%L1 W").arg(value);
    return formatQuantity(QStringLiteral("power_w"), value);
}

QString areaBalancingText(const Core::Record &area)
{
    const QString distribution = area.value(QStringLiteral("dlb_distribution")).toString();
    QStringList parts{capitalized(choiceText(distribution))};
    // The fallout strategy only matters when everyone gets an equal share.
    if (distribution == QLatin1String("equal") && isSet(area, QStringLiteral("dlb_fallout")))
        parts << choiceText(area.value(QStringLiteral("dlb_fallout")).toString()).toLower();
    if (isSet(area, QStringLiteral("dlb_redistribution_interval_s")))
        parts << formatDuration(area.value(QStringLiteral("dlb_redistribution_interval_s")).toLongLong());
    const bool hasMin = isSet(area, QStringLiteral("dlb_min_supply"));
    const bool hasMax = isSet(area, QStringLiteral("dlb_max_supply"));
    const QString min = areaSupplyText(area.value(QStringLiteral("dlb_min_supply")).toLongLong(), limitType(area));
    const QString max = areaSupplyText(area.value(QStringLiteral("dlb_max_supply")).toLongLong(), limitType(area));
    if (hasMin && hasMax)
        parts << Tr::tr("%1 – %2", "minimum – maximum supply").arg(min, max);
    else if (hasMin)
        parts << Tr::tr("at least %1").arg(min);
    else if (hasMax)
        parts << Tr::tr("at most %1").arg(max);
    return parts.join(QStringLiteral(", "));
}

QString areaLimitText(const Core::Record &area)
{
    const bool byAsset = area.value(QStringLiteral("dlb_by_asset")).toBool();
    if (!isSet(area, QStringLiteral("dlb_limit")))
        return byAsset ? Tr::tr("the asset's reports") : Tr::tr("none");
    const QString limit = areaSupplyText(area.value(QStringLiteral("dlb_limit")).toLongLong(), limitType(area));
    return byAsset ? Tr::tr("%1, or the asset's reports when there are any").arg(limit) : limit;
}

QString limitPeriodText(const Core::Record &period, const QString &type)
{
    const QLocale locale;
    const QDateTime start = QDateTime::fromMSecsSinceEpoch(period.value(QStringLiteral("starts_at")).toLongLong());
    const QDateTime end = QDateTime::fromMSecsSinceEpoch(period.value(QStringLiteral("ends_at")).toLongLong());
    const QString limit = areaSupplyText(period.value(QStringLiteral("limit_value")).toLongLong(), type);
    const QString recurrence = period.value(QStringLiteral("recurrence")).toString();
    const QString times = Tr::tr("%1 – %2", "start – end time")
                              .arg(locale.toString(start.time(), QLocale::ShortFormat),
                                   locale.toString(end.time(), QLocale::ShortFormat));
    const QString from = locale.toString(start.date(), QLocale::ShortFormat);
    if (recurrence == QLatin1String("daily"))
        return Tr::tr("Daily, %1 from %2: %3").arg(times, from, limit);
    if (recurrence == QLatin1String("weekly")) {
        const int mask = period.value(QStringLiteral("weekdays")).toInt();
        QStringList days;
        for (int d = 0; d < 7; ++d) {
            if (mask & (1 << d))
                days << locale.dayName(d + 1, QLocale::ShortFormat);
        }
        if (days.isEmpty())
            days << locale.dayName(start.date().dayOfWeek(), QLocale::ShortFormat);
        return Tr::tr("Weekly on %1, %2 from %3: %4").arg(days.join(QStringLiteral(", ")), times, from, limit);
    }
    return Tr::tr("Once, %1 – %2: %3")
        .arg(locale.toString(start, QLocale::ShortFormat), locale.toString(end, QLocale::ShortFormat), limit);
}

} // namespace ChargeDesk::Ui
