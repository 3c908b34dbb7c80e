#include "ui/map/maptileloader.h"

#include "ui/map/tilemath.h"

#include <QDir>
#include <QImage>
#include <QNetworkAccessManager>
#include <QNetworkDiskCache>
#include <QNetworkReply>
#include <QStandardPaths>

namespace ChargeDesk::Ui {

namespace {

constexpr int MaxConcurrentRequests = 6; // what browsers open per host; OSM's policy allows it
constexpr int MemoryTiles = 256;         // 256 decoded 256x256 tiles: about 64 MB
constexpr qint64 DiskCacheBytes = 256LL * 1024 * 1024;
constexpr qint64 RetryAfterMs = 60 * 1000;

} // namespace

size_t qHash(const TileKey &key, size_t seed)
{
    return qHashMulti(seed, key.zoom, key.x, key.y);
}

MapTileLoader::MapTileLoader(QObject *parent)
    : QObject(parent)
    , m_network(new QNetworkAccessManager(this))
    , m_userAgent(defaultUserAgent())
    , m_tiles(MemoryTiles)
{
    m_clock.start();
}

MapTileLoader::~MapTileLoader()
{
    abortAll();
}

QByteArray MapTileLoader::defaultUserAgent()
{
    return QByteArrayLiteral("ChargeDesk/" PROJECT_VERSION_STRING " (EV charging operator console; Qt)");
}

void MapTileLoader::setUrlTemplate(const QString &urlTemplate)
{
    if (urlTemplate == m_urlTemplate)
        return;
    abortAll();
    m_urlTemplate = urlTemplate;
    m_tiles.clear();
    m_failedAt.clear();
}

void MapTileLoader::setCacheDirectory(const QString &directory)
{
    if (directory == m_cacheDirectory && m_network->cache())
        return;
    m_cacheDirectory = directory;
    auto *cache = new QNetworkDiskCache(m_network);
    cache->setCacheDirectory(directory);
    cache->setMaximumCacheSize(DiskCacheBytes);
    m_network->setCache(cache); // deletes the previous one
}

void MapTileLoader::setUserAgent(const QByteArray &userAgent)
{
    m_userAgent = userAgent.isEmpty() ? defaultUserAgent() : userAgent;
}

void MapTileLoader::request(const QList<TileKey> &wanted)
{
    if (m_urlTemplate.isEmpty())
        return;
    const QSet<TileKey> wantedSet(wanted.cbegin(), wanted.cend());
    // Cancel what scrolled out of view; the aborted replies report back but change nothing.
    QList<QNetworkReply *> gone;
    for (auto it = m_inFlight.begin(); it != m_inFlight.end();) {
        if (wantedSet.contains(it.key())) {
            ++it;
        } else {
            gone.append(it.value());
            it = m_inFlight.erase(it);
        }
    }
    for (QNetworkReply *reply : std::as_const(gone))
        reply->abort();
    m_queue.clear();
    for (const TileKey &key : wanted) {
        if (!m_tiles.contains(key) && !m_inFlight.contains(key) && !recentlyFailed(key) && !m_queue.contains(key))
            m_queue.append(key);
    }
    startQueued();
}

void MapTileLoader::startQueued()
{
    if (!m_network->cache())
        setCacheDirectory(QDir(QStandardPaths::writableLocation(QStandardPaths::CacheLocation))
                              .filePath(QStringLiteral("map-tiles")));
    while (m_inFlight.size() < MaxConcurrentRequests && !m_queue.isEmpty()) {
        const TileKey key = m_queue.takeFirst();
        const QString url = TileMath::tileUrl(m_urlTemplate, key.zoom, key.x, key.y);
        if (url.isEmpty())
            continue;
        QNetworkRequest request{QUrl(url)};
        request.setHeader(QNetworkRequest::UserAgentHeader, m_userAgent);
        request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::PreferCache);
        QNetworkReply *reply = m_network->get(request);
        m_inFlight.insert(key, reply);
        connect(reply, &QNetworkReply::finished, this, [this, key, reply] { finished(key, reply); });
    }
}

void MapTileLoader::finished(const TileKey &key, QNetworkReply *reply)
{
    reply->deleteLater();
    if (m_inFlight.value(key) != reply)
        return; // cancelled, or replaced by a newer request
    m_inFlight.remove(key);
    QImage image;
    if (reply->error() == QNetworkReply::NoError)
        image.loadFromData(reply->readAll());
    if (image.isNull()) {
        m_failedAt.insert(key, m_clock.elapsed());
        emit tileFailed(reply->error() != QNetworkReply::NoError ? reply->errorString()
                                                                 : tr("the server sent no image"));
    } else {
        m_failedAt.remove(key);
        m_tiles.insert(key, new QPixmap(QPixmap::fromImage(std::move(image))));
        emit tileLoaded();
    }
    startQueued();
}

void MapTileLoader::abortAll()
{
    const QList<QNetworkReply *> replies = m_inFlight.values();
    m_inFlight.clear();
    m_queue.clear();
    for (QNetworkReply *reply : replies)
        reply->abort();
}

bool MapTileLoader::recentlyFailed(const TileKey &key) const
{
    const auto it = m_failedAt.constFind(key);
    return it != m_failedAt.cend() && m_clock.elapsed() - it.value() < RetryAfterMs;
}

} // namespace ChargeDesk::Ui
