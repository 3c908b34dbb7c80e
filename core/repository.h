#pragma once

#include "core/actor.h"
#include "core/catalog.h"
#include "core/clock.h"
#include "core/database.h"

#include <QObject>

#include <functional>
#include <optional>

namespace ChargeDesk::Core {

struct ListQuery
{
    struct Filter
    {
        enum class Op { Equals, Contains, AtLeast, Below, IsNull };
        // A field of the table, or one reached through its references: "area_id.operator_id"
        // keeps the stations whose area belongs to the given operator.
        QString field;
        Op op = Op::Equals;
        QVariant value;
    };
    QList<Filter> filters;
    // Groups of alternatives: a row must match at least one filter of every group, as well
    // as all of `filters` (a search box that looks in several fields is one group).
    QList<QList<Filter>> anyOf;
    QString orderBy = QStringLiteral("id");
    bool descending = false;
    int limit = 100;
    int offset = 0;
};

// The field a filter path names on `def` ("name", or "area_id.operator_id" through the
// reference area_id); null when a step is unknown, not a reference, or never returned by reads.
const FieldDef *filterField(const Catalog &catalog, const EntityDef &def, const QString &path);

struct Attribute
{
    QString key;
    QString value;
    friend bool operator==(const Attribute &, const Attribute &) = default;
};

// Create, read, update and delete for every entity of the catalog, with the rules that
// keep the data trustworthy: validation with messages per field, immutable codes,
// deletion refused while something still refers to a row, and operator scoping.
// Every statement is prepared; column names only ever come from the catalog.
class Repository final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Repository)

public:
    enum class Change { Created, Updated, Deleted };
    Q_ENUM(Change)

    Repository(Database &db, const Catalog &catalog, const Clock &clock, QObject *parent = nullptr);

    const Catalog &catalog() const { return m_catalog; }
    Database &database() { return m_db; }
    // The clock that stamps the rows, for windows and controllers that have the repository
    // and need "now" beside what it stores (tests move it instead of sleeping).
    const Clock &clock() const { return m_clock; }

    Result<qint64> create(const Actor &actor, const QString &table, const Record &values);
    Status update(const Actor &actor, const QString &table, qint64 id, const Record &changes);
    Status remove(const Actor &actor, const QString &table, qint64 id);
    // What create (no id) or update (id) would refuse for `values`, with every rule of the real
    // write, and nothing written: a wizard checks one page before the user moves on.
    QList<FieldError> validate(const Actor &actor, const QString &table, std::optional<qint64> id,
                               const Record &values);

    // Runs `work` in one database transaction (a savepoint when nested). The rowChanged
    // signals of its writes wait for the commit and are dropped when it rolls back, so that
    // no window shows a row that never existed.
    Status transaction(const std::function<Status()> &work);

    Result<Record> get(const Actor &actor, const QString &table, qint64 id);
    Result<Record> getByCode(const Actor &actor, const QString &table, const QString &code);
    Result<QList<Record>> list(const Actor &actor, const QString &table, const ListQuery &query = {});
    Result<qint64> count(const Actor &actor, const QString &table, const ListQuery &query = {});
    // Every row the query matches, read page by page (list() returns at most MaxPage rows);
    // the query's limit and offset are ignored.
    Result<QList<Record>> listAll(const Actor &actor, const QString &table, ListQuery query = {});
    static constexpr int MaxPage = 10000;

    // For services that write a hot path with their own statements (a session's meter
    // values): tells the windows that a row changed, after the commit, as update() would.
    void announce(const QString &table, qint64 id, Change change) { changed(table, id, change); }

    Result<QList<Attribute>> attributes(const Actor &actor, const QString &table, qint64 id);
    Status setAttributes(const Actor &actor, const QString &table, qint64 id, const QList<Attribute> &attributes);

signals:
    // Emitted after the change is committed, so that windows refresh only what changed.
    void rowChanged(const QString &table, qint64 id, ChargeDesk::Core::Repository::Change change);

private:
    struct Pending
    {
        QString table;
        qint64 id;
        Change change;
    };
    // Emits rowChanged now, or after the commit of the repository's transaction around it.
    void changed(const QString &table, qint64 id, Change change);
    // The checks of create (existing null) and update; `normalized` gets the values to write
    // and `merged` the row as it would be stored.
    QList<FieldError> check(const EntityDef &def, const Actor &actor, qint64 id, const Record *existing,
                            const Record &values, Record &normalized, Record &merged);
    Result<Record> fetch(const EntityDef &def, qint64 id, const Actor *scopedTo);
    QList<FieldError> checkUniqueAndReferences(const EntityDef &def, const Record &merged, qint64 selfId,
                                               const Actor &actor);
    QList<FieldError> checkRules(const EntityDef &def, const Actor &actor, qint64 id, const Record &merged);
    Status checkWritable(const EntityDef &def, const Actor &actor);
    Result<QStringList> describeReferrers(const EntityDef &def, qint64 id);
    Result<std::pair<QString, QVariantList>> whereClause(const EntityDef &def, const Actor &actor,
                                                         const ListQuery &query);
    // The SQL condition of one filter, its values appended to `params`.
    Result<QString> filterCondition(const EntityDef &def, const ListQuery::Filter &filter, QVariantList &params);
    Record toRecord(const EntityDef &def, const Rows &query) const;
    Lookup lookup();

    Database &m_db;
    const Catalog &m_catalog;
    const Clock &m_clock;
    int m_transactionDepth = 0;
    QList<Pending> m_pending;
};

} // namespace ChargeDesk::Core
