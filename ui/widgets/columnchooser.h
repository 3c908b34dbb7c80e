#pragma once

#include <QObject>
#include <QStringList>

class QMenu;
class QTableView;

namespace ChargeDesk::Ui {

// Which columns of a list show: a checkable list of all of them on a right click on the
// header, remembered per table in QSettings ("lists/<table>/hidden"). Until the user chooses,
// the list's own choice holds (codes and UUIDs hidden where a name says more).
class ColumnChooser final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ColumnChooser)

public:
    // `columns` are the model's column names in order; `hiddenByDefault` some of them.
    ColumnChooser(QTableView &view, const QString &table, const QStringList &columns,
                  const QStringList &hiddenByDefault, QObject *parent = nullptr);

    QStringList hiddenColumns() const;
    void setColumnHidden(const QString &column, bool hidden);
    // One checkable action per column (objectName "column_<name>"); the caller owns it.
    QMenu *menu(QWidget *parent);

private:
    QString settingsKey() const;

    QTableView &m_view;
    QString m_table;
    QStringList m_columns;
};

} // namespace ChargeDesk::Ui
