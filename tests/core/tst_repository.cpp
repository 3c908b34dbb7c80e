#include "core/catalog.h"
#include "core/migrator.h"
#include "core/repository.h"
#include "support/testdatabase.h"

#include <QSignalSpy>
#include <QTest>
#include <QTimeZone>

using namespace ChargeDesk::Core;
using ChargeDesk::Test::TestDatabase;

class TestRepository : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void create_validHierarchy_readsBackTypedValues();
    void create_missingRequiredFields_namesEachField();
    void create_unknownField_isRefused();
    void create_powerFactorAboveOne_isRefusedAndStoresNothing_data();
    void create_powerFactorAboveOne_isRefusedAndStoresNothing();
    void create_duplicateCode_isRefused();
    void create_connectorCode_isUniqueWithinItsCharger();
    void create_referenceToMissingRow_isRefused();
    void update_code_isRefusedAndChangesNothing();
    void update_systemOnlyField_isRefusedForUsers();
    void update_areaParentCycle_isRefused();
    void remove_referencedArea_namesReferrersAndKeepsRow();
    void remove_unreferencedArea_deletesItWithItsOwnedParts();
    void list_filtersSortsAndPages();
    void list_unknownSortField_isRefused();
    void list_filterOnReferencedRowsField_followsTheReferences();
    void list_anyOfGroups_matchOneFilterOfEachGroup();
    void attributes_roundTripAndValidate();
    void operatorUser_seesOnlyOwnStations();
    void operatorUser_cannotWriteIntoOtherOperatorsArea();
    void operatorUser_cannotReachPowerOnlyEntities();
    void rowChanged_isEmittedAfterEachWrite();
    void writeOnlyField_isStoredButNeverReturned();
    void transaction_nestedFailure_undoesOnlyItsOwnWrites();
    void exec_sameStatementWhileReadingIt_keepsBothResults();

private:
    qint64 mustCreate(const QString &table, const Record &values, const Actor &actor = Actor::system());
    struct Tree
    {
        qint64 op, area, station, charger, connector;
    };
    Tree makeTree(const QString &prefix);

    Catalog m_catalog;
    FakeClock m_clock{QDateTime(QDate(2026, 1, 1), QTime(8, 0), Qt::UTC)};
    std::unique_ptr<TestDatabase> m_testDb;
    std::shared_ptr<Database> m_db;
    std::unique_ptr<Repository> m_repo;
    const Actor m_system = Actor::system();
};

void TestRepository::initTestCase()
{
    qInfo("storage backend: %s", qPrintable(ChargeDesk::Test::backend()));
}

void TestRepository::init()
{
    m_testDb = std::make_unique<TestDatabase>();
    QVERIFY2(m_testDb->isValid(), qPrintable(m_testDb->error()));
    m_db = m_testDb->open();
    QVERIFY(m_db);
    QCOMPARE(m_db->backendName(), ChargeDesk::Test::backend());
    Migrator migrator(*m_db);
    auto migrated = migrator.migrate();
    QVERIFY2(migrated.ok(), migrated.ok() ? "" : qPrintable(migrated.error().message()));
    m_repo = std::make_unique<Repository>(*m_db, m_catalog, m_clock);
}

void TestRepository::cleanup()
{
    m_repo.reset();
    m_db.reset();
    m_testDb.reset();
}

void TestRepository::transaction_nestedFailure_undoesOnlyItsOwnWrites()
{
    Status outer = m_db->transaction([&]() -> Status {
        mustCreate(Tables::Areas, {{"code", "KEPT"}, {"name", "Kept"}});
        Status inner = m_db->transaction([&]() -> Status {
            mustCreate(Tables::Areas, {{"code", "UNDONE"}, {"name", "Undone"}});
            return Error::validation({{"code", "inner failure"}});
        });
        if (inner)
            return Error::storage(QStringLiteral("the inner transaction should have failed"));
        return Ok{};
    });
    QVERIFY(outer.ok());
    QVERIFY(m_repo->getByCode(m_system, Tables::Areas, "KEPT").ok());
    QVERIFY(!m_repo->getByCode(m_system, Tables::Areas, "UNDONE").ok());

    // A failing outer transaction still undoes everything, the inner work included.
    Status failed = m_db->transaction([&]() -> Status {
        Status inner = m_db->transaction([&]() -> Status {
            mustCreate(Tables::Areas, {{"code", "INNER"}, {"name", "Inner"}});
            return Ok{};
        });
        return inner ? Status(Error::validation({{"code", "outer failure"}})) : inner;
    });
    QVERIFY(!failed.ok());
    QVERIFY(!m_repo->getByCode(m_system, Tables::Areas, "INNER").ok());
}

void TestRepository::exec_sameStatementWhileReadingIt_keepsBothResults()
{
    for (const char *code : {"A1", "A2", "A3"})
        mustCreate(Tables::Areas, {{"code", code}, {"name", code}});
    const QString sql = QStringLiteral("SELECT code FROM areas WHERE code >= ? ORDER BY code");
    // The statement pool must hand the nested call its own statement, not the one being read.
    auto outer = m_db->exec(sql, {"A1"});
    QVERIFY(outer.ok());
    QStringList seen;
    while (outer.value().next()) {
        seen << outer.value().value(0).toString();
        auto inner = m_db->exec(sql, {"A3"});
        QVERIFY(inner.ok() && inner.value().next());
        QCOMPARE(inner.value().value(0).toString(), QStringLiteral("A3"));
    }
    QCOMPARE(seen, QStringList({"A1", "A2", "A3"}));
    // And once given back, the same statement runs again with new parameters.
    auto again = m_db->exec(sql, {"A2"});
    QVERIFY(again.ok() && again.value().next());
    QCOMPARE(again.value().value(0).toString(), QStringLiteral("A2"));
}

qint64 TestRepository::mustCreate(const QString &table, const Record &values, const Actor &actor)
{
    auto r = m_repo->create(actor, table, values);
    if (!r) {
        qWarning("create %s failed: %s", qPrintable(table), qPrintable(r.error().message()));
        return 0;
    }
    return r.value();
}

TestRepository::Tree TestRepository::makeTree(const QString &prefix)
{
    Tree t{};
    t.op = mustCreate(Tables::Operators, {{"code", prefix + "-OP"}, {"name", prefix + " Hotels"}});
    t.area =
        mustCreate(Tables::Areas, {{"code", prefix + "-AREA"}, {"name", prefix + " Garage"}, {"operator_id", t.op}});
    t.station = mustCreate(Tables::Stations, {{"code", prefix + "-ST"},
                                              {"name", prefix + " Station"},
                                              {"area_id", t.area},
                                              {"protocol", "ocpp1.6"},
                                              {"connection_identifier", prefix + "-cp01"},
                                              {"connection_policy", "wss_basic"}});
    t.charger = mustCreate(Tables::Chargers, {{"code", prefix + "-C1"},
                                              {"name", "Charger 1"},
                                              {"station_id", t.station},
                                              {"current_type", "ac_three_phase"}});
    t.connector = mustCreate(Tables::Connectors, {{"code", "22_kW"},
                                                  {"name", "Left"},
                                                  {"charger_id", t.charger},
                                                  {"connector_number", 1},
                                                  {"wattage_limit_w", 22000},
                                                  {"power_factor", 0.95}});
    return t;
}

void TestRepository::create_validHierarchy_readsBackTypedValues()
{
    const Tree t = makeTree("A");
    QVERIFY(t.connector > 0);
    auto station = m_repo->get(m_system, Tables::Stations, t.station);
    QVERIFY(station.ok());
    QCOMPARE(station.value().value("code").toString(), QStringLiteral("A-ST"));
    QCOMPARE(station.value().value("visible").typeId(), QMetaType::Bool);
    QCOMPARE(station.value().value("visible").toBool(), true); // default
    QCOMPARE(station.value().value("operational_status").toString(), QStringLiteral("inoperative"));
    QCOMPARE(station.value().value("created_at").toLongLong(), m_clock.nowMs());
    auto connector = m_repo->get(m_system, Tables::Connectors, t.connector);
    QVERIFY(connector.ok());
    QCOMPARE(connector.value().value("wattage_limit_w").toLongLong(), 22000);
    QCOMPARE(connector.value().value("power_factor").toDouble(), 0.95);
    QVERIFY(connector.value().value("amperage_limit_a").isNull());
}

void TestRepository::create_missingRequiredFields_namesEachField()
{
    auto r = m_repo->create(m_system, Tables::Stations, {{"name", "No code"}});
    QVERIFY(!r.ok());
    QCOMPARE(r.error().kind(), Error::Kind::Validation);
    for (const char *field : {"code", "area_id", "connection_identifier"})
        QVERIFY2(r.error().fieldMessage(QString::fromLatin1(field)).has_value(), field);
    // Protocol and connection policy have defaults: OCPP 1.6 over wss://.
    for (const char *field : {"name", "protocol", "connection_policy"})
        QVERIFY2(!r.error().fieldMessage(QString::fromLatin1(field)).has_value(), field);
}

void TestRepository::create_unknownField_isRefused()
{
    auto r = m_repo->create(m_system, Tables::Operators, {{"code", "X"}, {"name", "X"}, {"password_hash", "sneaky"}});
    QVERIFY(!r.ok());
    QCOMPARE(r.error().fieldMessage("password_hash").value(), QStringLiteral("Unknown field."));
}

void TestRepository::create_powerFactorAboveOne_isRefusedAndStoresNothing_data()
{
    QTest::addColumn<QVariant>("powerFactor");
    QTest::addColumn<bool>("accepted");
    QTest::newRow("1.5") << QVariant(1.5) << false;
    QTest::newRow("-0.1") << QVariant(-0.1) << false;
    QTest::newRow("text") << QVariant(QStringLiteral("high")) << false;
    QTest::newRow("0") << QVariant(0.0) << true;
    QTest::newRow("1") << QVariant(1) << true;
    QTest::newRow("0.9 as text") << QVariant(QStringLiteral("0.9")) << true;
}

void TestRepository::create_powerFactorAboveOne_isRefusedAndStoresNothing()
{
    QFETCH(QVariant, powerFactor);
    QFETCH(bool, accepted);
    const Tree t = makeTree("PF");
    auto r = m_repo->create(m_system, Tables::Assets,
                            {{"code", "METER"},
                             {"name", "Meter"},
                             {"type", "smart_meter"},
                             {"current_type", "ac_three_phase"},
                             {"area_id", t.area},
                             {"power_factor", powerFactor}});
    QCOMPARE(r.ok(), accepted);
    QCOMPARE(m_repo->count(m_system, Tables::Assets).value(), accepted ? 1 : 0);
    if (!accepted)
        QVERIFY(r.error().fieldMessage("power_factor").has_value());

    auto update = m_repo->update(m_system, Tables::Connectors, t.connector, {{"power_factor", 1.5}});
    QVERIFY(!update.ok());
    QCOMPARE(update.error().fieldMessage("power_factor").value(), QStringLiteral("Must be between 0 and 1."));
    QCOMPARE(m_repo->get(m_system, Tables::Connectors, t.connector).value().value("power_factor").toDouble(), 0.95);
}

void TestRepository::create_duplicateCode_isRefused()
{
    mustCreate(Tables::Operators, {{"code", "DUP"}, {"name", "First"}});
    auto r = m_repo->create(m_system, Tables::Operators, {{"code", "DUP"}, {"name", "Second"}});
    QVERIFY(!r.ok());
    QVERIFY(r.error().fieldMessage("code").value().contains("already uses"));
    QCOMPARE(m_repo->count(m_system, Tables::Operators).value(), 1);
}

void TestRepository::create_connectorCode_isUniqueWithinItsCharger()
{
    const Tree t = makeTree("U");
    // The same code on the same charger is refused, on another charger it is fine.
    auto same =
        m_repo->create(m_system, Tables::Connectors,
                       {{"code", "22_kW"}, {"name", "Right"}, {"charger_id", t.charger}, {"connector_number", 2}});
    QVERIFY(!same.ok());
    QVERIFY(same.error().fieldMessage("code").has_value());
    const qint64 other = mustCreate(
        Tables::Chargers,
        {{"code", "U-C2"}, {"name", "Charger 2"}, {"station_id", t.station}, {"evse_id", 2}, {"current_type", "dc"}});
    QVERIFY(m_repo
                ->create(m_system, Tables::Connectors,
                         {{"code", "22_kW"}, {"name", "Left"}, {"charger_id", other}, {"connector_number", 1}})
                .ok());
}

void TestRepository::create_referenceToMissingRow_isRefused()
{
    auto r = m_repo->create(m_system, Tables::Areas, {{"code", "A"}, {"name", "A"}, {"operator_id", 4242}});
    QVERIFY(!r.ok());
    QCOMPARE(r.error().fieldMessage("operator_id").value(), QStringLiteral("The selected operator does not exist."));
}

void TestRepository::update_code_isRefusedAndChangesNothing()
{
    const Tree t = makeTree("C");
    auto r = m_repo->update(m_system, Tables::Areas, t.area, {{"code", "RENAMED"}, {"name", "New name"}});
    QVERIFY(!r.ok());
    QVERIFY(r.error().fieldMessage("code").value().contains("cannot be changed"));
    const Record area = m_repo->get(m_system, Tables::Areas, t.area).value();
    QCOMPARE(area.value("code").toString(), QStringLiteral("C-AREA"));
    QCOMPARE(area.value("name").toString(),
             QStringLiteral("C Garage")); // the valid part was not applied either
    // Sending the unchanged code along with other changes is fine.
    QVERIFY(m_repo->update(m_system, Tables::Areas, t.area, {{"code", "C-AREA"}, {"name", "New name"}}).ok());
}

void TestRepository::update_systemOnlyField_isRefusedForUsers()
{
    const Tree t = makeTree("S");
    const Actor admin{1, "admin@example.com", true, 0};
    auto r = m_repo->update(admin, Tables::Stations, t.station, {{"serial_number", "FAKE"}});
    QVERIFY(!r.ok());
    QVERIFY(r.error().fieldMessage("serial_number").has_value());
    QVERIFY(m_repo->update(m_system, Tables::Stations, t.station, {{"serial_number", "SN-1"}}).ok());
    QCOMPARE(m_repo->get(admin, Tables::Stations, t.station).value().value("serial_number").toString(),
             QStringLiteral("SN-1"));
}

void TestRepository::update_areaParentCycle_isRefused()
{
    const qint64 mall = mustCreate(Tables::Areas, {{"code", "MALL"}, {"name", "Shopping Centre"}});
    const qint64 hall = mustCreate(Tables::Areas, {{"code", "HALL-A"}, {"name", "Hall A"}, {"parent_id", mall}});
    const qint64 corner = mustCreate(Tables::Areas, {{"code", "CORNER"}, {"name", "Corner"}, {"parent_id", hall}});
    auto r = m_repo->update(m_system, Tables::Areas, mall, {{"parent_id", corner}});
    QVERIFY(!r.ok());
    QVERIFY(r.error().fieldMessage("parent_id").has_value());
    QVERIFY(!m_repo->update(m_system, Tables::Areas, mall, {{"parent_id", mall}}).ok());
    QVERIFY(m_repo->get(m_system, Tables::Areas, mall).value().value("parent_id").isNull());
}

void TestRepository::remove_referencedArea_namesReferrersAndKeepsRow()
{
    const Tree t = makeTree("R");
    mustCreate(Tables::Assets, {{"code", "SOLAR"},
                                {"name", "Roof solar"},
                                {"type", "producer"},
                                {"current_type", "ac_three_phase"},
                                {"area_id", t.area}});
    auto r = m_repo->remove(m_system, Tables::Areas, t.area);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().kind(), Error::Kind::Referenced);
    QVERIFY2(r.error().message().contains("R Garage"), qPrintable(r.error().message()));
    QVERIFY2(r.error().message().contains("1 station (R Station)"), qPrintable(r.error().message()));
    QVERIFY2(r.error().message().contains("1 asset (Roof solar)"), qPrintable(r.error().message()));
    QCOMPARE(r.error().referrers().size(), 2);
    QVERIFY(m_repo->get(m_system, Tables::Areas, t.area).ok());

    // Same for an operator referenced by its area.
    auto op = m_repo->remove(m_system, Tables::Operators, t.op);
    QVERIFY(!op.ok());
    QVERIFY(op.error().message().contains("1 area (R Garage)"));
}

void TestRepository::remove_unreferencedArea_deletesItWithItsOwnedParts()
{
    const qint64 area =
        mustCreate(Tables::Areas, {{"code", "EMPTY"}, {"name", "Empty"}, {"dlb_enabled", true}, {"dlb_limit", 60000}});
    mustCreate(
        Tables::AreaLimitPeriods,
        {{"area_id", area}, {"recurrence", "daily"}, {"starts_at", 1000}, {"ends_at", 2000}, {"limit_value", 40000}});
    QVERIFY(m_repo->setAttributes(m_system, Tables::Areas, area, {{"floor", "-1"}}).ok());
    QVERIFY(m_repo->remove(m_system, Tables::Areas, area).ok());
    QCOMPARE(m_repo->get(m_system, Tables::Areas, area).error().kind(), Error::Kind::NotFound);
    QCOMPARE(m_repo->count(m_system, Tables::AreaLimitPeriods).value(), 0);
    auto leftovers = m_db->exec("SELECT COUNT(*) FROM custom_attributes");
    QVERIFY(leftovers.ok() && leftovers.value().next());
    QCOMPARE(leftovers.value().value(0).toLongLong(), 0);
}

void TestRepository::list_filtersSortsAndPages()
{
    for (int i = 0; i < 25; ++i)
        mustCreate(Tables::Customers,
                   {{"code", QStringLiteral("CUST-%1").arg(i, 2, 10, QLatin1Char('0'))},
                    {"name", i % 2 ? QStringLiteral("Odd %1").arg(i) : QStringLiteral("Even %1").arg(i)},
                    {"payment_type", i < 5 ? "prepaid" : "postpaid"}});
    ListQuery q;
    q.filters << ListQuery::Filter{"name", ListQuery::Filter::Op::Contains, "odd"};
    q.orderBy = "code";
    q.descending = true;
    q.limit = 5;
    q.offset = 5;
    auto rows = m_repo->list(m_system, Tables::Customers, q);
    QVERIFY(rows.ok());
    QCOMPARE(rows.value().size(), 5);
    QCOMPARE(rows.value().first().value("code").toString(), QStringLiteral("CUST-13"));
    QCOMPARE(m_repo->count(m_system, Tables::Customers, q).value(), 12);
    ListQuery prepaid;
    prepaid.filters << ListQuery::Filter{"payment_type", ListQuery::Filter::Op::Equals, "prepaid"};
    QCOMPARE(m_repo->count(m_system, Tables::Customers, prepaid).value(), 5);
    // LIKE wildcards in the search text are taken literally.
    ListQuery wildcard;
    wildcard.filters << ListQuery::Filter{"name", ListQuery::Filter::Op::Contains, "%"};
    QCOMPARE(m_repo->count(m_system, Tables::Customers, wildcard).value(), 0);
}

void TestRepository::list_unknownSortField_isRefused()
{
    ListQuery q;
    q.orderBy = "name; DROP TABLE customers";
    QVERIFY(!m_repo->list(m_system, Tables::Customers, q).ok());
    ListQuery f;
    f.filters << ListQuery::Filter{"1=1 OR name", ListQuery::Filter::Op::Equals, "x"};
    QVERIFY(!m_repo->list(m_system, Tables::Customers, f).ok());
    QVERIFY(m_repo->count(m_system, Tables::Customers).ok());
}

void TestRepository::list_anyOfGroups_matchOneFilterOfEachGroup()
{
    mustCreate(Tables::Customers,
               {{"code", "ANY-1"}, {"name", "Blue fox"}, {"email", "one@a.example"}, {"payment_type", "prepaid"}});
    mustCreate(Tables::Customers,
               {{"code", "ANY-2"}, {"name", "Red owl"}, {"email", "fox@b.example"}, {"payment_type", "prepaid"}});
    mustCreate(Tables::Customers,
               {{"code", "ANY-3"}, {"name", "Green fox"}, {"email", "three@b.example"}, {"payment_type", "prepaid"}});
    mustCreate(Tables::Customers,
               {{"code", "ANY-4"}, {"name", "Grey cat"}, {"email", "four@a.example"}, {"payment_type", "prepaid"}});
    using Op = ListQuery::Filter::Op;
    const auto codes = [this](const ListQuery &q) {
        QStringList found;
        const auto rows = m_repo->list(m_system, Tables::Customers, q);
        if (!rows.ok())
            return QStringList{"error: " + rows.error().message()};
        for (const Record &row : rows.value())
            found << row.value("code").toString();
        if (m_repo->count(m_system, Tables::Customers, q).value() != found.size())
            found << "count differs";
        return found;
    };
    ListQuery search;
    search.orderBy = "code";
    // One group: the text in the name or in the email.
    search.anyOf << QList<ListQuery::Filter>{{"name", Op::Contains, "FOX"}, {"email", Op::Contains, "fox"}};
    QCOMPARE(codes(search), (QStringList{"ANY-1", "ANY-2", "ANY-3"}));
    // A second group and a plain filter narrow it further; both still apply with the group.
    search.anyOf << QList<ListQuery::Filter>{{"email", Op::Contains, "@b."}, {"code", Op::Equals, "ANY-4"}};
    QCOMPARE(codes(search), (QStringList{"ANY-2", "ANY-3"}));
    search.filters << ListQuery::Filter{"name", Op::Contains, "green"};
    QCOMPARE(codes(search), QStringList{"ANY-3"});
    // LIKE wildcards are literal inside a group too, and an empty group changes nothing.
    ListQuery literal;
    literal.anyOf << QList<ListQuery::Filter>{{"name", Op::Contains, "_"}, {"email", Op::Contains, "%"}}
                  << QList<ListQuery::Filter>{};
    QCOMPARE(codes(literal), QStringList{});
    // An unknown field inside a group is refused like anywhere else.
    ListQuery bad;
    bad.anyOf << QList<ListQuery::Filter>{{"name", Op::Contains, "fox"}, {"1=1 OR name", Op::Equals, "x"}};
    QVERIFY(!m_repo->list(m_system, Tables::Customers, bad).ok());
    QVERIFY(!m_repo->count(m_system, Tables::Customers, bad).ok());
}

void TestRepository::list_filterOnReferencedRowsField_followsTheReferences()
{
    const Tree a = makeTree("REFA");
    const Tree b = makeTree("REFB");
    // A second station in b's area, so that the counts tell one hop from none.
    mustCreate(Tables::Stations, {{"code", "REFB-ST2"},
                                  {"name", "REFB Station two"},
                                  {"area_id", b.area},
                                  {"protocol", "ocpp1.6"},
                                  {"connection_identifier", "REFB-cp02"},
                                  {"connection_policy", "ws"}});
    using Op = ListQuery::Filter::Op;
    const auto codes = [this](const QString &table, const ListQuery::Filter &filter) {
        ListQuery q;
        q.filters << filter;
        q.orderBy = "code";
        QStringList found;
        const auto rows = m_repo->list(m_system, table, q);
        if (!rows.ok())
            return QStringList{"error: " + rows.error().message()};
        for (const Record &row : rows.value())
            found << row.value("code").toString();
        if (m_repo->count(m_system, table, q).value() != found.size())
            found << "count differs";
        return found;
    };
    // The stations of an operator, through their area.
    QCOMPARE(codes(Tables::Stations, {"area_id.operator_id", Op::Equals, a.op}), QStringList{"REFA-ST"});
    QCOMPARE(codes(Tables::Stations, {"area_id.operator_id", Op::Equals, b.op}), (QStringList{"REFB-ST", "REFB-ST2"}));
    // Text matching on the referenced row, and a path of three references.
    QCOMPARE(codes(Tables::Stations, {"area_id.name", Op::Contains, "refa gar"}), QStringList{"REFA-ST"});
    QCOMPARE(codes(Tables::Chargers, {"station_id.area_id.operator_id", Op::Equals, b.op}), QStringList{"REFB-C1"});
    QCOMPARE(codes(Tables::Stations, {"area_id.parent_id", Op::IsNull, {}}),
             (QStringList{"REFA-ST", "REFB-ST", "REFB-ST2"}));
    // Combined with a plain filter, both apply.
    ListQuery both;
    both.filters << ListQuery::Filter{"area_id.operator_id", Op::Equals, b.op}
                 << ListQuery::Filter{"name", Op::Contains, "two"};
    QCOMPARE(m_repo->count(m_system, Tables::Stations, both).value(), 1);
    // A path through a field that is no reference, or to an unknown field, is refused.
    for (const char *path : {"name.code", "area_id.nope", "area_id.operator_id; DROP TABLE areas", "area_id."}) {
        ListQuery bad;
        bad.filters << ListQuery::Filter{path, Op::Equals, 1};
        QVERIFY2(!m_repo->list(m_system, Tables::Stations, bad).ok(), path);
        QVERIFY2(!m_repo->count(m_system, Tables::Stations, bad).ok(), path);
    }
    // An operator-role user still sees only their own rows, whatever the filter names.
    const Actor alice{10, "alice@a.example", false, a.op};
    ListQuery others;
    others.filters << ListQuery::Filter{"area_id.operator_id", Op::Equals, b.op};
    QCOMPARE(m_repo->count(alice, Tables::Stations, others).value(), 0);
}

void TestRepository::attributes_roundTripAndValidate()
{
    const Tree t = makeTree("AT");
    const QList<Attribute> attrs{{"location_category", "city"}, {"floor", "2"}};
    QVERIFY(m_repo->setAttributes(m_system, Tables::Chargers, t.charger, attrs).ok());
    QCOMPARE(m_repo->attributes(m_system, Tables::Chargers, t.charger).value(), attrs);
    QVERIFY(!m_repo->setAttributes(m_system, Tables::Chargers, t.charger, {{"  ", "x"}}).ok());
    QCOMPARE(m_repo->attributes(m_system, Tables::Chargers, t.charger).value(), attrs);
    QVERIFY(!m_repo->setAttributes(m_system, Tables::Customers, 1, attrs).ok());
}

void TestRepository::operatorUser_seesOnlyOwnStations()
{
    const Tree a = makeTree("OPA");
    const Tree b = makeTree("OPB");
    const Actor alice{10, "alice@a.example", false, a.op};
    auto stations = m_repo->list(alice, Tables::Stations);
    QVERIFY(stations.ok());
    QCOMPARE(stations.value().size(), 1);
    QCOMPARE(stations.value().first().value("code").toString(), QStringLiteral("OPA-ST"));
    QCOMPARE(m_repo->count(alice, Tables::Stations).value(), 1);
    QCOMPARE(m_repo->get(alice, Tables::Stations, b.station).error().kind(), Error::Kind::NotFound);
    QCOMPARE(m_repo->getByCode(alice, Tables::Stations, "OPB-ST").error().kind(), Error::Kind::NotFound);
    QCOMPARE(m_repo->get(alice, Tables::Connectors, b.connector).error().kind(), Error::Kind::NotFound);
    QVERIFY(m_repo->get(alice, Tables::Connectors, a.connector).ok());
    QCOMPARE(m_repo->list(alice, Tables::Operators).value().size(), 1);
    // Nor can they change or delete what they cannot see.
    QCOMPARE(m_repo->update(alice, Tables::Stations, b.station, {{"name", "Mine now"}}).error().kind(),
             Error::Kind::NotFound);
    QCOMPARE(m_repo->remove(alice, Tables::Connectors, b.connector).error().kind(), Error::Kind::NotFound);
    QCOMPARE(m_repo->get(m_system, Tables::Stations, b.station).value().value("name").toString(),
             QStringLiteral("OPB Station"));
}

void TestRepository::operatorUser_cannotWriteIntoOtherOperatorsArea()
{
    const Tree a = makeTree("WA");
    const Tree b = makeTree("WB");
    const Actor alice{10, "alice@a.example", false, a.op};
    Record station{{"code", "NEW"},
                   {"name", "New"},
                   {"area_id", b.area},
                   {"protocol", "ocpp2.0.1"},
                   {"connection_identifier", "new"},
                   {"connection_policy", "wss"}};
    auto r = m_repo->create(alice, Tables::Stations, station);
    QVERIFY(!r.ok());
    QVERIFY(r.error().fieldMessage("area_id").has_value());
    station["area_id"] = a.area;
    QVERIFY(m_repo->create(alice, Tables::Stations, station).ok());
    // Moving an own station into someone else's area is refused too.
    QVERIFY(!m_repo->update(alice, Tables::Stations, a.station, {{"area_id", b.area}}).ok());
    // An area must name their own operator.
    QVERIFY(!m_repo->create(alice, Tables::Areas, {{"code", "X1"}, {"name", "X"}, {"operator_id", b.op}}).ok());
    QVERIFY(m_repo->create(alice, Tables::Areas, {{"code", "X2"}, {"name", "X"}, {"operator_id", a.op}}).ok());
}

void TestRepository::operatorUser_cannotReachPowerOnlyEntities()
{
    const Tree a = makeTree("PO");
    mustCreate(Tables::Customers, {{"code", "CU"}, {"name", "Driver"}, {"payment_type", "postpaid"}});
    const Actor alice{10, "alice@a.example", false, a.op};
    QCOMPARE(m_repo->count(alice, Tables::Customers).value(), 0);
    QCOMPARE(m_repo->create(alice, Tables::Customers, {{"code", "C2"}, {"name", "D"}, {"payment_type", "prepaid"}})
                 .error()
                 .kind(),
             Error::Kind::Forbidden);
    QCOMPARE(m_repo->update(alice, Tables::Operators, a.op, {{"name", "Renamed"}}).error().kind(),
             Error::Kind::Forbidden);
    QCOMPARE(m_repo->count(alice, Tables::Users).value(), 0);
}

void TestRepository::rowChanged_isEmittedAfterEachWrite()
{
    QSignalSpy spy(m_repo.get(), &Repository::rowChanged);
    const qint64 id = mustCreate(Tables::Operators, {{"code", "SIG"}, {"name", "Signals"}});
    QVERIFY(m_repo->update(m_system, Tables::Operators, id, {{"name", "Renamed"}}).ok());
    QVERIFY(!m_repo->update(m_system, Tables::Operators, id, {{"share_basis_points", 20000}}).ok());
    QVERIFY(m_repo->remove(m_system, Tables::Operators, id).ok());
    QCOMPARE(spy.size(), 3);
    QCOMPARE(spy.at(0).at(2).value<Repository::Change>(), Repository::Change::Created);
    QCOMPARE(spy.at(1).at(2).value<Repository::Change>(), Repository::Change::Updated);
    QCOMPARE(spy.at(2).at(2).value<Repository::Change>(), Repository::Change::Deleted);
    QCOMPARE(spy.at(2).at(1).toLongLong(), id);
}

void TestRepository::writeOnlyField_isStoredButNeverReturned()
{
    const qint64 site = mustCreate(Tables::SiteSettings, {{"name", "Site"},
                                                          {"smtp_host", "mail.example.com"},
                                                          {"smtp_password", "s3cret"},
                                                          {"time_zone", "Europe/Ljubljana"}});
    const Record row = m_repo->get(m_system, Tables::SiteSettings, site).value();
    QVERIFY(!row.contains("smtp_password"));
    QCOMPARE(row.value("currency").toString(), QStringLiteral("EUR"));
    auto stored = m_db->exec("SELECT smtp_password FROM site_settings WHERE id = ?", {site});
    QVERIFY(stored.ok() && stored.value().next());
    QCOMPARE(stored.value().value(0).toString(), QStringLiteral("s3cret"));
    QVERIFY(!m_repo->update(m_system, Tables::SiteSettings, site, {{"time_zone", "Mars/Olympus"}}).ok());
}

QTEST_GUILESS_MAIN(TestRepository)
#include "tst_repository.moc"
