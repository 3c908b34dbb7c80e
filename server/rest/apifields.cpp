#include "server/rest/apifields.h"

#include "core/catalog.h"
#include "core/repository.h"

#include <QJsonObject>

#include <cmath>

namespace ChargeDesk::Server::Rest {

namespace Tables = Core::Tables;

namespace {

Core::Error fieldError(const QString &field, const QString &message)
{
    return Core::Error::validation({{field, message}});
}

} // namespace

Reply invalidField(const QString &field, const QString &message)
{
    return Reply::error(fieldError(field, message));
}

Core::Result<qint64> queryInteger(const QUrlQuery &query, const QString &name, qint64 min, qint64 max, qint64 fallback)
{
    if (!query.hasQueryItem(name))
        return fallback;
    const QStringList values = query.allQueryItemValues(name, QUrl::FullyDecoded);
    bool ok = values.size() == 1;
    const qint64 value = ok ? values.first().toLongLong(&ok) : 0;
    if (!ok || value < min || value > max)
        return fieldError(name, values.size() > 1 ? QStringLiteral("Give %1 once.").arg(name)
                                                  : QStringLiteral("A whole number from %1 to %2.").arg(min).arg(max));
    return value;
}

bool isWholeNumber(const QJsonValue &value)
{
    return value.isDouble() && std::isfinite(value.toDouble()) && value.toDouble() == std::floor(value.toDouble());
}

QJsonObject recordJson(const Core::EntityDef &def, const Core::Record &record)
{
    QJsonObject o;
    for (auto it = record.constBegin(); it != record.constEnd(); ++it) {
        const Core::FieldDef *f = def.field(it.key());
        if (it.value().isNull() || !it.value().isValid())
            o.insert(it.key(), QJsonValue::Null);
        else if (f && f->type == Core::FieldType::Blob)
            o.insert(it.key(), QString::fromLatin1(it.value().toByteArray().toBase64()));
        else
            o.insert(it.key(), QJsonValue::fromVariant(it.value()));
    }
    return o;
}

QJsonObject stationJson(const Core::CommandResult &result)
{
    QJsonObject o{{QStringLiteral("outcome"), result.outcomeName()}};
    if (!result.status.isEmpty())
        o.insert(QStringLiteral("status"), result.status);
    if (!result.error.isEmpty())
        o.insert(QStringLiteral("message"), result.error);
    return o;
}

Core::Result<Core::Record> customerField(Core::Repository &repository, const Core::Actor &actor,
                                         const QJsonObject &body)
{
    const QJsonValue customer = body.value(QStringLiteral("customer"));
    if (!customer.isString() || customer.toString().trimmed().isEmpty())
        return fieldError(QStringLiteral("customer"), QStringLiteral("Give the customer's code."));
    auto row = repository.getByCode(actor, Tables::Customers, customer.toString().trimmed());
    if (!row && row.error().kind() == Core::Error::Kind::NotFound)
        return fieldError(QStringLiteral("customer"), QStringLiteral("No customer has this code."));
    return row;
}

Core::Result<qint64> connectorField(Core::Repository &repository, const Core::Actor &actor, const QJsonObject &body)
{
    const QJsonValue connector = body.value(QStringLiteral("connector"));
    const QJsonValue charger = body.value(QStringLiteral("charger"));
    if (isWholeNumber(connector)) {
        if (!charger.isUndefined())
            return fieldError(QStringLiteral("charger"),
                              QStringLiteral("Give the charger only with a connector code."));
        auto row = repository.get(actor, Tables::Connectors, qint64(connector.toDouble()));
        if (!row)
            return row.error().kind() == Core::Error::Kind::NotFound
                       ? fieldError(QStringLiteral("connector"), QStringLiteral("No connector has this id."))
                       : row.error();
        return row.value().value(QStringLiteral("id")).toLongLong();
    }
    if (!connector.isString() || connector.toString().trimmed().isEmpty())
        return fieldError(QStringLiteral("connector"),
                          QStringLiteral("Give the connector's id, or its code with the charger's code."));
    if (!charger.isString() || charger.toString().trimmed().isEmpty())
        return fieldError(
            QStringLiteral("charger"),
            QStringLiteral("A connector code is unique only within its charger: give the charger's code."));
    auto chargerRow = repository.getByCode(actor, Tables::Chargers, charger.toString().trimmed());
    if (!chargerRow)
        return chargerRow.error().kind() == Core::Error::Kind::NotFound
                   ? fieldError(QStringLiteral("charger"), QStringLiteral("No charger has this code."))
                   : chargerRow.error();
    Core::ListQuery q;
    q.filters << Core::ListQuery::Filter{QStringLiteral("charger_id"), Core::ListQuery::Filter::Op::Equals,
                                         chargerRow.value().value(QStringLiteral("id"))}
              << Core::ListQuery::Filter{QStringLiteral("code"), Core::ListQuery::Filter::Op::Equals,
                                         connector.toString().trimmed()};
    q.limit = 1;
    auto rows = repository.list(actor, Tables::Connectors, q);
    if (!rows)
        return rows.error();
    if (rows.value().isEmpty())
        return fieldError(QStringLiteral("connector"), QStringLiteral("The charger has no connector with this code."));
    return rows.value().first().value(QStringLiteral("id")).toLongLong();
}

} // namespace ChargeDesk::Server::Rest
