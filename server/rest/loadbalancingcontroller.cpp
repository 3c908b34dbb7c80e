#include "server/rest/loadbalancingcontroller.h"

#include "core/balancingservice.h"
#include "core/repository.h"
#include "server/rest/router.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>

namespace ChargeDesk::Server::Rest {

using Status = QHttpServerResponder::StatusCode;
using Method = QHttpServerRequest::Method;
namespace Tables = Core::Tables;
namespace Balancing = Core::Balancing;

namespace {

QJsonValue isoTime(qint64 ms)
{
    return ms ? QJsonValue(QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs)) : QJsonValue();
}

QJsonValue number(const std::optional<double> &value)
{
    return value ? QJsonValue(*value) : QJsonValue();
}

QString unitName(Balancing::Unit unit)
{
    return unit == Balancing::Unit::Power ? QStringLiteral("W") : QStringLiteral("A");
}

} // namespace

LoadBalancingController::LoadBalancingController(Core::Repository &repository, Core::BalancingService &balancing)
    : m_repository(repository)
    , m_balancing(balancing)
{}

void LoadBalancingController::addRoutes(Router &router)
{
    const QString balance = QStringLiteral("areas/{code}/load-balancing");
    const QString redistribution = balance + QStringLiteral("/redistribute");
    router.add(Method::Get, balance, std::bind_front(&LoadBalancingController::show, this));
    router.addFallback(balance, refusal(QStringLiteral("Use GET.")));
    router.add(Method::Post, redistribution, std::bind_front(&LoadBalancingController::redistribute, this));
    router.addFallback(redistribution, refusal(QStringLiteral("Use POST.")));
    // Any other path below is refused like the balance itself, as it always was.
    router.addFallback(balance + QStringLiteral("/*"), refusal(QStringLiteral("Use GET.")));
}

std::optional<Core::Record> LoadBalancingController::findArea(const Call &call, const Respond &respond)
{
    // The area through the repository first: an operator sees only their own areas.
    auto area = m_repository.getByCode(call.actor, Tables::Areas, call.param(QStringLiteral("code")));
    if (!area) {
        respond(Reply::error(area.error()));
        return std::nullopt;
    }
    return area.value();
}

Handler LoadBalancingController::refusal(const QString &message)
{
    return [this, message](const Call &call, const Respond &respond) {
        if (findArea(call, respond))
            respond(methodNotAllowed(message));
    };
}

void LoadBalancingController::show(const Call &call, const Respond &respond)
{
    if (const auto area = findArea(call, respond))
        respond(view(call, *area));
}

void LoadBalancingController::redistribute(const Call &call, const Respond &respond)
{
    const auto area = findArea(call, respond);
    if (!area)
        return;
    if (auto s = m_balancing.redistribute(true); !s)
        return respond(Reply::error(s.error()));
    respond(view(call, *area));
}

Reply LoadBalancingController::view(const Call &call, const Core::Record &area)
{
    const qint64 areaId = area.value(QStringLiteral("id")).toLongLong();
    const auto balance = m_balancing.areaBalance(areaId);
    if (!balance)
        return Reply::error(Status::Conflict, QStringLiteral("conflict"),
                            QStringLiteral("The area “%1” does not balance its load, and no area above it does.")
                                .arg(area.value(QStringLiteral("code")).toString()));
    const auto areaCode = [&](qint64 id) -> QJsonValue {
        if (!id)
            return QJsonValue();
        auto row = m_repository.get(call.actor, Tables::Areas, id);
        return row ? QJsonValue(row.value().value(QStringLiteral("code")).toString()) : QJsonValue(id);
    };
    QHash<qint64, QString> codes;
    QJsonArray sessions;
    for (const Core::BalancingService::SessionAllocation &s : balance->sessions) {
        codes.insert(s.sessionId, s.sessionCode);
        const Balancing::Allocation &a = s.allocation;
        sessions.append(QJsonObject{{QStringLiteral("session"), s.sessionCode},
                                    {QStringLiteral("station"), s.stationId},
                                    {QStringLiteral("connector"), s.connectorId},
                                    {QStringLiteral("limit"), number(a.limit)},
                                    {QStringLiteral("unit"), unitName(a.unit)},
                                    {QStringLiteral("watts"), number(a.watts)},
                                    {QStringLiteral("reason"), Balancing::reasonName(a.reason)},
                                    {QStringLiteral("boundBy"), areaCode(a.boundByAreaId)},
                                    {QStringLiteral("profileStatus"), s.profileStatus}});
    }
    QJsonArray rotation;
    for (qint64 id : balance->rotation)
        rotation.append(codes.value(id));
    const Balancing::AreaOutcome &o = balance->outcome;
    return Reply::json(
        {{QStringLiteral("area"), area.value(QStringLiteral("code")).toString()},
         {QStringLiteral("limit"), QJsonObject{{QStringLiteral("value"), number(o.limit.value)},
                                               {QStringLiteral("unit"), unitName(balance->unit)},
                                               {QStringLiteral("source"), Balancing::sourceName(o.limit.source)}}},
         {QStringLiteral("allocated"), o.allocated},
         {QStringLiteral("served"), o.served},
         {QStringLiteral("halted"), o.halted},
         {QStringLiteral("redistributedAt"), isoTime(balance->redistributedAtMs)},
         {QStringLiteral("nextRedistributionAt"), isoTime(balance->nextIntervalAtMs)},
         {QStringLiteral("rotation"), rotation},
         {QStringLiteral("sessions"), sessions}});
}

} // namespace ChargeDesk::Server::Rest
