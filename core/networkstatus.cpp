#include "core/networkstatus.h"

#include "core/balancingservice.h"
#include "core/configurationcheck.h"
#include "core/timezones.h"

#include <QCoreApplication>

#include <algorithm>

namespace ChargeDesk::Core {

namespace {

QString tr(const char *text, const char *disambiguation = nullptr, int n = -1)
{
    return QCoreApplication::translate("NetworkStatus", text, disambiguation, n);
}

using Filter = ListQuery::Filter;

ListQuery where(QList<Filter> filters, QList<QList<Filter>> anyOf = {})
{
    ListQuery query;
    query.filters = std::move(filters);
    query.anyOf = std::move(anyOf);
    return query;
}

QHash<qint64, Record> byId(const QList<Record> &rows)
{
    QHash<qint64, Record> index;
    for (const Record &row : rows)
        index.insert(row.value(QStringLiteral("id")).toLongLong(), row);
    return index;
}

qint64 ms(const Record &row, const char *field)
{
    return row.value(QLatin1String(field)).toLongLong();
}

QString stationName(const Record &station)
{
    const QString name = station.value(QStringLiteral("name")).toString();
    return name.isEmpty() ? station.value(QStringLiteral("code")).toString() : name;
}

// What the status bar of a building would say: the station, then the connector.
QString connectorSubject(const Record &station, const Record &connector)
{
    return tr("%1 · connector %2")
        .arg(stationName(station), connector.value(QStringLiteral("connector_number")).toString());
}

// The reader of one status: the rows it needs, read once, scoped to the actor.
class Reader
{
public:
    Reader(Repository &repository, const Actor &actor)
        : m_repository(repository)
        , m_actor(actor)
    {}

    Status read(NetworkStatus &status, const BalancingService *balancing, LiveConfiguration *live);

private:
    Result<QList<Record>> all(const QString &table, const ListQuery &query = {})
    {
        return m_repository.listAll(m_actor, table, query);
    }
    Status readStations(NetworkStatus &status, LiveConfiguration *live);
    Status readConnectors(NetworkStatus &status);
    Status readSessions(NetworkStatus &status, const BalancingService *balancing);
    void readRefusals(NetworkStatus &status);
    qint64 stationOfConnector(qint64 connectorId) const;

    Repository &m_repository;
    const Actor &m_actor;
    QHash<qint64, Record> m_stations;
    QHash<qint64, Record> m_chargers;
    QHash<qint64, Record> m_connectors;
};

Status Reader::read(NetworkStatus &status, const BalancingService *balancing, LiveConfiguration *live)
{
    if (Status s = readStations(status, live); !s)
        return s;
    if (Status s = readConnectors(status); !s)
        return s;
    if (Status s = readSessions(status, balancing); !s)
        return s;
    if (m_actor.powerUser)
        readRefusals(status);
    std::stable_sort(status.attention.begin(), status.attention.end(),
                     [](const AttentionItem &a, const AttentionItem &b) {
                         if (a.kind != b.kind)
                             return a.kind < b.kind; // the kinds are declared most urgent first
                         return a.sinceMs > b.sinceMs;
                     });
    return Ok{};
}

Status Reader::readStations(NetworkStatus &status, LiveConfiguration *live)
{
    auto stations = all(Tables::Stations);
    if (!stations)
        return stations.error();
    m_stations = byId(stations.value());
    for (const Record &station : std::as_const(stations.value())) {
        const qint64 id = station.value(QStringLiteral("id")).toLongLong();
        if (station.value(QStringLiteral("operational_status")).toString() == QLatin1String("closed"))
            continue; // closed on purpose: neither online nor a problem
        const bool online = station.value(QStringLiteral("connected")).toBool();
        ++(online ? status.stationsOnline : status.stationsOffline);
        if (!online) {
            const qint64 lost = ms(station, "last_disconnected_at");
            status.attention << AttentionItem{AttentionItem::Kind::Offline,
                                              Tables::Stations,
                                              id,
                                              stationName(station),
                                              lost ? tr("Offline") : tr("Has not connected yet"),
                                              lost ? lost : ms(station, "created_at")};
        }
        if (const QString failure = station.value(QStringLiteral("dlb_failure")).toString(); !failure.isEmpty())
            status.attention << AttentionItem{AttentionItem::Kind::Balancing,
                                              Tables::Stations,
                                              id,
                                              stationName(station),
                                              tr("Does not follow load balancing: %1").arg(failure),
                                              ms(station, "dlb_failed_at")};
        if (online && live) {
            if (auto findings = checkStation(m_repository, *live, id); findings && !findings.value().isEmpty())
                status.attention << AttentionItem{AttentionItem::Kind::Configuration,
                                                  Tables::Stations,
                                                  id,
                                                  stationName(station),
                                                  tr("%n configuration setting(s) differ from the recommendation",
                                                     nullptr, static_cast<int>(findings.value().size())),
                                                  0};
        }
    }
    return Ok{};
}

Status Reader::readConnectors(NetworkStatus &status)
{
    auto chargers = all(Tables::Chargers);
    if (!chargers)
        return chargers.error();
    m_chargers = byId(chargers.value());
    auto connectors = all(Tables::Connectors);
    if (!connectors)
        return connectors.error();
    m_connectors = byId(connectors.value());
    static const QStringList charging{QStringLiteral("charging"), QStringLiteral("suspended_ev"),
                                      QStringLiteral("suspended_evse")};
    for (const Record &connector : std::as_const(connectors.value())) {
        const QString state = connector.value(QStringLiteral("status")).toString();
        if (charging.contains(state))
            ++status.connectorsCharging;
        else if (state == QLatin1String("available"))
            ++status.connectorsAvailable;
        else if (state == QLatin1String("faulted"))
            ++status.connectorsFaulted;
        else
            ++status.connectorsOther;
        if (state != QLatin1String("faulted"))
            continue;
        const qint64 stationId = stationOfConnector(connector.value(QStringLiteral("id")).toLongLong());
        const QString error = connector.value(QStringLiteral("error_code")).toString();
        status.attention << AttentionItem{
            AttentionItem::Kind::Fault,
            Tables::Stations,
            stationId,
            connectorSubject(m_stations.value(stationId), connector),
            error.isEmpty() || error == QLatin1String("NoError") ? tr("Faulted") : tr("Faulted (%1)").arg(error),
            ms(connector, "status_at")};
    }
    return Ok{};
}

qint64 Reader::stationOfConnector(qint64 connectorId) const
{
    const qint64 chargerId = m_connectors.value(connectorId).value(QStringLiteral("charger_id")).toLongLong();
    return m_chargers.value(chargerId).value(QStringLiteral("station_id")).toLongLong();
}

Status Reader::readSessions(NetworkStatus &status, const BalancingService *balancing)
{
    Database &db = m_repository.database();
    const qint64 dayStart = startOfDayMs(m_repository.clock().nowMs(), actorZone(db, m_actor));
    if (auto site = db.exec(QStringLiteral("SELECT currency FROM site_settings ORDER BY id LIMIT 1"));
        site && site.value().next())
        status.currency = site.value().value(0).toString();

    auto areas = all(Tables::Areas);
    if (!areas)
        return areas.error();
    const QHash<qint64, Record> areaById = byId(areas.value());
    // The top balanced area above an area, or 0.
    const auto topBalanced = [&areaById](qint64 areaId) {
        qint64 top = 0;
        for (int depth = 0; areaId != 0 && depth < 64; ++depth) {
            const Record &area = areaById[areaId];
            if (area.value(QStringLiteral("dlb_enabled")).toBool())
                top = areaId;
            areaId = area.value(QStringLiteral("parent_id")).toLongLong();
        }
        return top;
    };
    QMap<qint64, AreaLoad> loads;
    for (const Record &area : std::as_const(areas.value())) {
        const qint64 id = area.value(QStringLiteral("id")).toLongLong();
        if (topBalanced(id) != id)
            continue;
        AreaLoad load{id, area.value(QStringLiteral("name")).toString(), 0, std::nullopt, QStringLiteral("W")};
        if (const auto balance = balancing ? balancing->areaBalance(id) : std::nullopt) {
            load.limit = balance->outcome.limit.value;
            load.unit = balance->unit == Balancing::Unit::Current ? QStringLiteral("A") : QStringLiteral("W");
        }
        loads.insert(id, load);
    }

    auto running =
        all(Tables::Sessions, where({{QStringLiteral("status"), Filter::Op::Equals, QStringLiteral("in_progress")}}));
    if (!running)
        return running.error();
    for (const Record &session : std::as_const(running.value())) {
        const double power = session.value(QStringLiteral("power_w")).toDouble();
        status.powerW += power;
        const qint64 stationId = stationOfConnector(session.value(QStringLiteral("connector_id")).toLongLong());
        const qint64 top = topBalanced(m_stations.value(stationId).value(QStringLiteral("area_id")).toLongLong());
        if (loads.contains(top))
            loads[top].drawnW += power;
    }
    status.areas = loads.values();

    auto started = all(Tables::Sessions, where({{QStringLiteral("started_at"), Filter::Op::AtLeast, dayStart}}));
    if (!started)
        return started.error();
    status.sessionsToday = static_cast<int>(started.value().size());
    for (const Record &session : std::as_const(started.value()))
        status.energyTodayWh += session.value(QStringLiteral("energy_wh")).toDouble();
    auto ended =
        all(Tables::Sessions, where({{QStringLiteral("ended_at"), Filter::Op::AtLeast, dayStart},
                                     {QStringLiteral("status"), Filter::Op::Equals, QStringLiteral("closed")}}));
    if (!ended)
        return ended.error();
    for (const Record &session : std::as_const(ended.value()))
        status.revenueTodayMinor += session.value(QStringLiteral("amount_minor")).toLongLong();

    ListQuery failedQuery =
        where({}, {{{QStringLiteral("status"), Filter::Op::Equals, QStringLiteral("rating_failed")},
                    {QStringLiteral("status"), Filter::Op::Equals, QStringLiteral("billing_failed")}}});
    failedQuery.orderBy = QStringLiteral("ended_at");
    failedQuery.descending = true;
    failedQuery.limit = 50;
    auto failed = m_repository.list(m_actor, Tables::Sessions, failedQuery);
    if (!failed)
        return failed.error();
    for (const Record &session : std::as_const(failed.value())) {
        const bool rating = session.value(QStringLiteral("status")).toString() == QLatin1String("rating_failed");
        const QString reason = session.value(QStringLiteral("failure_reason")).toString();
        const qint64 connectorId = session.value(QStringLiteral("connector_id")).toLongLong();
        status.attention << AttentionItem{
            AttentionItem::Kind::Rating,
            Tables::Sessions,
            session.value(QStringLiteral("id")).toLongLong(),
            connectorSubject(m_stations.value(stationOfConnector(connectorId)), m_connectors.value(connectorId)),
            (rating ? tr("Session %1 could not be rated") : tr("Session %1 could not be billed"))
                    .arg(session.value(QStringLiteral("code")).toString()) +
                (reason.isEmpty() ? QString() : QStringLiteral(": ") + reason),
            ms(session, "ended_at")};
    }
    return Ok{};
}

void Reader::readRefusals(NetworkStatus &status)
{
    // A day's refusals: older ones are still listed with the stations, but no longer news.
    const qint64 since = m_repository.clock().nowMs() - 24 * 3600 * 1000;
    auto refused = all(Tables::RefusedConnections, where({{QStringLiteral("last_at"), Filter::Op::AtLeast, since}}));
    if (!refused)
        return;
    for (const Record &row : std::as_const(refused.value())) {
        const int attempts = row.value(QStringLiteral("attempts")).toInt();
        status.attention << AttentionItem{AttentionItem::Kind::Refused,
                                          Tables::RefusedConnections,
                                          row.value(QStringLiteral("id")).toLongLong(),
                                          row.value(QStringLiteral("identifier")).toString(),
                                          tr("Refused %n time(s): %1 (%2 from %3)", nullptr, attempts)
                                              .arg(row.value(QStringLiteral("reason")).toString(),
                                                   row.value(QStringLiteral("protocol")).toString(),
                                                   row.value(QStringLiteral("address")).toString()),
                                          ms(row, "last_at")};
    }
}

} // namespace

QString AttentionItem::key() const
{
    return QStringLiteral("%1/%2/%3/%4").arg(static_cast<int>(kind)).arg(table).arg(id).arg(subject);
}

Result<NetworkStatus> readNetworkStatus(Repository &repository, const Actor &actor, const BalancingService *balancing,
                                        LiveConfiguration *liveConfiguration)
{
    NetworkStatus status;
    Reader reader(repository, actor);
    if (Status s = reader.read(status, balancing, liveConfiguration); !s)
        return s.error();
    return status;
}

Result<QList<QPair<qint64, double>>> powerHistory(Repository &repository, const Actor &actor, qint64 sinceMs)
{
    // The sessions the actor may see that were open in the period, through the repository's scoping.
    ListQuery query;
    query.anyOf = {{{QStringLiteral("ended_at"), ListQuery::Filter::Op::IsNull, {}},
                    {QStringLiteral("ended_at"), ListQuery::Filter::Op::AtLeast, sinceMs}}};
    auto sessions = repository.listAll(actor, Tables::Sessions, query);
    if (!sessions)
        return sessions.error();
    QMap<qint64, double> perMinute;
    for (const Record &session : std::as_const(sessions.value())) {
        auto rows = repository.database().exec(
            QStringLiteral("SELECT measured_at / 60000, AVG(value) FROM meter_values WHERE session_id = ? AND "
                           "measurand = 'Power.Active.Import' AND COALESCE(phase, '') = '' AND measured_at >= ? GROUP "
                           "BY measured_at / 60000"),
            {session.value(QStringLiteral("id")), sinceMs});
        if (!rows)
            return rows.error();
        while (rows.value().next())
            perMinute[rows.value().value(0).toLongLong() * 60000] += rows.value().value(1).toDouble();
    }
    QList<QPair<qint64, double>> history;
    for (auto it = perMinute.cbegin(); it != perMinute.cend(); ++it)
        history.append({it.key(), it.value()});
    return history;
}

} // namespace ChargeDesk::Core
