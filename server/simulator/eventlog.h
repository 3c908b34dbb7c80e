#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>

namespace ChargeDesk::Server::Simulator {

// The station's own log: its most recent event lines, which a diagnostics upload or GetLog
// sends as the log file. Bounded, so a station that runs for days keeps a steady footprint.
class EventLog final
{
public:
    explicit EventLog(qsizetype capacity = 2000)
        : m_capacity(capacity)
    {}

    void append(const QDateTime &at, const QJsonObject &event);
    // One compact JSON object a line, from `oldest` to `latest`; an invalid time leaves that
    // end open.
    QByteArray text(const QDateTime &oldest = {}, const QDateTime &latest = {}) const;
    qsizetype size() const { return m_lines.size(); }

private:
    struct Line
    {
        QDateTime at;
        QByteArray json;
    };

    qsizetype m_capacity;
    QList<Line> m_lines;
};

} // namespace ChargeDesk::Server::Simulator
