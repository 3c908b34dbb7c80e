#include "ui/areas/balancechart.h"

#include "ui/widgets/timechart.h"
#include "ui/widgets/tr.h"

#include <QCategoryAxis>
#include <QLineSeries>
#include <QValueAxis>

#include <algorithm>

namespace ChargeDesk::Ui {

namespace {

void dropBefore(QList<QPointF> &points, double fromMs)
{
    const auto first =
        std::find_if(points.begin(), points.end(), [fromMs](const QPointF &p) { return p.x() >= fromMs; });
    points.erase(points.begin(), first);
}

} // namespace

BalanceChart::BalanceChart(const Core::Clock &clock, QWidget *parent)
    : TimeChartView(parent)
    , m_clock(clock)
{
    setObjectName(QStringLiteral("balanceChart"));
    setMinimumHeight(220);
    m_valueAxis = newValueAxis(palette(), QString());
    chart()->addAxis(m_valueAxis, Qt::AlignLeft);
    m_allocatedLine = addLine(Tr::tr("Allocated"), QColor(0x15, 0x65, 0xc0), Qt::SolidLine);
    m_measuredLine = addLine(Tr::tr("Drawn by the sessions"), QColor(0x2e, 0x7d, 0x32), Qt::SolidLine);
    // Last, so that it is drawn on top and never hides under what was allocated up to it.
    m_limitLine = addLine(Tr::tr("Limit"), QColor(0xc6, 0x28, 0x28), Qt::DashLine);
    setScale(Tr::tr("Power (kW)"), 0.001);
}

QLineSeries *BalanceChart::addLine(const QString &name, const QColor &color, Qt::PenStyle style)
{
    auto *line = new QLineSeries;
    line->setName(name);
    chart()->addSeries(line);
    line->attachAxis(timeAxis());
    line->attachAxis(m_valueAxis);
    QPen pen(color, 2.0, style);
    line->setPen(pen);
    return line;
}

void BalanceChart::setScale(const QString &axisTitle, double scale)
{
    if (axisTitle == m_axisTitle && scale == m_scale)
        return;
    m_axisTitle = axisTitle;
    m_scale = scale;
    m_limit.clear();
    m_allocated.clear();
    m_measured.clear();
    m_valueAxis->setTitleText(axisTitle);
    // The unit for the read-out: what the axis title says in brackets ("Current (A)" -> "A").
    const QString unit = axisTitle.section(QLatin1Char('('), 1).section(QLatin1Char(')'), 0, 0);
    for (QLineSeries *line : {m_limitLine, m_allocatedLine, m_measuredLine})
        setReadout(line, unit, 1);
    redraw(m_clock.nowMs());
}

void BalanceChart::addSample(qint64 atMs, std::optional<double> limit, double allocated, std::optional<double> measured)
{
    const double x = double(atMs);
    if (limit) {
        // A step: the previous limit holds up to this sample.
        const double y = *limit * m_scale;
        if (!m_limit.isEmpty() && m_limit.last().y() != y)
            m_limit << QPointF(x, m_limit.last().y());
        m_limit << QPointF(x, y);
    }
    m_allocated << QPointF(x, allocated * m_scale);
    if (measured)
        m_measured << QPointF(x, *measured * m_scale);
    redraw(atMs);
}

void BalanceChart::redraw(qint64 nowMs)
{
    const double from = double(nowMs - KeepMs);
    dropBefore(m_limit, from);
    dropBefore(m_allocated, from);
    dropBefore(m_measured, from);
    m_limitLine->replace(m_limit);
    m_allocatedLine->replace(m_allocated);
    m_measuredLine->replace(m_measured);
    m_measuredLine->setVisible(!m_measured.isEmpty());

    double maxY = 0;
    for (const QList<QPointF> *line : {&m_limit, &m_allocated, &m_measured})
        for (const QPointF &p : *line)
            maxY = std::max(maxY, p.y());
    setDataRange(from, double(nowMs));
    m_valueAxis->setRange(0, maxY <= 0 ? 1 : maxY * 1.15);
    m_valueAxis->applyNiceNumbers();
}

} // namespace ChargeDesk::Ui
