#include "ui/shell/sections.h"

#include "core/catalog.h"
#include "ui/areas/areadetails.h"
#include "ui/areas/assetdetails.h"
#include "ui/identity/iddevicedetails.h"
#include "ui/identity/networkmembers.h"
#include "ui/identity/userdetails.h"
#include "ui/map/mappage.h"
#include "ui/sessions/reservationdetails.h"
#include "ui/sessions/sessionview.h"
#include "ui/stations/chargeroperations.h"
#include "ui/stations/chargingprofiledetails.h"
#include "ui/stations/effectiverating.h"
#include "ui/stations/stationdetails.h"
#include "ui/widgets/childlist.h"
#include "ui/widgets/tr.h"
#include "ui/widgets/valueformat.h"

#include <QCoreApplication>
#include <QLabel>
#include <QVBoxLayout>

namespace ChargeDesk::Ui {

namespace {

QStringList fields(std::initializer_list<const char *> names)
{
    QStringList list;
    for (const char *name : names)
        list << QString::fromLatin1(name);
    return list;
}

std::optional<Core::Record> readRow(const PageContext &context, const QString &table, const QVariant &id)
{
    if (id.isNull() || !id.isValid())
        return std::nullopt;
    auto row = context.repository.get(context.actor, table, id.toLongLong());
    return row ? std::optional(row.value()) : std::nullopt;
}

// A session or reservation by where and when, as the operator knows it: "Session Garage
// wallbox 2 · 1, 3:41 AM". `text` has the place as %1 and the time of `timeField` as %2.
QString whereAndWhen(const PageContext &context, const Core::Record &row, const QString &text, const QString &timeField)
{
    const auto connector = readRow(context, Core::Tables::Connectors, row.value(QStringLiteral("connector_id")));
    const auto charger =
        readRow(context, Core::Tables::Chargers,
                connector ? connector->value(QStringLiteral("charger_id")) : row.value(QStringLiteral("charger_id")));
    const auto station =
        charger ? readRow(context, Core::Tables::Stations, charger->value(QStringLiteral("station_id"))) : std::nullopt;
    if (!station)
        return {};
    const QString name = station->value(QStringLiteral("name")).toString();
    const QString place =
        connector ? Tr::tr("%1 · %2").arg(name, connector->value(QStringLiteral("connector_number")).toString()) : name;
    return text.arg(place, formatRecentTimestamp(row.value(timeField), context.repository.clock().now()));
}

// One headed list of the selected row's children in the details pane.
struct ChildSpec
{
    QString title;
    ListSpec list;
    QString parentField;
    QList<FormSection> form;
};

DetailsFactory childLists(QList<ChildSpec> specs)
{
    return [specs](const PageContext &context, ListPage &page) -> QWidget * {
        auto *box = new QWidget;
        auto *layout = new QVBoxLayout(box);
        layout->setContentsMargins(0, 0, 0, 0);
        for (const ChildSpec &spec : specs) {
            auto *heading = new QLabel(spec.title, box);
            QFont bold = heading->font();
            bold.setBold(true);
            heading->setFont(bold);
            heading->setContentsMargins(0, heading->fontMetrics().height(), 0, 2);
            auto *list = new ChildList(context.repository, context.actor, spec.list, spec.parentField, spec.form, box);
            list->setObjectName(QStringLiteral("children_") + spec.list.table);
            layout->addWidget(heading);
            layout->addWidget(list);
            QObject::connect(&page, &ListPage::currentChanged, list, &ChildList::setParentId);
            list->setParentId(page.currentId());
        }
        return box;
    };
}

// Power users keep the generic members list with its customer picker; operator users, who may
// not read customers, search for the cards of those not yet in the network instead.
DetailsFactory privateNetwork(DetailsFactory forPowerUsers)
{
    return [forPowerUsers](const PageContext &context, ListPage &page) -> QWidget * {
        return context.actor.powerUser ? forPowerUsers(context, page) : networkMembersDetails(context, page);
    };
}

// What a session's view acts through, from the console's services.
SessionView::Services sessionServices(const Services &services)
{
    return {.settlement = services.settlement, .control = services.sessionControl, .messageLog = services.messageLog};
}

// The charging network and what happens on it: stations to configuration templates.
QList<Section> operationsSections()
{
    namespace T = Core::Tables;
    const QString operations = Tr::tr("Operations");
    QList<Section> sections;

    // Chargers and connectors have their own sections, and the station's details add and edit
    // them with the same forms.
    const QList<FormSection> chargerForm{
        {Tr::tr("Charger"), fields({"code", "name", "station_id", "evse_id", "mac", "current_type"})},
        {Tr::tr("Sessions"),
         fields({"reservable", "connectors_simultaneous", "charging_profile_id", "rating_settings_id"})},
        {Tr::tr("Roaming"), fields({"roaming", "roaming_id"})}};
    const QList<FormSection> connectorForm{
        {Tr::tr("Connector"), fields({"code", "name", "charger_id", "connector_number", "type"})},
        {Tr::tr("Capability"), fields({"wattage_limit_w", "amperage_limit_a", "voltage_limit_v", "power_factor"})},
        {Tr::tr("Roaming"), fields({"roaming_id"})}};

    // The details show what the station reported and its connection in groups of their own.
    sections << Section{
        .key = QStringLiteral("stations"),
        .icon = QStringLiteral("station"),
        .group = operations,
        .title = Tr::tr("Stations"),
        .list = {.table = T::Stations,
                 .columns = fields({"code", "name", "connected", "operational_status", "last_heartbeat_at", "area_id",
                                    "vendor", "model", "firmware_version", "protocol"}),
                 .filters = fields({"name", "serial_number", "model", "vendor", "area_id", "area_id.operator_id",
                                    "operational_status"}),
                 .orderBy = QStringLiteral("code"),
                 .detailFields = fields({"code", "area_id", "protocol", "connection_identifier", "connection_policy",
                                         "operational_status"}),
                 .emptyText = Tr::tr("No stations yet. Click New to add one, or start the console with --demo.")},
        .form = {{Tr::tr("Station"), fields({"code", "name", "area_id", "visible", "mac"})},
                 {Tr::tr("Connectivity"),
                  fields({"protocol", "connection_identifier", "connection_policy", "auth_username"})},
                 {Tr::tr("At boot"), fields({"boot_trigger_boot", "boot_trigger_status", "boot_trigger_heartbeat",
                                             "boot_clear_profiles"})},
                 {Tr::tr("Reported by the station"),
                  fields({"vendor", "model", "serial_number", "firmware_version", "iccid", "imsi", "operational_status",
                          "last_connected_at", "last_heartbeat_at"})}},
        .details = [chargerForm, connectorForm](const PageContext &context, ListPage &page) {
            return createStationDetails(context, page, chargerForm, connectorForm);
        }};

    sections << Section{.key = QStringLiteral("chargers"),
                        .icon = QStringLiteral("charger"),
                        .group = operations,
                        .title = Tr::tr("Chargers"),
                        .list = {.table = T::Chargers,
                                 .columns = fields({"station_id", "evse_id", "name", "status", "operational_status",
                                                    "current_type", "status_at", "code"}),
                                 .filters = fields({"name", "station_id.serial_number", "station_id.model",
                                                    "station_id.vendor", "operational_status", "status"}),
                                 .orderBy = QStringLiteral("station_id"),
                                 .detailFields = fields({"code", "station_id", "evse_id", "current_type", "reservable",
                                                         "roaming", "operational_status", "status", "status_info"})},
                        .form = chargerForm,
                        // The connectors of the selected charger, with turning it or them on and off and
                        // unlocking; then what its sessions are rated and ended by.
                        .details = [connectorForm](const PageContext &context, ListPage &page) {
                            auto *box = new QWidget;
                            auto *layout = new QVBoxLayout(box);
                            layout->setContentsMargins(0, 0, 0, 0);
                            layout->addWidget(chargerOperations(context, page, connectorForm));
                            layout->addWidget(effectiveRating(context, page));
                            return box;
                        }};

    sections << Section{
        .key = QStringLiteral("connectors"),
        .icon = QStringLiteral("connector"),
        .group = operations,
        .title = Tr::tr("Connectors"),
        .list = {.table = T::Connectors,
                 .columns = fields({"charger_id.station_id", "connector_number", "status", "type", "wattage_limit_w",
                                    "error_code", "status_at", "name", "charger_id", "code"}),
                 .filters = fields({"name", "charger_id", "type", "status"}),
                 .orderBy = QStringLiteral("charger_id"),
                 .detailFields =
                     fields({"code", "charger_id", "connector_number", "type", "wattage_limit_w", "amperage_limit_a",
                             "voltage_limit_v", "power_factor", "status", "error_code"}),
                 .hiddenColumns = fields({"code"}),
                 .emptyText = Tr::tr("No connectors yet. Stations report theirs when they connect, "
                                     "or click New to add one.")},
        .form = connectorForm};

    // Areas are made and changed with their wizard (limit periods and attributes come along);
    // the details say the rest in words.
    sections << Section{
        .key = QStringLiteral("areas"),
        .icon = QStringLiteral("area"),
        .title = Tr::tr("Areas"),
        .list = {.table = T::Areas,
                 .columns = fields({"code", "name", "operator_id", "parent_id", "city", "country", "dlb_enabled"}),
                 .filters = fields({"name", "operator_id", "parent_id", "city"}),
                 .orderBy = QStringLiteral("name"),
                 .detailFields = fields({"code", "operator_id", "parent_id"})},
        .form = {{Tr::tr("Area"), fields({"code", "name", "operator_id", "parent_id", "roaming_id"})},
                 {Tr::tr("Support contact"), fields({"support_name", "support_phone", "support_email"})},
                 {Tr::tr("Location"), fields({"address", "city", "zip", "state", "country", "latitude", "longitude"})},
                 {Tr::tr("Dynamic load balancing"),
                  fields({"dlb_enabled", "dlb_limit_type", "dlb_limit", "dlb_by_asset", "dlb_priority_levels",
                          "dlb_distribution", "dlb_fallout", "dlb_redistribution_interval_s",
                          "dlb_min_increase_percent", "dlb_min_increase", "dlb_min_supply", "dlb_max_supply"})}},
        .details = areaDetails,
        .create = createArea,
        .edit = editArea};

    // Smart meters, producers and consumers of an area; what they measure sets its limit.
    sections << Section{
        .key = QStringLiteral("assets"),
        .icon = QStringLiteral("asset"),
        .title = Tr::tr("Assets"),
        .list = {.table = T::Assets,
                 .columns = fields({"code", "name", "type", "current_type", "area_id", "latest_power", "latest_at"}),
                 .filters = fields({"name", "type", "area_id"}),
                 .orderBy = QStringLiteral("name"),
                 .detailFields = fields({"code", "description", "type", "current_type", "power_factor", "area_id"})},
        .form = {{Tr::tr("Asset"), fields({"code", "name", "description", "area_id"})},
                 {Tr::tr("Electricity"), fields({"type", "current_type", "power_factor"})}},
        .details = assetDetails};

    sections << Section{.key = QStringLiteral("map"),
                        .icon = QStringLiteral("map"),
                        .title = Tr::tr("Map"),
                        .list = {.table = T::Areas},
                        .page = [](const PageContext &context) -> QWidget * {
                            return new MapPage(context.repository, context.actor);
                        }};

    sections << Section{
        .key = QStringLiteral("sessions"),
        .icon = QStringLiteral("session"),
        .title = Tr::tr("Sessions"),
        .list = {.table = T::Sessions,
                 // The status beside the place: on a laptop beside the demo dock, the columns
                 // on the right scroll out of sight.
                 .columns =
                     fields({"connector_id", "status", "customer_id", "started_at", "duration", "energy_wh", "power_w",
                             "amount_minor", "ended_at", "charge_s", "park_s", "code", "transaction_id"}),
                 .filters = fields({"started_at", "customer_id", "status"}),
                 .orderBy = QStringLiteral("started_at"),
                 .descending = true,
                 .detailFields =
                     fields({"code", "connector_id", "customer_id", "id_token", "status", "started_at", "ended_at",
                             "energy_wh", "power_w", "soc_percent", "amount_minor", "currency", "stop_reason"}),
                 .hiddenColumns = fields({"charge_s", "park_s", "code", "transaction_id"}),
                 .emptyText = Tr::tr("Sessions appear here when a charger starts charging.")},
        .view = [](const PageContext &context, qint64 id) -> QWidget * {
            return new SessionView(context.repository, context.actor, id, sessionServices(context.services));
        },
        .viewTitle =
            [](const PageContext &context, const Core::Record &row) {
                return whereAndWhen(context, row, Tr::tr("Session %1, %2"), QStringLiteral("started_at"));
            }};

    // The engine makes and ends reservations; people look at them and stop active ones.
    // Opening one shows the session it holds the connector with.
    sections << Section{
        .key = QStringLiteral("reservations"),
        .icon = QStringLiteral("reservation"),
        .title = Tr::tr("Reservations"),
        .list = {.table = T::Reservations,
                 .columns = fields({"created_at", "code", "customer_id", "charger_id", "connector_id", "expires_at",
                                    "status", "ended_at"}),
                 .filters = fields({"expires_at", "customer_id", "charger_id", "status"}),
                 .orderBy = QStringLiteral("created_at"),
                 .descending = true,
                 .detailFields =
                     fields({"code", "customer_id", "charger_id", "connector_id", "expires_at", "ended_at"})},
        .details = reservationDetails,
        .view = [](const PageContext &context, qint64 id) -> QWidget * {
            Core::ListQuery held;
            held.filters << Core::ListQuery::Filter{QStringLiteral("reservation_id"),
                                                    Core::ListQuery::Filter::Op::Equals, id};
            held.limit = 1;
            const auto sessions = context.repository.list(context.actor, T::Sessions, held);
            if (!sessions || sessions.value().isEmpty())
                return new QLabel(Tr::tr("No session was opened for this reservation."));
            return new SessionView(context.repository, context.actor,
                                   sessions.value().first().value(QStringLiteral("id")).toLongLong(),
                                   sessionServices(context.services));
        },
        .viewTitle =
            [](const PageContext &context, const Core::Record &row) {
                return whereAndWhen(context, row, Tr::tr("Reservation %1, %2"), QStringLiteral("created_at"));
            }};

    sections << Section{
        .key = QStringLiteral("chargingProfiles"),
        .icon = QStringLiteral("profile"),
        .title = Tr::tr("Charging profiles"),
        .list = {.table = T::ChargingProfiles,
                 .columns =
                     fields({"code", "name", "purpose", "kind", "stack_level", "unit", "valid_from", "valid_to"}),
                 .filters = fields({"name", "purpose", "kind"}),
                 .orderBy = QStringLiteral("code"),
                 .detailFields = fields({"code", "purpose", "kind", "recurrency", "stack_level", "unit",
                                         "energy_limit_wh", "duration_s", "schedule_start", "valid_from", "valid_to"})},
        .form = {{Tr::tr("Profile"), fields({"code", "name", "purpose", "kind", "recurrency", "stack_level"})},
                 {Tr::tr("Schedule"),
                  fields({"unit", "schedule_start", "duration_s", "energy_limit_wh", "valid_from", "valid_to"})}},
        .powerOnly = true,
        .details = chargingProfileDetails};

    sections << Section{
        .key = QStringLiteral("configurationTemplates"),
        .icon = QStringLiteral("template"),
        .title = Tr::tr("Configuration templates"),
        .list = {.table = T::ConfigTemplates,
                 .columns = fields({"code", "name", "protocol", "priority", "operator_id", "valid_from", "valid_to"}),
                 .filters = fields({"name", "protocol", "operator_id"}),
                 .orderBy = QStringLiteral("priority"),
                 .descending = true,
                 .detailFields = fields({"code", "description", "protocol", "priority", "batch_size", "operator_id",
                                         "valid_from", "valid_to"})},
        .form = {{Tr::tr("Template"), fields({"code", "name", "description", "operator_id"})},
                 {Tr::tr("Applies"), fields({"protocol", "priority", "batch_size", "valid_from", "valid_to"})}},
        .details = childLists(
            {{.title = Tr::tr("Settings"),
              .list = {.table = T::ConfigTemplateSettings,
                       .columns = fields({"setting_key", "setting_value", "evse_id", "connector_number"}),
                       .orderBy = QStringLiteral("setting_key")},
              .parentField = QStringLiteral("template_id"),
              .form = {{Tr::tr("Setting"), fields({"setting_key", "setting_value", "evse_id", "connector_number"})}}},
             {.title = Tr::tr("Assigned to"),
              .list = {.table = T::ConfigTemplateAssignments,
                       .columns = fields({"area_id", "station_id"}),
                       .orderBy = QStringLiteral("id")},
              .parentField = QStringLiteral("template_id"),
              .form = {{Tr::tr("Assignment"), fields({"area_id", "station_id"})}}}})};
    return sections;
}

// Customers and how they identify themselves.
QList<Section> identificationSections()
{
    namespace T = Core::Tables;
    const QString identification = Tr::tr("Customers and ID devices");
    QList<Section> sections;

    sections << Section{
        .key = QStringLiteral("customers"),
        .icon = QStringLiteral("customer"),
        .group = identification,
        .title = Tr::tr("Customers"),
        .list = {.table = T::Customers,
                 .columns = fields({"code", "name", "email", "phone", "payment_type", "status", "priority_level"}),
                 .filters = fields({"name", "email", "payment_type", "status"}),
                 .orderBy = QStringLiteral("name"),
                 .detailFields = fields({"code", "email", "phone", "payment_type", "status", "customer_type_group",
                                         "balance_minor", "priority_level"})},
        .form = {{Tr::tr("Customer"), fields({"code", "name", "email", "phone"})},
                 {Tr::tr("Account"),
                  fields({"payment_type", "status", "customer_type_group", "balance_minor", "priority_level"})}}};

    sections << Section{
        .key = QStringLiteral("idDevices"),
        .icon = QStringLiteral("id-device"),
        .group = identification,
        .title = Tr::tr("ID devices"),
        .list = {.table = T::IdDevices,
                 .columns = fields({"code", "name", "identifier", "type_id", "customer_id", "status", "expires_at"}),
                 .filters = fields({"identifier", "type_id", "customer_id", "status"}),
                 .orderBy = QStringLiteral("code"),
                 .detailFields = fields({"code", "identifier", "type_id", "customer_id", "status", "expires_at"})},
        .form = {{Tr::tr("Device"), fields({"code", "name", "type_id", "identifier"})},
                 {Tr::tr("Assignment"), fields({"customer_id", "status", "expires_at"})}},
        .details = idDeviceDetails};

    sections << Section{.key = QStringLiteral("idDeviceTypes"),
                        .icon = QStringLiteral("id-type"),
                        .group = identification,
                        .title = Tr::tr("ID device types"),
                        .list = {.table = T::IdDeviceTypes,
                                 .columns = fields({"code", "name", "description"}),
                                 .filters = fields({"name"}),
                                 .orderBy = QStringLiteral("code"),
                                 .detailFields = fields({"code", "description"})},
                        .form = {{Tr::tr("Device type"), fields({"code", "name", "description"})}},
                        .powerOnly = true};

    return sections;
}

// Who may use the console, the operators and the site's settings.
QList<Section> administrationSections()
{
    namespace T = Core::Tables;
    const QString administration = Tr::tr("Administration");
    const QList<FormSection> userForm{{Tr::tr("User"), fields({"email", "first_name", "last_name", "enabled"})},
                                      {Tr::tr("Role"), fields({"power_user", "operator_role", "operator_id"})}};
    QList<Section> sections;

    sections << Section{.key = QStringLiteral("users"),
                        .icon = QStringLiteral("user"),
                        .group = administration,
                        .title = Tr::tr("Users"),
                        .list = {.table = T::Users,
                                 .columns = fields({"email", "first_name", "last_name", "power_user", "operator_role",
                                                    "operator_id", "enabled", "last_sign_in_at"}),
                                 .filters = fields({"email", "first_name", "last_name", "power_user", "operator_role",
                                                    "operator_id", "enabled"}),
                                 .orderBy = QStringLiteral("email"),
                                 .detailFields = fields({"first_name", "last_name", "power_user", "operator_role",
                                                         "operator_id", "enabled", "last_sign_in_at"})},
                        .form = userForm,
                        .powerOnly = true,
                        .details = userDetails,
                        .create = newUserDialog(userForm)};

    sections << Section{
        .key = QStringLiteral("operators"),
        .icon = QStringLiteral("operator"),
        .group = administration,
        .title = Tr::tr("Operators"),
        .list = {.table = T::Operators,
                 .columns = fields({"code", "name", "status", "organisation", "city", "email", "time_zone"}),
                 .filters = fields({"name", "status", "city"}),
                 .orderBy = QStringLiteral("name"),
                 .detailFields = fields({"code", "status", "organisation", "address", "city", "country", "phone",
                                         "email", "time_zone", "energy_step_delta_wh", "monetary_session_limit_minor",
                                         "share_basis_points"})},
        .form = {{Tr::tr("Operator"), fields({"code", "name", "status", "organisation", "time_zone"})},
                 {Tr::tr("Contact"), fields({"address", "city", "zip", "state", "country", "phone", "email"})},
                 {Tr::tr("Sessions"),
                  fields({"rating_settings_id", "energy_step_delta_wh", "monetary_session_limit_minor",
                          "ready_session_expiration_s", "ongoing_session_expiration_s"})},
                 {Tr::tr("Integrations"), fields({"security_key"})},
                 {Tr::tr("Share and reimbursement"),
                  fields({"share_basis_points", "reimbursement_energy_price_minor",
                          "reimbursement_charge_time_price_minor", "reimbursement_park_time_price_minor"})}},
        // Customers who may charge at the operator's stations that are not visible to everyone.
        .details = privateNetwork(childLists({{.title = Tr::tr("Private network members"),
                                               .list = {.table = T::OperatorMembers,
                                                        .columns = fields({"customer_id"}),
                                                        .orderBy = QStringLiteral("id")},
                                               .parentField = QStringLiteral("operator_id"),
                                               .form = {{Tr::tr("Member"), fields({"customer_id"})}}}}))};

    // Prices and the rules a session is rated by; the site, an operator or a charger picks one.
    sections << Section{
        .key = QStringLiteral("ratingSettings"),
        .icon = QStringLiteral("csv"),
        .group = administration,
        .title = Tr::tr("Rating settings"),
        .list = {.table = T::RatingSettings,
                 .columns = fields({"name", "energy_price_minor", "charge_time_price_minor", "park_time_price_minor",
                                    "park_time_threshold_s", "termination", "payment_auth_policy"}),
                 .filters = fields({"name", "termination", "payment_auth_policy"}),
                 .orderBy = QStringLiteral("name"),
                 .detailFields = fields({"energy_price_minor", "charge_time_price_minor", "park_time_price_minor",
                                         "park_time_threshold_s", "termination", "monetary_limit_minor",
                                         "energy_limit_wh", "charge_time_limit_s", "payment_auth_policy",
                                         "reservation_rating", "start_requires_occupied", "reactivation_grace_s"})},
        .form = {{Tr::tr("Rating settings"), fields({"name"})},
                 {Tr::tr("Prices"), fields({"energy_price_minor", "charge_time_price_minor", "park_time_price_minor",
                                            "park_time_threshold_s"})},
                 {Tr::tr("Limits and the end of a session"),
                  fields({"termination", "monetary_limit_minor", "energy_limit_wh", "charge_time_limit_s"})},
                 {Tr::tr("The driver's means"), fields({"payment_auth_policy", "payment_auth_amount_minor",
                                                        "energy_step_wh", "charge_time_step_s", "park_time_step_s"})},
                 {Tr::tr("Reservations and home roaming"),
                  fields({"reservation_rating", "roaming_energy_price_minor", "roaming_charge_time_price_minor",
                          "roaming_park_time_price_minor", "roaming_reservation_time_price_minor",
                          "roaming_reservation_fixed_price_minor"})},
                 {Tr::tr("Starting"), fields({"start_requires_occupied", "reactivation_grace_s"})}},
        .powerOnly = true};

    sections << Section{
        .key = QStringLiteral("settings"),
        .icon = QStringLiteral("settings"),
        .group = administration,
        .title = Tr::tr("Site settings"),
        .list = {.table = T::SiteSettings},
        .form = {{Tr::tr("Site"), fields({"name", "organisation", "logo"})},
                 {Tr::tr("Regional"), fields({"language", "currency", "time_zone"})},
                 {Tr::tr("Location"), fields({"address", "city", "zip", "state", "country", "latitude", "longitude"})},
                 {Tr::tr("Contact"), fields({"contact_email", "contact_phone"})},
                 {Tr::tr("Email (SMTP)"),
                  fields({"smtp_host", "smtp_port", "smtp_security", "smtp_username", "smtp_password", "smtp_from"})},
                 {Tr::tr("Sessions"), fields({"rating_settings_id", "ready_session_expiration_s",
                                              "ongoing_session_expiration_s", "session_closed_verification_s"})}},
        .singleRow = true,
        .powerOnly = true};
    return sections;
}

} // namespace

QList<Section> consoleSections()
{
    return operationsSections() + identificationSections() + administrationSections();
}

} // namespace ChargeDesk::Ui
