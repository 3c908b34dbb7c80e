#include "server/rest/resourcecontroller.h"

#include "server/rest/apifields.h"

#include "core/repository.h"
#include "server/rest/router.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QUrlQuery>

#include <limits>

namespace ChargeDesk::Server::Rest {

using Status = QHttpServerResponder::StatusCode;
using Method = QHttpServerRequest::Method;
namespace Tables = Core::Tables;

namespace {

Reply readOnly(const QString &collection)
{
    return methodNotAllowed(QStringLiteral("%1 are read-only here.").arg(collection));
}

bool hasGlobalCode(const Core::EntityDef &def)
{
    const Core::FieldDef *code = def.field(QStringLiteral("code"));
    return code && code->isUnique && code->uniqueWithin.isEmpty();
}

} // namespace

ResourceController::ResourceController(Core::Repository &repository)
    : m_repository(repository)
{}

const QList<ResourceController::Collection> &ResourceController::collections()
{
    static const QList<Collection> list{
        {QStringLiteral("operators"), Tables::Operators, true},
        // Prices and limits; a charger's, else its operator's, else the site's apply.
        {QStringLiteral("rating-settings"), Tables::RatingSettings, true},
        {QStringLiteral("areas"), Tables::Areas, true},
        {QStringLiteral("stations"), Tables::Stations, true},
        {QStringLiteral("chargers"), Tables::Chargers, true},
        {QStringLiteral("connectors"), Tables::Connectors, true},
        {QStringLiteral("assets"), Tables::Assets, true},
        {QStringLiteral("customers"), Tables::Customers, true},
        {QStringLiteral("id-device-types"), Tables::IdDeviceTypes, true},
        {QStringLiteral("id-devices"), Tables::IdDevices, true},
        {QStringLiteral("configuration-templates"), Tables::ConfigTemplates, true},
        {QStringLiteral("configuration-template-settings"), Tables::ConfigTemplateSettings, true},
        {QStringLiteral("configuration-template-assignments"), Tables::ConfigTemplateAssignments, true},
        {QStringLiteral("configuration-results"), Tables::ConfigResults, false},
        // Written with their periods through ChargingProfileController.
        {QStringLiteral("charging-profiles"), Tables::ChargingProfiles, false},
        {QStringLiteral("sessions"), Tables::Sessions, false},
        {QStringLiteral("reservations"), Tables::Reservations, false},
        {QStringLiteral("meter-values"), Tables::MeterValues, false},
        {QStringLiteral("ocpp-messages"), Tables::OcppMessages, false},
    };
    return list;
}

Core::Result<Core::Record> ResourceController::find(const Call &call, const Collection &c, const QString &key)
{
    const Core::EntityDef &def = m_repository.catalog().entity(c.table);
    if (hasGlobalCode(def))
        return m_repository.getByCode(call.actor, c.table, key);
    bool numeric = false;
    const qint64 id = key.toLongLong(&numeric);
    if (!numeric)
        return Core::Error::notFound(QStringLiteral("The %1 with id “%2”").arg(def.singular, key));
    return m_repository.get(call.actor, c.table, id);
}

Reply ResourceController::query(const Call &call, const Collection &c)
{
    const Core::EntityDef &def = m_repository.catalog().entity(c.table);
    Core::ListQuery q;
    const QUrlQuery params = call.request.query();
    const auto limit = queryInteger(params, QStringLiteral("limit"), 1, 1000, q.limit);
    if (!limit)
        return Reply::error(limit.error());
    const auto offset = queryInteger(params, QStringLiteral("offset"), 0, std::numeric_limits<int>::max(), 0);
    if (!offset)
        return Reply::error(offset.error());
    q.limit = int(limit.value());
    q.offset = int(offset.value());
    for (const auto &[name, value] : params.queryItems(QUrl::FullyDecoded)) {
        if (name == QLatin1String("limit") || name == QLatin1String("offset"))
            continue;
        if (name == QLatin1String("sort"))
            q.orderBy = value;
        else if (name == QLatin1String("order")) {
            if (value != QLatin1String("asc") && value != QLatin1String("desc"))
                return invalidField(name, QStringLiteral("asc or desc."));
            q.descending = value == QLatin1String("desc");
        } else {
            const qsizetype dot = name.indexOf(QLatin1Char('.'));
            const QString field = dot < 0 ? name : name.left(dot);
            const QString op = dot < 0 ? QString() : name.mid(dot + 1);
            using Op = Core::ListQuery::Filter::Op;
            const Op kind = op == QLatin1String("contains") ? Op::Contains
                            : op == QLatin1String("gte")    ? Op::AtLeast
                            : op == QLatin1String("lt")     ? Op::Below
                                                            : Op::Equals;
            if (!op.isEmpty() && kind == Op::Equals)
                return Reply::error(Status::BadRequest, QStringLiteral("validation"),
                                    QStringLiteral("Unknown filter “%1”.").arg(name));
            q.filters << Core::ListQuery::Filter{field, kind, value};
        }
    }
    auto rows = m_repository.list(call.actor, c.table, q);
    if (!rows)
        return Reply::error(rows.error());
    auto total = m_repository.count(call.actor, c.table, q);
    if (!total)
        return Reply::error(total.error());
    QJsonArray items;
    for (const Core::Record &r : rows.value())
        items.append(recordJson(def, r));
    return Reply::json({{QStringLiteral("items"), items},
                        {QStringLiteral("total"), total.value()},
                        {QStringLiteral("limit"), q.limit},
                        {QStringLiteral("offset"), q.offset}});
}

Reply ResourceController::measurementsOf(const Call &call, const Core::Record &asset)
{
    const qint64 assetId = asset.value(QStringLiteral("id")).toLongLong();
    if (call.request.method() == Method::Get) {
        Collection c{QString(), Tables::AssetMeasurements, false};
        Core::ListQuery q;
        q.filters << Core::ListQuery::Filter{QStringLiteral("asset_id"), Core::ListQuery::Filter::Op::Equals, assetId};
        q.orderBy = QStringLiteral("measured_at");
        q.descending = true;
        // A time series: ?from=&to= (ISO 8601 or UTC ms; from inclusive, to exclusive), ?limit=.
        const QUrlQuery params = call.request.query();
        for (const auto &[name, op] : {std::pair{QStringLiteral("from"), Core::ListQuery::Filter::Op::AtLeast},
                                       std::pair{QStringLiteral("to"), Core::ListQuery::Filter::Op::Below}}) {
            if (!params.hasQueryItem(name))
                continue;
            const QString text = params.queryItemValue(name, QUrl::FullyDecoded);
            bool isNumber = false;
            qint64 at = text.toLongLong(&isNumber);
            if (!isNumber) {
                const QDateTime parsed = QDateTime::fromString(text, Qt::ISODateWithMs);
                if (!parsed.isValid())
                    return invalidField(name, QStringLiteral("Give a UTC time in milliseconds or ISO 8601."));
                at = parsed.toMSecsSinceEpoch();
            }
            q.filters << Core::ListQuery::Filter{QStringLiteral("measured_at"), op, at};
        }
        const auto limit = queryInteger(params, QStringLiteral("limit"), 1, 10000, q.limit);
        if (!limit)
            return Reply::error(limit.error());
        q.limit = int(limit.value());
        auto rows = m_repository.list(call.actor, c.table, q);
        if (!rows)
            return Reply::error(rows.error());
        QJsonArray items;
        for (const Core::Record &r : rows.value())
            items.append(recordJson(m_repository.catalog().entity(c.table), r));
        return Reply::json({{QStringLiteral("items"), items}});
    }
    const auto body = jsonBody(call.request);
    if (!body)
        return badBody();
    Core::Record values = body->toVariantMap();
    values.insert(QStringLiteral("asset_id"), assetId);
    if (!values.contains(QStringLiteral("measured_at")))
        values.insert(QStringLiteral("measured_at"), m_repository.clock().nowMs());
    else if (values.value(QStringLiteral("measured_at")).typeId() == QMetaType::QString) {
        const QDateTime at =
            QDateTime::fromString(values.value(QStringLiteral("measured_at")).toString(), Qt::ISODateWithMs);
        if (!at.isValid())
            return invalidField(QStringLiteral("measured_at"),
                                QStringLiteral("Give a UTC time in milliseconds or ISO 8601."));
        values.insert(QStringLiteral("measured_at"), at.toMSecsSinceEpoch());
    }
    auto id = m_repository.create(call.actor, Tables::AssetMeasurements, values);
    if (!id)
        return Reply::error(id.error());
    return Reply::json({{QStringLiteral("id"), id.value()}}, Status::Created);
}

Reply ResourceController::attributesOf(const Call &call, const Collection &c, const Core::Record &row)
{
    const qint64 id = row.value(QStringLiteral("id")).toLongLong();
    if (call.request.method() == Method::Put) {
        const auto body = jsonBody(call.request);
        if (!body)
            return badBody();
        QList<Core::Attribute> attrs;
        for (auto it = body->constBegin(); it != body->constEnd(); ++it)
            attrs << Core::Attribute{it.key(), it.value().toVariant().toString()};
        if (auto s = m_repository.setAttributes(call.actor, c.table, id, attrs); !s)
            return Reply::error(s.error());
    }
    auto attrs = m_repository.attributes(call.actor, c.table, id);
    if (!attrs)
        return Reply::error(attrs.error());
    QJsonObject o;
    for (const Core::Attribute &a : attrs.value())
        o.insert(a.key, a.value);
    return Reply::json(o);
}

void ResourceController::addRoutes(Router &router)
{
    // Every other controller's paths begin with a literal, so they come before these.
    router.add(Method::Get, QStringLiteral("{collection}"), std::bind_front(&ResourceController::list, this));
    router.add(Method::Post, QStringLiteral("{collection}"), std::bind_front(&ResourceController::create, this));
    router.addFallback(QStringLiteral("{collection}"), [this](const Call &call, const Respond &respond) {
        if (findCollection(call, respond))
            respond(methodNotAllowed(QStringLiteral("Use GET or POST.")));
    });
    const QString item = QStringLiteral("{collection}/{key}");
    router.add(Method::Get, item, std::bind_front(&ResourceController::show, this));
    router.add(Method::Patch, item, std::bind_front(&ResourceController::update, this));
    router.add(Method::Delete, item, std::bind_front(&ResourceController::remove, this));
    router.addFallback(item, [this](const Call &call, const Respond &respond) {
        if (findRow(call, respond))
            respond(methodNotAllowed(QStringLiteral("Use GET, PATCH or DELETE.")));
    });
    const QString attributes = item + QStringLiteral("/attributes");
    router.add(Method::Get, attributes, std::bind_front(&ResourceController::attributes, this));
    router.add(Method::Put, attributes, std::bind_front(&ResourceController::attributes, this));
    const QString measurements = item + QStringLiteral("/measurements");
    router.add(Method::Get, measurements, std::bind_front(&ResourceController::measurements, this));
    router.add(Method::Post, measurements, std::bind_front(&ResourceController::measurements, this));
    // Other paths below a row, and other methods on these, are looked up before they are refused.
    router.addFallback(item + QStringLiteral("/{sub}"), [this](const Call &call, const Respond &respond) {
        if (findRow(call, respond))
            respond(noSuchResource());
    });
}

const ResourceController::Collection *ResourceController::findCollection(const Call &call, const Respond &respond)
{
    const QString name = call.param(QStringLiteral("collection"));
    for (const Collection &c : collections()) {
        if (c.name == name)
            return &c;
    }
    respond(noSuchResource());
    return nullptr;
}

std::optional<ResourceController::Row> ResourceController::findRow(const Call &call, const Respond &respond)
{
    const Collection *c = findCollection(call, respond);
    if (!c)
        return std::nullopt;
    auto row = find(call, *c, call.param(QStringLiteral("key")));
    if (!row) {
        respond(Reply::error(row.error()));
        return std::nullopt;
    }
    return Row{*c, row.value()};
}

void ResourceController::list(const Call &call, const Respond &respond)
{
    if (const Collection *c = findCollection(call, respond))
        respond(query(call, *c));
}

void ResourceController::create(const Call &call, const Respond &respond)
{
    const Collection *c = findCollection(call, respond);
    if (!c)
        return;
    if (!c->writable)
        return respond(readOnly(c->name));
    const auto body = jsonBody(call.request);
    if (!body)
        return respond(badBody());
    auto id = m_repository.create(call.actor, c->table, body->toVariantMap());
    if (!id)
        return respond(Reply::error(id.error()));
    const Core::EntityDef &def = m_repository.catalog().entity(c->table);
    respond(Reply::json(recordJson(def, m_repository.get(call.actor, c->table, id.value()).value()), Status::Created));
}

void ResourceController::show(const Call &call, const Respond &respond)
{
    if (const auto row = findRow(call, respond))
        respond(Reply::json(recordJson(m_repository.catalog().entity(row->collection.table), row->record)));
}

void ResourceController::update(const Call &call, const Respond &respond)
{
    const auto row = findRow(call, respond);
    if (!row)
        return;
    const Collection &c = row->collection;
    if (!c.writable)
        return respond(readOnly(c.name));
    const auto body = jsonBody(call.request);
    if (!body)
        return respond(badBody());
    const qint64 id = row->record.value(QStringLiteral("id")).toLongLong();
    if (auto s = m_repository.update(call.actor, c.table, id, body->toVariantMap()); !s)
        return respond(Reply::error(s.error()));
    const Core::EntityDef &def = m_repository.catalog().entity(c.table);
    respond(Reply::json(recordJson(def, m_repository.get(call.actor, c.table, id).value())));
}

void ResourceController::remove(const Call &call, const Respond &respond)
{
    const auto row = findRow(call, respond);
    if (!row)
        return;
    if (!row->collection.writable)
        return respond(readOnly(row->collection.name));
    const qint64 id = row->record.value(QStringLiteral("id")).toLongLong();
    if (auto s = m_repository.remove(call.actor, row->collection.table, id); !s)
        return respond(Reply::error(s.error()));
    respond(Reply{Status::NoContent, {}});
}

void ResourceController::attributes(const Call &call, const Respond &respond)
{
    const auto row = findRow(call, respond);
    if (!row)
        return;
    if (!m_repository.catalog().entity(row->collection.table).hasCustomAttributes)
        return respond(noSuchResource());
    respond(attributesOf(call, row->collection, row->record));
}

void ResourceController::measurements(const Call &call, const Respond &respond)
{
    const auto row = findRow(call, respond);
    if (!row)
        return;
    if (row->collection.table != Tables::Assets)
        return respond(noSuchResource());
    respond(measurementsOf(call, row->record));
}

} // namespace ChargeDesk::Server::Rest
