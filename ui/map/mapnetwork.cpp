#include "ui/map/mapnetwork.h"

#include "core/repository.h"
#include "ui/widgets/tr.h"
#include "ui/widgets/valueformat.h"

#include <QHash>
#include <QSet>
#include <QtMath>

#include <cmath>

namespace ChargeDesk::Ui {

using Core::ListQuery;
using Core::Record;

namespace {

namespace T = Core::Tables;

// Stations and assets of one area sit on a ring this far from its centre (about 15 m), far
// enough apart to click one by one at street zoom and close enough to cluster into the area.
constexpr double RingDegrees = 0.00014;

QString str(const Record &r, const char *name)
{
    return r.value(QLatin1String(name)).toString();
}

qint64 num(const Record &r, const char *name)
{
    return r.value(QLatin1String(name)).toLongLong();
}

std::optional<double> real(const Record &r, const char *name)
{
    const QVariant v = r.value(QLatin1String(name));
    if (v.isNull() || !v.isValid())
        return std::nullopt;
    return v.toDouble();
}

ListQuery ordered(const char *orderBy)
{
    ListQuery q;
    q.orderBy = QLatin1String(orderBy);
    return q;
}

} // namespace

std::pair<QString, qint64> splitMarkerKey(const QString &key)
{
    const qsizetype slash = key.indexOf(QLatin1Char('/'));
    bool ok = false;
    const qint64 id = slash > 0 ? key.mid(slash + 1).toLongLong(&ok) : 0;
    return ok ? std::pair{key.left(slash), id} : std::pair{QString(), qint64(0)};
}

Core::Result<MapNetwork> MapNetwork::load(Core::Repository &repository, const Core::Actor &actor)
{
    MapNetwork network;
    const auto areas = repository.listAll(actor, T::Areas, ordered("name"));
    const auto stations = repository.listAll(actor, T::Stations, ordered("name"));
    const auto chargers = repository.listAll(actor, T::Chargers, ordered("id"));
    const auto connectors = repository.listAll(actor, T::Connectors, ordered("connector_number"));
    const auto assets = repository.listAll(actor, T::Assets, ordered("name"));
    ListQuery running = ordered("id");
    running.filters << ListQuery::Filter{QStringLiteral("status"), ListQuery::Filter::Op::Equals,
                                         QStringLiteral("in_progress")};
    const auto sessions = repository.listAll(actor, T::Sessions, running);
    for (const auto *result : {&areas, &stations, &chargers, &connectors, &assets, &sessions})
        if (!*result)
            return result->error();

    for (const Record &r : areas.value()) {
        QStringList place;
        for (const char *part : {"address", "zip", "city"})
            if (!str(r, part).isEmpty())
                place << str(r, part);
        network.areas << Area{
            num(r, "id"),        str(r, "code"),      str(r, "name"),      place.join(QStringLiteral(", ")),
            num(r, "parent_id"), real(r, "latitude"), real(r, "longitude")};
    }

    QHash<qint64, const Record *> sessionOf; // connector -> its running session
    for (const Record &s : sessions.value())
        sessionOf.insert(num(s, "connector_id"), &s);
    QHash<qint64, QList<Connector>> connectorsOf;
    for (const Record &r : connectors.value()) {
        Connector c{num(r, "id"), str(r, "name"), str(r, "status"), std::nullopt, QString()};
        if (const Record *s = sessionOf.value(c.id)) {
            if (!s->value(QStringLiteral("power_w")).isNull())
                c.powerW = num(*s, "power_w");
            c.sessionCode = str(*s, "code");
        }
        connectorsOf[num(r, "charger_id")] << c;
    }
    QHash<qint64, QList<Charger>> chargersOf;
    for (const Record &r : chargers.value())
        chargersOf[num(r, "station_id")] << Charger{num(r, "id"), str(r, "name"), str(r, "status"),
                                                    connectorsOf.value(num(r, "id"))};
    for (const Record &r : stations.value())
        network.stations << Station{num(r, "id"),
                                    str(r, "code"),
                                    str(r, "name"),
                                    num(r, "area_id"),
                                    r.value(QStringLiteral("connected")).toBool(),
                                    chargersOf.value(num(r, "id"))};

    for (const Record &r : assets.value()) {
        Asset asset{num(r, "id"), str(r, "code"), str(r, "name"), str(r, "type"), num(r, "area_id"), std::nullopt, 0};
        ListQuery latest = ordered("measured_at");
        latest.descending = true;
        latest.limit = 1;
        latest.filters << ListQuery::Filter{QStringLiteral("asset_id"), ListQuery::Filter::Op::Equals, asset.id};
        const auto measurement = repository.list(actor, T::AssetMeasurements, latest);
        if (!measurement)
            return measurement.error();
        if (!measurement.value().isEmpty()) {
            asset.powerW = num(measurement.value().constFirst(), "power_w");
            asset.measuredAtMs = num(measurement.value().constFirst(), "measured_at");
        }
        network.assets << asset;
    }
    return network;
}

const MapNetwork::Area *MapNetwork::area(qint64 id) const
{
    for (const Area &a : areas)
        if (a.id == id)
            return &a;
    return nullptr;
}

const MapNetwork::Station *MapNetwork::station(qint64 id) const
{
    for (const Station &s : stations)
        if (s.id == id)
            return &s;
    return nullptr;
}

const MapNetwork::Asset *MapNetwork::asset(qint64 id) const
{
    for (const Asset &a : assets)
        if (a.id == id)
            return &a;
    return nullptr;
}

std::optional<QPointF> MapNetwork::areaPosition(qint64 areaId) const
{
    QSet<qint64> seen; // a broken hierarchy must not loop
    for (const Area *a = area(areaId); a && !seen.contains(a->id); a = area(a->parentId)) {
        if (a->located())
            return QPointF(*a->latitude, *a->longitude);
        seen.insert(a->id);
    }
    return std::nullopt;
}

namespace {

// Metres between two nearby coordinates (latitude, longitude): flat-earth, plenty for a city.
double metresBetween(const QPointF &a, const QPointF &b)
{
    constexpr double MetresPerDegree = 111'320;
    const double dx = (b.y() - a.y()) * std::cos(qDegreesToRadians((a.x() + b.x()) / 2)) * MetresPerDegree;
    const double dy = (b.x() - a.x()) * MetresPerDegree;
    return std::hypot(dx, dy);
}

} // namespace

QList<MapArea> MapNetwork::areaOutlines() const
{
    QHash<qint64, double> radius;
    for (const Area &a : areas)
        if (a.located())
            radius.insert(a.id, MinAreaRadiusMetres);
    // Every located area widens each located ancestor's circle to hold it.
    for (const Area &a : areas) {
        if (!a.located())
            continue;
        const QPointF place(*a.latitude, *a.longitude);
        QSet<qint64> seen{a.id};
        for (const Area *up = area(a.parentId); up && !seen.contains(up->id); up = area(up->parentId)) {
            seen.insert(up->id);
            if (up->located())
                radius[up->id] =
                    std::max(radius.value(up->id),
                             metresBetween(QPointF(*up->latitude, *up->longitude), place) + MinAreaRadiusMetres);
        }
    }
    QList<MapArea> outlines;
    for (const Area &a : areas)
        if (a.located())
            outlines << MapArea{QStringLiteral("area/%1").arg(a.id), a.name, *a.latitude, *a.longitude,
                                radius.value(a.id)};
    return outlines;
}

std::optional<QPointF> MapNetwork::position(const QString &key) const
{
    const auto [kind, id] = splitMarkerKey(key);
    if (kind == u"area")
        return areaPosition(id);
    qint64 areaId = 0;
    if (const Station *s = kind == u"station" ? station(id) : nullptr)
        areaId = s->areaId;
    else if (const Asset *a = kind == u"asset" ? asset(id) : nullptr)
        areaId = a->areaId;
    const std::optional<QPointF> centre = areaPosition(areaId);
    if (!centre)
        return std::nullopt;
    // This item's place on its area's ring: stations first, then assets, in list order.
    QStringList ring;
    for (const Station &s : stations)
        if (s.areaId == areaId)
            ring << QStringLiteral("station/%1").arg(s.id);
    for (const Asset &a : assets)
        if (a.areaId == areaId)
            ring << QStringLiteral("asset/%1").arg(a.id);
    const double angle = 2 * M_PI * ring.indexOf(key) / qMax(1, int(ring.size())) + M_PI / 4;
    const double lonScale = qMax(0.1, qCos(qDegreesToRadians(centre->x())));
    return QPointF(centre->x() + RingDegrees * qSin(angle), centre->y() + RingDegrees * qCos(angle) / lonScale);
}

QString MapNetwork::summaryStatus(const QList<QString> &statuses)
{
    for (const char *status : {"faulted", "charging", "available"})
        if (statuses.contains(QLatin1String(status)))
            return QLatin1String(status);
    return statuses.isEmpty() ? QString() : statuses.constFirst();
}

QString MapNetwork::stationStatus(const Station &station) const
{
    QList<QString> statuses;
    for (const Charger &c : station.chargers)
        for (const Connector &connector : c.connectors)
            statuses << connector.status;
    return summaryStatus(statuses);
}

QString MapNetwork::areaStatus(qint64 areaId) const
{
    QList<QString> statuses;
    for (const Station &s : stations)
        if (s.areaId == areaId && s.connected)
            statuses << stationStatus(s);
    return summaryStatus(statuses);
}

qint64 MapNetwork::stationPowerW(const Station &station) const
{
    qint64 sum = 0;
    for (const Charger &c : station.chargers)
        for (const Connector &connector : c.connectors)
            sum += connector.powerW.value_or(0);
    return sum;
}

QList<MapMarker> MapNetwork::markers(bool withAreas, bool withStations, bool withAssets, qint64 nowMs) const
{
    QList<MapMarker> markers;
    const auto add = [&](const QString &key, const QString &kind, const QString &label, const QColor &colour) {
        if (const std::optional<QPointF> at = position(key))
            markers << MapMarker{key, kind, label, at->x(), at->y(), colour};
    };
    if (withAreas)
        for (const Area &a : areas)
            if (a.located())
                add(QStringLiteral("area/%1").arg(a.id), QStringLiteral("area"), a.name, statusColor(areaStatus(a.id)));
    if (withStations)
        for (const Station &s : stations) {
            // What it draws now, beside its name: a glance at the map shows where power goes.
            qint64 drawnW = 0;
            for (const Charger &charger : s.chargers)
                for (const Connector &connector : charger.connectors)
                    drawnW += connector.powerW.value_or(0);
            const QString label = drawnW > 0 ? Tr::tr("%1 · %2").arg(s.name, formatKilowatts(double(drawnW))) : s.name;
            add(QStringLiteral("station/%1").arg(s.id), QStringLiteral("station"), label,
                statusColor(stationStatus(s), s.connected));
        }
    if (withAssets)
        for (const Asset &a : assets) {
            // Green while it reports, amber when its last report is old, grey when it never did.
            const QString state = !a.powerW                               ? QString()
                                  : nowMs - a.measuredAtMs > StaleAfterMs ? QStringLiteral("preparing")
                                                                          : QStringLiteral("available");
            add(QStringLiteral("asset/%1").arg(a.id), QStringLiteral("asset"), a.name, statusColor(state));
        }
    return markers;
}

} // namespace ChargeDesk::Ui
