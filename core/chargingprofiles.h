#pragma once

#include "core/chargepointgateway.h"
#include "core/compositeschedule.h"
#include "core/repository.h"

#include <QHash>

#include <functional>
#include <optional>

namespace ChargeDesk::Core {

// What a charger was last told about its static profile, and what it answered.
struct ProfileAssignment
{
    qint64 chargerId = 0;
    qint64 profileId = 0;  // the charger's charging_profile_id; 0 when it has none
    QString state;         // none, pending, accepted, rejected, not_connected, timed_out,
                           // failed, suspended (kept, not applied: load balancing), cleared
    QString outcome;       // the command's outcome (answered, not_connected, ...)
    QString stationStatus; // the station's status as it answered (Accepted, Rejected, ...)
    QString message;       // why, when it was not applied
    qint64 sentAt = 0;     // UTC ms
    qint64 answeredAt = 0; // UTC ms
    int ocppProfileId = 0;
};

// The expected composite schedule beside the one the charger reports.
struct CompositeComparison
{
    CompositeSchedule expected;
    CommandResult station; // its `schedule` holds the charger's schedule when it sent one
};

// The energy limit that a session on this connector is held to by its charger's charging
// profile: the one of a session default limit (TxDefaultProfile) assigned to the charger, none
// for any other. The spec asks for a stop on reaching it, as on the rating's (rating.h).
Result<std::optional<qint64>> sessionEnergyLimitWh(Database &database, qint64 connectorId);

using AssignmentDone = std::function<void(const Result<ProfileAssignment> &)>;
using CompositeDone = std::function<void(const Result<CompositeComparison> &)>;

// Static charging profiles (the specification's Charging Profiles): stored with their
// schedule periods, assigned to chargers and sent to them as ChargePointMaxProfile /
// ChargingStationMaxProfile (charger total limit) or TxDefaultProfile (session default
// limit), cleared when unassigned, sent again when they change. On an area that balances its
// load dynamically they are not applied: enabling it clears them from its chargers (which keep
// the assignment), disabling it sends them again.
// The service compares what each charger should have (its charging_profile_id and its area)
// with what it was last told (charging_profile_assignments) and sends the difference, so every
// path that changes a charger, a profile or an area ends in the same place.
class ChargingProfiles final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChargingProfiles)

public:
    ChargingProfiles(Repository &repository, ChargePointGateway &gateway, const Clock &clock,
                     QObject *parent = nullptr);

    // The chargingProfileId a static profile has on every charger: stable, so sending it again
    // replaces it and clearing it by id removes exactly it. Ids below this base are left to
    // the profiles of sessions (load balancing).
    static constexpr int OcppIdBase = 1000000;
    static int ocppProfileId(qint64 profileId) { return OcppIdBase + int(profileId); }

    // A profile and its schedule periods ({start_offset_s, limit_value, number_phases}) in one
    // transaction; an update with periods replaces all of them. Errors of a period name it as
    // "periods.<index>.<field>".
    Result<qint64> createProfile(const Actor &actor, const Record &values, const QList<Record> &periods);
    Status updateProfile(const Actor &actor, qint64 profileId, const Record &changes,
                         const std::optional<QList<Record>> &periods);
    Result<QList<Record>> periods(const Actor &actor, qint64 profileId);
    Result<ProfileValues> profileValues(qint64 profileId);

    // Sets the charger's charging_profile_id and sends the profile; `done` gets what the
    // charger answered (also when it refused or was not reached), or the validation error when
    // nothing was assigned. It may be called before this returns.
    void assign(const Actor &actor, qint64 chargerId, qint64 profileId, AssignmentDone done);
    // Clears the charger's charging_profile_id and the profile on the charger.
    void unassign(const Actor &actor, qint64 chargerId, AssignmentDone done);
    Result<ProfileAssignment> assignment(const Actor &actor, qint64 chargerId);

    // The composite schedule from now for `durationS` seconds: computed from the profiles the
    // charger should have, and asked of the charger (GetCompositeSchedule).
    void compositeSchedule(const Actor &actor, qint64 chargerId, qint64 durationS, CompositeDone done);

public slots:
    // A station came (back) online: what it could not be told is sent now, and everything when
    // its boot configuration clears the profiles (this runs after the boot configurator).
    void stationOnline(qint64 stationId);

signals:
    void assignmentChanged(qint64 chargerId);

private:
    struct Desired
    {
        qint64 stationId = 0;
        int evse = 1;
        qint64 profileId = 0;
        bool balanced = false; // its area balances load dynamically
    };
    enum class Sync { IfChanged, Resend };
    void rowChanged(const QString &table, qint64 id, Repository::Change change);
    void later(qint64 chargerId, Sync how);
    void runLater();
    void sync(qint64 chargerId, Sync how, AssignmentDone done);
    void send(qint64 chargerId, const Desired &desired, const ProfileAssignment &current, AssignmentDone done);
    void clear(qint64 chargerId, const Desired &desired, const ProfileAssignment &current, const QString &state,
               AssignmentDone done);
    Result<Desired> desired(qint64 chargerId);
    Result<ProfileAssignment> stored(qint64 chargerId);
    Result<int> record(qint64 chargerId, qint64 profileId, const QString &state, bool newAttempt);
    void answered(qint64 chargerId, int attempt, const QString &state, const CommandResult &result,
                  const AssignmentDone &done);
    Result<QVariantMap> commandArgs(qint64 profileId, int evse);
    Status replacePeriods(const Actor &actor, qint64 profileId, const QList<Record> &periods);
    Result<QList<qint64>> chargerIds(const QString &sql, const QVariantList &params);

    Repository &m_repository;
    ChargePointGateway &m_gateway;
    const Clock &m_clock;
    // Changes seen in rowChanged are handled once the writer's transaction is over.
    QHash<qint64, Sync> m_pending;
    QList<std::pair<QString, qint64>> m_changedRows; // areas, stations, profiles, periods
    bool m_scheduled = false;
};

} // namespace ChargeDesk::Core
