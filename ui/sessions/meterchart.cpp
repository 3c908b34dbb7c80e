#include "ui/sessions/meterchart.h"

#include "ui/widgets/timechart.h"
#include "ui/widgets/tr.h"

#include <QCategoryAxis>
#include <QLineSeries>
#include <QValueAxis>

#include <cmath>

namespace ChargeDesk::Ui {

const QList<QuantityInfo> &quantities()
{
    static const QList<QuantityInfo> list{
        {Quantity::Power, QStringLiteral("Power.Active.Import"), Tr::tr("Power"), Tr::tr("kW"), 0.001},
        {Quantity::Energy, QStringLiteral("Energy.Active.Import.Register"), Tr::tr("Energy"), Tr::tr("kWh"), 0.001},
        {Quantity::Current, QStringLiteral("Current.Import"), Tr::tr("Current"), Tr::tr("A"), 1.0},
        {Quantity::Voltage, QStringLiteral("Voltage"), Tr::tr("Voltage"), Tr::tr("V"), 1.0},
        {Quantity::Soc, QStringLiteral("SoC"), Tr::tr("State of charge"), Tr::tr("%"), 1.0},
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
    : m_info(quantityInfo(quantity))
{}

void MeterSeries::add(const QList<Core::Record> &rows)
{
    for (const Core::Record &row : rows) {
        if (row.value(QStringLiteral("measurand")).toString() != m_info.measurand)
            continue;
        const QVariant valid = row.value(QStringLiteral("valid"));
        if (valid.isValid() && !valid.toBool())
            continue;
        double value = row.value(QStringLiteral("value")).toDouble();
        const QString phase = row.value(QStringLiteral("phase")).toString();
        if (m_info.quantity == Quantity::Energy) {
            if (!phase.isEmpty())
                continue; // the register's total is what the session is rated on
            if (!m_energyStart)
                m_energyStart = value;
            value -= *m_energyStart;
        }
        const auto at = double(row.value(QStringLiteral("measured_at")).toLongLong());
        m_points[phase] << QPointF(at, value * m_info.scale);
    }
}

MeterChart::MeterChart(Quantity quantity, const Core::Clock &clock, QWidget *parent)
    : QChartView(parent)
    , m_quantity(quantity)
    , m_clock(clock)
    , m_series(quantity)
{
    const QuantityInfo &info = quantityInfo(quantity);
    setObjectName(QStringLiteral("chart_%1").arg(info.measurand));
    setRenderHint(QPainter::Antialiasing);
    auto *c = newThemedChart(palette());
    c->legend()->setVisible(false);
    m_timeAxis = newTimeAxis(palette());
    m_valueAxis = newValueAxis(palette(), QStringLiteral("%1 (%2)").arg(info.title, info.unit));
    c->addAxis(m_timeAxis, Qt::AlignBottom);
    c->addAxis(m_valueAxis, Qt::AlignLeft);
    setChart(c);
    redraw();
}

void MeterChart::add(const QList<Core::Record> &rows)
{
    m_series.add(rows);
    redraw();
}

void MeterChart::redraw()
{
    const auto &all = m_series.points();
    double minX = INFINITY, maxX = -INFINITY, minY = 0, maxY = -INFINITY;
    for (auto it = all.cbegin(); it != all.cend(); ++it) {
        QLineSeries *&line = m_lines[it.key()];
        if (!line) {
            line = new QLineSeries;
            line->setName(it.key().isEmpty() ? quantityInfo(m_quantity).title : it.key());
            chart()->addSeries(line);
            line->attachAxis(m_timeAxis);
            line->attachAxis(m_valueAxis);
            QPen pen = line->pen();
            pen.setWidthF(2.0);
            line->setPen(pen);
        }
        // Only the points not drawn yet: a live session adds a few at a time.
        const QList<QPointF> &points = it.value();
        for (qsizetype i = line->count(); i < points.size(); ++i)
            line->append(points.at(i));
        for (const QPointF &p : points) {
            minX = std::min(minX, p.x());
            maxX = std::max(maxX, p.x());
            minY = std::min(minY, p.y());
            maxY = std::max(maxY, p.y());
        }
    }
    chart()->legend()->setVisible(m_lines.size() > 1);
    if (!std::isfinite(minX)) {
        const double now = double(m_clock.nowMs());
        labelTimeAxis(m_timeAxis, now - 3600'000.0, now);
        m_valueAxis->setRange(0, 1);
        return;
    }
    if (maxX - minX < 60'000) // a single reading still gets a readable minute around it
        maxX = minX + 60'000;
    labelTimeAxis(m_timeAxis, minX, maxX);
    m_valueAxis->setRange(minY, maxY <= minY ? minY + 1 : maxY * 1.1);
    m_valueAxis->applyNiceNumbers();
}

} // namespace ChargeDesk::Ui
