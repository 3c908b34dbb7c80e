#pragma once

#include "core/error.h"

#include <QDateTime>
#include <QList>
#include <QStringList>

namespace ChargeDesk::Core {

class AuthService;
class Repository;

// The charging network `chargedesk --demo` starts with: a site, two operators, areas on a
// map (one balancing its load by a smart meter), stations, and customers with RFID cards.
// The virtual stations of the simulator play the stations.
struct DemoNetwork
{
    struct Station
    {
        QString code; // also its connection identifier
        QString protocol;
        int connectors = 1;
        double powerW = 22000; // per connector
        QString currentType;   // dc, ac_single_phase, ac_three_phase
    };
    QList<Station> stations;
    QStringList cardTags; // the RFID cards of the demo customers, one per customer
    QString userEmail;
    QString userPassword;
    QString meterAssetCode; // the smart meter that reports the garage's available power
};

// Fills an empty database with the demo network; refuses a database that has stations.
Result<DemoNetwork> seedDemoNetwork(Repository &repository, AuthService &auth);

// What the garage's smart meter reports at `at`: the power the building leaves to the
// chargers, swinging between about 30 and 54 kW over ten minutes, so load balancing moves.
double demoMeterAvailableW(const QDateTime &at);
// Stores that report as the meter's measurement (load balancing redistributes at once).
Status reportDemoMeter(Repository &repository, const DemoNetwork &demo, const QDateTime &at);

} // namespace ChargeDesk::Core
