#pragma once

#include "core/chargepointgateway.h"
#include "core/repository.h"

#include <QList>
#include <QString>

#include <optional>

namespace ChargeDesk::Core {

// One setting a configuration template asks a station for.
struct TemplateSetting
{
    qint64 templateId = 0;
    QString key; // an OCPP 1.6 key, or Component/Variable for OCPP 2.0.1
    QString value;
    int evse = 0;      // 0: the whole station
    int connector = 0; // 0: the whole charger (EVSE)

    friend bool operator==(const TemplateSetting &, const TemplateSetting &) = default;
};

struct ConfigurationTemplate
{
    qint64 id = 0;
    int priority = 0;
    std::optional<qint64> validFromMs;
    std::optional<qint64> validToMs;
    QString protocol; // empty: every protocol
    int batchSize = 10;
    qint64 operatorId = 0; // 0: the whole site
    QList<TemplateSetting> settings;
};

// What template matching needs to know about a station.
struct StationProfile
{
    qint64 stationId = 0;
    QString protocol;
    qint64 operatorId = 0; // the operator of the station's area, 0 for none
    QList<qint64> areaIds; // the station's area first, then its parents
};

// Whether a template that is assigned to the station applies to it at `nowMs`: inside its
// validity, for the station's protocol, and for the station's operator when it names one.
bool templateApplies(const ConfigurationTemplate &t, const StationProfile &station, qint64 nowMs);

// The settings to send, batch by batch: applicable templates by priority (highest first,
// then the older template), each setting from the highest-priority template that has it, each
// template's settings in batches of its batch size. Batches never mix templates.
QList<QList<TemplateSetting>> planConfiguration(QList<ConfigurationTemplate> assigned, const StationProfile &station,
                                                qint64 nowMs);

// Reads the station, its area chain and the templates assigned to it or to any of its areas.
class ConfigurationTemplates final
{
public:
    explicit ConfigurationTemplates(Repository &repository);

    Result<StationProfile> profile(const Record &station);
    Result<QList<ConfigurationTemplate>> assignedTo(const StationProfile &station);
    // Keeps what the station answered to a setting (a template's, or one changed by hand when
    // templateId is 0), replacing the earlier answer for the same key and place.
    Status storeResult(qint64 stationId, const TemplateSetting &setting, const SettingResult &result, qint64 atMs);

private:
    Result<QList<Record>> all(const QString &table, const QString &field, const QVariant &value);
    Result<ConfigurationTemplate> load(qint64 templateId);

    Repository &m_repository;
};

} // namespace ChargeDesk::Core
