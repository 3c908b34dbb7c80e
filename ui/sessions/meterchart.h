#pragma once

#include "core/repository.h"

#include "ui/widgets/timechart.h"

#include <QMap>
#include <QPointF>

class QLineSeries;
class QValueAxis;

namespace ChargeDesk::Ui {

// The quantities a session view draws, each from its OCPP measurand.
enum class Quantity { Power, PowerOffered, Energy, Current, Voltage, Soc };

struct QuantityInfo
{
    Quantity quantity;
    QString measurand; // "Power.Active.Import"
    QString title;     // "Power drawn": a line's name
    QString axis;      // "Power": the axis it is drawn on
    QString unit;      // what the axis shows: "kW"
    double scale;      // stored base unit -> shown unit (W -> kW: 0.001)
};
const QList<QuantityInfo> &quantities();
const QuantityInfo &quantityInfo(Quantity quantity);

// One quantity's points over time, per phase ("" for the total), built from stored meter
// value rows (measured_at in UTC ms, value in base units). Only valid readings are drawn.
// Energy is drawn as what the session delivered: the register minus its start value.
class MeterSeries
{
public:
    explicit MeterSeries(Quantity quantity);

    Quantity quantity() const { return m_info->quantity; }
    // The register value the session started at; without it energy starts at the first reading.
    void setEnergyBaseline(double wh) { m_energyStart = wh; }
    // Adds the rows that are readings of this quantity; rows must come in time order.
    void add(const QList<Core::Record> &rows);
    // x: milliseconds since the epoch, y: the shown unit.
    const QMap<QString, QList<QPointF>> &points() const { return m_points; }

private:
    const QuantityInfo *m_info;
    std::optional<double> m_energyStart;
    QMap<QString, QList<QPointF>> m_points;
};

// A line chart of one or more quantities over time, one line per quantity and phase, that
// grows as readings arrive. The first quantity's unit is the left axis; a quantity in another
// unit (energy beside power) gets the right axis. A power chart can also draw the limits the
// charger was sent, as a step line. The time axis covers the readings, up to the clock's now
// while the session is live, so history is to the left of now.
class MeterChart final : public TimeChartView
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MeterChart)

public:
    MeterChart(const QList<Quantity> &quantities, const Core::Clock &clock, QWidget *parent = nullptr);

    bool shows(Quantity quantity) const;
    void setEnergyBaseline(double wh);
    void add(const QList<Core::Record> &rows);
    // Limits sent to the charger (x: UTC ms, y: W); each holds until the next.
    void addLimits(const QList<QPointF> &watts);
    // While live the time axis reaches up to now.
    void setLive(bool live);
    // The points drawn, by phase: what a test compares with what was sent.
    QMap<QString, QList<QPointF>> points(Quantity quantity) const;
    // The limit line as drawn (x: UTC ms, y: kW).
    QList<QPointF> limitPoints() const;

private:
    QValueAxis *axisFor(const QuantityInfo &info);
    QLineSeries *lineFor(const QuantityInfo &info, const QString &phase, QValueAxis *axis);
    void drawLimits(double untilMs);
    void redraw();

    const Core::Clock &m_clock;
    QList<MeterSeries> m_series;
    QList<QPointF> m_limits; // x: UTC ms, y: kW
    QMap<std::pair<int, QString>, QLineSeries *> m_lines;
    QLineSeries *m_limitLine = nullptr;
    QValueAxis *m_leftAxis = nullptr;
    QValueAxis *m_rightAxis = nullptr;
    bool m_live = false;
};

} // namespace ChargeDesk::Ui
