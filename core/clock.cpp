#include "core/clock.h"

namespace ChargeDesk::Core {

QDateTime SystemClock::now() const
{
    return QDateTime::currentDateTimeUtc();
}

} // namespace ChargeDesk::Core
