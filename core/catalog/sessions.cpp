#include "core/catalog.h"
#include "core/catalog/entities.h"
#include "core/catalog/fields.h"

namespace ChargeDesk::Core::Entities {

// Identification devices, reservations, charging sessions with their events and meter values.
QList<EntityDef> sessions()
{
    QList<EntityDef> entities;
    const auto add = [&entities](EntityDef def) {
        entities.append(std::move(def));
    };

    add({Tables::IdDeviceTypes,
         Tr::tr("identification device type"),
         Tr::tr("identification device types"),
         QStringLiteral("code"),
         {code(), name(), text(QStringLiteral("description"), Tr::tr("Description")).maxLen(2000)},
         scope(Kind::PowerOnly)});

    add({Tables::IdDevices,
         Tr::tr("identification device"),
         Tr::tr("identification devices"),
         QStringLiteral("identifier"),
         {code(), name(), reference(QStringLiteral("type_id"), Tr::tr("Device type"), Tables::IdDeviceTypes).required(),
          text(QStringLiteral("identifier"), Tr::tr("Identifier")).required().unique().maxLen(255),
          reference(QStringLiteral("customer_id"), Tr::tr("Customer"), Tables::Customers),
          choice(QStringLiteral("status"), Tr::tr("Status"), {QStringLiteral("active"), QStringLiteral("blocked")})
              .byDefault(QStringLiteral("active")),
          timestamp(QStringLiteral("expires_at"), Tr::tr("Expires"))},
         scope(Kind::PowerOnly)});

    add({Tables::Reservations,
         Tr::tr("reservation"),
         Tr::tr("reservations"),
         QStringLiteral("code"),
         {code(), reference(QStringLiteral("customer_id"), Tr::tr("Customer"), Tables::Customers),
          reference(QStringLiteral("charger_id"), Tr::tr("Charger"), Tables::Chargers).required(),
          reference(QStringLiteral("connector_id"), Tr::tr("Connector"), Tables::Connectors),
          choice(QStringLiteral("status"), Tr::tr("Status"),
                 {QStringLiteral("active"), QStringLiteral("used"), QStringLiteral("expired"),
                  QStringLiteral("cancelled")})
              .byDefault(QStringLiteral("active")),
          timestamp(QStringLiteral("expires_at"), Tr::tr("Expires")).required(),
          timestamp(QStringLiteral("ended_at"), Tr::tr("Ended")),
          integer(QStringLiteral("ocpp_reservation_id"), Tr::tr("OCPP reservation id")).systemOnly(),
          text(QStringLiteral("reason"), Tr::tr("Why it ended")).systemOnly()},
         scope(Kind::Parent, QStringLiteral("charger_id"))});

    add({Tables::Sessions,
         Tr::tr("session"),
         Tr::tr("sessions"),
         QStringLiteral("code"),
         {code(),
          choice(QStringLiteral("status"), Tr::tr("Status"),
                 {QStringLiteral("ready"), QStringLiteral("refused"), QStringLiteral("reserved"),
                  QStringLiteral("in_progress"), QStringLiteral("limit_reached"), QStringLiteral("closing"),
                  QStringLiteral("closed"), QStringLiteral("rating_failed"), QStringLiteral("billing_failed")})
              .required(),
          choice(QStringLiteral("authorization_mode"), Tr::tr("Authorization mode"),
                 {QStringLiteral("customer"), QStringLiteral("payment"), QStringLiteral("roaming"),
                  QStringLiteral("public_free")})
              .required(),
          reference(QStringLiteral("customer_id"), Tr::tr("Customer"), Tables::Customers),
          reference(QStringLiteral("connector_id"), Tr::tr("Connector"), Tables::Connectors).required(),
          reference(QStringLiteral("id_device_id"), Tr::tr("Identification device"), Tables::IdDevices),
          reference(QStringLiteral("reservation_id"), Tr::tr("Reservation"), Tables::Reservations),
          text(QStringLiteral("id_token"), Tr::tr("ID token")),
          text(QStringLiteral("id_token_type"), Tr::tr("ID token type")).maxLen(32),
          text(QStringLiteral("transaction_id"), Tr::tr("Transaction ID")).maxLen(64),
          text(QStringLiteral("roaming_reference"), Tr::tr("Roaming reference")),
          timestamp(QStringLiteral("started_at"), Tr::tr("Started")),
          timestamp(QStringLiteral("charging_ended_at"), Tr::tr("Charging ended")),
          timestamp(QStringLiteral("ended_at"), Tr::tr("Ended")),
          timestamp(QStringLiteral("last_event_at"), Tr::tr("Last event")),
          seconds(QStringLiteral("charge_s"), Tr::tr("Charge time")).byDefault(0),
          seconds(QStringLiteral("park_s"), Tr::tr("Park time")).byDefault(0),
          seconds(QStringLiteral("fault_s"), Tr::tr("Fault time")).byDefault(0),
          seconds(QStringLiteral("reservation_s"), Tr::tr("Reservation time")).byDefault(0),
          integer(QStringLiteral("energy_wh"), Tr::tr("Energy")).nonNegative().byDefault(0),
          integer(QStringLiteral("meter_start_wh"), Tr::tr("Meter at start")),
          integer(QStringLiteral("meter_stop_wh"), Tr::tr("Meter at stop")),
          integer(QStringLiteral("power_w"), Tr::tr("Power")),
          integer(QStringLiteral("soc_percent"), Tr::tr("State of charge")).range(0, 100),
          integer(QStringLiteral("amount_minor"), Tr::tr("Amount")).byDefault(0),
          text(QStringLiteral("currency"), Tr::tr("Currency")).matching(QStringLiteral("^[A-Z]{3}$")),
          text(QStringLiteral("rating_identifier"), Tr::tr("Rating identifier")),
          text(QStringLiteral("stop_reason"), Tr::tr("Stop reason")),
          real(QStringLiteral("energy_baseline_wh"), Tr::tr("Energy baseline")).systemOnly(),
          timestamp(QStringLiteral("last_valid_energy_at"), Tr::tr("Last valid energy reading")).systemOnly(),
          choice(QStringLiteral("energy_reading_type"), Tr::tr("Energy reading type"),
                 {QStringLiteral("absolute"), QStringLiteral("relative"), QStringLiteral("mixed")})
              .systemOnly(),
          text(QStringLiteral("scope_status"), Tr::tr("Connector status of the current scope")).systemOnly(),
          timestamp(QStringLiteral("scope_since"), Tr::tr("Current scope since")).systemOnly(),
          timestamp(QStringLiteral("stop_requested_at"), Tr::tr("Stop requested")).systemOnly(),
          boolean(QStringLiteral("stop_reported"), Tr::tr("Stop reported by the charger")).systemOnly(),
          choice(QStringLiteral("limit_reason"), Tr::tr("Limit reached"),
                 {QStringLiteral("monetary"), QStringLiteral("energy"), QStringLiteral("charge_time"),
                  QStringLiteral("resources"), QStringLiteral("charging_profile_energy")})
              .systemOnly(),
          text(QStringLiteral("failure_reason"), Tr::tr("Why rating or billing failed")).systemOnly(),
          timestamp(QStringLiteral("rated_at"), Tr::tr("Rated")).systemOnly(),
          real(QStringLiteral("dlb_limit"), Tr::tr("Load balancing limit")).systemOnly(),
          choice(QStringLiteral("dlb_unit"), Tr::tr("Load balancing unit"), {QStringLiteral("W"), QStringLiteral("A")})
              .systemOnly(),
          text(QStringLiteral("dlb_reason"), Tr::tr("What bound the load balancing limit")).systemOnly(),
          reference(QStringLiteral("dlb_area_id"), Tr::tr("Area that bound the limit"), Tables::Areas).systemOnly(),
          text(QStringLiteral("dlb_profile_status"), Tr::tr("Charger's answer to the limit")).systemOnly(),
          timestamp(QStringLiteral("dlb_updated_at"), Tr::tr("Load balancing limit set")).systemOnly()},
         scope(Kind::Parent, QStringLiteral("connector_id"))});

    add({Tables::SessionEvents,
         Tr::tr("session event"),
         Tr::tr("session events"),
         QStringLiteral("status"),
         {reference(QStringLiteral("session_id"), Tr::tr("Session"), Tables::Sessions).required().owned(),
          timestamp(QStringLiteral("at"), Tr::tr("Time")).required(),
          text(QStringLiteral("status"), Tr::tr("Status")).required(),
          text(QStringLiteral("reason"), Tr::tr("Reason")).maxLen(2000)},
         scope(Kind::Parent, QStringLiteral("session_id")),
         false,
         false});

    add({Tables::MeterValues,
         Tr::tr("meter value"),
         Tr::tr("meter values"),
         QStringLiteral("measurand"),
         {reference(QStringLiteral("session_id"), Tr::tr("Session"), Tables::Sessions).owned(),
          reference(QStringLiteral("connector_id"), Tr::tr("Connector"), Tables::Connectors).required().owned(),
          timestamp(QStringLiteral("measured_at"), Tr::tr("Measured at")).required(),
          timestamp(QStringLiteral("received_at"), Tr::tr("Received at")),
          text(QStringLiteral("measurand"), Tr::tr("Measurand")).required().maxLen(64),
          text(QStringLiteral("phase"), Tr::tr("Phase")).maxLen(8),
          text(QStringLiteral("unit"), Tr::tr("Unit")).maxLen(16),
          text(QStringLiteral("context"), Tr::tr("Context")).maxLen(32),
          real(QStringLiteral("value"), Tr::tr("Value")).required(),
          boolean(QStringLiteral("valid"), Tr::tr("Valid"), true),
          text(QStringLiteral("discard_reason"), Tr::tr("Discard reason")).maxLen(500)},
         scope(Kind::Parent, QStringLiteral("connector_id")),
         false,
         false});

    return entities;
}

} // namespace ChargeDesk::Core::Entities
