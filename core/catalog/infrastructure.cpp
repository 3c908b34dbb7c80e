#include "core/catalog.h"
#include "core/catalog/entities.h"
#include "core/catalog/fields.h"

namespace ChargeDesk::Core::Entities {

// Areas with their limit periods, and the charging profiles that limit chargers.
QList<EntityDef> areas()
{
    QList<EntityDef> entities;
    const auto add = [&entities](EntityDef def) {
        entities.append(std::move(def));
    };

    {
        EntityDef area{Tables::Areas,
                       Tr::tr("area"),
                       Tr::tr("areas"),
                       QStringLiteral("name"),
                       {code(), name(), reference(QStringLiteral("operator_id"), Tr::tr("Operator"), Tables::Operators),
                        reference(QStringLiteral("parent_id"), Tr::tr("Parent area"), Tables::Areas),
                        text(QStringLiteral("support_name"), Tr::tr("Support contact name")),
                        text(QStringLiteral("support_phone"), Tr::tr("Support contact phone")).maxLen(40),
                        email(QStringLiteral("support_email"), Tr::tr("Support contact email"))},
                       scope(Kind::OperatorColumn, QStringLiteral("operator_id"), true)};
        area.hasCustomAttributes = true;
        area.fields << address() << coordinates();
        area.fields
            << text(QStringLiteral("roaming_id"), Tr::tr("Roaming ID")).maxLen(36).unique()
            << boolean(QStringLiteral("dlb_enabled"), Tr::tr("Dynamic load balancing"))
            << choice(QStringLiteral("dlb_limit_type"), Tr::tr("Electric output limit type"),
                      {QStringLiteral("power"), QStringLiteral("current")})
                   .byDefault(QStringLiteral("power"))
            << integer(QStringLiteral("dlb_limit"), Tr::tr("Electric output limit")).nonNegative()
            << boolean(QStringLiteral("dlb_by_asset"), Tr::tr("Balancing by asset"))
            << boolean(QStringLiteral("dlb_priority_levels"), Tr::tr("Priority levels"))
            << choice(QStringLiteral("dlb_distribution"), Tr::tr("Distribution strategy"),
                      {QStringLiteral("equal"), QStringLiteral("first_in_first_charged")})
                   .byDefault(QStringLiteral("equal"))
            << choice(QStringLiteral("dlb_fallout"), Tr::tr("Fallout strategy"),
                      {QStringLiteral("first_in"), QStringLiteral("round_allocation")})
                   .byDefault(QStringLiteral("first_in"))
            << integer(QStringLiteral("dlb_redistribution_interval_s"), Tr::tr("Redistribution interval"))
                   .range(60, std::nullopt)
                   .byDefault(60)
            << integer(QStringLiteral("dlb_min_increase_percent"), Tr::tr("Smallest rise sent: share")).range(0, 100)
            << integer(QStringLiteral("dlb_min_increase"), Tr::tr("Smallest rise sent: amount")).nonNegative()
            << integer(QStringLiteral("dlb_min_supply"), Tr::tr("Minimum supply")).nonNegative()
            << integer(QStringLiteral("dlb_max_supply"), Tr::tr("Maximum supply")).nonNegative();
        area.rules << [](const Record &r, const Lookup &lookup) -> QList<FieldError> {
            QList<FieldError> errors;
            // A parent chain that comes back to this area would make the hierarchy endless.
            const qint64 self = r.value(QStringLiteral("id")).toLongLong();
            qint64 parent = r.value(QStringLiteral("parent_id")).toLongLong();
            for (int depth = 0; parent != 0 && depth < 64; ++depth) {
                if (parent == self) {
                    errors << FieldError{QStringLiteral("parent_id"),
                                         Tr::tr("An area cannot be its own parent or the parent of its parents.")};
                    break;
                }
                const auto row = lookup(Tables::Areas, parent);
                parent = row ? row->value(QStringLiteral("parent_id")).toLongLong() : 0;
            }
            if (r.value(QStringLiteral("dlb_enabled")).toBool() && !isSet(r, QStringLiteral("dlb_limit")) &&
                !r.value(QStringLiteral("dlb_by_asset")).toBool())
                errors << FieldError{QStringLiteral("dlb_limit"),
                                     Tr::tr("Load balancing needs an output limit or balancing by asset.")};
            if (isSet(r, QStringLiteral("dlb_min_supply")) && isSet(r, QStringLiteral("dlb_max_supply")) &&
                r.value(QStringLiteral("dlb_min_supply")).toLongLong() >
                    r.value(QStringLiteral("dlb_max_supply")).toLongLong())
                errors << FieldError{QStringLiteral("dlb_max_supply"),
                                     Tr::tr("The maximum supply must not be below the minimum supply.")};
            return errors;
        };
        add(area);
    }

    add({Tables::AreaLimitPeriods,
         Tr::tr("limit period"),
         Tr::tr("limit periods"),
         QStringLiteral("starts_at"),
         {reference(QStringLiteral("area_id"), Tr::tr("Area"), Tables::Areas).required().owned(),
          choice(QStringLiteral("recurrence"), Tr::tr("Recurrence"), Recurrences).required(),
          timestamp(QStringLiteral("starts_at"), Tr::tr("Start")).required(),
          timestamp(QStringLiteral("ends_at"), Tr::tr("End")).required(), weekdays(),
          integer(QStringLiteral("limit_value"), Tr::tr("Limit")).required().nonNegative()},
         scope(Kind::Parent, QStringLiteral("area_id"), true),
         false,
         true,
         {orderedRange(QStringLiteral("starts_at"), QStringLiteral("ends_at"))}});

    add({Tables::ChargingProfiles,
         Tr::tr("charging profile"),
         Tr::tr("charging profiles"),
         QStringLiteral("name"),
         {code(), name(), integer(QStringLiteral("stack_level"), Tr::tr("Stack level")).required().nonNegative(),
          choice(QStringLiteral("kind"), Tr::tr("Type"), {QStringLiteral("one_time"), QStringLiteral("recurring")})
              .required(),
          choice(QStringLiteral("recurrency"), Tr::tr("Recurrence"),
                 {QStringLiteral("daily"), QStringLiteral("weekly")}),
          choice(QStringLiteral("purpose"), Tr::tr("Purpose"),
                 {QStringLiteral("charger_total"), QStringLiteral("session_default")})
              .required(),
          integer(QStringLiteral("energy_limit_wh"), Tr::tr("Energy limit")).nonNegative(),
          seconds(QStringLiteral("duration_s"), Tr::tr("Duration")),
          timestamp(QStringLiteral("valid_from"), Tr::tr("Valid from")),
          timestamp(QStringLiteral("valid_to"), Tr::tr("Valid to")),
          timestamp(QStringLiteral("schedule_start"), Tr::tr("Schedule start")),
          choice(QStringLiteral("unit"), Tr::tr("Unit"), {QStringLiteral("W"), QStringLiteral("A")}).required()},
         scope(Kind::PowerOnly),
         false,
         true,
         {orderedRange(QStringLiteral("valid_from"), QStringLiteral("valid_to")),
          [](const Record &r, const Lookup &) -> QList<FieldError> {
              QList<FieldError> errors;
              const bool recurring = r.value(QStringLiteral("kind")).toString() == QStringLiteral("recurring");
              if (recurring && !isSet(r, QStringLiteral("recurrency")))
                  errors << FieldError{QStringLiteral("recurrency"),
                                       Tr::tr("Choose daily or weekly for a recurring profile.")};
              if (!recurring && isSet(r, QStringLiteral("duration_s")))
                  errors << FieldError{QStringLiteral("duration_s"),
                                       Tr::tr("A duration applies to recurring profiles only.")};
              if (isSet(r, QStringLiteral("energy_limit_wh")) &&
                  r.value(QStringLiteral("purpose")).toString() != QStringLiteral("session_default"))
                  errors << FieldError{QStringLiteral("energy_limit_wh"),
                                       Tr::tr("An energy limit applies to session default limits only.")};
              return errors;
          }}});

    add({Tables::ChargingProfilePeriods,
         Tr::tr("schedule period"),
         Tr::tr("schedule periods"),
         QStringLiteral("start_offset_s"),
         {reference(QStringLiteral("profile_id"), Tr::tr("Charging profile"), Tables::ChargingProfiles)
              .required()
              .owned(),
          seconds(QStringLiteral("start_offset_s"), Tr::tr("Start point"))
              .required()
              .unique(QStringLiteral("profile_id")),
          real(QStringLiteral("limit_value"), Tr::tr("Limit")).required().nonNegative(),
          integer(QStringLiteral("number_phases"), Tr::tr("Phases")).range(1, 3)},
         scope(Kind::PowerOnly)});

    return entities;
}

// Stations with their chargers and connectors, and the assets (meters) reporting beside them.
QList<EntityDef> stations()
{
    QList<EntityDef> entities;
    const auto add = [&entities](EntityDef def) {
        entities.append(std::move(def));
    };

    {
        EntityDef station{
            Tables::Stations,
            Tr::tr("station"),
            Tr::tr("stations"),
            QStringLiteral("name"),
            {code(), name(),
             reference(QStringLiteral("area_id"), Tr::tr("Area"), Tables::Areas)
                 .required()
                 .warnedOnChange(Tr::tr("In another area the station shares that area's power: load balancing "
                                        "limits it there from its next session on, and roaming publishes it at "
                                        "that area's location.")),
             boolean(QStringLiteral("visible"), Tr::tr("Visible"), true),
             boolean(QStringLiteral("boot_trigger_boot"), Tr::tr("Trigger boot notification")),
             boolean(QStringLiteral("boot_trigger_status"), Tr::tr("Trigger status notification")),
             boolean(QStringLiteral("boot_trigger_heartbeat"), Tr::tr("Trigger heartbeat")),
             boolean(QStringLiteral("boot_clear_profiles"), Tr::tr("Clear charging profiles")),
             text(QStringLiteral("mac"), Tr::tr("Physical address"))
                 .matching(QStringLiteral("^([0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}$")),
             // Most chargers in the field speak 1.6; encrypted without a password is what a charger
             // can do out of the box (the specification's policies are all wss or disabled).
             choice(QStringLiteral("protocol"), Tr::tr("Communication protocol"), Protocols)
                 .required()
                 .byDefault(QStringLiteral("ocpp1.6")),
             text(QStringLiteral("connection_identifier"), Tr::tr("Connection identifier"))
                 .required()
                 .unique()
                 .maxLen(48)
                 .matching(QStringLiteral("^[A-Za-z0-9._:-]+$"))
                 .proposed(QStringLiteral("code")),
             choice(
                 QStringLiteral("connection_policy"), Tr::tr("Connection policy"),
                 {QStringLiteral("ws"), QStringLiteral("wss"), QStringLiteral("wss_basic"), QStringLiteral("disabled")})
                 .required()
                 .byDefault(QStringLiteral("wss")),
             text(QStringLiteral("auth_username"), Tr::tr("User name")).maxLen(48),
             text(QStringLiteral("serial_number"), Tr::tr("Serial number")).systemOnly(),
             text(QStringLiteral("model"), Tr::tr("Model")).systemOnly(),
             text(QStringLiteral("vendor"), Tr::tr("Vendor")).systemOnly(),
             text(QStringLiteral("firmware_version"), Tr::tr("Firmware version")).systemOnly(),
             text(QStringLiteral("iccid"), Tr::tr("Modem ICCID")).systemOnly(),
             text(QStringLiteral("imsi"), Tr::tr("Modem IMSI")).systemOnly(),
             boolean(QStringLiteral("connected"), Tr::tr("Connected")).systemOnly(),
             timestamp(QStringLiteral("last_connected_at"), Tr::tr("Last connected")).systemOnly(),
             timestamp(QStringLiteral("last_disconnected_at"), Tr::tr("Last disconnected")).systemOnly(),
             timestamp(QStringLiteral("last_heartbeat_at"), Tr::tr("Last heartbeat")).systemOnly(),
             choice(QStringLiteral("operational_status"), Tr::tr("Operational status"),
                    {QStringLiteral("operative"), QStringLiteral("inoperative"), QStringLiteral("closed")})
                 .byDefault(QStringLiteral("inoperative"))
                 .systemOnly(),
             text(QStringLiteral("dlb_failure"), Tr::tr("Why load balancing cannot control it")).systemOnly(),
             timestamp(QStringLiteral("dlb_failed_at"), Tr::tr("Load balancing failed")).systemOnly()},
            scope(Kind::Parent, QStringLiteral("area_id"), true)};
        add(station);
    }

    {
        EntityDef charger{
            Tables::Chargers,
            Tr::tr("charger"),
            Tr::tr("chargers"),
            QStringLiteral("name"),
            {code(), name(), reference(QStringLiteral("station_id"), Tr::tr("Station"), Tables::Stations).required(),
             integer(QStringLiteral("evse_id"), Tr::tr("EVSE number"))
                 .required()
                 .range(1, 999)
                 .unique(QStringLiteral("station_id"))
                 .byDefault(1),
             text(QStringLiteral("mac"), Tr::tr("Physical address"))
                 .matching(QStringLiteral("^([0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}$")),
             boolean(QStringLiteral("reservable"), Tr::tr("Reservable")),
             boolean(QStringLiteral("connectors_simultaneous"), Tr::tr("Connectors usable at the same time")),
             boolean(QStringLiteral("roaming"), Tr::tr("Roaming")),
             // Unique, as roaming needs one identifier per charger (and per connector below).
             text(QStringLiteral("roaming_id"), Tr::tr("Roaming ID")).maxLen(36).unique(),
             choice(QStringLiteral("current_type"), Tr::tr("Electric current type"), CurrentTypes).required(),
             reference(QStringLiteral("charging_profile_id"), Tr::tr("Charging profile"), Tables::ChargingProfiles),
             reference(QStringLiteral("rating_settings_id"), Tr::tr("Session rating settings"), Tables::RatingSettings),
             choice(QStringLiteral("status"), Tr::tr("Status"), InfrastructureStatuses)
                 .byDefault(QStringLiteral("unknown"))
                 .systemOnly(),
             text(QStringLiteral("status_info"), Tr::tr("Status information")).systemOnly(),
             timestamp(QStringLiteral("status_at"), Tr::tr("Status reported")).systemOnly(),
             choice(QStringLiteral("operational_status"), Tr::tr("Operational status"),
                    {QStringLiteral("operative"), QStringLiteral("inoperative")})
                 .systemOnly()},
            scope(Kind::Parent, QStringLiteral("station_id"), true)};
        charger.hasCustomAttributes = true;
        // The specification makes a static profile and load balancing on the charger's area
        // mutually exclusive. A profile assigned before balancing was enabled is kept (not
        // applied), so only a new assignment is refused.
        charger.rules << [](const Record &r, const Lookup &lookup) -> QList<FieldError> {
            const QString field = QStringLiteral("charging_profile_id");
            if (!isSet(r, field))
                return {};
            if (const qint64 self = r.value(QStringLiteral("id")).toLongLong(); self != 0) {
                const auto stored = lookup(Tables::Chargers, self);
                if (stored && stored->value(field).toLongLong() == r.value(field).toLongLong())
                    return {};
            }
            const auto station = lookup(Tables::Stations, r.value(QStringLiteral("station_id")).toLongLong());
            const auto area =
                station ? lookup(Tables::Areas, station->value(QStringLiteral("area_id")).toLongLong()) : std::nullopt;
            if (!area || !area->value(QStringLiteral("dlb_enabled")).toBool())
                return {};
            return {{field, Tr::tr("The area “%1” balances its load dynamically, so its chargers take no static "
                                   "charging profile; turn dynamic load balancing off on the area first.")
                                .arg(area->value(QStringLiteral("name")).toString())}};
        };
        add(charger);
    }

    {
        EntityDef connector{
            Tables::Connectors,
            Tr::tr("connector"),
            Tr::tr("connectors"),
            QStringLiteral("name"),
            {text(QStringLiteral("code"), Tr::tr("Code"))
                 .required()
                 .immutable()
                 .unique(QStringLiteral("charger_id"))
                 .maxLen(64)
                 .matching(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._:-]*$")),
             name(), reference(QStringLiteral("charger_id"), Tr::tr("Charger"), Tables::Chargers).required(),
             integer(QStringLiteral("connector_number"), Tr::tr("Connector number"))
                 .required()
                 .range(1, 99)
                 .unique(QStringLiteral("charger_id")),
             choice(QStringLiteral("type"), Tr::tr("Connector type"),
                    {QStringLiteral("ccs1"), QStringLiteral("ccs2"), QStringLiteral("type1"), QStringLiteral("type2"),
                     QStringLiteral("type3"), QStringLiteral("chaoji"), QStringLiteral("gbt"),
                     QStringLiteral("chademo"), QStringLiteral("other")})
                 .byDefault(QStringLiteral("type2")),
             integer(QStringLiteral("wattage_limit_w"), Tr::tr("Wattage limit")).nonNegative(),
             integer(QStringLiteral("amperage_limit_a"), Tr::tr("Amperage limit")).nonNegative(),
             integer(QStringLiteral("voltage_limit_v"), Tr::tr("Voltage limit")).nonNegative(), powerFactor(),
             text(QStringLiteral("roaming_id"), Tr::tr("Roaming ID")).maxLen(36).unique(),
             choice(QStringLiteral("status"), Tr::tr("Status"), InfrastructureStatuses)
                 .byDefault(QStringLiteral("unknown"))
                 .systemOnly(),
             text(QStringLiteral("error_code"), Tr::tr("Error code")).systemOnly(),
             timestamp(QStringLiteral("status_at"), Tr::tr("Status reported")).systemOnly(),
             boolean(QStringLiteral("needs_review"), Tr::tr("Reported by the station, not configured yet"))
                 .systemOnly()},
            scope(Kind::Parent, QStringLiteral("charger_id"), true)};
        connector.hasCustomAttributes = true;
        add(connector);
    }

    {
        EntityDef asset{
            Tables::Assets,
            Tr::tr("asset"),
            Tr::tr("assets"),
            QStringLiteral("name"),
            {code(), name(), text(QStringLiteral("description"), Tr::tr("Description")).maxLen(2000),
             choice(QStringLiteral("type"), Tr::tr("Type"),
                    {QStringLiteral("smart_meter"), QStringLiteral("producer"), QStringLiteral("consumer"),
                     QStringLiteral("battery"), QStringLiteral("other")})
                 .required(),
             choice(QStringLiteral("current_type"), Tr::tr("Electric current type"), CurrentTypes).required(),
             powerFactor(), reference(QStringLiteral("area_id"), Tr::tr("Area"), Tables::Areas).required().immutable()},
            scope(Kind::Parent, QStringLiteral("area_id"), true)};
        asset.hasCustomAttributes = true;
        add(asset);
    }

    add({Tables::AssetMeasurements,
         Tr::tr("asset measurement"),
         Tr::tr("asset measurements"),
         QStringLiteral("measured_at"),
         {reference(QStringLiteral("asset_id"), Tr::tr("Asset"), Tables::Assets).required().owned(),
          timestamp(QStringLiteral("measured_at"), Tr::tr("Measured at")).required(),
          integer(QStringLiteral("power_w"), Tr::tr("Power")).required()},
         scope(Kind::Parent, QStringLiteral("asset_id"), true),
         false,
         false});

    return entities;
}

} // namespace ChargeDesk::Core::Entities
