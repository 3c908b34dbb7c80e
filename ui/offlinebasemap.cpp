#include "ui/offlinebasemap.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <optional>

namespace ChargeDesk::Ui {

namespace {

// TopoJSON stores every shared border once, as an "arc"; rings are lists of arc indices
// (a negative index ~i means arc i walked backwards).
class TopoJsonDecoder
{
public:
    // The arcs in degrees; an empty optional (and error) when they are malformed.
    std::optional<QList<QPolygonF>> decodeArcs(const QJsonObject &topology)
    {
        double scaleX = 1, scaleY = 1, translateX = 0, translateY = 0;
        const bool quantized = topology.contains(QLatin1String("transform"));
        if (quantized) {
            const QJsonObject transform = topology.value(QLatin1String("transform")).toObject();
            const QJsonArray scale = transform.value(QLatin1String("scale")).toArray();
            const QJsonArray translate = transform.value(QLatin1String("translate")).toArray();
            if (scale.size() != 2 || translate.size() != 2)
                return fail(OfflineBaseMap::tr("The map's transform needs a scale and a translation."));
            scaleX = scale.at(0).toDouble();
            scaleY = scale.at(1).toDouble();
            translateX = translate.at(0).toDouble();
            translateY = translate.at(1).toDouble();
        }
        const QJsonValue arcsValue = topology.value(QLatin1String("arcs"));
        if (!arcsValue.isArray())
            return fail(OfflineBaseMap::tr("The map has no arcs."));
        const QJsonArray arcs = arcsValue.toArray();
        QList<QPolygonF> result;
        result.reserve(arcs.size());
        for (const QJsonValue &arcValue : arcs) {
            const QJsonArray positions = arcValue.toArray();
            QPolygonF arc;
            arc.reserve(positions.size());
            double x = 0, y = 0; // quantized arcs give each position as a step from the last
            for (const QJsonValue &positionValue : positions) {
                const QJsonArray position = positionValue.toArray();
                if (position.size() < 2 || !position.at(0).isDouble() || !position.at(1).isDouble())
                    return fail(OfflineBaseMap::tr("An arc of the map has a position that is not a pair of numbers."));
                if (quantized) {
                    x += position.at(0).toDouble();
                    y += position.at(1).toDouble();
                    arc.append(QPointF(x * scaleX + translateX, y * scaleY + translateY));
                } else {
                    arc.append(QPointF(position.at(0).toDouble(), position.at(1).toDouble()));
                }
            }
            result.append(std::move(arc));
        }
        return result;
    }

    // One ring from its arc indices; consecutive arcs share their joining point.
    std::optional<QPolygonF> ring(const QJsonArray &indices, const QList<QPolygonF> &arcs)
    {
        QPolygonF ring;
        for (const QJsonValue &indexValue : indices) {
            if (!indexValue.isDouble())
                return fail(OfflineBaseMap::tr("A ring of the map refers to an arc by something other than a number."));
            const int index = indexValue.toInt();
            const int arcIndex = index < 0 ? ~index : index;
            if (arcIndex >= arcs.size())
                return fail(
                    OfflineBaseMap::tr("A ring of the map refers to arc %1, which does not exist.").arg(arcIndex));
            const QPolygonF &arc = arcs.at(arcIndex);
            const qsizetype start = ring.isEmpty() ? 0 : 1;
            if (index < 0) {
                for (qsizetype i = arc.size() - 1 - start; i >= 0; --i)
                    ring.append(arc.at(i));
            } else {
                for (qsizetype i = start; i < arc.size(); ++i)
                    ring.append(arc.at(i));
            }
        }
        return ring;
    }

    // Appends a Polygon's rings (an array of rings, each an array of arc indices).
    bool appendPolygon(const QJsonArray &polygon, const QList<QPolygonF> &arcs, BaseMapCountry &country)
    {
        for (const QJsonValue &ringValue : polygon) {
            if (!ringValue.isArray()) {
                fail(OfflineBaseMap::tr("A polygon of the map has a ring that is not a list of arcs."));
                return false;
            }
            std::optional<QPolygonF> decoded = ring(ringValue.toArray(), arcs);
            if (!decoded)
                return false;
            if (decoded->size() < 3)
                continue; // a degenerate ring covers nothing
            country.ringBounds.append(decoded->boundingRect());
            country.bounds |= country.ringBounds.constLast();
            country.rings.append(std::move(*decoded));
        }
        return true;
    }

    std::optional<BaseMapCountry> country(const QJsonObject &geometry, const QList<QPolygonF> &arcs)
    {
        BaseMapCountry result;
        result.name = geometry.value(QLatin1String("properties")).toObject().value(QLatin1String("name")).toString();
        const QString type = geometry.value(QLatin1String("type")).toString();
        const QJsonArray parts = geometry.value(QLatin1String("arcs")).toArray();
        if (type == QLatin1String("Polygon")) {
            if (!appendPolygon(parts, arcs, result))
                return std::nullopt;
        } else if (type == QLatin1String("MultiPolygon")) {
            for (const QJsonValue &polygon : parts) {
                if (!appendPolygon(polygon.toArray(), arcs, result))
                    return std::nullopt;
            }
        }
        return result; // other geometry types (points, lines, null) have no area to draw
    }

    const QString &error() const { return m_error; }

    std::nullopt_t fail(const QString &message)
    {
        if (m_error.isEmpty())
            m_error = message;
        return std::nullopt;
    }

private:
    QString m_error;
};

} // namespace

bool BaseMapCountry::contains(double latitude, double longitude) const
{
    const QPointF point(longitude, latitude);
    if (!bounds.contains(point))
        return false;
    bool inside = false; // even-odd over all rings: a hole's ring flips an outer ring's answer back
    for (qsizetype i = 0; i < rings.size(); ++i) {
        if (ringBounds.at(i).contains(point) && rings.at(i).containsPoint(point, Qt::OddEvenFill))
            inside = !inside;
    }
    return inside;
}

OfflineBaseMap OfflineBaseMap::fromTopoJson(const QByteArray &json)
{
    OfflineBaseMap map;
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        map.m_error = tr("The map is not valid JSON: %1.").arg(parseError.errorString());
        return map;
    }
    const QJsonObject topology = document.object();
    if (topology.value(QLatin1String("type")).toString() != QLatin1String("Topology")) {
        map.m_error = tr("The map is not a TopoJSON topology.");
        return map;
    }
    const QJsonObject countries =
        topology.value(QLatin1String("objects")).toObject().value(QLatin1String("countries")).toObject();
    const QJsonValue geometries = countries.value(QLatin1String("geometries"));
    if (!geometries.isArray()) {
        map.m_error = tr("The map has no countries.");
        return map;
    }
    TopoJsonDecoder decoder;
    const std::optional<QList<QPolygonF>> arcs = decoder.decodeArcs(topology);
    if (!arcs) {
        map.m_error = decoder.error();
        return map;
    }
    for (const QJsonValue &geometry : geometries.toArray()) {
        std::optional<BaseMapCountry> country = decoder.country(geometry.toObject(), *arcs);
        if (!country) {
            map.m_error = decoder.error();
            map.m_countries.clear();
            return map;
        }
        if (!country->rings.isEmpty())
            map.m_countries.append(std::move(*country));
    }
    if (map.m_countries.isEmpty())
        map.m_error = tr("The map has no countries.");
    return map;
}

const OfflineBaseMap &OfflineBaseMap::world()
{
    static const OfflineBaseMap map = [] {
        QFile file(QStringLiteral(":/map/countries-50m.json"));
        if (!file.open(QIODevice::ReadOnly)) {
            OfflineBaseMap missing;
            missing.m_error = tr("The bundled base map is missing.");
            return missing;
        }
        return fromTopoJson(file.readAll());
    }();
    return map;
}

const BaseMapCountry *OfflineBaseMap::countryAt(double latitude, double longitude) const
{
    for (const BaseMapCountry &country : m_countries) {
        if (country.contains(latitude, longitude))
            return &country;
    }
    return nullptr;
}

} // namespace ChargeDesk::Ui
