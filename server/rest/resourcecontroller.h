#pragma once

#include "server/rest/restserver.h"

#include "core/entitydef.h"

namespace ChargeDesk::Server::Rest {

// Create, read, update and delete over the catalog's entities:
//   GET    /api/v1/{collection}?limit&offset&sort&order=desc&{field}=&{field}.contains=&{field}.gte=&{field}.lt=
//   GET    /api/v1/{collection}/{code or id}          POST   /api/v1/{collection}
//   PATCH  /api/v1/{collection}/{code or id}          DELETE /api/v1/{collection}/{code or id}
//   GET|PUT /api/v1/{collection}/{key}/attributes     (entities with custom attributes)
//   GET|POST /api/v1/assets/{code}/measurements        (smart meter and producer reports)
// Validation, scoping and referrer checks are core's; this only translates. These patterns begin
// with a parameter, so the routes of every other controller come before them.
class ResourceController
{
public:
    explicit ResourceController(Core::Repository &repository);
    void addRoutes(Router &router);

private:
    struct Collection
    {
        QString name;
        QString table;
        bool writable;
    };
    struct Row
    {
        const Collection &collection;
        Core::Record record;
    };
    static const QList<Collection> &collections();

    void list(const Call &call, const Respond &respond);
    void create(const Call &call, const Respond &respond);
    void show(const Call &call, const Respond &respond);
    void update(const Call &call, const Respond &respond);
    void remove(const Call &call, const Respond &respond);
    void attributes(const Call &call, const Respond &respond);
    void measurements(const Call &call, const Respond &respond);

    // The collection or row the path names; or nothing after answering with the reason.
    const Collection *findCollection(const Call &call, const Respond &respond);
    std::optional<Row> findRow(const Call &call, const Respond &respond);
    Core::Result<Core::Record> find(const Call &call, const Collection &c, const QString &key);
    Reply query(const Call &call, const Collection &c);
    Reply measurementsOf(const Call &call, const Core::Record &asset);
    Reply attributesOf(const Call &call, const Collection &c, const Core::Record &row);

    Core::Repository &m_repository;
};

} // namespace ChargeDesk::Server::Rest
