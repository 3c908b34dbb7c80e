#include "ui/stations/commandstatus.h"

#include "ui/widgets/tr.h"
#include "ui/widgets/valueformat.h"

#include <QPointer>

namespace ChargeDesk::Ui {

namespace {

// OCPP spells the positive answers differently per call.
const QStringList successStatuses{QStringLiteral("Accepted"), QStringLiteral("Unlocked"), QStringLiteral("Scheduled"),
                                  QStringLiteral("RebootRequired")};

// Green and red that read on light and dark palettes alike.
const QString Success = QStringLiteral("#2e7d32");
const QString Failure = QStringLiteral("#c62828");

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
        if (result.status.isEmpty()) // 1.6 UpdateFirmware and GetDiagnostics answer without a status
            return Tr::tr("The station took the request.");
        if (result.status == QLatin1String("Accepted"))
            return Tr::tr("Accepted by the station.");
        if (result.status == QLatin1String("Scheduled"))
            return Tr::tr("Scheduled: the station does it once its current session ends.");
        if (result.status == QLatin1String("Unlocked"))
            return Tr::tr("Unlocked.");
        if (result.status == QLatin1String("UnlockFailed"))
            return Tr::tr("The station tried but could not unlock the connector.");
        if (result.status == QLatin1String("RebootRequired"))
            return Tr::tr("Accepted; it takes effect after the station reboots.");
        if (result.status == QLatin1String("Rejected"))
            return Tr::tr("The station rejected it.");
        return Tr::tr("The station answered: %1.").arg(ocppStatusText(result.status));
    case Outcome::Refused: return Tr::tr("The station refused the request: %1").arg(result.error);
    case Outcome::NotConnected:
        return Tr::tr("The station is not connected, so nothing was sent. Try again once it is online.");
    case Outcome::TimedOut: return Tr::tr("The station did not answer in time.");
    case Outcome::Invalid: return Tr::tr("The request does not fit the station's OCPP version: %1").arg(result.error);
    case Outcome::Unsupported: return Tr::tr("The station's OCPP version has no such operation: %1").arg(result.error);
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
    const auto line = [what](const QString &text) {
        return what.isEmpty() ? text : Tr::tr("%1: %2").arg(what, text);
    };
    if (!gateway) {
        showProblem(line(Tr::tr("This console runs without its OCPP server, so it cannot reach stations.")));
        return false;
    }
    if (!gateway->isConnected(stationId)) {
        Core::CommandResult offline;
        offline.outcome = Core::CommandResult::Outcome::NotConnected;
        showProblem(line(describeResult(offline)));
        return false;
    }
    m_busy = true;
    showText(line(Tr::tr("Waiting for the station's answer…")), QString());
    QPointer<CommandStatus> self(this);
    gateway->send(stationId, command, [self, line, done](const Core::CommandResult &result) {
        if (!self)
            return;
        self->m_busy = false;
        self->showText(line(describeResult(result)), isSuccess(result) ? Success : Failure);
        emit self->finished(result);
        if (done)
            done(result);
    });
    return true;
}

void CommandStatus::showProblem(const QString &text)
{
    showText(text, Failure);
}

void CommandStatus::showText(const QString &text, const QString &colour)
{
    setText(text);
    setStyleSheet(colour.isEmpty() ? QString() : QStringLiteral("color: %1;").arg(colour));
}

} // namespace ChargeDesk::Ui
