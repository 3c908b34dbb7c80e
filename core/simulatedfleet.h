#pragma once

#include <QList>
#include <QObject>
#include <QStringList>

#include <optional>

namespace ChargeDesk::Core {

// One connector of a virtual station as the console shows it.
struct SimulatedConnector
{
    int number = 1;
    QString status;        // OCPP 1.6 spelling: Available, Preparing, Charging, SuspendedEV, ...
    QString type;          // connector type, e.g. cType2, cCCS2
    double maxPowerW = 0;  // what the connector can deliver
    double offeredW = 0;   // what the station offers now (its rating and charging profiles)
    double powerW = 0;     // what the vehicle draws now
    double registerWh = 0; // the energy meter
    bool vehiclePlugged = false;
    std::optional<double> socPercent; // the plugged vehicle's state of charge
    QString idTag;                    // the card of the running transaction
    double sessionWh = 0;             // energy of the running transaction
    bool faulted = false;
};

struct SimulatedStation
{
    QString code; // its connection identifier
    QString protocol;
    bool online = false; // connected and accepted by the central system
    QList<SimulatedConnector> connectors;
};

// The virtual stations of demo mode (played by the simulator), as the console's demo panel
// sees and drives them. Names are station codes; connectors are numbered from 1.
class SimulatedFleet : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

    virtual QList<SimulatedStation> stations() const = 0;
    // The cards a driver can swipe.
    virtual QStringList cardTags() const = 0;

    // A driver plugs a car in (a random battery state); false when the connector is taken.
    virtual bool plugIn(const QString &station, int connector) = 0;
    // A card at the connector's reader: starts a transaction, or stops the one it started.
    virtual void presentCard(const QString &station, int connector, const QString &tag) = 0;
    virtual void unplug(const QString &station, int connector) = 0;
    virtual void setFaulted(const QString &station, int connector, bool faulted) = 0;
    // Cuts or restores the station's connection (transactions go on offline and are replayed).
    virtual void setOnline(const QString &station, bool online) = 0;
    // Whether the scripted drivers come and go by themselves.
    virtual bool isScenarioRunning() const = 0;
    virtual void setScenarioRunning(bool running) = 0;

signals:
    // Something a station shows changed (status, power, energy, connection).
    void changed();
    // One line of what happened, for the panel's log ("GARAGE-01 #1: charging started").
    void happened(const QString &line);
};

} // namespace ChargeDesk::Core
