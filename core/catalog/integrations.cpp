#include "core/catalog.h"
#include "core/catalog/entities.h"
#include "core/catalog/fields.h"

namespace ChargeDesk::Core::Entities {

// Roaming profiles, platforms and tariffs, payment terminals and mobile app templates.
QList<EntityDef> integrations()
{
    QList<EntityDef> entities;
    const auto add = [&entities](EntityDef def) {
        entities.append(std::move(def));
    };

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

    return entities;
}

} // namespace ChargeDesk::Core::Entities
