#include "core/chargepointgateway.h"

#include <QHash>

namespace ChargeDesk::Core {

namespace {
const QList<std::pair<Command::Kind, QString>> &names()
{
    static const QList<std::pair<Command::Kind, QString>> list{
        {Command::Kind::Reset, QStringLiteral("reset")},
        {Command::Kind::ChangeAvailability, QStringLiteral("change-availability")},
        {Command::Kind::UnlockConnector, QStringLiteral("unlock-connector")},
        {Command::Kind::UpdateFirmware, QStringLiteral("update-firmware")},
        {Command::Kind::UploadDiagnostics, QStringLiteral("upload-diagnostics")},
        {Command::Kind::TriggerMessage, QStringLiteral("trigger-message")},
        {Command::Kind::GetConfiguration, QStringLiteral("get-configuration")},
        {Command::Kind::ChangeConfiguration, QStringLiteral("change-configuration")},
        {Command::Kind::ClearCache, QStringLiteral("clear-cache")},
        {Command::Kind::SendLocalList, QStringLiteral("send-local-list")},
        {Command::Kind::GetLocalListVersion, QStringLiteral("get-local-list-version")},
        {Command::Kind::ReserveNow, QStringLiteral("reserve-now")},
        {Command::Kind::CancelReservation, QStringLiteral("cancel-reservation")},
        {Command::Kind::RemoteStart, QStringLiteral("remote-start")},
        {Command::Kind::RemoteStop, QStringLiteral("remote-stop")},
        {Command::Kind::SetChargingProfile, QStringLiteral("set-charging-profile")},
        {Command::Kind::ClearChargingProfile, QStringLiteral("clear-charging-profile")},
        {Command::Kind::GetCompositeSchedule, QStringLiteral("get-composite-schedule")},
        {Command::Kind::DataTransfer, QStringLiteral("data-transfer")},
        {Command::Kind::GetBaseReport, QStringLiteral("get-base-report")},
        {Command::Kind::SetDisplayMessage, QStringLiteral("set-display-message")},
        {Command::Kind::GetDisplayMessages, QStringLiteral("get-display-messages")},
        {Command::Kind::ClearDisplayMessage, QStringLiteral("clear-display-message")},
        {Command::Kind::Disconnect, QStringLiteral("disconnect")},
    };
    return list;
}
} // namespace

std::optional<Command::Kind> Command::kindFromName(const QString &name)
{
    for (const auto &[kind, n] : names()) {
        if (n == name)
            return kind;
    }
    return std::nullopt;
}

QString Command::kindName(Kind kind)
{
    for (const auto &[k, n] : names()) {
        if (k == kind)
            return n;
    }
    return {};
}

QList<Command::Kind> Command::allKinds()
{
    QList<Kind> kinds;
    for (const auto &entry : names())
        kinds << entry.first;
    return kinds;
}

QString CommandResult::outcomeName() const
{
    switch (outcome) {
    case Outcome::Answered: return QStringLiteral("answered");
    case Outcome::Refused: return QStringLiteral("refused");
    case Outcome::NotConnected: return QStringLiteral("not_connected");
    case Outcome::TimedOut: return QStringLiteral("timed_out");
    case Outcome::Invalid: return QStringLiteral("invalid");
    case Outcome::Unsupported: return QStringLiteral("unsupported");
    }
    return QStringLiteral("unknown");
}

} // namespace ChargeDesk::Core
