#include "ui/sessions/meterchart.h"

#include "ui/widgets/timechart.h"
#include "ui/widgets/tr.h"

#include <QCategoryAxis>
#include <QLineSeries>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace ChargeDesk::Ui {

const QList<QuantityInfo> &quantities()
{
    static const QList<QuantityInfo> list{
        {Quantity::Power, QStringLiteral("Power.Active.Import"), Tr::tr("Power drawn"), Tr::tr("Power"), Tr::tr("kW"),
         0.001},
        {Quantity::PowerOffered, QStringLiteral("Power.Offered"), Tr::tr("Power offered"), Tr::tr("Power"),
         Tr::tr("kW"), 0.001},
        {Quantity::Energy, QStringLiteral("Energy.Active.Import.Register"), Tr::tr("Energy"), Tr::tr("Energy"),
         Tr::tr("kWh"), 0.001},
        {Quantity::Current, QStringLiteral("Current.Import"), Tr::tr("Current"), Tr::tr("Current"), Tr::tr("A"), 1.0},
        {Quantity::Voltage, QStringLiteral("Voltage"), Tr::tr("Voltage"), Tr::tr("Voltage"), Tr::tr("V"), 1.0},
        {Quantity::Soc, QStringLiteral("SoC"), Tr::tr("State of charge"), Tr::tr("State of charge"), Tr::tr("%"), 1.0},
    };
    return list;
}

const QuantityInfo &quantityInfo(Quantity quantity)
{
    for (const QuantityInfo &info : quantities())
        if (info.quantity == quantity)
            return info;
    return quantities().first();
}

MeterSeries::MeterSeries(Quantity quantity)
    : m_info(&quantityInfo(quantity))
{}

void MeterSeries::add(const QList<Core::Record> &rows)
{
    for (const Core::Record &row : rows) {
        if (row.value(QStringLiteral("measurand")).toString() != m_info->measurand)
            continue;
        const QVariant valid = row.value(QStringLiteral("valid"));
        if (valid.isValid() && !valid.toBool())
            continue;
        double value = row.value(QStringLiteral("value")).toDouble();
        const QString phase = row.value(QStringLiteral("phase")).toString();
        if (m_info->quantity == Quantity::Energy) {
            if (!phase.isEmpty())
                continue; // the register's total is what the session is rated on
            if (!m_energyStart)
                m_energyStart = value;
            value -= *m_energyStart;
        }
        const auto at = double(row.value(QStringLiteral("measured_at")).toLongLong());
        m_points[phase] << QPointF(at, value * m_info->scale);
    }
}

MeterChart::MeterChart(const QList<Quantity> &quantities, const Core::Clock &clock, QWidget *parent)
    : TimeChartView(parent)
    , m_clock(clock)
{
    setObjectName(QStringLiteral("chart_%1").arg(quantityInfo(quantities.first()).measurand));
    for (Quantity q : quantities)
        m_series << MeterSeries(q);
    const QuantityInfo &first = quantityInfo(quantities.first());
    m_leftAxis = newValueAxis(palette(), QStringLiteral("%1 (%2)").arg(first.axis, first.unit));
    chart()->addAxis(m_leftAxis, Qt::AlignLeft);
    for (Quantity q : quantities)
        axisFor(quantityInfo(q));
    redraw();
}

QValueAxis *MeterChart::axisFor(const QuantityInfo &info)
{
    if (info.unit == quantityInfo(m_series.first().quantity()).unit)
        return m_leftAxis;
    if (!m_rightAxis) {
        m_rightAxis = newValueAxis(palette(), QStringLiteral("%1 (%2)").arg(info.axis, info.unit));
        m_rightAxis->setGridLineVisible(false);
        chart()->addAxis(m_rightAxis, Qt::AlignRight);
    }
    return m_rightAxis;
}

bool MeterChart::shows(Quantity quantity) const
{
    return std::any_of(m_series.cbegin(), m_series.cend(),
                       [quantity](const MeterSeries &s) { return s.quantity() == quantity; });
}

void MeterChart::setEnergyBaseline(double wh)
{
    for (MeterSeries &s : m_series)
        s.setEnergyBaseline(wh);
}

void MeterChart::add(const QList<Core::Record> &rows)
{
    for (MeterSeries &s : m_series)
        s.add(rows);
    redraw();
}

void MeterChart::addLimits(const QList<QPointF> &watts)
{
    if (watts.isEmpty())
        return;
    if (!m_limitLine) {
        m_limitLine = new QLineSeries;
        m_limitLine->setName(Tr::tr("Limit sent"));
        m_limitLine->setPen(QPen(QColor(0xc6, 0x28, 0x28), 2.0, Qt::DashLine));
        chart()->addSeries(m_limitLine); // added last, so drawn above the readings
        m_limitLine->attachAxis(timeAxis());
        m_limitLine->attachAxis(m_leftAxis);
        setReadout(m_limitLine, Tr::tr("kW"), 1);
    }
    for (const QPointF &p : watts)
        m_limits << QPointF(p.x(), p.y() / 1000.0);
    redraw();
}

void MeterChart::setLive(bool live)
{
    if (live == m_live)
        return;
    m_live = live;
    redraw();
}

QMap<QString, QList<QPointF>> MeterChart::points(Quantity quantity) const
{
    for (const MeterSeries &s : m_series)
        if (s.quantity() == quantity)
            return s.points();
    return {};
}

QList<QPointF> MeterChart::limitPoints() const
{
    return m_limitLine ? m_limitLine->points() : QList<QPointF>();
}

void MeterChart::drawLimits(double untilMs)
{
    if (!m_limitLine)
        return;
    // A step: each limit holds up to the next one, the last up to the end of the chart.
    QList<QPointF> steps;
    for (const QPointF &p : std::as_const(m_limits)) {
        if (!steps.isEmpty())
            steps << QPointF(p.x(), steps.last().y());
        steps << p;
    }
    if (!steps.isEmpty() && untilMs > steps.last().x())
        steps << QPointF(untilMs, steps.last().y());
    m_limitLine->replace(steps);
}

QLineSeries *MeterChart::lineFor(const QuantityInfo &info, const QString &phase, QValueAxis *axis)
{
    QLineSeries *&line = m_lines[{int(info.quantity), phase}];
    if (line)
        return line;
    line = new QLineSeries;
    line->setName(phase.isEmpty() ? info.title : QStringLiteral("%1 %2").arg(info.title, phase));
    chart()->addSeries(line);
    line->attachAxis(timeAxis());
    line->attachAxis(axis);
    QPen pen = line->pen();
    pen.setWidthF(2.0);
    if (info.quantity == Quantity::PowerOffered) {
        pen.setColor(QColor(0x78, 0x90, 0x9c));
        pen.setStyle(Qt::DashDotLine);
    } else if (info.quantity == Quantity::Energy && m_series.size() > 1) {
        pen.setColor(QColor(0xef, 0x8f, 0x00));
    }
    line->setPen(pen);
    setReadout(line, info.unit, info.quantity == Quantity::Soc || info.quantity == Quantity::Voltage ? 0 : 1);
    if (m_limitLine) { // keep the limit on top
        chart()->removeSeries(m_limitLine);
        chart()->addSeries(m_limitLine);
        m_limitLine->attachAxis(timeAxis());
        m_limitLine->attachAxis(m_leftAxis);
    }
    return line;
}

namespace {

struct Extent
{
    double minX = INFINITY, maxX = -INFINITY, minY = 0, maxY = -INFINITY;
    void add(const QPointF &p)
    {
        minX = std::min(minX, p.x());
        maxX = std::max(maxX, p.x());
        minY = std::min(minY, p.y());
        maxY = std::max(maxY, p.y());
    }
};

void fitAxis(QValueAxis *axis, const Extent &e)
{
    if (!axis)
        return;
    axis->setRange(e.minY, e.maxY <= e.minY ? e.minY + 1 : e.maxY * 1.1);
    axis->applyNiceNumbers();
}

} // namespace

void MeterChart::redraw()
{
    Extent left, right;
    for (const MeterSeries &series : std::as_const(m_series)) {
        const QuantityInfo &info = quantityInfo(series.quantity());
        QValueAxis *axis = axisFor(info);
        Extent &extent = axis == m_leftAxis ? left : right;
        const auto &all = series.points();
        for (auto it = all.cbegin(); it != all.cend(); ++it) {
            QLineSeries *line = lineFor(info, it.key(), axis);
            // Only the points not drawn yet: a live session adds a few at a time.
            const QList<QPointF> &points = it.value();
            for (qsizetype i = line->count(); i < points.size(); ++i)
                line->append(points.at(i));
            // A few readings show as dots, so that a single one is not invisible.
            line->setPointsVisible(points.size() < 30);
            for (const QPointF &p : points)
                extent.add(p);
        }
    }
    for (const QPointF &p : std::as_const(m_limits))
        left.add(p);
    chart()->legend()->setVisible(m_lines.size() + (m_limitLine ? 1 : 0) > 1);
    double minX = std::min(left.minX, right.minX);
    double maxX = std::max(left.maxX, right.maxX);
    const double now = double(m_clock.nowMs());
    if (!std::isfinite(minX)) {
        drawLimits(now);
        setDataRange(now - 3600'000.0, now);
        fitAxis(m_leftAxis, {});
        fitAxis(m_rightAxis, {});
        return;
    }
    if (m_live)
        maxX = std::max(maxX, now);
    if (maxX - minX < 60'000) // a single reading still gets a readable minute around it
        maxX = minX + 60'000;
    drawLimits(maxX);
    setDataRange(minX, maxX);
    fitAxis(m_leftAxis, left);
    fitAxis(m_rightAxis, right);
}

} // namespace ChargeDesk::Ui
