#pragma once

#include "server/ocpp/connection.h"

namespace ChargeDesk::Server::Ocpp {

// Reports a station sends about itself that need no more than an acknowledgement and a
// note for whoever follows the station: firmware and diagnostics/log upload progress,
// events, reports, security events, reservation and display message updates.
void addNotificationHandlers(HandlerTable &table);

} // namespace ChargeDesk::Server::Ocpp
