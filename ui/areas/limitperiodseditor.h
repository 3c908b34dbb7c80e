#pragma once

#include "core/clock.h"
#include "core/entitydef.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QToolButton;
class QVBoxLayout;

namespace ChargeDesk::Ui {

class ZonedDateTimeEdit;

// An area's limit periods as rows: how it recurs, from when to when, on which weekdays (for
// weekly ones) and the limit in the area's unit. Core's messages for a row ("limit_periods/
// <row>/<field>", see Core::limitPeriodField) are shown under that row. Object names count
// rows from 0: periodRecurrence_0, periodStart_0, periodEnd_0, periodDay_0_<0..6 Monday
// first>, periodLimit_0, removePeriod_0, periodError_0, and addPeriod for the button. A new
// row starts at the clock's next whole hour.
class LimitPeriodsEditor final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LimitPeriodsEditor)

public:
    explicit LimitPeriodsEditor(const Core::Clock &clock, QWidget *parent = nullptr);

    // Rows of area_limit_periods (recurrence, starts_at, ends_at, weekdays, limit_value).
    void setPeriods(const QList<Core::Record> &periods);
    QList<Core::Record> periods() const;
    // "W" or "A", after every limit.
    void setUnit(const QString &unit);

    void clearErrors();
    // Shows the messages that concern a row; false when none did.
    bool showErrors(const QList<Core::FieldError> &errors);

signals:
    void edited();

private:
    struct Row
    {
        QWidget *box;
        QComboBox *recurrence;
        ZonedDateTimeEdit *start;
        ZonedDateTimeEdit *end;
        QWidget *days;
        QList<QToolButton *> day;
        QSpinBox *limit;
        QPushButton *remove;
        QLabel *error;
    };
    Row &addRow(const Core::Record &period);
    void removeRow(QWidget *box);
    void renumber();
    qint64 nextHourMs(int hoursAhead) const;

    const Core::Clock &m_clock;
    QVBoxLayout *m_rowsLayout = nullptr;
    QLabel *m_empty = nullptr;
    QPushButton *m_add = nullptr;
    QList<Row> m_rows;
    QString m_unit = QStringLiteral("W");
};

} // namespace ChargeDesk::Ui
