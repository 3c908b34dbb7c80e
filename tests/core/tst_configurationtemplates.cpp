#include "core/configurationtemplates.h"
#include "core/migrator.h"
#include "support/testdatabase.h"

#include <QTest>

using namespace ChargeDesk::Core;
using ChargeDesk::Test::TestDatabase;

// Which templates reach a station, and in which batches their settings go out.
class TestConfigurationTemplates : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();

    void applies_outsideValidity_isFalse_data();
    void applies_outsideValidity_isFalse();
    void applies_otherProtocol_isFalse();
    void applies_otherOperator_isFalseButSiteWideIsTrue();
    void plan_sameKey_higherPriorityWinsAndGoesFirst();
    void plan_samePriority_olderTemplateWins();
    void plan_keysDifferOnlyInCase_areOneSetting();
    void plan_sameKeyOnOtherConnector_isAnotherSetting();
    void plan_batches_followEachTemplatesBatchSize();
    void plan_expiredTemplate_isLeftOut();
    void assigned_viaStationAreaAndParentArea_areFound();
    void profile_operatorIsTheStationAreasOperator();

private:
    static ConfigurationTemplate tmpl(qint64 id, int priority, QList<std::pair<QString, QString>> settings,
                                      int batchSize = 10);
    static QStringList keys(const QList<TemplateSetting> &batch);
    // Only the tests that read templates from storage need a database.
    void openDatabase();
    qint64 mustCreate(const QString &table, const Record &values);

    const qint64 m_now = QDateTime(QDate(2026, 3, 1), QTime(12, 0), Qt::UTC).toMSecsSinceEpoch();
    const StationProfile m_station{7, QStringLiteral("ocpp1.6"), 3, {11}};
    Catalog m_catalog;
    FakeClock m_clock{QDateTime(QDate(2026, 3, 1), QTime(12, 0), Qt::UTC)};
    std::unique_ptr<TestDatabase> m_testDb;
    std::shared_ptr<Database> m_db;
    std::unique_ptr<Repository> m_repo;
};

ConfigurationTemplate TestConfigurationTemplates::tmpl(qint64 id, int priority,
                                                       QList<std::pair<QString, QString>> settings, int batchSize)
{
    ConfigurationTemplate t;
    t.id = id;
    t.priority = priority;
    t.batchSize = batchSize;
    for (const auto &[key, value] : settings)
        t.settings << TemplateSetting{id, key, value, 0, 0};
    return t;
}

QStringList TestConfigurationTemplates::keys(const QList<TemplateSetting> &batch)
{
    QStringList out;
    for (const TemplateSetting &s : batch)
        out << QStringLiteral("%1=%2@%3").arg(s.key, s.value).arg(s.templateId);
    return out;
}

void TestConfigurationTemplates::initTestCase()
{
    qInfo("storage backend: %s", qPrintable(ChargeDesk::Test::backend()));
}

void TestConfigurationTemplates::openDatabase()
{
    m_testDb = std::make_unique<TestDatabase>();
    QVERIFY2(m_testDb->isValid(), qPrintable(m_testDb->error()));
    m_db = m_testDb->open();
    QVERIFY(m_db && Migrator(*m_db).migrate().ok());
    m_repo = std::make_unique<Repository>(*m_db, m_catalog, m_clock);
}

void TestConfigurationTemplates::cleanup()
{
    m_repo.reset();
    m_db.reset();
    m_testDb.reset();
}

qint64 TestConfigurationTemplates::mustCreate(const QString &table, const Record &values)
{
    auto id = m_repo->create(Actor::system(), table, values);
    if (!id)
        qWarning("%s: %s", qPrintable(table), qPrintable(id.error().message()));
    return id ? id.value() : 0;
}

void TestConfigurationTemplates::applies_outsideValidity_isFalse_data()
{
    QTest::addColumn<QVariant>("from");
    QTest::addColumn<QVariant>("to");
    QTest::addColumn<bool>("applies");
    const qint64 hour = 3600 * 1000;
    QTest::newRow("open") << QVariant() << QVariant() << true;
    QTest::newRow("started") << QVariant(m_now - hour) << QVariant() << true;
    QTest::newRow("starts now") << QVariant(m_now) << QVariant() << true;
    QTest::newRow("not yet") << QVariant(m_now + 1) << QVariant() << false;
    QTest::newRow("until later") << QVariant() << QVariant(m_now + hour) << true;
    QTest::newRow("ended now") << QVariant() << QVariant(m_now) << false;
    QTest::newRow("ended") << QVariant(m_now - 2 * hour) << QVariant(m_now - hour) << false;
}

void TestConfigurationTemplates::applies_outsideValidity_isFalse()
{
    QFETCH(QVariant, from);
    QFETCH(QVariant, to);
    QFETCH(bool, applies);
    ConfigurationTemplate t = tmpl(1, 0, {{"A", "1"}});
    if (from.isValid())
        t.validFromMs = from.toLongLong();
    if (to.isValid())
        t.validToMs = to.toLongLong();
    QCOMPARE(templateApplies(t, m_station, m_now), applies);
}

void TestConfigurationTemplates::applies_otherProtocol_isFalse()
{
    ConfigurationTemplate t = tmpl(1, 0, {{"A", "1"}});
    t.protocol = "ocpp2.0.1";
    QVERIFY(!templateApplies(t, m_station, m_now));
    t.protocol = "ocpp1.6";
    QVERIFY(templateApplies(t, m_station, m_now));
}

void TestConfigurationTemplates::applies_otherOperator_isFalseButSiteWideIsTrue()
{
    ConfigurationTemplate t = tmpl(1, 0, {{"A", "1"}});
    t.operatorId = 4;
    QVERIFY(!templateApplies(t, m_station, m_now));
    t.operatorId = 3;
    QVERIFY(templateApplies(t, m_station, m_now));
    t.operatorId = 0;
    QVERIFY(templateApplies(t, m_station, m_now));
    StationProfile withoutOperator = m_station;
    withoutOperator.operatorId = 0;
    t.operatorId = 3;
    QVERIFY(!templateApplies(t, withoutOperator, m_now));
}

void TestConfigurationTemplates::plan_sameKey_higherPriorityWinsAndGoesFirst()
{
    const auto low = tmpl(1, 1, {{"HeartbeatInterval", "900"}, {"MeterValueSampleInterval", "60"}});
    const auto high = tmpl(2, 5, {{"HeartbeatInterval", "300"}});
    const auto batches = planConfiguration({low, high}, m_station, m_now);
    QCOMPARE(batches.size(), 2);
    QCOMPARE(keys(batches.at(0)), QStringList{"HeartbeatInterval=300@2"});
    QCOMPARE(keys(batches.at(1)), QStringList{"MeterValueSampleInterval=60@1"});
}

void TestConfigurationTemplates::plan_samePriority_olderTemplateWins()
{
    const auto newer = tmpl(9, 0, {{"A", "newer"}});
    const auto older = tmpl(3, 0, {{"A", "older"}, {"B", "b"}});
    const auto batches = planConfiguration({newer, older}, m_station, m_now);
    QCOMPARE(batches.size(), 1);
    QCOMPARE(keys(batches.at(0)), (QStringList{"A=older@3", "B=b@3"}));
}

void TestConfigurationTemplates::plan_keysDifferOnlyInCase_areOneSetting()
{
    const auto batches = planConfiguration(
        {tmpl(1, 2, {{"HeartbeatInterval", "300"}}), tmpl(2, 1, {{"heartbeatinterval", "60"}})}, m_station, m_now);
    QCOMPARE(batches.size(), 1);
    QCOMPARE(keys(batches.at(0)), QStringList{"HeartbeatInterval=300@1"});
}

void TestConfigurationTemplates::plan_sameKeyOnOtherConnector_isAnotherSetting()
{
    ConfigurationTemplate t = tmpl(1, 0, {{"EVSE/Enabled", "true"}});
    TemplateSetting second = t.settings.first();
    second.evse = 2;
    t.settings << second;
    ConfigurationTemplate lower = tmpl(2, -1, {});
    lower.settings << TemplateSetting{2, "EVSE/Enabled", "false", 2, 0};
    const auto batches = planConfiguration({t, lower}, m_station, m_now);
    QCOMPARE(batches.size(), 1);
    QCOMPARE(batches.at(0).size(), 2);
    QCOMPARE(batches.at(0).at(1).evse, 2);
    QCOMPARE(batches.at(0).at(1).value, QStringLiteral("true"));
}

void TestConfigurationTemplates::plan_batches_followEachTemplatesBatchSize()
{
    const auto first = tmpl(1, 9, {{"A", "1"}, {"B", "2"}, {"C", "3"}, {"D", "4"}, {"E", "5"}}, 2);
    const auto second = tmpl(2, 1, {{"F", "6"}, {"G", "7"}}, 3);
    const auto batches = planConfiguration({second, first}, m_station, m_now);
    QCOMPARE(batches.size(), 4);
    QCOMPARE(keys(batches.at(0)), (QStringList{"A=1@1", "B=2@1"}));
    QCOMPARE(keys(batches.at(1)), (QStringList{"C=3@1", "D=4@1"}));
    QCOMPARE(keys(batches.at(2)), (QStringList{"E=5@1"}));
    QCOMPARE(keys(batches.at(3)), (QStringList{"F=6@2", "G=7@2"}));
}

void TestConfigurationTemplates::plan_expiredTemplate_isLeftOut()
{
    ConfigurationTemplate expired = tmpl(1, 9, {{"A", "expired"}});
    expired.validToMs = m_now - 1;
    const auto batches = planConfiguration({expired, tmpl(2, 0, {{"A", "current"}})}, m_station, m_now);
    QCOMPARE(batches.size(), 1);
    QCOMPARE(keys(batches.at(0)), QStringList{"A=current@2"});
}

void TestConfigurationTemplates::assigned_viaStationAreaAndParentArea_areFound()
{
    openDatabase();
    QVERIFY(m_repo);
    const qint64 op = mustCreate(Tables::Operators, {{"code", "OP"}, {"name", "Operator"}});
    const qint64 parent = mustCreate(Tables::Areas, {{"code", "CITY"}, {"name", "City"}, {"operator_id", op}});
    const qint64 area = mustCreate(Tables::Areas, {{"code", "GARAGE"}, {"name", "Garage"}, {"parent_id", parent}});
    const qint64 other = mustCreate(Tables::Areas, {{"code", "OTHER"}, {"name", "Other"}});
    const qint64 station = mustCreate(Tables::Stations, {{"code", "ST"},
                                                         {"name", "Station"},
                                                         {"area_id", area},
                                                         {"protocol", "ocpp1.6"},
                                                         {"connection_identifier", "ST"},
                                                         {"connection_policy", "ws"}});
    const auto makeTemplate = [&](const QString &code, int batchSize) {
        const qint64 id = mustCreate(Tables::ConfigTemplates,
                                     {{"code", code}, {"name", code}, {"priority", 1}, {"batch_size", batchSize}});
        mustCreate(Tables::ConfigTemplateSettings,
                   {{"template_id", id}, {"setting_key", code + "Key"}, {"setting_value", "1"}});
        return id;
    };
    const qint64 direct = makeTemplate("DIRECT", 2);
    const qint64 viaArea = makeTemplate("AREA", 3);
    const qint64 viaParent = makeTemplate("PARENT", 4);
    const qint64 elsewhere = makeTemplate("ELSEWHERE", 5);
    mustCreate(Tables::ConfigTemplateAssignments, {{"template_id", direct}, {"station_id", station}});
    mustCreate(Tables::ConfigTemplateAssignments, {{"template_id", viaArea}, {"area_id", area}});
    mustCreate(Tables::ConfigTemplateAssignments, {{"template_id", viaParent}, {"area_id", parent}});
    mustCreate(Tables::ConfigTemplateAssignments, {{"template_id", direct}, {"area_id", parent}}); // twice
    mustCreate(Tables::ConfigTemplateAssignments, {{"template_id", elsewhere}, {"area_id", other}});

    ConfigurationTemplates templates(*m_repo);
    auto profile = templates.profile(m_repo->get(Actor::system(), Tables::Stations, station).value());
    QVERIFY(profile.ok());
    QCOMPARE(profile.value().areaIds, (QList<qint64>{area, parent}));
    auto assigned = templates.assignedTo(profile.value());
    QVERIFY(assigned.ok());
    QList<qint64> ids;
    for (const ConfigurationTemplate &t : assigned.value())
        ids << t.id;
    QCOMPARE(ids, (QList<qint64>{direct, viaArea, viaParent}));
    QCOMPARE(assigned.value().at(1).batchSize, 3);
    QCOMPARE(assigned.value().at(2).settings.size(), 1);
    QCOMPARE(assigned.value().at(2).settings.first().key, QStringLiteral("PARENTKey"));
}

void TestConfigurationTemplates::profile_operatorIsTheStationAreasOperator()
{
    openDatabase();
    QVERIFY(m_repo);
    const qint64 op = mustCreate(Tables::Operators, {{"code", "OP"}, {"name", "Operator"}});
    const qint64 area = mustCreate(Tables::Areas, {{"code", "GARAGE"}, {"name", "Garage"}, {"operator_id", op}});
    const Record station{{"id", 5}, {"protocol", "ocpp2.0.1"}, {"area_id", area}};
    auto profile = ConfigurationTemplates(*m_repo).profile(station);
    QVERIFY(profile.ok());
    QCOMPARE(profile.value().stationId, 5);
    QCOMPARE(profile.value().protocol, QStringLiteral("ocpp2.0.1"));
    QCOMPARE(profile.value().operatorId, op);
}

QTEST_GUILESS_MAIN(TestConfigurationTemplates)
#include "tst_configurationtemplates.moc"
