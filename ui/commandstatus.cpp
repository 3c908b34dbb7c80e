#include "ui/commandstatus.h"

#include <QPointer>

namespace ChargeDesk::Ui {

namespace {

// OCPP spells the positive answers differently per call.
const QStringList successStatuses{QStringLiteral("Accepted"), QStringLiteral("Unlocked"), QStringLiteral("Scheduled"),
                                  QStringLiteral("RebootRequired")};

} // namespace

bool isSuccess(const Core::CommandResult &result)
{
    using Outcome = Core::CommandResult::Outcome;
    // Calls whose answer has no status (1.6 UpdateFirmware, GetDiagnostics) succeed by answering.
    return result.outcome == Outcome::Answered && (result.status.isEmpty() || successStatuses.contains(result.status));
}

QString describeResult(const Core::CommandResult &result)
{
    using Outcome = Core::CommandResult::Outcome;
    switch (result.outcome) {
    case Outcome::Answered:
        if (result.status.isEmpty() || result.status == QLatin1String("Accepted"))
            return CommandStatus::tr("Accepted by the station.");
        if (result.status == QLatin1String("Scheduled"))
            return CommandStatus::tr("Scheduled: the station does it once its current session ends.");
        if (result.status == QLatin1String("Unlocked"))
            return CommandStatus::tr("Unlocked.");
        if (result.status == QLatin1String("UnlockFailed"))
            return CommandStatus::tr("The station tried but could not unlock the connector.");
        if (result.status == QLatin1String("RebootRequired"))
            return CommandStatus::tr("Accepted; it takes effect after the station reboots.");
        if (result.status == QLatin1String("Rejected"))
            return CommandStatus::tr("The station rejected it.");
        return CommandStatus::tr("The station answered “%1”.").arg(result.status);
    case Outcome::Refused: return CommandStatus::tr("The station refused the request: %1").arg(result.error);
    case Outcome::NotConnected:
        return CommandStatus::tr("The station is not connected, so nothing was sent. Try again once it is online.");
    case Outcome::TimedOut: return CommandStatus::tr("The station did not answer in time.");
    case Outcome::Invalid:
        return CommandStatus::tr("The request does not fit the station's OCPP version: %1").arg(result.error);
    case Outcome::Unsupported:
        return CommandStatus::tr("The station's OCPP version has no such operation: %1").arg(result.error);
    }
    return result.error;
}

CommandStatus::CommandStatus(QWidget *parent)
    : QLabel(parent)
{
    setWordWrap(true);
    setTextInteractionFlags(Qt::TextSelectableByMouse);
}

bool CommandStatus::send(Core::ChargePointGateway *gateway, qint64 stationId, const QString &what,
                         const Core::Command &command, std::function<void(const Core::CommandResult &)> done)
{
    if (!gateway || !gateway->isConnected(stationId)) {
        Core::CommandResult offline;
        offline.outcome = Core::CommandResult::Outcome::NotConnected;
        showText(tr("%1: %2").arg(what, describeResult(offline)), QStringLiteral("#c62828"));
        return false;
    }
    m_busy = true;
    showText(tr("%1: waiting for the station…").arg(what), QString());
    QPointer<CommandStatus> self(this);
    gateway->send(stationId, command, [self, what, done](const Core::CommandResult &result) {
        if (!self)
            return;
        self->m_busy = false;
        self->showText(tr("%1: %2").arg(what, describeResult(result)),
                       isSuccess(result) ? QStringLiteral("#2e7d32") : QStringLiteral("#c62828"));
        emit self->finished(result);
        if (done)
            done(result);
    });
    return true;
}

void CommandStatus::showText(const QString &text, const QString &colour)
{
    setText(text);
    setStyleSheet(colour.isEmpty() ? QString() : QStringLiteral("color: %1;").arg(colour));
}

} // namespace ChargeDesk::Ui
