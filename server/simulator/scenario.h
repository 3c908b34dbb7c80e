#pragma once

#include "core/error.h"
#include "server/simulator/virtualstation.h"

#include <QJsonObject>
#include <QObject>

#include <memory>
#include <vector>

namespace ChargeDesk::Server::Simulator {

// A scripted set of virtual stations over time, read from JSON:
//   {"stations": [{"id": "SIM-1", "protocol": "ocpp1.6", "connectors": 2, "power": 22000,
//                  "current": "ac3", "count": 1, "configuration": {"MeterValueSampleInterval": "10"}}],
//    "steps": [{"at": 2, "station": "SIM-1", "do": "plugIn", "connector": 1, "soc": 30}, ...]}
// A station with "count": N stands for N stations named by its id with {n} replaced by 1..N
// (the load mode). Steps run at `at` seconds from the start; "do" is one of
//   plugIn (connector, soc %, capacityWh, maxPowerW), swipe (connector, idTag), unplug
//   (connector), fault (connector, faulted), disconnect, reconnect, configure (key, value),
//   misbehave (energy: absolute|relative|mixed, clockOffsetS, outOfOrder, silentMeter,
//   ignoreRemoteStop), jumpEnergy (connector, wh), end (stops every station, finishes the run).
struct Scenario
{
    struct Station
    {
        StationSpec spec;
        Ocpp::Version version = Ocpp::Version::V16;
        QHash<QString, QString> configuration;
    };
    struct Step
    {
        double atS = 0;
        QString station; // empty: every station ("end")
        QString action;
        QJsonObject args;
    };

    QList<Station> stations;
    QList<Step> steps; // in time order

    // The scenario, or a validation error that names the station or step at fault.
    static Core::Result<Scenario> parse(const QByteArray &json);
};

// Plays a scenario against a CSMS at `baseUrl` (each station at baseUrl/<id>).
class ScenarioRunner final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ScenarioRunner)

public:
    ScenarioRunner(Scenario scenario, const QString &baseUrl, const ConnectionOptions &defaults,
                   const Core::Clock &clock, QObject *parent = nullptr);
    ~ScenarioRunner() override;

    void start();
    VirtualStation *station(const QString &id) const;
    const std::vector<std::unique_ptr<VirtualStation>> &stations() const { return m_stations; }

signals:
    // Every station event, and one {"event": "step", ...} per step run.
    void happened(const QJsonObject &event);
    void finished();

private:
    void run(const Scenario::Step &step);

    Scenario m_scenario;
    std::vector<std::unique_ptr<VirtualStation>> m_stations;
    QHash<QString, VirtualStation *> m_byId;
};

// The load mode's scenario: `count` stations `<prefix>-<n>`, each plugging a car in within
// the first minute and charging with card `idTag` (its own id when empty) for `durationS`.
QByteArray loadScenario(int count, const QString &protocol, const QString &prefix, const QString &idTag, int durationS);
// {"event": "summary", "stations", "online", "charging", "queued"}: how a large run is doing.
QJsonObject summarize(const ScenarioRunner &runner);

} // namespace ChargeDesk::Server::Simulator
