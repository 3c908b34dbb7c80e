#include "server/simulator/sessionrun.h"

namespace ChargeDesk::Server::Simulator {

SessionRun::SessionRun(VirtualStation &station, const Plan &plan, QObject *parent)
    : QObject(parent)
    , m_station(station)
    , m_plan(plan)
{
    m_deadline.setSingleShot(true);
    connect(&m_station, &VirtualStation::booted, this, &SessionRun::charge);
    connect(&m_station, &VirtualStation::transactionStarted, this, [this](int connector) {
        if (connector == m_plan.connector && !m_started) {
            m_started = true;
            QTimer::singleShot(m_plan.durationS * 1000, this, &SessionRun::end);
        }
    });
    connect(&m_station, &VirtualStation::idle, this, [this] {
        if (m_ending && !m_station.station().connector(m_plan.connector).transaction)
            emit finished(true);
    });
    // Without a transaction within a minute of the boot the session has failed.
    connect(&m_deadline, &QTimer::timeout, this, [this] {
        if (!m_started)
            emit finished(false);
    });
}

void SessionRun::charge()
{
    if (m_started || m_ending)
        return; // a reconnect boots again; the session goes on
    m_deadline.start(60000);
    m_station.plugIn(m_plan.connector, m_plan.vehicle);
    m_station.presentIdTag(m_plan.connector, m_plan.idTag);
}

void SessionRun::end()
{
    m_ending = true;
    m_station.unplug(m_plan.connector);
}

} // namespace ChargeDesk::Server::Simulator
