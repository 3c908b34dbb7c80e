#include "ui/sessions/reservationdetails.h"

#include "core/catalog.h"
#include "core/reservations.h"
#include "ui/widgets/icons.h"
#include "ui/widgets/tr.h"
#include "ui/widgets/valueformat.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

namespace ChargeDesk::Ui {

namespace {

using Outcome = Core::CommandResult::Outcome;

// The station's part of a stop, in words.
QString stationAnswer(const Core::CommandResult &station)
{
    switch (station.outcome) {
    case Outcome::Answered:
        return station.status == QLatin1String("Accepted")
                   ? Tr::tr("The station released the connector.")
                   : Tr::tr("The station answered “%1”; it may hold the connector until the "
                            "reservation expires.")
                         .arg(station.status);
    case Outcome::NotConnected:
        return Tr::tr("The station is not connected, so it holds the connector until the "
                      "reservation expires.");
    case Outcome::TimedOut:
        return Tr::tr("The station did not answer in time; it may hold the connector until the "
                      "reservation expires.");
    case Outcome::Refused:
    case Outcome::Invalid:
    case Outcome::Unsupported:
        return Tr::tr("The station could not be asked to release the connector: %1")
            .arg(station.error.isEmpty() ? station.outcomeName() : station.error);
    }
    return {};
}

} // namespace

ReservationActions::ReservationActions(const PageContext &context, ListPage &page, QWidget *parent)
    : QWidget(parent)
    , m_context(context)
{
    setObjectName(QStringLiteral("reservationActions"));
    m_state = new QLabel(this);
    m_state->setObjectName(QStringLiteral("reservationState"));
    m_state->setWordWrap(true);
    m_state->setTextFormat(Qt::PlainText);
    m_stop = new QPushButton(Icons::get(QStringLiteral("delete")), Tr::tr("Stop reservation…"), this);
    m_stop->setObjectName(QStringLiteral("stopReservationButton"));
    m_stop->setVisible(context.services.reservations != nullptr);
    m_outcome = new QLabel(this);
    m_outcome->setObjectName(QStringLiteral("reservationOutcome"));
    m_outcome->setWordWrap(true);
    m_outcome->setTextFormat(Qt::PlainText);
    m_outcome->hide();

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_stop);
    buttons->addStretch();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, fontMetrics().height() / 2, 0, 0);
    layout->addWidget(m_state);
    layout->addLayout(buttons);
    layout->addWidget(m_outcome);

    connect(m_stop, &QPushButton::clicked, this, &ReservationActions::stop);
    connect(&page, &ListPage::currentChanged, this, &ReservationActions::follow);
    connect(&m_context.repository, &Core::Repository::rowChanged, this, [this](const QString &table, qint64 id) {
        if (table == Core::Tables::Reservations && id == m_reservationId)
            refresh();
    });
    follow(page.currentId());
}

void ReservationActions::follow(qint64 reservationId)
{
    if (reservationId == m_reservationId)
        return;
    m_reservationId = reservationId;
    m_outcome->hide();
    refresh();
}

void ReservationActions::refresh()
{
    const auto row = m_reservationId
                         ? m_context.repository.get(m_context.actor, Core::Tables::Reservations, m_reservationId)
                         : Core::Result<Core::Record>(Core::Error::notFound(QString()));
    const Core::Record reservation = row ? row.value() : Core::Record{};
    const QString status = reservation.value(QStringLiteral("status")).toString();
    const QString reason = reservation.value(QStringLiteral("reason")).toString();
    if (status == QLatin1String("active"))
        m_state->setText(Tr::tr("Holds the connector until %1.")
                             .arg(formatTimestamp(reservation.value(QStringLiteral("expires_at")))));
    else if (!status.isEmpty())
        m_state->setText(reason.isEmpty() ? Tr::tr("%1.").arg(choiceText(status))
                                          : Tr::tr("%1: %2").arg(choiceText(status), reason));
    else
        m_state->clear();
    m_stop->setEnabled(status == QLatin1String("active") && m_busyWith == 0);
}

void ReservationActions::stop()
{
    Core::Reservations *reservations = m_context.services.reservations;
    if (!reservations || m_reservationId == 0)
        return;
    const auto row = m_context.repository.get(m_context.actor, Core::Tables::Reservations, m_reservationId);
    const QString code = row ? row.value().value(QStringLiteral("code")).toString() : QString();
    QMessageBox box(QMessageBox::Question, Tr::tr("Stop reservation"), Tr::tr("Stop reservation %1?").arg(code),
                    QMessageBox::NoButton, this);
    box.setObjectName(QStringLiteral("confirmStopReservation"));
    box.setInformativeText(
        Tr::tr("The connector is free for everyone again, and the station is asked to drop its hold."));
    QPushButton *yes = box.addButton(Tr::tr("Stop reservation"), QMessageBox::AcceptRole);
    yes->setObjectName(QStringLiteral("confirmStopReservationButton"));
    box.setDefaultButton(box.addButton(QMessageBox::Cancel));
    box.exec();
    if (box.clickedButton() != yes)
        return;

    m_busyWith = m_reservationId;
    m_stop->setEnabled(false);
    showOutcome(Tr::tr("Stopping the reservation and asking the station to release the connector…"), false);
    reservations->cancel(m_context.actor, m_reservationId,
                         [self = QPointer<ReservationActions>(this),
                          id = m_reservationId](const Core::Result<Core::ReservationOutcome> &result) {
                             if (!self)
                                 return;
                             self->m_busyWith = 0;
                             if (id == self->m_reservationId) {
                                 if (!result)
                                     self->showOutcome(result.error().message(), true);
                                 else
                                     self->showOutcome(Tr::tr("Reservation stopped.") + u' ' +
                                                           stationAnswer(result.value().station),
                                                       result.value().station.outcome != Outcome::Answered);
                             }
                             self->refresh();
                         });
}

void ReservationActions::showOutcome(const QString &text, bool failed)
{
    m_outcome->setText(text);
    QPalette palette = this->palette();
    if (failed) {
        const bool dark = Icons::isDark(palette);
        palette.setColor(QPalette::WindowText, dark ? QColor(0xff, 0x8a, 0x80) : QColor(0xb3, 0x26, 0x1e));
    }
    m_outcome->setPalette(palette);
    m_outcome->show();
}

QWidget *reservationDetails(const PageContext &context, ListPage &page)
{
    return new ReservationActions(context, page);
}

} // namespace ChargeDesk::Ui
