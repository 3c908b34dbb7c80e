#include "server/rest/loadbalancingcontroller.h"

#include "core/balancingservice.h"
#include "core/repository.h"

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

void LoadBalancingController::handle(const Call &call, const Respond &respond)
{
    // The area through the repository first: an operator sees only their own areas.
    auto area = m_repository.getByCode(call.actor, Tables::Areas, call.path.value(1));
    if (!area)
        return respond(Reply::error(area.error()));
    const bool redistribute = call.path.size() == 4 && call.path.at(3) == QLatin1String("redistribute");
    if (redistribute && call.request.method() != Method::Post)
        return respond(
            Reply::error(Status::MethodNotAllowed, QStringLiteral("method_not_allowed"), QStringLiteral("Use POST.")));
    if (!redistribute && (call.path.size() != 3 || call.request.method() != Method::Get))
        return respond(
            Reply::error(Status::MethodNotAllowed, QStringLiteral("method_not_allowed"), QStringLiteral("Use GET.")));
    if (redistribute) {
        if (auto s = m_balancing.redistribute(true); !s)
            return respond(Reply::error(s.error()));
    }
    respond(view(call, area.value()));
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
