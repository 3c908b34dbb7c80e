#pragma once

#include "server/ocpp/connection.h"

namespace ChargeDesk::Server::Ocpp {

// Boot, heartbeat, status and data transfer: what every station sends, in both versions.
void addCoreHandlers(HandlerTable &table);

// The CALLERROR for a call that core refused: what the station sent was out of bounds
// (PropertyConstraintViolation), or the fault is ours (InternalError).
CallFailure callFailure(const Core::Error &error);

// ISO 8601 times as OCPP writes them; an invalid or missing time is an invalid QDateTime.
QDateTime parseOcppTime(const QJsonValue &value);
QString ocppTime(const QDateTime &at);

} // namespace ChargeDesk::Server::Ocpp
