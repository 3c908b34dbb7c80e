#include "server/simulator/ocpp201.h"

#include <QJsonArray>

namespace ChargeDesk::Server::Simulator {

namespace {

QString connectorStatus(ConnectorStatus s)
{
    switch (s) {
    case ConnectorStatus::Available: return QStringLiteral("Available");
    case ConnectorStatus::Reserved: return QStringLiteral("Reserved");
    case ConnectorStatus::Unavailable: return QStringLiteral("Unavailable");
    case ConnectorStatus::Faulted: return QStringLiteral("Faulted");
    default: return QStringLiteral("Occupied");
    }
}

QString chargingState(ConnectorStatus s)
{
    switch (s) {
    case ConnectorStatus::Charging: return QStringLiteral("Charging");
    case ConnectorStatus::SuspendedEV: return QStringLiteral("SuspendedEV");
    case ConnectorStatus::SuspendedEVSE: return QStringLiteral("SuspendedEVSE");
    case ConnectorStatus::Preparing:
    case ConnectorStatus::Finishing: return QStringLiteral("EVConnected");
    default: return QStringLiteral("Idle");
    }
}

std::pair<QString, QString> stopped(StopReason reason)
{
    switch (reason) {
    case StopReason::Local: return {QStringLiteral("Local"), QStringLiteral("StopAuthorized")};
    case StopReason::Remote: return {QStringLiteral("Remote"), QStringLiteral("RemoteStop")};
    case StopReason::EVDisconnected: return {QStringLiteral("EVDisconnected"), QStringLiteral("EVDeparted")};
    case StopReason::HardReset:
    case StopReason::SoftReset: return {QStringLiteral("ImmediateReset"), QStringLiteral("ResetCommand")};
    case StopReason::DeAuthorized: return {QStringLiteral("DeAuthorized"), QStringLiteral("Deauthorized")};
    case StopReason::UnlockCommand: return {QStringLiteral("Other"), QStringLiteral("UnlockCommand")};
    case StopReason::Other: break;
    }
    return {QStringLiteral("Other"), QStringLiteral("AbnormalCondition")};
}

} // namespace

QJsonObject Ocpp201::idToken(const QString &idTag)
{
    return {{QStringLiteral("idToken"), idTag}, {QStringLiteral("type"), QStringLiteral("ISO14443")}};
}

OutgoingCall Ocpp201::bootNotification(const QString &reason) const
{
    const StationSpec &s = m_station.spec();
    QJsonObject station{{QStringLiteral("vendorName"), s.vendor},
                        {QStringLiteral("model"), s.model},
                        {QStringLiteral("firmwareVersion"), s.firmwareVersion}};
    if (!s.serialNumber.isEmpty())
        station.insert(QStringLiteral("serialNumber"), s.serialNumber);
    return {QStringLiteral("BootNotification"),
            {{QStringLiteral("reason"), reason.isEmpty() ? QStringLiteral("PowerUp") : reason},
             {QStringLiteral("chargingStation"), station}}};
}

QList<OutgoingCall> Ocpp201::statusChanged(int n, std::optional<ConnectorStatus> from, ConnectorStatus to)
{
    QList<OutgoingCall> calls;
    if (!from || connectorStatus(*from) != connectorStatus(to))
        calls << OutgoingCall{QStringLiteral("StatusNotification"),
                              {{QStringLiteral("timestamp"), now()},
                               {QStringLiteral("connectorStatus"), connectorStatus(to)},
                               {QStringLiteral("evseId"), n},
                               {QStringLiteral("connectorId"), 1}}};
    auto &tx = m_station.connector(n).transaction;
    if (from && tx && chargingState(*from) != chargingState(to)) {
        const QJsonObject event =
            transactionEvent(QStringLiteral("Updated"), QStringLiteral("ChargingStateChanged"), n, *tx);
        calls << OutgoingCall{QStringLiteral("TransactionEvent"), event, tx->localId};
    }
    return calls;
}

OutgoingCall Ocpp201::authorize(const QString &idTag) const
{
    return {QStringLiteral("Authorize"), {{QStringLiteral("idToken"), idToken(idTag)}}};
}

AuthorizationResult Ocpp201::authorization(const QJsonObject &response) const
{
    const QJsonObject info = response.value(QLatin1String("idTokenInfo")).toObject();
    return {info.value(QLatin1String("status")).toString(),
            QDateTime::fromString(info.value(QLatin1String("cacheExpiryDateTime")).toString(), Qt::ISODateWithMs)};
}

QJsonObject Ocpp201::meterValue(int n, const QStringList &measurands, const QString &context) const
{
    QJsonArray sampled;
    for (const SampledValue &v : m_station.sample(n, measurands)) {
        QJsonObject o{{QStringLiteral("value"), v.value},
                      {QStringLiteral("context"), context},
                      {QStringLiteral("measurand"), v.measurand},
                      {QStringLiteral("unitOfMeasure"), QJsonObject{{QStringLiteral("unit"), v.unit}}}};
        if (v.measurand == QLatin1String("SoC"))
            o.insert(QStringLiteral("location"), QStringLiteral("EV"));
        sampled << o;
    }
    return {{QStringLiteral("timestamp"), timestamp(m_station.readingTime())},
            {QStringLiteral("sampledValue"), sampled}};
}

QJsonObject Ocpp201::transactionEvent(const QString &type, const QString &trigger, int n, Transaction &tx) const
{
    QJsonObject info{{QStringLiteral("transactionId"), tx.id},
                     {QStringLiteral("chargingState"), chargingState(m_station.status(n))}};
    return {{QStringLiteral("eventType"), type},
            {QStringLiteral("timestamp"), now()},
            {QStringLiteral("triggerReason"), trigger},
            {QStringLiteral("seqNo"), tx.seqNo++},
            {QStringLiteral("transactionInfo"), info},
            {QStringLiteral("evse"), QJsonObject{{QStringLiteral("id"), n}, {QStringLiteral("connectorId"), 1}}}};
}

OutgoingCall Ocpp201::transactionStarted(int n)
{
    Transaction &tx = *m_station.connector(n).transaction;
    QJsonObject event =
        transactionEvent(QStringLiteral("Started"),
                         tx.remoteStarted ? QStringLiteral("RemoteStart") : QStringLiteral("Authorized"), n, tx);
    QJsonObject info = event.value(QLatin1String("transactionInfo")).toObject();
    if (m_remoteStartIds.contains(n))
        info.insert(QStringLiteral("remoteStartId"), m_remoteStartIds.take(n));
    event.insert(QStringLiteral("transactionInfo"), info);
    event.insert(QStringLiteral("idToken"), idToken(tx.idTag));
    if (tx.reservationId)
        event.insert(QStringLiteral("reservationId"), *tx.reservationId);
    event.insert(QStringLiteral("meterValue"),
                 QJsonArray{meterValue(n, {QStringLiteral("Energy.Active.Import.Register")},
                                       QStringLiteral("Transaction.Begin"))});
    return {QStringLiteral("TransactionEvent"), event, tx.localId};
}

OutgoingCall Ocpp201::meterValues(int n, const QString &trigger)
{
    const QStringList measurands = m_station.configuration().list(QStringLiteral("MeterValuesSampledData"));
    const QString context =
        trigger == QLatin1String("Trigger") ? QStringLiteral("Trigger") : QStringLiteral("Sample.Periodic");
    auto &tx = m_station.connector(n).transaction;
    if (!tx)
        return {QStringLiteral("MeterValues"),
                {{QStringLiteral("evseId"), n},
                 {QStringLiteral("meterValue"), QJsonArray{meterValue(n, measurands, context)}}}};
    QJsonObject event = transactionEvent(QStringLiteral("Updated"), trigger, n, *tx);
    event.insert(QStringLiteral("meterValue"), QJsonArray{meterValue(n, measurands, context)});
    return {QStringLiteral("TransactionEvent"), event, tx->localId};
}

OutgoingCall Ocpp201::transactionEnded(int n, Transaction &ended, StopReason reason)
{
    const auto [stoppedReason, trigger] = stopped(reason);
    QJsonObject event = transactionEvent(QStringLiteral("Ended"), trigger, n, ended);
    QJsonObject info = event.value(QLatin1String("transactionInfo")).toObject();
    info.insert(QStringLiteral("stoppedReason"), stoppedReason);
    event.insert(QStringLiteral("transactionInfo"), info);
    event.insert(QStringLiteral("idToken"), idToken(ended.idTag));
    QStringList measurands = m_station.configuration().list(QStringLiteral("StopTxnSampledData"));
    if (!measurands.contains(QLatin1String("Energy.Active.Import.Register")))
        measurands.prepend(QStringLiteral("Energy.Active.Import.Register"));
    event.insert(QStringLiteral("meterValue"),
                 QJsonArray{meterValue(n, measurands, QStringLiteral("Transaction.End"))});
    return {QStringLiteral("TransactionEvent"), event, ended.localId};
}

OutgoingCall Ocpp201::firmwareStatus(const QString &status, int requestId) const
{
    return {QStringLiteral("FirmwareStatusNotification"),
            {{QStringLiteral("status"), status}, {QStringLiteral("requestId"), requestId}}};
}

OutgoingCall Ocpp201::logStatus(const QString &status, int requestId) const
{
    return {QStringLiteral("LogStatusNotification"),
            {{QStringLiteral("status"), status}, {QStringLiteral("requestId"), requestId}}};
}

void Ocpp201::answered(const OutgoingCall &call, const QJsonObject &response)
{
    if (call.action != QLatin1String("TransactionEvent") || !response.contains(QLatin1String("idTokenInfo")))
        return;
    const AuthorizationResult auth = authorization(response);
    const int n = call.payload.value(QLatin1String("evse")).toObject().value(QLatin1String("id")).toInt();
    const auto &tx = m_station.connector(n).transaction;
    if (tx && tx->localId == call.transaction && auth.status != QLatin1String("Accepted") &&
        m_station.configuration().boolean(QStringLiteral("StopTransactionOnInvalidId")))
        m_host.stopCharging(n, StopReason::DeAuthorized);
}

} // namespace ChargeDesk::Server::Simulator
