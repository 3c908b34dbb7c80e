#include "core/sessiondiagnosis.h"

#include "core/catalog.h"
#include "core/chargingsessions.h"
#include "core/durationscopes.h"

#include <QCoreApplication>

namespace ChargeDesk::Core {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(SessionDiagnosis)
};

constexpr qint64 ShortSessionS = 5 * 60;
constexpr qint64 LowEnergyWh = 5000;

QString kWh(qint64 wh)
{
    return QString::number(double(wh) / 1000.0, 'f', 2);
}

} // namespace

QList<Finding> diagnose(const SessionFacts &f)
{
    QList<Finding> out;
    const auto add = [&](Malfunction m, const char *code, const QString &summary, const QString &advice) {
        out << Finding{m, QLatin1String(code), summary, advice};
    };
    if (f.started && f.overCapability > 0)
        add(Malfunction::EnergyNotProgressing, "energy_not_progressing",
            Tr::tr("%n energy reading(s) were discarded as more than the connector can deliver.", nullptr,
                   f.overCapability),
            f.connectorWattLimit ? Tr::tr("The connector's power limit is %1 W: set it to what the connector really "
                                          "delivers; the next readings then count.")
                                       .arg(*f.connectorWattLimit)
                                 : Tr::tr("Set the connector's power limit to what it really delivers."));
    else if (f.started && f.energyReadings == 0 && f.chargeS > 0)
        add(Malfunction::EnergyNotProgressing, "energy_not_progressing",
            Tr::tr("The charger reported no energy during %n second(s) of charging.", nullptr, int(f.chargeS)),
            Tr::tr("Enable Energy.Active.Import.Register in the station's measurands and a meter value interval "
                   "of 10-60 s."));
    if (f.started && f.energyWh > 0 && f.powerReadings == 0)
        add(Malfunction::NoPowerReadings, "no_power_readings",
            Tr::tr("Energy was delivered, but the charger reported no power or current."),
            Tr::tr("Enable Power.Active.Import and Current.Import in the station's measurands."));
    if (f.authorizationMode == QLatin1String("public_free"))
        add(Malfunction::NoCustomer, "no_customer", Tr::tr("Nobody authorized this session; it is not charged."),
            Tr::tr("If the charger is not meant to be free, check its connection timeout, and disable its "
                   "authorization cache and local lists or bring them up to date."));
    if (f.connectorWattLimit && *f.connectorWattLimit > 0 && f.energyWh > 0 &&
        double(f.energyWh) > double(*f.connectorWattLimit) * double(f.chargeS) / 3600.0 * 1.05)
        add(Malfunction::FalseTimeTracking, "false_time_tracking",
            Tr::tr("%1 kWh in %2 s of charge time is more than the connector can deliver: charging was counted as "
                   "parking or fault time.")
                .arg(kWh(f.energyWh))
                .arg(f.chargeS),
            Tr::tr("Check the connector statuses and their timestamps in the station's OCPP log; update the "
                   "charger's firmware."));
    if (f.faultS > 0)
        add(Malfunction::FaultedConnector, "faulted_connector",
            Tr::tr("The connector was faulted or unavailable for %n second(s).", nullptr, int(f.faultS)),
            Tr::tr("Look for the error codes of the StatusNotification reports in the station's OCPP log."));
    if (f.suspended)
        add(Malfunction::Suspended, "suspended",
            Tr::tr("The connector was suspended (by the vehicle or the charger) during the session."),
            Tr::tr("Often temporary (load balancing, a full battery); the StatusNotification info says why."));
    if (f.status == QLatin1String("rating_failed"))
        add(Malfunction::RatingFailed, "rating_failed", Tr::tr("Rating failed: %1").arg(f.failureReason),
            Tr::tr("Fix the rating settings or the site's currency, then retry rating (the job retries every 30 "
                   "minutes)."));
    if (f.status == QLatin1String("billing_failed"))
        add(Malfunction::BillingFailed, "billing_failed", Tr::tr("Billing failed: %1").arg(f.failureReason),
            Tr::tr("Check the payment provider, then retry billing (the job retries every 30 minutes)."));
    if (!f.started && !f.open && f.status != QLatin1String("refused"))
        add(Malfunction::DidNotStart, "did_not_start",
            Tr::tr("The session was prepared but the charger never reported its start."),
            Tr::tr("Match the charger's connection timeout with the ready-session expiration; check the OCPP log "
                   "for a missing StartTransaction or TransactionEvent."));
    if (f.started && !f.open && !f.stopReported)
        add(Malfunction::Obsolete, "obsolete",
            Tr::tr("The charger stopped reporting; the session was closed without its stop."),
            Tr::tr("Check the station's network and meter value interval (10-60 s), and the ongoing-session "
                   "expiration."));
    if (f.started && !f.open) {
        QStringList why;
        if (f.durationS < ShortSessionS)
            why << Tr::tr("shorter than 5 minutes");
        if (f.energyWh < LowEnergyWh)
            why << Tr::tr("%1 kWh, under 5 kWh").arg(kWh(f.energyWh));
        if (f.amountMinor == 0 && f.authorizationMode != QLatin1String("public_free"))
            why << Tr::tr("no amount");
        if (!why.isEmpty())
            add(Malfunction::Inadequate, "inadequate",
                Tr::tr("Inadequate session: %1.").arg(why.join(QStringLiteral(", "))),
                Tr::tr("See the other findings; a session without an amount needs its rating settings checked."));
    }
    return out;
}

Result<SessionFacts> sessionFacts(Repository &repository, qint64 sessionId, qint64 nowMs)
{
    Database &db = repository.database();
    auto q = db.exec(QStringLiteral("SELECT s.status, s.authorization_mode, s.started_at, s.ended_at, s.energy_wh, "
                                    "s.charge_s, s.park_s, s.fault_s, s.amount_minor, s.stop_reported, "
                                    "s.failure_reason, c.wattage_limit_w, s.transaction_id, s.scope_status, "
                                    "s.scope_since FROM sessions s "
                                    "JOIN connectors c ON c.id = s.connector_id WHERE s.id = ?"),
                     {sessionId});
    if (!q)
        return q.error();
    Rows &r = q.value();
    if (!r.next())
        return Error::notFound(QStringLiteral("Session %1").arg(sessionId));
    SessionFacts f;
    f.status = r.value(0).toString();
    f.authorizationMode = r.value(1).toString();
    f.started = !r.value(12).isNull() && !r.value(2).isNull();
    f.open = OpenSessionStatuses.contains(f.status);
    if (!r.value(2).isNull())
        f.durationS = ((r.value(3).isNull() ? nowMs : r.value(3).toLongLong()) - r.value(2).toLongLong()) / 1000;
    f.energyWh = r.value(4).toLongLong();
    f.chargeS = r.value(5).toLongLong();
    f.parkS = r.value(6).toLongLong();
    f.faultS = r.value(7).toLongLong();
    f.amountMinor = r.value(8).toLongLong();
    f.stopReported = r.value(9).toLongLong() != 0;
    if (f.open && !r.value(14).isNull()) {
        // The stored times end at the last status report; an open session is still in its scope.
        DurationTimes times{f.chargeS, f.parkS, f.faultS, 0};
        accumulate(times, r.value(13).toString(), r.value(14).toLongLong(), nowMs);
        f.chargeS = times.chargeS;
        f.parkS = times.parkS;
        f.faultS = times.faultS;
    }
    f.failureReason = r.value(10).toString();
    if (!r.value(11).isNull())
        f.connectorWattLimit = r.value(11).toLongLong();
    auto readings = db.exec(
        QStringLiteral("SELECT SUM(CASE WHEN measurand = 'Energy.Active.Import.Register' AND valid = 1 AND "
                       "COALESCE(context, '') <> 'Transaction.Begin' THEN 1 ELSE 0 END), SUM(CASE WHEN discard_reason "
                       "= 'over_connector_capability' THEN 1 ELSE 0 END), "
                       "SUM(CASE WHEN measurand IN ('Power.Active.Import', 'Current.Import') THEN 1 ELSE 0 END) "
                       "FROM meter_values WHERE session_id = ?"),
        {sessionId});
    if (!readings)
        return readings.error();
    if (readings.value().next()) {
        f.energyReadings = readings.value().value(0).toInt();
        f.overCapability = readings.value().value(1).toInt();
        f.powerReadings = readings.value().value(2).toInt();
    }
    auto suspended =
        db.exec(QStringLiteral("SELECT 1 FROM session_events WHERE session_id = ? AND status = 'connector' "
                               "AND reason IN ('suspended_ev', 'suspended_evse')"),
                {sessionId});
    if (!suspended)
        return suspended.error();
    f.suspended = suspended.value().next();
    return f;
}

Result<QList<Finding>> stationFindings(Repository &repository, const Actor &actor, qint64 stationId, qint64 nowMs,
                                       int recentSessions)
{
    auto station = repository.get(actor, Tables::Stations, stationId);
    if (!station)
        return station.error();
    QList<Finding> out;
    if (const QString why = station.value().value(QStringLiteral("dlb_failure")).toString(); !why.isEmpty())
        out << Finding{Malfunction::LoadBalancingFailed, QStringLiteral("load_balancing_failed"),
                       Tr::tr("Load balancing cannot control this station: %1").arg(why),
                       Tr::tr("Check that the station accepts charging profiles, or exclude it from its area's load "
                              "balancing.")};

    ListQuery unconfigured;
    unconfigured.filters << ListQuery::Filter{QStringLiteral("charger_id.station_id"), ListQuery::Filter::Op::Equals,
                                              stationId}
                         << ListQuery::Filter{QStringLiteral("needs_review"), ListQuery::Filter::Op::Equals, true};
    auto connectors = repository.list(actor, Tables::Connectors, unconfigured);
    if (!connectors)
        return connectors.error();
    for (const Record &c : connectors.value())
        out << Finding{Malfunction::ConnectorNotConfigured, QStringLiteral("connector_not_configured"),
                       Tr::tr("The station reported connector %1, which nobody has set up.")
                           .arg(c.value(QStringLiteral("connector_number")).toInt()),
                       Tr::tr("Open the connector, set its type and power limits, and save it: until then energy "
                              "readings are checked against defaults.")};

    ListQuery recent;
    recent.filters << ListQuery::Filter{QStringLiteral("connector_id.charger_id.station_id"),
                                        ListQuery::Filter::Op::Equals, stationId};
    recent.orderBy = QStringLiteral("id");
    recent.descending = true;
    recent.limit = recentSessions;
    auto sessions = repository.list(actor, Tables::Sessions, recent);
    if (!sessions)
        return sessions.error();
    // The malfunctions worth a badge on the station: the ones its configuration causes.
    static const QList<Malfunction> recurring{Malfunction::EnergyNotProgressing, Malfunction::NoPowerReadings,
                                              Malfunction::NoCustomer,           Malfunction::FalseTimeTracking,
                                              Malfunction::FaultedConnector,     Malfunction::Obsolete};
    QList<Finding> latest;
    QList<int> counts;
    for (const Record &session : sessions.value()) {
        auto facts = sessionFacts(repository, session.value(QStringLiteral("id")).toLongLong(), nowMs);
        if (!facts)
            return facts.error();
        for (const Finding &finding : diagnose(facts.value())) {
            if (!recurring.contains(finding.malfunction))
                continue;
            const auto seen = std::find_if(latest.cbegin(), latest.cend(),
                                           [&](const Finding &f) { return f.malfunction == finding.malfunction; });
            if (seen == latest.cend()) {
                latest << finding; // the newest session's words, since the list runs newest first
                counts << 1;
            } else {
                ++counts[int(seen - latest.cbegin())];
            }
        }
    }
    for (int i = 0; i < latest.size(); ++i) {
        Finding f = latest.at(i);
        f.summary = Tr::tr("In %1 of the last %n session(s): %2", nullptr, int(sessions.value().size()))
                        .arg(counts.at(i))
                        .arg(f.summary);
        out << f;
    }
    return out;
}

} // namespace ChargeDesk::Core
