#include "core/catalog.h"
#include "server/gateway.h"
#include "support/formdriver.h"
#include "support/gatewayfixture.h"
#include "support/screenshots.h"
#include "support/stationpeer.h"
#include "ui/shell/consolestate.h"
#include "ui/stations/operationsteps.h"
#include "ui/stations/stationoperations.h"
#include "ui/widgets/zoneddatetimeedit.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace ChargeDesk;
using namespace ChargeDesk::Core;
using namespace ChargeDesk::Ui;

// The station operations panel against an independent charge point (ocpp-rpc, strict mode)
// in OCPP 1.6 and 2.0.1: each button sends exactly the call OCPP defines, the panel shows the
// station's answer, and the firmware and diagnostics progress the station then reports.
class TestStationOperations : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init();
    void cleanup();
    void reboot_softAndHard_sendResetAfterConfirmation_data() { protocols(); }
    void reboot_softAndHard_sendResetAfterConfirmation();
    void firmware_request_sendsUpdateAndFollowsProgress_data() { protocols(); }
    void firmware_request_sendsUpdateAndFollowsProgress();
    void firmware_badLocation_isRefusedBesideTheField_data() { protocols(); }
    void firmware_badLocation_isRefusedBesideTheField();
    void firmware_fileFromThisComputer_isServedByTheDepot_data() { protocols(); }
    void firmware_fileFromThisComputer_isServedByTheDepot();
    void diagnostics_request_sendsUploadAndFollowsProgress_data() { protocols(); }
    void diagnostics_request_sendsUploadAndFollowsProgress();
    void trigger_messages_sendTriggerMessage_data() { protocols(); }
    void trigger_messages_sendTriggerMessage();
    void authorization_cacheAndLocalList_data() { protocols(); }
    void authorization_cacheAndLocalList();
    void notConnected_actionIsRefusedAndNothingSent_data() { protocols(); }
    void notConnected_actionIsRefusedAndNothingSent();

private:
    void protocols();
    // Station OPS in the test's protocol with the independent peer connected, and its panel.
    void open(const QJsonObject &options = {{"progress", true}});
    template <typename W> W *child(const char *name)
    {
        W *w = m_widget->findChild<W *>(QString::fromLatin1(name));
        if (!w)
            qWarning("no child %s", name);
        return w;
    }
    QString text(const char *label) { return child<QLabel>(label)->text(); }
    void click(const char *button) { QTest::mouseClick(child<QPushButton>(button), Qt::LeftButton); }
    bool v16() const { return m_protocol == QLatin1String("ocpp1.6"); }
    // For a person to look at (screenshots.h): the panel as it stands now.
    void shot(const QString &name) { Test::screenshot(m_widget.get(), "stationoperations-" + name + "-" + m_protocol); }

    QString m_protocol;
    std::unique_ptr<QTemporaryDir> m_files;
    std::unique_ptr<Test::GatewayFixture> m_fx;
    std::unique_ptr<ConsoleState> m_console;
    std::unique_ptr<Services> m_services;
    std::unique_ptr<Test::StationPeer> m_peer;
    std::unique_ptr<StationOperations> m_widget;
    qint64 m_station = 0;
};

namespace {

QString isoUtc(const QDateTime &at)
{
    return at.toUTC().toString(Qt::ISODateWithMs);
}

} // namespace

void TestStationOperations::protocols()
{
    QTest::addColumn<QString>("protocol");
    QTest::newRow("1.6") << QStringLiteral("ocpp1.6");
    QTest::newRow("2.0.1") << QStringLiteral("ocpp2.0.1");
}

void TestStationOperations::init()
{
    m_files = std::make_unique<QTemporaryDir>();
    m_fx = std::make_unique<Test::GatewayFixture>();
    QVERIFY2(m_fx->isValid(), qPrintable(m_fx->error));
    m_console = std::make_unique<ConsoleState>();
    m_console->setFileServer(QUrl("http://console.local:8181/files/"), m_files->path());
    m_services = std::make_unique<Services>();
    m_services->stations = m_fx->stations.get();
    m_services->gateway = m_fx->gateway.get();
}

void TestStationOperations::cleanup()
{
    m_widget.reset();
    m_peer.reset();
    m_services.reset();
    m_console.reset();
    m_fx.reset();
    m_files.reset();
}

void TestStationOperations::open(const QJsonObject &options)
{
    QFETCH(QString, protocol);
    m_protocol = protocol;
    QVERIFY(m_fx->addStation("OPS", protocol, "ws"));
    m_station = m_fx->repo->getByCode(Actor::system(), Tables::Stations, "OPS").value().value("id").toLongLong();
    m_peer = Test::StationPeer::start(*m_fx->gateway, m_station, m_fx->url("OPS"), protocol, options);
    QVERIFY2(m_peer, "the charge point did not connect");
    m_widget = std::make_unique<StationOperations>(
        PageContext{*m_fx->repo, Actor::system(), *m_console, *m_services, {}}, m_station);
    m_widget->resize(700, 1600);
    m_widget->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_widget.get()));
    QTRY_COMPARE(text("connectionState"),
                 v16() ? QStringLiteral("● Connected over OCPP 1.6") : QStringLiteral("● Connected over OCPP 2.0.1"));
    QCOMPARE(text("stationTitle"), QStringLiteral("OPS (OPS)"));
}

void TestStationOperations::reboot_softAndHard_sendResetAfterConfirmation()
{
    open();
    // Cancelled: nothing goes out.
    auto done = std::make_shared<bool>(false);
    Test::onModal(
        m_widget.get(), "confirmReboot", [](QWidget *box) { box->close(); }, done);
    click("softRebootButton");
    QVERIFY(*done);
    QVERIFY(m_peer->nextCall("Reset", 500).isEmpty());

    for (const bool hard : {false, true}) {
        done = std::make_shared<bool>(false);
        Test::onModal(
            m_widget.get(), "confirmReboot",
            [](QWidget *box) { box->findChild<QPushButton *>("confirmRebootButton")->click(); }, done);
        click(hard ? "hardRebootButton" : "softRebootButton");
        QVERIFY(*done);
        const QJsonObject reset = m_peer->nextCall("Reset");
        const QString type = hard ? (v16() ? "Hard" : "Immediate") : (v16() ? "Soft" : "OnIdle");
        QCOMPARE(reset, (QJsonObject{{"type", type}}));
        QTRY_COMPARE(text("rebootAnswer"), QStringLiteral("Accepted by the station."));
    }
}

void TestStationOperations::firmware_request_sendsUpdateAndFollowsProgress()
{
    open();
    const QString location = "ftp://tech:pw@files.example:2121/fw/wallbox-2.1.bin";
    const QDateTime retrieveAt = QDateTime(QDate(2031, 5, 1), QTime(10, 30));
    child<QLineEdit>("firmwareLocation")->setText(location);
    QVERIFY(!child<QLabel>("firmwareLocationError")->isVisible());
    child<ZonedDateTimeEdit>("firmwareRetrieveAt")->setUtcMs(retrieveAt.toMSecsSinceEpoch());
    child<QSpinBox>("firmwareRetries")->setValue(4);
    child<QSpinBox>("firmwareRetryInterval")->setValue(90);
    // 2.0.1 installs when told (here two hours after the download); 1.6 cannot be told.
    const QDateTime installAt = retrieveAt.addSecs(2 * 3600);
    if (!v16()) {
        child<QCheckBox>("firmwareHasInstallAt")->setChecked(true);
        child<ZonedDateTimeEdit>("firmwareInstallAt")->setUtcMs(installAt.toMSecsSinceEpoch());
    }
    click("firmwareRequestButton");

    const QJsonObject call = m_peer->nextCall("UpdateFirmware");
    if (v16()) {
        QCOMPARE(
            call,
            (QJsonObject{
                {"location", location}, {"retrieveDate", isoUtc(retrieveAt)}, {"retries", 4}, {"retryInterval", 90}}));
        QTRY_COMPARE(text("firmwareAnswer"), QStringLiteral("The station took the request."));
    } else {
        QVERIFY(call.value("requestId").isDouble());
        QCOMPARE(call.value("firmware").toObject(), (QJsonObject{{"location", location},
                                                                 {"retrieveDateTime", isoUtc(retrieveAt)},
                                                                 {"installDateTime", isoUtc(installAt)}}));
        QCOMPARE(call.value("retries").toInt(), 4);
        QCOMPARE(call.value("retryInterval").toInt(), 90);
        QCOMPARE(call.size(), 4);
        QTRY_COMPARE(text("firmwareAnswer"), QStringLiteral("Accepted by the station."));
    }
    auto *steps = child<OperationSteps>("firmwareProgress");
    QTRY_COMPARE_WITH_TIMEOUT(steps->reachedSteps(), 4, 10000);
    QVERIFY(!steps->failed());
    QVERIFY2(steps->latestText().startsWith("Latest report: Installed at "), qPrintable(steps->latestText()));
    QCOMPARE(steps->findChild<QLabel *>("step3")->text(), QStringLiteral("✓ Installed"));
    shot("firmware");
}

void TestStationOperations::firmware_badLocation_isRefusedBesideTheField()
{
    open();
    child<QLineEdit>("firmwareLocation")->setText("files.example/fw.bin");
    QVERIFY(child<QLabel>("firmwareLocationError")->isVisible());
    QCOMPARE(text("firmwareLocationError"),
             QStringLiteral("Use an address like ftp://user:password@host:21/path or https://host/path."));
    click("firmwareRequestButton");
    child<QLineEdit>("firmwareLocation")->setText("https://files.example/firmware/");
    QCOMPARE(text("firmwareLocationError"), QStringLiteral("The address must name the firmware file, not a folder."));
    click("firmwareRequestButton");
    QVERIFY(m_peer->nextCall("UpdateFirmware", 500).isEmpty());
    QCOMPARE(text("firmwareAnswer"), QString());
}

void TestStationOperations::firmware_fileFromThisComputer_isServedByTheDepot()
{
    open();
    QTemporaryDir elsewhere;
    const QString source = elsewhere.filePath("My Firmware:v2.bin");
    QFile file(source);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("firmware image");
    file.close();
    QVERIFY(child<QPushButton>("firmwareFileButton")->isEnabled());
    QVERIFY(m_widget->useFirmwareFile(source));
    QCOMPARE(child<QLineEdit>("firmwareLocation")->text(),
             QStringLiteral("http://console.local:8181/files/firmware/My%20Firmware_v2.bin"));
    QFile copied(QDir(m_files->path()).filePath("firmware/My Firmware_v2.bin"));
    QVERIFY(copied.open(QIODevice::ReadOnly));
    QCOMPARE(copied.readAll(), QByteArray("firmware image"));
    // The same file again keeps its address.
    QVERIFY(m_widget->useFirmwareFile(source));
    QCOMPARE(child<QLineEdit>("firmwareLocation")->text(),
             QStringLiteral("http://console.local:8181/files/firmware/My%20Firmware_v2.bin"));
    QCOMPARE(QDir(m_files->filePath("firmware")).entryList(QDir::Files).size(), 1);

    // Without the file server the button says why it cannot help.
    m_console->setFileServer({}, {});
    QVERIFY(!child<QPushButton>("firmwareFileButton")->isEnabled());
    QVERIFY(!child<QPushButton>("firmwareFileButton")->toolTip().isEmpty());
    QVERIFY(!m_widget->useFirmwareFile(source));
}

void TestStationOperations::diagnostics_request_sendsUploadAndFollowsProgress()
{
    open();
    // Where it uploads by default: the console's own file server.
    QCOMPARE(child<QLineEdit>("diagnosticsLocation")->text(),
             QStringLiteral("http://console.local:8181/files/diagnostics/"));
    const QDateTime start(QDate(2031, 4, 1), QTime(8, 0));
    const QDateTime stop(QDate(2031, 4, 2), QTime(8, 0));
    child<ZonedDateTimeEdit>("diagnosticsStart")->setUtcMs(start.toMSecsSinceEpoch());
    child<QCheckBox>("diagnosticsHasStop")->setChecked(true);
    child<ZonedDateTimeEdit>("diagnosticsStop")->setUtcMs(stop.toMSecsSinceEpoch());
    child<QSpinBox>("diagnosticsRetries")->setValue(2);
    child<QSpinBox>("diagnosticsRetryInterval")->setValue(30);
    click("diagnosticsRequestButton");

    const QString location = "http://console.local:8181/files/diagnostics/";
    if (v16()) {
        QCOMPARE(m_peer->nextCall("GetDiagnostics"), (QJsonObject{{"location", location},
                                                                  {"startTime", isoUtc(start)},
                                                                  {"stopTime", isoUtc(stop)},
                                                                  {"retries", 2},
                                                                  {"retryInterval", 30}}));
        QTRY_COMPARE(text("diagnosticsAnswer"), QStringLiteral("The station will upload diagnostics.log."));
    } else {
        const QJsonObject call = m_peer->nextCall("GetLog");
        QCOMPARE(call.value("logType").toString(), QStringLiteral("DiagnosticsLog"));
        QVERIFY(call.value("requestId").isDouble());
        QCOMPARE(call.value("log").toObject(), (QJsonObject{{"remoteLocation", location},
                                                            {"oldestTimestamp", isoUtc(start)},
                                                            {"latestTimestamp", isoUtc(stop)}}));
        QCOMPARE(call.value("retries").toInt(), 2);
        QCOMPARE(call.value("retryInterval").toInt(), 30);
        QTRY_COMPARE(text("diagnosticsAnswer"), QStringLiteral("The station will upload station.log."));
    }
    auto *steps = child<OperationSteps>("diagnosticsProgress");
    QTRY_COMPARE_WITH_TIMEOUT(steps->reachedSteps(), 2, 10000);
    QVERIFY(steps->latestText().startsWith("Latest report: Uploaded at "));

    // What arrived in the folder is listed.
    QFile log(QDir(m_files->path()).filePath("diagnostics/OPS-diagnostics.log"));
    QVERIFY(log.open(QIODevice::WriteOnly));
    log.write(QByteArray(2048, 'x'));
    log.close();
    m_widget->refreshReceivedFiles();
    auto *received = child<QTreeWidget>("receivedFiles");
    QCOMPARE(received->topLevelItemCount(), 1);
    QCOMPARE(received->topLevelItem(0)->text(0), QStringLiteral("OPS-diagnostics.log"));
    QCOMPARE(received->topLevelItem(0)->text(1), QLocale().formattedDataSize(2048));
    shot("diagnostics");
}

void TestStationOperations::trigger_messages_sendTriggerMessage()
{
    open();
    auto *message = child<QComboBox>("triggerMessage");
    auto *evse = child<QSpinBox>("triggerEvse");
    const QList<std::tuple<QString, QString, QString>> messages{
        {"boot", "BootNotification", "BootNotification"},
        {"diagnostics", "DiagnosticsStatusNotification", "LogStatusNotification"},
        {"firmware", "FirmwareStatusNotification", "FirmwareStatusNotification"},
        {"heartbeat", "Heartbeat", "Heartbeat"},
        {"meter", "MeterValues", "MeterValues"},
        {"status", "StatusNotification", "StatusNotification"}};
    for (const auto &[code, name16, name201] : messages) {
        message->setCurrentIndex(message->findData(code));
        evse->setValue(0);
        click("triggerButton");
        QCOMPARE(m_peer->nextCall("TriggerMessage"), (QJsonObject{{"requestedMessage", v16() ? name16 : name201}}));
        QTRY_COMPARE(text("triggerAnswer"), QStringLiteral("Accepted by the station."));
        QTRY_VERIFY(child<QPushButton>("triggerButton")->isEnabled());
    }
    // One connector (1.6) or EVSE (2.0.1), only where the message is per connector.
    message->setCurrentIndex(message->findData("status"));
    QVERIFY(evse->isEnabled());
    evse->setValue(2);
    click("triggerButton");
    QCOMPARE(m_peer->nextCall("TriggerMessage"),
             (v16() ? QJsonObject{{"requestedMessage", "StatusNotification"}, {"connectorId", 2}}
                    : QJsonObject{{"requestedMessage", "StatusNotification"}, {"evse", QJsonObject{{"id", 2}}}}));
    QTRY_VERIFY(child<QPushButton>("triggerButton")->isEnabled());
    message->setCurrentIndex(message->findData("heartbeat"));
    QVERIFY(!evse->isEnabled());
    click("triggerButton");
    QCOMPARE(m_peer->nextCall("TriggerMessage"), (QJsonObject{{"requestedMessage", "Heartbeat"}}));
}

void TestStationOperations::authorization_cacheAndLocalList()
{
    Repository &repo = *m_fx->repo;
    const Actor system = Actor::system();
    const qint64 type = repo.create(system, Tables::IdDeviceTypes, {{"code", "CARD"}, {"name", "RFID card"}}).value();
    const qint64 customer =
        repo.create(system, Tables::Customers, {{"code", "C1"}, {"name", "Ann"}, {"payment_type", "postpaid"}}).value();
    const QDateTime expires(QDate(2031, 1, 1), QTime(0, 0), Qt::UTC);
    QVERIFY(repo.create(system, Tables::IdDevices,
                        {{"code", "A"},
                         {"name", "Ann's card"},
                         {"type_id", type},
                         {"identifier", "TAG-A"},
                         {"customer_id", customer},
                         {"expires_at", expires.toMSecsSinceEpoch()}}));
    QVERIFY(repo.create(system, Tables::IdDevices,
                        {{"code", "B"},
                         {"name", "Lost card"},
                         {"type_id", type},
                         {"identifier", "TAG-B"},
                         {"customer_id", customer},
                         {"status", "blocked"}}));
    QVERIFY(repo.create(system, Tables::IdDevices,
                        {{"code", "C"}, {"name", "Spare"}, {"type_id", type}, {"identifier", "TAG-C"}}));
    open();

    click("clearCacheButton");
    QCOMPARE(m_peer->nextCall("ClearCache"), QJsonObject());
    QTRY_COMPARE(text("clearCacheAnswer"), QStringLiteral("Accepted by the station."));

    click("getListVersionButton");
    QVERIFY(m_peer->lines().size() > 0);
    QCOMPARE(m_peer->nextCall("GetLocalListVersion"), QJsonObject());
    QTRY_COMPARE(text("listVersion"), QStringLiteral("Version on the station: 3"));
    QCOMPARE(child<QSpinBox>("localListVersion")->value(), 4);

    auto *devices = child<QTreeWidget>("localListDevices");
    QCOMPARE(devices->topLevelItemCount(), 3);
    QCOMPARE(devices->topLevelItem(0)->text(2), QStringLiteral("Accepted"));
    QCOMPARE(devices->topLevelItem(1)->text(2), QStringLiteral("Blocked"));
    QCOMPARE(devices->topLevelItem(2)->text(2), QStringLiteral("Invalid"));

    // The full list: every device the station has to know, the unknown one left out.
    click("sendFullListButton");
    const QJsonObject full = m_peer->nextCall("SendLocalList");
    if (v16()) {
        QCOMPARE(
            full,
            (QJsonObject{
                {"listVersion", 4},
                {"updateType", "Full"},
                {"localAuthorizationList",
                 QJsonArray{
                     QJsonObject{{"idTag", "TAG-A"},
                                 {"idTagInfo", QJsonObject{{"status", "Accepted"}, {"expiryDate", isoUtc(expires)}}}},
                     QJsonObject{{"idTag", "TAG-B"}, {"idTagInfo", QJsonObject{{"status", "Blocked"}}}}}}}));
    } else {
        QCOMPARE(full,
                 (QJsonObject{
                     {"versionNumber", 4},
                     {"updateType", "Full"},
                     {"localAuthorizationList",
                      QJsonArray{QJsonObject{{"idToken", QJsonObject{{"idToken", "TAG-A"}, {"type", "ISO14443"}}},
                                             {"idTokenInfo", QJsonObject{{"status", "Accepted"},
                                                                         {"cacheExpiryDateTime", isoUtc(expires)}}}},
                                 QJsonObject{{"idToken", QJsonObject{{"idToken", "TAG-B"}, {"type", "ISO14443"}}},
                                             {"idTokenInfo", QJsonObject{{"status", "Blocked"}}}}}}}));
    }
    QTRY_COMPARE(text("localListAnswer"), QStringLiteral("Accepted by the station."));
    QCOMPARE(text("listVersion"), QStringLiteral("Version on the station: 4"));

    // Differential: only the ticked devices; none ticked is refused with a sentence.
    click("sendDifferentialListButton");
    QCOMPARE(text("localListAnswer"), QStringLiteral("Tick the devices to send first."));
    QVERIFY(m_peer->nextCall("SendLocalList", 500).isEmpty());
    devices->topLevelItem(2)->setCheckState(0, Qt::Checked);
    child<QSpinBox>("localListVersion")->setValue(5);
    QTRY_VERIFY(child<QPushButton>("sendDifferentialListButton")->isEnabled());
    click("sendDifferentialListButton");
    const QJsonObject differential = m_peer->nextCall("SendLocalList");
    if (v16())
        QCOMPARE(differential,
                 (QJsonObject{{"listVersion", 5},
                              {"updateType", "Differential"},
                              {"localAuthorizationList",
                               QJsonArray{QJsonObject{{"idTag", "TAG-C"},
                                                      {"idTagInfo", QJsonObject{{"status", "Invalid"}}}}}}}));
    else
        QCOMPARE(
            differential,
            (QJsonObject{{"versionNumber", 5},
                         {"updateType", "Differential"},
                         {"localAuthorizationList",
                          QJsonArray{QJsonObject{{"idToken", QJsonObject{{"idToken", "TAG-C"}, {"type", "ISO14443"}}},
                                                 {"idTokenInfo", QJsonObject{{"status", "Invalid"}}}}}}}));
    QTRY_COMPARE(text("localListAnswer"), QStringLiteral("Accepted by the station."));
    shot("authorization");
}

void TestStationOperations::notConnected_actionIsRefusedAndNothingSent()
{
    open();
    m_peer->kill();
    QTRY_VERIFY_WITH_TIMEOUT(!m_fx->gateway->isConnected(m_station), 10000);
    QTRY_VERIFY(text("connectionState").startsWith("○ Not connected"));
    const qsizetype before = m_peer->lines().size();
    click("clearCacheButton");
    QCOMPARE(text("clearCacheAnswer"),
             QStringLiteral("The station is not connected, so nothing was sent. Try again once it is online."));
    QVERIFY(child<QPushButton>("clearCacheButton")->isEnabled()); // not left waiting
    auto done = std::make_shared<bool>(false);
    Test::onModal(
        m_widget.get(), "confirmReboot",
        [](QWidget *box) { box->findChild<QPushButton *>("confirmRebootButton")->click(); }, done);
    click("hardRebootButton");
    QVERIFY(*done);
    QCOMPARE(text("rebootAnswer"),
             QStringLiteral("The station is not connected, so nothing was sent. Try again once it is online."));
    QCOMPARE(m_peer->lines().size(), before);
}

QTEST_MAIN(TestStationOperations)
#include "tst_stationoperations.moc"
