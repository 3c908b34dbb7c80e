#include "server/ocpp/transactionhandlers.h"

#include "core/chargingsessions.h"
#include "server/ocpp/corehandlers.h"

#include <QHash>
#include <QJsonArray>

#include <cmath>

namespace ChargeDesk::Server::Ocpp {

namespace {

using Core::MeterSample;

QList<MeterSample> samples16(const QJsonArray &meterValues)
{
    QList<MeterSample> out;
    for (const QJsonValue &mv : meterValues) {
        const QDateTime at = parseOcppTime(mv.toObject().value(QStringLiteral("timestamp")));
        for (const QJsonValue &v : mv.toObject().value(QStringLiteral("sampledValue")).toArray()) {
            const QJsonObject sv = v.toObject();
            if (sv.value(QStringLiteral("format")).toString() == QLatin1String("SignedData"))
                continue;
            bool ok = false;
            const double raw = sv.value(QStringLiteral("value")).toString().toDouble(&ok);
            if (!ok || !std::isfinite(raw))
                continue;
            const QString unit = sv.value(QStringLiteral("unit")).toString(QStringLiteral("Wh"));
            out << MeterSample{
                at,
                sv.value(QStringLiteral("measurand")).toString(QStringLiteral("Energy.Active.Import.Register")),
                sv.value(QStringLiteral("phase")).toString(),
                unit,
                sv.value(QStringLiteral("context")).toString(QStringLiteral("Sample.Periodic")),
                Core::ChargingSessions::toBaseUnit(raw, unit)};
        }
    }
    return out;
}

QList<MeterSample> samples201(const QJsonArray &meterValues)
{
    QList<MeterSample> out;
    for (const QJsonValue &mv : meterValues) {
        const QDateTime at = parseOcppTime(mv.toObject().value(QStringLiteral("timestamp")));
        for (const QJsonValue &v : mv.toObject().value(QStringLiteral("sampledValue")).toArray()) {
            const QJsonObject sv = v.toObject();
            const QJsonObject uom = sv.value(QStringLiteral("unitOfMeasure")).toObject();
            const QString unit = uom.value(QStringLiteral("unit")).toString(QStringLiteral("Wh"));
            const double value = sv.value(QStringLiteral("value")).toDouble() *
                                 std::pow(10.0, uom.value(QStringLiteral("multiplier")).toInt(0));
            if (!std::isfinite(value))
                continue;
            out << MeterSample{
                at,
                sv.value(QStringLiteral("measurand")).toString(QStringLiteral("Energy.Active.Import.Register")),
                sv.value(QStringLiteral("phase")).toString(),
                unit,
                sv.value(QStringLiteral("context")).toString(QStringLiteral("Sample.Periodic")),
                Core::ChargingSessions::toBaseUnit(value, unit)};
        }
    }
    return out;
}

QJsonObject idTagInfo(const Core::Authorization &a)
{
    QJsonObject info{{QStringLiteral("status"), Core::authorizationStatusName16(a.status)}};
    if (a.expiresAt.isValid())
        info.insert(QStringLiteral("expiryDate"), ocppTime(a.expiresAt));
    return info;
}

QJsonObject idTokenInfo(const Core::Authorization &a)
{
    // 2.0.1 names the same statuses alike, and adds some we do not use.
    QJsonObject info{{QStringLiteral("status"), Core::authorizationStatusName(a.status)}};
    if (a.expiresAt.isValid())
        info.insert(QStringLiteral("cacheExpiryDateTime"), ocppTime(a.expiresAt));
    return info;
}

HandlerResult authorize16(StationConnection &s, const QJsonObject &p)
{
    return QJsonObject{
        {QStringLiteral("idTagInfo"),
         idTagInfo(s.chargingSessions().authorize(p.value(QStringLiteral("idTag")).toString(), s.link().stationId))}};
}

HandlerResult authorize201(StationConnection &s, const QJsonObject &p)
{
    const QString token = p.value(QStringLiteral("idToken")).toObject().value(QStringLiteral("idToken")).toString();
    return QJsonObject{
        {QStringLiteral("idTokenInfo"), idTokenInfo(s.chargingSessions().authorize(token, s.link().stationId))}};
}

HandlerResult start16(StationConnection &s, const QJsonObject &p)
{
    const int connector = p.value(QStringLiteral("connectorId")).toInt(-1);
    if (connector < 1)
        return CallFailure{ErrorCode::PropertyConstraintViolation, QStringLiteral("connectorId must be 1 or more.")};
    Core::TransactionStart request;
    request.where = {s.link().stationId, 1, connector};
    request.idToken = p.value(QStringLiteral("idTag")).toString();
    request.idTokenType = QStringLiteral("IdTag");
    request.meterStartWh = p.value(QStringLiteral("meterStart")).toInteger();
    request.at = parseOcppTime(p.value(QStringLiteral("timestamp")));
    if (p.contains(QStringLiteral("reservationId")))
        request.reservationId = p.value(QStringLiteral("reservationId")).toInt();
    auto started = s.chargingSessions().start(request);
    if (!started)
        return callFailure(started.error());
    return QJsonObject{{QStringLiteral("transactionId"), started.value().transactionId.toLongLong()},
                       {QStringLiteral("idTagInfo"), idTagInfo(started.value().authorization)}};
}

HandlerResult stop16(StationConnection &s, const QJsonObject &p)
{
    const QString tx = QString::number(p.value(QStringLiteral("transactionId")).toInteger());
    const auto status =
        s.chargingSessions().stop(s.link().stationId, tx, p.value(QStringLiteral("meterStop")).toInteger(),
                                  parseOcppTime(p.value(QStringLiteral("timestamp"))),
                                  p.value(QStringLiteral("reason")).toString(QStringLiteral("Local")),
                                  samples16(p.value(QStringLiteral("transactionData")).toArray()));
    // A stop for a transaction we never saw is still acknowledged, or the charger would
    // retry it for ever; anything else that failed is ours.
    if (!status && status.error().kind() != Core::Error::Kind::NotFound)
        return callFailure(status.error());
    QJsonObject response;
    if (p.contains(QStringLiteral("idTag")))
        response.insert(
            QStringLiteral("idTagInfo"),
            idTagInfo(s.chargingSessions().authorize(p.value(QStringLiteral("idTag")).toString(), s.link().stationId)));
    return response;
}

HandlerResult meterValues16(StationConnection &s, const QJsonObject &p)
{
    const int connector = p.value(QStringLiteral("connectorId")).toInt(-1);
    const QString tx = p.contains(QStringLiteral("transactionId"))
                           ? QString::number(p.value(QStringLiteral("transactionId")).toInteger())
                           : QString();
    if (connector == 0)
        return QJsonObject(); // the main meter; kept in the message log only
    const auto status = s.chargingSessions().meterValues({s.link().stationId, 1, connector}, tx,
                                                         samples16(p.value(QStringLiteral("meterValue")).toArray()));
    if (!status)
        return callFailure(status.error());
    return QJsonObject();
}

HandlerResult meterValues201(StationConnection &s, const QJsonObject &p)
{
    const int evse = p.value(QStringLiteral("evseId")).toInt(-1);
    if (evse == 0)
        return QJsonObject();
    const auto status = s.chargingSessions().meterValues({s.link().stationId, evse, 1}, QString(),
                                                         samples201(p.value(QStringLiteral("meterValue")).toArray()));
    if (!status)
        return callFailure(status.error());
    return QJsonObject();
}

HandlerResult transactionEvent201(StationConnection &s, const QJsonObject &p)
{
    const QString type = p.value(QStringLiteral("eventType")).toString();
    const QString tx =
        p.value(QStringLiteral("transactionInfo")).toObject().value(QStringLiteral("transactionId")).toString();
    const QJsonObject evse = p.value(QStringLiteral("evse")).toObject();
    const QJsonObject token = p.value(QStringLiteral("idToken")).toObject();
    const QList<MeterSample> samples = samples201(p.value(QStringLiteral("meterValue")).toArray());
    const QDateTime at = parseOcppTime(p.value(QStringLiteral("timestamp")));
    auto &sessions = s.chargingSessions();
    Core::ConnectorRef where{s.link().stationId, evse.value(QStringLiteral("id")).toInt(1),
                             evse.value(QStringLiteral("connectorId")).toInt(1)};

    // 2.0.1 tells whether energy flows in the transaction, not in the connector status.
    static const QHash<QString, QString> chargingStates{
        {QStringLiteral("Charging"), QStringLiteral("charging")},
        {QStringLiteral("EVConnected"), QStringLiteral("occupied")},
        {QStringLiteral("SuspendedEV"), QStringLiteral("suspended_ev")},
        {QStringLiteral("SuspendedEVSE"), QStringLiteral("suspended_evse")},
        {QStringLiteral("Idle"), QStringLiteral("available")}};
    const QString chargingState = chargingStates.value(
        p.value(QStringLiteral("transactionInfo")).toObject().value(QStringLiteral("chargingState")).toString());
    const auto followState = [&]() -> Core::Status {
        if (chargingState.isEmpty())
            return Core::Ok{};
        if (Core::Status followed = sessions.connectorStatus(where, chargingState, at); !followed)
            return followed;
        // The connector itself only reports Occupied; lists and the map show what the
        // transaction says (Idle leaves the connector's own report as it is).
        if (chargingState == QLatin1String("available"))
            return Core::Ok{};
        const QString shown = chargingState == QLatin1String("occupied") ? QStringLiteral("preparing") : chargingState;
        return s.stations().recordStatus(where.stationId,
                                         Core::StatusReport{where.evseId, where.connectorNumber, shown, {}, {}, at});
    };

    std::optional<Core::Authorization> authorization;
    if (type == QLatin1String("Started")) {
        Core::TransactionStart request;
        request.where = where;
        request.idToken = token.value(QStringLiteral("idToken")).toString();
        request.idTokenType = token.value(QStringLiteral("type")).toString();
        request.transactionId = tx;
        request.at = at;
        request.samples = samples;
        if (p.contains(QStringLiteral("reservationId")))
            request.reservationId = p.value(QStringLiteral("reservationId")).toInt();
        for (const MeterSample &sample : samples) {
            if (sample.measurand == QLatin1String("Energy.Active.Import.Register") && sample.phase.isEmpty() &&
                sample.context == QLatin1String("Transaction.Begin"))
                request.meterStartWh = std::llround(sample.value);
        }
        auto started = sessions.start(request);
        if (!started)
            return callFailure(started.error());
        if (!request.idToken.isEmpty())
            authorization = started.value().authorization;
        if (Core::Status moved = followState(); !moved)
            return callFailure(moved.error());
    } else if (type == QLatin1String("Updated")) {
        if (auto stored = sessions.meterValues(where, tx, samples); !stored)
            return callFailure(stored.error());
        if (Core::Status moved = followState(); !moved)
            return callFailure(moved.error());
        if (!token.isEmpty())
            authorization =
                sessions.authorizeTransaction(where.stationId, tx, token.value(QStringLiteral("idToken")).toString(),
                                              token.value(QStringLiteral("type")).toString());
    } else {
        const QString reason = p.value(QStringLiteral("transactionInfo"))
                                   .toObject()
                                   .value(QStringLiteral("stoppedReason"))
                                   .toString(QStringLiteral("Local"));
        if (Core::Status moved = followState(); !moved)
            return callFailure(moved.error());
        const auto stopped = sessions.stop(s.link().stationId, tx, std::nullopt, at, reason, samples);
        if (!stopped && stopped.error().kind() != Core::Error::Kind::NotFound)
            return callFailure(stopped.error());
        if (!stopped) {
            // A transaction we never saw (its start was lost): its readings are still the
            // connector's and are kept, without a session.
            if (auto stored = sessions.meterValues(where, QString(), samples); !stored)
                return callFailure(stored.error());
        }
        if (!token.isEmpty())
            authorization = sessions.authorize(token.value(QStringLiteral("idToken")).toString(), where.stationId);
    }
    QJsonObject response;
    if (authorization)
        response.insert(QStringLiteral("idTokenInfo"), idTokenInfo(*authorization));
    return response;
}

} // namespace

void addTransactionHandlers(HandlerTable &table)
{
    table.v16.insert(QStringLiteral("Authorize"), authorize16);
    table.v16.insert(QStringLiteral("StartTransaction"), start16);
    table.v16.insert(QStringLiteral("StopTransaction"), stop16);
    table.v16.insert(QStringLiteral("MeterValues"), meterValues16);
    table.v201.insert(QStringLiteral("Authorize"), authorize201);
    table.v201.insert(QStringLiteral("TransactionEvent"), transactionEvent201);
    table.v201.insert(QStringLiteral("MeterValues"), meterValues201);
}

} // namespace ChargeDesk::Server::Ocpp
