#pragma once

#include <QJsonObject>
#include <QList>
#include <QStringList>

namespace ChargeDesk::Test {

// Runs one of the Node.js peers in tests/peers/ while the caller's event loop keeps
// serving, and returns the JSON lines it printed.
QList<QJsonObject> runNodePeer(const QString &script, const QStringList &arguments, int timeoutMs = 30000);

} // namespace ChargeDesk::Test
