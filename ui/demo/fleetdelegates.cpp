#include "ui/demo/fleetdelegates.h"

#include "ui/demo/simulatedfleetmodel.h"

#include <QApplication>
#include <QPainter>
#include <QPixmap>

namespace ChargeDesk::Ui {

namespace {

constexpr int BarHeight = 3;
constexpr int BarGap = 2;

QPixmap dotPixmap(const QColor &color, const QColor &ring, int size, qreal devicePixelRatio)
{
    QPixmap pixmap(QSize(size, size) * devicePixelRatio);
    pixmap.setDevicePixelRatio(devicePixelRatio);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(ring.isValid() ? QPen(ring, 1.5) : QPen(Qt::NoPen));
    painter.setBrush(color);
    const qreal inset = size * 0.2;
    painter.drawEllipse(QRectF(0, 0, size, size).adjusted(inset, inset, -inset, -inset));
    return pixmap;
}

// Selected rows get a ringed dot: a blue dot would vanish on a blue highlight, and the style's
// own tinting of selected icons would change the colour.
QIcon dotIcon(const QColor &color, const QPalette &palette, int size, qreal devicePixelRatio)
{
    QIcon icon;
    icon.addPixmap(dotPixmap(color, QColor(), size, devicePixelRatio), QIcon::Normal);
    icon.addPixmap(dotPixmap(color, palette.color(QPalette::HighlightedText), size, devicePixelRatio), QIcon::Selected);
    return icon;
}

QStyle *styleOf(const QStyleOptionViewItem &option)
{
    return option.widget ? option.widget->style() : QApplication::style();
}

} // namespace

void StatusDotDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    const QColor color = index.data(SimulatedFleetModel::StatusColorRole).value<QColor>();
    if (!color.isValid())
        return;
    const int size = option->fontMetrics.height();
    const qreal ratio = option->widget ? option->widget->devicePixelRatioF() : qApp->devicePixelRatio();
    option->icon = dotIcon(color, option->palette, size, ratio);
    option->decorationSize = QSize(size, size);
    option->features |= QStyleOptionViewItem::HasDecoration;
}

void PowerBarDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    // The text stays centred like its neighbours'; the bar lives in the row's bottom padding.
    QStyledItemDelegate::paint(painter, option, index);
    QStyle *style = styleOf(option);
    const double maximum = index.data(SimulatedFleetModel::MaxPowerWRole).toDouble();
    if (maximum <= 0)
        return;
    const double offered = std::clamp(index.data(SimulatedFleetModel::OfferedWRole).toDouble() / maximum, 0.0, 1.0);
    const double drawn = std::clamp(index.data(SimulatedFleetModel::PowerWRole).toDouble() / maximum, 0.0, 1.0);
    const int margin = style->pixelMetric(QStyle::PM_FocusFrameHMargin, &option, option.widget) + 3;
    const QRect track(option.rect.left() + margin, option.rect.bottom() - BarHeight - BarGap + 1,
                      option.rect.width() - 2 * margin, BarHeight);
    const bool selected = option.state & QStyle::State_Selected;
    QColor ink = option.palette.color(selected ? QPalette::HighlightedText : QPalette::Highlight);
    QColor offeredInk = ink;
    offeredInk.setAlphaF(0.35f);
    QColor trackInk = option.palette.color(selected ? QPalette::HighlightedText : QPalette::Text);
    trackInk.setAlphaF(0.12f);

    painter->save();
    painter->fillRect(track, trackInk);
    painter->fillRect(QRect(track.topLeft(), QSize(int(track.width() * offered), BarHeight)), offeredInk);
    painter->fillRect(QRect(track.topLeft(), QSize(int(track.width() * drawn), BarHeight)), ink);
    painter->restore();
}

QSize PowerBarDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    return QStyledItemDelegate::sizeHint(option, index) + QSize(0, 2 * (BarHeight + BarGap));
}

void ProgressBarDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const QVariant value = index.data(SimulatedFleetModel::SocPercentRole);
    if (!value.isValid()) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    QStyle *style = styleOf(option);
    style->drawPrimitive(QStyle::PE_PanelItemViewItem, &option, painter, option.widget);
    QStyleOptionProgressBar bar;
    bar.palette = option.palette;
    bar.fontMetrics = option.fontMetrics;
    bar.direction = option.direction;
    // As tall as a line of text, so taller rows do not make it a block.
    const int height = std::min(option.fontMetrics.height() + 2, option.rect.height() - 4);
    bar.rect =
        QRect(option.rect.left() + 3, option.rect.center().y() - height / 2 + 1, option.rect.width() - 6, height);
    bar.minimum = 0;
    bar.maximum = 100;
    bar.progress = qRound(value.toDouble());
    bar.text = index.data(Qt::DisplayRole).toString();
    bar.textVisible = true;
    bar.textAlignment = Qt::AlignCenter;
    bar.state = option.state | QStyle::State_Horizontal;
    style->drawControl(QStyle::CE_ProgressBar, &bar, painter, option.widget);
}

} // namespace ChargeDesk::Ui
