#pragma once

#include "support/nodepeer.h"

#include <QJsonObject>
#include <QList>
#include <QProcess>

#include <memory>

namespace ChargeDesk::Server {
class Gateway;
}

namespace ChargeDesk::Test {

// An independent charging station (tests/peers/ocpp_station.mjs, ocpp-rpc in strict mode)
// running in the background while the test's event loop serves it, and what it printed.
class StationPeer
{
public:
    // Starts the station at `url` and waits (10 s at most) until the gateway has station
    // `stationId` connected; null when it did not connect. See the peer for `options`.
    static std::unique_ptr<StationPeer> start(const Server::Gateway &gateway, qint64 stationId, const QString &url,
                                              const QString &protocol, const QJsonObject &options = {},
                                              int stayMs = 120000);
    ~StationPeer();

    // Every line the station printed so far.
    QList<QJsonObject> lines();
    // The parameters of the next `action` the central system called, after the ones already
    // returned; empty when none came within `timeoutMs`.
    QJsonObject nextCall(const QString &action, int timeoutMs = 10000);
    // Ends the station as a power cut would.
    void kill();

private:
    StationPeer() = default;

    QProcess m_process;
    JsonLines m_output{m_process};
    qsizetype m_next = 0; // where nextCall() looks next
};

} // namespace ChargeDesk::Test
