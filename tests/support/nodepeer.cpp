#include "support/nodepeer.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryFile>
#include <QTest>

namespace ChargeDesk::Test {

QList<QJsonObject> runNodePeer(const QString &script, const QStringList &arguments, int timeoutMs)
{
    QProcess node;
    node.setWorkingDirectory(QStringLiteral(PEERS_DIR));
    node.start(QStringLiteral("node"), QStringList{QStringLiteral(PEERS_DIR "/") + script} + arguments);
    if (!node.waitForStarted(10000)) {
        qWarning("cannot start node: %s", qPrintable(node.errorString()));
        return {};
    }
    QElapsedTimer timer;
    timer.start();
    // Waiting with the event loop running: the server under test lives in this process.
    while (node.state() != QProcess::NotRunning && timer.elapsed() < timeoutMs)
        QTest::qWait(20);
    if (node.state() != QProcess::NotRunning) {
        node.kill();
        node.waitForFinished();
        qWarning("node %s timed out", qPrintable(script));
    }
    const QByteArray err = node.readAllStandardError();
    if (!err.isEmpty())
        qWarning("node: %s", err.constData());
    return JsonLines(node).read();
}

QList<QJsonObject> runRawClient(const QString &url, const QString &protocol, const QStringList &frames, int waitMs)
{
    QTemporaryFile file;
    if (!file.open())
        return {};
    file.write(QJsonDocument(QJsonArray::fromStringList(frames)).toJson(QJsonDocument::Compact));
    file.flush();
    return runNodePeer(QStringLiteral("raw_client.mjs"),
                       {url, protocol, QLatin1Char('@') + file.fileName(), QString::number(waitMs)});
}

const QList<QJsonObject> &JsonLines::read()
{
    m_pending += m_process.readAllStandardOutput();
    for (qsizetype newline = m_pending.indexOf('\n'); newline >= 0; newline = m_pending.indexOf('\n')) {
        const QByteArray line = m_pending.left(newline).trimmed();
        m_pending.remove(0, newline + 1);
        if (!line.isEmpty())
            m_lines << QJsonDocument::fromJson(line).object();
    }
    return m_lines;
}

} // namespace ChargeDesk::Test
