#include "server/rest/reservationcontroller.h"

#include "core/repository.h"
#include "core/reservations.h"

#include <QDateTime>
#include <QJsonObject>

#include <cmath>

namespace ChargeDesk::Server::Rest {

using Status = QHttpServerResponder::StatusCode;
using Method = QHttpServerRequest::Method;
namespace Tables = Core::Tables;

namespace {

constexpr int MaxMinutes = 525600; // a year

Reply invalid(const QString &field, const QString &message)
{
    return Reply::error(Core::Error::validation({{field, message}}));
}

bool isWholeNumber(const QJsonValue &v)
{
    return v.isDouble() && std::isfinite(v.toDouble()) && v.toDouble() == std::floor(v.toDouble());
}

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

QJsonObject recordJson(const Core::Record &record)
{
    QJsonObject o;
    for (auto it = record.constBegin(); it != record.constEnd(); ++it)
        o.insert(it.key(), it.value().isNull() || !it.value().isValid() ? QJsonValue(QJsonValue::Null)
                                                                        : QJsonValue::fromVariant(it.value()));
    return o;
}

QJsonObject stationJson(const Core::CommandResult &result)
{
    QJsonObject o{{QStringLiteral("outcome"), result.outcomeName()}};
    if (!result.status.isEmpty())
        o.insert(QStringLiteral("status"), result.status);
    if (!result.error.isEmpty())
        o.insert(QStringLiteral("message"), result.error);
    return o;
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
    QJsonObject body{{QStringLiteral("reservation"), recordJson(row.value())},
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

void ReservationController::handle(const Call &call, const Respond &respond)
{
    if (call.request.method() != Method::Post)
        return respond(Reply::error(Status::MethodNotAllowed, QStringLiteral("method_not_allowed"),
                                    QStringLiteral("Reservations are made and cancelled with POST.")));
    if (call.path.size() == 1)
        return reserve(call, respond);
    if (call.path.size() == 3 && call.path.at(2) == QLatin1String("cancel"))
        return cancel(call, respond);
    respond(Reply::error(Status::NotFound, QStringLiteral("not_found"), QStringLiteral("No such resource.")));
}

Core::Result<qint64> ReservationController::connectorId(const Call &call, const QJsonObject &body)
{
    const QJsonValue connector = body.value(QStringLiteral("connector"));
    const QJsonValue charger = body.value(QStringLiteral("charger"));
    const auto fieldError = [](const QString &field, const QString &message) {
        return Core::Error::validation({{field, message}});
    };
    if (isWholeNumber(connector)) {
        if (!charger.isUndefined())
            return fieldError(QStringLiteral("charger"),
                              QStringLiteral("Give the charger only with a connector code."));
        auto row = m_repository.get(call.actor, Tables::Connectors, qint64(connector.toDouble()));
        if (!row)
            return row.error().kind() == Core::Error::Kind::NotFound
                       ? fieldError(QStringLiteral("connector"), QStringLiteral("No connector has this id."))
                       : row.error();
        return row.value().value(QStringLiteral("id")).toLongLong();
    }
    if (!connector.isString() || connector.toString().trimmed().isEmpty())
        return fieldError(QStringLiteral("connector"),
                          QStringLiteral("Give the connector's id, or its code with the charger's code."));
    if (!charger.isString() || charger.toString().trimmed().isEmpty())
        return fieldError(
            QStringLiteral("charger"),
            QStringLiteral("A connector code is unique only within its charger: give the charger's code."));
    auto chargerRow = m_repository.getByCode(call.actor, Tables::Chargers, charger.toString().trimmed());
    if (!chargerRow)
        return chargerRow.error().kind() == Core::Error::Kind::NotFound
                   ? fieldError(QStringLiteral("charger"), QStringLiteral("No charger has this code."))
                   : chargerRow.error();
    Core::ListQuery q;
    q.filters << Core::ListQuery::Filter{QStringLiteral("charger_id"), Core::ListQuery::Filter::Op::Equals,
                                         chargerRow.value().value(QStringLiteral("id"))}
              << Core::ListQuery::Filter{QStringLiteral("code"), Core::ListQuery::Filter::Op::Equals,
                                         connector.toString().trimmed()};
    q.limit = 1;
    auto rows = m_repository.list(call.actor, Tables::Connectors, q);
    if (!rows)
        return rows.error();
    if (rows.value().isEmpty())
        return fieldError(QStringLiteral("connector"), QStringLiteral("The charger has no connector with this code."));
    return rows.value().first().value(QStringLiteral("id")).toLongLong();
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
            return respond(invalid(
                it.key(), QStringLiteral("Unknown field; use customer, connector, charger, expiresAt or minutes.")));
    }
    const QJsonValue customer = body->value(QStringLiteral("customer"));
    if (!customer.isString() || customer.toString().trimmed().isEmpty())
        return respond(invalid(QStringLiteral("customer"), QStringLiteral("Give the customer's code.")));
    auto customerRow = m_repository.getByCode(call.actor, Tables::Customers, customer.toString().trimmed());
    if (!customerRow)
        return respond(customerRow.error().kind() == Core::Error::Kind::NotFound
                           ? invalid(QStringLiteral("customer"), QStringLiteral("No customer has this code."))
                           : Reply::error(customerRow.error()));
    auto connector = connectorId(call, *body);
    if (!connector)
        return respond(Reply::error(connector.error()));

    const bool byMinutes = body->contains(QStringLiteral("minutes"));
    if (byMinutes == body->contains(QStringLiteral("expiresAt")))
        return respond(invalid(QStringLiteral("expiresAt"), QStringLiteral("Give either expiresAt or minutes.")));
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
            return respond(invalid(QStringLiteral("minutes"),
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
            return respond(
                invalid(QStringLiteral("expiresAt"), QStringLiteral("Give the time with its offset (Z or +hh:mm).")));
    } else if (isWholeNumber(expires)) {
        at = QDateTime::fromMSecsSinceEpoch(qint64(expires.toDouble()), Qt::UTC);
    }
    if (!at.isValid())
        return respond(invalid(QStringLiteral("expiresAt"),
                               QStringLiteral("An ISO 8601 time with its offset, or UTC milliseconds.")));
    m_reservations.reserve(call.actor, customerId, connector.value(), at, done);
}

void ReservationController::cancel(const Call &call, const Respond &respond)
{
    const auto body = jsonBody(call.request, true);
    if (!body)
        return respond(badBody());
    if (!body->isEmpty())
        return respond(invalid(body->begin().key(), QStringLiteral("Cancelling takes no fields.")));
    auto reservation = m_repository.getByCode(call.actor, Tables::Reservations, call.path.at(1));
    if (!reservation)
        return respond(Reply::error(reservation.error()));
    Core::Repository *repository = &m_repository;
    m_reservations.cancel(call.actor, reservation.value().value(QStringLiteral("id")).toLongLong(),
                          [repository, actor = call.actor, respond](const Core::Result<Core::ReservationOutcome> &o) {
                              respond(outcomeReply(*repository, actor, o, Status::Ok, QString()));
                          });
}

} // namespace ChargeDesk::Server::Rest
