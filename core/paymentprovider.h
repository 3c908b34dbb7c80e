#pragma once

#include <QString>

#include <functional>

namespace ChargeDesk::Core {

// One request to the payment provider of pay-now customers. `idempotencyKey` is the same
// when a request is retried, so a provider that did it the first time does not do it twice.
struct PaymentRequest
{
    QString idempotencyKey;
    QString customerCode;
    QString sessionCode;
    qint64 amountMinor = 0;
    QString currency;
    QString authorizationReference; // capture: the authorization being captured
};

struct PaymentOutcome
{
    enum class Result { Approved, Declined, Unavailable };
    Result result = Result::Unavailable;
    QString reference; // the provider's id of the authorization or charge
    QString detail;    // the provider's reason when not approved
    bool approved() const { return result == Result::Approved; }
};

// A card payment provider, as pay-now sessions use one: hold an amount at start
// (authorize), take some or all of a hold at the end (capture), and take money directly
// for what the holds did not cover (charge). Answers arrive later, on the caller's thread.
class PaymentProvider
{
public:
    using Done = std::function<void(const PaymentOutcome &)>;
    virtual ~PaymentProvider() = default;
    virtual void authorize(const PaymentRequest &request, Done done) = 0;
    virtual void capture(const PaymentRequest &request, Done done) = 0;
    virtual void charge(const PaymentRequest &request, Done done) = 0;
};

} // namespace ChargeDesk::Core
