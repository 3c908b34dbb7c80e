#include "ui/map/geocoder.h"

#include "ui/map/mapsettings.h"
#include "ui/widgets/tr.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QUrlQuery>

#include <optional>

namespace ChargeDesk::Ui {

namespace {

// Nominatim writes coordinates as strings; other services as numbers.
std::optional<double> coordinate(const QJsonValue &value)
{
    bool ok = value.isDouble();
    const double number = ok ? value.toDouble() : value.toString().toDouble(&ok);
    return ok ? std::optional<double>(number) : std::nullopt;
}

} // namespace

Geocoder::Geocoder(QObject *parent)
    : QObject(parent)
    , m_network(new QNetworkAccessManager(this))
{}

Geocoder::~Geocoder()
{
    if (m_reply)
        m_reply->abort();
}

QUrl Geocoder::serviceUrl()
{
    return QUrl(MapSettings::load().geocodingUrl);
}

void Geocoder::search(const QString &address)
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
    }
    QUrl url = serviceUrl();
    QUrlQuery query(url);
    query.addQueryItem(QStringLiteral("q"), address);
    query.addQueryItem(QStringLiteral("format"), QStringLiteral("json"));
    query.addQueryItem(QStringLiteral("limit"), QStringLiteral("5"));
    url.setQuery(query);
    QNetworkRequest request(url);
    // The public Nominatim service asks every program to say who it is.
    request.setHeader(QNetworkRequest::UserAgentHeader, MapSettings::userAgent());
    request.setTransferTimeout(15000);
    m_reply = m_network->get(request);
    QNetworkReply *reply = m_reply;
    connect(reply, &QNetworkReply::finished, this, [this, reply] { finished(reply); });
}

void Geocoder::finished(QNetworkReply *reply)
{
    reply->deleteLater();
    if (reply != m_reply)
        return;
    m_reply.clear();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (reply->error() != QNetworkReply::NoError) {
        emit failed(status != 0 ? Tr::tr("The address search answered with HTTP status %1.").arg(status)
                                : Tr::tr("The address search could not be reached: %1").arg(reply->errorString()));
        return;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(reply->readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isArray()) {
        emit failed(Tr::tr("The address search sent an answer that is not a list of places."));
        return;
    }
    QList<GeocodeCandidate> candidates;
    for (const QJsonValue &entry : document.array()) {
        const QJsonObject place = entry.toObject();
        const auto lat = coordinate(place.value(QStringLiteral("lat")));
        const auto lon = coordinate(place.value(QStringLiteral("lon")));
        if (!lat || !lon || *lat < -90 || *lat > 90 || *lon < -180 || *lon > 180)
            continue;
        candidates << GeocodeCandidate{*lat, *lon, place.value(QStringLiteral("display_name")).toString()};
    }
    emit found(candidates);
}

} // namespace ChargeDesk::Ui
