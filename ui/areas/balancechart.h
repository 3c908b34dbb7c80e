#pragma once

#include "core/clock.h"
#include "ui/widgets/timechart.h"

#include <QPointF>

#include <optional>

class QLineSeries;
class QValueAxis;

namespace ChargeDesk::Ui {

// An area's total allocated power (and what its sessions draw) against its limit over the
// last half hour, sampled while the load balancing view is open. The limit is a step line:
// it holds until the next sample that changes it, drawn above the others. Samples are kept in
// memory only. The time axis always ends at the clock's now: a chart just opened fills in
// from the right, history to the left of now.
class BalanceChart final : public TimeChartView
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BalanceChart)

public:
    static constexpr qint64 KeepMs = 30 * 60 * 1000;

    explicit BalanceChart(const Core::Clock &clock, QWidget *parent = nullptr);

    // The value axis ("Power (kW)") and the factor from the area's unit to it (W -> kW: 0.001).
    // A change starts the chart over.
    void setScale(const QString &axisTitle, double scale);
    // One sample in the area's unit; `measured` only where it is known.
    void addSample(qint64 atMs, std::optional<double> limit, double allocated, std::optional<double> measured);

    // The lines as drawn (x: UTC ms, y: the shown unit).
    const QList<QPointF> &limitPoints() const { return m_limit; }
    const QList<QPointF> &allocatedPoints() const { return m_allocated; }
    const QList<QPointF> &measuredPoints() const { return m_measured; }

private:
    QLineSeries *addLine(const QString &name, const QColor &color, Qt::PenStyle style);
    void redraw(qint64 nowMs);

    const Core::Clock &m_clock;
    QString m_axisTitle;
    double m_scale = 1;
    QList<QPointF> m_limit;
    QList<QPointF> m_allocated;
    QList<QPointF> m_measured;
    QLineSeries *m_limitLine = nullptr;
    QLineSeries *m_allocatedLine = nullptr;
    QLineSeries *m_measuredLine = nullptr;
    QValueAxis *m_valueAxis = nullptr;
};

} // namespace ChargeDesk::Ui
