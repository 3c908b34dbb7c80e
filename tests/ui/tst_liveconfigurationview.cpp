#include "core/liveconfiguration.h"
#include "server/gateway.h"
#include "support/gatewayfixture.h"
#include "support/stationpeer.h"
#include "ui/shell/consolestate.h"
#include "ui/stations/liveconfigurationview.h"

#include <QFrame>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QPushButton>
#include <QStandardPaths>
#include <QTest>
#include <QTreeWidget>

using namespace ChargeDesk;
using namespace ChargeDesk::Core;
using namespace ChargeDesk::Ui;

namespace {

QString keyOf(const QString &protocol, const QString &name)
{
    for (const LiveParameter &p : LiveConfiguration::parameters()) {
        if (p.name == name)
            return p.keyFor(protocol);
    }
    return {};
}

// The row of `key` in any of the view's tabs, and the column under a heading.
QTreeWidgetItem *row(QWidget *view, const QString &key)
{
    for (QTreeWidget *tree : view->findChildren<QTreeWidget *>()) {
        for (int i = 0; i < tree->topLevelItemCount(); ++i) {
            if (tree->topLevelItem(i)->data(0, Qt::UserRole).toString() == key)
                return tree->topLevelItem(i);
        }
    }
    return nullptr;
}

int column(QTreeWidgetItem *item, const QString &heading)
{
    const QTreeWidgetItem *header = item->treeWidget()->headerItem();
    for (int c = 0; c < header->columnCount(); ++c) {
        if (header->text(c) == heading)
            return c;
    }
    return -1;
}

QString cell(QWidget *view, const QString &key, const QString &heading)
{
    QTreeWidgetItem *item = row(view, key);
    return item ? item->text(column(item, heading)) : QStringLiteral("<no row for %1>").arg(key);
}

// Every `action` call the station received so far, in order.
QList<QJsonObject> calls(Test::StationPeer &peer, const QString &action)
{
    QList<QJsonObject> out;
    for (const QJsonObject &line : peer.lines()) {
        if (line.value("event") == "call" && line.value("action") == action)
            out << line.value("params").toObject();
    }
    return out;
}

QJsonObject setVariable(const QString &component, const QString &variable, const QString &value)
{
    return {{"setVariableData", QJsonArray{QJsonObject{{"attributeValue", value},
                                                       {"component", QJsonObject{{"name", component}}},
                                                       {"variable", QJsonObject{{"name", variable}}}}}}};
}

// What a change of `key` to `value` looks like on the wire in each version.
QJsonObject changeCall(const QString &protocol, const QString &key, const QString &value)
{
    if (protocol == "ocpp1.6")
        return {{"key", key}, {"value", value}};
    return setVariable(key.section('/', 0, 0), key.section('/', 1), value);
}

} // namespace

// The live configuration window against an independent station (ocpp-rpc, strict mode) that
// holds real values: what is read shows up in the window, what is changed there arrives at the
// station exactly, the station's answers are shown, and the configuration check's fix works.
class TestLiveConfigurationView : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init();
    void cleanup();
    void readThenChangeInPlace_stationGetsExactlyTheChanges_answersShown_data();
    void readThenChangeInPlace_stationGetsExactlyTheChanges_answersShown();
    void check_flagsTheSampleInterval_fixSendsTheRecommendation_findingGoes_data();
    void check_flagsTheSampleInterval_fixSendsTheRecommendation_findingGoes();
    void stationNotConnected_isRefusedAndNothingIsSent();

private:
    void start(const QString &protocol, const QJsonObject &options);
    void clickAndWait(QPushButton *button);

    std::unique_ptr<Test::GatewayFixture> m_fx;
    std::unique_ptr<LiveConfiguration> m_live;
    std::unique_ptr<ConsoleState> m_console;
    std::unique_ptr<Services> m_services;
    std::unique_ptr<Test::StationPeer> m_peer;
    std::unique_ptr<LiveConfigurationView> m_view;
    qint64 m_station = 0;
};

void TestLiveConfigurationView::init()
{
    m_fx = std::make_unique<Test::GatewayFixture>();
    QVERIFY2(m_fx->isValid(), qPrintable(m_fx->error));
    m_live = std::make_unique<LiveConfiguration>(*m_fx->repo, *m_fx->gateway, m_fx->clock);
    m_console = std::make_unique<ConsoleState>();
    m_services =
        std::make_unique<Services>(Services{.gateway = m_fx->gateway.get(), .liveConfiguration = m_live.get()});
}

void TestLiveConfigurationView::cleanup()
{
    m_view.reset();
    m_peer.reset();
    m_services.reset();
    m_console.reset();
    m_live.reset();
    m_fx.reset();
}

void TestLiveConfigurationView::start(const QString &protocol, const QJsonObject &options)
{
    QVERIFY(m_fx->addStation("LIVE", protocol, "ws"));
    m_station = m_fx->repo->getByCode(Actor::system(), Tables::Stations, "LIVE").value().value("id").toLongLong();
    if (!options.isEmpty()) {
        m_peer = Test::StationPeer::start(*m_fx->gateway, m_station, m_fx->url("LIVE"), protocol, options, 60000);
        QVERIFY(m_peer);
    }
    m_view = std::make_unique<LiveConfigurationView>(
        PageContext{*m_fx->repo, Actor::system(), *m_console, *m_services, {}}, m_station);
    m_view->resize(1200, 700);
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
}

void TestLiveConfigurationView::clickAndWait(QPushButton *button)
{
    QVERIFY(button);
    QVERIFY2(button->isEnabled(), qPrintable(button->objectName()));
    QTest::mouseClick(button, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!m_view->isBusy(), 15000);
}

void TestLiveConfigurationView::readThenChangeInPlace_stationGetsExactlyTheChanges_answersShown_data()
{
    QTest::addColumn<QString>("protocol");
    QTest::newRow("1.6") << "ocpp1.6";
    QTest::newRow("2.0.1") << "ocpp2.0.1";
}

void TestLiveConfigurationView::readThenChangeInPlace_stationGetsExactlyTheChanges_answersShown()
{
    QFETCH(QString, protocol);
    const bool v16 = protocol == "ocpp1.6";
    const QString heartbeat = keyOf(protocol, "heartbeat_interval");
    const QString ping = keyOf(protocol, "websocket_ping_interval");
    const QString retries = keyOf(protocol, "reset_retries");
    const QString vendor = v16 ? "VendorLedBrightness" : "VendorCtrlr/LedBrightness";
    start(protocol, {{"values", QJsonObject{{heartbeat, "60"}, {ping, "0"}, {retries, "3"}, {vendor, "80"}}},
                     {"readonly", QJsonArray{retries}},
                     {"configuration", QJsonObject{{ping, "RebootRequired"}}}});
    QVERIFY(m_view->findChild<QLabel *>("connectionBadge")->text().contains("Connected"));
    QCOMPARE(m_view->findChild<QLabel *>("readNote") != nullptr, !v16);

    clickAndWait(m_view->findChild<QPushButton *>("readButton"));
    // 1.6 asks for every key; 2.0.1 for each of the catalogue's variables by name.
    const QList<QJsonObject> reads = calls(*m_peer, v16 ? "GetConfiguration" : "GetVariables");
    QCOMPARE(reads.size(), 1);
    if (v16)
        QCOMPARE(reads.first(), QJsonObject{});
    else
        QCOMPARE(reads.first().value("getVariableData").toArray().size(), LiveConfiguration::parameters().size());

    QCOMPARE(cell(m_view.get(), heartbeat, "Value"), QStringLiteral("60"));
    QCOMPARE(cell(m_view.get(), ping, "Value"), QStringLiteral("0"));
    QVERIFY(!cell(m_view.get(), heartbeat, "Read at").isEmpty());
    QCOMPARE(cell(m_view.get(), keyOf(protocol, "ev_connection_timeout"), "Value"),
             v16 ? QStringLiteral("not read") : QStringLiteral("Unknown variable"));
    if (v16) {
        QCOMPARE(cell(m_view.get(), retries, "Value"), QStringLiteral("3"));
        QVERIFY(!(row(m_view.get(), retries)->flags() & Qt::ItemIsEditable)); // read-only on the station
        // A key outside the catalogue is under Other keys.
        QCOMPARE(row(m_view.get(), vendor)->treeWidget()->objectName(), QStringLiteral("otherKeys"));
    } else {
        QCOMPARE(cell(m_view.get(), heartbeat, "Component"), QStringLiteral("OCPPCommCtrlr"));
        QCOMPARE(cell(m_view.get(), heartbeat, "Variable"), QStringLiteral("HeartbeatInterval"));
        QCOMPARE(cell(m_view.get(), heartbeat, "EVSE"), QString());
    }
    QVERIFY(m_view->findChild<QLabel *>("statusLine")->text().contains("read from the station"));

    // Two values changed in place, as a double-click and typing would.
    auto *send = m_view->findChild<QPushButton *>("sendButton");
    QVERIFY(!send->isEnabled());
    QTreeWidgetItem *heartbeatRow = row(m_view.get(), heartbeat);
    QVERIFY(heartbeatRow->flags() & Qt::ItemIsEditable);
    heartbeatRow->setText(column(heartbeatRow, "Value"), "30");
    QTreeWidgetItem *pingRow = row(m_view.get(), ping);
    pingRow->setText(column(pingRow, "Value"), "10");
    QCOMPARE(cell(m_view.get(), heartbeat, "Station's answer"), QStringLiteral("Not sent yet"));
    clickAndWait(send);

    const QString change = v16 ? "ChangeConfiguration" : "SetVariables";
    QCOMPARE(calls(*m_peer, change),
             (QList<QJsonObject>{changeCall(protocol, heartbeat, "30"), changeCall(protocol, ping, "10")}));
    QCOMPARE(cell(m_view.get(), heartbeat, "Station's answer"), QStringLiteral("Accepted"));
    QCOMPARE(cell(m_view.get(), ping, "Station's answer"), QStringLiteral("Reboot required"));
    // Read again after sending: the value the station holds now.
    QTRY_COMPARE(calls(*m_peer, v16 ? "GetConfiguration" : "GetVariables").size(), 2);
    QCOMPARE(cell(m_view.get(), heartbeat, "Value"), QStringLiteral("30"));
    QCOMPARE(cell(m_view.get(), ping, "Value"), QStringLiteral("0")); // not applied before a restart
    QCOMPARE(m_view->findChild<QLabel *>("statusLine")->text(),
             QStringLiteral("The station accepted 2 change(s). 1 change(s) take effect after the station restarts."));
    QVERIFY(!send->isEnabled());
}

void TestLiveConfigurationView::check_flagsTheSampleInterval_fixSendsTheRecommendation_findingGoes_data()
{
    readThenChangeInPlace_stationGetsExactlyTheChanges_answersShown_data();
}

void TestLiveConfigurationView::check_flagsTheSampleInterval_fixSendsTheRecommendation_findingGoes()
{
    QFETCH(QString, protocol);
    const bool v16 = protocol == "ocpp1.6";
    const QString interval = keyOf(protocol, "sampled_data_interval");
    const QString cache = keyOf(protocol, "authorization_cache_enabled");
    start(protocol, {{"values", QJsonObject{{interval, "300"}, {cache, "true"}}}});
    auto *summary = m_view->findChild<QLabel *>("checkSummary");
    QVERIFY(summary->text().startsWith("Read the configuration"));

    clickAndWait(m_view->findChild<QPushButton *>("readButton"));
    QCOMPARE(summary->text(), QStringLiteral("2 setting(s) differ from the recommendations."));
    auto *card = m_view->findChild<QFrame *>("finding_" + interval);
    QVERIFY(card);
    QVERIFY(m_view->findChild<QFrame *>("finding_" + cache));
    QCOMPARE(card->findChild<QLabel *>("findingChange")->text(),
             QStringLiteral("Station: <b>300</b> &nbsp;→&nbsp; recommended: <b>15</b>"));
    QVERIFY(!card->findChild<QLabel *>("findingWhy")->text().isEmpty());
    QVERIFY(m_view->findChild<QPushButton *>("fixAllButton")->isVisible());

    clickAndWait(card->findChild<QPushButton *>("fixButton"));
    QCOMPARE(calls(*m_peer, v16 ? "ChangeConfiguration" : "SetVariables"),
             QList<QJsonObject>{changeCall(protocol, interval, "15")});
    // Read again: the station now reports 15 and the finding is gone; the other stays.
    QTRY_VERIFY(!m_view->findChild<QFrame *>("finding_" + interval));
    QCOMPARE(cell(m_view.get(), interval, "Value"), QStringLiteral("15"));
    QCOMPARE(cell(m_view.get(), interval, "Station's answer"), QStringLiteral("Accepted"));
    QVERIFY(m_view->findChild<QFrame *>("finding_" + cache));
    QCOMPARE(summary->text(), QStringLiteral("1 setting(s) differ from the recommendations."));

    clickAndWait(m_view->findChild<QFrame *>("finding_" + cache)->findChild<QPushButton *>("fixButton"));
    QTRY_COMPARE(summary->text(), QStringLiteral("Every setting that was read follows the recommendations."));
    QCOMPARE(calls(*m_peer, v16 ? "ChangeConfiguration" : "SetVariables").last(), changeCall(protocol, cache, "false"));
}

void TestLiveConfigurationView::stationNotConnected_isRefusedAndNothingIsSent()
{
    const QString protocol = "ocpp1.6";
    start(protocol, {{"values", QJsonObject{{"HeartbeatInterval", "60"}}}});
    clickAndWait(m_view->findChild<QPushButton *>("readButton"));
    QTreeWidgetItem *heartbeat = row(m_view.get(), "HeartbeatInterval");
    heartbeat->setText(column(heartbeat, "Value"), "30");

    m_peer->kill();
    QTRY_VERIFY_WITH_TIMEOUT(!m_fx->gateway->isConnected(m_station), 10000);
    auto *status = m_view->findChild<QLabel *>("statusLine");
    const QString refused = "LIVE is not connected, so nothing was sent. Its configuration can be read and changed "
                            "only while it is connected.";
    QTest::mouseClick(m_view->findChild<QPushButton *>("sendButton"), Qt::LeftButton);
    QCOMPARE(status->text(), refused);
    QVERIFY(!m_view->isBusy());
    QTest::mouseClick(m_view->findChild<QPushButton *>("readButton"), Qt::LeftButton);
    QCOMPARE(status->text(), refused);
    auto *badge = m_view->findChild<QLabel *>("connectionBadge");
    QTRY_COMPARE(badge->text(), QStringLiteral("● Not connected"));
    QVERIFY(calls(*m_peer, "ChangeConfiguration").isEmpty());
    QCOMPARE(calls(*m_peer, "GetConfiguration").size(), 1);
    // The edit is kept for when the station is back.
    QCOMPARE(cell(m_view.get(), "HeartbeatInterval", "Value"), QStringLiteral("30"));

    // Back again, the station gets the next read and nothing of what was refused: a change kept
    // for the reconnect would have gone out before the read.
    m_peer = Test::StationPeer::start(*m_fx->gateway, m_station, m_fx->url("LIVE"), protocol,
                                      {{"values", QJsonObject{{"HeartbeatInterval", "60"}}}}, 60000);
    QVERIFY(m_peer);
    QTRY_VERIFY(badge->text().contains("Connected"));
    clickAndWait(m_view->findChild<QPushButton *>("readButton"));
    QCOMPARE(calls(*m_peer, "GetConfiguration").size(), 1);
    QVERIFY(calls(*m_peer, "ChangeConfiguration").isEmpty());
}

QTEST_MAIN(TestLiveConfigurationView)
#include "tst_liveconfigurationview.moc"
