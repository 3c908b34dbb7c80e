#include "core/bootconfigurator.h"
#include "core/migrator.h"
#include "support/testdatabase.h"

#include <QSignalSpy>
#include <QTest>

using namespace ChargeDesk::Core;
using ChargeDesk::Test::TestDatabase;
using Occasion = BootConfigurator::Occasion;
using Outcome = CommandResult::Outcome;

namespace {

// Keeps what it was asked to send; the test answers when it wants to.
class FakeGateway final : public ChargePointGateway
{
public:
    struct Sent
    {
        qint64 stationId;
        Command command;
        std::function<void(const CommandResult &)> done;
    };

    bool isConnected(qint64) const override { return true; }
    void send(qint64 stationId, const Command &command, std::function<void(const CommandResult &)> done) override
    {
        pending << Sent{stationId, command, std::move(done)};
    }
    // Answers the oldest call; a change-configuration gets `statuses` for its settings in turn.
    Command answer(Outcome outcome = Outcome::Answered, const QStringList &statuses = {})
    {
        Sent sent = pending.takeFirst();
        CommandResult result{outcome, QStringLiteral("Accepted"), {}, {}, {}};
        const QVariantList settings = sent.command.args.value("settings").toList();
        for (qsizetype i = 0; i < settings.size(); ++i)
            result.settings << SettingResult{statuses.value(i, "accepted"),
                                             statuses.value(i) == "rejected" ? "busy" : ""};
        if (outcome != Outcome::Answered) {
            result.error = "gone";
            result.settings.clear();
        }
        sent.done(result);
        return sent.command;
    }

    QList<Sent> pending;
};

QString describe(const Command &c)
{
    if (c.kind == Command::Kind::TriggerMessage)
        return "trigger " + c.args.value("message").toString();
    if (c.kind == Command::Kind::ClearChargingProfile)
        return "clear profiles";
    QStringList keys;
    for (const QVariant &s : c.args.value("settings").toList())
        keys << s.toMap().value("key").toString() + "=" + s.toMap().value("value").toString();
    return Command::kindName(c.kind) + " " + keys.join(",");
}

} // namespace

// The order of what a station gets when it comes online, and what is kept of its answers.
class TestBootConfigurator : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void bootCommands_afterBoot_doNotTriggerAnotherBoot();
    void bootCommands_afterReconnect_triggerTheBoot();
    void bootCommands_nothingEnabled_isEmpty();
    void configure_sendsBootConfigurationThenBatchesOneAtATime();
    void configure_storesEachSettingsResult_andKeepsOnlyTheLatest();
    void configure_failedBatch_recordsTheOutcomeAndGoesOn();
    void configure_stationGone_stopsWithoutRecording();
    void configure_again_supersedesTheEarlierRun();
    void configure_nothingToDo_finishesAtOnce();

private:
    qint64 mustCreate(const QString &table, const Record &values);
    QList<Record> results();

    Catalog m_catalog;
    FakeClock m_clock{QDateTime(QDate(2026, 3, 1), QTime(12, 0), Qt::UTC)};
    std::unique_ptr<TestDatabase> m_testDb;
    std::shared_ptr<Database> m_db;
    std::unique_ptr<Repository> m_repo;
    FakeGateway m_gateway;
    std::unique_ptr<BootConfigurator> m_boot;
    qint64 m_station = 0;
    qint64 m_template = 0;
};

void TestBootConfigurator::initTestCase()
{
    qInfo("storage backend: %s", qPrintable(ChargeDesk::Test::backend()));
}

void TestBootConfigurator::init()
{
    m_testDb = std::make_unique<TestDatabase>();
    QVERIFY2(m_testDb->isValid(), qPrintable(m_testDb->error()));
    m_db = m_testDb->open();
    QVERIFY(m_db && Migrator(*m_db).migrate().ok());
    m_repo = std::make_unique<Repository>(*m_db, m_catalog, m_clock);
    m_gateway.pending.clear();
    m_boot = std::make_unique<BootConfigurator>(*m_repo, m_gateway, m_clock);
    const qint64 area = mustCreate(Tables::Areas, {{"code", "GARAGE"}, {"name", "Garage"}});
    m_station = mustCreate(Tables::Stations, {{"code", "ST"},
                                              {"name", "Station"},
                                              {"area_id", area},
                                              {"protocol", "ocpp1.6"},
                                              {"connection_identifier", "ST"},
                                              {"connection_policy", "ws"},
                                              {"boot_trigger_boot", true},
                                              {"boot_trigger_status", true},
                                              {"boot_clear_profiles", true}});
    m_template = mustCreate(Tables::ConfigTemplates, {{"code", "T"}, {"name", "T"}, {"batch_size", 2}});
    for (const auto &[key, value] : QList<std::pair<QString, QString>>{{"A", "1"}, {"B", "2"}, {"C", "3"}})
        mustCreate(Tables::ConfigTemplateSettings,
                   {{"template_id", m_template}, {"setting_key", key}, {"setting_value", value}});
    mustCreate(Tables::ConfigTemplateAssignments, {{"template_id", m_template}, {"area_id", area}});
}

void TestBootConfigurator::cleanup()
{
    m_boot.reset();
    m_repo.reset();
    m_db.reset();
    m_testDb.reset();
}

qint64 TestBootConfigurator::mustCreate(const QString &table, const Record &values)
{
    auto id = m_repo->create(Actor::system(), table, values);
    if (!id)
        qWarning("%s: %s", qPrintable(table), qPrintable(id.error().message()));
    return id ? id.value() : 0;
}

QList<Record> TestBootConfigurator::results()
{
    ListQuery q;
    q.orderBy = "setting_key";
    return m_repo->list(Actor::system(), Tables::ConfigResults, q).value();
}

void TestBootConfigurator::bootCommands_afterBoot_doNotTriggerAnotherBoot()
{
    const Record station{{"boot_trigger_boot", true},
                         {"boot_trigger_status", true},
                         {"boot_trigger_heartbeat", true},
                         {"boot_clear_profiles", true}};
    QStringList sent;
    for (const Command &c : BootConfigurator::bootCommands(station, Occasion::Booted))
        sent << describe(c);
    QCOMPARE(sent, (QStringList{"trigger status", "trigger heartbeat", "clear profiles"}));
}

void TestBootConfigurator::bootCommands_afterReconnect_triggerTheBoot()
{
    const Record station{{"boot_trigger_boot", true}, {"boot_trigger_heartbeat", true}};
    QStringList sent;
    for (const Command &c : BootConfigurator::bootCommands(station, Occasion::Reconnected))
        sent << describe(c);
    QCOMPARE(sent, (QStringList{"trigger boot", "trigger heartbeat"}));
}

void TestBootConfigurator::bootCommands_nothingEnabled_isEmpty()
{
    const Record station{{"boot_trigger_boot", false}, {"boot_trigger_status", false}};
    QVERIFY(BootConfigurator::bootCommands(station, Occasion::Reconnected).isEmpty());
}

void TestBootConfigurator::configure_sendsBootConfigurationThenBatchesOneAtATime()
{
    QSignalSpy configured(m_boot.get(), &BootConfigurator::configured);
    m_boot->configure(m_station, Occasion::Reconnected);
    QStringList order;
    while (!m_gateway.pending.isEmpty()) {
        QCOMPARE(m_gateway.pending.size(), 1); // the next step waits for this answer
        QCOMPARE(m_gateway.pending.first().stationId, m_station);
        order << describe(m_gateway.answer());
    }
    QCOMPARE(order, (QStringList{"trigger boot", "trigger status", "clear profiles", "change-configuration A=1,B=2",
                                 "change-configuration C=3"}));
    QCOMPARE(configured.size(), 1);
    QCOMPARE(configured.first().first().toLongLong(), m_station);
}

void TestBootConfigurator::configure_storesEachSettingsResult_andKeepsOnlyTheLatest()
{
    m_repo->update(Actor::system(), Tables::Stations, m_station,
                   {{"boot_trigger_boot", false}, {"boot_trigger_status", false}, {"boot_clear_profiles", false}});
    m_boot->configure(m_station, Occasion::Booted);
    m_gateway.answer(Outcome::Answered, {"accepted", "rejected"});
    m_gateway.answer(Outcome::Answered, {"reboot_required"});
    auto rows = results();
    QCOMPARE(rows.size(), 3);
    QCOMPARE(rows.at(0).value("setting_key").toString(), QStringLiteral("A"));
    QCOMPARE(rows.at(0).value("status").toString(), QStringLiteral("accepted"));
    QCOMPARE(rows.at(0).value("template_id").toLongLong(), m_template);
    QCOMPARE(rows.at(0).value("station_id").toLongLong(), m_station);
    QCOMPARE(rows.at(1).value("status").toString(), QStringLiteral("rejected"));
    QCOMPARE(rows.at(1).value("detail").toString(), QStringLiteral("busy"));
    QCOMPARE(rows.at(2).value("setting_value").toString(), QStringLiteral("3"));
    QCOMPARE(rows.at(2).value("status").toString(), QStringLiteral("reboot_required"));
    QCOMPARE(rows.at(2).value("applied_at").toLongLong(), m_clock.nowMs());

    // The next connection: the answers replace the earlier ones.
    m_clock.advance(60);
    m_boot->configure(m_station, Occasion::Booted);
    m_gateway.answer();
    m_gateway.answer();
    rows = results();
    QCOMPARE(rows.size(), 3);
    for (const Record &r : rows) {
        QCOMPARE(r.value("status").toString(), QStringLiteral("accepted"));
        QCOMPARE(r.value("applied_at").toLongLong(), m_clock.nowMs());
    }
}

void TestBootConfigurator::configure_failedBatch_recordsTheOutcomeAndGoesOn()
{
    m_repo->update(Actor::system(), Tables::Stations, m_station, {{"boot_trigger_status", false}});
    m_boot->configure(m_station, Occasion::Booted);
    QCOMPARE(describe(m_gateway.answer(Outcome::Refused)), QStringLiteral("clear profiles"));
    m_gateway.answer(Outcome::TimedOut);
    m_gateway.answer();
    const auto rows = results();
    QCOMPARE(rows.size(), 3);
    QCOMPARE(rows.at(0).value("status").toString(), QStringLiteral("timed_out"));
    QCOMPARE(rows.at(0).value("detail").toString(), QStringLiteral("gone"));
    QCOMPARE(rows.at(2).value("status").toString(), QStringLiteral("accepted"));
}

void TestBootConfigurator::configure_stationGone_stopsWithoutRecording()
{
    QSignalSpy configured(m_boot.get(), &BootConfigurator::configured);
    m_boot->configure(m_station, Occasion::Booted);
    m_gateway.answer();
    m_gateway.answer();
    m_gateway.answer(Outcome::NotConnected);
    QVERIFY(m_gateway.pending.isEmpty());
    QVERIFY(results().isEmpty());
    QCOMPARE(configured.size(), 1);
}

void TestBootConfigurator::configure_again_supersedesTheEarlierRun()
{
    QSignalSpy configured(m_boot.get(), &BootConfigurator::configured);
    m_boot->configure(m_station, Occasion::Reconnected);
    m_boot->configure(m_station, Occasion::Booted);
    QCOMPARE(m_gateway.pending.size(), 2);
    m_gateway.answer(); // the first run's answer: it stops there
    QCOMPARE(m_gateway.pending.size(), 1);
    QStringList order;
    while (!m_gateway.pending.isEmpty())
        order << describe(m_gateway.answer());
    QCOMPARE(order, (QStringList{"trigger status", "clear profiles", "change-configuration A=1,B=2",
                                 "change-configuration C=3"}));
    QCOMPARE(configured.size(), 1);
}

void TestBootConfigurator::configure_nothingToDo_finishesAtOnce()
{
    m_repo->update(Actor::system(), Tables::Stations, m_station,
                   {{"boot_trigger_boot", false}, {"boot_trigger_status", false}, {"boot_clear_profiles", false}});
    m_repo->update(Actor::system(), Tables::ConfigTemplates, m_template, {{"protocol", "ocpp2.0.1"}});
    QSignalSpy configured(m_boot.get(), &BootConfigurator::configured);
    m_boot->configure(m_station, Occasion::Booted);
    QVERIFY(m_gateway.pending.isEmpty());
    QCOMPARE(configured.size(), 1);
}

QTEST_GUILESS_MAIN(TestBootConfigurator)
#include "tst_bootconfigurator.moc"
