#pragma once

#include "core/chargepointgateway.h"
#include "core/entitydef.h"
#include "server/rest/restserver.h"

#include <QUrlQuery>

namespace ChargeDesk::Server::Rest {

// How every controller reads the fields that name things in a request body and writes
// stored rows back, so that one customer or connector is addressed the same way everywhere.

// 400 with one field's message.
Reply invalidField(const QString &field, const QString &message);
// A whole-number query parameter from `min` to `max`, `fallback` when absent; otherwise an
// error naming the parameter (a 400), never a quiet zero for "abc" or a clamped "-5".
Core::Result<qint64> queryInteger(const QUrlQuery &query, const QString &name, qint64 min, qint64 max, qint64 fallback);
bool isWholeNumber(const QJsonValue &value);
// A stored row as JSON: nulls as null, blobs as base64.
QJsonObject recordJson(const Core::EntityDef &def, const Core::Record &record);
// What a station answered to a command, in brief: {outcome, status?, message?}.
QJsonObject stationJson(const Core::CommandResult &result);
// "customer": the customer's code.
Core::Result<Core::Record> customerField(Core::Repository &repository, const Core::Actor &actor,
                                         const QJsonObject &body);
// "connector": the connector's id, or its code with "charger": the charger's code (a connector
// code is unique only within its charger).
Core::Result<qint64> connectorField(Core::Repository &repository, const Core::Actor &actor, const QJsonObject &body);

} // namespace ChargeDesk::Server::Rest
