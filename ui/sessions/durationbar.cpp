#include "ui/sessions/durationbar.h"

#include "ui/widgets/valueformat.h"

#include <QPainter>
#include <QPainterPath>

namespace ChargeDesk::Ui {

namespace {

constexpr int BarHeight = 14;
constexpr int Gap = 6;

} // namespace

DurationBar::DurationBar(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("durationBar"));
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void DurationBar::setScopes(const QList<Scope> &scopes)
{
    m_scopes = scopes;
    QStringList parts;
    for (const Scope &s : scopes)
        parts << QStringLiteral("%1: %2").arg(s.name, formatDuration(s.seconds));
    setToolTip(parts.join(QLatin1Char('\n')));
    setAccessibleDescription(parts.join(QStringLiteral(", ")));
    update();
}

QSize DurationBar::sizeHint() const
{
    return {400, minimumSizeHint().height()};
}

QSize DurationBar::minimumSizeHint() const
{
    return {160, BarHeight + Gap + fontMetrics().height() + 2};
}

void DurationBar::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QRectF bar(0.5, 0.5, width() - 1.0, BarHeight);
    qint64 total = 0;
    for (const Scope &s : m_scopes)
        total += std::max<qint64>(0, s.seconds);

    QPainterPath outline;
    outline.addRoundedRect(bar, 4, 4);
    p.setClipPath(outline);
    p.fillRect(bar, palette().alternateBase());
    double x = bar.left();
    for (const Scope &s : m_scopes) {
        if (total <= 0 || s.seconds <= 0)
            continue;
        const double w = bar.width() * double(s.seconds) / double(total);
        p.fillRect(QRectF(x, bar.top(), w, bar.height()), s.color);
        x += w;
    }
    p.setClipping(false);
    p.setPen(palette().mid().color());
    p.setBrush(Qt::NoBrush);
    p.drawPath(outline);

    // Legend: a swatch and "Charge time 1 h 05 min" for each scope, in one line.
    const QFontMetrics fm = fontMetrics();
    int lx = 0;
    const int ly = BarHeight + Gap;
    for (const Scope &s : m_scopes) {
        const QString text = QStringLiteral("%1 %2").arg(s.name, formatDuration(s.seconds));
        p.setPen(Qt::NoPen);
        p.setBrush(s.color);
        p.drawRoundedRect(QRectF(lx, ly + (fm.height() - 10) / 2.0, 10, 10), 2, 2);
        p.setPen(palette().text().color());
        p.drawText(QPoint(lx + 14, ly + fm.ascent()), text);
        lx += 14 + fm.horizontalAdvance(text) + 16;
    }
}

} // namespace ChargeDesk::Ui
