#include "core/authorization.h"

#include "core/catalog.h"
#include "core/rating.h"
#include "core/sessionpolicy.h"

namespace ChargeDesk::Core {

QString authorizationStatusName(AuthorizationStatus status)
{
    switch (status) {
    case AuthorizationStatus::Accepted: return QStringLiteral("Accepted");
    case AuthorizationStatus::Blocked: return QStringLiteral("Blocked");
    case AuthorizationStatus::Expired: return QStringLiteral("Expired");
    case AuthorizationStatus::Invalid: return QStringLiteral("Invalid");
    case AuthorizationStatus::ConcurrentTx: return QStringLiteral("ConcurrentTx");
    case AuthorizationStatus::NotAtThisLocation: return QStringLiteral("NotAtThisLocation");
    case AuthorizationStatus::NoCredit: return QStringLiteral("NoCredit");
    }
    return QStringLiteral("Invalid");
}

QString authorizationStatusName16(AuthorizationStatus status)
{
    switch (status) {
    case AuthorizationStatus::NotAtThisLocation: return QStringLiteral("Invalid");
    case AuthorizationStatus::NoCredit: return QStringLiteral("Blocked");
    default: return authorizationStatusName(status);
    }
}

Authorizer::Authorizer(Repository &repository, const Clock &clock)
    : m_repository(repository)
    , m_clock(clock)
{}

Authorization Authorizer::authorize(const QString &idToken, qint64 stationId) const
{
    Authorization result;
    if (idToken.isEmpty())
        return result;
    Database &db = m_repository.database();
    auto device = db.exec(QStringLiteral("SELECT id, customer_id, status, expires_at FROM id_devices "
                                         "WHERE identifier = ?"),
                          {idToken});
    if (!device)
        return result;
    if (Rows &row = device.value(); row.next()) {
        result.deviceId = row.value(0).toLongLong();
        result.customerId = row.value(1).toLongLong();
        if (!row.value(3).isNull())
            result.expiresAt = QDateTime::fromMSecsSinceEpoch(row.value(3).toLongLong(), Qt::UTC);
        if (row.value(2).toString() == QLatin1String("blocked")) {
            result.status = AuthorizationStatus::Blocked;
            return result;
        }
        if (result.expiresAt.isValid() && result.expiresAt <= m_clock.now()) {
            result.status = AuthorizationStatus::Expired;
            return result;
        }
    } else {
        // Not a device: perhaps the token a remote start gave the charger.
        auto ready = db.exec(QStringLiteral("SELECT customer_id FROM sessions WHERE id_token = ? AND status = 'ready' "
                                            "AND customer_id IS NOT NULL ORDER BY id DESC LIMIT 1"),
                             {idToken});
        if (!ready || !ready.value().next())
            return result;
        result.customerId = ready.value().value(0).toLongLong();
    }
    if (result.customerId == 0)
        return result; // a device nobody owns authorizes nobody
    judgeCustomer(result, stationId);
    return result;
}

Authorization Authorizer::authorizeCustomer(qint64 customerId, qint64 stationId) const
{
    Authorization result;
    result.customerId = customerId;
    judgeCustomer(result, stationId);
    return result;
}

bool Authorizer::coversFirstStep(qint64 balanceMinor, qint64 stationId) const
{
    if (balanceMinor <= 0)
        return false;
    if (stationId == 0)
        return true;
    // Rating settings are a charger's: the balance must cover the first step on at least one
    // charger of the station (a 1.6 Authorize does not say which).
    auto connectors = m_repository.database().exec(
        QStringLiteral("SELECT MIN(c.id) FROM connectors c JOIN chargers ch ON ch.id = c.charger_id "
                       "WHERE ch.station_id = ? GROUP BY ch.id"),
        {stationId});
    if (!connectors)
        return true;
    QList<qint64> ids;
    for (Rows &r = connectors.value(); r.next();)
        ids << r.value(0).toLongLong();
    if (ids.isEmpty()) {
        auto policy = stationPolicy(m_repository, stationId);
        return !policy || limitReached(policy.value().rating, Usage{}, true, balanceMinor) == LimitReason::None;
    }
    for (qint64 id : std::as_const(ids)) {
        auto policy = sessionPolicy(m_repository, id);
        if (!policy || limitReached(policy.value().rating, Usage{}, true, balanceMinor) == LimitReason::None)
            return true;
    }
    return false;
}

void Authorizer::judgeCustomer(Authorization &result, qint64 stationId) const
{
    Database &db = m_repository.database();
    auto customer = db.exec(QStringLiteral("SELECT status, payment_type, balance_minor FROM customers WHERE id = ?"),
                            {result.customerId});
    if (!customer || !customer.value().next()) {
        result.status = AuthorizationStatus::Invalid;
        return;
    }
    Rows &c = customer.value();
    result.paymentType = c.value(1).toString();
    const QString status = c.value(0).toString();
    if (status == QLatin1String("suspended")) {
        result.status = AuthorizationStatus::Blocked;
        return;
    }
    if (status == QLatin1String("closed")) {
        result.status = AuthorizationStatus::Invalid;
        return;
    }
    if (result.paymentType == QLatin1String("prepaid") && !coversFirstStep(c.value(2).toLongLong(), stationId)) {
        result.status = AuthorizationStatus::NoCredit;
        return;
    }
    if (stationId != 0) {
        // A station hidden from the public serves only its operator's private network.
        auto station = db.exec(QStringLiteral("SELECT st.visible, a.operator_id FROM stations st "
                                              "JOIN areas a ON a.id = st.area_id WHERE st.id = ?"),
                               {stationId});
        if (station && station.value().next() && station.value().value(0).toLongLong() == 0) {
            const QVariant operatorId = station.value().value(1);
            auto member = operatorId.isNull()
                              ? Result<Rows>(Error::notFound(QString()))
                              : db.exec(QStringLiteral(
                                            "SELECT 1 FROM operator_members WHERE operator_id = ? AND customer_id = ?"),
                                        {operatorId, result.customerId});
            if (!member || !member.value().next()) {
                result.status = AuthorizationStatus::NotAtThisLocation;
                return;
            }
        }
    }
    result.status = AuthorizationStatus::Accepted;
}

} // namespace ChargeDesk::Core
