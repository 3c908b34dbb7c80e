#include "ui/widgets/statuschips.h"

#include "ui/widgets/recordtablemodel.h"
#include "ui/widgets/tr.h"
#include "ui/widgets/valueformat.h"

#include <QApplication>
#include <QLabel>
#include <QPainter>

namespace ChargeDesk::Ui {

namespace {

constexpr int ChipPadding = 8; // left and right of the text inside the chip
constexpr int ChipMargin = 4;  // around the chip inside the cell

// Dark text on light chips, white on dark ones, whatever the window's palette.
QColor textOn(const QColor &background)
{
    return background.lightnessF() > 0.62 ? QColor(0x20, 0x20, 0x20) : QColor(Qt::white);
}

} // namespace

StatusChipDelegate::StatusChipDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{}

void StatusChipDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const QColor color = index.data(RecordTableModel::StatusColorRole).value<QColor>();
    const QString text = index.data(Qt::DisplayRole).toString();
    if (!color.isValid() || text.isEmpty())
        return QStyledItemDelegate::paint(painter, option, index);
    // The cell's background and selection as the style draws them, without the text.
    QStyleOptionViewItem cell = option;
    initStyleOption(&cell, index);
    cell.text.clear();
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &cell, painter, widget);

    const QFontMetrics metrics(option.font);
    const QRect area = option.rect.adjusted(ChipMargin, ChipMargin / 2 + 1, -ChipMargin, -(ChipMargin / 2 + 1));
    // A pixel to spare: text drawn exactly as wide as its advance may still be elided.
    const int natural = metrics.horizontalAdvance(text) + 2 * ChipPadding + 2;
    const int width = qMin(area.width(), natural);
    const QRect chip(area.left(), area.top(), width, area.height());
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(Qt::NoPen);
    painter->setBrush(color);
    painter->drawRoundedRect(chip, chip.height() / 2.0, chip.height() / 2.0);
    painter->setPen(textOn(color));
    painter->setFont(option.font);
    painter->drawText(chip, Qt::AlignCenter,
                      width < natural ? metrics.elidedText(text, Qt::ElideRight, chip.width() - 2 * ChipPadding)
                                      : text);
    painter->restore();
}

QSize StatusChipDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    const QFontMetrics metrics(option.font);
    size.setWidth(metrics.horizontalAdvance(index.data(Qt::DisplayRole).toString()) + 2 * (ChipPadding + ChipMargin) +
                  2);
    return size;
}

QLabel *statusLegend(const RecordTableModel &model, QWidget *parent)
{
    // Colour -> the words of the statuses it stands for, in the order of the field's choices.
    QList<QPair<QColor, QStringList>> entries;
    const auto add = [&entries](const QColor &color, const QString &words) {
        for (auto &entry : entries) {
            if (entry.first == color) {
                if (!entry.second.contains(words))
                    entry.second << words;
                return;
            }
        }
        entries.append({color, {words}});
    };
    for (int c = 0; c < model.columnCount(); ++c) {
        const Core::FieldDef *field = model.columnField(c);
        if (!model.isStatusColumn(c) || !field)
            continue;
        const QString &table = model.entity().table;
        if (field->type == Core::FieldType::Boolean) {
            add(statusChipColor(table, field->name, true), Tr::tr("Online"));
            add(statusChipColor(table, field->name, false), Tr::tr("Offline"));
        }
        for (const QString &choice : field->choices)
            add(statusChipColor(table, field->name, choice), choiceText(choice));
    }
    if (entries.isEmpty())
        return nullptr;
    QStringList items;
    for (const auto &[color, words] : std::as_const(entries))
        items << QStringLiteral("<span style=\"color:%1\">&#x25CF;</span>&nbsp;%2")
                     .arg(color.name(), words.join(QStringLiteral(", ")).toHtmlEscaped());
    auto *legend = new QLabel(items.join(QStringLiteral(" &nbsp; ")), parent);
    legend->setObjectName(QStringLiteral("statusLegend"));
    legend->setTextFormat(Qt::RichText);
    legend->setWordWrap(true);
    legend->setForegroundRole(QPalette::PlaceholderText);
    return legend;
}

} // namespace ChargeDesk::Ui
