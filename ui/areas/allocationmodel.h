#pragma once

#include <QAbstractTableModel>
#include <QColor>
#include <QStringList>

namespace ChargeDesk::Ui {

// The sessions of a load-balanced area as the load balancing view lists them: one row per
// session with its limit, what bound it and the charger's answer. The view fills in the words;
// the model only holds them and colours the cells that need attention.
class AllocationModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AllocationModel)

public:
    enum Column { Session, Connector, Limit, Reason, BoundBy, Profile, ColumnCount };
    // How the row's limit and the charger's answer read at a glance.
    enum class Tone { Normal, Good, Waiting, Bad };
    enum Role { SessionIdRole = Qt::UserRole + 1 };

    struct Row
    {
        qint64 sessionId = 0;
        QStringList cells; // one per column
        Tone reasonTone = Tone::Normal;
        Tone profileTone = Tone::Normal;
    };

    explicit AllocationModel(QObject *parent = nullptr);

    void setRows(const QList<Row> &rows);
    const QList<Row> &rows() const { return m_rows; }
    // The cells of every row, in order: what a test compares with the specification.
    QList<QStringList> texts() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    static QColor toneColor(Tone tone);

private:
    QList<Row> m_rows;
};

} // namespace ChargeDesk::Ui
