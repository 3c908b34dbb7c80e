#include "ui/areas/allocationmodel.h"
#include "ui/widgets/tr.h"

namespace ChargeDesk::Ui {

AllocationModel::AllocationModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void AllocationModel::setRows(const QList<Row> &rows)
{
    // The same sessions in the same order (the usual case: a new limit) change in place, so
    // the table keeps its selection and scroll position.
    bool sameSessions = rows.size() == m_rows.size();
    for (qsizetype i = 0; sameSessions && i < rows.size(); ++i)
        sameSessions = rows[i].sessionId == m_rows[i].sessionId;
    if (sameSessions) {
        m_rows = rows;
        if (!m_rows.isEmpty())
            emit dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
        return;
    }
    beginResetModel();
    m_rows = rows;
    endResetModel();
}

QList<QStringList> AllocationModel::texts() const
{
    QList<QStringList> list;
    for (const Row &row : m_rows)
        list << row.cells;
    return list;
}

int AllocationModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int AllocationModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AllocationModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Row &row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole: return row.cells.value(index.column());
    case SessionIdRole: return row.sessionId;
    case Qt::ForegroundRole: {
        const Tone tone = index.column() == Reason    ? row.reasonTone
                          : index.column() == Profile ? row.profileTone
                                                      : Tone::Normal;
        return tone == Tone::Normal ? QVariant() : QVariant(toneColor(tone));
    }
    case Qt::TextAlignmentRole:
        return QVariant::fromValue(Qt::AlignVCenter | (index.column() == Limit ? Qt::AlignRight : Qt::AlignLeft));
    default: return {};
    }
}

QVariant AllocationModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Session: return Tr::tr("Session");
    case Connector: return Tr::tr("Station and connector");
    case Limit: return Tr::tr("Limit");
    case Reason: return Tr::tr("Bound by");
    case BoundBy: return Tr::tr("Area");
    case Profile: return Tr::tr("Charger's answer");
    default: return {};
    }
}

QColor AllocationModel::toneColor(Tone tone)
{
    switch (tone) {
    case Tone::Good: return QColor(0x2e, 0x7d, 0x32);
    case Tone::Waiting: return QColor(0xb2, 0x6a, 0x00);
    case Tone::Bad: return QColor(0xc6, 0x28, 0x28);
    case Tone::Normal: break;
    }
    return {};
}

} // namespace ChargeDesk::Ui
