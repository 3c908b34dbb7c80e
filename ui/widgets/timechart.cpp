#include "ui/widgets/timechart.h"

#include "ui/widgets/tr.h"
#include "ui/widgets/valueformat.h"

#include <QCategoryAxis>
#include <QChart>
#include <QDateTime>
#include <QGraphicsLineItem>
#include <QKeyEvent>
#include <QLabel>
#include <QLocale>
#include <QMouseEvent>
#include <QPalette>
#include <QValueAxis>
#include <QWheelEvent>
#include <QXYSeries>

#include <algorithm>
#include <cmath>
#include <iterator>

namespace ChargeDesk::Ui {

namespace {

constexpr double ZoomIn = 0.8;
constexpr double MinSpanMs = 60'000.0;
constexpr double MaxSpanMs = 400.0 * 24 * 3600'000.0;

} // namespace

QChart *newThemedChart(const QPalette &palette)
{
    auto *chart = new QChart;
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->setBackgroundRoundness(0);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->legend()->setLabelColor(palette.text().color());
    chart->setBackgroundBrush(palette.base());
    chart->setPlotAreaBackgroundVisible(false);
    return chart;
}

QCategoryAxis *newTimeAxis(const QPalette &palette)
{
    auto *axis = new QCategoryAxis;
    axis->setObjectName(QStringLiteral("timeAxis"));
    axis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    axis->setLabelsBrush(palette.text());
    return axis;
}

QValueAxis *newValueAxis(const QPalette &palette, const QString &title)
{
    auto *axis = new QValueAxis;
    axis->setTitleText(title);
    axis->setTitleBrush(palette.text());
    axis->setLabelsBrush(palette.text());
    axis->setLabelFormat(QStringLiteral("%.3g"));
    return axis;
}

void labelTimeAxis(QCategoryAxis *axis, double fromMs, double toMs)
{
    for (const QString &label : axis->categoriesLabels())
        axis->remove(label);
    axis->setStartValue(fromMs);
    axis->setRange(fromMs, toMs);
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
    // Round in the display zone, so that labels read 10:00, 10:15 and not 10:07.
    const qint64 offsetMs = qint64(displayTime(qint64(fromMs)).offsetFromUtc()) * 1000;
    qint64 at = (qint64(fromMs) + offsetMs + stepMs - 1) / stepMs * stepMs - offsetMs;
    for (; at <= qint64(toMs); at += stepMs) {
        const QDateTime local = displayTime(at);
        const QString text = days ? locale.toString(local, QStringLiteral("d MMM ")) +
                                        locale.toString(local.time(), QLocale::ShortFormat)
                                  : locale.toString(local.time(), QLocale::ShortFormat);
        axis->append(text, double(at));
    }
}

TimeChartView::TimeChartView(QWidget *parent)
    : QChartView(parent)
{
    setRenderHint(QPainter::Antialiasing);
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
    viewport()->setMouseTracking(true);
    auto *c = newThemedChart(palette());
    m_timeAxis = newTimeAxis(palette());
    c->addAxis(m_timeAxis, Qt::AlignBottom);
    setChart(c);
    m_cursor = new QGraphicsLineItem(c);
    m_cursor->setPen(QPen(palette().placeholderText().color(), 1.0, Qt::DotLine));
    m_cursor->setZValue(100);
    m_cursor->hide();
    m_readout = new QLabel(this);
    m_readout->setObjectName(QStringLiteral("chartReadout"));
    m_readout->setAttribute(Qt::WA_TransparentForMouseEvents);
    m_readout->setTextFormat(Qt::RichText);
    m_readout->setStyleSheet(
        QStringLiteral("QLabel { background: palette(tool-tip-base); color: palette(tool-tip-text);"
                       " border: 1px solid palette(mid); padding: 4px; }"));
    m_readout->hide();
    setToolTip(Tr::tr("Scroll to zoom, drag to move along the time axis, double-click to show everything again."));
}

void TimeChartView::setReadout(QAbstractSeries *series, const QString &unit, int decimals)
{
    series->setProperty("readoutUnit", unit);
    series->setProperty("readoutDecimals", decimals);
}

QString TimeChartView::readoutAt(double atMs) const
{
    const double span = m_shownTo - m_shownFrom;
    const bool days = span > 24 * 3600'000.0;
    const QDateTime at = displayTime(qint64(atMs));
    QStringList lines{QStringLiteral("<b>%1</b>")
                          .arg(days ? QLocale().toString(at, QLocale::ShortFormat)
                                    : QLocale().toString(at.time(), QLocale::ShortFormat))};
    for (QAbstractSeries *s : chart()->series()) {
        auto *xy = qobject_cast<QXYSeries *>(s);
        if (!xy || !xy->isVisible() || xy->count() == 0)
            continue;
        const QList<QPointF> points = xy->points();
        // The reading nearest in time; none when the line has nothing near the pointer.
        auto it = std::lower_bound(points.cbegin(), points.cend(), atMs,
                                   [](const QPointF &p, double x) { return p.x() < x; });
        if (it == points.cend())
            it = std::prev(it);
        else if (it != points.cbegin() && atMs - std::prev(it)->x() < it->x() - atMs)
            it = std::prev(it);
        if (std::abs(it->x() - atMs) > std::max(span * 0.05, 90'000.0))
            continue;
        const QString unit = s->property("readoutUnit").toString();
        const int decimals = s->property("readoutDecimals").isValid() ? s->property("readoutDecimals").toInt() : 1;
        lines << QStringLiteral("%1: %2 %3")
                     .arg(s->name().toHtmlEscaped(), QLocale().toString(it->y(), 'f', decimals), unit.toHtmlEscaped())
                     .trimmed();
    }
    return lines.join(QStringLiteral("<br>"));
}

void TimeChartView::setDataRange(double fromMs, double toMs)
{
    m_dataFrom = fromMs;
    m_dataTo = toMs;
    if (m_following)
        show(fromMs, toMs);
}

void TimeChartView::show(double fromMs, double toMs)
{
    m_shownFrom = fromMs;
    m_shownTo = toMs;
    labelTimeAxis(m_timeAxis, fromMs, toMs);
}

void TimeChartView::zoomTime(double factor, double atMs)
{
    atMs = std::clamp(atMs, m_shownFrom, m_shownTo);
    double from = atMs - (atMs - m_shownFrom) * factor;
    double to = atMs + (m_shownTo - atMs) * factor;
    if (to - from < MinSpanMs) // a minute is as close as readings come
        return;
    if (to - from > MaxSpanMs)
        return;
    m_following = false;
    show(from, to);
}

void TimeChartView::panTime(double deltaMs)
{
    m_following = false;
    show(m_shownFrom + deltaMs, m_shownTo + deltaMs);
}

void TimeChartView::followData()
{
    m_following = true;
    show(m_dataFrom, m_dataTo);
}

double TimeChartView::timeAt(const QPoint &pos) const
{
    const QRectF plot = chart()->plotArea();
    const QPointF inChart = chart()->mapFromScene(mapToScene(pos));
    const double fraction = plot.width() > 0 ? (inChart.x() - plot.left()) / plot.width() : 0.5;
    return m_shownFrom + fraction * (m_shownTo - m_shownFrom);
}

void TimeChartView::showReadout(const QPoint &pos)
{
    const QRectF plot = chart()->plotArea();
    const QPointF inChart = chart()->mapFromScene(mapToScene(pos));
    if (!plot.contains(inChart)) {
        hideReadout();
        return;
    }
    m_cursor->setLine(inChart.x(), plot.top(), inChart.x(), plot.bottom());
    m_cursor->show();
    m_readout->setText(readoutAt(timeAt(pos)));
    m_readout->adjustSize();
    // Beside the pointer, on the side with room for it.
    QPoint at = pos + QPoint(14, 14);
    if (at.x() + m_readout->width() > width())
        at.setX(pos.x() - 14 - m_readout->width());
    if (at.y() + m_readout->height() > height())
        at.setY(std::max(0, height() - m_readout->height()));
    m_readout->move(at);
    m_readout->show();
    m_readout->raise();
}

void TimeChartView::hideReadout()
{
    m_cursor->hide();
    m_readout->hide();
}

void TimeChartView::wheelEvent(QWheelEvent *event)
{
    if (event->angleDelta().y() == 0) {
        QChartView::wheelEvent(event);
        return;
    }
    zoomTime(event->angleDelta().y() > 0 ? ZoomIn : 1.0 / ZoomIn, timeAt(event->position().toPoint()));
    showReadout(event->position().toPoint());
    event->accept();
}

void TimeChartView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton) {
        QChartView::mousePressEvent(event);
        return;
    }
    m_dragFrom = event->position().toPoint();
    m_dragRangeFrom = m_shownFrom;
    event->accept();
}

void TimeChartView::mouseMoveEvent(QMouseEvent *event)
{
    const QPoint pos = event->position().toPoint();
    if (m_dragFrom && std::abs(pos.x() - m_dragFrom->x()) > 2) {
        setCursor(Qt::ClosedHandCursor);
        const double span = m_shownTo - m_shownFrom;
        const double width = std::max(1.0, chart()->plotArea().width());
        const double from = m_dragRangeFrom - (pos.x() - m_dragFrom->x()) / width * span;
        m_following = false;
        show(from, from + span);
    }
    showReadout(pos);
    event->accept();
}

void TimeChartView::mouseReleaseEvent(QMouseEvent *event)
{
    m_dragFrom.reset();
    unsetCursor();
    event->accept();
}

void TimeChartView::mouseDoubleClickEvent(QMouseEvent *event)
{
    followData();
    event->accept();
}

void TimeChartView::keyPressEvent(QKeyEvent *event)
{
    const double middle = (m_shownFrom + m_shownTo) / 2;
    const double step = (m_shownTo - m_shownFrom) / 10;
    switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal: zoomTime(ZoomIn, middle); break;
    case Qt::Key_Minus: zoomTime(1.0 / ZoomIn, middle); break;
    case Qt::Key_Left: panTime(-step); break;
    case Qt::Key_Right: panTime(step); break;
    case Qt::Key_Home:
    case Qt::Key_0: followData(); break;
    default: QChartView::keyPressEvent(event); return;
    }
    event->accept();
}

void TimeChartView::leaveEvent(QEvent *event)
{
    hideReadout();
    QChartView::leaveEvent(event);
}

} // namespace ChargeDesk::Ui
