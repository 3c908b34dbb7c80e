#pragma once

#include "core/chargepointgateway.h"
#include "server/ocpp/frame.h"

#include <QDateTime>
#include <QJsonObject>

#include <optional>
#include <variant>

// Neutral arguments, by command (times: UTC milliseconds or ISO 8601 text):
//   reset                  type: "soft" | "hard"
//   change-availability    evse (0 = whole station), connector (optional), operative: bool
//   unlock-connector       evse, connector
//   update-firmware        location, retrieveAt, installAt, retries, retryInterval, requestId
//   upload-diagnostics     location, start, stop, retries, retryInterval, requestId
//   trigger-message        message: boot|diagnostics|firmware|heartbeat|meter|status, evse, connector
//   get-configuration      keys: [..] (2.0.1: "Component/Variable"; empty = all in 1.6)
//   change-configuration   key, value; or settings: [{key, value, evse, connector}] (evse and
//                          connector only in 2.0.1; 1.6 gets one ChangeConfiguration per setting)
//   send-local-list        version, full: bool, entries: [{idToken, status, expiresAt}]
//   reserve-now            reservationId, evse, connector, idToken, expiresAt
//   cancel-reservation     reservationId
//   remote-start           evse, connector, idToken, remoteStartId, chargingProfile (optional:
//                          the set-charging-profile arguments below; its purpose is always tx)
//   remote-stop            transactionId
//   set-charging-profile   evse, connector, id, stackLevel, purpose: charger_total|session_default|tx,
//                          kind: absolute|recurring|relative, recurrency: daily|weekly,
//                          unit: W|A, periods: [{start, limit, phases}], validFrom, validTo,
//                          scheduleStart, duration, transactionId
//   clear-charging-profile id, evse, connector, purpose, stackLevel
//   get-composite-schedule evse, connector, duration, unit
//
// Where a charging profile applies: a 1.6 station is one charger (evse 1) whose connectorId
// is our connector number, so 1.6 takes `connector` when it is given (0 = every connector)
// and `evse` otherwise; 2.0.1 takes `evse`. A charger_total profile limits the whole station,
// and OCPP accepts ChargePointMaxProfile / ChargingStationMaxProfile only on connectorId 0 /
// evseId 0, so it always goes there whatever evse or connector says. 1.6 limits are sent in
// steps of 0.1 (the schema's multipleOf).
//   data-transfer          vendorId, messageId, data
//   get-base-report        requestId, report: full|configuration|summary        (2.0.1)
//   set-display-message    id, message, priority: always|front|normal          (2.0.1)
//   get-display-messages   requestId                                             (2.0.1)
//   clear-display-message  id                                                    (2.0.1)

namespace ChargeDesk::Server::Ocpp {

struct MappedCall
{
    QString action;
    QJsonObject payload;
};

// Turns a version-neutral command into the OCPP call of the station's version, or explains
// why it cannot (a missing argument, or a command the version does not have). A missing time
// argument means `now`. The payload is then checked against the official schema by the
// station's connection before it is sent. The answers are read by commandanswers.h.
std::variant<MappedCall, QString> mapCommand(const Core::Command &command, Version version, const QDateTime &now);

// The settings of a change-configuration: its `settings`, or its single `key` and `value`.
QVariantList configurationSettings(const Core::Command &command);

// OCPP 1.6 changes one key per ChangeConfiguration, so there a change-configuration with
// several settings becomes one command per setting. Every other command stays whole.
QList<Core::Command> splitCommand(const Core::Command &command, Version version);

} // namespace ChargeDesk::Server::Ocpp
