#pragma once

#include "core/rating.h"
#include "core/repository.h"

namespace ChargeDesk::Core {

// Everything that governs a session on one connector, resolved from the levels that may
// set it: rating settings charger > operator > site; idle expirations operator > site; the
// currency and closed-verification time from the site. The operator's energy step delta fills
// in a missing energy step, and its monetary session limit caps the rating settings' limit.
struct SessionPolicy
{
    static constexpr qint64 DefaultReadyExpirationS = 180;
    static constexpr qint64 DefaultOngoingExpirationS = 24 * 3600;
    static constexpr qint64 DefaultClosedVerificationS = 120;

    RatingSettings rating;
    QString ratingLevel; // charger, operator, site, or empty when none is set
    QString ratingName;  // the chosen rating settings' name
    qint64 readyExpirationS = DefaultReadyExpirationS;
    qint64 ongoingExpirationS = DefaultOngoingExpirationS;
    qint64 closedVerificationS = DefaultClosedVerificationS;
    // Where the idle times came from: operator, site, or empty for the default.
    QString readyExpirationLevel;
    QString ongoingExpirationLevel;
    QString closedVerificationLevel;
    // Where the energy step and the monetary limit in `rating` came from: the rating settings'
    // level, "operator" for the operator's own energy step delta or monetary session limit, or
    // empty when none is set.
    QString energyStepLevel;
    QString monetaryLimitLevel;
    QString currency; // empty while the site is not set up
    qint64 operatorId = 0;
    bool stationVisible = true;
    bool chargerReservable = false;
    bool connectorsSimultaneous = false;
};

Result<SessionPolicy> sessionPolicy(Repository &repository, qint64 connectorId);
// A station's policy where no charger is named: operator and site levels only.
Result<SessionPolicy> stationPolicy(Repository &repository, qint64 stationId);
// A charger's policy, as its sessions get it (what its details show as effective).
Result<SessionPolicy> chargerPolicy(Repository &repository, qint64 chargerId);

} // namespace ChargeDesk::Core
