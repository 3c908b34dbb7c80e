#pragma once

#include "core/chargepointgateway.h"
#include "server/ocpp/frame.h"

#include <QJsonObject>

#include <optional>

// A station's answers to the calls of the command mapper (commandmapper.h), read back into
// neutral values for core.
namespace ChargeDesk::Server::Ocpp {

// A change-configuration's answer per setting, in the order of its settings, spelled
// neutrally (accepted, reboot_required, unknown_variable, ...). Empty for other commands.
QList<Core::SettingResult> settingResults(const Core::Command &command, Version version, const QJsonObject &answer);

// A get-configuration's answer, spelled neutrally: 1.6 configurationKey and unknownKey,
// 2.0.1 getVariableResult with keys as "Component/Variable". Empty for other commands.
QList<Core::ConfigurationValue> configurationValues(const Core::Command &command, Version version,
                                                    const QJsonObject &answer);

// A get-composite-schedule's answer, spelled neutrally: {start (UTC ms), duration, unit,
// periods: [{start, limit, phases}]}. Empty for other commands or when no schedule came.
QVariantMap compositeScheduleIn(const Core::Command &command, Version version, const QJsonObject &answer);

// The heartbeat interval a station now works with, when this command's result says so: a
// change of HeartbeatInterval (OCPPCommCtrlr/HeartbeatInterval in 2.0.1) it accepted, or
// the value it returned for that key.
std::optional<int> heartbeatIntervalIn(const Core::Command &command, Version version,
                                       const Core::CommandResult &result);

} // namespace ChargeDesk::Server::Ocpp
