#include "core/settlement.h"

#include "core/catalog.h"
#include "core/rating.h"
#include "core/sessionpolicy.h"

#include <QPointer>
#include <QUuid>

namespace ChargeDesk::Core {

namespace {

QString newIdentifier()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

} // namespace

std::optional<RatingIdentifierMode> ratingIdentifierModeFromName(const QString &name)
{
    if (name.isEmpty() || name == QLatin1String("use_existing"))
        return RatingIdentifierMode::UseExisting;
    if (name == QLatin1String("use_existing_else_generate"))
        return RatingIdentifierMode::UseExistingElseGenerate;
    if (name == QLatin1String("assign_new"))
        return RatingIdentifierMode::AssignNew;
    if (name == QLatin1String("generate_new"))
        return RatingIdentifierMode::GenerateNew;
    return std::nullopt;
}

Settlement::Settlement(Repository &repository, const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_repository(repository)
    , m_clock(clock)
{}

Result<RatingBreakdown> Settlement::breakdown(const Actor &actor, qint64 sessionId)
{
    // Reading the session as the actor is the scope check: an operator user gets NotFound
    // for another operator's session.
    auto session = m_repository.get(actor, Tables::Sessions, sessionId);
    if (!session)
        return session.error();
    const Record &s = session.value();
    RatingBreakdown b;
    auto stored = m_repository.database().exec(
        QStringLiteral("SELECT rating_identifier, currency, energy_wh, charge_s, rated_park_s, reservation_s, "
                       "energy_minor, charge_minor, park_minor, reservation_minor, amount_minor, home_roaming "
                       "FROM session_charges WHERE session_id = ? ORDER BY id DESC LIMIT 1"),
        {sessionId});
    if (!stored)
        return stored.error();
    if (Rows &row = stored.value(); row.next()) {
        b.estimated = false;
        b.identifier = row.value(0).toString();
        b.currency = row.value(1).toString();
        b.usage =
            Usage{row.value(2).toLongLong(), row.value(3).toLongLong(), s.value(QStringLiteral("park_s")).toLongLong(),
                  row.value(5).toLongLong(), row.value(11).toBool()};
        b.charge = Charge{row.value(6).toLongLong(), row.value(7).toLongLong(),  row.value(8).toLongLong(),
                          row.value(9).toLongLong(), row.value(10).toLongLong(), row.value(4).toLongLong()};
        return b;
    }
    b.usage =
        Usage{s.value(QStringLiteral("energy_wh")).toLongLong(), s.value(QStringLiteral("charge_s")).toLongLong(),
              s.value(QStringLiteral("park_s")).toLongLong(), s.value(QStringLiteral("reservation_s")).toLongLong(),
              s.value(QStringLiteral("authorization_mode")).toString() == QLatin1String("roaming")};
    auto policy = sessionPolicy(m_repository, s.value(QStringLiteral("connector_id")).toLongLong());
    if (!policy)
        return policy.error();
    b.currency = policy.value().currency;
    b.level = policy.value().ratingLevel;
    b.charge = Core::rate(policy.value().rating, b.usage);
    return b;
}

auto Settlement::rate(qint64 sessionId, RatingIdentifierMode mode, const QString &explicitIdentifier) -> Result<Outcome>
{
    if (mode == RatingIdentifierMode::AssignNew && explicitIdentifier.trimmed().isEmpty())
        return Error::validation({{QStringLiteral("identifier"), Settlement::tr("Give the new rating identifier.")}});
    Database &db = m_repository.database();
    auto q = db.exec(QStringLiteral("SELECT s.customer_id, s.authorization_mode, s.connector_id, s.energy_wh, "
                                    "s.charge_s, s.park_s, s.reservation_s, s.rating_identifier, c.payment_type "
                                    "FROM sessions s LEFT JOIN customers c ON c.id = s.customer_id WHERE s.id = ?"),
                     {sessionId});
    if (!q)
        return q.error();
    Rows &row = q.value();
    if (!row.next())
        return Error::notFound(Settlement::tr("Session %1").arg(sessionId));
    const QVariant customerId = row.value(0);
    const QString mode_ = row.value(1).toString();
    const qint64 connectorId = row.value(2).toLongLong();
    Usage usage{row.value(3).toLongLong(), row.value(4).toLongLong(), row.value(5).toLongLong(),
                row.value(6).toLongLong(), mode_ == QLatin1String("roaming")};
    const QString existing = row.value(7).toString();
    const bool payNow = row.value(8).toString() == QLatin1String("pay_now");
    const qint64 now = m_clock.nowMs();

    const auto finish = [&](const QString &status, Record changes, const QString &reason,
                            bool billing = false) -> Result<Outcome> {
        changes.insert(QStringLiteral("status"), status);
        if (Status u = m_repository.update(Actor::system(), Tables::Sessions, sessionId, changes); !u)
            return u.error();
        auto event = m_repository.create(Actor::system(), Tables::SessionEvents,
                                         {{QStringLiteral("session_id"), sessionId},
                                          {QStringLiteral("at"), now},
                                          {QStringLiteral("status"), status},
                                          {QStringLiteral("reason"), reason}});
        if (!event)
            return event.error();
        if (status == QLatin1String("rating_failed"))
            return Outcome::RatingFailed;
        return billing ? Outcome::BillingPending : Outcome::Closed;
    };
    const auto failed = [&](const QString &why) {
        return finish(QStringLiteral("rating_failed"), {{QStringLiteral("failure_reason"), why}}, why);
    };

    // Nobody to charge: recorded, not rated.
    if (mode_ == QLatin1String("public_free") || (customerId.isNull() && !usage.homeRoaming))
        return finish(QStringLiteral("closed"),
                      {{QStringLiteral("amount_minor"), 0},
                       {QStringLiteral("rated_at"), now},
                       {QStringLiteral("failure_reason"), QVariant(QMetaType::fromType<QString>())}},
                      Settlement::tr("Not rated: nobody authorized the session."));

    auto policy = sessionPolicy(m_repository, connectorId);
    if (!policy)
        return policy.error();
    const Charge charge = Core::rate(policy.value().rating, usage);
    if (charge.amountMinor > 0 && policy.value().currency.isEmpty())
        return failed(Settlement::tr("The site's currency is not set."));
    const QString currency = policy.value().currency.isEmpty() ? QStringLiteral("XXX") : policy.value().currency;

    QString identifier;
    switch (mode) {
    case RatingIdentifierMode::UseExisting:
    case RatingIdentifierMode::UseExistingElseGenerate:
        identifier = existing.isEmpty() ? newIdentifier() : existing;
        break;
    case RatingIdentifierMode::AssignNew: identifier = explicitIdentifier.trimmed(); break;
    case RatingIdentifierMode::GenerateNew: identifier = newIdentifier(); break;
    }
    auto used =
        db.exec(QStringLiteral("SELECT session_id FROM session_charges WHERE rating_identifier = ?"), {identifier});
    if (!used)
        return used.error();
    if (used.value().next()) {
        if (used.value().value(0).toLongLong() == sessionId)
            return finish(QStringLiteral("closed"), {{QStringLiteral("failure_reason"), QVariant()}},
                          Settlement::tr("Already rated under %1.").arg(identifier));
        if (mode != RatingIdentifierMode::UseExistingElseGenerate)
            return failed(
                Settlement::tr("The rating identifier %1 is already used by another rating.").arg(identifier));
        identifier = newIdentifier();
    }
    auto inserted =
        db.exec(QStringLiteral(
                    "INSERT INTO session_charges (session_id, rating_identifier, customer_id, currency, energy_wh, "
                    "charge_s, rated_park_s, reservation_s, energy_minor, charge_minor, park_minor, reservation_minor, "
                    "amount_minor, home_roaming, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                {sessionId, identifier, customerId, currency, usage.energyWh, usage.chargeS, charge.ratedParkS,
                 usage.reservationS, charge.energyMinor, charge.chargeMinor, charge.parkMinor, charge.reservationMinor,
                 charge.amountMinor, usage.homeRoaming ? 1 : 0, now});
    if (!inserted)
        return inserted.error();
    if (charge.amountMinor > 0 && !customerId.isNull()) {
        // Prepaid customers pay from their balance; the others are billed (pay-now) or
        // invoiced later (postpaid) from the charge.
        auto debited = db.exec(QStringLiteral("UPDATE customers SET balance_minor = balance_minor - ?, updated_at = ? "
                                              "WHERE id = ? AND payment_type = 'prepaid'"),
                               {charge.amountMinor, now, customerId});
        if (!debited)
            return debited.error();
    }
    const bool billing = payNow && charge.amountMinor > 0;
    // A pay-now session is over once rated; billing only decides whether it stays Closed.
    return finish(QStringLiteral("closed"),
                  {{QStringLiteral("amount_minor"), charge.amountMinor},
                   {QStringLiteral("currency"), currency},
                   {QStringLiteral("rating_identifier"), identifier},
                   {QStringLiteral("rated_at"), now},
                   {QStringLiteral("failure_reason"), QVariant()}},
                  billing ? Settlement::tr("Rated %1 %2, billing.").arg(charge.amountMinor).arg(currency)
                          : Settlement::tr("Rated %1 %2.").arg(charge.amountMinor).arg(currency),
                  billing);
}

void Settlement::bill(qint64 sessionId)
{
    if (m_billing.contains(sessionId))
        return;
    billStep(sessionId);
}

void Settlement::billingFailed(qint64 sessionId, const QString &why)
{
    m_billing.remove(sessionId);
    const qint64 now = m_clock.nowMs();
    Status s = m_repository.database().transaction([&]() -> Status {
        if (Status u = m_repository.update(Actor::system(), Tables::Sessions, sessionId,
                                           {{QStringLiteral("status"), QStringLiteral("billing_failed")},
                                            {QStringLiteral("failure_reason"), why}});
            !u)
            return u;
        auto event = m_repository.create(Actor::system(), Tables::SessionEvents,
                                         {{QStringLiteral("session_id"), sessionId},
                                          {QStringLiteral("at"), now},
                                          {QStringLiteral("status"), QStringLiteral("billing_failed")},
                                          {QStringLiteral("reason"), why}});
        return event ? Status(Ok{}) : Status(event.error());
    });
    if (!s)
        qWarning("session %lld: billing failure not recorded: %s", sessionId, qPrintable(s.error().message()));
    emit sessionChanged(sessionId);
}

void Settlement::billStep(qint64 sessionId)
{
    Database &db = m_repository.database();
    auto q = db.exec(QStringLiteral("SELECT s.status, s.amount_minor, s.currency, s.code, c.code FROM sessions s "
                                    "LEFT JOIN customers c ON c.id = s.customer_id WHERE s.id = ?"),
                     {sessionId});
    if (!q || !q.value().next()) {
        m_billing.remove(sessionId);
        return;
    }
    Rows &row = q.value();
    const QString status = row.value(0).toString();
    if (status != QLatin1String("closed") && status != QLatin1String("billing_failed")) {
        m_billing.remove(sessionId);
        return;
    }
    PaymentRequest request;
    request.currency = row.value(2).toString();
    request.sessionCode = row.value(3).toString();
    request.customerCode = row.value(4).toString();
    const qint64 amount = row.value(1).toLongLong();
    if (!m_provider)
        return billingFailed(sessionId, tr("No payment provider is configured."));
    m_billing.insert(sessionId);
    const qint64 now = m_clock.nowMs();

    // What is taken already, and the next thing to do: capture a hold, or charge the rest.
    qint64 taken = 0;
    qint64 holdId = 0, holdAmount = 0, pendingChargeId = 0;
    QString holdReference;
    auto payments = db.exec(QStringLiteral("SELECT id, kind, status, amount_minor, captured_minor, provider_reference "
                                           "FROM session_payments WHERE session_id = ? ORDER BY id"),
                            {sessionId});
    if (!payments)
        return billingFailed(sessionId, payments.error().message());
    for (Rows &p = payments.value(); p.next();) {
        const QString kind = p.value(1).toString();
        const QString state = p.value(2).toString();
        taken += p.value(4).toLongLong();
        if (kind == QLatin1String("authorization") && state == QLatin1String("authorized") && holdId == 0) {
            holdId = p.value(0).toLongLong();
            holdAmount = p.value(3).toLongLong();
            holdReference = p.value(5).toString();
        } else if (kind == QLatin1String("charge") && state == QLatin1String("pending")) {
            pendingChargeId = p.value(0).toLongLong();
        }
    }
    const qint64 remaining = amount - taken;
    if (remaining <= 0) {
        m_billing.remove(sessionId);
        Status s = db.transaction([&]() -> Status {
            if (status == QLatin1String("billing_failed")) {
                if (Status u = m_repository.update(Actor::system(), Tables::Sessions, sessionId,
                                                   {{QStringLiteral("status"), QStringLiteral("closed")},
                                                    {QStringLiteral("failure_reason"), QVariant()}});
                    !u)
                    return u;
            }
            auto event = m_repository.create(Actor::system(), Tables::SessionEvents,
                                             {{QStringLiteral("session_id"), sessionId},
                                              {QStringLiteral("at"), now},
                                              {QStringLiteral("status"), QStringLiteral("closed")},
                                              {QStringLiteral("reason"), tr("Billed.")}});
            return event ? Status(Ok{}) : Status(event.error());
        });
        if (!s)
            qWarning("session %lld: billing not recorded: %s", sessionId, qPrintable(s.error().message()));
        emit sessionChanged(sessionId);
        return;
    }

    QPointer<Settlement> self(this);
    const auto record = [self, sessionId](qint64 paymentId, const QString &state, qint64 captured,
                                          const PaymentOutcome &outcome) {
        if (!self)
            return;
        auto u = self->m_repository.database().exec(
            QStringLiteral("UPDATE session_payments SET status = ?, captured_minor = ?, "
                           "provider_reference = COALESCE(?, provider_reference), detail = ?, updated_at = ? "
                           "WHERE id = ?"),
            {state, captured,
             outcome.reference.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : outcome.reference, outcome.detail,
             self->m_clock.nowMs(), paymentId});
        if (!u)
            return self->billingFailed(sessionId, u.error().message());
        if (outcome.approved())
            return self->billStep(sessionId);
        self->billingFailed(sessionId,
                            outcome.detail.isEmpty() ? tr("The payment provider did not approve.") : outcome.detail);
    };
    if (holdId != 0) {
        const qint64 capture = std::min(remaining, holdAmount);
        request.amountMinor = capture;
        request.authorizationReference = holdReference;
        request.idempotencyKey = QStringLiteral("%1:capture:%2").arg(request.sessionCode).arg(holdId);
        m_provider->capture(request, [record, holdId, capture](const PaymentOutcome &outcome) {
            // A hold that could not be captured is given up; the rest is charged directly.
            const QString state = outcome.approved() ? QStringLiteral("captured")
                                  : outcome.result == PaymentOutcome::Result::Unavailable
                                      ? QStringLiteral("authorized")
                                      : QStringLiteral("capture_declined");
            record(holdId, state, outcome.approved() ? capture : 0, outcome);
        });
        return;
    }
    // A charge that got no answer is asked again under the same key; a declined one is a
    // new request.
    if (pendingChargeId == 0) {
        auto inserted = db.exec(QStringLiteral("INSERT INTO session_payments (session_id, kind, amount_minor, status, "
                                               "created_at) VALUES (?, 'charge', ?, 'pending', ?) RETURNING id"),
                                {sessionId, remaining, now});
        if (!inserted || !inserted.value().next())
            return billingFailed(sessionId,
                                 inserted ? tr("The payment was not recorded.") : inserted.error().message());
        pendingChargeId = inserted.value().value(0).toLongLong();
    }
    request.amountMinor = remaining;
    request.idempotencyKey = QStringLiteral("%1:charge:%2").arg(request.sessionCode).arg(pendingChargeId);
    m_provider->charge(request, [record, pendingChargeId, remaining](const PaymentOutcome &outcome) {
        const QString state = outcome.approved()                                      ? QStringLiteral("charged")
                              : outcome.result == PaymentOutcome::Result::Unavailable ? QStringLiteral("pending")
                                                                                      : QStringLiteral("declined");
        record(pendingChargeId, state, outcome.approved() ? remaining : 0, outcome);
    });
}

} // namespace ChargeDesk::Core
