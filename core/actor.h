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

    static Actor system() { return Actor{0, QStringLiteral("system"), true, 0}; }
    bool isScoped() const { return !powerUser; }
};

} // namespace ChargeDesk::Core
