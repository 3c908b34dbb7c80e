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
// Validation, scoping and referrer checks are core's; this only translates.
class ResourceController
{
public:
    explicit ResourceController(Core::Repository &repository);
    void handle(const Call &call, const Respond &respond);

private:
    struct Collection
    {
        QString name;
        QString table;
        bool writable;
    };
    static const QList<Collection> &collections();
    Core::Result<Core::Record> find(const Call &call, const Collection &c, const QString &key);
    Reply list(const Call &call, const Collection &c);
    Reply measurements(const Call &call, const Core::Record &asset);
    Reply attributes(const Call &call, const Collection &c, const Core::Record &row);

    Core::Repository &m_repository;
};

} // namespace ChargeDesk::Server::Rest
