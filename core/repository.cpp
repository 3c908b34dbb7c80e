#include "core/repository.h"

#include "core/scope.h"
#include "core/validator.h"

#include <QCoreApplication>
#include <QSqlRecord>

#include <algorithm>
#include <utility>

namespace ChargeDesk::Core {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Core)
};

QStringList readableColumns(const EntityDef &def)
{
    QStringList columns{QStringLiteral("id")};
    for (const FieldDef &f : def.fields) {
        if (!f.isWriteOnly)
            columns << f.name;
    }
    if (def.hasTimestamps)
        columns << QStringLiteral("created_at") << QStringLiteral("updated_at");
    return columns;
}

QString placeholders(qsizetype n)
{
    QStringList marks;
    marks.fill(QStringLiteral("?"), n);
    return marks.join(QStringLiteral(", "));
}

QString escapeLike(QString s)
{
    s.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    s.replace(QLatin1Char('%'), QLatin1String("\\%"));
    s.replace(QLatin1Char('_'), QLatin1String("\\_"));
    return s;
}

// Required fields missing from the merged record, except those whose value was already
// refused: a bad email is "not a valid email address", not also "required".
QList<FieldError> missingRequired(const EntityDef &def, const Record &merged, const QList<FieldError> &reported)
{
    QList<FieldError> missing = Validator::checkRequired(def, merged);
    missing.removeIf([&reported](const FieldError &m) {
        return std::any_of(reported.begin(), reported.end(), [&m](const FieldError &r) { return r.field == m.field; });
    });
    return missing;
}

} // namespace

const FieldDef *filterField(const Catalog &catalog, const EntityDef &def, const QString &path)
{
    const qsizetype dot = path.indexOf(QLatin1Char('.'));
    const FieldDef *f = def.field(dot < 0 ? path : path.left(dot));
    if (!f || f->isWriteOnly)
        return nullptr;
    if (dot < 0)
        return f;
    if (f->type != FieldType::Reference)
        return nullptr;
    return filterField(catalog, catalog.entity(f->refTable), path.mid(dot + 1));
}

Repository::Repository(Database &db, const Catalog &catalog, const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_db(db)
    , m_catalog(catalog)
    , m_clock(clock)
{}

Record Repository::toRecord(const EntityDef &def, const Rows &query) const
{
    Record r;
    const QSqlRecord row = query.query().record();
    for (int i = 0; i < row.count(); ++i) {
        const QString name = row.fieldName(i);
        if (const FieldDef *f = def.field(name))
            r.insert(name, Validator::readValue(*f, query.value(i)));
        else
            r.insert(name, query.value(i).isNull() ? QVariant() : QVariant(query.value(i).toLongLong()));
    }
    return r;
}

Lookup Repository::lookup()
{
    return [this](const QString &table, qint64 id) -> std::optional<Record> {
        if (!m_catalog.contains(table))
            return std::nullopt;
        auto r = fetch(m_catalog.entity(table), id, nullptr);
        return r ? std::optional<Record>(r.value()) : std::nullopt;
    };
}

Result<Record> Repository::fetch(const EntityDef &def, qint64 id, const Actor *scopedTo)
{
    SqlCondition scope{QStringLiteral("1=1"), {}};
    if (scopedTo)
        scope = scopeCondition(m_catalog, def, *scopedTo);
    QVariantList params{id};
    params << scope.params;
    auto q = m_db.exec(QStringLiteral("SELECT %1 FROM %2 WHERE id = ? AND %3")
                           .arg(readableColumns(def).join(QStringLiteral(", ")), def.table, scope.sql),
                       params);
    if (!q)
        return q.error();
    if (!q.value().next())
        return Error::notFound(Tr::tr("The %1").arg(def.singular));
    return toRecord(def, q.value());
}

QList<FieldError> Repository::checkRules(const EntityDef &def, const Actor &actor, qint64 id, const Record &merged)
{
    QList<FieldError> errors;
    for (const RecordRule &rule : def.rules)
        errors << rule(merged, lookup());
    for (const ActorRule &rule : def.actorRules)
        errors << rule(actor, id, merged);
    return errors;
}

Status Repository::checkWritable(const EntityDef &def, const Actor &actor)
{
    if (!actor.isScoped())
        return Ok{};
    if (!def.scope.operatorsMayWrite || def.scope.kind == ScopeDef::Kind::PowerOnly ||
        def.scope.kind == ScopeDef::Kind::Everyone)
        return Error::forbidden(Tr::tr("Only a power user can change %1.").arg(def.plural));
    return Ok{};
}

QList<FieldError> Repository::checkUniqueAndReferences(const EntityDef &def, const Record &merged, qint64 selfId,
                                                       const Actor &actor)
{
    QList<FieldError> errors;
    for (const FieldDef &f : def.fields) {
        const QVariant value = merged.value(f.name);
        if (value.isNull() || !value.isValid())
            continue;
        if (f.isUnique) {
            QString sql = QStringLiteral("SELECT id FROM %1 WHERE %2 = ? AND id <> ?").arg(def.table, f.name);
            QVariantList params{Validator::storageValue(f, value), selfId};
            if (!f.uniqueWithin.isEmpty()) {
                sql += QStringLiteral(" AND %1 = ?").arg(f.uniqueWithin);
                params << Validator::storageValue(*def.field(f.uniqueWithin), merged.value(f.uniqueWithin));
            }
            auto q = m_db.exec(sql, params);
            if (!q)
                errors << FieldError{f.name, q.error().message()};
            else if (q.value().next())
                errors << FieldError{f.name,
                                     Tr::tr("Another %1 already uses this %2.").arg(def.singular, f.label.toLower())};
        }
        if (f.type == FieldType::Reference) {
            const EntityDef &target = m_catalog.entity(f.refTable);
            // For an operator user the parent that scopes this row must be theirs, too.
            const bool scopes =
                actor.isScoped() && def.scope.kind == ScopeDef::Kind::Parent && def.scope.field == f.name;
            auto row = fetch(target, value.toLongLong(), scopes ? &actor : nullptr);
            if (!row)
                errors << FieldError{f.name, Tr::tr("The selected %1 does not exist.").arg(target.singular)};
        }
    }
    if (actor.isScoped() && def.scope.kind == ScopeDef::Kind::OperatorColumn &&
        merged.value(def.scope.field).toLongLong() != actor.operatorId)
        errors << FieldError{def.scope.field, Tr::tr("You can only assign your own operator.")};
    return errors;
}

QList<FieldError> Repository::check(const EntityDef &def, const Actor &actor, qint64 id, const Record *existing,
                                    const Record &values, Record &normalized, Record &merged)
{
    merged.clear();
    if (existing) {
        merged = *existing;
    } else {
        for (const FieldDef &f : def.fields) {
            if (f.defaultValue.isValid())
                merged.insert(f.name, f.defaultValue);
        }
    }
    QList<FieldError> errors = Validator::normalize(def, values, actor, existing, normalized);
    for (auto it = normalized.constBegin(); it != normalized.constEnd(); ++it)
        merged.insert(it.key(), it.value());
    errors << missingRequired(def, merged, errors);
    if (errors.isEmpty())
        errors << checkUniqueAndReferences(def, merged, id, actor);
    if (errors.isEmpty())
        errors << checkRules(def, actor, id, merged);
    return errors;
}

QList<FieldError> Repository::validate(const Actor &actor, const QString &table, std::optional<qint64> id,
                                       const Record &values)
{
    const EntityDef &def = m_catalog.entity(table);
    if (Status s = checkWritable(def, actor); !s)
        return {{QString(), s.error().message()}};
    std::optional<Record> existing;
    if (id) {
        auto row = fetch(def, *id, &actor);
        if (!row)
            return {{QString(), row.error().message()}};
        existing = row.value();
    }
    Record normalized;
    Record merged;
    return check(def, actor, id.value_or(0), existing ? &*existing : nullptr, values, normalized, merged);
}

Result<qint64> Repository::create(const Actor &actor, const QString &table, const Record &values)
{
    const EntityDef &def = m_catalog.entity(table);
    if (Status s = checkWritable(def, actor); !s)
        return s.error();
    Record normalized;
    Record merged;
    if (const QList<FieldError> errors = check(def, actor, 0, nullptr, values, normalized, merged); !errors.isEmpty())
        return Error::validation(errors);

    QStringList columns;
    QVariantList params;
    for (const FieldDef &f : def.fields) {
        if (merged.contains(f.name)) {
            columns << f.name;
            params << Validator::storageValue(f, merged.value(f.name));
        }
    }
    if (def.hasTimestamps) {
        columns << QStringLiteral("created_at") << QStringLiteral("updated_at");
        params << m_clock.nowMs() << m_clock.nowMs();
    }
    auto q = m_db.exec(QStringLiteral("INSERT INTO %1 (%2) VALUES (%3) RETURNING id")
                           .arg(table, columns.join(QStringLiteral(", ")), placeholders(columns.size())),
                       params);
    if (!q)
        return q.error();
    if (!q.value().next())
        return Error::storage(Tr::tr("No id was returned for the new %1.").arg(def.singular));
    const qint64 id = q.value().value(0).toLongLong();
    changed(table, id, Change::Created);
    return id;
}

Status Repository::update(const Actor &actor, const QString &table, qint64 id, const Record &changes)
{
    const EntityDef &def = m_catalog.entity(table);
    if (Status s = checkWritable(def, actor); !s)
        return s;
    auto existing = fetch(def, id, &actor);
    if (!existing)
        return existing.error();
    Record normalized;
    Record merged;
    if (const QList<FieldError> errors = check(def, actor, id, &existing.value(), changes, normalized, merged);
        !errors.isEmpty())
        return Error::validation(errors);
    if (normalized.isEmpty())
        return Ok{};

    QStringList assignments;
    QVariantList params;
    for (auto it = normalized.constBegin(); it != normalized.constEnd(); ++it) {
        assignments << QStringLiteral("%1 = ?").arg(it.key());
        params << Validator::storageValue(*def.field(it.key()), it.value());
    }
    if (def.hasTimestamps) {
        assignments << QStringLiteral("updated_at = ?");
        params << m_clock.nowMs();
    }
    params << id;
    auto q = m_db.exec(
        QStringLiteral("UPDATE %1 SET %2 WHERE id = ?").arg(table, assignments.join(QStringLiteral(", "))), params);
    if (!q)
        return q.error();
    changed(table, id, Change::Updated);
    return Ok{};
}

void Repository::changed(const QString &table, qint64 id, Change change)
{
    if (m_transactionDepth > 0)
        m_pending.append({table, id, change});
    else
        emit rowChanged(table, id, change);
}

Status Repository::transaction(const std::function<Status()> &work)
{
    const qsizetype before = m_pending.size();
    ++m_transactionDepth;
    Status s = m_db.transaction(work);
    --m_transactionDepth;
    if (!s)
        m_pending.resize(before); // those writes were undone
    if (m_transactionDepth == 0) {
        const QList<Pending> done = std::exchange(m_pending, {});
        for (const Pending &p : done)
            emit rowChanged(p.table, p.id, p.change);
    }
    return s;
}

Result<QStringList> Repository::describeReferrers(const EntityDef &def, qint64 id)
{
    QStringList parts;
    for (const Catalog::Referrer &ref : m_catalog.blockingReferrers(def.table)) {
        auto total = m_db.exec(
            QStringLiteral("SELECT COUNT(*) FROM %1 WHERE %2 = ?").arg(ref.entity->table, ref.field->name), {id});
        if (!total)
            return total.error();
        const qint64 n = total.value().next() ? total.value().value(0).toLongLong() : 0;
        if (n == 0)
            continue;
        auto names = m_db.exec(QStringLiteral("SELECT %1 FROM %2 WHERE %3 = ? ORDER BY id LIMIT 5")
                                   .arg(ref.entity->displayField, ref.entity->table, ref.field->name),
                               {id});
        if (!names)
            return names.error();
        QStringList shown;
        while (names.value().next())
            shown << names.value().value(0).toString();
        if (n > shown.size())
            shown << QStringLiteral("…");
        parts << QStringLiteral("%1 %2 (%3)")
                     .arg(n)
                     .arg(n == 1 ? ref.entity->singular : ref.entity->plural, shown.join(QStringLiteral(", ")));
    }
    return parts;
}

Status Repository::remove(const Actor &actor, const QString &table, qint64 id)
{
    const EntityDef &def = m_catalog.entity(table);
    if (Status s = checkWritable(def, actor); !s)
        return s;
    auto existing = fetch(def, id, &actor);
    if (!existing)
        return existing.error();
    Status s = m_db.transaction([&]() -> Status {
        auto referrers = describeReferrers(def, id);
        if (!referrers)
            return referrers.error();
        if (!referrers.value().isEmpty()) {
            const QString name = existing.value().value(def.displayField).toString();
            return Error(Error::Kind::Referenced,
                         Tr::tr("The %1 “%2” cannot be deleted because it is still used by %3. Remove those "
                                "references first.")
                             .arg(def.singular, name, referrers.value().join(QStringLiteral(", "))),
                         {}, referrers.value());
        }
        if (def.hasCustomAttributes) {
            if (auto q =
                    m_db.exec(QStringLiteral("DELETE FROM custom_attributes WHERE owner_table = ? AND owner_id = ?"),
                              {table, id});
                !q)
                return q.error();
        }
        if (auto q = m_db.exec(QStringLiteral("DELETE FROM %1 WHERE id = ?").arg(table), {id}); !q)
            return q.error();
        return Ok{};
    });
    if (s)
        changed(table, id, Change::Deleted);
    return s;
}

Result<Record> Repository::get(const Actor &actor, const QString &table, qint64 id)
{
    return fetch(m_catalog.entity(table), id, &actor);
}

Result<Record> Repository::getByCode(const Actor &actor, const QString &table, const QString &code)
{
    ListQuery query;
    query.filters << ListQuery::Filter{QStringLiteral("code"), ListQuery::Filter::Op::Equals, code};
    query.limit = 1;
    auto rows = list(actor, table, query);
    if (!rows)
        return rows.error();
    if (rows.value().isEmpty())
        return Error::notFound(Tr::tr("The %1 “%2”").arg(m_catalog.entity(table).singular, code));
    return rows.value().first();
}

Result<QString> Repository::filterCondition(const EntityDef &def, const ListQuery::Filter &filter, QVariantList &params)
{
    const FieldDef *f = filterField(m_catalog, def, filter.field);
    const bool builtIn =
        filter.field == QLatin1String("id") || (def.hasTimestamps && filter.field.endsWith(QLatin1String("ed_at")) &&
                                                !filter.field.contains(QLatin1Char('.')));
    if (!f && !builtIn)
        return Error::validation({{filter.field, Tr::tr("Cannot filter on this field.")}});
    const auto bind = [&](const QVariant &v) {
        return f ? Validator::storageValue(*f, v) : QVariant(v.toLongLong());
    };
    QStringList hops = filter.field.split(QLatin1Char('.'));
    const QString column = hops.takeLast();
    QString condition;
    switch (filter.op) {
    case ListQuery::Filter::Op::Equals:
        condition = QStringLiteral("%1 = ?").arg(column);
        params << bind(filter.value);
        break;
    case ListQuery::Filter::Op::Contains:
        condition = QStringLiteral("LOWER(%1) LIKE ? ESCAPE '\\'").arg(column);
        params << QStringLiteral("%%1%").arg(escapeLike(filter.value.toString().toLower()));
        break;
    case ListQuery::Filter::Op::AtLeast:
        condition = QStringLiteral("%1 >= ?").arg(column);
        params << bind(filter.value);
        break;
    case ListQuery::Filter::Op::Below:
        condition = QStringLiteral("%1 < ?").arg(column);
        params << bind(filter.value);
        break;
    case ListQuery::Filter::Op::IsNull: condition = QStringLiteral("%1 IS NULL").arg(column); break;
    }
    // A field of a referenced row: the rows whose reference is among those that match.
    QStringList tables;
    for (const EntityDef *at = &def; const QString &hop : std::as_const(hops)) {
        tables << at->field(hop)->refTable;
        at = &m_catalog.entity(tables.last());
    }
    for (qsizetype i = hops.size() - 1; i >= 0; --i)
        condition = QStringLiteral("%1 IN (SELECT id FROM %2 WHERE %3)").arg(hops.at(i), tables.at(i), condition);
    return condition;
}

Result<std::pair<QString, QVariantList>> Repository::whereClause(const EntityDef &def, const Actor &actor,
                                                                 const ListQuery &query)
{
    const SqlCondition scope = scopeCondition(m_catalog, def, actor);
    QStringList conditions{scope.sql};
    QVariantList params = scope.params;
    for (const ListQuery::Filter &filter : query.filters) {
        auto condition = filterCondition(def, filter, params);
        if (!condition)
            return condition.error();
        conditions << condition.value();
    }
    for (const QList<ListQuery::Filter> &group : query.anyOf) {
        if (group.isEmpty())
            continue;
        QStringList alternatives;
        for (const ListQuery::Filter &filter : group) {
            auto condition = filterCondition(def, filter, params);
            if (!condition)
                return condition.error();
            alternatives << condition.value();
        }
        conditions << QStringLiteral("(%1)").arg(alternatives.join(QStringLiteral(" OR ")));
    }
    return std::make_pair(conditions.join(QStringLiteral(" AND ")), params);
}

Result<QList<Record>> Repository::listAll(const Actor &actor, const QString &table, ListQuery query)
{
    QList<Record> all;
    query.limit = MaxPage;
    for (query.offset = 0;; query.offset += MaxPage) {
        auto page = list(actor, table, query);
        if (!page)
            return page.error();
        all += page.value();
        if (page.value().size() < MaxPage)
            return all;
    }
}

Result<QList<Record>> Repository::list(const Actor &actor, const QString &table, const ListQuery &query)
{
    const EntityDef &def = m_catalog.entity(table);
    auto where = whereClause(def, actor, query);
    if (!where)
        return where.error();
    const QStringList columns = readableColumns(def);
    if (!columns.contains(query.orderBy))
        return Error::validation({{query.orderBy, Tr::tr("Cannot sort by this field.")}});
    QVariantList params = where.value().second;
    params << qBound(1, query.limit, MaxPage) << qMax(0, query.offset);
    auto q = m_db.exec(QStringLiteral("SELECT %1 FROM %2 WHERE %3 ORDER BY %4 %5, id LIMIT ? OFFSET ?")
                           .arg(columns.join(QStringLiteral(", ")), table, where.value().first, query.orderBy,
                                query.descending ? QStringLiteral("DESC") : QStringLiteral("ASC")),
                       params);
    if (!q)
        return q.error();
    QList<Record> rows;
    while (q.value().next())
        rows << toRecord(def, q.value());
    return rows;
}

Result<qint64> Repository::count(const Actor &actor, const QString &table, const ListQuery &query)
{
    const EntityDef &def = m_catalog.entity(table);
    auto where = whereClause(def, actor, query);
    if (!where)
        return where.error();
    auto q = m_db.exec(QStringLiteral("SELECT COUNT(*) FROM %1 WHERE %2").arg(table, where.value().first),
                       where.value().second);
    if (!q)
        return q.error();
    return q.value().next() ? q.value().value(0).toLongLong() : 0;
}

Result<QList<Attribute>> Repository::attributes(const Actor &actor, const QString &table, qint64 id)
{
    const EntityDef &def = m_catalog.entity(table);
    if (!def.hasCustomAttributes)
        return Error::validation(
            {{QStringLiteral("attributes"), Tr::tr("%1 have no custom attributes.").arg(def.plural)}});
    if (auto row = fetch(def, id, &actor); !row)
        return row.error();
    auto q = m_db.exec(QStringLiteral("SELECT attr_key, attr_value FROM custom_attributes WHERE owner_table "
                                      "= ? AND owner_id = ? ORDER BY position, id"),
                       {table, id});
    if (!q)
        return q.error();
    QList<Attribute> result;
    while (q.value().next())
        result << Attribute{q.value().value(0).toString(), q.value().value(1).toString()};
    return result;
}

Status Repository::setAttributes(const Actor &actor, const QString &table, qint64 id,
                                 const QList<Attribute> &attributes)
{
    const EntityDef &def = m_catalog.entity(table);
    if (!def.hasCustomAttributes)
        return Error::validation(
            {{QStringLiteral("attributes"), Tr::tr("%1 have no custom attributes.").arg(def.plural)}});
    if (Status s = checkWritable(def, actor); !s)
        return s;
    if (auto row = fetch(def, id, &actor); !row)
        return row.error();
    QList<FieldError> errors;
    for (const Attribute &a : attributes) {
        if (a.key.trimmed().isEmpty())
            errors << FieldError{QStringLiteral("attributes"), Tr::tr("Every attribute needs a key.")};
        else if (a.key.size() > 200 || a.value.size() > 2000)
            errors << FieldError{QStringLiteral("attributes"),
                                 Tr::tr("Attribute “%1” is too long.").arg(a.key.left(40))};
    }
    if (!errors.isEmpty())
        return Error::validation(errors);
    Status s = m_db.transaction([&]() -> Status {
        if (auto q = m_db.exec(QStringLiteral("DELETE FROM custom_attributes WHERE owner_table = ? AND owner_id = ?"),
                               {table, id});
            !q)
            return q.error();
        int position = 0;
        for (const Attribute &a : attributes) {
            auto q = m_db.exec(QStringLiteral("INSERT INTO custom_attributes (owner_table, owner_id, "
                                              "attr_key, attr_value, position) VALUES (?, ?, ?, ?, ?)"),
                               {table, id, a.key.trimmed(), a.value, position++});
            if (!q)
                return q.error();
        }
        return Ok{};
    });
    if (s)
        changed(table, id, Change::Updated);
    return s;
}

} // namespace ChargeDesk::Core
