#pragma once

#include "core/entitydef.h"
#include "server/rest/restserver.h"

namespace ChargeDesk::Core {
class LiveConfiguration;
}

namespace ChargeDesk::Server::Rest {

// A connected station's live configuration:
//   GET  /api/v1/stations/{code}/live-configuration
//        the catalogue by group, each parameter with the key of the station's protocol, the
//        value the station reported last and the answer to the last change; then every other
//        key the station reported ("other")
//   POST /api/v1/stations/{code}/live-configuration/read   {"group": "metering"} | {"keys": [...]}
//        | {"all": true} (1.6 only) | {} (the whole catalogue); answers with what was read
//   PUT  /api/v1/stations/{code}/live-configuration        {"key", "value", "evse"?, "connector"?}
//        answers with the station's answer to the change
class LiveConfigurationController
{
public:
    LiveConfigurationController(Core::Repository &repository, Core::LiveConfiguration &live);
    void addRoutes(Router &router);

private:
    // The station in the path; or nothing after answering with the reason.
    std::optional<Core::Record> findStation(const Call &call, const Respond &respond);
    void overview(const Core::Record &station, const Respond &respond);
    void read(const Core::Record &station, const QJsonObject &body, const Respond &respond);
    void change(const Core::Record &station, const QJsonObject &body, const Respond &respond);

    Core::Repository &m_repository;
    Core::LiveConfiguration &m_live;
};

} // namespace ChargeDesk::Server::Rest
