#include "server/rest/reservationcontroller.h"

#include "server/rest/apifields.h"

#include "core/repository.h"
#include "core/reservations.h"
#include "server/rest/router.h"

#include <QDateTime>
#include <QJsonObject>

namespace ChargeDesk::Server::Rest {

using Status = QHttpServerResponder::StatusCode;
using Method = QHttpServerRequest::Method;
namespace Tables = Core::Tables;

namespace {

constexpr int MaxMinutes = 525600; // a year

// Core names the columns; the answer names what the body carried.
Core::Error inApiTerms(const Core::Error &error, const QString &expiryField)
{
    if (error.kind() != Core::Error::Kind::Validation)
        return error;
    QList<Core::FieldError> fields;
    for (const Core::FieldError &f : error.fields()) {
        QString name = f.field;
        if (name == QLatin1String("customer_id"))
            name = QStringLiteral("customer");
        else if (name == QLatin1String("connector_id"))
            name = QStringLiteral("connector");
        else if (name == QLatin1String("expires_at"))
            name = expiryField;
        fields << Core::FieldError{name, f.message};
    }
    return Core::Error::validation(fields);
}

// The reservation as stored and what the station said. A reservation the station did not take
// is already cancelled: 409 with the reason.
Reply outcomeReply(Core::Repository &repository, const Core::Actor &actor,
                   const Core::Result<Core::ReservationOutcome> &outcome, Status success, const QString &expiryField)
{
    if (!outcome)
        return Reply::error(inApiTerms(outcome.error(), expiryField));
    const Core::ReservationOutcome &o = outcome.value();
    auto row = repository.get(actor, Tables::Reservations, o.reservationId);
    if (!row)
        return Reply::error(row.error());
    QJsonObject body{
        {QStringLiteral("reservation"), recordJson(repository.catalog().entity(Tables::Reservations), row.value())},
        {QStringLiteral("station"), stationJson(o.station)}};
    if (success == Status::Created && o.status != QLatin1String("active")) {
        body.insert(QStringLiteral("error"), QJsonObject{{QStringLiteral("kind"), QStringLiteral("conflict")},
                                                         {QStringLiteral("message"), o.reason}});
        return Reply::json(body, Status::Conflict);
    }
    return Reply::json(body, success);
}

} // namespace

ReservationController::ReservationController(Core::Repository &repository, Core::Reservations &reservations)
    : m_repository(repository)
    , m_reservations(reservations)
{}

void ReservationController::addRoutes(Router &router)
{
    // Other methods on the collection are the resource API's.
    router.add(Method::Post, QStringLiteral("reservations"), std::bind_front(&ReservationController::reserve, this));
    const QString cancelling = QStringLiteral("reservations/{code}/cancel");
    router.add(Method::Post, cancelling, std::bind_front(&ReservationController::cancel, this));
    router.addFallback(cancelling, Router::refusal(QStringLiteral("Reservations are made and cancelled with POST.")));
}

void ReservationController::reserve(const Call &call, const Respond &respond)
{
    const auto body = jsonBody(call.request);
    if (!body)
        return respond(badBody());
    static const QStringList known{QStringLiteral("customer"), QStringLiteral("connector"), QStringLiteral("charger"),
                                   QStringLiteral("expiresAt"), QStringLiteral("minutes")};
    for (auto it = body->begin(); it != body->end(); ++it) {
        if (!known.contains(it.key()))
            return respond(invalidField(
                it.key(), QStringLiteral("Unknown field; use customer, connector, charger, expiresAt or minutes.")));
    }
    auto customerRow = customerField(m_repository, call.actor, *body);
    if (!customerRow)
        return respond(Reply::error(customerRow.error()));
    auto connector = connectorField(m_repository, call.actor, *body);
    if (!connector)
        return respond(Reply::error(connector.error()));

    const bool byMinutes = body->contains(QStringLiteral("minutes"));
    if (byMinutes == body->contains(QStringLiteral("expiresAt")))
        return respond(invalidField(QStringLiteral("expiresAt"), QStringLiteral("Give either expiresAt or minutes.")));
    const QString expiryField = byMinutes ? QStringLiteral("minutes") : QStringLiteral("expiresAt");
    const qint64 customerId = customerRow.value().value(QStringLiteral("id")).toLongLong();
    Core::Repository *repository = &m_repository;
    const Core::ReservationDone done = [repository, actor = call.actor, respond,
                                        expiryField](const Core::Result<Core::ReservationOutcome> &outcome) {
        respond(outcomeReply(*repository, actor, outcome, Status::Created, expiryField));
    };
    if (byMinutes) {
        const QJsonValue minutes = body->value(QStringLiteral("minutes"));
        if (!isWholeNumber(minutes) || minutes.toDouble() < 1 || minutes.toDouble() > MaxMinutes)
            return respond(invalidField(QStringLiteral("minutes"),
                                        QStringLiteral("A whole number of minutes, 1 to %1.").arg(MaxMinutes)));
        return m_reservations.reserve(call.actor, customerId, connector.value(), std::chrono::minutes(minutes.toInt()),
                                      done);
    }
    const QJsonValue expires = body->value(QStringLiteral("expiresAt"));
    QDateTime at;
    if (expires.isString()) {
        at = QDateTime::fromString(expires.toString(), Qt::ISODateWithMs);
        // Without an offset the time would be read in this server's zone, which the client cannot know.
        if (at.isValid() && at.timeSpec() == Qt::LocalTime)
            return respond(invalidField(QStringLiteral("expiresAt"),
                                        QStringLiteral("Give the time with its offset (Z or +hh:mm).")));
    } else if (isWholeNumber(expires)) {
        at = QDateTime::fromMSecsSinceEpoch(qint64(expires.toDouble()), Qt::UTC);
    }
    if (!at.isValid())
        return respond(invalidField(QStringLiteral("expiresAt"),
                                    QStringLiteral("An ISO 8601 time with its offset, or UTC milliseconds.")));
    m_reservations.reserve(call.actor, customerId, connector.value(), at, done);
}

void ReservationController::cancel(const Call &call, const Respond &respond)
{
    const auto body = jsonBody(call.request, true);
    if (!body)
        return respond(badBody());
    if (!body->isEmpty())
        return respond(invalidField(body->begin().key(), QStringLiteral("Cancelling takes no fields.")));
    auto reservation = m_repository.getByCode(call.actor, Tables::Reservations, call.param(QStringLiteral("code")));
    if (!reservation)
        return respond(Reply::error(reservation.error()));
    Core::Repository *repository = &m_repository;
    m_reservations.cancel(call.actor, reservation.value().value(QStringLiteral("id")).toLongLong(),
                          [repository, actor = call.actor, respond](const Core::Result<Core::ReservationOutcome> &o) {
                              respond(outcomeReply(*repository, actor, o, Status::Ok, QString()));
                          });
}

} // namespace ChargeDesk::Server::Rest
