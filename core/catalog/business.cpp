#include "core/catalog.h"
#include "core/catalog/entities.h"
#include "core/catalog/fields.h"

#include <QTimeZone>

namespace ChargeDesk::Core::Entities {

namespace {

constexpr int MinSecurityKeyLength = 8;

// What the operator sets for the sessions on its chargers beside the rating settings, and the
// secret it shares with integrations.
QList<FieldDef> operatorSessionFields()
{
    return {integer(QStringLiteral("energy_step_delta_wh"), Tr::tr("Energy step delta"))
                .range(1, std::nullopt)
                .explained(Tr::tr("The energy step of the check that the driver's balance covers what comes next, "
                                  "on this operator's chargers where the rating settings set no energy step.")),
            text(QStringLiteral("security_key"), Tr::tr("Security key"))
                .maxLen(200)
                .writeOnly()
                .explained(Tr::tr("A secret shared with the operator's integrations. It is stored but never shown "
                                  "again; leave it empty to keep the one stored.")),
            money(QStringLiteral("monetary_session_limit_minor"), Tr::tr("Monetary session limit"))
                .range(1, std::nullopt)
                .explained(Tr::tr("No session on this operator's chargers may cost more: the charger is asked to "
                                  "stop it at this amount, even where the rating settings allow more. Empty: no "
                                  "limit of the operator's own."))};
}

// A short key is guessed; the length is checked here because patterns cannot say why.
QList<FieldError> securityKeyLength(const Record &r, const Lookup &)
{
    const QString key = r.value(QStringLiteral("security_key")).toString();
    if (!key.isEmpty() && key.size() < MinSecurityKeyLength)
        return {{QStringLiteral("security_key"), Tr::tr("At least %n characters.", nullptr, MinSecurityKeyLength)}};
    return {};
}

} // namespace

// The site, its operators and their members, users, customers and the session rating settings.
QList<EntityDef> business()
{
    QList<EntityDef> entities;
    const auto add = [&entities](EntityDef def) {
        entities.append(std::move(def));
    };

    add({Tables::RatingSettings,
         Tr::tr("session rating settings"),
         Tr::tr("session rating settings"),
         QStringLiteral("name"),
         {name().explained(Tr::tr("Chosen by this name for the site, an operator or a charger; the charger's "
                                  "choice wins over its operator's, the operator's over the site's.")),
          money(QStringLiteral("energy_price_minor"), Tr::tr("Energy price per kWh"))
              .explained(Tr::tr("What a driver pays for each kWh the charger measured.")),
          money(QStringLiteral("charge_time_price_minor"), Tr::tr("Charge time price per hour"))
              .explained(Tr::tr("What an hour spent charging costs, counted to the second.")),
          money(QStringLiteral("park_time_price_minor"), Tr::tr("Park time price per hour"))
              .explained(Tr::tr("What an hour plugged in without charging costs, once past the threshold below.")),
          seconds(QStringLiteral("park_time_threshold_s"), Tr::tr("Park time threshold"))
              .explained(Tr::tr("Parking this long is free; only the time beyond it is rated.")),
          boolean(QStringLiteral("reservation_rating"), Tr::tr("Rate reservations"))
              .explained(Tr::tr("Reservation time is rated (at the home roaming reservation prices) and checked "
                                "against the driver's means; off, reservations cost nothing.")),
          choice(QStringLiteral("termination"), Tr::tr("Termination"),
                 {QStringLiteral("charging_end"), QStringLiteral("parking_end")})
              .byDefault(QStringLiteral("charging_end"))
              .explained(Tr::tr("When the session ends on our side: when the charger stops the transaction, or "
                                "only when the car is unplugged, so that parking after charging is counted.")),
          money(QStringLiteral("monetary_limit_minor"), Tr::tr("Monetary limit"))
              .explained(Tr::tr("The charger is asked to stop a session once it costs this much. Empty: no "
                                "limit. The final amount follows what the charger reports.")),
          integer(QStringLiteral("energy_limit_wh"), Tr::tr("Energy limit"))
              .nonNegative()
              .explained(Tr::tr("The charger is asked to stop once a session has drawn this much. Empty: no "
                                "limit.")),
          seconds(QStringLiteral("charge_time_limit_s"), Tr::tr("Charge time limit"))
              .explained(Tr::tr("The charger is asked to stop once a session has charged this long. Empty: no "
                                "limit.")),
          integer(QStringLiteral("energy_step_wh"), Tr::tr("Energy step"))
              .nonNegative()
              .explained(Tr::tr("Before each further step of energy, the driver's balance must cover it; the "
                                "session is stopped when it cannot.")),
          seconds(QStringLiteral("charge_time_step_s"), Tr::tr("Charge time step"))
              .explained(Tr::tr("The same check in steps of charging time.")),
          seconds(QStringLiteral("park_time_step_s"), Tr::tr("Park time step"))
              .explained(Tr::tr("The same check in steps of parking time, once past the threshold.")),
          choice(QStringLiteral("payment_auth_policy"), Tr::tr("Payment authorization policy"),
                 {QStringLiteral("none"), QStringLiteral("initial_only"), QStringLiteral("auth_control")})
              .byDefault(QStringLiteral("none"))
              .explained(Tr::tr("For drivers who pay by card: no hold, one hold of the amount below at the "
                                "start, or a new hold each time the session has used up the last one.")),
          money(QStringLiteral("payment_auth_amount_minor"), Tr::tr("Payment authorization amount"))
              .explained(Tr::tr("How much each hold on the driver's card reserves.")),
          money(QStringLiteral("roaming_energy_price_minor"), Tr::tr("Home roaming energy price per kWh"))
              .explained(Tr::tr("Instead of the energy price, for drivers of another provider charging here.")),
          money(QStringLiteral("roaming_charge_time_price_minor"), Tr::tr("Home roaming charge time price per hour"))
              .explained(Tr::tr("Instead of the charge time price, for drivers of another provider.")),
          money(QStringLiteral("roaming_park_time_price_minor"), Tr::tr("Home roaming park time price per hour"))
              .explained(Tr::tr("Instead of the park time price, for drivers of another provider.")),
          money(QStringLiteral("roaming_reservation_time_price_minor"),
                Tr::tr("Home roaming reservation time price per hour"))
              .explained(Tr::tr("An hour of a reservation, for drivers of another provider.")),
          money(QStringLiteral("roaming_reservation_fixed_price_minor"), Tr::tr("Home roaming reservation fixed price"))
              .explained(Tr::tr("Added once to each reservation, for drivers of another provider.")),
          boolean(QStringLiteral("start_requires_occupied"), Tr::tr("Start only when the connector is occupied"))
              .explained(Tr::tr("A remote start is refused until a car is plugged in.")),
          seconds(QStringLiteral("reactivation_grace_s"), Tr::tr("Reactivation grace period"))
              .explained(Tr::tr("How long after it was created a closed session may be taken up again. Empty: "
                                "15 minutes; 0: no limit."))},
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
            << money(QStringLiteral("reimbursement_park_time_price_minor"), Tr::tr("Reimbursement per parking hour"))
            << operatorSessionFields();
        op.rules << securityKeyLength;
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

    return entities;
}

} // namespace ChargeDesk::Core::Entities
