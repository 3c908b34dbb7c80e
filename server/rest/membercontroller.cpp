#include "server/rest/membercontroller.h"

#include "core/catalog.h"
#include "core/privatenetwork.h"
#include "server/rest/apifields.h"
#include "server/rest/router.h"

#include <QJsonArray>
#include <QUrlQuery>

namespace ChargeDesk::Server::Rest {

using Method = QHttpServerRequest::Method;
namespace PrivateNetwork = Core::PrivateNetwork;

MemberController::MemberController(Core::Repository &repository)
    : m_repository(repository)
{}

void MemberController::addRoutes(Router &router)
{
    const QString candidates = QStringLiteral("operators/{code}/member-candidates");
    router.add(Method::Get, candidates, std::bind_front(&MemberController::candidates, this));
    router.addFallback(candidates, Router::refusal(QStringLiteral("Member candidates are read with GET.")));
}

void MemberController::candidates(const Call &call, const Respond &respond)
{
    const auto op = m_repository.getByCode(call.actor, Core::Tables::Operators, call.param(QStringLiteral("code")));
    if (!op)
        return respond(Reply::error(op.error()));
    const QUrlQuery params = call.request.query();
    const QString search = params.queryItemValue(QStringLiteral("q"), QUrl::FullyDecoded).trimmed();
    // Core refuses it too; here the answer names the query parameter the caller knows.
    if (search.size() < PrivateNetwork::MinSearchLength)
        return respond(invalidField(QStringLiteral("q"), QStringLiteral("At least %1 characters of a name, code or "
                                                                        "email.")
                                                             .arg(PrivateNetwork::MinSearchLength)));
    const auto limit =
        queryInteger(params, QStringLiteral("limit"), 1, PrivateNetwork::MaxCandidates, PrivateNetwork::MaxCandidates);
    if (!limit)
        return respond(Reply::error(limit.error()));
    const auto found = Core::memberCandidates(
        m_repository, call.actor, op.value().value(QStringLiteral("id")).toLongLong(), search, int(limit.value()));
    if (!found)
        return respond(Reply::error(found.error()));
    QJsonArray items;
    for (const Core::CustomerCard &card : found.value())
        items.append(
            QJsonObject{{QStringLiteral("id"), card.id},
                        {QStringLiteral("code"), card.code},
                        {QStringLiteral("name"), card.name},
                        {QStringLiteral("email"), card.email.isEmpty() ? QJsonValue() : QJsonValue(card.email)}});
    respond(Reply::json({{QStringLiteral("items"), items}}));
}

} // namespace ChargeDesk::Server::Rest
