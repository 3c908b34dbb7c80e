#include "core/catalog.h"
#include "core/migrator.h"
#include "support/testdatabase.h"

#include <QTest>

using namespace ChargeDesk::Core;
using ChargeDesk::Test::TestDatabase;

class TestMigrator : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { qInfo("storage backend: %s", qPrintable(ChargeDesk::Test::backend())); }
    void migrate_emptyDatabase_reachesLatestVersion();
    void migrate_twice_isANoOp();
    void schema_hasEveryColumnOfTheCatalog();
    void migrate_concurrentConnections_applyOnce();
};

void TestMigrator::migrate_emptyDatabase_reachesLatestVersion()
{
    TestDatabase testDb;
    QVERIFY2(testDb.isValid(), qPrintable(testDb.error()));
    auto db = testDb.open();
    Migrator migrator(*db);
    QCOMPARE(migrator.currentVersion().value(), 0);
    auto applied = migrator.migrate();
    QVERIFY2(applied.ok(), applied.ok() ? "" : qPrintable(applied.error().message()));
    QCOMPARE(applied.value(), Migrator::available().size());
    QVERIFY(Migrator::latestVersion() >= 1);
    QCOMPARE(migrator.currentVersion().value(), Migrator::latestVersion());
    // A new site has the identification technologies of the specification, for a first card.
    auto types = db->exec(QStringLiteral("SELECT code FROM id_device_types ORDER BY code"));
    QVERIFY(types);
    QStringList codes;
    while (types.value().next())
        codes << types.value().value(0).toString();
    QCOMPARE(codes, (QStringList{"ISO15118", "MAC", "NFC", "RFID", "VIN"}));
}

void TestMigrator::migrate_twice_isANoOp()
{
    TestDatabase testDb;
    QVERIFY2(testDb.isValid(), qPrintable(testDb.error()));
    {
        auto db = testDb.open();
        QVERIFY(Migrator(*db).migrate().ok());
        QVERIFY(db->exec("INSERT INTO operators (code, name) VALUES ('KEEP', 'Kept')").ok());
    }
    auto db = testDb.open(); // a new connection, as after a restart
    Migrator migrator(*db);
    auto again = migrator.migrate();
    QVERIFY(again.ok());
    QCOMPARE(again.value(), 0);
    auto rows = db->exec("SELECT COUNT(*) FROM schema_migrations");
    QVERIFY(rows.ok() && rows.value().next());
    QCOMPARE(rows.value().value(0).toInt(), Migrator::available().size());
    auto kept = db->exec("SELECT name FROM operators WHERE code = 'KEEP'");
    QVERIFY(kept.ok() && kept.value().next());
    QCOMPARE(kept.value().value(0).toString(), QStringLiteral("Kept"));
}

void TestMigrator::schema_hasEveryColumnOfTheCatalog()
{
    // The catalog (validation, scoping) and the SQL migrations are written separately;
    // this keeps them in step.
    TestDatabase testDb;
    QVERIFY2(testDb.isValid(), qPrintable(testDb.error()));
    auto db = testDb.open();
    QVERIFY(Migrator(*db).migrate().ok());
    const Catalog catalog;
    QVERIFY(catalog.entities().size() >= 35);
    for (const EntityDef &def : catalog.entities()) {
        auto probe =
            db->exec(QStringLiteral("SELECT %1 FROM %2 WHERE 1 = 0").arg(def.columnNames().join(", "), def.table));
        QVERIFY2(probe.ok(), qPrintable(def.table + ": " + (probe.ok() ? QString() : probe.error().message())));
        for (const FieldDef &f : def.fields) {
            if (f.type == FieldType::Reference)
                QVERIFY2(catalog.contains(f.refTable), qPrintable(def.table + "." + f.name));
            if (f.isUnique && !f.uniqueWithin.isEmpty())
                QVERIFY2(def.hasField(f.uniqueWithin), qPrintable(def.table + "." + f.name));
        }
        if (def.scope.kind == ScopeDef::Kind::Parent || def.scope.kind == ScopeDef::Kind::OperatorColumn)
            QVERIFY2(def.scope.field == "id" || def.hasField(def.scope.field), qPrintable(def.table));
        if (!def.displayField.isEmpty())
            QVERIFY2(def.columnNames().contains(def.displayField), qPrintable(def.table));
    }
}

void TestMigrator::migrate_concurrentConnections_applyOnce()
{
    // Two processes starting against one fresh database: the second waits and finds the work done.
    TestDatabase testDb;
    QVERIFY2(testDb.isValid(), qPrintable(testDb.error()));
    auto first = testDb.open();
    auto second = testDb.open();
    auto a = Migrator(*first).migrate();
    auto b = Migrator(*second).migrate();
    QVERIFY(a.ok() && b.ok());
    QCOMPARE(a.value() + b.value(), Migrator::available().size());
}

QTEST_GUILESS_MAIN(TestMigrator)
#include "tst_migrator.moc"
