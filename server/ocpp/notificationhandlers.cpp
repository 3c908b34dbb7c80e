#include "server/ocpp/notificationhandlers.h"

namespace ChargeDesk::Server::Ocpp {

namespace {

// The progress report of a long-running operation (firmware, diagnostics, log upload).
Handler progress(const QString &operation)
{
    return [operation](StationConnection &s, const QJsonObject &p) -> HandlerResult {
        s.stations().recordOperationProgress(s.link().stationId, operation,
                                             p.value(QStringLiteral("status")).toString());
        return QJsonObject();
    };
}

HandlerResult acknowledge(StationConnection &, const QJsonObject &)
{
    return QJsonObject();
}

} // namespace

void addNotificationHandlers(HandlerTable &table)
{
    table.v16.insert(QStringLiteral("FirmwareStatusNotification"), progress(QStringLiteral("firmware")));
    table.v16.insert(QStringLiteral("DiagnosticsStatusNotification"), progress(QStringLiteral("diagnostics")));
    table.v201.insert(QStringLiteral("FirmwareStatusNotification"), progress(QStringLiteral("firmware")));
    table.v201.insert(QStringLiteral("LogStatusNotification"), progress(QStringLiteral("log")));
    for (const char *action : {"NotifyEvent", "NotifyReport", "SecurityEventNotification", "ReservationStatusUpdate",
                               "NotifyDisplayMessages"})
        table.v201.insert(QString::fromLatin1(action), acknowledge);
}

} // namespace ChargeDesk::Server::Ocpp
