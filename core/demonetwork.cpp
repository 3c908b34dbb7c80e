#include "core/demonetwork.h"

#include "core/authservice.h"
#include "core/catalog.h"
#include "core/liveconfiguration.h"
#include "core/repository.h"

#include <QCoreApplication>

#include <cmath>

namespace ChargeDesk::Core {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(DemoNetwork)
};

struct AreaRow
{
    const char *code;
    const char *name;
    const char *operatorCode;
    const char *parentCode;
    double latitude;
    double longitude;
    const char *address;
    const char *city;
    Record balancing; // dlb_* fields; empty: no load balancing
};

struct StationRow
{
    const char *code;
    const char *name;
    const char *areaCode;
    const char *protocol;
    int connectors;
    double powerW;
    const char *currentType;
    const char *connectorType;
};

QString text(const char *s)
{
    return QString::fromUtf8(s);
}

// The settings the configuration check recommends where a charger's factory defaults differ
// (see configurationcheck.h): every start asks us, nothing charges on a cache or local list,
// and the session readings include current and voltage.
const QList<std::pair<const char *, const char *>> RecommendedSettings{
    {"authorize_remote_start", "true"},
    {"authorization_cache_enabled", "false"},
    {"local_authorize_offline", "false"},
    {"local_auth_list_enabled", "false"},
    {"sampled_data_measurands", "Energy.Active.Import.Register,Power.Active.Import,Current.Import,Voltage,SoC"},
};

// One template per protocol with the recommended settings, assigned to every demo area, so
// that the demo's stations are configured as the check wants when they connect, and show how.
Status addRecommendedTemplates(const std::function<Result<qint64>(const QString &, const Record &)> &create,
                               const QList<qint64> &areaIds)
{
    for (const auto &[code, protocol] : {std::pair{"RECOMMENDED-16", "ocpp1.6"}, {"RECOMMENDED-201", "ocpp2.0.1"}}) {
        auto id = create(Tables::ConfigTemplates,
                         {{QStringLiteral("code"), text(code)},
                          {QStringLiteral("name"), Tr::tr("Recommended settings (%1)").arg(text(protocol))},
                          {QStringLiteral("description"),
                           Tr::tr("What the configuration check recommends where the chargers' defaults differ.")},
                          {QStringLiteral("protocol"), text(protocol)}});
        if (!id)
            return id.error();
        for (const auto &[parameter, value] : RecommendedSettings) {
            QString key;
            for (const LiveParameter &p : LiveConfiguration::parameters())
                if (p.name == QLatin1String(parameter))
                    key = p.keyFor(text(protocol));
            if (auto setting = create(Tables::ConfigTemplateSettings, {{QStringLiteral("template_id"), id.value()},
                                                                       {QStringLiteral("setting_key"), key},
                                                                       {QStringLiteral("setting_value"), text(value)}});
                !setting)
                return setting.error();
        }
        for (qint64 areaId : areaIds)
            if (auto assigned = create(Tables::ConfigTemplateAssignments, {{QStringLiteral("template_id"), id.value()},
                                                                           {QStringLiteral("area_id"), areaId}});
                !assigned)
                return assigned.error();
    }
    return Ok{};
}

} // namespace

Result<DemoNetwork> seedDemoNetwork(Repository &repository, AuthService &auth)
{
    auto existing = repository.database().exec(QStringLiteral("SELECT COUNT(*) FROM stations"));
    if (!existing)
        return existing.error();
    if (existing.value().next() && existing.value().value(0).toLongLong() > 0)
        return Error(Error::Kind::Conflict, Tr::tr("The demo network goes into an empty database only."));

    DemoNetwork demo;
    demo.userEmail = QStringLiteral("demo@chargedesk.example");
    demo.userPassword = QStringLiteral("chargedesk-demo");
    demo.meterAssetCode = QStringLiteral("GARAGE-METER");
    // Every row as the system creates it; the first failure undoes the whole network.
    const auto create = [&repository](const QString &table, const Record &values) {
        return repository.create(Actor::system(), table, values);
    };
    const Status s = repository.database().transaction([&]() -> Status {
        auto rating = create(Tables::RatingSettings, {{QStringLiteral("name"), Tr::tr("Standard tariff")},
                                                      {QStringLiteral("energy_price_minor"), 35},
                                                      {QStringLiteral("park_time_price_minor"), 120},
                                                      {QStringLiteral("park_time_threshold_s"), 3600}});
        if (!rating)
            return rating.error();
        if (auto site = create(Tables::SiteSettings, {{QStringLiteral("name"), Tr::tr("ChargeDesk demo network")},
                                                      {QStringLiteral("organisation"), QStringLiteral("ChargeDesk")},
                                                      {QStringLiteral("city"), QStringLiteral("Ljubljana")},
                                                      {QStringLiteral("country"), QStringLiteral("SI")},
                                                      {QStringLiteral("latitude"), 46.0511},
                                                      {QStringLiteral("longitude"), 14.5051},
                                                      {QStringLiteral("currency"), QStringLiteral("EUR")},
                                                      {QStringLiteral("time_zone"), QStringLiteral("Europe/Ljubljana")},
                                                      {QStringLiteral("language"), QStringLiteral("en")},
                                                      {QStringLiteral("rating_settings_id"), rating.value()}});
            !site)
            return site.error();

        QHash<QString, qint64> operators;
        for (const auto &[code, name] : {std::pair{"CITY", "City Parking Ljubljana"}, {"HOTEL", "Hotel Lipa Bled"}}) {
            auto id = create(Tables::Operators, {{QStringLiteral("code"), text(code)},
                                                 {QStringLiteral("name"), text(name)},
                                                 {QStringLiteral("time_zone"), QStringLiteral("Europe/Ljubljana")}});
            if (!id)
                return id.error();
            operators.insert(text(code), id.value());
        }

        // The garage shares what its meter says the building leaves (round allocation, as in
        // the specification's advanced example); the hotel shares a fixed 22 kW.
        const Record garage{{QStringLiteral("dlb_enabled"), true},
                            {QStringLiteral("dlb_limit_type"), QStringLiteral("power")},
                            {QStringLiteral("dlb_limit"), 60000},
                            {QStringLiteral("dlb_by_asset"), true},
                            {QStringLiteral("dlb_distribution"), QStringLiteral("equal")},
                            {QStringLiteral("dlb_fallout"), QStringLiteral("round_allocation")},
                            {QStringLiteral("dlb_min_supply"), 4000},
                            {QStringLiteral("dlb_redistribution_interval_s"), 60}};
        const Record hotel{{QStringLiteral("dlb_enabled"), true},
                           {QStringLiteral("dlb_limit_type"), QStringLiteral("power")},
                           {QStringLiteral("dlb_limit"), 22000},
                           {QStringLiteral("dlb_distribution"), QStringLiteral("first_in_first_charged")}};
        const QList<AreaRow> areas{
            {"CENTRAL", "Central garage", "CITY", nullptr, 46.0514, 14.5060, "Slovenska cesta 1", "Ljubljana", garage},
            {"CENTRAL-L1",
             "Central garage, level -1",
             "CITY",
             "CENTRAL",
             46.0513,
             14.5062,
             "Slovenska cesta 1",
             "Ljubljana",
             {}},
            {"RIVERSIDE", "Riverside street", "CITY", nullptr, 46.0489, 14.5079, "Breg 12", "Ljubljana", {}},
            {"HOTEL", "Hotel Lipa parking", "HOTEL", nullptr, 46.3683, 14.1146, "Cesta svobode 7", "Bled", hotel},
        };
        QHash<QString, qint64> areaIds;
        for (const AreaRow &a : areas) {
            Record values{{QStringLiteral("code"), text(a.code)},
                          {QStringLiteral("name"), text(a.name)},
                          {QStringLiteral("operator_id"), operators.value(text(a.operatorCode))},
                          {QStringLiteral("latitude"), a.latitude},
                          {QStringLiteral("longitude"), a.longitude},
                          {QStringLiteral("address"), text(a.address)},
                          {QStringLiteral("city"), text(a.city)},
                          {QStringLiteral("country"), QStringLiteral("SI")}};
            if (a.parentCode)
                values.insert(QStringLiteral("parent_id"), areaIds.value(text(a.parentCode)));
            values.insert(a.balancing);
            auto id = create(Tables::Areas, values);
            if (!id)
                return id.error();
            areaIds.insert(text(a.code), id.value());
        }
        for (const auto &[code, name, type, area] :
             {std::tuple{"GARAGE-METER", "Garage smart meter", "smart_meter", "CENTRAL"},
              {"HOTEL-SOLAR", "Hotel roof solar panels", "producer", "HOTEL"}}) {
            if (auto id = create(Tables::Assets, {{QStringLiteral("code"), text(code)},
                                                  {QStringLiteral("name"), text(name)},
                                                  {QStringLiteral("type"), text(type)},
                                                  {QStringLiteral("current_type"), QStringLiteral("ac_three_phase")},
                                                  {QStringLiteral("area_id"), areaIds.value(text(area))}});
                !id)
                return id.error();
        }

        if (Status added = addRecommendedTemplates(create, areaIds.values()); !added)
            return added;

        const QList<StationRow> stations{
            {"GARAGE-01", "Garage wallbox 1", "CENTRAL", "ocpp1.6", 2, 22000, "ac_three_phase", "type2"},
            {"GARAGE-02", "Garage wallbox 2", "CENTRAL", "ocpp1.6", 2, 22000, "ac_three_phase", "type2"},
            {"GARAGE-03", "Garage level -1 charger", "CENTRAL-L1", "ocpp2.0.1", 1, 11000, "ac_three_phase", "type2"},
            {"RIVERSIDE-DC", "Riverside fast charger", "RIVERSIDE", "ocpp1.6", 1, 50000, "dc", "ccs2"},
            {"HOTEL-01", "Hotel charger 1", "HOTEL", "ocpp2.0.1", 1, 11000, "ac_three_phase", "type2"},
            {"HOTEL-02", "Hotel charger 2", "HOTEL", "ocpp2.0.1", 1, 11000, "ac_three_phase", "type2"},
        };
        for (const StationRow &st : stations) {
            auto station = create(Tables::Stations, {{QStringLiteral("code"), text(st.code)},
                                                     {QStringLiteral("name"), text(st.name)},
                                                     {QStringLiteral("area_id"), areaIds.value(text(st.areaCode))},
                                                     {QStringLiteral("protocol"), text(st.protocol)},
                                                     {QStringLiteral("connection_identifier"), text(st.code)},
                                                     {QStringLiteral("connection_policy"), QStringLiteral("ws")},
                                                     {QStringLiteral("boot_trigger_status"), true}});
            if (!station)
                return station.error();
            // 1.6 numbers the connectors of its one charger; a 2.0.1 station here has one
            // connector per EVSE.
            const bool v16 = text(st.protocol) == QLatin1String("ocpp1.6");
            const int chargers = v16 ? 1 : st.connectors;
            for (int evse = 1; evse <= chargers; ++evse) {
                auto charger = create(Tables::Chargers,
                                      {{QStringLiteral("code"), QStringLiteral("%1-%2").arg(text(st.code)).arg(evse)},
                                       {QStringLiteral("name"), Tr::tr("Charger %1").arg(evse)},
                                       {QStringLiteral("station_id"), station.value()},
                                       {QStringLiteral("evse_id"), evse},
                                       {QStringLiteral("reservable"), true},
                                       {QStringLiteral("current_type"), text(st.currentType)}});
                if (!charger)
                    return charger.error();
                for (int n = 1; n <= (v16 ? st.connectors : 1); ++n) {
                    auto connector =
                        create(Tables::Connectors, {{QStringLiteral("code"), QString::number(n)},
                                                    {QStringLiteral("name"), Tr::tr("Connector %1").arg(n)},
                                                    {QStringLiteral("charger_id"), charger.value()},
                                                    {QStringLiteral("connector_number"), n},
                                                    {QStringLiteral("type"), text(st.connectorType)},
                                                    {QStringLiteral("wattage_limit_w"), st.powerW}});
                    if (!connector)
                        return connector.error();
                }
            }
            demo.stations << DemoNetwork::Station{text(st.code), text(st.protocol), st.connectors, st.powerW,
                                                  text(st.currentType)};
        }

        // Every site has the RFID type (migration 13).
        const auto rfid = repository.getByCode(Actor::system(), Tables::IdDeviceTypes, QStringLiteral("RFID"));
        if (!rfid)
            return rfid.error();
        const Result<qint64> cardType(rfid.value().value(QStringLiteral("id")).toLongLong());
        const QStringList drivers{QStringLiteral("Ana Novak"),   QStringLiteral("Luka Horvat"),
                                  QStringLiteral("Maja Kranjc"), QStringLiteral("Jan Zupan"),
                                  QStringLiteral("Nina Kovač"),  QStringLiteral("Marko Potočnik"),
                                  QStringLiteral("Eva Mlakar"),  QStringLiteral("Tim Vidmar")};
        for (int i = 0; i < drivers.size(); ++i) {
            const QString code = QStringLiteral("DRIVER-%1").arg(i + 1, 2, 10, QLatin1Char('0'));
            const bool prepaid = i % 4 == 3;
            auto customer = create(
                Tables::Customers,
                {{QStringLiteral("code"), code},
                 {QStringLiteral("name"), drivers.at(i)},
                 {QStringLiteral("payment_type"), prepaid ? QStringLiteral("prepaid") : QStringLiteral("postpaid")},
                 {QStringLiteral("balance_minor"), prepaid ? 5000 : 0},
                 {QStringLiteral("priority_level"), i == 0 ? 1 : 0}});
            if (!customer)
                return customer.error();
            const QString tag = QStringLiteral("DEMO%1").arg(i + 1, 4, 10, QLatin1Char('0'));
            auto card = create(Tables::IdDevices, {{QStringLiteral("code"), QStringLiteral("CARD-%1").arg(i + 1)},
                                                   {QStringLiteral("name"), Tr::tr("Card of %1").arg(drivers.at(i))},
                                                   {QStringLiteral("type_id"), cardType.value()},
                                                   {QStringLiteral("identifier"), tag},
                                                   {QStringLiteral("customer_id"), customer.value()}});
            if (!card)
                return card.error();
            demo.cardTags << tag;
        }

        auto user = auth.createUser(Actor::system(),
                                    {{QStringLiteral("email"), demo.userEmail},
                                     {QStringLiteral("first_name"), QStringLiteral("Demo")},
                                     {QStringLiteral("last_name"), QStringLiteral("Operator")},
                                     {QStringLiteral("power_user"), true}},
                                    demo.userPassword);
        return user ? Status(Ok{}) : Status(user.error());
    });
    if (!s)
        return s.error();
    return demo;
}

double demoMeterAvailableW(const QDateTime &at)
{
    constexpr double Pi = 3.14159265358979;
    const double phase = double(at.toMSecsSinceEpoch() % 600000) / 600000.0;
    return std::round(42000 + 12000 * std::sin(2 * Pi * phase));
}

Status reportDemoMeter(Repository &repository, const DemoNetwork &demo, const QDateTime &at)
{
    auto meter = repository.getByCode(Actor::system(), Tables::Assets, demo.meterAssetCode);
    if (!meter)
        return meter.error();
    auto id = repository.create(Actor::system(), Tables::AssetMeasurements,
                                {{QStringLiteral("asset_id"), meter.value().value(QStringLiteral("id"))},
                                 {QStringLiteral("measured_at"), at.toMSecsSinceEpoch()},
                                 {QStringLiteral("power_w"), qint64(demoMeterAvailableW(at))}});
    return id ? Status(Ok{}) : Status(id.error());
}

} // namespace ChargeDesk::Core
