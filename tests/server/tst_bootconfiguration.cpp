#include "core/bootconfigurator.h"
#include "support/gatewayfixture.h"
#include "support/nodepeer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace ChargeDesk;
using Core::Actor;
namespace Tables = Core::Tables;

// A station that comes online gets its boot configuration and the settings of its
// configuration templates: an independent station (ocpp-rpc, strict mode) reports every
// call it received, and the database holds its answer for every setting.
class TestBootConfiguration : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void boot_getsBootConfigurationThenTemplatesInBatches_data();
    void boot_getsBootConfigurationThenTemplatesInBatches();
    void reconnect_triggersTheBootOnceAndConfiguresOnce_data();
    void reconnect_triggersTheBootOnceAndConfiguresOnce();

private:
    // Keys of the templates, per version: heartbeat, sample interval, connection timeout,
    // pre-authorization, and one that is limited to EVSE 1.
    static QStringList keysFor(const QString &protocol);
    void addStationWithTemplates(const QString &code, const QString &protocol);
    qint64 mustCreate(const QString &table, const Core::Record &values);
    QList<QJsonObject> runStation(const QString &code, const QString &protocol, int stayMs, const QJsonObject &options);
    static QStringList describeCalls(const QList<QJsonObject> &lines);
    QStringList storedResults(qint64 stationId);

    std::unique_ptr<Test::GatewayFixture> m_fx;
    std::unique_ptr<Core::BootConfigurator> m_boot;
    qint64 m_station = 0;
};

void TestBootConfiguration::init()
{
    Server::Ocpp::GatewayOptions options;
    options.bootWaitMs = 1000;
    m_fx = std::make_unique<Test::GatewayFixture>(options);
    QVERIFY2(m_fx->isValid(), qPrintable(m_fx->error));
    // Wired as the executables wire it.
    m_boot = std::make_unique<Core::BootConfigurator>(*m_fx->repo, *m_fx->gateway, m_fx->clock);
    connect(m_fx->gateway.get(), &Server::Gateway::stationOnline, m_boot.get(), &Core::BootConfigurator::configure);
}

void TestBootConfiguration::cleanup()
{
    m_boot.reset();
    m_fx.reset();
}

QStringList TestBootConfiguration::keysFor(const QString &protocol)
{
    if (protocol == "ocpp1.6")
        return {"HeartbeatInterval", "MeterValueSampleInterval", "ConnectionTimeOut", "LocalPreAuthorize",
                "ConnectorPhaseRotation"};
    return {"OCPPCommCtrlr/HeartbeatInterval", "SampledDataCtrlr/TxUpdatedInterval", "TxCtrlr/EVConnectionTimeOut",
            "AuthCtrlr/LocalPreAuthorize", "EVSE/AllowReset"};
}

qint64 TestBootConfiguration::mustCreate(const QString &table, const Core::Record &values)
{
    auto id = m_fx->repo->create(Actor::system(), table, values);
    if (!id)
        qWarning("%s: %s", qPrintable(table), qPrintable(id.error().message()));
    return id ? id.value() : 0;
}

void TestBootConfiguration::addStationWithTemplates(const QString &code, const QString &protocol)
{
    QVERIFY(m_fx->addStation(code, protocol, "ws"));
    m_station = m_fx->repo->getByCode(Actor::system(), Tables::Stations, code).value().value("id").toLongLong();
    QVERIFY(m_fx->repo
                ->update(Actor::system(), Tables::Stations, m_station,
                         {{"boot_trigger_boot", true},
                          {"boot_trigger_status", true},
                          {"boot_trigger_heartbeat", true},
                          {"boot_clear_profiles", true}})
                .ok());
    const QStringList keys = keysFor(protocol);
    const qint64 otherOperator = mustCreate(Tables::Operators, {{"code", "OTHER"}, {"name", "Other operator"}});
    const auto makeTemplate = [&](const QString &templateCode, Core::Record fields, const QList<Core::Record> &settings,
                                  const QString &assignTo) {
        fields.insert("code", templateCode);
        fields.insert("name", templateCode);
        const qint64 id = mustCreate(Tables::ConfigTemplates, fields);
        for (Core::Record s : settings) {
            s.insert("template_id", id);
            mustCreate(Tables::ConfigTemplateSettings, s);
        }
        if (assignTo == "station")
            mustCreate(Tables::ConfigTemplateAssignments, {{"template_id", id}, {"station_id", m_station}});
        else
            mustCreate(Tables::ConfigTemplateAssignments, {{"template_id", id}, {"area_id", m_fx->areaId}});
    };
    const auto setting = [](const QString &key, const QString &value) {
        return Core::Record{{"setting_key", key}, {"setting_value", value}};
    };
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    makeTemplate("MAIN", {{"priority", 5}, {"batch_size", 2}},
                 {setting(keys[0], "300"), setting(keys[1], "30"), setting(keys[2], "60")}, "station");
    Core::Record onEvse = setting(keys[4], "true");
    onEvse.insert("evse_id", 1);
    makeTemplate("AREA", {{"priority", 1}}, {setting(keys[0], "900"), setting(keys[3], "true"), onEvse}, "area");
    // None of these apply, though each would win on priority.
    const QString otherProtocol = protocol == "ocpp1.6" ? "ocpp2.0.1" : "ocpp1.6";
    makeTemplate("OTHERPROTOCOL", {{"priority", 9}, {"protocol", otherProtocol}}, {setting(keys[0], "1")}, "station");
    makeTemplate("EXPIRED", {{"priority", 9}, {"valid_from", now - 2 * 86400000LL}, {"valid_to", now - 86400000LL}},
                 {setting(keys[0], "2")}, "station");
    makeTemplate("OTHEROPERATOR", {{"priority", 9}, {"operator_id", otherOperator}}, {setting(keys[0], "3")}, "area");
}

QList<QJsonObject> TestBootConfiguration::runStation(const QString &code, const QString &protocol, int stayMs,
                                                     const QJsonObject &options)
{
    const QString keys = QString::fromUtf8(QJsonDocument(options).toJson(QJsonDocument::Compact));
    return Test::runNodePeer("ocpp_station.mjs", {m_fx->url(code), protocol, QString::number(stayMs), keys});
}

// "TriggerMessage StatusNotification", "SetVariables A/B=1,C/D@1=2", ... for each call received.
QStringList TestBootConfiguration::describeCalls(const QList<QJsonObject> &lines)
{
    QStringList calls;
    for (const QJsonObject &line : lines) {
        if (line.value("event") != "call")
            continue;
        const QString action = line.value("action").toString();
        const QJsonObject p = line.value("params").toObject();
        if (action == "TriggerMessage") {
            calls << action + " " + p.value("requestedMessage").toString();
        } else if (action == "ChangeConfiguration") {
            calls << action + " " + p.value("key").toString() + "=" + p.value("value").toString();
        } else if (action == "SetVariables") {
            QStringList items;
            for (const QJsonValue &d : p.value("setVariableData").toArray()) {
                const QJsonObject component = d["component"].toObject();
                const QString evse =
                    component.contains("evse") ? "@" + QString::number(component["evse"]["id"].toInt()) : QString();
                items << component["name"].toString() + "/" + d["variable"]["name"].toString() + evse + "=" +
                             d["attributeValue"].toString();
            }
            calls << action + " " + items.join(",");
        } else {
            calls << action + " " + QJsonDocument(p).toJson(QJsonDocument::Compact);
        }
    }
    return calls;
}

QStringList TestBootConfiguration::storedResults(qint64 stationId)
{
    Core::ListQuery q;
    q.filters << Core::ListQuery::Filter{"station_id", Core::ListQuery::Filter::Op::Equals, stationId};
    q.orderBy = "id";
    const auto rows = m_fx->repo->list(Actor::system(), Tables::ConfigResults, q);
    QStringList out;
    for (const Core::Record &r : rows.value()) {
        const QString evse = r.value("evse_id").isNull() ? QString() : "@" + r.value("evse_id").toString();
        const QString templateCode =
            m_fx->repo->get(Actor::system(), Tables::ConfigTemplates, r.value("template_id").toLongLong())
                .value()
                .value("code")
                .toString();
        out << QStringLiteral("%1%2=%3 %4 (%5)%6")
                   .arg(r.value("setting_key").toString(), evse, r.value("setting_value").toString(),
                        r.value("status").toString(), templateCode,
                        r.value("detail").toString().isEmpty() ? QString() : " " + r.value("detail").toString());
    }
    return out;
}

void TestBootConfiguration::boot_getsBootConfigurationThenTemplatesInBatches_data()
{
    QTest::addColumn<QString>("protocol");
    QTest::addColumn<QStringList>("calls");
    QTest::addColumn<QStringList>("results");
    QTest::newRow("1.6") << "ocpp1.6"
                         << QStringList{"TriggerMessage StatusNotification",
                                        "TriggerMessage Heartbeat",
                                        "ClearChargingProfile {}",
                                        "ChangeConfiguration HeartbeatInterval=300",
                                        "ChangeConfiguration MeterValueSampleInterval=30",
                                        "ChangeConfiguration ConnectionTimeOut=60",
                                        "ChangeConfiguration LocalPreAuthorize=true"}
                         << QStringList{
                                "HeartbeatInterval=300 accepted (MAIN)", "MeterValueSampleInterval=30 accepted (MAIN)",
                                "ConnectionTimeOut=60 reboot_required (MAIN)", "LocalPreAuthorize=true rejected (AREA)",
                                "ConnectorPhaseRotation@1=true unsupported (AREA) OCPP 1.6 configuration keys "
                                "apply to the whole station, not to one charger or connector."};
    QTest::newRow("2.0.1") << "ocpp2.0.1"
                           << QStringList{"TriggerMessage StatusNotification",
                                          "TriggerMessage Heartbeat",
                                          "ClearChargingProfile {}",
                                          "SetVariables OCPPCommCtrlr/HeartbeatInterval=300,SampledDataCtrlr/"
                                          "TxUpdatedInterval=30",
                                          "SetVariables TxCtrlr/EVConnectionTimeOut=60",
                                          "SetVariables AuthCtrlr/LocalPreAuthorize=true,EVSE/AllowReset@1=true"}
                           << QStringList{"OCPPCommCtrlr/HeartbeatInterval=300 accepted (MAIN)",
                                          "SampledDataCtrlr/TxUpdatedInterval=30 accepted (MAIN)",
                                          "TxCtrlr/EVConnectionTimeOut=60 reboot_required (MAIN) TestReason",
                                          "AuthCtrlr/LocalPreAuthorize=true unknown_variable (AREA) TestReason",
                                          "EVSE/AllowReset@1=true accepted (AREA)"};
}

void TestBootConfiguration::boot_getsBootConfigurationThenTemplatesInBatches()
{
    QFETCH(QString, protocol);
    QFETCH(QStringList, calls);
    QFETCH(QStringList, results);
    addStationWithTemplates("BOOTS", protocol);
    QSignalSpy configured(m_boot.get(), &Core::BootConfigurator::configured);
    const QStringList keys = keysFor(protocol);
    const QJsonObject answers = protocol == "ocpp1.6"
                                    ? QJsonObject{{keys[2], "RebootRequired"}, {keys[3], "Rejected"}}
                                    : QJsonObject{{keys[2], "RebootRequired"}, {keys[3], "UnknownVariable"}};
    const auto lines =
        runStation("BOOTS", protocol, 3000, {{"boot", true}, {"sendTriggered", true}, {"configuration", answers}});
    QCOMPARE(describeCalls(lines), calls);
    QCOMPARE(configured.size(), 1);
    QCOMPARE(storedResults(m_station), results);
    // The station's triggered messages were taken like any other.
    int answeredMessages = 0;
    for (const QJsonObject &line : lines)
        answeredMessages += line.value("event") == "sent" && line.contains("response") ? 1 : 0;
    QCOMPARE(answeredMessages, 3); // its boot, the status and the heartbeat
}

void TestBootConfiguration::reconnect_triggersTheBootOnceAndConfiguresOnce_data()
{
    QTest::addColumn<QString>("protocol");
    QTest::newRow("1.6") << "ocpp1.6";
    QTest::newRow("2.0.1") << "ocpp2.0.1";
}

void TestBootConfiguration::reconnect_triggersTheBootOnceAndConfiguresOnce()
{
    QFETCH(QString, protocol);
    addStationWithTemplates("BACK", protocol);
    QSignalSpy configured(m_boot.get(), &Core::BootConfigurator::configured);
    // It does not boot, but answers the trigger with a boot that is accepted; that boot must
    // not start the configuration over.
    const auto lines = runStation("BACK", protocol, 4000, {{"sendTriggered", true}});
    const QStringList calls = describeCalls(lines);
    QVERIFY2(calls.size() >= 2, qPrintable(calls.join("\n")));
    QCOMPARE(calls.first(), QStringLiteral("TriggerMessage BootNotification"));
    QCOMPARE(calls.count("TriggerMessage BootNotification"), 1);
    QCOMPARE(calls.count("TriggerMessage StatusNotification"), 1);
    QCOMPARE(calls.size(), protocol == "ocpp1.6" ? 8 : 7);
    QCOMPARE(configured.size(), 1);
    bool bootAccepted = false;
    for (const QJsonObject &line : lines) {
        if (line.value("event") == "sent" && line.value("action") == "BootNotification")
            bootAccepted = line["response"]["status"] == "Accepted";
    }
    QVERIFY(bootAccepted);
    QCOMPARE(storedResults(m_station).size(), 5);
}

QTEST_GUILESS_MAIN(TestBootConfiguration)
#include "tst_bootconfiguration.moc"
