#pragma once

#include "core/clock.h"
#include "core/paymentprovider.h"
#include "core/rating.h"
#include "core/repository.h"

#include <QObject>
#include <QSet>

namespace ChargeDesk::Core {

// Which rating identifier a rating uses (the specification's retry rating modes).
enum class RatingIdentifierMode { UseExisting, UseExistingElseGenerate, AssignNew, GenerateNew };
std::optional<RatingIdentifierMode> ratingIdentifierModeFromName(const QString &name); // use_existing, ...

// Rates finished sessions and bills pay-now customers. Rating is part of the transaction
// that ends the session; billing talks to the payment provider after it was committed.
//
// A rating is stored under its identifier in session_charges, which no other rating may
// reuse; a prepaid customer's balance is debited in the same transaction. A rating that
// cannot be done (no site currency for a priced session, an identifier already used) leaves
// the session Rating failed with the reason, for a retry.
// A session's cost part by part, for the windows: the stored rating once there is one,
// otherwise what its usage so far costs under the settings that govern it now.
struct RatingBreakdown
{
    bool estimated = true; // not rated yet: an estimate
    QString identifier;    // the rating identifier, once rated
    QString currency;      // empty while the site has none
    QString level;         // where the settings come from: charger, operator, site (estimates)
    Usage usage;
    Charge charge;
};

class Settlement final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Settlement)

public:
    enum class Outcome { Closed, RatingFailed, BillingPending };

    Settlement(Repository &repository, const Clock &clock, QObject *parent = nullptr);

    // No provider: pay-now sessions end Billing failed until one is set.
    void setPaymentProvider(PaymentProvider *provider) { m_provider = provider; }
    PaymentProvider *paymentProvider() const { return m_provider; }

    // Within the caller's transaction: rates the session as it stands (energy and durations
    // already final) and sets its final status: Closed or Rating failed. BillingPending: the
    // session is Closed and a pay-now customer's; call bill() after commit.
    Result<Outcome> rate(qint64 sessionId, RatingIdentifierMode mode = RatingIdentifierMode::UseExisting,
                         const QString &explicitIdentifier = {});
    // Takes a rated pay-now session's amount through the payment provider: captures its
    // holds, charges what they do not cover. Stays (or becomes) Closed, or ends Billing
    // failed with the reason.
    void bill(qint64 sessionId);
    // The breakdown of a session `actor` may see.
    Result<RatingBreakdown> breakdown(const Actor &actor, qint64 sessionId);

signals:
    void sessionChanged(qint64 sessionId);

private:
    void billStep(qint64 sessionId);
    void billingFailed(qint64 sessionId, const QString &why);

    Repository &m_repository;
    const Clock &m_clock;
    PaymentProvider *m_provider = nullptr;
    QSet<qint64> m_billing; // sessions with a provider request in flight
};

} // namespace ChargeDesk::Core
