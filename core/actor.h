#pragma once

#include <QString>

namespace ChargeDesk::Core {

// Who is asking. Every repository call takes one, so that scoping is decided in core and
// not in the windows: an operator-role user only ever sees their operator's data.
struct Actor
{
    qint64 userId = 0;
    QString email;
    bool powerUser = false;
    qint64 operatorId = 0; // non-zero for operator-role users

    static Actor system() { return Actor{.userId = 0, .email = QStringLiteral("system"), .powerUser = true}; }
    // Whoever holds the REST API's bearer token: a power user without a user row.
    static Actor api() { return Actor{.userId = -1, .email = QStringLiteral("api"), .powerUser = true}; }
    bool isScoped() const { return !powerUser; }
};

} // namespace ChargeDesk::Core
