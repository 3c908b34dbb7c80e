#pragma once

#include "core/authorization.h"
#include "core/durationscopes.h"
#include "core/energyvalidation.h"
#include "core/rating.h"
#include "core/repository.h"
#include "core/settlement.h"

#include <QDateTime>

namespace ChargeDesk::Core {

class StationService;

// One sampled value, version-neutral and in base units (Wh, W, A, V, %).
struct MeterSample
{
    QDateTime at;
    QString measurand = QStringLiteral("Energy.Active.Import.Register");
    QString phase;
    QString unit;
    QString context;
    double value = 0;
};

// Where a transaction happens: the station's charger (EVSE) and connector numbers.
struct ConnectorRef
{
    qint64 stationId = 0;
    int evseId = 1;
    int connectorNumber = 1;
};

struct TransactionStart
{
    ConnectorRef where;
    QString idToken;
    QString idTokenType;
    QString transactionId; // given by 2.0.1 stations; empty for 1.6 (assigned here)
    std::optional<qint64> meterStartWh;
    QDateTime at;
    QList<MeterSample> samples;       // readings sent with the start (2.0.1 TransactionEvent Started)
    std::optional<int> reservationId; // the OCPP reservation the charger says it used
};

struct StartedTransaction
{
    qint64 sessionId = 0;
    QString transactionId;
    Authorization authorization;
};

// The statuses in which a session holds its connector and its customer (the partial unique
// indexes of migration 0006 list the same; a migration must change both).
inline const QStringList OpenSessionStatuses{QStringLiteral("ready"), QStringLiteral("reserved"),
                                             QStringLiteral("in_progress"), QStringLiteral("limit_reached"),
                                             QStringLiteral("closing")};
// The same statuses as an SQL condition on `column`, for queries that look for open sessions.
QString openStatusCondition(const QString &column = QStringLiteral("status"));
// A session row's duration scopes at nowMs: the stored ones end at the connector's last status
// report, and an open session has spent the time since then in that status's scope too (an
// OCPP 1.6 charger reports Charging once). A closed session's are what was stored.
DurationTimes durationsAt(const Record &session, qint64 nowMs);

// Sessions as the charging infrastructure reports them: authorization of identifiers,
// start, meter values, stop, connector statuses; and their end on the central side.
// Every report is committed before the station gets its answer, and announced after.
//
// A start takes over the session prepared for it (a remote start's Ready session, a
// reservation's Reserved one), reactivates a session the central side closed too early, or
// opens a new one. Every reading is stored; an energy reading that fails validation (see
// energyvalidation.h), or any reading older than the session's last valid one, is stored as
// discarded with its reason and leaves the session alone. A session that reaches a limit of
// its rating settings, or the energy limit of its charger's session default charging profile,
// is marked Limit reached with that limit as its reason and a stop is asked for
// (stopRequested). A stop closes and rates the session, or, with the parking-end strategy, leaves it counting
// park time until its connector is released.
class ChargingSessions final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChargingSessions)

public:
    ChargingSessions(Repository &repository, StationService &stations, const Clock &clock, QObject *parent = nullptr);

    Authorization authorize(const QString &idToken, qint64 stationId = 0);
    Result<StartedTransaction> start(const TransactionStart &request);
    // An identifier presented during a transaction that started without one (2.0.1: plugged
    // in first): an accepted driver becomes the session's customer.
    Authorization authorizeTransaction(qint64 stationId, const QString &transactionId, const QString &idToken,
                                       const QString &idTokenType);
    // Stores the samples (linked to the transaction's session when known) and updates the
    // session's energy, power and state of charge from the valid ones.
    Status meterValues(const ConnectorRef &where, const QString &transactionId, const QList<MeterSample> &samples);
    Status stop(qint64 stationId, const QString &transactionId, std::optional<qint64> meterStopWh, const QDateTime &at,
                const QString &reason, const QList<MeterSample> &samples = {});

    // A connector's status moved on: its open sessions count the time since the last
    // status in that status's duration scope (charge, park, fault, reservation). Available
    // releases the connector (see connectorReleased).
    Status connectorStatus(const ConnectorRef &where, const QString &status, const QDateTime &at);
    // The vehicle left: sessions whose charging ended and that were tracking park time close.
    Status connectorReleased(const ConnectorRef &where, const QDateTime &at);

    // Closes an open session on the central side (idle, forced, reservation over): its
    // durations run to now, its energy is the last valid reading's, and it is rated.
    Status finish(qint64 sessionId, const QString &reason);
    // A Ready session that may not go on (its payment was declined): Refused, nothing rated.
    Status refuse(qint64 sessionId, const QString &reason);
    // The central side asked the charger to stop the session: status Closing (forced) or
    // Limit reached (limitReason), remembered so the idle job can close it if no stop comes.
    Status markStopRequested(qint64 sessionId, const QString &status, const QString &reason);
    // Rates a Rating failed session again (see RatingIdentifierMode).
    Status retryRating(qint64 sessionId, RatingIdentifierMode mode, const QString &identifier = {});

    Settlement &settlement() { return m_settlement; }
    const Authorizer &authorizer() const { return m_authorizer; }

    // Normalises a reading to base units (kWh -> Wh, kW -> W).
    static double toBaseUnit(double value, const QString &unit);

signals:
    void sessionChanged(qint64 sessionId);
    // The charger should stop this session (a limit was reached, a reactivation was refused).
    void stopRequested(qint64 sessionId);

private:
    // What judging and closing a session needs.
    struct TransactionRef
    {
        qint64 sessionId = 0;
        qint64 connectorId = 0;
        QString status;
        qint64 customerId = 0;
        bool stopReported = false;
        qint64 createdAtMs = 0;
        EnergyTrack track;
        std::optional<double> capabilityW; // the connector's wattage limit
        QString scopeStatus;               // the connector status the duration clock counts in
        qint64 scopeSinceMs = 0;
        DurationTimes times;
        bool open() const { return OpenSessionStatuses.contains(status); }
    };
    // The latest valid power and state of charge among stored samples.
    struct Latest
    {
        QVariant powerW;
        QVariant socPercent;
    };
    // Sessions that changed in a transaction, announced once it is committed.
    struct Changes
    {
        QList<qint64> changed;
        QList<qint64> billing;
        QList<qint64> stops;
    };

    // When a start happened (the charger's time) and when we learnt of it.
    struct StartMoment
    {
        qint64 atMs = 0;
        qint64 nowMs = 0;
    };
    // The session a start lands in, with the status and reason of its first event.
    struct StartedSession
    {
        qint64 sessionId = 0;
        QString status;
        QString reason;
    };

    // The steps of start(), in order.
    Result<std::optional<TransactionRef>> preparedSession(qint64 connectorId, const TransactionStart &request,
                                                          qint64 customerId);
    // A session the central side closed too early, found by the start's token.
    Result<std::optional<TransactionRef>> closedTooEarly(const TransactionStart &request);
    // Closes whatever else still holds the connector.
    Status closeSuperseded(qint64 connectorId, qint64 keptSessionId, qint64 atMs, Changes &changes);
    Result<Record> startValues(const TransactionStart &request, qint64 connectorId, const StartMoment &when);
    Result<StartedSession> takeOverPrepared(const TransactionRef &ref, const TransactionStart &request, Record values,
                                            const StartMoment &when, Authorization &authorization, Changes &changes);
    Result<StartedSession> resumeReactivated(const TransactionRef &ref, const TransactionStart &request, Record values,
                                             const StartMoment &when, Authorization &authorization, Changes &changes);
    Result<StartedSession> openSession(Record values, const StartMoment &when, Authorization &auth);
    Status recordStartReading(const TransactionStart &request, qint64 connectorId, qint64 sessionId, qint64 atMs);

    // The session of a station's transaction id (NotFound if there is none).
    Result<TransactionRef> findTransaction(qint64 stationId, const QString &transactionId);
    Result<TransactionRef> sessionRef(const QString &condition, const QVariantList &bindings);
    Result<QList<TransactionRef>> sessionRefs(const QString &condition, const QVariantList &bindings);
    // Stores the samples, judged against the session when there is one (its track moves on).
    Status recordSamples(qint64 connectorId, TransactionRef *session, const QList<MeterSample> &samples,
                         Latest &latest);
    // Closes the sessions on the connector that were tracking park time after their stop.
    Status closeParked(qint64 connectorId, qint64 atMs, Changes &changes);
    // Ends a session at endedAt and rates it.
    Status close(TransactionRef &ref, qint64 endedAt, const QString &reason, Changes &changes);
    // A closed session the charger still reports about, within the grace period and before
    // any stop from the charger, is in progress again; its rating is undone.
    // Whether it was reactivated.
    Result<bool> reactivate(TransactionRef &ref, Changes &changes);
    // Whether the session reached a limit; marks it and asks for a stop when it did.
    Status checkLimits(TransactionRef &ref, Changes &changes);
    Status markStopRequestedIn(qint64 sessionId, const QString &status, const QString &reason);
    Status addEvent(qint64 sessionId, qint64 at, const QString &status, const QString &reason);
    void announce(const Changes &changes);
    static std::optional<qint64> energyRegister(const QList<MeterSample> &samples);

    Repository &m_repository;
    StationService &m_stations;
    const Clock &m_clock;
    Authorizer m_authorizer;
    Settlement m_settlement;
};

} // namespace ChargeDesk::Core
