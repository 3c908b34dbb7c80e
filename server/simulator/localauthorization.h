#pragma once

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>

#include <optional>

namespace ChargeDesk::Server::Simulator {

// The local authorization list the CSMS sends and the cache of answers the station got,
// both consulted when the station is offline (or pre-authorizes locally).
class LocalAuthorization final
{
public:
    struct Entry
    {
        QString idTag;
        std::optional<QString> status; // none in a differential update: remove the entry
        QDateTime expiry;
    };
    enum class Update { Accepted, Failed, VersionMismatch };

    int listVersion() const { return m_version; }
    qsizetype listSize() const { return m_list.size(); }
    // A full update replaces the list; a differential one must carry a newer version.
    Update updateList(int version, bool full, const QList<Entry> &entries, qsizetype maxLength);

    void remember(const QString &idTag, const QString &status, const QDateTime &expiry);
    void clearCache() { m_cache.clear(); }

    // The status the list, then the cache, holds for `idTag` at `now`; an expired entry
    // reads "Expired". Nothing when neither knows the tag.
    std::optional<QString> lookup(const QString &idTag, const QDateTime &now, bool useList, bool useCache) const;

private:
    struct Known
    {
        QString status;
        QDateTime expiry;
    };
    static QString effective(const Known &known, const QDateTime &now);

    int m_version = 0;
    QHash<QString, Known> m_list;
    QHash<QString, Known> m_cache;
};

} // namespace ChargeDesk::Server::Simulator
