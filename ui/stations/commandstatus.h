#pragma once

#include "core/chargepointgateway.h"

#include <QLabel>

#include <functional>

namespace ChargeDesk::Ui {

// A station's answer in words, for the line beside the action that sent the command.
QString describeResult(const Core::CommandResult &result);
// Whether the station did what it was asked (Accepted, Unlocked, Scheduled, ...).
bool isSuccess(const Core::CommandResult &result);

// The line beside an action on a station: it sends the command, says that it waits for the
// station, then shows the answer (green when the station did it, red when not). A station
// that is not connected is not asked at all: the line says so and nothing is sent.
class CommandStatus final : public QLabel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CommandStatus)

public:
    explicit CommandStatus(QWidget *parent = nullptr);

    // Sends `command` (`what` names it for people: "Turn off connector 2", or empty where the
    // line sits beside the only action it reports on) through `gateway`;
    // `done` runs after the answer is shown, unless this line is gone by then. False when
    // nothing was sent (no gateway, or the station is not connected).
    bool send(Core::ChargePointGateway *gateway, qint64 stationId, const QString &what, const Core::Command &command,
              std::function<void(const Core::CommandResult &)> done = {});
    bool isBusy() const { return m_busy; }
    // A reason the command was not sent that the window found itself (a field left empty).
    void showProblem(const QString &text);

signals:
    void finished(const ChargeDesk::Core::CommandResult &result);

private:
    void showText(const QString &text, const QString &colour);

    bool m_busy = false;
};

} // namespace ChargeDesk::Ui
