#include "core/durationscopes.h"

#include <QHash>

#include <cmath>

namespace ChargeDesk::Core {

DurationScope durationScopeOf(const QString &connectorStatus)
{
    static const QHash<QString, DurationScope> scopes{
        {QStringLiteral("charging"), DurationScope::Charge},
        {QStringLiteral("preparing"), DurationScope::Park},
        {QStringLiteral("occupied"), DurationScope::Park},
        {QStringLiteral("suspended_ev"), DurationScope::Park},
        {QStringLiteral("suspended_evse"), DurationScope::Park},
        {QStringLiteral("finishing"), DurationScope::Park},
        {QStringLiteral("available"), DurationScope::Park},
        {QStringLiteral("faulted"), DurationScope::Fault},
        {QStringLiteral("unavailable"), DurationScope::Fault},
        {QStringLiteral("reserved"), DurationScope::Reservation},
    };
    return scopes.value(connectorStatus, DurationScope::None);
}

void accumulate(DurationTimes &times, const QString &connectorStatus, qint64 sinceMs, qint64 atMs)
{
    if (atMs <= sinceMs)
        return;
    const qint64 seconds = std::llround(double(atMs - sinceMs) / 1000.0);
    switch (durationScopeOf(connectorStatus)) {
    case DurationScope::Charge: times.chargeS += seconds; break;
    case DurationScope::Park: times.parkS += seconds; break;
    case DurationScope::Fault: times.faultS += seconds; break;
    case DurationScope::Reservation: times.reservationS += seconds; break;
    case DurationScope::None: break;
    }
}

} // namespace ChargeDesk::Core
