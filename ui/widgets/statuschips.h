#pragma once

#include <QStyledItemDelegate>

class QLabel;

namespace ChargeDesk::Ui {

class RecordTableModel;

// Status cells of a list as coloured chips (RecordTableModel::StatusColorRole), so that a
// faulted connector stands out of a column of available ones; and the legend of their colours
// that goes under such a list.
class StatusChipDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StatusChipDelegate)

public:
    explicit StatusChipDelegate(QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

// "● Available ● Charging ● Preparing, Finishing …" for the status columns of `model`, each
// colour once with the statuses it stands for; null when the list has no status column.
QLabel *statusLegend(const RecordTableModel &model, QWidget *parent);

} // namespace ChargeDesk::Ui
