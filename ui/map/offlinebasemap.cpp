#include "ui/map/offlinebasemap.h"
#include "ui/widgets/tr.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cctype>
#include <charconv>
#include <cmath>
#include <optional>
#include <utility>

namespace ChargeDesk::Ui {

namespace {

QString malformedArcs()
{
    return Tr::tr("The map's arcs are not lists of number pairs.");
}

// QJsonDocument spends most of its time (130 of 160 ms for the 1:50m world) building the
// arcs' 80,000 little arrays. So the top-level "arcs" member is cut out of the text and read
// here, and QJsonDocument reads the rest: names, arc indices and the transform.
class ArcText
{
public:
    explicit ArcText(QByteArrayView text)
        : m_text(text)
    {}

    // Where the value of a member of the outermost object starts and ends; nullopt if absent.
    static std::optional<std::pair<qsizetype, qsizetype>> topLevelMember(QByteArrayView json, QByteArrayView key)
    {
        int depth = 0;
        qsizetype valueStart = -1;
        for (qsizetype i = 0; i < json.size(); ++i) {
            const char c = json.at(i);
            if (c == '"') {
                const qsizetype stringStart = i + 1;
                for (++i; i < json.size() && json.at(i) != '"'; ++i) {
                    if (json.at(i) == '\\')
                        ++i;
                }
                if (depth == 1 && valueStart < 0 && json.sliced(stringStart, i - stringStart) == key) {
                    qsizetype colon = i + 1;
                    while (colon < json.size() && std::isspace(static_cast<unsigned char>(json.at(colon))))
                        ++colon;
                    if (colon < json.size() && json.at(colon) == ':')
                        valueStart = colon + 1;
                }
            } else if (c == '{' || c == '[') {
                ++depth;
            } else if (c == '}' || c == ']') {
                if (--depth == 1 && valueStart >= 0)
                    return std::pair(valueStart, i + 1);
                if (depth < 1)
                    return std::nullopt;
            }
        }
        return std::nullopt;
    }

    // Skips white space; consumes `c` if it comes next.
    bool take(char c)
    {
        while (m_at < m_text.size() && std::isspace(static_cast<unsigned char>(m_text.at(m_at))))
            ++m_at;
        if (m_at < m_text.size() && m_text.at(m_at) == c) {
            ++m_at;
            return true;
        }
        return false;
    }

    // "[x, y]" (a third number, an elevation, is allowed and ignored).
    std::optional<QPointF> position()
    {
        double x = 0, y = 0, ignored = 0;
        if (!take('[') || !number(x) || !take(',') || !number(y))
            return std::nullopt;
        if (take(',') && !number(ignored))
            return std::nullopt;
        if (!take(']'))
            return std::nullopt;
        return QPointF(x, y);
    }

private:
    bool number(double &value)
    {
        take(' ');
        const char *begin = m_text.data() + m_at;
        const char *end = m_text.data() + m_text.size();
        const auto [next, error] = std::from_chars(begin, end, value);
        if (error != std::errc() || !std::isfinite(value))
            return false;
        m_at += next - begin;
        return true;
    }

    QByteArrayView m_text;
    qsizetype m_at = 0;
};

// TopoJSON stores every shared border once, as an "arc"; rings are lists of arc indices
// (a negative index ~i means arc i walked backwards).
class TopoJsonDecoder
{
public:
    // The arcs in degrees from the text of the topology's "arcs" member (see ArcText); an empty
    // optional (and error) when they are malformed.
    std::optional<QList<QPolygonF>> decodeArcs(const QJsonObject &topology, QByteArrayView text)
    {
        double scaleX = 1, scaleY = 1, translateX = 0, translateY = 0;
        const bool quantized = topology.contains(QLatin1String("transform"));
        if (quantized) {
            const QJsonObject transform = topology.value(QLatin1String("transform")).toObject();
            const QJsonArray scale = transform.value(QLatin1String("scale")).toArray();
            const QJsonArray translate = transform.value(QLatin1String("translate")).toArray();
            if (scale.size() != 2 || translate.size() != 2)
                return fail(Tr::tr("The map's transform needs a scale and a translation."));
            scaleX = scale.at(0).toDouble();
            scaleY = scale.at(1).toDouble();
            translateX = translate.at(0).toDouble();
            translateY = translate.at(1).toDouble();
        }
        ArcText reader(text);
        QList<QPolygonF> result;
        if (!reader.take('['))
            return fail(Tr::tr("The map has no arcs."));
        while (!reader.take(']')) {
            if (!result.isEmpty() && !reader.take(','))
                return fail(malformedArcs());
            if (!reader.take('['))
                return fail(malformedArcs());
            QPolygonF arc;
            double x = 0, y = 0; // quantized arcs give each position as a step from the last
            while (!reader.take(']')) {
                if (!arc.isEmpty() && !reader.take(','))
                    return fail(malformedArcs());
                const std::optional<QPointF> position = reader.position();
                if (!position)
                    return fail(malformedArcs());
                if (quantized) {
                    x += position->x();
                    y += position->y();
                    arc.append(QPointF(x * scaleX + translateX, y * scaleY + translateY));
                } else {
                    arc.append(*position);
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
                return fail(Tr::tr("A ring of the map refers to an arc by something other than a number."));
            const int index = indexValue.toInt();
            const int arcIndex = index < 0 ? ~index : index;
            if (arcIndex >= arcs.size())
                return fail(Tr::tr("A ring of the map refers to arc %1, which does not exist.").arg(arcIndex));
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
                fail(Tr::tr("A polygon of the map has a ring that is not a list of arcs."));
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
    const auto arcsSpan = ArcText::topLevelMember(json, "arcs");
    QByteArray rest = json;
    if (arcsSpan)
        rest.replace(arcsSpan->first, arcsSpan->second - arcsSpan->first, "[]");
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(rest, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        map.m_error = Tr::tr("The map is not valid JSON: %1.").arg(parseError.errorString());
        return map;
    }
    const QJsonObject topology = document.object();
    if (topology.value(QLatin1String("type")).toString() != QLatin1String("Topology")) {
        map.m_error = Tr::tr("The map is not a TopoJSON topology.");
        return map;
    }
    const QJsonObject countries =
        topology.value(QLatin1String("objects")).toObject().value(QLatin1String("countries")).toObject();
    const QJsonValue geometries = countries.value(QLatin1String("geometries"));
    if (!geometries.isArray()) {
        map.m_error = Tr::tr("The map has no countries.");
        return map;
    }
    TopoJsonDecoder decoder;
    if (!arcsSpan) {
        map.m_error = Tr::tr("The map has no arcs.");
        return map;
    }
    const std::optional<QList<QPolygonF>> arcs =
        decoder.decodeArcs(topology, QByteArrayView(json).sliced(arcsSpan->first, arcsSpan->second - arcsSpan->first));
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
        map.m_error = Tr::tr("The map has no countries.");
    return map;
}

const OfflineBaseMap &OfflineBaseMap::world()
{
    static const OfflineBaseMap map = [] {
        QFile file(QStringLiteral(":/map/countries-50m.json"));
        if (!file.open(QIODevice::ReadOnly)) {
            OfflineBaseMap missing;
            missing.m_error = Tr::tr("The bundled base map is missing.");
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
