#include "server/ocpp/commandmapper.h"

#include "server/ocpp/calls.h"

namespace ChargeDesk::Server::Ocpp {

using Kind = Core::Command::Kind;

std::variant<MappedCall, QString> mapCommand(const Core::Command &command, Version version, const QDateTime &now)
{
    return version == Version::V16 ? map16(command, now) : map201(command, now);
}

QVariantList configurationSettings(const Core::Command &command)
{
    if (command.args.contains(QStringLiteral("settings")))
        return command.args.value(QStringLiteral("settings")).toList();
    return {QVariantMap{{QStringLiteral("key"), command.args.value(QStringLiteral("key"))},
                        {QStringLiteral("value"), command.args.value(QStringLiteral("value"))}}};
}

QList<Core::Command> splitCommand(const Core::Command &command, Version version)
{
    if (command.kind != Kind::ChangeConfiguration || version != Version::V16)
        return {command};
    const QVariantList settings = configurationSettings(command);
    if (settings.size() < 2)
        return {command};
    QList<Core::Command> parts;
    for (const QVariant &setting : settings)
        parts << Core::Command{Kind::ChangeConfiguration, {{QStringLiteral("settings"), QVariantList{setting}}}};
    return parts;
}

} // namespace ChargeDesk::Server::Ocpp
