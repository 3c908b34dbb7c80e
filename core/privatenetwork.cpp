#include "core/privatenetwork.h"

#include <QCoreApplication>

namespace ChargeDesk::Core {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Core)
};

QString likePattern(const QString &search)
{
    QString s = search.toLower();
    s.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    s.replace(QLatin1Char('%'), QLatin1String("\\%"));
    s.replace(QLatin1Char('_'), QLatin1String("\\_"));
    return QStringLiteral("%%1%").arg(s);
}

// An operator user reaches their own operator's network only; a power user every operator's.
Status checkOperator(Repository &repository, const Actor &actor, qint64 operatorId)
{
    if (actor.isScoped() && (actor.operatorId == 0 || actor.operatorId != operatorId))
        return Error::forbidden(Tr::tr("You can only manage the private network of your own operator."));
    if (auto op = repository.get(actor, Tables::Operators, operatorId); !op)
        return op.error();
    return Ok{};
}

CustomerCard cardAt(const Rows &rows, int first)
{
    return {rows.value(first).toLongLong(), rows.value(first + 1).toString(), rows.value(first + 2).toString(),
            rows.value(first + 3).toString()};
}

} // namespace

Result<QList<CustomerCard>> memberCandidates(Repository &repository, const Actor &actor, qint64 operatorId,
                                             const QString &search, int limit)
{
    const QString text = search.trimmed();
    if (text.size() < PrivateNetwork::MinSearchLength)
        return Error::validation(
            {{QStringLiteral("search"), Tr::tr("Type at least %n characters of a name, code or email.", nullptr,
                                               PrivateNetwork::MinSearchLength)}});
    if (Status s = checkOperator(repository, actor, operatorId); !s)
        return s.error();
    const QString pattern = likePattern(text);
    // Only the card's columns are selected: the rest of a customer never leaves this query.
    auto q = repository.database().exec(
        QStringLiteral("SELECT c.id, c.code, c.name, c.email FROM customers c "
                       "WHERE (LOWER(c.name) LIKE ? ESCAPE '\\' OR LOWER(c.code) LIKE ? ESCAPE '\\' "
                       "OR LOWER(c.email) LIKE ? ESCAPE '\\') AND NOT EXISTS (SELECT 1 FROM operator_members m "
                       "WHERE m.operator_id = ? AND m.customer_id = c.id) ORDER BY c.name, c.id LIMIT ?"),
        {pattern, pattern, pattern, operatorId, qBound(1, limit, PrivateNetwork::MaxCandidates)});
    if (!q)
        return q.error();
    QList<CustomerCard> cards;
    while (q.value().next())
        cards << cardAt(q.value(), 0);
    return cards;
}

Result<QList<NetworkMember>> networkMembers(Repository &repository, const Actor &actor, qint64 operatorId)
{
    if (Status s = checkOperator(repository, actor, operatorId); !s)
        return s.error();
    auto q = repository.database().exec(
        QStringLiteral("SELECT m.id, c.id, c.code, c.name, c.email FROM operator_members m "
                       "JOIN customers c ON c.id = m.customer_id WHERE m.operator_id = ? ORDER BY c.name, m.id"),
        {operatorId});
    if (!q)
        return q.error();
    QList<NetworkMember> members;
    while (q.value().next())
        members << NetworkMember{q.value().value(0).toLongLong(), cardAt(q.value(), 1)};
    return members;
}

Result<qint64> addNetworkMember(Repository &repository, const Actor &actor, qint64 operatorId, qint64 customerId)
{
    if (Status s = checkOperator(repository, actor, operatorId); !s)
        return s.error();
    return repository.create(
        actor, Tables::OperatorMembers,
        {{QStringLiteral("operator_id"), operatorId}, {QStringLiteral("customer_id"), customerId}});
}

} // namespace ChargeDesk::Core
