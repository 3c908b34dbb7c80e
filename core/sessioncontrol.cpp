#include "core/sessioncontrol.h"

#include "core/catalog.h"
#include "core/rating.h"
#include "core/sessionpolicy.h"

#include <QHash>
#include <QLoggingCategory>
#include <QPointer>
#include <QRandomGenerator>
#include <QUuid>

Q_LOGGING_CATEGORY(lcControl, "chargedesk.sessions")

namespace ChargeDesk::Core {

namespace {

// Connector statuses that mean a vehicle is plugged in.
bool occupied(const QString &connectorStatus)
{
    static const QStringList statuses{QStringLiteral("preparing"),    QStringLiteral("occupied"),
                                      QStringLiteral("suspended_ev"), QStringLiteral("suspended_evse"),
                                      QStringLiteral("finishing"),    QStringLiteral("charging")};
    return statuses.contains(connectorStatus);
}

Error conflict(const QString &message)
{
    return Error(Error::Kind::Conflict, message);
}

} // namespace

QString SessionControl::status(qint64 sessionId)
{
    auto q = m_repository.database().exec(QStringLiteral("SELECT status FROM sessions WHERE id = ?"), {sessionId});
    return q && q.value().next() ? q.value().value(0).toString() : QString();
}

SessionControl::SessionControl(Repository &repository, ChargingSessions &sessions, ChargePointGateway &gateway,
                               const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_repository(repository)
    , m_sessions(sessions)
    , m_gateway(gateway)
    , m_clock(clock)
{
    connect(&m_sessions, &ChargingSessions::stopRequested, this, [this](qint64 sessionId) {
        sendStop(sessionId, [sessionId](const CommandResult &result) {
            qCInfo(lcControl, "session %lld: stop requested, charger: %s %s", sessionId,
                   qPrintable(result.outcomeName()), qPrintable(result.status));
        });
    });
    connect(&m_sessions, &ChargingSessions::sessionChanged, this, &SessionControl::controlPayment);
    m_idleTimer.setInterval(IdleJobIntervalS * 1000);
    m_retryTimer.setInterval(RetryJobIntervalS * 1000);
    connect(&m_idleTimer, &QTimer::timeout, this, &SessionControl::runIdleJob);
    connect(&m_retryTimer, &QTimer::timeout, this, &SessionControl::runRetryJob);
}

void SessionControl::startJobs()
{
    m_idleTimer.start();
    m_retryTimer.start();
}

auto SessionControl::targetOf(qint64 sessionId) -> Result<Target>
{
    auto q = m_repository.database().exec(
        QStringLiteral("SELECT ch.station_id, ch.evse_id, c.connector_number, s.transaction_id FROM sessions s "
                       "JOIN connectors c ON c.id = s.connector_id JOIN chargers ch ON ch.id = c.charger_id "
                       "WHERE s.id = ?"),
        {sessionId});
    if (!q)
        return q.error();
    if (!q.value().next())
        return Error::notFound(SessionControl::tr("Session %1").arg(sessionId));
    Rows &r = q.value();
    return Target{r.value(0).toLongLong(), r.value(1).toInt(), r.value(2).toInt(), r.value(3).toString()};
}

void SessionControl::sendStop(qint64 sessionId, const std::function<void(const CommandResult &)> &answered)
{
    auto target = targetOf(sessionId);
    CommandResult notSent;
    notSent.outcome = CommandResult::Outcome::NotConnected;
    if (!target || target.value().transactionId.isEmpty() || !m_gateway.isConnected(target.value().stationId)) {
        notSent.error = target ? tr("The station is not connected.") : target.error().message();
        answered(notSent);
        return;
    }
    m_gateway.send(
        target.value().stationId,
        Command{Command::Kind::RemoteStop, {{QStringLiteral("transactionId"), target.value().transactionId}}},
        answered);
}

Result<QString> SessionControl::startToken(qint64 customerId)
{
    // The customer's own card when there is one, so the charger's later reports name it;
    // otherwise a token of our own, short enough for a 1.6 idTag.
    auto device = m_repository.database().exec(
        QStringLiteral("SELECT identifier FROM id_devices WHERE customer_id = ? AND COALESCE(status, 'active') = "
                       "'active' AND (expires_at IS NULL OR expires_at > ?) AND LENGTH(identifier) <= 20 "
                       "ORDER BY id LIMIT 1"),
        {customerId, m_clock.nowMs()});
    if (!device)
        return device.error();
    if (device.value().next())
        return device.value().value(0).toString();
    return QStringLiteral("CD%1").arg(QRandomGenerator::global()->generate64() & 0xffffffffffffffULL, 14, 16,
                                      QLatin1Char('0'));
}

void SessionControl::requestStart(const Actor &actor, qint64 customerId, qint64 connectorId, const StartDone &done)
{
    auto connector = m_repository.get(actor, Tables::Connectors, connectorId);
    if (!connector)
        return done(connector.error());
    auto charger = m_repository.get(Actor::system(), Tables::Chargers,
                                    connector.value().value(QStringLiteral("charger_id")).toLongLong());
    if (!charger)
        return done(charger.error());
    const qint64 stationId = charger.value().value(QStringLiteral("station_id")).toLongLong();
    auto policy = sessionPolicy(m_repository, connectorId);
    if (!policy)
        return done(policy.error());

    Database &db = m_repository.database();
    qint64 sessionId = 0;
    QString token;
    QString refusal;
    QString paymentType;
    Status s = db.transaction([&]() -> Status {
        auto busy = db.exec(QStringLiteral("SELECT id, connector_id, customer_id, status, id_token FROM sessions WHERE "
                                           "(connector_id = ? OR customer_id = ?) AND ") +
                                openStatusCondition(),
                            {connectorId, customerId});
        if (!busy)
            return busy.error();
        for (Rows &r = busy.value(); r.next();) {
            // The customer's own reservation of this connector is what the start uses.
            if (r.value(1).toLongLong() == connectorId && r.value(2).toLongLong() == customerId &&
                r.value(3).toString() == QLatin1String("reserved")) {
                sessionId = r.value(0).toLongLong();
                token = r.value(4).toString();
                continue;
            }
            return r.value(1).toLongLong() == connectorId
                       ? conflict(tr("The connector already has an open session."))
                       : conflict(tr("The customer already has an open session; one at a time."));
        }
        if (sessionId != 0)
            return Ok{};
        const QString status = connector.value().value(QStringLiteral("status")).toString();
        if (policy.value().rating.startRequiresOccupied && !occupied(status))
            return conflict(tr("Plug the vehicle in first: this connector starts only when occupied."));

        Authorization auth = m_sessions.authorizer().authorizeCustomer(customerId, stationId);
        paymentType = auth.paymentType;
        if (auth.accepted() && auth.paymentType == QLatin1String("prepaid")) {
            auto balance = db.exec(QStringLiteral("SELECT balance_minor FROM customers WHERE id = ?"), {customerId});
            if (!balance)
                return balance.error();
            const qint64 credit = balance.value().next() ? balance.value().value(0).toLongLong() : 0;
            if (limitReached(policy.value().rating, Usage{}, true, credit) != LimitReason::None)
                auth.status = AuthorizationStatus::NoCredit;
        }
        if (auth.status == AuthorizationStatus::Invalid && auth.paymentType.isEmpty())
            return Error::notFound(tr("Customer %1").arg(customerId));
        // The customer's refusal is recorded whatever the station's state; a start that would
        // be allowed needs the station to hear it.
        if (auth.accepted() && !m_gateway.isConnected(stationId))
            return conflict(tr("The station is not connected."));
        auto token_ = startToken(customerId);
        if (!token_)
            return token_.error();
        token = token_.value();
        const qint64 now = m_clock.nowMs();
        const QString sessionStatus = auth.accepted() ? QStringLiteral("ready") : QStringLiteral("refused");
        Record values{{QStringLiteral("code"), QUuid::createUuid().toString(QUuid::WithoutBraces)},
                      {QStringLiteral("status"), sessionStatus},
                      {QStringLiteral("authorization_mode"), QStringLiteral("customer")},
                      {QStringLiteral("customer_id"), customerId},
                      {QStringLiteral("connector_id"), connectorId},
                      {QStringLiteral("id_token"), token},
                      {QStringLiteral("id_token_type"), QStringLiteral("Central")},
                      {QStringLiteral("last_event_at"), now},
                      {QStringLiteral("scope_status"), status},
                      {QStringLiteral("scope_since"), now}};
        if (!auth.accepted()) {
            values.insert(QStringLiteral("ended_at"), now);
            values.insert(QStringLiteral("stop_reported"), 1);
            refusal = authorizationStatusName(auth.status);
        }
        auto id = m_repository.create(Actor::system(), Tables::Sessions, values);
        if (!id)
            return id.error();
        sessionId = id.value();
        auto event = m_repository.create(
            Actor::system(), Tables::SessionEvents,
            {{QStringLiteral("session_id"), sessionId},
             {QStringLiteral("at"), now},
             {QStringLiteral("status"), sessionStatus},
             {QStringLiteral("reason"), auth.accepted() ? tr("Start requested") : tr("Refused: %1").arg(refusal)}});
        return event ? Status(Ok{}) : Status(event.error());
    });
    if (!s)
        return done(s.error());
    const bool reserved = status(sessionId) == QLatin1String("reserved");
    emit m_sessions.sessionChanged(sessionId);
    if (!refusal.isEmpty())
        return done(Error(Error::Kind::Forbidden, tr("The customer may not charge here: %1.").arg(refusal)));

    QPointer<SessionControl> self(this);
    Command start{Command::Kind::RemoteStart,
                  {{QStringLiteral("evse"), charger.value().value(QStringLiteral("evse_id"))},
                   {QStringLiteral("connector"), connector.value().value(QStringLiteral("connector_number"))},
                   {QStringLiteral("idToken"), token},
                   {QStringLiteral("remoteStartId"), sessionId}}};
    if (const QVariantMap profile = m_startProfile ? m_startProfile(connectorId) : QVariantMap(); !profile.isEmpty())
        start.args.insert(QStringLiteral("chargingProfile"), profile);
    const auto sendStart = [self, stationId, start, sessionId, reserved, done]() {
        if (!self)
            return;
        self->m_gateway.send(stationId, start, [self, sessionId, reserved, done](const CommandResult &result) {
            if (!self)
                return;
            StartOutcome outcome{sessionId, reserved ? QStringLiteral("reserved") : QStringLiteral("ready"), result};
            // No answer: the charger may still start; the ready expiration decides.
            // A reservation stays the customer's until it runs out.
            const bool rejected = result.outcome != CommandResult::Outcome::TimedOut &&
                                  result.status != QLatin1String("Accepted") && !reserved;
            if (rejected) {
                const QString why = result.status.isEmpty() ? result.outcomeName() : result.status;
                if (Status f = self->m_sessions.finish(sessionId, tr("The charger refused to start: %1").arg(why)); !f)
                    return done(f.error());
                outcome.status = QStringLiteral("closed");
            }
            done(outcome);
        });
    };
    // A pay-now customer under a payment authorization policy starts only with the first
    // amount held on the card; the Ready session keeps the connector meanwhile.
    const RatingSettings &rating = policy.value().rating;
    if (paymentType != QLatin1String("pay_now") || rating.paymentPolicy == RatingSettings::PaymentPolicy::None ||
        reserved)
        return sendStart();
    placeHold(sessionId, rating.paymentAuthAmountMinor, [self, sessionId, sendStart, done](const QString &declined) {
        if (!self)
            return;
        if (declined.isEmpty())
            return sendStart();
        if (Status r = self->m_sessions.refuse(sessionId, tr("Payment authorization declined: %1").arg(declined)); !r)
            return done(r.error());
        done(Error(Error::Kind::Forbidden, tr("The payment authorization was declined: %1").arg(declined)));
    });
}

void SessionControl::placeHold(qint64 sessionId, qint64 amountMinor, const std::function<void(const QString &)> &done)
{
    PaymentProvider *provider = m_sessions.settlement().paymentProvider();
    if (!provider)
        return done(tr("No payment provider is configured."));
    Database &db = m_repository.database();
    auto q = db.exec(QStringLiteral("SELECT s.code, c.code FROM sessions s JOIN customers c ON c.id = s.customer_id "
                                    "WHERE s.id = ?"),
                     {sessionId});
    if (!q || !q.value().next())
        return done(tr("The session is gone."));
    PaymentRequest request;
    request.sessionCode = q.value().value(0).toString();
    request.customerCode = q.value().value(1).toString();
    request.amountMinor = amountMinor;
    auto site = db.exec(QStringLiteral("SELECT currency FROM site_settings ORDER BY id LIMIT 1"));
    request.currency = site && site.value().next() ? site.value().value(0).toString() : QString();
    // The row exists before the request, so a second hold is not asked for while one is pending.
    auto row = db.exec(QStringLiteral("INSERT INTO session_payments (session_id, kind, amount_minor, status, "
                                      "created_at) VALUES (?, 'authorization', ?, 'pending', ?) RETURNING id"),
                       {sessionId, amountMinor, m_clock.nowMs()});
    if (!row || !row.value().next())
        return done(row ? tr("The hold was not recorded.") : row.error().message());
    const qint64 holdId = row.value().value(0).toLongLong();
    request.idempotencyKey = QStringLiteral("%1:authorization:%2").arg(request.sessionCode).arg(holdId);
    QPointer<SessionControl> self(this);
    provider->authorize(request, [self, holdId, done](const PaymentOutcome &outcome) {
        if (!self)
            return;
        auto u = self->m_repository.database().exec(
            QStringLiteral("UPDATE session_payments SET status = ?, provider_reference = ?, detail = ?, updated_at = ? "
                           "WHERE id = ?"),
            {outcome.approved() ? QStringLiteral("authorized") : QStringLiteral("declined"), outcome.reference,
             outcome.detail, self->m_clock.nowMs(), holdId});
        if (!u)
            return done(u.error().message());
        if (outcome.approved())
            return done(QString());
        done(outcome.detail.isEmpty() ? tr("not approved") : outcome.detail);
    });
}

void SessionControl::controlPayment(qint64 sessionId)
{
    if (!m_sessions.settlement().paymentProvider())
        return;
    Database &db = m_repository.database();
    auto q = db.exec(QStringLiteral("SELECT s.status, s.connector_id, s.energy_wh, s.charge_s, s.park_s, "
                                    "s.reservation_s, s.scope_status, s.scope_since FROM sessions s JOIN customers c "
                                    "ON c.id = s.customer_id WHERE s.id = ? AND c.payment_type = 'pay_now' AND "
                                    "s.status = 'in_progress'"),
                     {sessionId});
    if (!q || !q.value().next())
        return;
    Rows &r = q.value();
    auto policy = sessionPolicy(m_repository, r.value(1).toLongLong());
    if (!policy || policy.value().rating.paymentPolicy == RatingSettings::PaymentPolicy::None)
        return;
    const RatingSettings &rating = policy.value().rating;
    DurationTimes times{r.value(3).toLongLong(), r.value(4).toLongLong(), 0, r.value(5).toLongLong()};
    accumulate(times, r.value(6).toString(), r.value(7).toLongLong(),
               std::max(m_clock.nowMs(), r.value(7).toLongLong()));
    const qint64 amount =
        rate(rating, Usage{r.value(2).toLongLong(), times.chargeS, times.parkS, times.reservationS, false}).amountMinor;
    auto holds = db.exec(QStringLiteral("SELECT COALESCE(SUM(CASE WHEN status = 'authorized' THEN amount_minor ELSE 0 "
                                        "END), 0), SUM(CASE WHEN status = 'pending' THEN 1 ELSE 0 END) FROM "
                                        "session_payments WHERE session_id = ? AND kind = 'authorization'"),
                         {sessionId});
    if (!holds || !holds.value().next() || holds.value().value(1).toLongLong() > 0)
        return;
    const qint64 held = holds.value().value(0).toLongLong();
    // The first hold for any policy (a card start has none yet); under authorization control
    // another each time the held amount is used up.
    const bool needed =
        held == 0 || (rating.paymentPolicy == RatingSettings::PaymentPolicy::AuthControl && amount >= held);
    if (!needed)
        return;
    QPointer<SessionControl> self(this);
    placeHold(sessionId, rating.paymentAuthAmountMinor, [self, sessionId](const QString &declined) {
        if (!self || declined.isEmpty())
            return;
        // No more money on the card: the session stops with what was authorized so far.
        if (self->m_sessions.markStopRequested(sessionId, QStringLiteral("limit_reached"),
                                               limitReasonName(LimitReason::Resources)))
            self->sendStop(sessionId, [](const CommandResult &) {});
    });
}

void SessionControl::forceClose(const Actor &actor, qint64 sessionId, const Done &done)
{
    auto session = m_repository.get(actor, Tables::Sessions, sessionId);
    if (!session)
        return done(session.error());
    const QString status = session.value().value(QStringLiteral("status")).toString();
    if (!OpenSessionStatuses.contains(status))
        return done(conflict(tr("The session is not open.")));
    if (status == QLatin1String("ready") || status == QLatin1String("reserved"))
        return done(m_sessions.finish(sessionId, tr("Closed by the operator")));
    if (Status m = m_sessions.markStopRequested(sessionId, QStringLiteral("closing"), tr("Force close requested")); !m)
        return done(m);
    QPointer<SessionControl> self(this);
    sendStop(sessionId, [self, sessionId, done](const CommandResult &result) {
        if (!self)
            return;
        // Accepted: the charger's stop should follow; the idle job closes the session if not.
        if (result.outcome == CommandResult::Outcome::Answered && result.status == QLatin1String("Accepted"))
            return done(Ok{});
        const QString why = result.status.isEmpty() ? result.outcomeName() : result.status;
        done(self->m_sessions.finish(sessionId, tr("Force closed (charger: %1)").arg(why)));
    });
}

Status SessionControl::retryRating(const Actor &actor, qint64 sessionId, RatingIdentifierMode mode,
                                   const QString &identifier)
{
    if (auto session = m_repository.get(actor, Tables::Sessions, sessionId); !session)
        return session.error();
    return m_sessions.retryRating(sessionId, mode, identifier);
}

Status SessionControl::retryBilling(const Actor &actor, qint64 sessionId)
{
    auto session = m_repository.get(actor, Tables::Sessions, sessionId);
    if (!session)
        return session.error();
    if (session.value().value(QStringLiteral("status")).toString() != QLatin1String("billing_failed"))
        return conflict(tr("Only a session whose billing failed can be billed again."));
    m_sessions.settlement().bill(sessionId);
    return Ok{};
}

int SessionControl::runIdleJob()
{
    if (m_idleHook)
        m_idleHook();
    Database &db = m_repository.database();
    auto q = db.exec(QStringLiteral("SELECT id, connector_id, status, last_event_at, stop_requested_at FROM sessions "
                                    "WHERE status IN ('ready', 'in_progress', 'limit_reached', 'closing')"));
    if (!q) {
        qCWarning(lcControl, "idle job: %s", qPrintable(q.error().message()));
        return 0;
    }
    struct Idle
    {
        qint64 id;
        QString reason;
        bool stop;
    };
    QList<Idle> idle;
    QHash<qint64, SessionPolicy> policies;
    const qint64 now = m_clock.nowMs();
    for (Rows &r = q.value(); r.next();) {
        const qint64 connectorId = r.value(1).toLongLong();
        if (!policies.contains(connectorId)) {
            auto policy = sessionPolicy(m_repository, connectorId);
            if (!policy)
                continue;
            policies.insert(connectorId, policy.value());
        }
        const SessionPolicy &p = policies[connectorId];
        const QString status = r.value(2).toString();
        const qint64 lastEvent = r.value(3).toLongLong();
        if (status == QLatin1String("ready")) {
            if (lastEvent + p.readyExpirationS * 1000 <= now)
                idle << Idle{r.value(0).toLongLong(), tr("Not started within %1 s").arg(p.readyExpirationS), false};
        } else if (!r.value(4).isNull() && r.value(4).toLongLong() + p.closedVerificationS * 1000 <= now) {
            idle << Idle{r.value(0).toLongLong(), tr("The charger did not confirm the stop"), false};
        } else if (lastEvent + p.ongoingExpirationS * 1000 <= now) {
            idle << Idle{r.value(0).toLongLong(), tr("No report for %1 s").arg(p.ongoingExpirationS), true};
        }
    }
    int closed = 0;
    for (const Idle &i : std::as_const(idle)) {
        if (i.stop)
            sendStop(i.id, [](const CommandResult &) {});
        if (Status f = m_sessions.finish(i.id, i.reason); f)
            ++closed;
        else
            qCWarning(lcControl, "idle job: session %lld: %s", i.id, qPrintable(f.error().message()));
    }
    return closed;
}

int SessionControl::runRetryJob()
{
    // Also pay-now sessions whose billing never finished (the process stopped meanwhile).
    auto q = m_repository.database().exec(QStringLiteral(
        "SELECT s.id, s.status FROM sessions s WHERE s.status IN ('rating_failed', 'billing_failed') OR "
        "(s.status = 'closed' AND s.amount_minor > 0 AND s.customer_id IN (SELECT id FROM customers WHERE "
        "payment_type = 'pay_now') AND s.amount_minor > (SELECT COALESCE(SUM(captured_minor), 0) FROM "
        "session_payments p WHERE p.session_id = s.id))"));
    if (!q)
        return 0;
    QList<std::pair<qint64, bool>> failed;
    for (Rows &r = q.value(); r.next();)
        failed.append({r.value(0).toLongLong(), r.value(1).toString() == QLatin1String("rating_failed")});
    for (const auto &[id, rating] : std::as_const(failed)) {
        if (rating)
            m_sessions.retryRating(id, RatingIdentifierMode::UseExisting);
        else
            m_sessions.settlement().bill(id);
    }
    return int(failed.size());
}

} // namespace ChargeDesk::Core
