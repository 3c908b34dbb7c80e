#pragma once

#include "core/entitydef.h"

#include <QHash>
#include <QList>

namespace ChargeDesk::Core {

// Table names, so that callers do not spell them by hand.
namespace Tables {
inline const QString SiteSettings = QStringLiteral("site_settings");
inline const QString RatingSettings = QStringLiteral("session_rating_settings");
inline const QString Operators = QStringLiteral("operators");
inline const QString OperatorMembers = QStringLiteral("operator_members");
inline const QString Users = QStringLiteral("users");
inline const QString Areas = QStringLiteral("areas");
inline const QString AreaLimitPeriods = QStringLiteral("area_limit_periods");
inline const QString Stations = QStringLiteral("stations");
inline const QString Chargers = QStringLiteral("chargers");
inline const QString Connectors = QStringLiteral("connectors");
inline const QString Assets = QStringLiteral("assets");
inline const QString AssetMeasurements = QStringLiteral("asset_measurements");
inline const QString Customers = QStringLiteral("customers");
inline const QString IdDeviceTypes = QStringLiteral("id_device_types");
inline const QString IdDevices = QStringLiteral("id_devices");
inline const QString Sessions = QStringLiteral("sessions");
inline const QString SessionEvents = QStringLiteral("session_events");
inline const QString MeterValues = QStringLiteral("meter_values");
inline const QString Reservations = QStringLiteral("reservations");
inline const QString ChargingProfiles = QStringLiteral("charging_profiles");
inline const QString ChargingProfilePeriods = QStringLiteral("charging_profile_periods");
inline const QString ConfigTemplates = QStringLiteral("configuration_templates");
inline const QString ConfigTemplateSettings = QStringLiteral("configuration_template_settings");
inline const QString ConfigTemplateAssignments = QStringLiteral("configuration_template_assignments");
inline const QString ConfigResults = QStringLiteral("configuration_results");
inline const QString LiveConfiguration = QStringLiteral("live_configuration");
inline const QString MessageTemplates = QStringLiteral("message_templates");
inline const QString NotificationRules = QStringLiteral("notification_rules");
inline const QString NotificationPublishers = QStringLiteral("notification_publishers");
inline const QString NotificationReceivers = QStringLiteral("notification_receivers");
inline const QString NotificationLogs = QStringLiteral("notification_logs");
inline const QString RoamingProfiles = QStringLiteral("roaming_profiles");
inline const QString RoamingPlatforms = QStringLiteral("roaming_platforms");
inline const QString RoamingTariffs = QStringLiteral("roaming_tariffs");
inline const QString RoamingTariffDetails = QStringLiteral("roaming_tariff_details");
inline const QString RoamingTariffLinks = QStringLiteral("roaming_tariff_links");
inline const QString Terminals = QStringLiteral("terminals");
inline const QString AppTemplates = QStringLiteral("app_templates");
inline const QString OcppMessages = QStringLiteral("ocpp_messages");
inline const QString RefusedConnections = QStringLiteral("refused_connections");
} // namespace Tables

// The data model of the whole specification: every entity with its fields and rules.
// The schema itself lives in the SQL migrations; a test checks that the two agree.
class Catalog
{
public:
    Catalog();

    const EntityDef &entity(const QString &table) const;
    bool contains(const QString &table) const { return m_index.contains(table); }
    const QList<EntityDef> &entities() const { return m_entities; }

    struct Referrer
    {
        const EntityDef *entity;
        const FieldDef *field;
    };
    // Entities whose rows block deleting a row of `table` (references that are not owned parts).
    QList<Referrer> blockingReferrers(const QString &table) const;

private:
    void add(EntityDef def);

    QList<EntityDef> m_entities;
    QHash<QString, qsizetype> m_index;
};

} // namespace ChargeDesk::Core
