#pragma once

#include "server/ocpp/commandmapper.h"

#include <QDateTime>
#include <QJsonObject>
#include <QVariantMap>

// Inside the command mapper (commandmapper.h): the OCPP 1.6 calls (calls16.cpp), the 2.0.1
// calls (calls201.cpp) and the argument readers both share (calls.cpp). `now` stands in for a
// time argument that is missing.
namespace ChargeDesk::Server::Ocpp {

std::variant<MappedCall, QString> map16(const Core::Command &c, const QDateTime &now);
std::variant<MappedCall, QString> map201(const Core::Command &c, const QDateTime &now);

// A neutral time argument (UTC ms, ISO 8601 text or QDateTime) as OCPP's ISO 8601 UTC text.
QString isoTime(const QDateTime &fallback, const QVariant &value);
void putInt(QJsonObject &o, const char *key, const QVariantMap &args, const char *arg);
QString statusName(const QString &status);
std::pair<QString, QString> componentVariable(const QString &key);
QJsonObject component201(const QString &name, const QVariantMap &setting);
// The connectorId (1.6) or evseId (2.0.1) a profile command addresses; see the note at the top.
int profileTarget(const QVariantMap &a, Version v);
QString ocppPurpose(const QString &purpose, Version v);
QJsonObject chargingProfile(const QVariantMap &a, Version v, const QDateTime &now);
// RemoteStartTransaction / RequestStartTransaction carry a TxProfile for the transaction
// they start, so there is no transaction id yet.
QJsonObject remoteStartProfile(const QVariantMap &a, Version v, const QDateTime &now);
QString triggerName(const QString &message, Version v);

} // namespace ChargeDesk::Server::Ocpp
