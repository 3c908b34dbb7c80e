#pragma once

#include "core/simulatedfleet.h"
#include "server/simulator/virtualstation.h"

#include <QRandomGenerator>
#include <QTimer>

#include <memory>
#include <vector>

namespace ChargeDesk::Server::Simulator {

// Virtual stations played together, as demo mode runs them: each a VirtualStation connected
// to `baseUrl` + its code, and, while the scenario runs, drivers that arrive with a car,
// swipe one of the cards, charge for a few minutes and leave. The console's demo panel sees
// and drives them through SimulatedFleet.
class Fleet final : public Core::SimulatedFleet
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Fleet)

public:
    struct Member
    {
        QString code;
        Ocpp::Version version = Ocpp::Version::V16;
        QList<ConnectorSpec> connectors;
    };

    // `baseUrl` like ws://127.0.0.1:8180/ocpp; `seed` makes the drivers' visits repeatable.
    Fleet(const QList<Member> &members, const QString &baseUrl, QStringList cardTags, const Core::Clock &clock,
          quint32 seed = 1, QObject *parent = nullptr);
    ~Fleet() override;

    // Connects every station and, with the scenario running, lets the first drivers arrive
    // within seconds of each other.
    void start();
    VirtualStation *station(const QString &code) const;

    QList<Core::SimulatedStation> stations() const override;
    QStringList cardTags() const override { return m_cards; }
    bool plugIn(const QString &station, int connector) override;
    void presentCard(const QString &station, int connector, const QString &tag) override;
    void unplug(const QString &station, int connector) override;
    void setFaulted(const QString &station, int connector, bool faulted) override;
    void setOnline(const QString &station, bool online) override;
    bool isScenarioRunning() const override { return m_scenarioWanted; }
    void setScenarioRunning(bool running) override;

private:
    // A driver's stay at one connector.
    struct Visit
    {
        QString tag;
        qint64 swipeAtMs = 0; // after plugging in
        qint64 leaveAtMs = 0;
        bool swiped = false;
        bool stopped = false;
    };

    void step();
    void arrive(VirtualStation *station, int connector);
    QString freeCard() const;
    Vehicle randomVehicle(const ConnectorSpec &connector);
    void describe(const QJsonObject &event);

    std::vector<std::unique_ptr<VirtualStation>> m_stations;
    const QStringList m_cards;
    const Core::Clock &m_clock;
    QRandomGenerator m_random;
    QTimer m_scenario;
    bool m_scenarioWanted = true;
    bool m_started = false;
    QTimer m_refresh;
    QHash<VirtualStation *, QHash<int, Visit>> m_visits;
    QHash<VirtualStation *, QHash<int, qint64>> m_nextArrivalMs; // free connector -> when a driver comes
};

} // namespace ChargeDesk::Server::Simulator
