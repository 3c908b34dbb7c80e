#include "core/catalog.h"
#include "core/configurationcheck.h"
#include "core/migrator.h"
#include "support/testdata.h"
#include "support/testdatabase.h"

#include <QTest>

using namespace ChargeDesk::Core;
using ChargeDesk::Test::TestDatabase;

namespace {

QString keyOf(const QString &protocol, const QString &parameter)
{
    for (const LiveParameter &p : LiveConfiguration::parameters()) {
        if (p.name == parameter)
            return p.keyFor(protocol);
    }
    return {};
}

// Facts of a station that reported `values` (neutral name -> value) and nothing else.
ConfigurationFacts facts(const QString &protocol, const QList<std::pair<QString, QString>> &values, qint64 readyS = 30,
                         bool dc = false)
{
    ConfigurationFacts f{protocol, {}, readyS, dc};
    for (const auto &[name, value] : values)
        f.values << LiveValue{keyOf(protocol, name), 0, value, false, QStringLiteral("accepted"), 1000};
    return f;
}

const ConfigurationFinding *findingFor(const QList<ConfigurationFinding> &findings, const QString &parameter)
{
    for (const ConfigurationFinding &f : findings) {
        if (f.parameter == parameter)
            return &f;
    }
    return nullptr;
}

// An answer-everything gateway that reports `values` to a get-configuration.
class ReportingGateway final : public ChargePointGateway
{
public:
    bool isConnected(qint64) const override { return true; }
    void send(qint64, const Command &, std::function<void(const CommandResult &)> done) override
    {
        CommandResult r;
        r.values = values;
        done(r);
    }
    QList<ConfigurationValue> values;
};

} // namespace

// The specification's recommendations for a station's live configuration, rule by rule and
// boundary by boundary, in both OCPP versions.
class TestConfigurationCheck : public QObject
{
    Q_OBJECT

private slots:
    void sampleInterval_outside10to60_isFlagged_data();
    void sampleInterval_outside10to60_isFlagged();
    void authorizationTable_wantsTheCentralSystemAsked_data();
    void authorizationTable_wantsTheCentralSystemAsked();
    void sampledMeasurands_missingOnesAreAdded_data();
    void sampledMeasurands_missingOnesAreAdded();
    void alignedMeasurands_wantPowerOffered_whileOn();
    void connectionTimeout_mustBeShorterThanReadyExpiration_data();
    void connectionTimeout_mustBeShorterThanReadyExpiration();
    void readonlyOrUnknownOrPerEvse_areNotFixedOrNotJudged();
    void checkStation_usesOperatorsExpirationAndDcChargers();
};

void TestConfigurationCheck::sampleInterval_outside10to60_isFlagged_data()
{
    QTest::addColumn<QString>("protocol");
    QTest::addColumn<QString>("value");
    QTest::addColumn<bool>("flagged");
    for (const QString &protocol : {QStringLiteral("ocpp1.6"), QStringLiteral("ocpp2.0.1")}) {
        const QByteArray v = protocol.toLatin1();
        QTest::newRow(v + " 0 (off)") << protocol << "0" << true;
        QTest::newRow(v + " 9") << protocol << "9" << true;
        QTest::newRow(v + " 10") << protocol << "10" << false;
        QTest::newRow(v + " 15") << protocol << "15" << false;
        QTest::newRow(v + " 60") << protocol << "60" << false;
        QTest::newRow(v + " 61") << protocol << "61" << true;
        QTest::newRow(v + " 300") << protocol << "300" << true;
        QTest::newRow(v + " not a number") << protocol << "soon" << true;
    }
}

void TestConfigurationCheck::sampleInterval_outside10to60_isFlagged()
{
    QFETCH(QString, protocol);
    QFETCH(QString, value);
    QFETCH(bool, flagged);
    const auto findings = checkConfiguration(facts(protocol, {{"sampled_data_interval", value}}));
    const ConfigurationFinding *f = findingFor(findings, "sampled_data_interval");
    QCOMPARE(f != nullptr, flagged);
    QCOMPARE(findings.size(), flagged ? 1 : 0);
    if (!f)
        return;
    const QString key = protocol == "ocpp1.6" ? "MeterValueSampleInterval" : "SampledDataCtrlr/TxUpdatedInterval";
    QCOMPARE(f->key, key);
    QCOMPARE(f->current, value);
    QCOMPARE(f->recommended, QStringLiteral("15"));
    QVERIFY(!f->why.isEmpty());
    QCOMPARE(f->fix, (QList<TemplateSetting>{{0, key, "15", 0, 0}}));
}

void TestConfigurationCheck::authorizationTable_wantsTheCentralSystemAsked_data()
{
    QTest::addColumn<QString>("protocol");
    QTest::addColumn<QString>("parameter");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("good");
    QTest::addColumn<QString>("bad");
    const auto row = [](const char *protocol, const char *parameter, const char *key, const char *good,
                        const char *bad) {
        QTest::newRow(QByteArray(protocol) + " " + key) << protocol << parameter << key << good << bad;
    };
    row("ocpp1.6", "authorize_remote_start", "AuthorizeRemoteTxRequests", "true", "false");
    row("ocpp1.6", "authorization_cache_enabled", "AuthorizationCacheEnabled", "false", "true");
    row("ocpp1.6", "local_authorize_offline", "LocalAuthorizeOffline", "false", "true");
    row("ocpp1.6", "local_pre_authorize", "LocalPreAuthorize", "false", "true");
    row("ocpp1.6", "local_auth_list_enabled", "LocalAuthListEnabled", "false", "true");
    row("ocpp1.6", "allow_offline_tx_for_unknown_id", "AllowOfflineTxForUnknownId", "false", "true");
    row("ocpp1.6", "central_contract_validation", "CentralContractValidationAllowed", "true", "false");
    row("ocpp1.6", "offline_contract_validation", "ContractValidationOffline", "false", "true");
    row("ocpp2.0.1", "authorize_remote_start", "AuthCtrlr/AuthorizeRemoteStart", "true", "false");
    row("ocpp2.0.1", "authorization_cache_enabled", "AuthCacheCtrlr/Enabled", "false", "true");
    row("ocpp2.0.1", "local_authorize_offline", "AuthCtrlr/LocalAuthorizeOffline", "false", "true");
    row("ocpp2.0.1", "allow_offline_tx_for_unknown_id", "AuthCtrlr/OfflineTxForUnknownIdEnabled", "false", "true");
    row("ocpp2.0.1", "central_contract_validation", "ISO15118Ctrlr/CentralContractValidationAllowed", "true", "false");
    row("ocpp2.0.1", "offline_contract_validation", "ISO15118Ctrlr/ContractValidationOffline", "false", "true");
}

void TestConfigurationCheck::authorizationTable_wantsTheCentralSystemAsked()
{
    QFETCH(QString, protocol);
    QFETCH(QString, parameter);
    QFETCH(QString, key);
    QFETCH(QString, good);
    QFETCH(QString, bad);
    QVERIFY(checkConfiguration(facts(protocol, {{parameter, good}})).isEmpty());
    // Stations spell booleans in any case.
    QVERIFY(checkConfiguration(facts(protocol, {{parameter, good.toUpper()}})).isEmpty());
    const auto findings = checkConfiguration(facts(protocol, {{parameter, bad}}));
    QCOMPARE(findings.size(), 1);
    QCOMPARE(findings.first().key, key);
    QCOMPARE(findings.first().current, bad);
    QCOMPARE(findings.first().recommended, good);
    QCOMPARE(findings.first().fix, (QList<TemplateSetting>{{0, key, good, 0, 0}}));
}

void TestConfigurationCheck::sampledMeasurands_missingOnesAreAdded_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<bool>("dc");
    QTest::addColumn<QString>("recommended"); // empty: accepted
    QTest::newRow("all, AC") << "Energy.Active.Import.Register,Power.Active.Import,Current.Import,Voltage" << false
                             << "";
    QTest::newRow("all with spaces, AC")
        << "Voltage, Current.Import, Power.Active.Import, Energy.Active.Import.Register" << false << "";
    QTest::newRow("energy only") << "Energy.Active.Import.Register" << false
                                 << "Energy.Active.Import.Register,Power.Active.Import,Current.Import,Voltage";
    QTest::newRow("no energy register, others kept")
        << "Power.Active.Import,Current.Import,Voltage,Temperature" << false
        << "Power.Active.Import,Current.Import,Voltage,Temperature,Energy.Active.Import.Register";
    QTest::newRow("empty") << "" << false << "Energy.Active.Import.Register,Power.Active.Import,Current.Import,Voltage";
    QTest::newRow("all but SoC, DC") << "Energy.Active.Import.Register,Power.Active.Import,Current.Import,Voltage"
                                     << true
                                     << "Energy.Active.Import.Register,Power.Active.Import,Current.Import,Voltage,SoC";
    QTest::newRow("all, DC") << "Energy.Active.Import.Register,Power.Active.Import,Current.Import,Voltage,SoC" << true
                             << "";
}

void TestConfigurationCheck::sampledMeasurands_missingOnesAreAdded()
{
    QFETCH(QString, value);
    QFETCH(bool, dc);
    QFETCH(QString, recommended);
    for (const QString &protocol : {QStringLiteral("ocpp1.6"), QStringLiteral("ocpp2.0.1")}) {
        const auto findings = checkConfiguration(facts(protocol, {{"sampled_data_measurands", value}}, 30, dc));
        QCOMPARE(findings.size(), recommended.isEmpty() ? 0 : 1);
        if (recommended.isEmpty())
            continue;
        QCOMPARE(findings.first().key, keyOf(protocol, "sampled_data_measurands"));
        QCOMPARE(findings.first().recommended, recommended);
        QCOMPARE(findings.first().fix.first().value, recommended);
    }
}

void TestConfigurationCheck::alignedMeasurands_wantPowerOffered_whileOn()
{
    const QString protocol = "ocpp1.6";
    auto findings = checkConfiguration(facts(
        protocol, {{"aligned_data_interval", "900"}, {"aligned_data_measurands", "Energy.Active.Import.Register"}}));
    QCOMPARE(findings.size(), 1);
    QCOMPARE(findings.first().key, QStringLiteral("MeterValuesAlignedData"));
    QCOMPARE(findings.first().recommended, QStringLiteral("Energy.Active.Import.Register,Power.Offered"));
    QVERIFY(checkConfiguration(
                facts(protocol, {{"aligned_data_interval", "900"}, {"aligned_data_measurands", "Power.Offered"}}))
                .isEmpty());
    // Clock-aligned readings switched off: their measurands do not matter.
    QVERIFY(checkConfiguration(facts(protocol, {{"aligned_data_interval", "0"}, {"aligned_data_measurands", ""}}))
                .isEmpty());
}

void TestConfigurationCheck::connectionTimeout_mustBeShorterThanReadyExpiration_data()
{
    QTest::addColumn<qint64>("readyS");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("recommended"); // empty: accepted
    // The specification's example: a ready session expires after 30 s.
    QTest::newRow("30: 29 is shorter") << qint64(30) << "29"
                                       << "";
    QTest::newRow("30: 20") << qint64(30) << "20"
                            << "";
    QTest::newRow("30: 30 is not shorter") << qint64(30) << "30"
                                           << "20";
    QTest::newRow("30: 31") << qint64(30) << "31"
                            << "20";
    QTest::newRow("30: 0 never gives up") << qint64(30) << "0"
                                          << "20";
    QTest::newRow("30: not a number") << qint64(30) << "x"
                                      << "20";
    QTest::newRow("default 180: 180") << qint64(180) << "180"
                                      << "170";
    QTest::newRow("default 180: 179") << qint64(180) << "179"
                                      << "";
    // A short expiration keeps at least half of it for the driver.
    QTest::newRow("10: 10") << qint64(10) << "10"
                            << "5";
    QTest::newRow("1: 1") << qint64(1) << "1"
                          << "1";
}

void TestConfigurationCheck::connectionTimeout_mustBeShorterThanReadyExpiration()
{
    QFETCH(qint64, readyS);
    QFETCH(QString, value);
    QFETCH(QString, recommended);
    for (const QString &protocol : {QStringLiteral("ocpp1.6"), QStringLiteral("ocpp2.0.1")}) {
        const auto findings = checkConfiguration(facts(protocol, {{"ev_connection_timeout", value}}, readyS));
        QCOMPARE(findings.size(), recommended.isEmpty() ? 0 : 1);
        if (recommended.isEmpty())
            continue;
        const QString key = protocol == "ocpp1.6" ? "ConnectionTimeOut" : "TxCtrlr/EVConnectionTimeOut";
        QCOMPARE(findings.first().key, key);
        QCOMPARE(findings.first().recommended, recommended);
        QVERIFY(findings.first().why.contains(QString::number(readyS)));
    }
}

void TestConfigurationCheck::readonlyOrUnknownOrPerEvse_areNotFixedOrNotJudged()
{
    ConfigurationFacts f = facts("ocpp1.6", {{"sampled_data_interval", "300"}});
    f.values.first().readonly = true;
    auto findings = checkConfiguration(f);
    QCOMPARE(findings.size(), 1);
    QVERIFY(findings.first().fix.isEmpty()); // the station does not let it be changed

    f = facts("ocpp1.6", {{"sampled_data_interval", ""}});
    f.values.first().status = "unknown_key";
    QVERIFY(checkConfiguration(f).isEmpty());

    f = facts("ocpp2.0.1", {{"sampled_data_interval", "300"}});
    f.values.first().evse = 1;
    QVERIFY(checkConfiguration(f).isEmpty());

    QVERIFY(checkConfiguration(facts("ocpp1.6", {})).isEmpty());
}

void TestConfigurationCheck::checkStation_usesOperatorsExpirationAndDcChargers()
{
    TestDatabase testDb;
    QVERIFY2(testDb.isValid(), qPrintable(testDb.error()));
    auto db = testDb.open();
    QVERIFY(db && Migrator(*db).migrate().ok());
    Catalog catalog;
    FakeClock clock{QDateTime(QDate(2026, 3, 1), QTime(12, 0), Qt::UTC)};
    Repository repo(*db, catalog, clock);

    const auto create = [&](const QString &table, const Record &values) {
        auto id = repo.create(Actor::system(), table, values);
        if (!id)
            qWarning("%s: %s", qPrintable(table), qPrintable(id.error().message()));
        return id ? id.value() : 0;
    };
    const qint64 op =
        create(Tables::Operators, {{"code", "OP"}, {"name", "Operator"}, {"ready_session_expiration_s", 45}});
    const qint64 area = create(Tables::Areas, {{"code", "A"}, {"name", "A"}, {"operator_id", op}});
    QVERIFY(op && area);
    const qint64 station = ChargeDesk::Test::createStation(repo, area, "DC-1");
    QVERIFY(station > 0);
    QVERIFY(
        create(Tables::Chargers, {{"code", "C1"}, {"name", "C1"}, {"station_id", station}, {"current_type", "dc"}}));

    ReportingGateway gateway;
    gateway.values = {{"ConnectionTimeOut", "60", false, 0, "accepted"},
                      {"MeterValuesSampledData",
                       "Energy.Active.Import.Register,Power.Active.Import,Current.Import,Voltage", false, 0,
                       "accepted"},
                      {"MeterValueSampleInterval", "30", false, 0, "accepted"}};
    LiveConfiguration live(repo, gateway, clock);
    bool read = false;
    live.read(station, {}, [&](const CommandResult &) { read = true; });
    QVERIFY(read);

    auto findings = checkStation(repo, live, station);
    QVERIFY(findings);
    QCOMPARE(findings.value().size(), 2);
    // The operator's 45 s win over the default 180 s.
    const ConfigurationFinding *timeout = findingFor(findings.value(), "ev_connection_timeout");
    QVERIFY(timeout);
    QCOMPARE(timeout->recommended, QStringLiteral("35"));
    // A DC charger reports the battery level.
    const ConfigurationFinding *measurands = findingFor(findings.value(), "sampled_data_measurands");
    QVERIFY(measurands);
    QVERIFY(measurands->recommended.endsWith(",SoC"));

    QVERIFY(!checkStation(repo, live, 9999));
}

QTEST_MAIN(TestConfigurationCheck)
#include "tst_configurationcheck.moc"
