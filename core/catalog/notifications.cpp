#include "core/catalog.h"
#include "core/catalog/entities.h"
#include "core/catalog/fields.h"

namespace ChargeDesk::Core::Entities {

// Message templates, notification rules with their publishers and receivers, and the notification log.
QList<EntityDef> notifications()
{
    QList<EntityDef> entities;
    const auto add = [&entities](EntityDef def) {
        entities.append(std::move(def));
    };

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

    return entities;
}

} // namespace ChargeDesk::Core::Entities
