#include "ui/widgets/computedcolumns.h"

#include "core/catalog.h"
#include "core/chargingsessions.h"
#include "ui/widgets/tr.h"
#include "ui/widgets/valueformat.h"

namespace ChargeDesk::Ui {

namespace {

bool isOpen(const Core::Record &session)
{
    return Core::OpenSessionStatuses.contains(session.value(QStringLiteral("status")).toString());
}

// The time at the connector: charging, parked and faulted. A session without a status report
// yet has no scope to count in, so its time since the start stands in.
qint64 sessionSeconds(const Core::Record &session, qint64 nowMs)
{
    const Core::DurationTimes times = Core::durationsAt(session, nowMs);
    const qint64 scoped = times.chargeS + times.parkS + times.faultS;
    const QVariant started = session.value(QStringLiteral("started_at"));
    if (scoped > 0 || started.isNull() || !isOpen(session))
        return scoped;
    return qMax(qint64(0), (nowMs - started.toLongLong()) / 1000);
}

ComputedColumn sessionDuration()
{
    return {.title = Tr::tr("Duration"),
            .text =
                [](const Core::Record &session, bool display, qint64 nowMs) {
                    const qint64 seconds = sessionSeconds(session, nowMs);
                    return display ? formatDuration(seconds) : QString::number(seconds);
                },
            .live = isOpen};
}

// What a closed session drew last is no power "now".
ComputedColumn sessionPower()
{
    return {.title = Tr::tr("Power now"), .text = [](const Core::Record &session, bool display, qint64) {
                const QVariant power = session.value(QStringLiteral("power_w"));
                if (power.isNull() || !power.isValid())
                    return QString();
                if (!display)
                    return QString::number(power.toLongLong());
                return isOpen(session) ? formatKilowatts(power.toDouble()) : QString();
            }};
}

} // namespace

std::optional<ComputedColumn> computedColumn(const QString &table, const QString &column)
{
    if (table == Core::Tables::Sessions && column == u"duration")
        return sessionDuration();
    if (table == Core::Tables::Sessions && column == u"power_w")
        return sessionPower();
    return std::nullopt;
}

} // namespace ChargeDesk::Ui
