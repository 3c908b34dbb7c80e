#include "support/stationpeer.h"

#include "server/gateway.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QTest>

namespace ChargeDesk::Test {

std::unique_ptr<StationPeer> StationPeer::start(const Server::Gateway &gateway, qint64 stationId, const QString &url,
                                                const QString &protocol, const QJsonObject &options, int stayMs)
{
    std::unique_ptr<StationPeer> peer(new StationPeer);
    peer->m_process.start(QStringLiteral("node"),
                          {QStringLiteral(PEERS_DIR "/ocpp_station.mjs"), url, protocol, QString::number(stayMs),
                           QString::fromUtf8(QJsonDocument(options).toJson(QJsonDocument::Compact))});
    if (!peer->m_process.waitForStarted())
        return nullptr;
    QElapsedTimer timer;
    timer.start();
    while (!gateway.isConnected(stationId) && timer.elapsed() < 10000)
        QTest::qWait(20);
    return gateway.isConnected(stationId) ? std::move(peer) : nullptr;
}

StationPeer::~StationPeer()
{
    kill();
}

void StationPeer::kill()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.kill();
    m_process.waitForFinished();
}

QList<QJsonObject> StationPeer::lines()
{
    return m_output.read();
}

QJsonObject StationPeer::nextCall(const QString &action, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    for (;;) {
        const QList<QJsonObject> all = lines();
        for (; m_next < all.size(); ++m_next) {
            const QJsonObject &line = all.at(m_next);
            if (line.value(QStringLiteral("event")) == QLatin1String("call") &&
                line.value(QStringLiteral("action")) == action)
                return all.at(m_next++).value(QStringLiteral("params")).toObject();
        }
        if (timer.elapsed() >= timeoutMs)
            return {};
        QTest::qWait(10);
    }
}

} // namespace ChargeDesk::Test
