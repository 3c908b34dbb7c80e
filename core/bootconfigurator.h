#pragma once

#include "core/chargepointgateway.h"
#include "core/configurationtemplates.h"

#include <QHash>
#include <QObject>

#include <memory>

namespace ChargeDesk::Core {

// Brings a station in line each time it comes online: first its boot configuration
// (trigger messages, clearing charging profiles), then the settings of the configuration
// templates that apply to it, one batch after the other, storing each setting's result.
class BootConfigurator final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BootConfigurator)

public:
    // Why the station is online: its boot was accepted, or it reconnected without booting.
    enum class Occasion { Booted, Reconnected };
    Q_ENUM(Occasion)

    BootConfigurator(Repository &repository, ChargePointGateway &gateway, const Clock &clock,
                     QObject *parent = nullptr);

    // The station's boot configuration as commands, in the order they are sent.
    static QList<Command> bootCommands(const Record &station, Occasion occasion);
    // One change-configuration that carries a batch of template settings.
    static Command settingsCommand(const QList<TemplateSetting> &batch);

public slots:
    // Starts over when the station comes online again before an earlier run finished.
    void configure(qint64 stationId, ChargeDesk::Core::BootConfigurator::Occasion occasion);

signals:
    // Every command got its answer (or failed) and the results are stored.
    void configured(qint64 stationId);

private:
    struct Step
    {
        Command command;
        QList<TemplateSetting> batch; // empty for the boot configuration's commands
    };
    struct Run
    {
        qint64 stationId = 0;
        quint64 number = 0;
        QList<Step> steps;
        qsizetype next = 0;
    };

    Result<QList<QList<TemplateSetting>>> templateBatches(const Record &station);
    void advance(const std::shared_ptr<Run> &run);
    void finish(const Run &run);
    void record(qint64 stationId, const QList<TemplateSetting> &batch, const CommandResult &result);

    Repository &m_repository;
    ChargePointGateway &m_gateway;
    const Clock &m_clock;
    ConfigurationTemplates m_templates;
    quint64 m_started = 0;
    QHash<qint64, quint64> m_current; // station -> the number of its latest run
};

} // namespace ChargeDesk::Core
