#include "ui/overview/powersparkline.h"

#include "ui/widgets/tr.h"
#include "ui/widgets/valueformat.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>

namespace ChargeDesk::Ui {

PowerSparkline::PowerSparkline(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("powerSparkline"));
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void PowerSparkline::setSamples(const QList<QPair<qint64, double>> &samples)
{
    m_samples = samples;
    update();
}

void PowerSparkline::addSample(qint64 atMs, double watts)
{
    if (!m_samples.isEmpty() && m_samples.last().first == atMs)
        m_samples.last().second = watts;
    else
        m_samples.append({atMs, watts});
    m_samples.removeIf([atMs](const auto &sample) { return sample.first < atMs - SpanMs; });
    update();
}

QSize PowerSparkline::sizeHint() const
{
    return {480, fontMetrics().height() * 4};
}

QSize PowerSparkline::minimumSizeHint() const
{
    return {200, fontMetrics().height() * 4};
}

void PowerSparkline::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QFontMetrics metrics = fontMetrics();
    const double peak = m_samples.isEmpty()
                            ? 0
                            : std::max_element(m_samples.cbegin(), m_samples.cend(), [](const auto &a, const auto &b) {
                                  return a.second < b.second;
                              })->second;
    const QString now = m_samples.isEmpty() ? Tr::tr("no readings yet")
                                            : Tr::tr("now %1").arg(formatKilowatts(m_samples.last().second));
    const QString caption = Tr::tr("Power, last hour: %1, peak %2").arg(now, formatKilowatts(peak));
    painter.setPen(palette().color(QPalette::WindowText));
    painter.drawText(QPoint(0, metrics.ascent()), caption);

    const QRectF plot(0, metrics.height() + 4, width() - 1, height() - metrics.height() - 6);
    painter.setPen(QPen(palette().color(QPalette::Mid), 1));
    painter.drawLine(plot.bottomLeft(), plot.bottomRight());
    if (m_samples.size() < 2 || peak <= 0) {
        // Say why the band is empty rather than leave it blank.
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(plot, Qt::AlignCenter,
                         m_samples.size() < 2 ? Tr::tr("The line fills in as power readings arrive.")
                                              : Tr::tr("Nothing was drawn in the last hour."));
        return;
    }
    const qint64 end = m_samples.last().first;
    const auto point = [&](const QPair<qint64, double> &s) {
        const double x = plot.right() - plot.width() * double(end - s.first) / double(SpanMs);
        const double y = plot.bottom() - plot.height() * s.second / peak;
        return QPointF(std::max(plot.left(), x), y);
    };
    QPainterPath line(point(m_samples.first()));
    for (const auto &sample : std::as_const(m_samples))
        line.lineTo(point(sample));
    QPainterPath area = line;
    area.lineTo(point(m_samples.last()).x(), plot.bottom());
    area.lineTo(point(m_samples.first()).x(), plot.bottom());
    area.closeSubpath();
    const QColor colour = statusColor(QStringLiteral("charging"));
    QColor fill = colour;
    fill.setAlpha(60);
    painter.fillPath(area, fill);
    painter.setPen(QPen(colour, 2));
    painter.drawPath(line);
}

} // namespace ChargeDesk::Ui
