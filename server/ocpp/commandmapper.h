#pragma once

#include "core/chargepointgateway.h"
#include "server/ocpp/frame.h"

#include <QJsonObject>

#include <variant>

namespace ChargeDesk::Server::Ocpp {

struct MappedCall
{
    QString action;
    QJsonObject payload;
};

// Turns a version-neutral command into the OCPP call of the station's version, or explains
// why it cannot (a missing argument, or a command the version does not have). The payload
// is then checked against the official schema by the session before it is sent.
std::variant<MappedCall, QString> mapCommand(const Core::Command &command, Version version);

} // namespace ChargeDesk::Server::Ocpp
