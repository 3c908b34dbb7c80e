#include "core/catalog.h"
#include "core/catalog/entities.h"
#include "core/catalog/fields.h"

namespace ChargeDesk::Core::Entities {

// Configuration templates, their assignments and results, the live configuration and the OCPP message log.
QList<EntityDef> configuration()
{
    QList<EntityDef> entities;
    const auto add = [&entities](EntityDef def) {
        entities.append(std::move(def));
    };

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

    // Written by the OCPP server only; an operator reads them and deletes one to dismiss it.
    add({Tables::RefusedConnections,
         Tr::tr("refused connection"),
         Tr::tr("refused connections"),
         QStringLiteral("identifier"),
         {text(QStringLiteral("identifier"), Tr::tr("Connection identifier")).required().systemOnly(),
          text(QStringLiteral("protocol"), Tr::tr("Protocol offered")).systemOnly(),
          text(QStringLiteral("address"), Tr::tr("Address")).systemOnly(),
          text(QStringLiteral("reason"), Tr::tr("Why it was refused")).required().systemOnly(),
          integer(QStringLiteral("attempts"), Tr::tr("Attempts")).systemOnly(),
          timestamp(QStringLiteral("first_at"), Tr::tr("First attempt")).required().systemOnly(),
          timestamp(QStringLiteral("last_at"), Tr::tr("Last attempt")).required().systemOnly()},
         scope(Kind::PowerOnly)});

    return entities;
}

} // namespace ChargeDesk::Core::Entities
