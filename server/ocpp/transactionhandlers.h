#pragma once

#include "server/ocpp/connection.h"

namespace ChargeDesk::Server::Ocpp {

// Authorize, transactions and meter values: 1.6 StartTransaction / StopTransaction /
// MeterValues and 2.0.1 TransactionEvent / MeterValues, turned into version-neutral calls.
void addTransactionHandlers(HandlerTable &table);

} // namespace ChargeDesk::Server::Ocpp
