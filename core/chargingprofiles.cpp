#include "core/chargingprofiles.h"

#include <QLoggingCategory>
#include <QPointer>
#include <QTimer>

Q_LOGGING_CATEGORY(lcProfiles, "chargedesk.core.chargingprofiles")

namespace ChargeDesk::Core {

namespace {

const QString Pending = QStringLiteral("pending");
const QString Suspended = QStringLiteral("suspended");
const QString Cleared = QStringLiteral("cleared");
const QString None = QStringLiteral("none");

QVariant nullable(qint64 v)
{
    return v ? QVariant(qlonglong(v)) : QVariant(QMetaType::fromType<qlonglong>());
}

QDateTime utcMs(const QVariant &v)
{
    return v.isNull() || !v.isValid() ? QDateTime() : QDateTime::fromMSecsSinceEpoch(v.toLongLong(), Qt::UTC);
}

// The charger may hold the profile: it was sent and neither cleared nor suspended since.
bool mayHold(const ProfileAssignment &a)
{
    return a.profileId != 0 && a.state != Suspended && a.state != Cleared && a.state != None;
}

QString setState(const CommandResult &r)
{
    using Outcome = CommandResult::Outcome;
    switch (r.outcome) {
    case Outcome::Answered:
        return r.status == QLatin1String("Accepted") ? QStringLiteral("accepted") : QStringLiteral("rejected");
    case Outcome::NotConnected: return QStringLiteral("not_connected");
    case Outcome::TimedOut: return QStringLiteral("timed_out");
    default: return QStringLiteral("failed");
    }
}

// Errors of the n-th period name it, so a form can show them beside that row.
Error periodError(const Error &error, qsizetype index)
{
    if (error.kind() != Error::Kind::Validation)
        return error;
    QList<FieldError> fields;
    for (const FieldError &f : error.fields())
        fields << FieldError{QStringLiteral("periods.%1.%2").arg(index).arg(f.field), f.message};
    return Error::validation(fields);
}

int phasesOf(const QString &currentType)
{
    return currentType == QLatin1String("ac_three_phase") ? 3 : 1;
}

} // namespace

Result<std::optional<qint64>> sessionEnergyLimitWh(Database &database, qint64 connectorId)
{
    auto q = database.exec(QStringLiteral("SELECT p.energy_limit_wh FROM connectors c JOIN chargers ch ON ch.id = "
                                          "c.charger_id JOIN charging_profiles p ON p.id = ch.charging_profile_id "
                                          "WHERE c.id = ? AND p.purpose = 'session_default'"),
                           {connectorId});
    if (!q)
        return q.error();
    if (!q.value().next() || q.value().value(0).isNull())
        return std::optional<qint64>();
    return std::optional<qint64>(q.value().value(0).toLongLong());
}

ChargingProfiles::ChargingProfiles(Repository &repository, ChargePointGateway &gateway, const Clock &clock,
                                   QObject *parent)
    : QObject(parent)
    , m_repository(repository)
    , m_gateway(gateway)
    , m_clock(clock)
{
    connect(&m_repository, &Repository::rowChanged, this, &ChargingProfiles::rowChanged);
}

// ---- profiles and their periods -------------------------------------------------------------

Result<qint64> ChargingProfiles::createProfile(const Actor &actor, const Record &values, const QList<Record> &list)
{
    qint64 id = 0;
    Status s = m_repository.database().transaction([&]() -> Status {
        auto created = m_repository.create(actor, Tables::ChargingProfiles, values);
        if (!created)
            return created.error();
        id = created.value();
        return replacePeriods(actor, id, list);
    });
    if (!s)
        return s.error();
    return id;
}

Status ChargingProfiles::updateProfile(const Actor &actor, qint64 profileId, const Record &changes,
                                       const std::optional<QList<Record>> &list)
{
    return m_repository.database().transaction([&]() -> Status {
        if (Status u = m_repository.update(actor, Tables::ChargingProfiles, profileId, changes); !u)
            return u;
        return list ? replacePeriods(actor, profileId, *list) : Status(Ok{});
    });
}

Status ChargingProfiles::replacePeriods(const Actor &actor, qint64 profileId, const QList<Record> &list)
{
    if (list.isEmpty())
        return Error::validation(
            {{QStringLiteral("periods"), tr("A charging profile needs at least one schedule period.")}});
    qint64 first = -1;
    for (const Record &p : list) {
        const qint64 start = p.value(QStringLiteral("start_offset_s")).toLongLong();
        first = first < 0 ? start : std::min(first, start);
    }
    // OCPP: the first period of a schedule starts at its start.
    if (first != 0)
        return Error::validation(
            {{QStringLiteral("periods"), tr("The first schedule period must start at 0 (the schedule's start).")}});
    if (auto d = m_repository.database().exec(
            QStringLiteral("DELETE FROM charging_profile_periods WHERE profile_id = ?"), {profileId});
        !d)
        return d.error();
    for (qsizetype i = 0; i < list.size(); ++i) {
        Record period = list.at(i);
        period.insert(QStringLiteral("profile_id"), profileId);
        if (auto created = m_repository.create(actor, Tables::ChargingProfilePeriods, period); !created)
            return periodError(created.error(), i);
    }
    return Ok{};
}

Result<QList<Record>> ChargingProfiles::periods(const Actor &actor, qint64 profileId)
{
    ListQuery q;
    q.filters << ListQuery::Filter{QStringLiteral("profile_id"), ListQuery::Filter::Op::Equals, profileId};
    q.orderBy = QStringLiteral("start_offset_s");
    q.limit = 1000;
    return m_repository.list(actor, Tables::ChargingProfilePeriods, q);
}

Result<ProfileValues> ChargingProfiles::profileValues(qint64 profileId)
{
    auto row = m_repository.get(Actor::system(), Tables::ChargingProfiles, profileId);
    if (!row)
        return row.error();
    auto rows = periods(Actor::system(), profileId);
    if (!rows)
        return rows.error();
    const Record &r = row.value();
    ProfileValues p;
    p.id = profileId;
    p.purpose = r.value(QStringLiteral("purpose")).toString() == QLatin1String("charger_total")
                    ? ProfileValues::Purpose::ChargerTotal
                    : ProfileValues::Purpose::SessionDefault;
    p.stackLevel = r.value(QStringLiteral("stack_level")).toInt();
    p.kind = r.value(QStringLiteral("kind")).toString() == QLatin1String("recurring") ? ProfileValues::Kind::Recurring
                                                                                      : ProfileValues::Kind::OneTime;
    p.recurrency = r.value(QStringLiteral("recurrency")).toString() == QLatin1String("weekly")
                       ? ProfileValues::Recurrency::Weekly
                       : ProfileValues::Recurrency::Daily;
    p.validFrom = utcMs(r.value(QStringLiteral("valid_from")));
    p.validTo = utcMs(r.value(QStringLiteral("valid_to")));
    // OCPP needs a start for absolute and recurring schedules. Without one, a one-time profile
    // starts when it becomes valid (or was created), and a recurring one at midnight UTC of
    // that day, as the specification's example counts its hours from midnight.
    const QDateTime anchor = p.validFrom.isValid() ? p.validFrom : utcMs(r.value(QStringLiteral("created_at"))).toUTC();
    p.scheduleStart = utcMs(r.value(QStringLiteral("schedule_start")));
    if (!p.scheduleStart.isValid())
        p.scheduleStart =
            p.kind == ProfileValues::Kind::Recurring ? QDateTime(anchor.date(), QTime(0, 0), Qt::UTC) : anchor;
    if (!r.value(QStringLiteral("duration_s")).isNull())
        p.durationS = r.value(QStringLiteral("duration_s")).toLongLong();
    p.unit = r.value(QStringLiteral("unit")).toString() == QLatin1String("A") ? ProfileValues::Unit::A
                                                                              : ProfileValues::Unit::W;
    for (const Record &period : rows.value()) {
        ProfileValues::Period v{period.value(QStringLiteral("start_offset_s")).toLongLong(),
                                period.value(QStringLiteral("limit_value")).toDouble(), std::nullopt};
        if (!period.value(QStringLiteral("number_phases")).isNull())
            v.phases = period.value(QStringLiteral("number_phases")).toInt();
        p.periods << v;
    }
    return p;
}

Result<QVariantMap> ChargingProfiles::commandArgs(qint64 profileId, int evse)
{
    auto values = profileValues(profileId);
    if (!values)
        return values.error();
    const ProfileValues &p = values.value();
    QVariantList list;
    for (const ProfileValues::Period &period : p.periods) {
        QVariantMap m{{QStringLiteral("start"), period.startS}, {QStringLiteral("limit"), period.limit}};
        if (period.phases)
            m.insert(QStringLiteral("phases"), *period.phases);
        list << m;
    }
    const bool recurring = p.kind == ProfileValues::Kind::Recurring;
    // connector 0: in 1.6 the charger is the whole station, so its default reaches every connector.
    QVariantMap args{
        {QStringLiteral("evse"), evse},
        {QStringLiteral("connector"), 0},
        {QStringLiteral("id"), ocppProfileId(profileId)},
        {QStringLiteral("stackLevel"), p.stackLevel},
        {QStringLiteral("purpose"), p.purpose == ProfileValues::Purpose::ChargerTotal
                                        ? QStringLiteral("charger_total")
                                        : QStringLiteral("session_default")},
        {QStringLiteral("kind"), recurring ? QStringLiteral("recurring") : QStringLiteral("absolute")},
        {QStringLiteral("unit"), p.unit == ProfileValues::Unit::A ? QStringLiteral("A") : QStringLiteral("W")},
        {QStringLiteral("periods"), list},
        {QStringLiteral("scheduleStart"), p.scheduleStart.toMSecsSinceEpoch()}};
    if (recurring)
        args.insert(QStringLiteral("recurrency"), p.recurrency == ProfileValues::Recurrency::Weekly
                                                      ? QStringLiteral("weekly")
                                                      : QStringLiteral("daily"));
    if (p.validFrom.isValid())
        args.insert(QStringLiteral("validFrom"), p.validFrom.toMSecsSinceEpoch());
    if (p.validTo.isValid())
        args.insert(QStringLiteral("validTo"), p.validTo.toMSecsSinceEpoch());
    if (p.durationS)
        args.insert(QStringLiteral("duration"), *p.durationS);
    return args;
}

// ---- assignment ----------------------------------------------------------------------------

void ChargingProfiles::assign(const Actor &actor, qint64 chargerId, qint64 profileId, AssignmentDone done)
{
    // Read as the actor: an operator-role user reaches only its own chargers.
    if (auto charger = m_repository.get(actor, Tables::Chargers, chargerId); !charger)
        return done(charger.error());
    if (auto profile = m_repository.get(actor, Tables::ChargingProfiles, profileId); !profile)
        return done(profile.error().kind() == Error::Kind::NotFound
                        ? Error::validation({{QStringLiteral("charging_profile_id"), tr("No such charging profile.")}})
                        : profile.error());
    if (Status s = m_repository.update(actor, Tables::Chargers, chargerId,
                                       {{QStringLiteral("charging_profile_id"), profileId}});
        !s)
        return done(s.error());
    sync(chargerId, Sync::Resend, std::move(done));
}

void ChargingProfiles::unassign(const Actor &actor, qint64 chargerId, AssignmentDone done)
{
    if (Status s = m_repository.update(actor, Tables::Chargers, chargerId,
                                       {{QStringLiteral("charging_profile_id"), QVariant()}});
        !s)
        return done(s.error());
    sync(chargerId, Sync::Resend, std::move(done));
}

Result<ProfileAssignment> ChargingProfiles::assignment(const Actor &actor, qint64 chargerId)
{
    auto charger = m_repository.get(actor, Tables::Chargers, chargerId);
    if (!charger)
        return charger.error();
    auto a = stored(chargerId);
    if (a && a.value().state == None)
        a.value().profileId = charger.value().value(QStringLiteral("charging_profile_id")).toLongLong();
    return a;
}

auto ChargingProfiles::desired(qint64 chargerId) -> Result<Desired>
{
    auto rows = m_repository.database().exec(
        QStringLiteral("SELECT c.station_id, c.evse_id, c.charging_profile_id, a.dlb_enabled FROM chargers c "
                       "JOIN stations s ON s.id = c.station_id JOIN areas a ON a.id = s.area_id WHERE c.id = ?"),
        {chargerId});
    if (!rows)
        return rows.error();
    if (!rows.value().next())
        return Error::notFound(ChargingProfiles::tr("The charger"));
    return Desired{rows.value().value(0).toLongLong(), rows.value().value(1).toInt(),
                   rows.value().value(2).toLongLong(), rows.value().value(3).toInt() != 0};
}

Result<ProfileAssignment> ChargingProfiles::stored(qint64 chargerId)
{
    auto rows = m_repository.database().exec(
        QStringLiteral("SELECT profile_id, state, outcome, station_status, message, sent_at, answered_at, "
                       "ocpp_profile_id FROM charging_profile_assignments WHERE charger_id = ?"),
        {chargerId});
    if (!rows)
        return rows.error();
    ProfileAssignment a;
    a.chargerId = chargerId;
    a.state = None;
    Rows &r = rows.value();
    if (!r.next())
        return a;
    a.profileId = r.value(0).toLongLong();
    a.state = r.value(1).toString();
    a.outcome = r.value(2).toString();
    a.stationStatus = r.value(3).toString();
    a.message = r.value(4).toString();
    a.sentAt = r.value(5).toLongLong();
    a.answeredAt = r.value(6).toLongLong();
    a.ocppProfileId = r.value(7).toInt();
    return a;
}

Result<int> ChargingProfiles::record(qint64 chargerId, qint64 profileId, const QString &state, bool newAttempt)
{
    const QVariant sentAt = newAttempt ? QVariant(m_clock.nowMs()) : QVariant(QMetaType::fromType<qlonglong>());
    auto rows = m_repository.database().exec(
        QStringLiteral(
            "INSERT INTO charging_profile_assignments (charger_id, profile_id, ocpp_profile_id, state, attempt, "
            "sent_at) VALUES (?, ?, ?, ?, 1, ?) ON CONFLICT (charger_id) DO UPDATE SET profile_id = "
            "excluded.profile_id, ocpp_profile_id = excluded.ocpp_profile_id, state = excluded.state, attempt = "
            "charging_profile_assignments.attempt + 1, sent_at = excluded.sent_at, outcome = NULL, station_status = "
            "NULL, message = NULL, answered_at = NULL RETURNING attempt"),
        {chargerId, nullable(profileId),
         profileId ? QVariant(ocppProfileId(profileId)) : QVariant(QMetaType::fromType<int>()), state, sentAt});
    if (!rows)
        return rows.error();
    if (!rows.value().next())
        return Error::storage(tr("The charging profile assignment was not recorded."));
    return rows.value().value(0).toInt();
}

void ChargingProfiles::answered(qint64 chargerId, int attempt, const QString &state, const CommandResult &result,
                                const AssignmentDone &done)
{
    QString message = result.error;
    if (state == QLatin1String("rejected"))
        message = tr("The charger rejected the profile: it may not support smart charging or this schedule.");
    // A later attempt has replaced this one: its answer no longer describes the charger.
    auto updated = m_repository.database().exec(
        QStringLiteral("UPDATE charging_profile_assignments SET state = ?, outcome = ?, station_status = ?, message = "
                       "?, answered_at = ? WHERE charger_id = ? AND attempt = ?"),
        {state, result.outcomeName(), result.status, message, m_clock.nowMs(), chargerId, attempt});
    if (!updated)
        qCWarning(lcProfiles) << "charger" << chargerId << updated.error().message();
    qCInfo(lcProfiles) << "charger" << chargerId << "profile" << state << result.outcomeName() << result.status;
    emit assignmentChanged(chargerId);
    if (done)
        done(stored(chargerId));
}

void ChargingProfiles::sync(qint64 chargerId, Sync how, AssignmentDone done)
{
    auto want = desired(chargerId);
    if (!want)
        return done ? done(want.error()) : void();
    auto current = stored(chargerId);
    if (!current)
        return done ? done(current.error()) : void();
    const Desired &d = want.value();
    const ProfileAssignment &cur = current.value();
    const auto finish = [&](const QString &state) {
        if (auto r = record(chargerId, d.profileId, state, false); !r)
            return done ? done(r.error()) : void();
        emit assignmentChanged(chargerId);
        if (done)
            done(stored(chargerId));
    };
    if (d.profileId == 0) {
        if (mayHold(cur))
            return clear(chargerId, d, cur, Cleared, std::move(done));
        if (cur.state == None || (cur.state == Cleared && cur.profileId == 0))
            return done ? done(cur) : void();
        return finish(Cleared);
    }
    if (d.balanced) {
        if (cur.state == Suspended && cur.profileId == d.profileId)
            return done ? done(cur) : void();
        if (mayHold(cur))
            return clear(chargerId, d, cur, Suspended, std::move(done));
        return finish(Suspended);
    }
    if (how == Sync::IfChanged && mayHold(cur) && cur.profileId == d.profileId)
        return done ? done(cur) : void();
    send(chargerId, d, cur, std::move(done));
}

void ChargingProfiles::send(qint64 chargerId, const Desired &d, const ProfileAssignment &current, AssignmentDone done)
{
    auto args = commandArgs(d.profileId, d.evse);
    if (!args)
        return done ? done(args.error()) : void();
    // Another profile may still be on the charger; calls to a station go out in order.
    if (mayHold(current) && current.profileId != d.profileId)
        m_gateway.send(d.stationId,
                       Command{Command::Kind::ClearChargingProfile, {{QStringLiteral("id"), current.ocppProfileId}}},
                       [](const CommandResult &) {});
    auto attempt = record(chargerId, d.profileId, Pending, true);
    if (!attempt)
        return done ? done(attempt.error()) : void();
    emit assignmentChanged(chargerId);
    m_gateway.send(d.stationId, Command{Command::Kind::SetChargingProfile, args.value()},
                   [self = QPointer<ChargingProfiles>(this), chargerId, n = attempt.value(),
                    done = std::move(done)](const CommandResult &result) {
                       if (self)
                           self->answered(chargerId, n, setState(result), result, done);
                   });
}

void ChargingProfiles::clear(qint64 chargerId, const Desired &d, const ProfileAssignment &current, const QString &state,
                             AssignmentDone done)
{
    // Suspended keeps the assignment in view; cleared forgets it.
    const qint64 kept = state == Suspended ? d.profileId : 0;
    auto attempt = record(chargerId, kept, state, true);
    if (!attempt)
        return done ? done(attempt.error()) : void();
    emit assignmentChanged(chargerId);
    // A charger total limit sits on the whole station: another charger there may still need it.
    auto sharers = chargerIds(
        QStringLiteral("SELECT a.charger_id FROM charging_profile_assignments a JOIN chargers c ON c.id = a.charger_id "
                       "JOIN charging_profiles p ON p.id = a.profile_id WHERE c.station_id = ? AND a.charger_id <> ? "
                       "AND a.profile_id = ? AND p.purpose = 'charger_total' AND a.state NOT IN ('suspended', "
                       "'cleared')"),
        {d.stationId, chargerId, current.profileId});
    if (sharers && !sharers.value().isEmpty()) {
        CommandResult notSent;
        notSent.error = tr("Still applied for another charger of the station.");
        return answered(chargerId, attempt.value(), state, notSent, done);
    }
    m_gateway.send(d.stationId,
                   Command{Command::Kind::ClearChargingProfile, {{QStringLiteral("id"), current.ocppProfileId}}},
                   [self = QPointer<ChargingProfiles>(this), chargerId, n = attempt.value(), state,
                    done = std::move(done)](const CommandResult &result) {
                       if (self)
                           self->answered(chargerId, n, state, result, done);
                   });
}

Result<QList<qint64>> ChargingProfiles::chargerIds(const QString &sql, const QVariantList &params)
{
    auto rows = m_repository.database().exec(sql, params);
    if (!rows)
        return rows.error();
    QList<qint64> ids;
    while (rows.value().next())
        ids << rows.value().value(0).toLongLong();
    return ids;
}

// ---- reacting to changes --------------------------------------------------------------------

void ChargingProfiles::rowChanged(const QString &table, qint64 id, Repository::Change change)
{
    if (change == Repository::Change::Deleted)
        return;
    // The writer may still be inside its transaction: look at the rows once it is over.
    if (table == Tables::Chargers) {
        later(id, Sync::IfChanged);
    } else if (table == Tables::Areas || table == Tables::Stations || table == Tables::ChargingProfiles ||
               table == Tables::ChargingProfilePeriods) {
        m_changedRows << std::pair{table, id};
        later(0, Sync::IfChanged);
    }
}

void ChargingProfiles::later(qint64 chargerId, Sync how)
{
    if (chargerId != 0 && (!m_pending.contains(chargerId) || how == Sync::Resend))
        m_pending.insert(chargerId, how);
    if (m_scheduled)
        return;
    m_scheduled = true;
    QTimer::singleShot(0, this, &ChargingProfiles::runLater);
}

void ChargingProfiles::runLater()
{
    m_scheduled = false;
    const QList<std::pair<QString, qint64>> rows = std::exchange(m_changedRows, {});
    for (const auto &[table, id] : rows) {
        Result<QList<qint64>> ids = QList<qint64>();
        if (table == Tables::Areas)
            ids = chargerIds(QStringLiteral("SELECT c.id FROM chargers c JOIN stations s ON s.id = c.station_id "
                                            "WHERE s.area_id = ? AND c.charging_profile_id IS NOT NULL"),
                             {id});
        else if (table == Tables::Stations)
            ids = chargerIds(
                QStringLiteral("SELECT id FROM chargers WHERE station_id = ? AND charging_profile_id IS NOT NULL"),
                {id});
        else if (table == Tables::ChargingProfiles)
            ids = chargerIds(QStringLiteral("SELECT id FROM chargers WHERE charging_profile_id = ?"), {id});
        else
            ids = chargerIds(QStringLiteral("SELECT c.id FROM chargers c JOIN charging_profile_periods p ON "
                                            "p.profile_id = c.charging_profile_id WHERE p.id = ?"),
                             {id});
        if (!ids) {
            qCWarning(lcProfiles) << "cannot follow a change of" << table << id << ids.error().message();
            continue;
        }
        // A changed profile is sent again as it is now; a changed area or station only when it matters.
        const bool resend = table == Tables::ChargingProfiles || table == Tables::ChargingProfilePeriods;
        for (const qint64 charger : ids.value()) {
            if (resend || !m_pending.contains(charger))
                m_pending.insert(charger, resend ? Sync::Resend : Sync::IfChanged);
        }
    }
    const QHash<qint64, Sync> pending = std::exchange(m_pending, {});
    for (auto it = pending.constBegin(); it != pending.constEnd(); ++it)
        sync(it.key(), it.value(), {});
}

void ChargingProfiles::stationOnline(qint64 stationId)
{
    auto station = m_repository.get(Actor::system(), Tables::Stations, stationId);
    if (!station)
        return;
    const bool clearedAtBoot = station.value().value(QStringLiteral("boot_clear_profiles")).toBool();
    const QString select =
        QStringLiteral("SELECT c.id FROM chargers c LEFT JOIN charging_profile_assignments a ON a.charger_id = c.id "
                       "WHERE c.station_id = ? AND (c.charging_profile_id IS NOT NULL OR a.profile_id IS NOT NULL)");
    // What the charger answered stands unless its boot configuration wiped it.
    auto ids = chargerIds(clearedAtBoot ? select
                                        : select + QStringLiteral(" AND (a.state IS NULL OR a.state NOT IN "
                                                                  "('accepted', 'rejected', 'suspended', 'cleared'))"),
                          {stationId});
    if (!ids)
        return;
    for (const qint64 charger : ids.value())
        sync(charger, Sync::Resend, {});
}

void ChargingProfiles::compositeSchedule(const Actor &actor, qint64 chargerId, qint64 durationS, CompositeDone done)
{
    auto charger = m_repository.get(actor, Tables::Chargers, chargerId);
    if (!charger)
        return done(charger.error());
    if (durationS < 1 || durationS > 7 * 86400)
        return done(Error::validation({{QStringLiteral("duration"), tr("From 1 second to 7 days.")}}));
    auto want = desired(chargerId);
    if (!want)
        return done(want.error());
    const Desired d = want.value();
    // The charger's own profile, and every charger total limit on its station (in 2.0.1 a
    // station has several chargers, and their charger total limits all cap it).
    QList<ProfileValues> profiles;
    if (!d.balanced) {
        auto ids = chargerIds(QStringLiteral("SELECT DISTINCT c.charging_profile_id FROM chargers c JOIN "
                                             "charging_profiles p ON p.id = c.charging_profile_id WHERE "
                                             "c.station_id = ? AND (c.id = ? OR p.purpose = 'charger_total')"),
                              {d.stationId, chargerId});
        if (!ids)
            return done(ids.error());
        for (const qint64 id : ids.value()) {
            auto values = profileValues(id);
            if (!values)
                return done(values.error());
            profiles << values.value();
        }
    }
    ProfileValues::Unit unit = ProfileValues::Unit::W;
    for (const ProfileValues &p : profiles) {
        if (p.id == d.profileId)
            unit = p.unit;
    }
    const QDateTime now = QDateTime::fromSecsSinceEpoch(m_clock.now().toSecsSinceEpoch(), Qt::UTC);
    CompositeComparison comparison;
    comparison.expected = Core::compositeSchedule(
        profiles, now, durationS, unit, {phasesOf(charger.value().value(QStringLiteral("current_type")).toString())});
    m_gateway.send(
        d.stationId,
        Command{Command::Kind::GetCompositeSchedule,
                {{QStringLiteral("evse"), d.evse},
                 {QStringLiteral("duration"), durationS},
                 {QStringLiteral("unit"),
                  comparison.expected.unit == ProfileValues::Unit::A ? QStringLiteral("A") : QStringLiteral("W")}}},
        [comparison, done = std::move(done)](const CommandResult &result) mutable {
            comparison.station = result;
            done(comparison);
        });
}

} // namespace ChargeDesk::Core
