#pragma once

#include "core/durationscopes.h"
#include "core/energyvalidation.h"
#include "core/repository.h"

#include <QDateTime>

namespace ChargeDesk::Core {

class StationService;

// How an identifier presented at a charger is judged (the OCPP authorization statuses).
enum class AuthorizationStatus { Accepted, Blocked, Expired, Invalid, ConcurrentTx };
QString authorizationStatusName(AuthorizationStatus status); // "Accepted", ...

struct Authorization
{
    AuthorizationStatus status = AuthorizationStatus::Invalid;
    qint64 customerId = 0;
    qint64 deviceId = 0;
    QDateTime expiresAt;
};

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
    QList<MeterSample> samples; // readings sent with the start (2.0.1 TransactionEvent Started)
};

struct StartedTransaction
{
    qint64 sessionId = 0;
    QString transactionId;
    Authorization authorization;
};

// Sessions as the charging infrastructure reports them: authorization of identifiers,
// start, meter values, stop. Every report is committed before the station gets its answer.
// Every reading is stored; an energy reading that fails validation (see energyvalidation.h),
// or any reading older than the session's last valid one, is stored as discarded with its
// reason and leaves the session alone.
class ChargingSessions final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChargingSessions)

public:
    ChargingSessions(Repository &repository, StationService &stations, const Clock &clock, QObject *parent = nullptr);

    Authorization authorize(const QString &idToken);
    Result<StartedTransaction> start(const TransactionStart &request);
    // Stores the samples (linked to the transaction's session when known) and updates the
    // session's energy, power and state of charge from the valid ones.
    Status meterValues(const ConnectorRef &where, const QString &transactionId, const QList<MeterSample> &samples);
    Status stop(qint64 stationId, const QString &transactionId, std::optional<qint64> meterStopWh, const QDateTime &at,
                const QString &reason, const QList<MeterSample> &samples = {});

    // A connector's status moved on: its active sessions count the time since the last
    // status in that status's duration scope (charge, park, fault, reservation).
    Status connectorStatus(const ConnectorRef &where, const QString &status, const QDateTime &at);

    // Normalises a reading to base units (kWh -> Wh, kW -> W).
    static double toBaseUnit(double value, const QString &unit);

signals:
    void sessionChanged(qint64 sessionId);

private:
    // What judging a session's readings needs.
    struct TransactionRef
    {
        qint64 sessionId = 0;
        qint64 connectorId = 0;
        bool closed = false;
        EnergyTrack track;
        std::optional<double> capabilityW; // the connector's wattage limit
        QString scopeStatus;               // the connector status the duration clock counts in
        qint64 scopeSinceMs = 0;
        DurationTimes times;
    };
    // The latest valid power and state of charge among stored samples.
    struct Latest
    {
        QVariant powerW;
        QVariant socPercent;
    };
    // The session of a station's transaction id (NotFound if there is none).
    Result<TransactionRef> findTransaction(qint64 stationId, const QString &transactionId);
    Result<TransactionRef> sessionRef(const QString &condition, const QVariantList &bindings);
    // Stores the samples, judged against the session when there is one (its track moves on).
    Status recordSamples(qint64 connectorId, TransactionRef *session, const QList<MeterSample> &samples,
                         Latest &latest);
    static std::optional<qint64> energyRegister(const QList<MeterSample> &samples);

    Repository &m_repository;
    StationService &m_stations;
    const Clock &m_clock;
};

} // namespace ChargeDesk::Core
