#include "core/catalog.h"

#include <QCoreApplication>
#include <QTimeZone>

namespace ChargeDesk::Core {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Core)
};

using Kind = ScopeDef::Kind;

const QStringList CurrentTypes{QStringLiteral("dc"), QStringLiteral("ac_single_phase"),
                               QStringLiteral("ac_three_phase")};
const QStringList InfrastructureStatuses{
    QStringLiteral("available"),      QStringLiteral("preparing"),    QStringLiteral("charging"),
    QStringLiteral("suspended_evse"), QStringLiteral("suspended_ev"), QStringLiteral("finishing"),
    QStringLiteral("reserved"),       QStringLiteral("unavailable"),  QStringLiteral("faulted"),
    QStringLiteral("closed"),         QStringLiteral("unknown")};
const QStringList Recurrences{QStringLiteral("once"), QStringLiteral("daily"), QStringLiteral("weekly")};
const QStringList Protocols{QStringLiteral("ocpp1.6"), QStringLiteral("ocpp2.0.1")};

FieldDef code()
{
    return text(QStringLiteral("code"), Tr::tr("Code"))
        .required()
        .immutable()
        .unique()
        .maxLen(64)
        .matching(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._:-]*$"));
}

FieldDef name()
{
    return text(QStringLiteral("name"), Tr::tr("Name")).required().maxLen(200);
}

FieldDef money(const QString &field, const QString &label)
{
    return integer(field, label).nonNegative();
}

FieldDef seconds(const QString &field, const QString &label)
{
    return integer(field, label).nonNegative();
}

FieldDef powerFactor()
{
    return real(QStringLiteral("power_factor"), Tr::tr("Power factor")).range(0, 1).byDefault(1.0);
}

FieldDef weekdays()
{
    // Bit 0 = Monday ... bit 6 = Sunday.
    return integer(QStringLiteral("weekdays"), Tr::tr("Weekdays")).range(0, 127);
}

QList<FieldDef> address()
{
    return {text(QStringLiteral("address"), Tr::tr("Address")),
            text(QStringLiteral("city"), Tr::tr("City")).maxLen(100),
            text(QStringLiteral("zip"), Tr::tr("ZIP code")).maxLen(20),
            text(QStringLiteral("state"), Tr::tr("State")).maxLen(100),
            text(QStringLiteral("country"), Tr::tr("Country")).maxLen(100)};
}

QList<FieldDef> coordinates()
{
    return {real(QStringLiteral("latitude"), Tr::tr("Latitude")).range(-90, 90),
            real(QStringLiteral("longitude"), Tr::tr("Longitude")).range(-180, 180)};
}

QList<FieldDef> idleSettings()
{
    return {seconds(QStringLiteral("ready_session_expiration_s"), Tr::tr("Ready session expiration")),
            seconds(QStringLiteral("ongoing_session_expiration_s"), Tr::tr("Ongoing session expiration"))};
}

ScopeDef scope(Kind kind, const QString &field = {}, bool operatorsMayWrite = false)
{
    return ScopeDef{kind, field, operatorsMayWrite};
}

bool isSet(const Record &r, const QString &field)
{
    const QVariant v = r.value(field);
    return v.isValid() && !v.isNull() && !(v.typeId() == QMetaType::QString && v.toString().isEmpty());
}

// A time range whose end must come after its start.
RecordRule orderedRange(const QString &from, const QString &to)
{
    return [from, to](const Record &r, const Lookup &) -> QList<FieldError> {
        if (isSet(r, from) && isSet(r, to) && r.value(to).toLongLong() <= r.value(from).toLongLong())
            return {{to, Tr::tr("Must be later than the start.")}};
        return {};
    };
}

} // namespace

Catalog::Catalog()
{
    add({Tables::RatingSettings,
         Tr::tr("session rating settings"),
         Tr::tr("session rating settings"),
         QStringLiteral("name"),
         {name(),
          integer(QStringLiteral("energy_step_wh"), Tr::tr("Energy step")).nonNegative(),
          seconds(QStringLiteral("charge_time_step_s"), Tr::tr("Charge time step")),
          seconds(QStringLiteral("park_time_step_s"), Tr::tr("Park time step")),
          seconds(QStringLiteral("park_time_threshold_s"), Tr::tr("Park time threshold")),
          boolean(QStringLiteral("reservation_rating"), Tr::tr("Rate reservations")),
          choice(QStringLiteral("termination"), Tr::tr("Termination"),
                 {QStringLiteral("charging_end"), QStringLiteral("parking_end")})
              .byDefault(QStringLiteral("charging_end")),
          money(QStringLiteral("monetary_limit_minor"), Tr::tr("Monetary limit")),
          integer(QStringLiteral("energy_limit_wh"), Tr::tr("Energy limit")).nonNegative(),
          seconds(QStringLiteral("charge_time_limit_s"), Tr::tr("Charge time limit")),
          choice(QStringLiteral("payment_auth_policy"), Tr::tr("Payment authorization policy"),
                 {QStringLiteral("none"), QStringLiteral("initial_only"), QStringLiteral("auth_control")})
              .byDefault(QStringLiteral("none")),
          money(QStringLiteral("payment_auth_amount_minor"), Tr::tr("Payment authorization amount")),
          money(QStringLiteral("energy_price_minor"), Tr::tr("Energy price per kWh")),
          money(QStringLiteral("charge_time_price_minor"), Tr::tr("Charge time price per hour")),
          money(QStringLiteral("park_time_price_minor"), Tr::tr("Park time price per hour")),
          money(QStringLiteral("roaming_energy_price_minor"), Tr::tr("Home roaming energy price per kWh")),
          money(QStringLiteral("roaming_charge_time_price_minor"), Tr::tr("Home roaming charge time price per hour")),
          money(QStringLiteral("roaming_park_time_price_minor"), Tr::tr("Home roaming park time price per hour")),
          money(QStringLiteral("roaming_reservation_time_price_minor"),
                Tr::tr("Home roaming reservation time price per hour")),
          money(QStringLiteral("roaming_reservation_fixed_price_minor"),
                Tr::tr("Home roaming reservation fixed price")),
          boolean(QStringLiteral("start_requires_occupied"), Tr::tr("Start only when the connector is occupied")),
          seconds(QStringLiteral("reactivation_grace_s"), Tr::tr("Reactivation grace period"))},
         scope(Kind::PowerOnly)});

    {
        EntityDef site{Tables::SiteSettings,
                       Tr::tr("site settings"),
                       Tr::tr("site settings"),
                       QStringLiteral("name"),
                       {name(), text(QStringLiteral("organisation"), Tr::tr("Organisation"))},
                       scope(Kind::Everyone)};
        site.fields << address() << coordinates();
        site.fields
            << email(QStringLiteral("contact_email"), Tr::tr("Contact email"))
            << text(QStringLiteral("contact_phone"), Tr::tr("Contact phone")).maxLen(40)
            << text(QStringLiteral("language"), Tr::tr("Language"))
                   .required()
                   .matching(QStringLiteral("^[a-z]{2}(_[A-Z]{2})?$"))
                   .byDefault(QStringLiteral("en"))
            << text(QStringLiteral("currency"), Tr::tr("Currency"))
                   .required()
                   .matching(QStringLiteral("^[A-Z]{3}$"))
                   .byDefault(QStringLiteral("EUR"))
            << text(QStringLiteral("time_zone"), Tr::tr("Time zone")).required().byDefault(QStringLiteral("UTC"))
            << blob(QStringLiteral("logo"), Tr::tr("Logo")) << text(QStringLiteral("smtp_host"), Tr::tr("SMTP host"))
            << integer(QStringLiteral("smtp_port"), Tr::tr("SMTP port")).range(1, 65535)
            << text(QStringLiteral("smtp_username"), Tr::tr("SMTP user name"))
            << text(QStringLiteral("smtp_password"), Tr::tr("SMTP password")).writeOnly()
            << choice(QStringLiteral("smtp_security"), Tr::tr("SMTP security"),
                      {QStringLiteral("none"), QStringLiteral("starttls"), QStringLiteral("tls")})
                   .byDefault(QStringLiteral("starttls"))
            << email(QStringLiteral("smtp_from"), Tr::tr("Sender address"))
            << reference(QStringLiteral("rating_settings_id"), Tr::tr("Session rating settings"),
                         Tables::RatingSettings)
            << idleSettings()
            << seconds(QStringLiteral("session_closed_verification_s"), Tr::tr("Session closed verification time"));
        site.rules << [](const Record &r, const Lookup &) -> QList<FieldError> {
            if (!r.value(QStringLiteral("time_zone")).toString().isEmpty() &&
                !QTimeZone(r.value(QStringLiteral("time_zone")).toByteArray()).isValid())
                return {{QStringLiteral("time_zone"), Tr::tr("Unknown time zone.")}};
            return {};
        };
        add(site);
    }

    {
        EntityDef op{
            Tables::Operators,
            Tr::tr("operator"),
            Tr::tr("operators"),
            QStringLiteral("name"),
            {code(), name(),
             choice(QStringLiteral("status"), Tr::tr("Status"), {QStringLiteral("active"), QStringLiteral("inactive")})
                 .byDefault(QStringLiteral("active")),
             text(QStringLiteral("organisation"), Tr::tr("Organisation"))},
            scope(Kind::OperatorColumn, QStringLiteral("id"))};
        op.fields << address();
        op.fields
            << text(QStringLiteral("phone"), Tr::tr("Phone")).maxLen(40)
            << email(QStringLiteral("email"), Tr::tr("Email")) << text(QStringLiteral("time_zone"), Tr::tr("Time zone"))
            << reference(QStringLiteral("rating_settings_id"), Tr::tr("Session rating settings"),
                         Tables::RatingSettings)
            << idleSettings() << integer(QStringLiteral("share_basis_points"), Tr::tr("Revenue share")).range(0, 10000)
            << money(QStringLiteral("reimbursement_energy_price_minor"), Tr::tr("Reimbursement per kWh"))
            << money(QStringLiteral("reimbursement_charge_time_price_minor"), Tr::tr("Reimbursement per charging hour"))
            << money(QStringLiteral("reimbursement_park_time_price_minor"), Tr::tr("Reimbursement per parking hour"));
        add(op);
    }

    {
        EntityDef users{Tables::Users,
                        Tr::tr("user"),
                        Tr::tr("users"),
                        QStringLiteral("email"),
                        {email(QStringLiteral("email"), Tr::tr("Email")).required().immutable().unique(),
                         text(QStringLiteral("first_name"), Tr::tr("First name")).required().maxLen(100),
                         text(QStringLiteral("last_name"), Tr::tr("Last name")).required().maxLen(100),
                         boolean(QStringLiteral("power_user"), Tr::tr("Power user")),
                         boolean(QStringLiteral("operator_role"), Tr::tr("Operator role")),
                         reference(QStringLiteral("operator_id"), Tr::tr("Operator"), Tables::Operators),
                         boolean(QStringLiteral("enabled"), Tr::tr("Enabled"), true),
                         timestamp(QStringLiteral("last_sign_in_at"), Tr::tr("Last sign-in")).systemOnly()},
                        scope(Kind::PowerOnly)};
        users.rules << [](const Record &r, const Lookup &) -> QList<FieldError> {
            QList<FieldError> errors;
            const bool power = r.value(QStringLiteral("power_user")).toBool();
            const bool op = r.value(QStringLiteral("operator_role")).toBool();
            if (!power && !op)
                errors << FieldError{QStringLiteral("power_user"), Tr::tr("Choose at least one role.")};
            if (op && !isSet(r, QStringLiteral("operator_id")))
                errors << FieldError{QStringLiteral("operator_id"),
                                     Tr::tr("An operator user must be linked to an operator.")};
            return errors;
        };
        // Nobody locks themself out: the last power user would have no way back in.
        users.actorRules << [](const Actor &actor, qint64 id, const Record &r) -> QList<FieldError> {
            if (id == 0 || id != actor.userId)
                return {};
            QList<FieldError> errors;
            if (!r.value(QStringLiteral("enabled")).toBool())
                errors << FieldError{QStringLiteral("enabled"), Tr::tr("You cannot disable yourself.")};
            if (!r.value(QStringLiteral("power_user")).toBool())
                errors << FieldError{QStringLiteral("power_user"),
                                     Tr::tr("You cannot take the power user role from yourself.")};
            return errors;
        };
        add(users);
    }

    add({Tables::Customers,
         Tr::tr("customer"),
         Tr::tr("customers"),
         QStringLiteral("name"),
         {code(), name(), email(QStringLiteral("email"), Tr::tr("Email")),
          text(QStringLiteral("phone"), Tr::tr("Phone")).maxLen(40),
          choice(QStringLiteral("payment_type"), Tr::tr("Payment type"),
                 {QStringLiteral("prepaid"), QStringLiteral("postpaid"), QStringLiteral("pay_now")})
              .required(),
          choice(QStringLiteral("status"), Tr::tr("Status"),
                 {QStringLiteral("active"), QStringLiteral("suspended"), QStringLiteral("closed")})
              .byDefault(QStringLiteral("active")),
          text(QStringLiteral("customer_type_group"), Tr::tr("Customer type group")),
          integer(QStringLiteral("balance_minor"), Tr::tr("Prepaid balance")).byDefault(0),
          integer(QStringLiteral("priority_level"), Tr::tr("Plan priority level")).nonNegative().byDefault(0)},
         scope(Kind::PowerOnly)});

    add({Tables::OperatorMembers,
         Tr::tr("private network member"),
         Tr::tr("private network members"),
         QStringLiteral("customer_id"),
         {reference(QStringLiteral("operator_id"), Tr::tr("Operator"), Tables::Operators).required().owned(),
          reference(QStringLiteral("customer_id"), Tr::tr("Customer"), Tables::Customers)
              .required()
              .owned()
              .unique(QStringLiteral("operator_id"))},
         scope(Kind::OperatorColumn, QStringLiteral("operator_id"), true)});

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
        area.fields << text(QStringLiteral("roaming_id"), Tr::tr("Roaming ID")).maxLen(36).unique()
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

    {
        EntityDef station{
            Tables::Stations,
            Tr::tr("station"),
            Tr::tr("stations"),
            QStringLiteral("name"),
            {code(),
             name(),
             reference(QStringLiteral("area_id"), Tr::tr("Area"), Tables::Areas).required(),
             boolean(QStringLiteral("visible"), Tr::tr("Visible"), true),
             boolean(QStringLiteral("boot_trigger_boot"), Tr::tr("Trigger boot notification")),
             boolean(QStringLiteral("boot_trigger_status"), Tr::tr("Trigger status notification")),
             boolean(QStringLiteral("boot_trigger_heartbeat"), Tr::tr("Trigger heartbeat")),
             boolean(QStringLiteral("boot_clear_profiles"), Tr::tr("Clear charging profiles")),
             text(QStringLiteral("mac"), Tr::tr("Physical address"))
                 .matching(QStringLiteral("^([0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}$")),
             choice(QStringLiteral("protocol"), Tr::tr("Communication protocol"), Protocols).required(),
             text(QStringLiteral("connection_identifier"), Tr::tr("Connection identifier"))
                 .required()
                 .unique()
                 .maxLen(48)
                 .matching(QStringLiteral("^[A-Za-z0-9._:-]+$")),
             choice(
                 QStringLiteral("connection_policy"), Tr::tr("Connection policy"),
                 {QStringLiteral("ws"), QStringLiteral("wss"), QStringLiteral("wss_basic"), QStringLiteral("disabled")})
                 .required(),
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
             text(QStringLiteral("roaming_id"), Tr::tr("Roaming ID")).maxLen(36),
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
             text(QStringLiteral("roaming_id"), Tr::tr("Roaming ID")).maxLen(36),
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
                  QStringLiteral("resources")})
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

    add({Tables::ConfigTemplates,
         Tr::tr("configuration template"),
         Tr::tr("configuration templates"),
         QStringLiteral("name"),
         {code(), name(), text(QStringLiteral("description"), Tr::tr("Description")).maxLen(2000),
          timestamp(QStringLiteral("valid_from"), Tr::tr("Valid from")),
          timestamp(QStringLiteral("valid_to"), Tr::tr("Valid to")),
          integer(QStringLiteral("priority"), Tr::tr("Priority")).byDefault(0),
          choice(QStringLiteral("protocol"), Tr::tr("Communication protocol"), Protocols),
          integer(QStringLiteral("batch_size"), Tr::tr("Batch size")).range(1, 1000).byDefault(10),
          reference(QStringLiteral("operator_id"), Tr::tr("Operator"), Tables::Operators)},
         scope(Kind::OperatorColumn, QStringLiteral("operator_id"), true),
         false,
         true,
         {orderedRange(QStringLiteral("valid_from"), QStringLiteral("valid_to"))}});

    add({Tables::ConfigTemplateSettings,
         Tr::tr("configuration setting"),
         Tr::tr("configuration settings"),
         QStringLiteral("setting_key"),
         {reference(QStringLiteral("template_id"), Tr::tr("Configuration template"), Tables::ConfigTemplates)
              .required()
              .owned(),
          text(QStringLiteral("setting_key"), Tr::tr("Key")).required().maxLen(200),
          text(QStringLiteral("setting_value"), Tr::tr("Value")).maxLen(2500),
          integer(QStringLiteral("evse_id"), Tr::tr("Charger (EVSE)")).range(1, 999),
          integer(QStringLiteral("connector_number"), Tr::tr("Connector")).range(1, 99)},
         scope(Kind::Parent, QStringLiteral("template_id"), true)});

    add({Tables::ConfigTemplateAssignments,
         Tr::tr("template assignment"),
         Tr::tr("template assignments"),
         QStringLiteral("template_id"),
         {reference(QStringLiteral("template_id"), Tr::tr("Configuration template"), Tables::ConfigTemplates)
              .required()
              .owned(),
          reference(QStringLiteral("area_id"), Tr::tr("Area"), Tables::Areas).owned(),
          reference(QStringLiteral("station_id"), Tr::tr("Station"), Tables::Stations).owned()},
         scope(Kind::Parent, QStringLiteral("template_id"), true),
         false,
         true,
         {[](const Record &r, const Lookup &) -> QList<FieldError> {
             if (isSet(r, QStringLiteral("area_id")) == isSet(r, QStringLiteral("station_id")))
                 return {{QStringLiteral("area_id"), Tr::tr("Assign the template to either an area or a station.")}};
             return {};
         }}});

    add({Tables::ConfigResults,
         Tr::tr("configuration result"),
         Tr::tr("configuration results"),
         QStringLiteral("setting_key"),
         {reference(QStringLiteral("station_id"), Tr::tr("Station"), Tables::Stations).required().owned().systemOnly(),
          reference(QStringLiteral("template_id"), Tr::tr("Configuration template"), Tables::ConfigTemplates)
              .owned()
              .systemOnly(),
          text(QStringLiteral("setting_key"), Tr::tr("Key")).required().maxLen(200).systemOnly(),
          text(QStringLiteral("setting_value"), Tr::tr("Value")).maxLen(2500).systemOnly(),
          integer(QStringLiteral("evse_id"), Tr::tr("Charger (EVSE)")).systemOnly(),
          integer(QStringLiteral("connector_number"), Tr::tr("Connector")).systemOnly(),
          text(QStringLiteral("status"), Tr::tr("Result")).required().maxLen(64).systemOnly(),
          text(QStringLiteral("detail"), Tr::tr("Details")).maxLen(2000).systemOnly(),
          timestamp(QStringLiteral("applied_at"), Tr::tr("Applied at")).required().systemOnly()},
         scope(Kind::Parent, QStringLiteral("station_id")),
         false,
         false});

    add({Tables::LiveConfiguration,
         Tr::tr("live configuration value"),
         Tr::tr("live configuration values"),
         QStringLiteral("setting_key"),
         {reference(QStringLiteral("station_id"), Tr::tr("Station"), Tables::Stations).required().owned().systemOnly(),
          text(QStringLiteral("setting_key"), Tr::tr("Key")).required().maxLen(200).systemOnly(),
          integer(QStringLiteral("evse_id"), Tr::tr("Charger (EVSE)")).systemOnly(),
          text(QStringLiteral("setting_value"), Tr::tr("Value")).maxLen(2500).systemOnly(),
          boolean(QStringLiteral("readonly"), Tr::tr("Read-only")).systemOnly(),
          text(QStringLiteral("status"), Tr::tr("Read result")).required().maxLen(64).systemOnly(),
          timestamp(QStringLiteral("read_at"), Tr::tr("Read at")).required().systemOnly()},
         scope(Kind::Parent, QStringLiteral("station_id")),
         false,
         false});

    add({Tables::MessageTemplates,
         Tr::tr("message template"),
         Tr::tr("message templates"),
         QStringLiteral("name"),
         {code(), name(), text(QStringLiteral("description"), Tr::tr("Description")).maxLen(2000),
          choice(QStringLiteral("channel"), Tr::tr("Channel"),
                 {QStringLiteral("email"), QStringLiteral("sms"), QStringLiteral("push")})
              .required()
              .immutable(),
          text(QStringLiteral("subject"), Tr::tr("Subject")).maxLen(500),
          text(QStringLiteral("from_address"), Tr::tr("From")), text(QStringLiteral("to_address"), Tr::tr("To")),
          text(QStringLiteral("cc"), Tr::tr("Cc")), text(QStringLiteral("bcc"), Tr::tr("Bcc")),
          text(QStringLiteral("reply_to"), Tr::tr("Reply to")),
          text(QStringLiteral("body"), Tr::tr("Content")).maxLen(200000)},
         scope(Kind::PowerOnly)});

    add({Tables::NotificationRules,
         Tr::tr("notification"),
         Tr::tr("notifications"),
         QStringLiteral("name"),
         {code(), name(),
          choice(QStringLiteral("scope"), Tr::tr("Scope"),
                 {QStringLiteral("infrastructure"), QStringLiteral("session")})
              .required(),
          text(QStringLiteral("action"), Tr::tr("Action")).required().maxLen(64),
          text(QStringLiteral("filters"), Tr::tr("Filters")).maxLen(20000),
          boolean(QStringLiteral("enabled"), Tr::tr("Enabled"), true)},
         scope(Kind::PowerOnly)});

    add({Tables::NotificationPublishers,
         Tr::tr("publisher"),
         Tr::tr("publishers"),
         QStringLiteral("channel"),
         {reference(QStringLiteral("rule_id"), Tr::tr("Notification"), Tables::NotificationRules).required().owned(),
          choice(QStringLiteral("channel"), Tr::tr("Action"),
                 {QStringLiteral("sms"), QStringLiteral("push"), QStringLiteral("url"), QStringLiteral("email"),
                  QStringLiteral("log")})
              .required(),
          integer(QStringLiteral("retries"), Tr::tr("Retries")).range(0, 10).byDefault(3),
          reference(QStringLiteral("template_id"), Tr::tr("Template"), Tables::MessageTemplates)},
         scope(Kind::PowerOnly)});

    add({Tables::NotificationReceivers,
         Tr::tr("receiver"),
         Tr::tr("receivers"),
         QStringLiteral("value"),
         {reference(QStringLiteral("publisher_id"), Tr::tr("Publisher"), Tables::NotificationPublishers)
              .required()
              .owned(),
          choice(QStringLiteral("kind"), Tr::tr("Receiver"), {QStringLiteral("base"), QStringLiteral("customer")})
              .required(),
          text(QStringLiteral("value"), Tr::tr("Value")).maxLen(2000)},
         scope(Kind::PowerOnly)});

    add({Tables::NotificationLogs,
         Tr::tr("notification log entry"),
         Tr::tr("notification log entries"),
         QStringLiteral("action"),
         {text(QStringLiteral("rule_code"), Tr::tr("Notification")),
          reference(QStringLiteral("station_id"), Tr::tr("Station"), Tables::Stations).owned(),
          reference(QStringLiteral("session_id"), Tr::tr("Session"), Tables::Sessions).owned(),
          timestamp(QStringLiteral("at"), Tr::tr("Time")).required(),
          text(QStringLiteral("action"), Tr::tr("Action")).required(),
          text(QStringLiteral("channel"), Tr::tr("Channel")), text(QStringLiteral("status"), Tr::tr("Status")),
          text(QStringLiteral("message"), Tr::tr("Message")).maxLen(20000)},
         scope(Kind::Parent, QStringLiteral("station_id")),
         false,
         false});

    add({Tables::RoamingProfiles,
         Tr::tr("roaming profile"),
         Tr::tr("roaming profiles"),
         QStringLiteral("name"),
         {code(), name(),
          choice(QStringLiteral("protocol"), Tr::tr("Protocol"), {QStringLiteral("ocpi"), QStringLiteral("oicp")})
              .required(),
          text(QStringLiteral("roaming_id"), Tr::tr("Roaming ID")).required().matching(QStringLiteral("^[A-Z0-9]{3}$")),
          text(QStringLiteral("country_code"), Tr::tr("Country code"))
              .required()
              .matching(QStringLiteral("^[A-Z]{2}$")),
          choice(QStringLiteral("role"), Tr::tr("Platform type"), {QStringLiteral("cpo"), QStringLiteral("emsp")})
              .required(),
          reference(QStringLiteral("operator_id"), Tr::tr("Operator"), Tables::Operators)},
         scope(Kind::OperatorColumn, QStringLiteral("operator_id"))});

    add({Tables::RoamingPlatforms,
         Tr::tr("roaming platform"),
         Tr::tr("roaming platforms"),
         QStringLiteral("name"),
         {code(), name(),
          reference(QStringLiteral("profile_id"), Tr::tr("Roaming profile"), Tables::RoamingProfiles).required(),
          choice(QStringLiteral("type"), Tr::tr("Platform type"),
                 {QStringLiteral("hub"), QStringLiteral("cpo"), QStringLiteral("emsp"), QStringLiteral("ptp"),
                  QStringLiteral("nap"), QStringLiteral("nsp"), QStringLiteral("other")})
              .required(),
          text(QStringLiteral("url"), Tr::tr("Base URL"))
              .required()
              .maxLen(2000)
              .matching(QStringLiteral("^https?://\\S+$")),
          text(QStringLiteral("country_code"), Tr::tr("Country code"))
              .required()
              .matching(QStringLiteral("^[A-Z]{2}$")),
          text(QStringLiteral("roaming_id"), Tr::tr("Roaming ID")).required().maxLen(3),
          choice(QStringLiteral("connection_initiation"), Tr::tr("Connection initiation"),
                 {QStringLiteral("we_register"), QStringLiteral("they_register")})
              .byDefault(QStringLiteral("we_register")),
          text(QStringLiteral("registration_token"), Tr::tr("Registration token")).writeOnly(),
          text(QStringLiteral("access_token"), Tr::tr("Access token")).writeOnly().systemOnly(),
          text(QStringLiteral("remote_access_token"), Tr::tr("Remote access token")).writeOnly().systemOnly(),
          choice(QStringLiteral("status"), Tr::tr("Status"),
                 {QStringLiteral("new"), QStringLiteral("registered"), QStringLiteral("invalidated")})
              .byDefault(QStringLiteral("new"))
              .systemOnly()},
         scope(Kind::PowerOnly)});

    add({Tables::RoamingTariffs,
         Tr::tr("roaming tariff"),
         Tr::tr("roaming tariffs"),
         QStringLiteral("name"),
         {code(), name(),
          choice(QStringLiteral("status"), Tr::tr("Status"), {QStringLiteral("active"), QStringLiteral("inactive")})
              .byDefault(QStringLiteral("active")),
          timestamp(QStringLiteral("valid_from"), Tr::tr("Valid from")),
          timestamp(QStringLiteral("valid_to"), Tr::tr("Valid to")),
          text(QStringLiteral("currency"), Tr::tr("Currency")).matching(QStringLiteral("^[A-Z]{3}$"))},
         scope(Kind::PowerOnly),
         false,
         true,
         {orderedRange(QStringLiteral("valid_from"), QStringLiteral("valid_to"))}});

    add({Tables::RoamingTariffDetails,
         Tr::tr("tariff detail"),
         Tr::tr("tariff details"),
         QStringLiteral("priority"),
         {reference(QStringLiteral("tariff_id"), Tr::tr("Roaming tariff"), Tables::RoamingTariffs).required().owned(),
          choice(QStringLiteral("recurrence"), Tr::tr("Recurrence"), Recurrences).required(),
          integer(QStringLiteral("priority"), Tr::tr("Priority")).byDefault(0),
          timestamp(QStringLiteral("starts_at"), Tr::tr("Start (inclusive)")),
          timestamp(QStringLiteral("ends_at"), Tr::tr("Stop (exclusive)")), weekdays(),
          money(QStringLiteral("energy_price_minor"), Tr::tr("Energy price per kWh")),
          money(QStringLiteral("charge_time_price_minor"), Tr::tr("Charge time price per hour")),
          money(QStringLiteral("park_time_price_minor"), Tr::tr("Park time price per hour")),
          money(QStringLiteral("reservation_time_price_minor"), Tr::tr("Reservation time price per hour")),
          money(QStringLiteral("flat_price_minor"), Tr::tr("Flat fee")),
          money(QStringLiteral("reservation_flat_price_minor"), Tr::tr("Flat reservation fee")),
          integer(QStringLiteral("vat_basis_points"), Tr::tr("VAT")).range(0, 10000).byDefault(0)},
         scope(Kind::PowerOnly),
         false,
         true,
         {orderedRange(QStringLiteral("starts_at"), QStringLiteral("ends_at"))}});

    add({Tables::RoamingTariffLinks,
         Tr::tr("tariff assignment"),
         Tr::tr("tariff assignments"),
         QStringLiteral("tariff_id"),
         {reference(QStringLiteral("tariff_id"), Tr::tr("Roaming tariff"), Tables::RoamingTariffs).required().owned(),
          reference(QStringLiteral("rating_settings_id"), Tr::tr("Session rating settings"), Tables::RatingSettings)
              .owned(),
          reference(QStringLiteral("platform_id"), Tr::tr("Roaming platform"), Tables::RoamingPlatforms).owned()},
         scope(Kind::PowerOnly),
         false,
         true,
         {[](const Record &r, const Lookup &) -> QList<FieldError> {
             if (isSet(r, QStringLiteral("rating_settings_id")) == isSet(r, QStringLiteral("platform_id")))
                 return {{QStringLiteral("platform_id"),
                          Tr::tr("Assign the tariff to either session settings or a roaming platform.")}};
             return {};
         }}});

    {
        EntityDef terminal{Tables::Terminals,
                           Tr::tr("terminal"),
                           Tr::tr("terminals"),
                           QStringLiteral("name"),
                           {code(), name(), text(QStringLiteral("description"), Tr::tr("Description")).maxLen(2000),
                            choice(QStringLiteral("type"), Tr::tr("Type"), {QStringLiteral("payment")})
                                .byDefault(QStringLiteral("payment"))},
                           scope(Kind::OperatorColumn, QStringLiteral("operator_id"))};
        terminal.fields << address() << coordinates();
        terminal.fields << reference(QStringLiteral("platform_id"), Tr::tr("Roaming platform"),
                                     Tables::RoamingPlatforms)
                        << text(QStringLiteral("roaming_id"), Tr::tr("Roaming ID"))
                        << text(QStringLiteral("roaming_reference"), Tr::tr("Roaming reference"))
                        << reference(QStringLiteral("operator_id"), Tr::tr("Operator"), Tables::Operators)
                        << reference(QStringLiteral("area_id"), Tr::tr("Area"), Tables::Areas)
                        << reference(QStringLiteral("connector_id"), Tr::tr("Connector"), Tables::Connectors);
        add(terminal);
    }

    add({Tables::AppTemplates,
         Tr::tr("app template"),
         Tr::tr("app templates"),
         QStringLiteral("name"),
         {name().unique(),
          choice(QStringLiteral("status"), Tr::tr("Status"), {QStringLiteral("draft"), QStringLiteral("published")})
              .byDefault(QStringLiteral("draft")),
          text(QStringLiteral("layout"), Tr::tr("Layout")).maxLen(1000000)},
         scope(Kind::PowerOnly)});

    add({Tables::OcppMessages,
         Tr::tr("OCPP message"),
         Tr::tr("OCPP messages"),
         QStringLiteral("action"),
         {reference(QStringLiteral("station_id"), Tr::tr("Station"), Tables::Stations).required().owned(),
          reference(QStringLiteral("session_id"), Tr::tr("Session"), Tables::Sessions).owned(),
          timestamp(QStringLiteral("at"), Tr::tr("Time")).required(),
          choice(QStringLiteral("direction"), Tr::tr("Direction"), {QStringLiteral("in"), QStringLiteral("out")})
              .required(),
          integer(QStringLiteral("message_type"), Tr::tr("Message type")).range(2, 4).required(),
          text(QStringLiteral("message_id"), Tr::tr("Message ID")).maxLen(64),
          text(QStringLiteral("action"), Tr::tr("Action")).maxLen(64),
          text(QStringLiteral("payload"), Tr::tr("Payload")).maxLen(10000000),
          text(QStringLiteral("error_code"), Tr::tr("Error code")).maxLen(64),
          text(QStringLiteral("error_description"), Tr::tr("Error description")).maxLen(2000)},
         scope(Kind::Parent, QStringLiteral("station_id")),
         false,
         false});
}

void Catalog::add(EntityDef def)
{
    m_index.insert(def.table, m_entities.size());
    m_entities.append(std::move(def));
}

const EntityDef &Catalog::entity(const QString &table) const
{
    const auto it = m_index.constFind(table);
    Q_ASSERT_X(it != m_index.constEnd(), "Catalog::entity", qPrintable(table));
    return m_entities.at(*it);
}

QList<Catalog::Referrer> Catalog::blockingReferrers(const QString &table) const
{
    QList<Referrer> result;
    for (const EntityDef &def : m_entities) {
        for (const FieldDef &f : def.fields) {
            if (f.type == FieldType::Reference && f.refTable == table && !f.cascade)
                result.append({&def, &f});
        }
    }
    return result;
}

} // namespace ChargeDesk::Core
