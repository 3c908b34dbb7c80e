#pragma once

#include "core/actor.h"
#include "core/repository.h"
#include "ui/widgets/listview.h"
#include "ui/widgets/recordtablemodel.h"
#include "ui/widgets/rowexport.h"

#include <QTimer>
#include <QWidget>

class QAction;
class QFormLayout;
class QLabel;
class QTableView;

namespace ChargeDesk::Ui {

// What one list shows: its table, its columns, the fields it filters on (the editor follows
// the field's type: text contains, a choice, a referenced row, yes/no, a time range), its
// first order, and the fields of the details pane. A filter may name a field of a referenced
// row ("area_id.operator_id"). Fixed filters always apply and the user cannot clear them.
// A column may also name a field of a referenced row ("charger_id.station_id"). Hidden columns
// (codes and UUIDs where a name says more) show when the user picks them from the header's
// menu. The empty text says what would appear in the list and how to add some.
struct ListSpec
{
    QString table;
    QStringList columns;
    QStringList filters;
    QString orderBy = QStringLiteral("id");
    bool descending = false;
    QStringList detailFields;
    QList<Core::ListQuery::Filter> fixedFilters;
    QStringList hiddenColumns;
    QString emptyText;
};

// The one list page of the console: filters, a table paged by the database, sorting by any
// column, a column chooser, statuses as coloured chips with their legend, a hint in an empty
// list, a details pane for the selected row, and the row actions (new, open, delete,
// refresh, copy, CSV export and print of the selected or of all rows).
class ListPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ListPage)

public:
    ListPage(Core::Repository &repository, const Core::Actor &actor, const ListSpec &spec, QWidget *parent = nullptr);

    RecordTableModel &model() { return *m_model; }
    QTableView &view() { return *m_view; }
    qint64 currentId() const;
    // Selects the row with this id when it is among the rows read so far.
    void select(qint64 id);
    // Adds a widget to the details pane below the selected row's fields; the page owns it.
    void addDetailsWidget(QWidget *widget);
    // Whether the user may create and delete rows here (the actions are hidden otherwise).
    void setEditable(bool editable);

    // Writes all rows of the current filters as CSV to `fileName`, with a progress dialog.
    bool exportAll(const QString &fileName);

protected:
    void showEvent(QShowEvent *event) override;

signals:
    void createRequested();
    void openRequested(qint64 id);
    void deleteRequested(qint64 id);
    void currentChanged(qint64 id);

private:
    // A setting of this list: "lists/<table>/<name>".
    QString settingsKey(const QString &name) const;
    QWidget *buildFilterBar();
    QWidget *filterEditor(const QString &field);
    void setFilter(const QString &key, std::optional<Core::ListQuery::Filter> filter);
    void applyFilters();
    void clearFilters();
    void showDetails();
    void updateSummary();
    void updateEmptyText();
    void onDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight);
    // When the list shows rows: each column as wide as its content, up to a share of the
    // view, until the user sets a width.
    void sizeColumnsToContents();
    void onSectionResized(int column, int oldWidth, int newWidth);
    QList<int> selectedRows() const;
    // The column titles, then the cells of each selected row.
    QList<QStringList> selectedCells(RecordTableModel::Purpose purpose) const;
    void copySelection();
    void exportSelection();
    void exportAllInteractive();
    void print(bool allRows);

    Core::Repository &m_repository;
    Core::Actor m_actor;
    ListSpec m_spec;
    RecordTableModel *m_model = nullptr;
    ListView *m_view = nullptr;
    QWidget *m_details = nullptr;
    QFormLayout *m_detailsForm = nullptr;
    QLabel *m_summary = nullptr;
    QAction *m_detailsAction = nullptr;
    bool m_hasDetails = false; // detail fields or a section's widgets to show for a selected row
    QAction *m_newAction = nullptr;
    QAction *m_deleteAction = nullptr;
    QMap<QString, Core::ListQuery::Filter> m_filters; // by editor key ("name", "started_at>=")
    QList<QWidget *> m_filterEditors;
    QTimer m_filterTimer; // typing in a text filter applies it after a short pause
    bool m_columnsSized = false;
    bool m_sizingColumns = false;
    bool m_userSizedColumns = false;
};

} // namespace ChargeDesk::Ui
