#include "ui/widgets/zoneddatetimeedit.h"

#include "ui/widgets/tr.h"
#include "ui/widgets/valueformat.h"

#include <QLocale>

namespace ChargeDesk::Ui {

ZonedDateTimeEdit::ZonedDateTimeEdit(QWidget *parent)
    : QDateTimeEdit(parent)
{
    setTimeSpec(Qt::UTC);
    setCalendarPopup(true);
    setDisplayFormat(editorFormat());
    setToolTip(Tr::tr("Date and time in %1").arg(displayZoneText()));
    connect(this, &QDateTimeEdit::dateTimeChanged, this,
            [this](const QDateTime &wall) { emit utcMsChanged(instantOf(wall)); });
}

void ZonedDateTimeEdit::setUtcMs(qint64 utcMs)
{
    setDateTime(wallClock(utcMs));
}

qint64 ZonedDateTimeEdit::utcMs() const
{
    return instantOf(dateTime());
}

QDateTime ZonedDateTimeEdit::wallClock(qint64 utcMs)
{
    const QDateTime local = displayTime(utcMs);
    return QDateTime(local.date(), local.time(), Qt::UTC);
}

qint64 ZonedDateTimeEdit::instantOf(const QDateTime &wallClock)
{
    return QDateTime(wallClock.date(), wallClock.time(), displayZone()).toMSecsSinceEpoch();
}

QString ZonedDateTimeEdit::editorFormat()
{
    QString format = QLocale().dateTimeFormat(QLocale::ShortFormat);
    if (!format.contains(QLatin1String("yyyy")))
        format.replace(QLatin1String("yy"), QLatin1String("yyyy"));
    return format;
}

} // namespace ChargeDesk::Ui
