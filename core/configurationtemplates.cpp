#include "core/configurationtemplates.h"

#include <QSet>

#include <algorithm>

namespace ChargeDesk::Core {

namespace {

std::optional<qint64> optionalMs(const QVariant &v)
{
    if (!v.isValid() || v.isNull())
        return std::nullopt;
    return v.toLongLong();
}

// OCPP 1.6 keys are case-insensitive (CiString), so two templates that spell a key
// differently still mean the same setting.
QString target(const TemplateSetting &s)
{
    return QStringLiteral("%1|%2|%3").arg(s.key.toLower()).arg(s.evse).arg(s.connector);
}

} // namespace

bool templateApplies(const ConfigurationTemplate &t, const StationProfile &station, qint64 nowMs)
{
    if (t.validFromMs && nowMs < *t.validFromMs)
        return false;
    if (t.validToMs && nowMs >= *t.validToMs)
        return false;
    if (!t.protocol.isEmpty() && t.protocol != station.protocol)
        return false;
    return t.operatorId == 0 || t.operatorId == station.operatorId;
}

QList<QList<TemplateSetting>> planConfiguration(QList<ConfigurationTemplate> assigned, const StationProfile &station,
                                                qint64 nowMs)
{
    std::stable_sort(assigned.begin(), assigned.end(),
                     [](const ConfigurationTemplate &a, const ConfigurationTemplate &b) {
                         return a.priority != b.priority ? a.priority > b.priority : a.id < b.id;
                     });
    QList<QList<TemplateSetting>> batches;
    QSet<QString> taken;
    QSet<qint64> seen; // a template assigned both to the station and to its area counts once
    for (const ConfigurationTemplate &t : std::as_const(assigned)) {
        if (seen.contains(t.id) || !templateApplies(t, station, nowMs))
            continue;
        seen.insert(t.id);
        QList<TemplateSetting> batch;
        for (const TemplateSetting &s : t.settings) {
            const QString key = target(s);
            if (taken.contains(key))
                continue;
            taken.insert(key);
            batch << s;
            if (batch.size() >= qMax(1, t.batchSize))
                batches << std::exchange(batch, {});
        }
        if (!batch.isEmpty())
            batches << batch;
    }
    return batches;
}

ConfigurationTemplates::ConfigurationTemplates(Repository &repository)
    : m_repository(repository)
{}

Result<QList<Record>> ConfigurationTemplates::all(const QString &table, const QString &field, const QVariant &value)
{
    ListQuery q;
    q.filters << ListQuery::Filter{field, ListQuery::Filter::Op::Equals, value};
    q.limit = 10000;
    return m_repository.list(Actor::system(), table, q);
}

Result<StationProfile> ConfigurationTemplates::profile(const Record &station)
{
    StationProfile profile{
        station.value(QStringLiteral("id")).toLongLong(), station.value(QStringLiteral("protocol")).toString(), 0, {}};
    // The station belongs to its area's operator, as access control sees it.
    qint64 areaId = station.value(QStringLiteral("area_id")).toLongLong();
    while (areaId != 0 && !profile.areaIds.contains(areaId)) {
        auto area = m_repository.get(Actor::system(), Tables::Areas, areaId);
        if (!area)
            return area.error();
        if (profile.areaIds.isEmpty())
            profile.operatorId = area.value().value(QStringLiteral("operator_id")).toLongLong();
        profile.areaIds << areaId;
        areaId = area.value().value(QStringLiteral("parent_id")).toLongLong();
    }
    return profile;
}

Result<ConfigurationTemplate> ConfigurationTemplates::load(qint64 templateId)
{
    auto row = m_repository.get(Actor::system(), Tables::ConfigTemplates, templateId);
    if (!row)
        return row.error();
    const Record &r = row.value();
    ConfigurationTemplate t;
    t.id = templateId;
    t.priority = r.value(QStringLiteral("priority")).toInt();
    t.validFromMs = optionalMs(r.value(QStringLiteral("valid_from")));
    t.validToMs = optionalMs(r.value(QStringLiteral("valid_to")));
    t.protocol = r.value(QStringLiteral("protocol")).toString();
    t.batchSize = r.value(QStringLiteral("batch_size"), 10).toInt();
    t.operatorId = r.value(QStringLiteral("operator_id")).toLongLong();
    auto settings = all(Tables::ConfigTemplateSettings, QStringLiteral("template_id"), templateId);
    if (!settings)
        return settings.error();
    for (const Record &s : settings.value()) {
        t.settings << TemplateSetting{templateId, s.value(QStringLiteral("setting_key")).toString(),
                                      s.value(QStringLiteral("setting_value")).toString(),
                                      s.value(QStringLiteral("evse_id")).toInt(),
                                      s.value(QStringLiteral("connector_number")).toInt()};
    }
    return t;
}

Result<QList<ConfigurationTemplate>> ConfigurationTemplates::assignedTo(const StationProfile &station)
{
    QList<Record> assignments;
    auto direct = all(Tables::ConfigTemplateAssignments, QStringLiteral("station_id"), station.stationId);
    if (!direct)
        return direct.error();
    assignments << direct.value();
    for (const qint64 areaId : station.areaIds) {
        auto viaArea = all(Tables::ConfigTemplateAssignments, QStringLiteral("area_id"), areaId);
        if (!viaArea)
            return viaArea.error();
        assignments << viaArea.value();
    }
    QList<ConfigurationTemplate> templates;
    QSet<qint64> loaded;
    for (const Record &a : std::as_const(assignments)) {
        const qint64 id = a.value(QStringLiteral("template_id")).toLongLong();
        if (loaded.contains(id))
            continue;
        loaded.insert(id);
        auto t = load(id);
        if (!t)
            return t.error();
        templates << t.value();
    }
    return templates;
}

Status ConfigurationTemplates::storeResult(qint64 stationId, const TemplateSetting &setting,
                                           const SettingResult &result, qint64 atMs)
{
    using Filter = ListQuery::Filter;
    const auto place = [](const QString &field, int number) {
        return number > 0 ? Filter{field, Filter::Op::Equals, number} : Filter{field, Filter::Op::IsNull, {}};
    };
    ListQuery q;
    q.filters << Filter{QStringLiteral("station_id"), Filter::Op::Equals, stationId}
              << Filter{QStringLiteral("setting_key"), Filter::Op::Equals, setting.key}
              << place(QStringLiteral("evse_id"), setting.evse)
              << place(QStringLiteral("connector_number"), setting.connector);
    q.limit = 1;
    auto existing = m_repository.list(Actor::system(), Tables::ConfigResults, q);
    if (!existing)
        return existing.error();
    Record values{{QStringLiteral("template_id"), setting.templateId > 0 ? QVariant(setting.templateId) : QVariant()},
                  {QStringLiteral("setting_value"), setting.value},
                  {QStringLiteral("status"), result.status},
                  {QStringLiteral("detail"), result.detail},
                  {QStringLiteral("applied_at"), atMs}};
    if (!existing.value().isEmpty())
        return m_repository.update(Actor::system(), Tables::ConfigResults,
                                   existing.value().first().value(QStringLiteral("id")).toLongLong(), values);
    values.insert(QStringLiteral("station_id"), stationId);
    values.insert(QStringLiteral("setting_key"), setting.key);
    if (setting.evse > 0)
        values.insert(QStringLiteral("evse_id"), setting.evse);
    if (setting.connector > 0)
        values.insert(QStringLiteral("connector_number"), setting.connector);
    auto created = m_repository.create(Actor::system(), Tables::ConfigResults, values);
    if (!created)
        return created.error();
    return Ok{};
}

} // namespace ChargeDesk::Core
