#pragma once

#include "core/actor.h"
#include "core/repository.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QSet>
#include <QTimer>

#include <functional>
#include <optional>

namespace ChargeDesk::Ui {

// The rows of one catalog table as the list pages show them: the database does the filtering,
// sorting and paging, and only the pages the view looks at are read, so a table of 100,000
// sessions scrolls as smoothly as one of ten. Rows follow the repository's change signal: an
// updated row is re-read in place, an added or deleted one recounts the table.
class RecordTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RecordTableModel)

public:
    enum Role {
        IdRole = Qt::UserRole + 1, // the row's id (qint64)
        ValueRole,                 // the stored value of the cell (for sorting, exports of raw data)
        StatusColorRole,           // a status cell's colour (QColor); none for other cells
    };

    static constexpr int PageSize = 200;
    static constexpr int MaxPages = 32; // 6,400 rows in memory at most

    RecordTableModel(Core::Repository &repository, const Core::Actor &actor, const QString &table,
                     const QStringList &columns, QObject *parent = nullptr);

    const Core::EntityDef &entity() const { return m_entity; }
    QStringList columns() const { return m_columns; }
    const Core::FieldDef *columnField(int column) const;
    // A column that shows a status, drawn as a coloured chip (see statusChipColor).
    bool isStatusColumn(int column) const;

    // The filters and order of the list; the model reloads when they change. Fixed filters
    // (the charger whose connectors a list shows) apply under whatever filters are set.
    void setFilters(const QList<Core::ListQuery::Filter> &filters);
    void setFixedFilters(const QList<Core::ListQuery::Filter> &filters);
    // Groups of alternatives (Core::ListQuery::anyOf), such as a search in several fields.
    void setAnyOf(const QList<QList<Core::ListQuery::Filter>> &groups);
    Core::ListQuery query() const { return m_query; }

    qint64 idAt(int row) const;
    Core::Record recordAt(int row) const;
    int rowOf(qint64 id) const; // -1 when the row is not among the pages read so far

    // Rows of the list's query straight from the database, past the pages the view keeps:
    // exports and prints read all rows this way, a chunk at a time.
    Core::Result<QList<Core::Record>> readRows(int offset, int limit) const;

    // The text of a cell of a record of this table: as the window shows it, or for a file
    // another program reads (ISO 8601 times, plain numbers, true/false). A reference reads as
    // the referenced row's name, a connector as "<station> · <number>"; a column may name a
    // field of a referenced row ("charger_id.station_id").
    enum class Purpose { Display, Export };
    QString cellText(const Core::Record &record, int column, Purpose purpose = Purpose::Display) const;
    // The same for any field of the record, a column or not (a details pane's).
    QString fieldText(const Core::Record &record, const QString &name, Purpose purpose = Purpose::Display) const;
    // A column that a list presents its own way (an OCPP frame's type as CALL or RESULT, a
    // summary of its payload): the view, the copies, the CSV files and the prints all use it.
    // The column may also be one the table does not have, computed from the record.
    using CellText = std::function<QString(const Core::Record &record, Purpose purpose)>;
    void setColumnText(const QString &column, const CellText &text);
    void setColumnTitle(const QString &column, const QString &title);
    // What a computed column draws from changed elsewhere: the view asks for every cell again.
    void refreshCells();
    // Every cell of a record, in column order; and the column titles to go with them.
    QStringList rowCells(const Core::Record &record, Purpose purpose = Purpose::Display) const;
    QStringList headerTitles() const;
    QString errorString() const { return m_error; }
    int pagesInMemory() const { return int(m_pages.size()); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    void sort(int column, Qt::SortOrder order) override;

public slots:
    void reload();
    // For a list that grows at the end of its order (a log by time): the rows counted since
    // are inserted at the end instead of resetting the model, so that the view keeps its
    // selection and scroll position. Fewer rows than before: a full reload.
    void readAppended();

signals:
    void loadFailed(const QString &message);
    void reloaded(); // the row count may have changed

private:
    const QList<Core::Record> *page(int pageIndex) const;
    void onRowChanged(const QString &table, qint64 id, Core::Repository::Change change);
    QString referenceName(const QString &table, qint64 id) const;
    std::optional<Core::Record> referencedRow(const QString &table, qint64 id) const;
    // Reads a referenced row again; whether what the list shows of it changed.
    bool refreshReferencedRow(const QString &table, qint64 id);
    QString pathText(const Core::Record &record, const QString &path, Purpose purpose) const;
    bool sortable(int column) const;
    // Repaints the cells that count on with time (an open session's duration), each second.
    void repaintLiveCells();

    Core::Repository &m_repository;
    Core::Actor m_actor;
    const Core::EntityDef &m_entity;
    QStringList m_columns;
    Core::ListQuery m_query; // its filters: the fixed ones, then the others
    QList<Core::ListQuery::Filter> m_fixedFilters;
    QList<Core::ListQuery::Filter> m_filters;
    int m_count = 0;
    QString m_error;
    // Pages read so far, by page index; cleared on reload and trimmed when it grows.
    mutable QHash<int, QList<Core::Record>> m_pages;
    mutable QList<int> m_pageOrder; // least recently read first
    // Display names of referenced rows ("areas" -> id -> "Central garage"), and the rows
    // themselves as far as a name or a column of a referenced row needed them.
    mutable QHash<QString, QHash<qint64, QString>> m_names;
    mutable QHash<QString, QHash<qint64, std::optional<Core::Record>>> m_rows;
    QHash<QString, CellText> m_columnText;
    QHash<QString, QString> m_columnTitles;
    QTimer m_reloadTimer; // coalesces bursts of added or deleted rows into one recount
    // Columns whose cells change with time alone, and whether a row's cell does.
    QHash<int, std::function<bool(const Core::Record &)>> m_liveColumns;
    QSet<QString> m_shownReferenceFields; // of referenced rows: their names and paths
    QTimer m_liveTimer;
};

} // namespace ChargeDesk::Ui
