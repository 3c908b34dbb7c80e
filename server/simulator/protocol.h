#pragma once

#include "server/ocpp/frame.h"
#include "server/simulator/station.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

namespace ChargeDesk::Server::Simulator {

// A call the station sends. Transaction messages carry their transaction's local number,
// so that they can wait offline and, in 1.6, get the CSMS's transactionId when sent.
struct OutgoingCall
{
    QString action;
    QJsonObject payload;
    int transaction = 0; // local transaction number; 0: not a transaction message
};

// A firmware download or a log upload the CSMS asked for, in neutral words.
struct TransferRequest
{
    QString location;
    int requestId = 0;        // 2.0.1; 0 in 1.6, which has none
    int retries = 0;          // further attempts after a failed one
    int retryIntervalS = 30;  // between attempts, when the CSMS does not say
    QDateTime retrieveAt;     // firmware: not before this time
    QDateTime installAt;      // firmware, 2.0.1: installed not before this time (invalid: at once)
    QString fileName;         // log: the name the answer announced
    QDateTime oldest, latest; // log: the window of events it holds (invalid: open)
};

// Why a transaction ends, in neutral words; each version spells them its own way.
enum class StopReason { Local, Remote, EVDisconnected, HardReset, SoftReset, DeAuthorized, UnlockCommand, Other };

// What a protocol needs from the station that runs it: sending, and the actions a CSMS call
// can set off (run after the answer has been sent, as a real charger does).
class StationHost
{
public:
    virtual ~StationHost() = default;
    virtual void send(const OutgoingCall &call) = 0;
    virtual void startCharging(int connector, const QString &idTag, bool remote) = 0;
    virtual void stopCharging(int connector, StopReason reason) = 0;
    virtual void reset(bool hard) = 0;
    virtual void reportStatuses(bool all) = 0; // all: every connector, changed or not
    virtual void configurationChanged() = 0;
    // Firmware updates and log uploads: the host moves the files and reports the statuses.
    virtual void updateFirmware(const TransferRequest &request) = 0;
    virtual void uploadLog(const TransferRequest &request) = 0;
};

// The answer to a CSMS call: a payload, or a CALLERROR; `then` runs after it is sent.
struct Answer
{
    QJsonObject payload;
    std::optional<Ocpp::ErrorCode> error;
    QString description;
    std::function<void()> then;
};

struct AuthorizationResult
{
    QString status;
    QDateTime expiry;
};

// One OCPP version's messages and answers over the station model.
class Protocol
{
public:
    Protocol(Station &station, StationHost &host)
        : m_station(station)
        , m_host(host)
    {}
    virtual ~Protocol() = default;

    static std::unique_ptr<Protocol> create(Ocpp::Version version, Station &station, StationHost &host);

    virtual Ocpp::Version version() const = 0;
    virtual OutgoingCall bootNotification(const QString &reason) const = 0;
    OutgoingCall heartbeat() const { return {QStringLiteral("Heartbeat"), {}}; }
    // What to tell the CSMS when connector n went from `from` to `to`.
    virtual QList<OutgoingCall> statusChanged(int n, std::optional<ConnectorStatus> from, ConnectorStatus to) = 0;
    virtual OutgoingCall authorize(const QString &idTag) const = 0;
    virtual AuthorizationResult authorization(const QJsonObject &response) const = 0;
    virtual OutgoingCall transactionStarted(int n) = 0;
    virtual OutgoingCall meterValues(int n, const QString &trigger) = 0;
    virtual OutgoingCall transactionEnded(int n, Transaction &ended, StopReason reason) = 0;
    virtual OutgoingCall firmwareStatus(const QString &status, int requestId) const = 0;
    virtual OutgoingCall logStatus(const QString &status, int requestId) const = 0;

    // Fills in what only the moment of sending knows (1.6: the CSMS's transactionId).
    virtual void prepare(OutgoingCall &call) const { Q_UNUSED(call) }
    // Learns from the answer to one of the station's calls; may call back the host.
    virtual void answered(const OutgoingCall &call, const QJsonObject &response) = 0;
    virtual Answer handle(const QString &action, const QJsonObject &payload) = 0;

protected:
    static QString timestamp(const QDateTime &at) { return at.toUTC().toString(Qt::ISODateWithMs); }
    QString now() const { return timestamp(m_station.clock().now()); }
    static Answer status(const QString &status) { return {QJsonObject{{QStringLiteral("status"), status}}}; }
    static Answer error(Ocpp::ErrorCode code, const QString &description) { return {{}, code, description, {}}; }
    // Answers Get/ChangeConfiguration and Get/SetVariables share.
    QString changeStatus(Configuration::Change change) const;
    // The calls both versions answer alike (ClearCache, CancelReservation, DataTransfer);
    // nothing for any other action.
    std::optional<Answer> handleCommon(const QString &action, const QJsonObject &payload);
    // The retries and retryInterval that UpdateFirmware, GetDiagnostics and GetLog share.
    static TransferRequest transferRequest(const QJsonObject &payload);
    Answer reserve(int n, int reservationId, const QString &idTag, const QDateTime &expiry);
    bool cancelReservation(int reservationId);

    // What both versions do once a request is read; `parse` reads the request's charging
    // profile for the connector chosen (none: the request has no profile).
    using ProfileParser = std::function<std::optional<InstalledProfile>(int connector)>;
    // `accepted` learns the connector chosen when the start is accepted.
    Answer startRemotely(int requested, const QString &idTag, bool withProfile, const ProfileParser &parse,
                         const std::function<void(int)> &accepted = {});
    Answer stopRemotely(std::optional<int> connector);
    Answer installProfile(int n, const std::optional<InstalledProfile> &profile);
    // SendLocalList: each entry's token read by `token`, its authorization (if any) under `infoKey`.
    Answer updateLocalList(int version, bool full, const QJsonArray &list,
                           const std::function<QString(const QJsonObject &entry)> &token, QLatin1String infoKey);
    // ChargePointMaxProfile / ChargingStationMaxProfile, TxDefaultProfile, TxProfile.
    static std::optional<InstalledProfile::Purpose> purposeNamed(const QString &name);
    Answer clearProfiles(std::optional<qint64> id, std::optional<qint64> where,
                         std::optional<InstalledProfile::Purpose> purpose, std::optional<qint64> level);
    // The composite schedule of connector n (0: the station) and the limit where no profile
    // limits (the connector's rating in the asked unit).
    struct Composite
    {
        Core::CompositeSchedule schedule;
        Core::ProfileValues::Unit unit = Core::ProfileValues::Unit::W;
        double open = 0;
    };
    Composite composite(int n, const QString &unitName, qint64 durationS) const;
    // The schedule's duration, unit and periods, as both versions spell them.
    static QJsonObject scheduleJson(const Composite &c);
    // A request's optional number: absent stays absent.
    static std::optional<qint64> optionalNumber(const QJsonObject &o, QLatin1String key);
    // What a TriggerMessage sends once answered, alike in both versions.
    std::function<void()> triggerMeterValues(int n);
    std::function<void()> triggerFirmwareStatus();
    std::function<void()> triggerLogStatus();

    Station &m_station;
    StationHost &m_host;
};

} // namespace ChargeDesk::Server::Simulator
