#pragma once

#include <QString>
#include <QVariantMap>

#include <functional>

namespace ChargeDesk::Core {

// An instruction for a charging station, independent of the OCPP version it speaks.
// `args` uses the neutral names documented in server/ocpp/commandmapper.cpp (evse,
// connector, idToken, location, ...); times are UTC milliseconds or ISO 8601 text.
struct Command
{
    enum class Kind {
        Reset,
        ChangeAvailability,
        UnlockConnector,
        UpdateFirmware,
        UploadDiagnostics, // GetDiagnostics in 1.6, GetLog in 2.0.1
        TriggerMessage,
        GetConfiguration,    // GetConfiguration in 1.6, GetVariables in 2.0.1
        ChangeConfiguration, // ChangeConfiguration in 1.6, SetVariables in 2.0.1
        ClearCache,
        SendLocalList,
        GetLocalListVersion,
        ReserveNow,
        CancelReservation,
        RemoteStart,
        RemoteStop,
        SetChargingProfile,
        ClearChargingProfile,
        GetCompositeSchedule,
        DataTransfer,
        GetBaseReport,       // 2.0.1 only
        SetDisplayMessage,   // 2.0.1 only
        GetDisplayMessages,  // 2.0.1 only
        ClearDisplayMessage, // 2.0.1 only
        // No OCPP call: the central system closes the station's WebSocket, and the station
        // connects again by itself (answered "Closed").
        Disconnect,
    };

    Kind kind;
    QVariantMap args;

    static std::optional<Kind> kindFromName(const QString &name); // "reset", "change-availability", ...
    static QString kindName(Kind kind);
    static QList<Kind> allKinds();
};

// The station's answer to one setting of a change-configuration.
struct SettingResult
{
    // accepted, rejected, reboot_required, not_supported, unknown_component, ... as the station
    // answered; or, when this setting got no answer, the command's outcome name (timed_out, ...).
    QString status;
    QString detail; // the station's reason, or why there was no answer
};

// One configuration key (1.6) or Component/Variable (2.0.1) a get-configuration returned.
struct ConfigurationValue
{
    QString key;
    QString value;
    bool readonly = false;
    int evse = 0; // 2.0.1: the EVSE of the component, 0 for the whole station
    // accepted, or why there is no value: unknown_key (1.6), unknown_component,
    // unknown_variable, rejected, not_supported_attribute_type (2.0.1)
    QString status;
};

// What the station answered.
struct CommandResult
{
    enum class Outcome { Answered, Refused, NotConnected, TimedOut, Invalid, Unsupported };
    Outcome outcome = Outcome::Answered;
    QString status;       // the answer's status ("Accepted", "Rejected", ...) when it has one
    QVariantMap response; // the whole answer
    QString error;        // why, when not answered
    // change-configuration: one result per setting, in the order the command listed them.
    QList<SettingResult> settings;
    // get-configuration: what the station returned, known keys and unknown ones alike.
    QList<ConfigurationValue> values;
    // get-composite-schedule: the station's schedule, spelled neutrally (see commandmapper.cpp).
    QVariantMap schedule;
    QString outcomeName() const;
};

// Through this the engine and the windows reach chargers; the OCPP gateway implements it.
class ChargePointGateway
{
public:
    virtual ~ChargePointGateway() = default;
    virtual bool isConnected(qint64 stationId) const = 0;
    virtual void send(qint64 stationId, const Command &command, std::function<void(const CommandResult &)> done) = 0;
};

} // namespace ChargeDesk::Core
