#include "ui/meterchart.h"

#include <QCategoryAxis>
#include <QDateTime>
#include <QLineSeries>
#include <QValueAxis>

#include <cmath>

namespace ChargeDesk::Ui {

const QList<QuantityInfo> &quantities()
{
    static const QList<QuantityInfo> list{
        {Quantity::Power, QStringLiteral("Power.Active.Import"), MeterChart::tr("Power"), MeterChart::tr("kW"), 0.001},
        {Quantity::Energy, QStringLiteral("Energy.Active.Import.Register"), MeterChart::tr("Energy"),
         MeterChart::tr("kWh"), 0.001},
        {Quantity::Current, QStringLiteral("Current.Import"), MeterChart::tr("Current"), MeterChart::tr("A"), 1.0},
        {Quantity::Voltage, QStringLiteral("Voltage"), MeterChart::tr("Voltage"), MeterChart::tr("V"), 1.0},
        {Quantity::Soc, QStringLiteral("SoC"), MeterChart::tr("State of charge"), MeterChart::tr("%"), 1.0},
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

MeterChart::MeterChart(Quantity quantity, QWidget *parent)
    : QChartView(parent)
    , m_quantity(quantity)
    , m_series(quantity)
{
    const QuantityInfo &info = quantityInfo(quantity);
    setObjectName(QStringLiteral("chart_%1").arg(info.measurand));
    setRenderHint(QPainter::Antialiasing);
    auto *c = new QChart;
    c->setMargins(QMargins(4, 4, 4, 4));
    c->setBackgroundRoundness(0);
    c->legend()->setAlignment(Qt::AlignBottom);
    c->legend()->setVisible(false);
    // Follow the window's palette, so the chart is readable in dark mode too.
    c->setBackgroundBrush(palette().base());
    c->setPlotAreaBackgroundVisible(false);
    // Qt 6.4's QDateTimeAxis drew neither labels nor grid lines in this chart (offscreen and
    // under X); category labels at round clock times draw reliably.
    m_timeAxis = new QCategoryAxis;
    m_timeAxis->setObjectName(QStringLiteral("timeAxis"));
    m_timeAxis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    m_timeAxis->setLabelsBrush(palette().text());
    m_valueAxis = new QValueAxis;
    m_valueAxis->setTitleText(QStringLiteral("%1 (%2)").arg(info.title, info.unit));
    m_valueAxis->setTitleBrush(palette().text());
    m_valueAxis->setLabelsBrush(palette().text());
    m_valueAxis->setLabelFormat(QStringLiteral("%.3g"));
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
        const double now = double(QDateTime::currentMSecsSinceEpoch());
        labelTimeAxis(now - 3600'000.0, now);
        m_valueAxis->setRange(0, 1);
        return;
    }
    if (maxX - minX < 60'000) // a single reading still gets a readable minute around it
        maxX = minX + 60'000;
    labelTimeAxis(minX, maxX);
    m_valueAxis->setRange(minY, maxY <= minY ? minY + 1 : maxY * 1.1);
    m_valueAxis->applyNiceNumbers();
}

void MeterChart::labelTimeAxis(double fromMs, double toMs)
{
    for (const QString &label : m_timeAxis->categoriesLabels())
        m_timeAxis->remove(label);
    m_timeAxis->setStartValue(fromMs);
    m_timeAxis->setRange(fromMs, toMs);
    // The smallest round step that gives at most six labels.
    static constexpr qint64 StepsMin[] = {1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 10080};
    qint64 stepMs = StepsMin[std::size(StepsMin) - 1] * 60'000;
    for (qint64 minutes : StepsMin) {
        if ((toMs - fromMs) / double(minutes * 60'000) <= 6.0) {
            stepMs = minutes * 60'000;
            break;
        }
    }
    const QLocale locale;
    const bool days = toMs - fromMs > 24 * 3600'000.0;
    // Round in local time, so that labels read 10:00, 10:15 and not 10:07.
    const qint64 offsetMs = qint64(QDateTime::fromMSecsSinceEpoch(qint64(fromMs)).offsetFromUtc()) * 1000;
    qint64 at = (qint64(fromMs) + offsetMs + stepMs - 1) / stepMs * stepMs - offsetMs;
    for (; at <= qint64(toMs); at += stepMs) {
        const QDateTime local = QDateTime::fromMSecsSinceEpoch(at);
        const QString text = days ? locale.toString(local, QStringLiteral("d MMM ")) +
                                        locale.toString(local.time(), QLocale::ShortFormat)
                                  : locale.toString(local.time(), QLocale::ShortFormat);
        m_timeAxis->append(text, double(at));
    }
}

} // namespace ChargeDesk::Ui
