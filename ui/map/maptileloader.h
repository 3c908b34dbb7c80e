#pragma once

#include <QCache>
#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QPixmap>

class QNetworkAccessManager;
class QNetworkReply;

namespace ChargeDesk::Ui {

struct TileKey
{
    int zoom = 0;
    int x = 0; // 0 .. 2^zoom - 1: callers wrap the world's repeats before asking
    int y = 0;
    friend bool operator==(const TileKey &, const TileKey &) = default;
};
size_t qHash(const TileKey &key, size_t seed = 0);

// Fetches map tiles for the map widget: over HTTP(S) with an identifying User-Agent, through a
// disk cache that is preferred over the network (tile servers ask clients to cache), into a
// memory cache of decoded tiles. Only the tiles the view asks for are fetched, a few at a time;
// tiles that left the view are cancelled, and a tile that failed waits before it is tried again.
class MapTileLoader final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MapTileLoader)

public:
    explicit MapTileLoader(QObject *parent = nullptr);
    ~MapTileLoader() override;

    static QByteArray defaultUserAgent();

    void setUrlTemplate(const QString &urlTemplate);
    const QString &urlTemplate() const { return m_urlTemplate; }
    void setCacheDirectory(const QString &directory);
    void setUserAgent(const QByteArray &userAgent);
    QNetworkAccessManager *network() const { return m_network; }

    // The decoded tile if it is in memory, else nullptr (valid until the next call).
    const QPixmap *tile(const TileKey &key) const { return m_tiles.object(key); }
    // The tiles the view shows now, the most wanted first. Replaces the previous wish list.
    void request(const QList<TileKey> &wanted);

signals:
    void tileLoaded();
    // A tile could not be had (no network, the server refused, not an image), in words.
    void tileFailed(const QString &why);

private:
    void startQueued();
    void finished(const TileKey &key, QNetworkReply *reply);
    void abortAll();
    bool recentlyFailed(const TileKey &key) const;

    QNetworkAccessManager *m_network;
    QString m_urlTemplate;
    QString m_cacheDirectory;
    QByteArray m_userAgent;
    QCache<TileKey, QPixmap> m_tiles;
    QHash<TileKey, QNetworkReply *> m_inFlight;
    QList<TileKey> m_queue;
    QHash<TileKey, qint64> m_failedAt; // m_clock's milliseconds
    QElapsedTimer m_clock;
};

} // namespace ChargeDesk::Ui
