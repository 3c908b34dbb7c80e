#pragma once

#include "core/chargepointgateway.h"

#include <QCoreApplication>
#include <QFrame>

#include <functional>

class QAbstractButton;
class QVBoxLayout;

namespace ChargeDesk::Ui {

class CommandStatus;

// The station operations speak as one module: every panel and helper translates in
// StationOperations' context, so the translation file holds one context for them all.

// The station the panels act on. StationOperations owns it and refreshes it with its header;
// the panels hold a reference, so they always see the current protocol and name.
struct OperatedStation
{
    Core::ChargePointGateway *gateway = nullptr;
    qint64 id = 0;
    QString protocol; // "ocpp1.6", "ocpp2.0.1"
    QString title;    // "Name (CODE)", as the header shows it

    bool isV16() const { return protocol != QLatin1String("ocpp2.0.1"); }
    bool isConnected() const { return gateway && gateway->isConnected(id); }
};

// One framed panel of StationOperations (reboot, firmware, ...): an icon, a bold title and a
// grey explanation on top, the subclass's fields and buttons below them in body().
class OperationPanel : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OperationPanel)

protected:
    using Then = std::function<void(const Core::CommandResult &)>;

    OperationPanel(const OperatedStation &station, const QString &name, const QString &icon, const QString &title,
                   const QString &explanation, QWidget *parent);

    const OperatedStation &station() const { return m_station; }
    QVBoxLayout *body() const { return m_body; }
    // The line beside an action that shows the station's answer.
    CommandStatus *newAnswer(const QString &name);
    // Sends `command` when the station is connected, with `button` disabled while `answer`
    // waits for the station; then `answer` shows the station's answer and `then` gets it.
    void send(QAbstractButton *button, CommandStatus *answer, const Core::Command &command, const Then &then = {});

private:
    const OperatedStation &m_station;
    QVBoxLayout *m_body = nullptr;
};

} // namespace ChargeDesk::Ui
