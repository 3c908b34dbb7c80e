#pragma once

#include "core/actor.h"
#include "core/chargepointgateway.h"
#include "core/chargingsessions.h"

#include <QTimer>

namespace ChargeDesk::Core {

// What the central side does to sessions, as opposed to what chargers report: remote start
// and force close from the console or the API, the stop requests the engine decides on
// (limits, refused reactivations), and the background jobs: idle sessions every minute,
// rating and billing retries every 30 minutes.
class SessionControl final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SessionControl)

public:
    static constexpr int IdleJobIntervalS = 60;
    static constexpr int RetryJobIntervalS = 30 * 60;

    struct StartOutcome
    {
        qint64 sessionId = 0;
        QString status;        // the session's status once the charger answered (ready or closed)
        CommandResult charger; // what the charger said to RemoteStart
    };
    using StartDone = std::function<void(const Result<StartOutcome> &)>;
    using Done = std::function<void(const Status &)>;

    SessionControl(Repository &repository, ChargingSessions &sessions, ChargePointGateway &gateway, const Clock &clock,
                   QObject *parent = nullptr);

    // A driver's (or an operator's, for a driver) request to charge on a connector. The
    // customer is checked (status, credit, private network), then a Ready session holds the
    // connector and the customer while the charger is asked to start: first request wins.
    // Refused checks are kept as a Refused session. A charger that rejects ends the session
    // at once; one that does not answer leaves it to the ready-session expiration.
    void requestStart(const Actor &actor, qint64 customerId, qint64 connectorId, const StartDone &done);
    // Asks the charger to stop an open session and closes it at once when the charger is
    // not connected or does not accept; an accepted stop gets the closed-verification time
    // to arrive before the idle job closes the session anyway.
    void forceClose(const Actor &actor, qint64 sessionId, const Done &done);
    Status retryRating(const Actor &actor, qint64 sessionId, RatingIdentifierMode mode, const QString &identifier = {});
    Status retryBilling(const Actor &actor, qint64 sessionId);

    // Closes idle Ready and ongoing sessions and the ones whose stop never came; returns how
    // many it closed. Runs every IdleJobIntervalS once jobs are started.
    int runIdleJob();
    // Retries Rating failed and Billing failed sessions; returns how many it retried.
    int runRetryJob();
    void startJobs();
    // Also run by the idle job (reservations expire with idle sessions).
    void setIdleHook(std::function<void()> hook) { m_idleHook = std::move(hook); }
    // The charging profile a remote start on a connector carries, if any (load balancing
    // starts sessions at 0 until their share is known).
    void setStartProfile(std::function<QVariantMap(qint64 connectorId)> profile)
    {
        m_startProfile = std::move(profile);
    }

private:
    struct Target
    {
        qint64 stationId = 0;
        int evseId = 1;
        int connectorNumber = 1;
        QString transactionId;
    };
    Result<Target> targetOf(qint64 sessionId);
    void sendStop(qint64 sessionId, const std::function<void(const CommandResult &)> &answered);
    Result<QString> startToken(qint64 customerId);
    // Holds an amount on a pay-now customer's card for the session; done gets the reason of
    // a refusal, or nothing when the amount is held.
    void placeHold(qint64 sessionId, qint64 amountMinor, const std::function<void(const QString &)> &done);
    // The payment authorization policy of a running pay-now session: its first hold, and
    // under authorization control another each time the held amount is used up; a declined
    // hold stops the session.
    void controlPayment(qint64 sessionId);
    QString status(qint64 sessionId);

    Repository &m_repository;
    ChargingSessions &m_sessions;
    ChargePointGateway &m_gateway;
    const Clock &m_clock;
    QTimer m_idleTimer;
    QTimer m_retryTimer;
    std::function<void()> m_idleHook;
    std::function<QVariantMap(qint64)> m_startProfile;
};

} // namespace ChargeDesk::Core
