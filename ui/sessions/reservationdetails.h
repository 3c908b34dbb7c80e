#pragma once

#include "ui/shell/sections.h"

#include <QPointer>
#include <QWidget>

class QLabel;
class QPushButton;

namespace ChargeDesk::Ui {

// The reservations page's own part of the details pane: what became of the selected
// reservation, and for an active one "Stop reservation", which releases the connector here at
// once and asks the station to drop its hold; the station's answer is shown beside the button.
// Without the reservation service (a window on its own) there is no button.
class ReservationActions final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReservationActions)

public:
    ReservationActions(const PageContext &context, ListPage &page, QWidget *parent = nullptr);

private:
    void follow(qint64 reservationId);
    void refresh();
    void stop();
    void showOutcome(const QString &text, bool failed);

    PageContext m_context;
    qint64 m_reservationId = 0;
    qint64 m_busyWith = 0; // the reservation a stop is on its way for
    QLabel *m_state = nullptr;
    QPushButton *m_stop = nullptr;
    QLabel *m_outcome = nullptr;
};

// Section::details of the reservations section.
QWidget *reservationDetails(const PageContext &context, ListPage &page);

} // namespace ChargeDesk::Ui
