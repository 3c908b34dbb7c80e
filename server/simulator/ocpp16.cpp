#include "server/simulator/ocpp16.h"

#include <QJsonArray>

#include <cmath>

namespace ChargeDesk::Server::Simulator {

namespace {

QString stopReason(StopReason reason)
{
    switch (reason) {
    case StopReason::Local: return QStringLiteral("Local");
    case StopReason::Remote: return QStringLiteral("Remote");
    case StopReason::EVDisconnected: return QStringLiteral("EVDisconnected");
    case StopReason::HardReset: return QStringLiteral("HardReset");
    case StopReason::SoftReset: return QStringLiteral("SoftReset");
    case StopReason::DeAuthorized: return QStringLiteral("DeAuthorized");
    case StopReason::UnlockCommand: return QStringLiteral("UnlockCommand");
    case StopReason::Other: return QStringLiteral("Other");
    }
    return QStringLiteral("Other");
}

QString number(double v)
{
    return QString::number(v, 'f', v == std::floor(v) ? 0 : 1);
}

} // namespace

OutgoingCall Ocpp16::bootNotification(const QString &) const
{
    const StationSpec &s = m_station.spec();
    QJsonObject p{{QStringLiteral("chargePointVendor"), s.vendor},
                  {QStringLiteral("chargePointModel"), s.model},
                  {QStringLiteral("firmwareVersion"), s.firmwareVersion}};
    if (!s.serialNumber.isEmpty())
        p.insert(QStringLiteral("chargePointSerialNumber"), s.serialNumber);
    return {QStringLiteral("BootNotification"), p};
}

QList<OutgoingCall> Ocpp16::statusChanged(int n, std::optional<ConnectorStatus>, ConnectorStatus to)
{
    return {{QStringLiteral("StatusNotification"),
             {{QStringLiteral("connectorId"), n},
              {QStringLiteral("errorCode"),
               to == ConnectorStatus::Faulted ? QStringLiteral("OtherError") : QStringLiteral("NoError")},
              {QStringLiteral("status"), statusName(to)},
              {QStringLiteral("timestamp"), now()}}}};
}

OutgoingCall Ocpp16::authorize(const QString &idTag) const
{
    return {QStringLiteral("Authorize"), {{QStringLiteral("idTag"), idTag}}};
}

AuthorizationResult Ocpp16::authorization(const QJsonObject &response) const
{
    const QJsonObject info = response.value(QLatin1String("idTagInfo")).toObject();
    return {info.value(QLatin1String("status")).toString(),
            QDateTime::fromString(info.value(QLatin1String("expiryDate")).toString(), Qt::ISODateWithMs)};
}

QJsonObject Ocpp16::meterValue(int n, const QStringList &measurands, const QString &context) const
{
    QJsonArray sampled;
    for (const SampledValue &v : m_station.sample(n, measurands)) {
        QJsonObject o{{QStringLiteral("value"), number(v.value)},
                      {QStringLiteral("context"), context},
                      {QStringLiteral("measurand"), v.measurand},
                      {QStringLiteral("unit"), v.unit}};
        if (v.measurand == QLatin1String("SoC"))
            o.insert(QStringLiteral("location"), QStringLiteral("EV"));
        sampled << o;
    }
    return {{QStringLiteral("timestamp"), timestamp(m_station.readingTime())},
            {QStringLiteral("sampledValue"), sampled}};
}

OutgoingCall Ocpp16::transactionStarted(int n)
{
    const Transaction &tx = *m_station.connector(n).transaction;
    QJsonObject p{{QStringLiteral("connectorId"), n},
                  {QStringLiteral("idTag"), tx.idTag},
                  {QStringLiteral("meterStart"), qRound64(tx.meterStartWh)},
                  {QStringLiteral("timestamp"), timestamp(tx.started)}};
    if (tx.reservationId)
        p.insert(QStringLiteral("reservationId"), *tx.reservationId);
    return {QStringLiteral("StartTransaction"), p, tx.localId};
}

OutgoingCall Ocpp16::meterValues(int n, const QString &trigger)
{
    const auto &tx = m_station.connector(n).transaction;
    const QString context =
        trigger == QLatin1String("Trigger") ? QStringLiteral("Trigger") : QStringLiteral("Sample.Periodic");
    QJsonObject p{
        {QStringLiteral("connectorId"), n},
        {QStringLiteral("meterValue"),
         QJsonArray{meterValue(n, m_station.configuration().list(QStringLiteral("MeterValuesSampledData")), context)}}};
    return {QStringLiteral("MeterValues"), p, tx ? tx->localId : 0};
}

OutgoingCall Ocpp16::transactionEnded(int n, Transaction &ended, StopReason reason)
{
    QJsonObject p{{QStringLiteral("meterStop"), qRound64(m_station.connector(n).registerWh)},
                  {QStringLiteral("timestamp"), now()},
                  {QStringLiteral("reason"), stopReason(reason)},
                  {QStringLiteral("idTag"), ended.idTag},
                  {QStringLiteral("transactionId"), 0}}; // set when sent, see prepare()
    const QStringList measurands = m_station.configuration().list(QStringLiteral("StopTxnSampledData"));
    if (!measurands.isEmpty())
        p.insert(QStringLiteral("transactionData"),
                 QJsonArray{meterValue(n, measurands, QStringLiteral("Transaction.End"))});
    return {QStringLiteral("StopTransaction"), p, ended.localId};
}

OutgoingCall Ocpp16::firmwareStatus(const QString &status, int) const
{
    return {QStringLiteral("FirmwareStatusNotification"), {{QStringLiteral("status"), status}}};
}

OutgoingCall Ocpp16::logStatus(const QString &status, int) const
{
    return {QStringLiteral("DiagnosticsStatusNotification"), {{QStringLiteral("status"), status}}};
}

void Ocpp16::prepare(OutgoingCall &call) const
{
    if (call.transaction == 0 || call.action == QLatin1String("StartTransaction"))
        return;
    // Messages of a transaction whose start was never answered go without its id.
    const qint64 id = m_transactionIds.value(call.transaction, -1);
    if (call.action == QLatin1String("StopTransaction"))
        call.payload.insert(QStringLiteral("transactionId"), id);
    else if (id >= 0)
        call.payload.insert(QStringLiteral("transactionId"), id);
}

void Ocpp16::answered(const OutgoingCall &call, const QJsonObject &response)
{
    if (call.action != QLatin1String("StartTransaction"))
        return;
    const qint64 id = response.value(QLatin1String("transactionId")).toInteger();
    m_transactionIds.insert(call.transaction, id);
    const int n = call.payload.value(QLatin1String("connectorId")).toInt();
    auto &tx = m_station.connector(n).transaction;
    if (!tx || tx->localId != call.transaction)
        return;
    tx->id = QString::number(id);
    const AuthorizationResult auth = authorization(response);
    if (auth.status != QLatin1String("Accepted") &&
        m_station.configuration().boolean(QStringLiteral("StopTransactionOnInvalidId")))
        m_host.stopCharging(n, StopReason::DeAuthorized);
}

} // namespace ChargeDesk::Server::Simulator
