#include "core/bootconfigurator.h"

#include <QLoggingCategory>
#include <QPointer>

Q_LOGGING_CATEGORY(lcBoot, "chargedesk.core.boot")

namespace ChargeDesk::Core {

BootConfigurator::BootConfigurator(Repository &repository, ChargePointGateway &gateway, const Clock &clock,
                                   QObject *parent)
    : QObject(parent)
    , m_repository(repository)
    , m_gateway(gateway)
    , m_clock(clock)
    , m_templates(repository)
{}

QList<Command> BootConfigurator::bootCommands(const Record &station, Occasion occasion)
{
    const auto enabled = [&](const char *field) {
        return station.value(QString::fromLatin1(field)).toBool();
    };
    const auto trigger = [](const char *message) {
        return Command{Command::Kind::TriggerMessage, {{QStringLiteral("message"), QString::fromLatin1(message)}}};
    };
    QList<Command> commands;
    // A station that has just booted has sent its boot data already. Triggering another
    // boot notification then would be useless, and if every accepted boot started a boot
    // configuration it would never end. So the boot is only triggered for a station that
    // came back without booting, whose boot data may be out of date.
    if (occasion == Occasion::Reconnected && enabled("boot_trigger_boot"))
        commands << trigger("boot");
    if (enabled("boot_trigger_status"))
        commands << trigger("status");
    if (enabled("boot_trigger_heartbeat"))
        commands << trigger("heartbeat");
    if (enabled("boot_clear_profiles"))
        commands << Command{Command::Kind::ClearChargingProfile, {}}; // no criteria: every profile
    return commands;
}

Command BootConfigurator::settingsCommand(const QList<TemplateSetting> &batch)
{
    QVariantList settings;
    for (const TemplateSetting &s : batch) {
        QVariantMap item{{QStringLiteral("key"), s.key}, {QStringLiteral("value"), s.value}};
        if (s.evse > 0)
            item.insert(QStringLiteral("evse"), s.evse);
        if (s.connector > 0)
            item.insert(QStringLiteral("connector"), s.connector);
        settings << item;
    }
    return Command{Command::Kind::ChangeConfiguration, {{QStringLiteral("settings"), settings}}};
}

void BootConfigurator::configure(qint64 stationId, Occasion occasion)
{
    auto run = std::make_shared<Run>(Run{stationId, ++m_started, {}, 0});
    m_current.insert(stationId, run->number);
    auto station = m_repository.get(Actor::system(), Tables::Stations, stationId);
    if (!station) {
        qCWarning(lcBoot) << "station" << stationId << ":" << station.error().message();
        return finish(*run);
    }
    for (const Command &c : bootCommands(station.value(), occasion))
        run->steps << Step{c, {}};
    // The boot configuration is still worth sending when the templates cannot be read.
    if (auto batches = templateBatches(station.value())) {
        for (const auto &batch : batches.value())
            run->steps << Step{settingsCommand(batch), batch};
    } else {
        qCWarning(lcBoot) << "templates of station" << stationId << ":" << batches.error().message();
    }
    advance(run);
}

Result<QList<QList<TemplateSetting>>> BootConfigurator::templateBatches(const Record &station)
{
    auto profile = m_templates.profile(station);
    if (!profile)
        return profile.error();
    auto templates = m_templates.assignedTo(profile.value());
    if (!templates)
        return templates.error();
    return planConfiguration(templates.value(), profile.value(), m_clock.nowMs());
}

void BootConfigurator::advance(const std::shared_ptr<Run> &run)
{
    if (m_current.value(run->stationId) != run->number)
        return; // a newer run took over
    if (run->next >= run->steps.size())
        return finish(*run);
    const Step &step = run->steps.at(run->next++);
    // One step at a time: a batch goes out only when the previous one is answered.
    m_gateway.send(run->stationId, step.command,
                   [self = QPointer<BootConfigurator>(this), run, batch = step.batch](const CommandResult &result) {
                       if (!self)
                           return;
                       if (result.outcome == CommandResult::Outcome::NotConnected) {
                           // It may or may not have applied what was in flight; the next
                           // connection sends everything again anyway.
                           return self->finish(*run);
                       }
                       if (!batch.isEmpty())
                           self->record(run->stationId, batch, result);
                       self->advance(run);
                   });
}

void BootConfigurator::finish(const Run &run)
{
    if (m_current.value(run.stationId) != run.number)
        return;
    m_current.remove(run.stationId);
    emit configured(run.stationId);
}

void BootConfigurator::record(qint64 stationId, const QList<TemplateSetting> &batch, const CommandResult &result)
{
    Status s = m_repository.database().transaction([&]() -> Status {
        for (qsizetype i = 0; i < batch.size(); ++i) {
            const SettingResult answer =
                i < result.settings.size()
                    ? result.settings.at(i)
                    : SettingResult{result.outcome == CommandResult::Outcome::Answered ? QStringLiteral("unanswered")
                                                                                       : result.outcomeName(),
                                    result.error};
            if (Status stored = m_templates.storeResult(stationId, batch.at(i), answer, m_clock.nowMs()); !stored)
                return stored;
        }
        return Ok{};
    });
    if (!s)
        qCWarning(lcBoot) << "results of station" << stationId << ":" << s.error().message();
}

} // namespace ChargeDesk::Core
