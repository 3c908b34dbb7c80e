#include "core/sessionpolicy.h"

#include "core/catalog.h"

#include <initializer_list>
#include <tuple>

namespace ChargeDesk::Core {

namespace {

// The first level's value that is set, and which level that was ("" for the default).
std::pair<qint64, QString> firstSet(std::initializer_list<std::pair<QVariant, const char *>> levels, qint64 fallback)
{
    for (const auto &[value, level] : levels)
        if (!value.isNull())
            return {value.toLongLong(), QLatin1String(level)};
    return {fallback, QString()};
}

// The operator's own session settings over the rating settings in force: its energy step fills
// in where they set none, and its monetary limit caps theirs, since an operator's cap that a
// charger's rating settings could lift would cap nothing.
void applyOperatorLimits(SessionPolicy &policy, const QVariant &energyStepWh, const QVariant &monetaryLimitMinor)
{
    RatingSettings &rating = policy.rating;
    if (!rating.energyStepWh && !energyStepWh.isNull()) {
        rating.energyStepWh = energyStepWh.toLongLong();
        policy.energyStepLevel = QStringLiteral("operator");
    } else if (rating.energyStepWh) {
        policy.energyStepLevel = policy.ratingLevel;
    }
    if (rating.monetaryLimitMinor)
        policy.monetaryLimitLevel = policy.ratingLevel;
    if (!monetaryLimitMinor.isNull() &&
        (!rating.monetaryLimitMinor || monetaryLimitMinor.toLongLong() < *rating.monetaryLimitMinor)) {
        rating.monetaryLimitMinor = monetaryLimitMinor.toLongLong();
        policy.monetaryLimitLevel = QStringLiteral("operator");
    }
}

// The policy of a connector, of a charger (connectorId 0), or of a station without naming a
// charger (both 0).
Result<SessionPolicy> policyFor(Repository &repository, qint64 connectorId, qint64 chargerId, qint64 stationId)
{
    auto q = repository.database().exec(
        QStringLiteral(
            "SELECT ch.rating_settings_id, o.rating_settings_id, site.rating_settings_id, "
            "o.ready_session_expiration_s, o.ongoing_session_expiration_s, site.ready_session_expiration_s, "
            "site.ongoing_session_expiration_s, site.session_closed_verification_s, site.currency, a.operator_id, "
            "st.visible, ch.reservable, ch.connectors_simultaneous, o.energy_step_delta_wh, "
            "o.monetary_session_limit_minor "
            "FROM stations st JOIN areas a ON a.id = st.area_id LEFT JOIN operators o ON o.id = a.operator_id "
            "LEFT JOIN (SELECT * FROM site_settings ORDER BY id LIMIT 1) site ON 1 = 1 "
            "LEFT JOIN connectors c ON c.id = ? LEFT JOIN chargers ch ON ch.id = COALESCE(c.charger_id, ?) "
            "WHERE st.id = COALESCE((SELECT ch2.station_id FROM connectors c2 JOIN chargers ch2 ON ch2.id = "
            "c2.charger_id WHERE c2.id = ?), (SELECT ch3.station_id FROM chargers ch3 WHERE ch3.id = ?), ?)"),
        {connectorId, chargerId, connectorId, chargerId, stationId});
    if (!q)
        return q.error();
    Rows &row = q.value();
    if (!row.next())
        return Error::notFound(connectorId ? QStringLiteral("Connector %1").arg(connectorId)
                                           : QStringLiteral("Station %1").arg(stationId));
    SessionPolicy policy;
    static const char *const levels[] = {"charger", "operator", "site"};
    for (int i = 0; i < 3; ++i) {
        if (row.value(i).isNull())
            continue;
        auto settings = repository.get(Actor::system(), Tables::RatingSettings, row.value(i).toLongLong());
        if (!settings)
            return settings.error();
        policy.rating = RatingSettings::fromRecord(settings.value());
        policy.ratingLevel = QLatin1String(levels[i]);
        policy.ratingName = settings.value().value(QStringLiteral("name")).toString();
        break;
    }
    // The operator's idle settings win over the site's when set.
    std::tie(policy.readyExpirationS, policy.readyExpirationLevel) =
        firstSet({{row.value(3), "operator"}, {row.value(5), "site"}}, SessionPolicy::DefaultReadyExpirationS);
    std::tie(policy.ongoingExpirationS, policy.ongoingExpirationLevel) =
        firstSet({{row.value(4), "operator"}, {row.value(6), "site"}}, SessionPolicy::DefaultOngoingExpirationS);
    std::tie(policy.closedVerificationS, policy.closedVerificationLevel) =
        firstSet({{row.value(7), "site"}}, SessionPolicy::DefaultClosedVerificationS);
    policy.currency = row.value(8).toString();
    policy.operatorId = row.value(9).toLongLong();
    policy.stationVisible = row.value(10).toLongLong() != 0;
    policy.chargerReservable = row.value(11).toLongLong() != 0;
    policy.connectorsSimultaneous = row.value(12).toLongLong() != 0;
    applyOperatorLimits(policy, row.value(13), row.value(14));
    return policy;
}

} // namespace

Result<SessionPolicy> sessionPolicy(Repository &repository, qint64 connectorId)
{
    return policyFor(repository, connectorId, 0, 0);
}

Result<SessionPolicy> stationPolicy(Repository &repository, qint64 stationId)
{
    return policyFor(repository, 0, 0, stationId);
}

Result<SessionPolicy> chargerPolicy(Repository &repository, qint64 chargerId)
{
    return policyFor(repository, 0, chargerId, 0);
}

} // namespace ChargeDesk::Core
