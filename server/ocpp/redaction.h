#pragma once

#include <QJsonObject>
#include <QString>

namespace ChargeDesk::Server::Ocpp {

// What a log may show of a frame. A CSMS hands chargers secrets inside ordinary calls: the
// FTP password in a firmware or log location, the Basic auth key in ChangeConfiguration
// (AuthorizationKey) or SetVariables (SecurityCtrlr BasicAuthPassword). Logs keep the frame
// and mask the secret, so an operator still sees that one was sent.

// Whether a call of this action can carry a secret, so that other frames skip the walk.
bool mayCarrySecrets(const QString &action);

// The payload with every URL password and every secret configuration value masked.
QJsonObject withoutSecrets(const QJsonObject &payload);

// The serialized CALL with its secrets masked; the text itself when there are none.
QByteArray callWithoutSecrets(const QString &action, const QByteArray &text);

} // namespace ChargeDesk::Server::Ocpp
