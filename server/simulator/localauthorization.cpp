#include "server/simulator/localauthorization.h"

namespace ChargeDesk::Server::Simulator {

LocalAuthorization::Update LocalAuthorization::updateList(int version, bool full, const QList<Entry> &entries,
                                                          qsizetype maxLength)
{
    if (version < 0)
        return Update::Failed;
    if (!full && version <= m_version)
        return Update::VersionMismatch;
    QHash<QString, Known> list = full ? QHash<QString, Known>() : m_list;
    for (const Entry &e : entries) {
        if (e.status)
            list.insert(e.idTag, Known{*e.status, e.expiry});
        else if (full)
            return Update::Failed; // a full list must say each tag's status
        else
            list.remove(e.idTag);
    }
    if (list.size() > maxLength)
        return Update::Failed;
    m_list = list;
    m_version = version;
    return Update::Accepted;
}

void LocalAuthorization::remember(const QString &idTag, const QString &status, const QDateTime &expiry)
{
    m_cache.insert(idTag, Known{status, expiry});
}

QString LocalAuthorization::effective(const Known &known, const QDateTime &now)
{
    if (known.status == QLatin1String("Accepted") && known.expiry.isValid() && known.expiry <= now)
        return QStringLiteral("Expired");
    return known.status;
}

std::optional<QString> LocalAuthorization::lookup(const QString &idTag, const QDateTime &now, bool useList,
                                                  bool useCache) const
{
    if (useList) {
        const auto it = m_list.constFind(idTag);
        if (it != m_list.constEnd())
            return effective(*it, now);
    }
    if (useCache) {
        const auto it = m_cache.constFind(idTag);
        if (it != m_cache.constEnd())
            return effective(*it, now);
    }
    return std::nullopt;
}

} // namespace ChargeDesk::Server::Simulator
