#pragma once

#include "core/entitydef.h"
#include "server/rest/restserver.h"

namespace ChargeDesk::Core {
class ChargingProfiles;
}

namespace ChargeDesk::Server::Rest {

// Static charging profiles with their schedule periods, and their assignment to chargers.
// The list (GET /api/v1/charging-profiles) is the resource API's.
//   POST   /api/v1/charging-profiles            {code, name, stack_level, kind, ..., periods: [{start_offset_s,
//                                                limit_value, number_phases}]}  201 the profile with its periods
//   GET    /api/v1/charging-profiles/{code}     the profile with its periods
//   PATCH  /api/v1/charging-profiles/{code}     changed fields; "periods" replaces all periods
//   DELETE /api/v1/charging-profiles/{code}     409 while a charger has it
//   GET    /api/v1/chargers/{code}/charging-profile     {chargingProfile, assignment}
//   POST   /api/v1/chargers/{code}/charging-profile     {"chargingProfile": code}: assigns and sends it
//   DELETE /api/v1/chargers/{code}/charging-profile     unassigns it and clears it on the charger
//   GET    /api/v1/chargers/{code}/composite-schedule?duration=S   {expected, station, stationSchedule}
class ChargingProfileController
{
public:
    ChargingProfileController(Core::Repository &repository, Core::ChargingProfiles &profiles);
    void addRoutes(Router &router);

private:
    void create(const Call &call, const Respond &respond);
    void show(const Call &call, const Respond &respond);
    void update(const Call &call, const Respond &respond);
    void remove(const Call &call, const Respond &respond);
    void showAssignment(const Call &call, const Respond &respond);
    void assign(const Call &call, const Respond &respond);
    void unassign(const Call &call, const Respond &respond);
    void composite(const Call &call, const Respond &respond);

    // The id of the profile or charger the path names; or nothing after answering with the reason.
    std::optional<qint64> findProfile(const Call &call, const Respond &respond);
    std::optional<qint64> findCharger(const Call &call, const Respond &respond);
    std::optional<qint64> idByCode(const Call &call, const QString &table, const Respond &respond);
    Core::Result<QJsonObject> profileJson(const Core::Actor &actor, const Core::Record &profile);
    void respondWithProfile(const Call &call, qint64 id, QHttpServerResponder::StatusCode status,
                            const Respond &respond);

    Core::Repository &m_repository;
    Core::ChargingProfiles &m_profiles;
};

} // namespace ChargeDesk::Server::Rest
