#pragma once

#include "core/repository.h"

#include <QDateTime>
#include <QHash>

namespace ChargeDesk::Core {

// What the gateway knows about a station once its connection was accepted.
struct StationLink
{
    qint64 stationId = 0;
    QString code;
    QString identifier;
    QString protocol; // "ocpp1.6" or "ocpp2.0.1"
};

// A connection attempt as the gateway saw it; the password is only compared, never kept.
struct ConnectionAttempt
{
    QString identifier;
    bool secure = false;
    std::optional<QString> username;
    std::optional<QString> password;
    QString address;   // the peer's IP address, for the refused-connections list
    QString protocols; // the WebSocket subprotocols it offered, as sent
};

// Boot data as reported by the station, version-neutral.
struct BootReport
{
    QString vendor;
    QString model;
    QString serialNumber;
    QString firmwareVersion;
    QString iccid;
    QString imsi;
};

// A status report for a charger (connectorNumber 0) or one of its connectors.
struct StatusReport
{
    int evseId = 1;
    int connectorNumber = 0;
    QString status; // catalog status: available, preparing, charging, ... faulted
    QString errorCode;
    QString info;
    QDateTime at;
};

// The charging infrastructure as the OCPP gateway sees it: who may connect, and what
// stations report about themselves. Version-neutral; the gateway translates.
class StationService final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StationService)

public:
    // Busy: too many passwords to check right now (a flood of guesses); retry later.
    // Closed: the station was taken out of use (setClosed).
    enum class Refusal { UnknownStation, Disabled, Closed, InsecureTransport, BadCredentials, Busy };
    Q_ENUM(Refusal)

    StationService(Repository &repository, const Clock &clock, QObject *parent = nullptr);

    // The time source of the whole station side (the gateway's handlers read it too).
    const Clock &clock() const { return m_clock; }

    // Decides whether a connection may proceed under the station's connection policy.
    std::variant<StationLink, Refusal> authorizeConnection(const ConnectionAttempt &attempt);

    // Remembers a refused attempt: one row per connection identifier with its count and last
    // time, so that the console can show a charger knocking and offer to add it. Only the
    // latest MaxRefusals identifiers are kept, so that a scanner trying names cannot grow it.
    void recordRefusal(const ConnectionAttempt &attempt, const QString &reason);
    static constexpr int MaxRefusals = 200;

    // Sets (or with an empty password clears) the Basic-auth password of a station.
    Status setCredentials(const Actor &actor, qint64 stationId, const QString &username, const QString &password);
    // Whether the station has a Basic-auth password (the hash never leaves this class).
    bool hasPassword(qint64 stationId);

    // After a restart no station is connected yet, whatever the records said when the
    // process stopped. Only for a database this process has to itself (SQLite); on a shared
    // PostgreSQL database other processes may hold connections.
    Status resetConnections();
    // The database the station records live in, for callers that group writes.
    Database &database() { return m_repository.database(); }
    // Takes a station out of use (operational status Closed: it is refused when it connects,
    // and reports no longer change its status) or back into use. `actor` must be allowed to
    // change the station. A connected station is not disconnected here: the caller does that.
    Status setClosed(const Actor &actor, qint64 stationId, bool closed);

    Status recordConnected(qint64 stationId);
    Status recordDisconnected(qint64 stationId);
    Status recordHeartbeat(qint64 stationId);
    Status recordBoot(qint64 stationId, const BootReport &report);
    // Updates the charger or connector; a connector the station reports but nobody
    // configured yet is created with defaults and flagged for review.
    Status recordStatus(qint64 stationId, const StatusReport &report);

    static QString operationalStatus(const QString &status);
    // A charger's status from its connectors' (the charger itself only reports in 1.6, as
    // connector 0): faulted when one is, unavailable when all are, otherwise the busiest
    // connector's, so that a charger with one car charging reads "charging".
    static QString chargerStatus(const QStringList &connectorStatuses);

    // The connector a station means by (EVSE, connector number); one it reports but nobody
    // configured is created with defaults and flagged for review, as is its charger.
    Result<qint64> connectorFor(qint64 stationId, int evseId, int connectorNumber);

    // Progress of a long operation the station reports (firmware, diagnostics, log).
    void recordOperationProgress(qint64 stationId, const QString &operation, const QString &status);

signals:
    void stationChanged(qint64 stationId);
    void operationProgress(qint64 stationId, const QString &operation, const QString &status);

private:
    Result<qint64> chargerFor(qint64 stationId, int evseId);
    Status updateChargerStatus(qint64 stationId, int evseId, qint64 atMs);
    static QString chargerOperationalStatus(const QString &status);

    Repository &m_repository;
    const Clock &m_clock;
    // Passwords verified once are remembered as a keyed digest, so that a reconnect storm
    // of thousands of stations does not run the KDF thousands of times.
    QHash<qint64, QByteArray> m_verified;
    // The password KDF is deliberately slow, so unknown passwords are checked at most
    // `kdfPerSecond` times a second: a flood of guesses cannot take the gateway's time from
    // the stations that are known (their remembered digests need no KDF).
    static constexpr int kdfPerSecond = 20;
    qint64 m_kdfSecond = 0;
    int m_kdfUsed = 0;
};

} // namespace ChargeDesk::Core
