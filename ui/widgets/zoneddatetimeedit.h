#pragma once

#include <QDateTimeEdit>

namespace ChargeDesk::Ui {

// A date and time editor in the display zone (the site's, or an operator user's operator's),
// whatever zone the computer is in. Qt 6.4's QDateTimeEdit knows local time, UTC and fixed
// offsets but no time zones, so the wall-clock time is edited as a UTC date-time and turned
// into an instant through the display zone on the way out: a time after a DST change gets
// that day's offset, not today's. The tooltip names the zone.
class ZonedDateTimeEdit final : public QDateTimeEdit
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ZonedDateTimeEdit)

public:
    explicit ZonedDateTimeEdit(QWidget *parent = nullptr);

    void setUtcMs(qint64 utcMs);
    qint64 utcMs() const;

    // The display zone's wall-clock time of an instant, as a UTC date-time; and back.
    static QDateTime wallClock(qint64 utcMs);
    static qint64 instantOf(const QDateTime &wallClock);
    // The locale's short date-time format with a four-digit year, which an editor can place in
    // its century.
    static QString editorFormat();

signals:
    void utcMsChanged(qint64 utcMs);
};

} // namespace ChargeDesk::Ui
