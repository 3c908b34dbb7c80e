#pragma once

#include "core/actor.h"
#include "core/error.h"
#include "ui/map/mapcanvas.h"

#include <QList>
#include <QString>
#include <optional>

namespace ChargeDesk::Core {
class Repository;
}

namespace ChargeDesk::Ui {

// The charging network as the map shows it, read through the repository for one actor (so an
// operator sees only their own areas): areas with their coordinates, the stations and assets
// placed at their area, and what each connector is doing right now.
struct MapNetwork
{
    struct Connector
    {
        qint64 id = 0;
        QString name;
        QString status;               // stored status: "charging", "available", ...
        std::optional<qint64> powerW; // the running session's power; none when idle
        QString sessionCode;
    };
    struct Charger
    {
        qint64 id = 0;
        QString name;
        QString status;
        QList<Connector> connectors;
    };
    struct Station
    {
        qint64 id = 0;
        QString code;
        QString name;
        qint64 areaId = 0;
        bool connected = false;
        QList<Charger> chargers;
    };
    struct Asset
    {
        qint64 id = 0;
        QString code;
        QString name;
        QString type; // smart_meter, producer, consumer, battery, other
        qint64 areaId = 0;
        std::optional<qint64> powerW; // the latest measurement
        qint64 measuredAtMs = 0;
    };
    struct Area
    {
        qint64 id = 0;
        QString code;
        QString name;
        QString address; // street, zip and city on one line
        qint64 parentId = 0;
        std::optional<double> latitude;
        std::optional<double> longitude;
        bool located() const { return latitude && longitude; }
    };

    // A measurement older than this no longer counts as the asset reporting.
    static constexpr qint64 StaleAfterMs = 15 * 60 * 1000;

    QList<Area> areas;
    QList<Station> stations;
    QList<Asset> assets;

    static Core::Result<MapNetwork> load(Core::Repository &repository, const Core::Actor &actor);

    const Area *area(qint64 id) const;
    const Station *station(qint64 id) const;
    const Asset *asset(qint64 id) const;
    // Where a station or asset is drawn: its area's place, or its parent's when the area has
    // none; several around one area are spread on a small ring so each can be clicked.
    std::optional<QPointF> position(const QString &key) const;

    // The markers of the chosen layers, coloured by status; `nowMs` decides stale assets.
    QList<MapMarker> markers(bool withAreas, bool withStations, bool withAssets, qint64 nowMs) const;

    // Each located area's circle: its place, wide enough for its located sub-areas (at any
    // depth) and never under MinAreaRadiusMetres.
    QList<MapArea> areaOutlines() const;
    static constexpr double MinAreaRadiusMetres = 120;

    // "charging" when any connector charges, "faulted" when any is faulted, "available" when
    // one is free, otherwise the first connector's status; empty without connectors.
    static QString summaryStatus(const QList<QString> &statuses);
    QString stationStatus(const Station &station) const;
    QString areaStatus(qint64 areaId) const;
    qint64 stationPowerW(const Station &station) const;

private:
    std::optional<QPointF> areaPosition(qint64 areaId) const;
};

// "area/3" -> {"area", 3}; {"", 0} for anything else.
std::pair<QString, qint64> splitMarkerKey(const QString &key);

} // namespace ChargeDesk::Ui
