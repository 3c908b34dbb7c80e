#include "core/stationservice.h"

#include "core/passwordhasher.h"

#include <QCryptographicHash>
#include <QLoggingCategory>
#include <QRandomGenerator>

Q_LOGGING_CATEGORY(lcStations, "chargedesk.core.stations")

namespace ChargeDesk::Core {

namespace {

QByteArray processKey()
{
    static const QByteArray key = [] {
        QByteArray k(32, '\0');
        QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(k.data()), 8);
        return k;
    }();
    return key;
}

QByteArray digest(const QString &hash, const QString &password)
{
    return QCryptographicHash::hash(processKey() + hash.toUtf8() + '\0' + password.toUtf8(),
                                    QCryptographicHash::Sha256);
}

} // namespace

StationService::StationService(Repository &repository, const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_repository(repository)
    , m_clock(clock)
{}

std::variant<StationLink, StationService::Refusal> StationService::authorizeConnection(const ConnectionAttempt &attempt)
{
    auto q = m_repository.database().exec(
        QStringLiteral("SELECT id, code, protocol, connection_policy, auth_username, auth_password_hash, "
                       "operational_status FROM stations WHERE connection_identifier = ?"),
        {attempt.identifier});
    if (!q || !q.value().next())
        return Refusal::UnknownStation;
    const Rows &row = q.value();
    StationLink link{row.value(0).toLongLong(), row.value(1).toString(), attempt.identifier, row.value(2).toString()};
    const QString policy = row.value(3).toString();
    if (policy == QLatin1String("disabled"))
        return Refusal::Disabled;
    if (row.value(6).toString() == QLatin1String("closed"))
        return Refusal::Closed;
    if (policy != QLatin1String("ws") && !attempt.secure)
        return Refusal::InsecureTransport;
    if (policy == QLatin1String("wss_basic")) {
        const QString user = row.value(4).toString();
        const QString hash = row.value(5).toString();
        if (hash.isEmpty() || !attempt.password || (!user.isEmpty() && attempt.username.value_or(QString()) != user))
            return Refusal::BadCredentials;
        const QByteArray known = digest(hash, *attempt.password);
        if (m_verified.value(link.stationId) != known) {
            const qint64 second = m_clock.nowMs() / 1000;
            if (second != m_kdfSecond) {
                m_kdfSecond = second;
                m_kdfUsed = 0;
            }
            if (++m_kdfUsed > kdfPerSecond)
                return Refusal::Busy;
            if (!PasswordHasher::verify(*attempt.password, hash))
                return Refusal::BadCredentials;
            m_verified.insert(link.stationId, known);
        }
    }
    return link;
}

void StationService::recordRefusal(const ConnectionAttempt &attempt, const QString &reason)
{
    const qint64 now = m_clock.nowMs();
    Database &db = m_repository.database();
    const Status written = db.transaction([&]() -> Status {
        auto updated =
            db.exec(QStringLiteral("UPDATE refused_connections SET attempts = attempts + 1, last_at = ?, "
                                   "reason = ?, address = ?, protocol = ?, updated_at = ? WHERE identifier = ?"),
                    {now, reason, attempt.address, attempt.protocols, now, attempt.identifier});
        if (!updated)
            return updated.error();
        if (updated.value().numRowsAffected() > 0)
            return Ok{};
        auto inserted =
            db.exec(QStringLiteral("INSERT INTO refused_connections (identifier, protocol, address, reason, "
                                   "attempts, first_at, last_at, created_at, updated_at) "
                                   "VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?)"),
                    {attempt.identifier, attempt.protocols, attempt.address, reason, now, now, now, now});
        if (!inserted)
            return inserted.error();
        auto trimmed = db.exec(QStringLiteral("DELETE FROM refused_connections WHERE id NOT IN (SELECT id FROM "
                                              "refused_connections ORDER BY last_at DESC, id DESC LIMIT ?)"),
                               {MaxRefusals});
        if (!trimmed)
            return trimmed.error();
        return Ok{};
    });
    if (!written) {
        qCWarning(lcStations).noquote() << "could not record the refused connection of" << attempt.identifier << ":"
                                        << written.error().message();
        return;
    }
    if (auto id =
            db.exec(QStringLiteral("SELECT id FROM refused_connections WHERE identifier = ?"), {attempt.identifier});
        id && id.value().next())
        m_repository.announce(Tables::RefusedConnections, id.value().value(0).toLongLong(),
                              Repository::Change::Updated);
}

Status StationService::setCredentials(const Actor &actor, qint64 stationId, const QString &username,
                                      const QString &password)
{
    if (password.size() > 0 && password.size() < 16)
        return Error::validation({{QStringLiteral("password"), tr("Station passwords need at least 16 characters.")}});
    if (password.size() > 40)
        return Error::validation({{QStringLiteral("password"), tr("OCPP allows at most 40 characters.")}});
    // The update goes through the repository first so that scoping and validation apply.
    if (Status s =
            m_repository.update(actor, Tables::Stations, stationId, {{QStringLiteral("auth_username"), username}});
        !s)
        return s;
    auto q = m_repository.database().exec(
        QStringLiteral("UPDATE stations SET auth_password_hash = ? WHERE id = ?"),
        {password.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(PasswordHasher::hash(password)),
         stationId});
    if (!q)
        return q.error();
    m_verified.remove(stationId);
    return Ok{};
}

bool StationService::hasPassword(qint64 stationId)
{
    auto q = m_repository.database().exec(
        QStringLiteral("SELECT auth_password_hash IS NOT NULL FROM stations WHERE id = ?"), {stationId});
    return q && q.value().next() && q.value().value(0).toBool();
}

Status StationService::resetConnections()
{
    if (m_repository.database().backend() != Database::Backend::Sqlite)
        return Ok{};
    auto q = m_repository.database().exec(
        QStringLiteral("UPDATE stations SET connected = 0, operational_status = CASE WHEN operational_status = "
                       "'closed' THEN 'closed' ELSE 'inoperative' END, last_disconnected_at = ? WHERE connected = 1"),
        {m_clock.nowMs()});
    if (!q)
        return q.error();
    return Ok{};
}

Status StationService::recordConnected(qint64 stationId)
{
    // A station that was refused before (added since, or its password fixed) is no longer news.
    auto refused = m_repository.database().exec(
        QStringLiteral(
            "SELECT r.id FROM refused_connections r JOIN stations s ON s.connection_identifier = r.identifier "
            "WHERE s.id = ?"),
        {stationId});
    if (refused && refused.value().next()) {
        const qint64 id = refused.value().value(0).toLongLong();
        if (m_repository.database().exec(QStringLiteral("DELETE FROM refused_connections WHERE id = ?"), {id}))
            m_repository.announce(Tables::RefusedConnections, id, Repository::Change::Deleted);
    }
    Status s = m_repository.update(Actor::system(), Tables::Stations, stationId,
                                   {{QStringLiteral("connected"), true},
                                    {QStringLiteral("last_connected_at"), m_clock.nowMs()},
                                    {QStringLiteral("operational_status"), QStringLiteral("operative")}});
    if (s)
        emit stationChanged(stationId);
    return s;
}

Status StationService::setClosed(const Actor &actor, qint64 stationId, bool closed)
{
    // Only someone who may change the station may close it; the status itself is the system's.
    const auto station = m_repository.get(actor, Tables::Stations, stationId);
    if (!station)
        return station.error();
    if (!actor.powerUser && !m_repository.catalog().entity(Tables::Stations).scope.operatorsMayWrite)
        return Error::forbidden(tr("Only a power user may close or reopen a station."));
    const bool connected = station.value().value(QStringLiteral("connected")).toBool();
    Status s =
        m_repository.update(Actor::system(), Tables::Stations, stationId,
                            {{QStringLiteral("operational_status"), closed      ? QStringLiteral("closed")
                                                                    : connected ? QStringLiteral("operative")
                                                                                : QStringLiteral("inoperative")}});
    if (s)
        emit stationChanged(stationId);
    return s;
}

Status StationService::recordDisconnected(qint64 stationId)
{
    // A station closed while it was connected stays closed.
    const auto station = m_repository.get(Actor::system(), Tables::Stations, stationId);
    const bool closed =
        station && station.value().value(QStringLiteral("operational_status")).toString() == QLatin1String("closed");
    Record values{{QStringLiteral("connected"), false}, {QStringLiteral("last_disconnected_at"), m_clock.nowMs()}};
    if (!closed)
        values.insert(QStringLiteral("operational_status"), QStringLiteral("inoperative"));
    Status s = m_repository.update(Actor::system(), Tables::Stations, stationId, values);
    if (s)
        emit stationChanged(stationId);
    return s;
}

Status StationService::recordHeartbeat(qint64 stationId)
{
    return m_repository.update(Actor::system(), Tables::Stations, stationId,
                               {{QStringLiteral("last_heartbeat_at"), m_clock.nowMs()}});
}

Status StationService::recordBoot(qint64 stationId, const BootReport &report)
{
    Record changes{{QStringLiteral("vendor"), report.vendor}, {QStringLiteral("model"), report.model}};
    // Optional fields the station did not send keep their last known value.
    const auto keep = [&](const char *field, const QString &value) {
        if (!value.isEmpty())
            changes.insert(QString::fromLatin1(field), value);
    };
    keep("serial_number", report.serialNumber);
    keep("firmware_version", report.firmwareVersion);
    keep("iccid", report.iccid);
    keep("imsi", report.imsi);
    Status s = m_repository.update(Actor::system(), Tables::Stations, stationId, changes);
    if (s)
        emit stationChanged(stationId);
    return s;
}

namespace {

// A station adds the EVSEs and connectors it reports and nobody configured (flagged for
// review), but not without bound: a broken or hostile one would fill the tables.
constexpr int MaxSelfReportedNumber = 64;

QString notConfigured(const QString &what, int number)
{
    return StationService::tr("%1 %2 is not configured; a station adds only those numbered 1 to %3 by itself.")
        .arg(what)
        .arg(number)
        .arg(MaxSelfReportedNumber);
}

} // namespace

Result<qint64> StationService::chargerFor(qint64 stationId, int evseId)
{
    ListQuery q;
    q.filters << ListQuery::Filter{QStringLiteral("station_id"), ListQuery::Filter::Op::Equals, stationId}
              << ListQuery::Filter{QStringLiteral("evse_id"), ListQuery::Filter::Op::Equals, evseId};
    auto rows = m_repository.list(Actor::system(), Tables::Chargers, q);
    if (!rows)
        return rows.error();
    if (!rows.value().isEmpty())
        return rows.value().first().value(QStringLiteral("id")).toLongLong();
    if (evseId < 0 || evseId > MaxSelfReportedNumber)
        return Error::validation({{QStringLiteral("evse_id"), notConfigured(tr("EVSE"), evseId)}});
    auto station = m_repository.get(Actor::system(), Tables::Stations, stationId);
    if (!station)
        return station.error();
    const QString code =
        QStringLiteral("%1-%2").arg(station.value().value(QStringLiteral("code")).toString()).arg(evseId);
    return m_repository.create(Actor::system(), Tables::Chargers,
                               {{QStringLiteral("code"), code},
                                {QStringLiteral("name"), tr("Charger %1").arg(evseId)},
                                {QStringLiteral("station_id"), stationId},
                                {QStringLiteral("evse_id"), evseId},
                                {QStringLiteral("current_type"), QStringLiteral("ac_three_phase")}});
}

Result<qint64> StationService::connectorFor(qint64 stationId, int evseId, int connectorNumber)
{
    // Every meter report asks this; one indexed join answers it for a known connector.
    auto known = m_repository.database().exec(
        QStringLiteral("SELECT c.id FROM connectors c JOIN chargers ch ON ch.id = c.charger_id "
                       "WHERE ch.station_id = ? AND ch.evse_id = ? AND c.connector_number = ? LIMIT 1"),
        {stationId, evseId, connectorNumber});
    if (!known)
        return known.error();
    if (known.value().next())
        return known.value().value(0).toLongLong();
    if (connectorNumber < 1 || connectorNumber > MaxSelfReportedNumber)
        return Error::validation(
            {{QStringLiteral("connector_number"), notConfigured(tr("Connector"), connectorNumber)}});
    auto charger = chargerFor(stationId, evseId);
    if (!charger)
        return charger.error();
    ListQuery q;
    q.filters << ListQuery::Filter{QStringLiteral("charger_id"), ListQuery::Filter::Op::Equals, charger.value()}
              << ListQuery::Filter{QStringLiteral("connector_number"), ListQuery::Filter::Op::Equals, connectorNumber};
    auto rows = m_repository.list(Actor::system(), Tables::Connectors, q);
    if (!rows)
        return rows.error();
    if (!rows.value().isEmpty())
        return rows.value().first().value(QStringLiteral("id")).toLongLong();
    return m_repository.create(Actor::system(), Tables::Connectors,
                               {{QStringLiteral("code"), QString::number(connectorNumber)},
                                {QStringLiteral("name"), tr("Connector %1").arg(connectorNumber)},
                                {QStringLiteral("charger_id"), charger.value()},
                                {QStringLiteral("connector_number"), connectorNumber},
                                {QStringLiteral("needs_review"), true}});
}

Status StationService::recordStatus(qint64 stationId, const StatusReport &report)
{
    Status s = m_repository.database().transaction([&]() -> Status {
        const qint64 at = report.at.isValid() ? report.at.toMSecsSinceEpoch() : m_clock.nowMs();
        if (report.connectorNumber == 0) {
            auto charger = chargerFor(stationId, report.evseId);
            if (!charger)
                return charger.error();
            return m_repository.update(Actor::system(), Tables::Chargers, charger.value(),
                                       {{QStringLiteral("status"), report.status},
                                        {QStringLiteral("status_info"), report.info},
                                        {QStringLiteral("operational_status"), chargerOperationalStatus(report.status)},
                                        {QStringLiteral("status_at"), at}});
        }
        auto connector = connectorFor(stationId, report.evseId, report.connectorNumber);
        if (!connector)
            return connector.error();
        if (Status u = m_repository.update(Actor::system(), Tables::Connectors, connector.value(),
                                           {{QStringLiteral("status"), report.status},
                                            {QStringLiteral("error_code"), report.errorCode},
                                            {QStringLiteral("status_at"), at}});
            !u)
            return u;
        return updateChargerStatus(stationId, report.evseId, at);
    });
    if (s)
        emit stationChanged(stationId);
    return s;
}

void StationService::recordOperationProgress(qint64 stationId, const QString &operation, const QString &status)
{
    // The reports themselves are in the OCPP message log; here they are announced to the
    // windows that follow an operation.
    emit operationProgress(stationId, operation, status);
}

Status StationService::updateChargerStatus(qint64 stationId, int evseId, qint64 atMs)
{
    auto charger = chargerFor(stationId, evseId);
    if (!charger)
        return charger.error();
    ListQuery q;
    q.filters << ListQuery::Filter{QStringLiteral("charger_id"), ListQuery::Filter::Op::Equals, charger.value()};
    auto connectors = m_repository.list(Actor::system(), Tables::Connectors, q);
    if (!connectors)
        return connectors.error();
    QStringList statuses;
    for (const Record &c : connectors.value())
        statuses << c.value(QStringLiteral("status")).toString();
    const QString status = chargerStatus(statuses);
    return m_repository.update(Actor::system(), Tables::Chargers, charger.value(),
                               {{QStringLiteral("status"), status},
                                {QStringLiteral("operational_status"), chargerOperationalStatus(status)},
                                {QStringLiteral("status_at"), atMs}});
}

QString StationService::chargerStatus(const QStringList &connectorStatuses)
{
    if (connectorStatuses.contains(QLatin1String("faulted")))
        return QStringLiteral("faulted");
    // From the busiest down; a status not listed (unknown) ranks below all of them.
    static const QStringList busiestFirst{QStringLiteral("charging"),     QStringLiteral("suspended_evse"),
                                          QStringLiteral("suspended_ev"), QStringLiteral("finishing"),
                                          QStringLiteral("preparing"),    QStringLiteral("reserved"),
                                          QStringLiteral("available"),    QStringLiteral("unavailable")};
    for (const QString &status : busiestFirst) {
        if (connectorStatuses.contains(status))
            return status;
    }
    return QStringLiteral("unknown");
}

QString StationService::chargerOperationalStatus(const QString &status)
{
    return status == QLatin1String("unavailable") || status == QLatin1String("faulted") ? QStringLiteral("inoperative")
                                                                                        : QStringLiteral("operative");
}

QString StationService::operationalStatus(const QString &status)
{
    if (status == QLatin1String("unavailable") || status == QLatin1String("faulted"))
        return QStringLiteral("inoperative");
    if (status == QLatin1String("closed"))
        return QStringLiteral("closed");
    return QStringLiteral("operative");
}

} // namespace ChargeDesk::Core
