#pragma once

#include "core/chargepointgateway.h"
#include "core/clock.h"
#include "core/configurationtemplates.h"

#include <QObject>

#include <functional>
#include <optional>

namespace ChargeDesk::Core {

// A standard configuration parameter the console reads and changes on a connected station,
// with its name in each OCPP version. The catalogue follows the specification's groups.
struct LiveParameter
{
    enum class Group { General, Transactional, Metering, Authorization, PlugAndCharge };

    Group group;
    QString name;   // neutral, stable: "heartbeat_interval"
    QString label;  // for people
    QString key16;  // the OCPP 1.6 configuration key
    QString key201; // the OCPP 2.0.1 Component/Variable

    QString keyFor(const QString &protocol) const;
    static QString groupName(Group group);  // "general", "transactional", ...
    static QString groupLabel(Group group); // "General", "Transactions", ...
    static std::optional<Group> groupFromName(const QString &name);
};

// What a station reported last for one key.
struct LiveValue
{
    QString key;
    int evse = 0;
    QString value;
    bool readonly = false;
    QString status; // accepted, unknown_key, unknown_variable, ... (see ConfigurationValue)
    qint64 readAtMs = 0;
};

// Reads and changes a connected station's configuration. Nothing of it is taken as the truth:
// only what the station last reported (live_configuration) and what it answered to each
// change (configuration_results) are kept.
class LiveConfiguration final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LiveConfiguration)

public:
    LiveConfiguration(Repository &repository, ChargePointGateway &gateway, const Clock &clock,
                      QObject *parent = nullptr);

    static const QList<LiveParameter> &parameters();
    // The catalogue's keys for a protocol ("ocpp1.6", "ocpp2.0.1"), of one group or all.
    static QStringList keys(const QString &protocol, std::optional<LiveParameter::Group> group = {});

    // Asks the station for `keys` and stores every value it returns. With no keys, a 1.6
    // station returns all of its keys; 2.0.1 has no such call (use get-base-report).
    void read(qint64 stationId, const QStringList &keys, std::function<void(const CommandResult &)> done);
    // Sends one setting and stores the station's answer with the value that was asked for.
    void change(qint64 stationId, const TemplateSetting &setting, std::function<void(const CommandResult &)> done);

    Result<QList<LiveValue>> stored(qint64 stationId);

private:
    Status store(qint64 stationId, const QList<ConfigurationValue> &values);

    Repository &m_repository;
    ChargePointGateway &m_gateway;
    const Clock &m_clock;
    ConfigurationTemplates m_results;
};

} // namespace ChargeDesk::Core
