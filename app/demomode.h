#pragma once

#include "core/demonetwork.h"
#include "core/simulatedfleet.h"

#include <QTemporaryDir>
#include <QTimer>

#include <memory>

namespace ChargeDesk::Server::Simulator {
class Fleet;
}

namespace ChargeDesk::App {

struct Engine;

// `chargedesk --demo`: the demo network in a fresh database in a temporary folder (gone when
// the console closes), played by the simulator's virtual stations against the console's own
// OCPP server, with the garage's smart meter reporting every 15 s.
class DemoMode final
{
    Q_DISABLE_COPY_MOVE(DemoMode)

public:
    static constexpr int MeterIntervalMs = 15000;

    static Core::Result<std::unique_ptr<DemoMode>> prepare();
    ~DemoMode();

    QString databaseLocation() const;
    Core::Status seed(Engine &engine);
    // Connects the virtual stations to ws://127.0.0.1:`ocppPort`/ocpp/<code> and lets the
    // drivers and the meter begin.
    void start(quint16 ocppPort, Engine &engine);
    // Ends the virtual stations and the meter: they read the engine's clock and repository,
    // so they stop while the engine still lives (see ConsoleStart).
    void stop();
    Core::SimulatedFleet *fleet();
    const Core::DemoNetwork &network() const { return m_network; }

private:
    DemoMode() = default;

    QTemporaryDir m_dir;
    Core::DemoNetwork m_network;
    std::unique_ptr<Server::Simulator::Fleet> m_fleet;
    QTimer m_meter;
};

} // namespace ChargeDesk::App
