#pragma once

#include "core/simulatedfleet.h"

#include <functional>

// Stands in for the simulator (tested on its own): serves set values and records each command.
class FakeFleet final : public ChargeDesk::Core::SimulatedFleet
{
public:
    using SimulatedFleet::SimulatedFleet;

    QList<ChargeDesk::Core::SimulatedStation> stations() const override { return m_stations; }
    QStringList cardTags() const override { return m_cards; }

    bool plugIn(const QString &station, int connector) override
    {
        m_calls << QStringLiteral("plugIn %1 %2").arg(station).arg(connector);
        return true;
    }
    void presentCard(const QString &station, int connector, const QString &tag) override
    {
        m_calls << QStringLiteral("presentCard %1 %2 %3").arg(station).arg(connector).arg(tag);
    }
    void unplug(const QString &station, int connector) override
    {
        m_calls << QStringLiteral("unplug %1 %2").arg(station).arg(connector);
    }
    void setFaulted(const QString &station, int connector, bool faulted) override
    {
        m_calls << QStringLiteral("setFaulted %1 %2 %3").arg(station).arg(connector).arg(faulted);
    }
    void setOnline(const QString &station, bool online) override
    {
        m_calls << QStringLiteral("setOnline %1 %2").arg(station).arg(online);
    }
    bool isScenarioRunning() const override { return m_scenario; }
    void setScenarioRunning(bool running) override
    {
        m_scenario = running;
        m_calls << QStringLiteral("setScenarioRunning %1").arg(running);
    }

    // Two stations: a garage with a car charging on connector 1 and a free connector 2, and an
    // offline hotel station with one free connector.
    static FakeFleet *demo(QObject *parent = nullptr)
    {
        auto *fleet = new FakeFleet(parent);
        ChargeDesk::Core::SimulatedConnector charging;
        charging.number = 1;
        charging.status = QStringLiteral("Charging");
        charging.type = QStringLiteral("cType2");
        charging.maxPowerW = 22000;
        charging.offeredW = 11000;
        charging.powerW = 7360;
        charging.registerWh = 123456;
        charging.vehiclePlugged = true;
        charging.socPercent = 64.4;
        charging.idTag = QStringLiteral("CARD-2");
        charging.sessionWh = 4321;
        ChargeDesk::Core::SimulatedConnector free;
        free.number = 2;
        free.status = QStringLiteral("Available");
        free.type = QStringLiteral("cType2");
        free.maxPowerW = 22000;
        free.offeredW = 11000;
        fleet->m_stations = {
            {QStringLiteral("GARAGE-01"), QStringLiteral("ocpp1.6"), true, {charging, free}},
            {QStringLiteral("HOTEL-01"), QStringLiteral("ocpp2.0.1"), false, {free}},
        };
        fleet->m_stations[1].connectors[0].number = 1;
        fleet->m_cards = {QStringLiteral("CARD-1"), QStringLiteral("CARD-2"), QStringLiteral("CARD-3")};
        return fleet;
    }

    // Changes the values and tells the panel, as the simulator does.
    void update(const std::function<void(QList<ChargeDesk::Core::SimulatedStation> &)> &change)
    {
        change(m_stations);
        emit changed();
    }

    QList<ChargeDesk::Core::SimulatedStation> m_stations;
    QStringList m_cards;
    QStringList m_calls;
    bool m_scenario = false;
};
