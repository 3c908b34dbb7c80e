#pragma once

#include "core/actor.h"
#include "core/compositeschedule.h"
#include "core/entitydef.h"

#include <QPointF>
#include <QTimer>
#include <QWidget>

class QChart;
class QChartView;
class QLabel;
class QLineSeries;

namespace ChargeDesk::Core {
class Repository;
}

namespace ChargeDesk::Ui {

// The corners of a step line through `periods` up to `endS` seconds after the schedule's
// start: each limit holds from its period's start until the next period starts or `endS`.
// Periods that start at or after `endS` never apply and are left out.
QList<QPointF> limitSteps(QList<Core::ProfileValues::Period> periods, qint64 endS);

// How far the chart of `profile` reaches: its duration when it has one, one recurrence of a
// recurring profile without one, else a window past the last period's start that shows it.
// `openEnded` tells whether the last limit goes on beyond the end shown.
qint64 chartEndS(const Core::Record &profile, const QList<Core::ProfileValues::Period> &periods, bool *openEnded);

// A charging profile's schedule as a step chart of its limit (A or W, the profile's unit) over
// the time from its schedule's start. It follows the profile and its periods as they change.
class ChargingProfileChart final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChargingProfileChart)

public:
    ChargingProfileChart(Core::Repository &repository, const Core::Actor &actor, QWidget *parent = nullptr);

    // 0 shows nothing.
    void setProfile(qint64 profileId);
    qint64 profileId() const { return m_profileId; }
    // The limit line as drawn.
    QList<QPointF> points() const;

private:
    void onRowChanged(const QString &table, qint64 id);
    void reload();
    void showEmpty(const QString &text);
    void setTimeAxis(qint64 endS);

    Core::Repository &m_repository;
    const Core::Actor m_actor;
    qint64 m_profileId = 0;
    QChart *m_chart = nullptr;
    QChartView *m_view = nullptr;
    QLineSeries *m_line = nullptr;
    QLabel *m_empty = nullptr;
    QLabel *m_caption = nullptr;
    QTimer m_reloadTimer; // one redraw for a burst of period changes (a profile saved whole)
};

} // namespace ChargeDesk::Ui
