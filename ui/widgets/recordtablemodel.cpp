#include "ui/widgets/recordtablemodel.h"

#include "core/catalog.h"
#include "ui/widgets/computedcolumns.h"
#include "ui/widgets/tr.h"
#include "ui/widgets/valueformat.h"

#include <QCoreApplication>

namespace ChargeDesk::Ui {

namespace {

QString systemColumnTitle(const QString &column)
{
    if (column == QLatin1String("id"))
        return Tr::tr("ID");
    if (column == QLatin1String("created_at"))
        return Tr::tr("Created");
    if (column == QLatin1String("updated_at"))
        return Tr::tr("Updated");
    return column;
}

} // namespace

RecordTableModel::RecordTableModel(Core::Repository &repository, const Core::Actor &actor, const QString &table,
                                   const QStringList &columns, QObject *parent)
    : QAbstractTableModel(parent)
    , m_repository(repository)
    , m_actor(actor)
    , m_entity(repository.catalog().entity(table))
    , m_columns(columns)
{
    m_reloadTimer.setSingleShot(true);
    m_reloadTimer.setInterval(100);
    connect(&m_reloadTimer, &QTimer::timeout, this, &RecordTableModel::reload);
    // A connector's name is made of its charger's station and its number.
    m_shownReferenceFields = {QStringLiteral("charger_id"), QStringLiteral("station_id"),
                              QStringLiteral("connector_number")};
    const Core::Clock &clock = m_repository.clock();
    for (int c = 0; c < m_columns.size(); ++c) {
        const QString &name = m_columns.at(c);
        for (const QString &step : name.split(QLatin1Char('.')).mid(1))
            m_shownReferenceFields << step;
        const std::optional<ComputedColumn> computed = computedColumn(m_entity.table, name);
        if (!computed)
            continue;
        m_columnText.insert(name, [text = computed->text, &clock](const Core::Record &record, Purpose purpose) {
            return text(record, purpose == Purpose::Display, clock.nowMs());
        });
        if (!computed->title.isEmpty())
            m_columnTitles.insert(name, computed->title);
        if (computed->live)
            m_liveColumns.insert(c, computed->live);
    }
    m_liveTimer.setInterval(1000);
    connect(&m_liveTimer, &QTimer::timeout, this, &RecordTableModel::repaintLiveCells);
    if (!m_liveColumns.isEmpty())
        m_liveTimer.start();
    connect(&m_repository, &Core::Repository::rowChanged, this, &RecordTableModel::onRowChanged);
    reload();
}

const Core::FieldDef *RecordTableModel::columnField(int column) const
{
    return column >= 0 && column < m_columns.size() ? m_entity.field(m_columns.at(column)) : nullptr;
}

bool RecordTableModel::isStatusColumn(int column) const
{
    return column >= 0 && column < m_columns.size() &&
           statusChipColor(m_entity.table, m_columns.at(column), QVariant()).isValid();
}

void RecordTableModel::setFilters(const QList<Core::ListQuery::Filter> &filters)
{
    m_filters = filters;
    m_query.filters = m_fixedFilters + m_filters;
    m_query.offset = 0;
    reload();
}

void RecordTableModel::setFixedFilters(const QList<Core::ListQuery::Filter> &filters)
{
    m_fixedFilters = filters;
    setFilters(m_filters);
}

void RecordTableModel::setAnyOf(const QList<QList<Core::ListQuery::Filter>> &groups)
{
    m_query.anyOf = groups;
    m_query.offset = 0;
    reload();
}

void RecordTableModel::reload()
{
    beginResetModel();
    m_pages.clear();
    m_pageOrder.clear();
    m_names.clear();
    m_rows.clear();
    const auto counted = m_repository.count(m_actor, m_entity.table, m_query);
    m_count = counted ? int(counted.value()) : 0;
    m_error = counted ? QString() : counted.error().message();
    endResetModel();
    if (!m_error.isEmpty())
        emit loadFailed(m_error);
    emit reloaded();
}

void RecordTableModel::readAppended()
{
    const auto counted = m_repository.count(m_actor, m_entity.table, m_query);
    if (!counted || counted.value() < m_count)
        return reload();
    const int count = int(counted.value());
    if (count == m_count)
        return;
    // The last page read may have been short; it and anything after it are read again.
    const int lastPage = m_count > 0 ? (m_count - 1) / PageSize : 0;
    for (auto it = m_pages.begin(); it != m_pages.end();) {
        if (it.key() >= lastPage) {
            m_pageOrder.removeOne(it.key());
            it = m_pages.erase(it);
        } else {
            ++it;
        }
    }
    beginInsertRows({}, m_count, count - 1);
    m_count = count;
    endInsertRows();
    emit reloaded();
}

void RecordTableModel::setColumnText(const QString &column, const CellText &text)
{
    m_columnText.insert(column, text);
    if (m_count > 0)
        emit dataChanged(index(0, 0), index(m_count - 1, columnCount() - 1), {Qt::DisplayRole});
}

void RecordTableModel::setColumnTitle(const QString &column, const QString &title)
{
    m_columnTitles.insert(column, title);
    emit headerDataChanged(Qt::Horizontal, 0, columnCount() - 1);
}

const QList<Core::Record> *RecordTableModel::page(int pageIndex) const
{
    if (auto it = m_pages.constFind(pageIndex); it != m_pages.constEnd()) {
        m_pageOrder.removeOne(pageIndex);
        m_pageOrder.append(pageIndex);
        return &it.value();
    }
    Core::ListQuery q = m_query;
    q.limit = PageSize;
    q.offset = pageIndex * PageSize;
    auto rows = m_repository.list(m_actor, m_entity.table, q);
    if (!rows)
        return nullptr;
    if (m_pageOrder.size() >= MaxPages)
        m_pages.remove(m_pageOrder.takeFirst());
    m_pageOrder.append(pageIndex);
    return &m_pages.insert(pageIndex, rows.value()).value();
}

Core::Record RecordTableModel::recordAt(int row) const
{
    if (row < 0 || row >= m_count)
        return {};
    const QList<Core::Record> *rows = page(row / PageSize);
    return rows && row % PageSize < rows->size() ? rows->at(row % PageSize) : Core::Record{};
}

qint64 RecordTableModel::idAt(int row) const
{
    return recordAt(row).value(QStringLiteral("id")).toLongLong();
}

int RecordTableModel::rowOf(qint64 id) const
{
    for (auto it = m_pages.cbegin(); it != m_pages.cend(); ++it)
        for (qsizetype i = 0; i < it.value().size(); ++i)
            if (it.value().at(i).value(QStringLiteral("id")).toLongLong() == id)
                return it.key() * PageSize + int(i);
    return -1;
}

std::optional<Core::Record> RecordTableModel::referencedRow(const QString &table, qint64 id) const
{
    QHash<qint64, std::optional<Core::Record>> &rows = m_rows[table];
    if (auto it = rows.constFind(id); it != rows.constEnd())
        return it.value();
    // Read only through the actor: a row the user may not see stays unknown.
    const auto row = m_repository.get(m_actor, table, id);
    const std::optional<Core::Record> found = row ? std::optional(row.value()) : std::nullopt;
    rows.insert(id, found);
    return found;
}

bool RecordTableModel::refreshReferencedRow(const QString &table, qint64 id)
{
    QHash<qint64, std::optional<Core::Record>> &rows = m_rows[table];
    const auto cached = rows.constFind(id);
    if (cached == rows.constEnd())
        return false;
    const std::optional<Core::Record> before = cached.value();
    const auto row = m_repository.get(m_actor, table, id);
    const std::optional<Core::Record> after = row ? std::optional(row.value()) : std::nullopt;
    rows.insert(id, after);
    if (!before || !after)
        return before.has_value() != after.has_value();
    // A heartbeat that stamps a station's row changes nothing a list shows of it.
    const QString display = m_repository.catalog().entity(table).displayField;
    for (const QString &field : m_shownReferenceFields + QSet<QString>{display})
        if (before->value(field) != after->value(field))
            return true;
    return false;
}

QString RecordTableModel::referenceName(const QString &table, qint64 id) const
{
    QHash<qint64, QString> &names = m_names[table];
    if (auto it = names.constFind(id); it != names.constEnd())
        return it.value();
    const std::optional<Core::Record> row = referencedRow(table, id);
    const QString display = m_repository.catalog().entity(table).displayField;
    QString name = row ? row->value(display).toString() : QStringLiteral("#%1").arg(id);
    // "Connector 2" names no place; an operator knows a connector by its station and number.
    if (row && table == Core::Tables::Connectors) {
        const auto charger =
            referencedRow(Core::Tables::Chargers, row->value(QStringLiteral("charger_id")).toLongLong());
        const auto station =
            charger ? referencedRow(Core::Tables::Stations, charger->value(QStringLiteral("station_id")).toLongLong())
                    : std::nullopt;
        if (station)
            name = Tr::tr("%1 · %2").arg(station->value(QStringLiteral("name")).toString(),
                                         row->value(QStringLiteral("connector_number")).toString());
    }
    names.insert(id, name);
    return name;
}

QString RecordTableModel::pathText(const Core::Record &record, const QString &path, Purpose purpose) const
{
    const QStringList steps = path.split(QLatin1Char('.'));
    const Core::EntityDef *entity = &m_entity;
    std::optional<Core::Record> row = record;
    for (qsizetype i = 0; i < steps.size() && row; ++i) {
        const Core::FieldDef *field = entity->field(steps.at(i));
        if (!field)
            return {};
        const QVariant value = row->value(steps.at(i));
        if (field->type != Core::FieldType::Reference)
            return purpose == Purpose::Display ? formatValue(*field, value) : exportValue(*field, value);
        if (value.isNull() || !value.isValid())
            return {};
        if (i == steps.size() - 1)
            return referenceName(field->refTable, value.toLongLong());
        row = referencedRow(field->refTable, value.toLongLong());
        entity = &m_repository.catalog().entity(field->refTable);
    }
    return {};
}

Core::Result<QList<Core::Record>> RecordTableModel::readRows(int offset, int limit) const
{
    Core::ListQuery q = m_query;
    q.offset = offset;
    q.limit = limit;
    return m_repository.list(m_actor, m_entity.table, q);
}

QString RecordTableModel::cellText(const Core::Record &record, int column, Purpose purpose) const
{
    if (column < 0 || column >= m_columns.size())
        return {};
    return fieldText(record, m_columns.at(column), purpose);
}

QString RecordTableModel::fieldText(const Core::Record &record, const QString &name, Purpose purpose) const
{
    if (const auto own = m_columnText.constFind(name); own != m_columnText.constEnd())
        return (*own)(record, purpose);
    const QVariant value = record.value(name);
    const Core::FieldDef *field = m_entity.field(name);
    const bool display = purpose == Purpose::Display;
    if (!field && name.contains(QLatin1Char('.')))
        return pathText(record, name, purpose);
    if ((!field && name.endsWith(QLatin1String("_at"))) || (field && field->type == Core::FieldType::Timestamp))
        return display ? formatRecentTimestamp(value, m_repository.clock().now()) : exportTimestamp(value);
    if (!field)
        return value.toString();
    if (field->type == Core::FieldType::Reference && !value.isNull() && value.isValid())
        return referenceName(field->refTable, value.toLongLong());
    // A station's connection as a status, not as an answer to a question.
    if (display && field->type == Core::FieldType::Boolean &&
        statusChipColor(m_entity.table, name, QVariant()).isValid() && !value.isNull())
        return value.toBool() ? Tr::tr("Online") : Tr::tr("Offline");
    // An amount beside its row's currency reads as money ("€0.48"), not as a bare number;
    // one without (a price of a rating setting) in the site's currency, through formatValue.
    if (display && name.endsWith(QLatin1String("_minor")) && !value.isNull() && value.isValid() &&
        record.contains(QStringLiteral("currency"))) {
        // A row whose currency is still empty has not been rated: no amount yet, not "0.00".
        const QString currency = record.value(QStringLiteral("currency")).toString();
        return currency.isEmpty() ? QStringLiteral("—") : formatMoney(value.toLongLong(), currency);
    }
    return display ? formatValue(*field, value) : exportValue(*field, value);
}

QStringList RecordTableModel::rowCells(const Core::Record &record, Purpose purpose) const
{
    QStringList cells;
    for (int c = 0; c < m_columns.size(); ++c)
        cells << cellText(record, c, purpose);
    return cells;
}

QStringList RecordTableModel::headerTitles() const
{
    QStringList titles;
    for (int c = 0; c < m_columns.size(); ++c)
        titles << headerData(c, Qt::Horizontal).toString();
    return titles;
}

int RecordTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_count;
}

int RecordTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_columns.size());
}

QVariant RecordTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    switch (role) {
    case Qt::DisplayRole: return cellText(recordAt(index.row()), index.column());
    case IdRole: return idAt(index.row());
    case ValueRole: return recordAt(index.row()).value(m_columns.at(index.column()));
    case StatusColorRole:
        if (!isStatusColumn(index.column()))
            return {};
        return statusChipColor(m_entity.table, m_columns.at(index.column()),
                               recordAt(index.row()).value(m_columns.at(index.column())));
    case Qt::TextAlignmentRole: {
        const Core::FieldDef *field = columnField(index.column());
        const bool number = field && (field->type == Core::FieldType::Integer || field->type == Core::FieldType::Real);
        return QVariant::fromValue(Qt::AlignVCenter | (number ? Qt::AlignRight : Qt::AlignLeft));
    }
    default: return {};
    }
}

QVariant RecordTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= m_columns.size())
        return QAbstractTableModel::headerData(section, orientation, role);
    if (const auto own = m_columnTitles.constFind(m_columns.at(section)); own != m_columnTitles.constEnd())
        return own.value();
    if (const Core::FieldDef *field = columnField(section))
        return field->label;
    // A field of a referenced row is titled as that field ("Station").
    const QStringList steps = m_columns.at(section).split(QLatin1Char('.'));
    const Core::EntityDef *entity = &m_entity;
    for (qsizetype i = 0; i + 1 < steps.size(); ++i) {
        const Core::FieldDef *step = entity->field(steps.at(i));
        if (!step || step->type != Core::FieldType::Reference)
            return m_columns.at(section);
        entity = &m_repository.catalog().entity(step->refTable);
    }
    const Core::FieldDef *last = steps.size() > 1 ? entity->field(steps.last()) : nullptr;
    return last ? last->label : systemColumnTitle(m_columns.at(section));
}

bool RecordTableModel::sortable(int column) const
{
    // A column computed from other rows (an asset's latest measurement, a field of a
    // referenced row) has no order in the database.
    if (column < 0 || column >= m_columns.size() || m_columns.at(column).contains(QLatin1Char('.')))
        return false;
    return columnField(column) || !m_columnText.contains(m_columns.at(column));
}

void RecordTableModel::sort(int column, Qt::SortOrder order)
{
    if (!sortable(column))
        return;
    m_query.orderBy = m_columns.at(column);
    m_query.descending = order == Qt::DescendingOrder;
    reload();
}

void RecordTableModel::repaintLiveCells()
{
    for (auto page = m_pages.cbegin(); page != m_pages.cend(); ++page) {
        for (qsizetype i = 0; i < page.value().size(); ++i) {
            const int row = page.key() * PageSize + int(i);
            if (row >= m_count)
                break;
            for (auto live = m_liveColumns.cbegin(); live != m_liveColumns.cend(); ++live)
                if (live.value()(page.value().at(i)))
                    emit dataChanged(index(row, live.key()), index(row, live.key()), {Qt::DisplayRole});
        }
    }
}

void RecordTableModel::refreshCells()
{
    if (m_count > 0)
        emit dataChanged(index(0, 0), index(m_count - 1, columnCount() - 1), {Qt::DisplayRole});
}

void RecordTableModel::onRowChanged(const QString &table, qint64 id, Core::Repository::Change change)
{
    if (table != m_entity.table) {
        // A renamed area shows its new name in a station list, a renamed station in the names
        // of its connectors.
        if (change == Core::Repository::Change::Updated && refreshReferencedRow(table, id)) {
            m_names.clear();
            if (m_count > 0)
                emit dataChanged(index(0, 0), index(m_count - 1, columnCount() - 1), {Qt::DisplayRole});
        }
        return;
    }
    if (change != Core::Repository::Change::Updated) {
        m_reloadTimer.start();
        return;
    }
    const int row = rowOf(id);
    if (row < 0)
        return;
    const auto fresh = m_repository.get(m_actor, table, id);
    if (!fresh) {
        m_reloadTimer.start(); // no longer visible to this user
        return;
    }
    m_pages[row / PageSize][row % PageSize] = fresh.value();
    emit dataChanged(index(row, 0), index(row, columnCount() - 1));
}

} // namespace ChargeDesk::Ui
