#include "server/simulator/vehicle.h"

#include <algorithm>

namespace ChargeDesk::Server::Simulator {

double Vehicle::acceptedPowerW() const
{
    if (isFull())
        return 0;
    const double soc = stateOfCharge();
    if (soc <= taperFrom || taperFrom >= 1.0)
        return maxPowerW;
    // Linear from the full rate at taperFrom down to minimumTaper of it at 100 %.
    const double along = (soc - taperFrom) / (1.0 - taperFrom);
    return maxPowerW * (1.0 - along * (1.0 - minimumTaper));
}

double Vehicle::charge(double wh)
{
    const double stored = std::clamp(wh, 0.0, capacityWh - storedWh);
    storedWh += stored;
    return stored;
}

} // namespace ChargeDesk::Server::Simulator
