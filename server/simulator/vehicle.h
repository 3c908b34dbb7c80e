#pragma once

namespace ChargeDesk::Server::Simulator {

// An electric vehicle as the station sees it: how much power it takes at its state of
// charge. Batteries take their full rate up to about 80 % and then taper towards full.
struct Vehicle
{
    double capacityWh = 60000;
    double storedWh = 12000;
    double maxPowerW = 11000;
    double taperFrom = 0.8;    // state of charge where the curve starts to fall
    double minimumTaper = 0.1; // the share of maxPowerW it still takes just before full

    double stateOfCharge() const { return capacityWh > 0 ? storedWh / capacityWh : 1.0; }
    bool isFull() const { return storedWh >= capacityWh; }
    // The power the vehicle accepts now, whatever the station offers.
    double acceptedPowerW() const;
    // Stores energy, never beyond the capacity; returns what was actually stored.
    double charge(double wh);
};

} // namespace ChargeDesk::Server::Simulator
