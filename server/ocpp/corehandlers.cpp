#include "server/ocpp/corehandlers.h"

#include "core/chargingsessions.h"
#include "core/stationservice.h"

#include <QJsonObject>

namespace ChargeDesk::Server::Ocpp {

namespace {

// The station side's clock (the engine's), so that the time a station is given and the times
// its reports are judged by are the same, and tests can move it.
QString now(StationConnection &connection)
{
    return ocppTime(connection.stations().clock().now());
}

// OCPP 1.6 ChargePointStatus and 2.0.1 ConnectorStatusEnumType -> catalog status.
QString neutralStatus(const QString &status)
{
    static const QHash<QString, QString> map{{QStringLiteral("Available"), QStringLiteral("available")},
                                             {QStringLiteral("Preparing"), QStringLiteral("preparing")},
                                             {QStringLiteral("Occupied"), QStringLiteral("preparing")},
                                             {QStringLiteral("Charging"), QStringLiteral("charging")},
                                             {QStringLiteral("SuspendedEVSE"), QStringLiteral("suspended_evse")},
                                             {QStringLiteral("SuspendedEV"), QStringLiteral("suspended_ev")},
                                             {QStringLiteral("Finishing"), QStringLiteral("finishing")},
                                             {QStringLiteral("Reserved"), QStringLiteral("reserved")},
                                             {QStringLiteral("Unavailable"), QStringLiteral("unavailable")},
                                             {QStringLiteral("Faulted"), QStringLiteral("faulted")}};
    return map.value(status, QStringLiteral("unknown"));
}

HandlerResult accepted(Core::Status status)
{
    if (!status)
        return callFailure(status.error());
    return QJsonObject();
}

// The connector's status, and the duration scopes of the sessions on it. A 2.0.1 connector
// is only Available or Occupied while it charges; its sessions follow the chargingState of
// their TransactionEvents instead (see transactionhandlers.cpp).
HandlerResult recordStatus(StationConnection &connection, const Core::StatusReport &report)
{
    const qint64 station = connection.link().stationId;
    if (Core::Status s = connection.stations().recordStatus(station, report); !s)
        return accepted(s);
    const bool followsTransactions =
        connection.version() == Version::V201 &&
        (report.status == QLatin1String("available") || report.status == QLatin1String("occupied"));
    if (report.connectorNumber == 0)
        return QJsonObject();
    if (followsTransactions) {
        // Available: the vehicle left, which ends a session tracking park time.
        if (report.status != QLatin1String("available"))
            return QJsonObject();
        return accepted(connection.chargingSessions().connectorReleased(
            {station, report.evseId, report.connectorNumber}, report.at));
    }
    return accepted(connection.chargingSessions().connectorStatus({station, report.evseId, report.connectorNumber},
                                                                  report.status, report.at));
}

HandlerResult boot16(StationConnection &connection, const QJsonObject &p)
{
    const Core::BootReport report{p.value(QStringLiteral("chargePointVendor")).toString(),
                                  p.value(QStringLiteral("chargePointModel")).toString(),
                                  p.value(QStringLiteral("chargePointSerialNumber"))
                                      .toString(p.value(QStringLiteral("chargeBoxSerialNumber")).toString()),
                                  p.value(QStringLiteral("firmwareVersion")).toString(),
                                  p.value(QStringLiteral("iccid")).toString(),
                                  p.value(QStringLiteral("imsi")).toString()};
    if (Core::Status s = connection.stations().recordBoot(connection.link().stationId, report); !s)
        return callFailure(s.error());
    return QJsonObject{{QStringLiteral("status"), QStringLiteral("Accepted")},
                       {QStringLiteral("currentTime"), now(connection)},
                       {QStringLiteral("interval"), connection.options().heartbeatIntervalS}};
}

HandlerResult boot201(StationConnection &connection, const QJsonObject &p)
{
    const QJsonObject station = p.value(QStringLiteral("chargingStation")).toObject();
    const QJsonObject modem = station.value(QStringLiteral("modem")).toObject();
    const Core::BootReport report{station.value(QStringLiteral("vendorName")).toString(),
                                  station.value(QStringLiteral("model")).toString(),
                                  station.value(QStringLiteral("serialNumber")).toString(),
                                  station.value(QStringLiteral("firmwareVersion")).toString(),
                                  modem.value(QStringLiteral("iccid")).toString(),
                                  modem.value(QStringLiteral("imsi")).toString()};
    if (Core::Status s = connection.stations().recordBoot(connection.link().stationId, report); !s)
        return callFailure(s.error());
    return QJsonObject{{QStringLiteral("status"), QStringLiteral("Accepted")},
                       {QStringLiteral("currentTime"), now(connection)},
                       {QStringLiteral("interval"), connection.options().heartbeatIntervalS}};
}

HandlerResult heartbeat(StationConnection &connection, const QJsonObject &)
{
    if (Core::Status s = connection.stations().recordHeartbeat(connection.link().stationId); !s)
        return callFailure(s.error());
    return QJsonObject{{QStringLiteral("currentTime"), now(connection)}};
}

HandlerResult status16(StationConnection &connection, const QJsonObject &p)
{
    Core::StatusReport report;
    report.evseId = 1; // a 1.6 charge point is one charger
    // -1 for a number beyond int, which toInt() would read as 0: the whole charge point.
    report.connectorNumber = p.value(QStringLiteral("connectorId")).toInt(-1);
    report.status = neutralStatus(p.value(QStringLiteral("status")).toString());
    report.errorCode = p.value(QStringLiteral("errorCode")).toString();
    report.info = p.value(QStringLiteral("info")).toString();
    report.at = parseOcppTime(p.value(QStringLiteral("timestamp")));
    return recordStatus(connection, report);
}

HandlerResult status201(StationConnection &connection, const QJsonObject &p)
{
    Core::StatusReport report;
    report.evseId = p.value(QStringLiteral("evseId")).toInt(-1);
    report.connectorNumber = p.value(QStringLiteral("connectorId")).toInt(-1);
    report.status = neutralStatus(p.value(QStringLiteral("connectorStatus")).toString());
    report.at = parseOcppTime(p.value(QStringLiteral("timestamp")));
    if (report.evseId < 1)
        return CallFailure{ErrorCode::PropertyConstraintViolation, QStringLiteral("evseId must be 1 or more.")};
    return recordStatus(connection, report);
}

HandlerResult dataTransfer(StationConnection &, const QJsonObject &)
{
    // No vendor extensions are registered; OCPP's answer for that is UnknownVendorId.
    return QJsonObject{{QStringLiteral("status"), QStringLiteral("UnknownVendorId")}};
}

} // namespace

CallFailure callFailure(const Core::Error &error)
{
    if (error.kind() == Core::Error::Kind::Validation) {
        const QString message = error.fields().isEmpty() ? error.message() : error.fields().first().message;
        return CallFailure{ErrorCode::PropertyConstraintViolation, message};
    }
    return CallFailure{ErrorCode::InternalError, error.message()};
}

QDateTime parseOcppTime(const QJsonValue &value)
{
    QDateTime at = QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
    return at.isValid() ? at.toUTC() : QDateTime();
}

QString ocppTime(const QDateTime &at)
{
    return at.toUTC().toString(Qt::ISODateWithMs);
}

void addCoreHandlers(HandlerTable &table)
{
    table.v16.insert(QStringLiteral("BootNotification"), boot16);
    table.v16.insert(QStringLiteral("Heartbeat"), heartbeat);
    table.v16.insert(QStringLiteral("StatusNotification"), status16);
    table.v16.insert(QStringLiteral("DataTransfer"), dataTransfer);
    table.v201.insert(QStringLiteral("BootNotification"), boot201);
    table.v201.insert(QStringLiteral("Heartbeat"), heartbeat);
    table.v201.insert(QStringLiteral("StatusNotification"), status201);
    table.v201.insert(QStringLiteral("DataTransfer"), dataTransfer);
}

} // namespace ChargeDesk::Server::Ocpp
