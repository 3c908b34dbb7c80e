#pragma once

#include <QJsonObject>
#include <QList>
#include <QStringList>

class QProcess;

namespace ChargeDesk::Test {

// Runs one of the Node.js peers in tests/peers/ while the caller's event loop keeps
// serving, and returns the JSON lines it printed.
QList<QJsonObject> runNodePeer(const QString &script, const QStringList &arguments, int timeoutMs = 30000);

// Sends `frames` as they are over a plain WebSocket (raw_client.mjs) and returns what came
// back; written through a file, as a large frame would not fit on a command line.
QList<QJsonObject> runRawClient(const QString &url, const QString &protocol, const QStringList &frames, int waitMs);

// The JSON objects a running peer prints, one a line, collected as its output arrives.
class JsonLines
{
public:
    explicit JsonLines(QProcess &process)
        : m_process(process)
    {}

    // Every complete line printed so far, oldest first.
    const QList<QJsonObject> &read();

private:
    QProcess &m_process;
    QByteArray m_pending; // output after the last complete line
    QList<QJsonObject> m_lines;
};

} // namespace ChargeDesk::Test
