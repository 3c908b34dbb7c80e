#pragma once

#include "core/repository.h"

#include <QChartView>
#include <QMap>
#include <QPointF>

class QCategoryAxis;
class QLineSeries;
class QValueAxis;

namespace ChargeDesk::Ui {

// The quantities a session view draws, each from its OCPP measurand.
enum class Quantity { Power, Energy, Current, Voltage, Soc };

struct QuantityInfo
{
    Quantity quantity;
    QString measurand; // "Power.Active.Import"
    QString title;     // "Power"
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

    // The register value the session started at; without it energy starts at the first reading.
    void setEnergyBaseline(double wh) { m_energyStart = wh; }
    // Adds the rows that are readings of this quantity; rows must come in time order.
    void add(const QList<Core::Record> &rows);
    // x: milliseconds since the epoch, y: the shown unit.
    const QMap<QString, QList<QPointF>> &points() const { return m_points; }

private:
    const QuantityInfo &m_info;
    std::optional<double> m_energyStart;
    QMap<QString, QList<QPointF>> m_points;
};

// A line chart of one quantity over local time, one line per phase, that grows as readings
// arrive. The axes follow the data; without any, they show the hour up to the clock's now.
class MeterChart final : public QChartView
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MeterChart)

public:
    MeterChart(Quantity quantity, const Core::Clock &clock, QWidget *parent = nullptr);

    Quantity quantity() const { return m_quantity; }
    void setEnergyBaseline(double wh) { m_series.setEnergyBaseline(wh); }
    void add(const QList<Core::Record> &rows);
    // The points drawn, by phase: what a test compares with what was sent.
    const QMap<QString, QList<QPointF>> &points() const { return m_series.points(); }

private:
    void redraw();

    Quantity m_quantity;
    const Core::Clock &m_clock;
    MeterSeries m_series;
    QMap<QString, QLineSeries *> m_lines;
    QCategoryAxis *m_timeAxis = nullptr;
    QValueAxis *m_valueAxis = nullptr;
};

} // namespace ChargeDesk::Ui
