#include "server/simulator/eventlog.h"

#include <QJsonDocument>

namespace ChargeDesk::Server::Simulator {

void EventLog::append(const QDateTime &at, const QJsonObject &event)
{
    if (m_capacity <= 0)
        return;
    if (m_lines.size() >= m_capacity)
        m_lines.removeFirst();
    m_lines.append(Line{at, QJsonDocument(event).toJson(QJsonDocument::Compact)});
}

QByteArray EventLog::text(const QDateTime &oldest, const QDateTime &latest) const
{
    QByteArray out;
    for (const Line &line : m_lines) {
        if ((oldest.isValid() && line.at < oldest) || (latest.isValid() && line.at > latest))
            continue;
        out += line.json;
        out += '\n';
    }
    return out;
}

} // namespace ChargeDesk::Server::Simulator
