#pragma once

#include "server/simulator/virtualstation.h"

#include <QObject>
#include <QTimer>

namespace ChargeDesk::Server::Simulator {

// One scripted charging session on a VirtualStation: once booted, plug a car into
// `connector`, present `idTag`, charge for `durationS` seconds, unplug, wait until every
// message is answered, then finish. Scenario files will chain steps like these.
class SessionRun final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SessionRun)

public:
    struct Plan
    {
        int connector = 1;
        QString idTag;
        int durationS = 60;
        Vehicle vehicle;
    };

    SessionRun(VirtualStation &station, const Plan &plan, QObject *parent = nullptr);

signals:
    void finished(bool ok);

private:
    void charge();
    void end();

    VirtualStation &m_station;
    Plan m_plan;
    bool m_started = false;
    bool m_ending = false;
    QTimer m_deadline;
};

} // namespace ChargeDesk::Server::Simulator
