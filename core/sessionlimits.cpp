#include "core/sessionlimits.h"

#include "core/catalog.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>

namespace ChargeDesk::Core {

namespace T = Tables;
using Filter = ListQuery::Filter;

namespace {

constexpr double VoltsPerPhase = 230.0;
constexpr int PageSize = 500;

// The charger a session ran on, and when: the frames to read.
struct Window
{
    qint64 stationId = 0;
    qint64 fromMs = 0;
    QVariant endMs;
    QString transactionId;
};

Result<Window> windowOf(Repository &repository, const Actor &actor, qint64 sessionId)
{
    const auto session = repository.get(actor, T::Sessions, sessionId);
    if (!session)
        return session.error();
    const Record &s = session.value();
    Window w;
    w.transactionId = s.value(QStringLiteral("transaction_id")).toString();
    w.fromMs = s.value(QStringLiteral("started_at")).isNull() ? s.value(QStringLiteral("created_at")).toLongLong()
                                                              : s.value(QStringLiteral("started_at")).toLongLong();
    w.endMs = s.value(QStringLiteral("ended_at"));
    const auto connector = repository.get(actor, T::Connectors, s.value(QStringLiteral("connector_id")).toLongLong());
    if (!connector)
        return connector.error();
    const auto charger =
        repository.get(actor, T::Chargers, connector.value().value(QStringLiteral("charger_id")).toLongLong());
    if (!charger)
        return charger.error();
    w.stationId = charger.value().value(QStringLiteral("station_id")).toLongLong();
    return w;
}

} // namespace

std::optional<double> limitWattsOf(const QByteArray &frame, const QString &transactionId)
{
    const QJsonArray call = QJsonDocument::fromJson(frame).array();
    if (call.size() < 4 || call.at(2).toString() != QLatin1String("SetChargingProfile"))
        return std::nullopt;
    const QJsonObject payload = call.at(3).toObject();
    // 1.6 nests the profile in csChargingProfiles with one schedule; 2.0.1 in chargingProfile
    // with a list of schedules.
    const bool v16 = payload.contains(QStringLiteral("csChargingProfiles"));
    const QJsonObject profile =
        payload.value(v16 ? QStringLiteral("csChargingProfiles") : QStringLiteral("chargingProfile")).toObject();
    const QJsonValue id = profile.value(QStringLiteral("transactionId"));
    const QString named = id.isString() ? id.toString() : QString::number(id.toInteger());
    if (profile.value(QStringLiteral("chargingProfilePurpose")).toString() != QLatin1String("TxProfile") ||
        id.isUndefined() || named != transactionId)
        return std::nullopt;
    const QJsonValue schedules = profile.value(QStringLiteral("chargingSchedule"));
    const QJsonObject schedule = schedules.isArray() ? schedules.toArray().at(0).toObject() : schedules.toObject();
    const QJsonObject first = schedule.value(QStringLiteral("chargingSchedulePeriod")).toArray().at(0).toObject();
    if (!first.contains(QStringLiteral("limit")))
        return std::nullopt;
    const double limit = first.value(QStringLiteral("limit")).toDouble();
    if (schedule.value(QStringLiteral("chargingRateUnit")).toString() == QLatin1String("A"))
        return limit * VoltsPerPhase * first.value(QStringLiteral("numberPhases")).toInt(3);
    return limit;
}

Result<QList<LimitSent>> sessionLimitsSent(Repository &repository, const Actor &actor, qint64 sessionId, qint64 afterMs)
{
    const auto window = windowOf(repository, actor, sessionId);
    if (!window)
        return window.error();
    const Window &w = window.value();
    QList<LimitSent> limits;
    if (w.transactionId.isEmpty())
        return limits;
    qint64 lastId = 0;
    for (;;) {
        ListQuery q;
        q.filters << Filter{QStringLiteral("station_id"), Filter::Op::Equals, w.stationId}
                  << Filter{QStringLiteral("action"), Filter::Op::Equals, QStringLiteral("SetChargingProfile")}
                  << Filter{QStringLiteral("message_type"), Filter::Op::Equals, 2}
                  << Filter{QStringLiteral("at"), Filter::Op::AtLeast, std::max(w.fromMs, afterMs + 1)}
                  << Filter{QStringLiteral("id"), Filter::Op::AtLeast, lastId + 1};
        if (!w.endMs.isNull())
            q.filters << Filter{QStringLiteral("at"), Filter::Op::Below, w.endMs.toLongLong() + 1};
        q.orderBy = QStringLiteral("id");
        q.limit = PageSize;
        const auto rows = repository.list(actor, T::OcppMessages, q);
        if (!rows)
            return rows.error();
        for (const Record &r : rows.value()) {
            lastId = r.value(QStringLiteral("id")).toLongLong();
            if (const auto watts = limitWattsOf(r.value(QStringLiteral("payload")).toByteArray(), w.transactionId))
                limits << LimitSent{r.value(QStringLiteral("at")).toLongLong(), *watts};
        }
        if (rows.value().size() < PageSize)
            break;
    }
    std::stable_sort(limits.begin(), limits.end(),
                     [](const LimitSent &a, const LimitSent &b) { return a.atMs < b.atMs; });
    return limits;
}

} // namespace ChargeDesk::Core
