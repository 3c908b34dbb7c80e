#include "core/catalog.h"
#include "support/gatewayfixture.h"
#include "support/screenshots.h"
#include "support/stationpeer.h"
#include "support/testdata.h"
#include "ui/stations/ocppframes.h"
#include "ui/stations/ocpplogview.h"
#include "ui/widgets/recordtablemodel.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>
#include <QVBoxLayout>

using namespace ChargeDesk;
using namespace ChargeDesk::Core;
using namespace ChargeDesk::Ui;

namespace {

const qint64 T0 = QDateTime(QDate(2026, 3, 2), QTime(9, 0), QTimeZone::utc()).toMSecsSinceEpoch();
const QByteArray BootCall =
    R"([2,"b-1","BootNotification",{"chargePointVendor":"VendorX","chargePointModel":"M1","meta":{"a":[1,true,null]},"empty":{}}])";
const QByteArray BootResult = R"([3,"b-1",{"status":"Accepted","currentTime":"2026-03-02T09:00:00Z","interval":300}])";

} // namespace

// The OCPP log viewer over frames written by the real message log, and over the traffic of an
// independent charge point (ocpp-rpc).
class TestOcppLogView : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void frames_appearInOrder_andLiveAfterWritten_keepingTheSelection();
    void timeRangeAndSearch_narrowToExactRows();
    void call_isPairedWithItsResult_showingTheRoundTrip();
    void selectedFrame_showsItsPayloadAsIndentedJson();
    void csvExport_writesTheFramesExactly();
    void sessionScope_showsOnlyThatSessionsFrames();
    void manyFrames_scrollToTheEnd_readingOnlyPages();
    void chargePointBoots_itsCallAndResultArePairedInTheStationLog();
    void screenshot_forReview();

private:
    void frame(qint64 station, qint64 at, bool in, int type, const QString &id, const QString &action,
               const QByteArray &payload, qint64 session = 0, const QString &errorCode = {},
               const QString &errorDescription = {});
    QString cell(OcppLogView &view, int row, int column);
    qint64 idOf(const QString &messageId, int type);

    std::unique_ptr<Test::GatewayFixture> m_fx;
    qint64 m_station = 0;
    qint64 m_other = 0;
};

void TestOcppLogView::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    qInfo("storage backend: %s", qPrintable(Test::backend()));
}

void TestOcppLogView::init()
{
    m_fx = std::make_unique<Test::GatewayFixture>();
    QVERIFY2(m_fx->isValid(), qPrintable(m_fx->error));
    m_station = Test::createStation(*m_fx->repo, m_fx->areaId, "LOG-1");
    m_other = Test::createStation(*m_fx->repo, m_fx->areaId, "LOG-2");
    QVERIFY(m_station && m_other);
}

void TestOcppLogView::cleanup()
{
    m_fx.reset();
}

void TestOcppLogView::frame(qint64 station, qint64 at, bool in, int type, const QString &id, const QString &action,
                            const QByteArray &payload, qint64 session, const QString &errorCode,
                            const QString &errorDescription)
{
    m_fx->log->append({station, session, at, in, type, id, action, payload, errorCode, errorDescription});
}

QString TestOcppLogView::cell(OcppLogView &view, int row, int column)
{
    return view.view().model()->index(row, column).data().toString();
}

qint64 TestOcppLogView::idOf(const QString &messageId, int type)
{
    ListQuery q;
    q.filters << ListQuery::Filter{"message_id", ListQuery::Filter::Op::Equals, messageId}
              << ListQuery::Filter{"message_type", ListQuery::Filter::Op::Equals, type};
    const auto rows = m_fx->repo->list(Actor::system(), Tables::OcppMessages, q);
    return rows && !rows.value().isEmpty() ? rows.value().first().value("id").toLongLong() : 0;
}

void TestOcppLogView::frames_appearInOrder_andLiveAfterWritten_keepingTheSelection()
{
    frame(m_station, T0 + 1000, false, 2, "h-1", "Heartbeat", R"([2,"h-1","Heartbeat",{}])");
    frame(m_station, T0, true, 2, "b-1", "BootNotification", BootCall);
    frame(m_other, T0 + 500, true, 2, "x-1", "Heartbeat", R"([2,"x-1","Heartbeat",{}])");
    QVERIFY(m_fx->log->flush().ok());

    OcppLogView view(*m_fx->repo, Actor::system(), m_fx->log.get(), OcppLogView::Scope::station(m_station));
    QAbstractItemModelTester tester(view.view().model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    view.resize(1200, 600);
    view.show();
    QCOMPARE(view.view().model()->rowCount(), 2);
    const QString bootTime =
        QDateTime::fromMSecsSinceEpoch(T0, QTimeZone::utc()).toLocalTime().toString("yyyy-MM-dd HH:mm:ss.zzz");
    QCOMPARE(cell(view, 0, 0), bootTime);
    QCOMPARE(cell(view, 0, 1), QStringLiteral("From station"));
    QCOMPARE(cell(view, 0, 2), QStringLiteral("CALL"));
    QCOMPARE(cell(view, 0, 3), QStringLiteral("BootNotification"));
    QCOMPARE(cell(view, 0, 4), QStringLiteral("b-1"));
    QCOMPARE(cell(view, 0, 5), QStringLiteral("chargePointVendor: \"VendorX\", chargePointModel: \"M1\", meta: {…}, "
                                              "empty: {…}"));
    QCOMPARE(cell(view, 1, 1), QStringLiteral("To station"));
    QVERIFY(!view.view().model()->index(0, 1).data(Qt::DecorationRole).value<QIcon>().isNull());
    QCOMPARE(view.findChild<QLabel *>("summary")->text(), QStringLiteral("2 frames"));

    // The boot frame selected; new frames arrive as the log writes them, without a reset.
    QVERIFY(view.selectFrame(idOf("b-1", 2)));
    QSignalSpy resets(view.view().model(), &QAbstractItemModel::modelReset);
    frame(m_station, T0 + 2000, true, 3, "h-1", "Heartbeat", R"([3,"h-1",{"currentTime":"2026-03-02T09:00:02Z"}])");
    frame(m_other, T0 + 2000, true, 2, "x-2", "Heartbeat", R"([2,"x-2","Heartbeat",{}])");
    QVERIFY(m_fx->log->flush().ok());
    QCOMPARE(view.view().model()->rowCount(), 3);
    QCOMPARE(cell(view, 2, 2), QStringLiteral("RESULT"));
    QCOMPARE(resets.size(), 0);
    QCOMPARE(view.currentFrameId(), idOf("b-1", 2));
    QCOMPARE(view.view().currentIndex().row(), 0);
    QCOMPARE(view.findChild<QLabel *>("summary")->text(), QStringLiteral("3 frames"));
}

void TestOcppLogView::timeRangeAndSearch_narrowToExactRows()
{
    frame(m_station, T0, true, 2, "b-1", "BootNotification", BootCall);
    frame(m_station, T0 + 60'000, true, 2, "s-1", "StatusNotification",
          R"([2,"s-1","StatusNotification",{"connectorId":1,"status":"Available","errorCode":"NoError"}])");
    frame(m_station, T0 + 120'000, true, 2, "s-2", "StatusNotification",
          R"([2,"s-2","StatusNotification",{"connectorId":2,"status":"Faulted","errorCode":"GroundFailure"}])");
    frame(m_station, T0 + 180'000, false, 3, "s-2", "StatusNotification", R"([3,"s-2",{}])");
    QVERIFY(m_fx->log->flush().ok());
    OcppLogView view(*m_fx->repo, Actor::system(), m_fx->log.get(), OcppLogView::Scope::station(m_station));
    const auto ids = [&view] {
        QStringList found;
        for (int r = 0; r < view.view().model()->rowCount(); ++r)
            found << view.view().model()->index(r, 4).data().toString() + "/" +
                         view.view().model()->index(r, 2).data().toString();
        return found;
    };
    QCOMPARE(ids().size(), 4);
    const auto at = [](qint64 ms) {
        return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc());
    };
    view.setTimeRange(at(T0 + 60'000), at(T0 + 180'000)); // from inclusive, until exclusive
    QCOMPARE(ids(), (QStringList{"s-1/CALL", "s-2/CALL"}));
    QCOMPARE(view.findChild<QLabel *>("summary")->text(), QStringLiteral("2 frames match the filters"));
    view.setTimeRange({}, {});
    view.setSearch("groundfailure"); // in a payload, any case
    QCOMPARE(ids(), QStringList{"s-2/CALL"});
    view.setSearch("s-2"); // a message id: the call and its answer
    QCOMPARE(ids(), (QStringList{"s-2/CALL", "s-2/RESULT"}));
    view.setSearch("Boot"); // an action
    QCOMPARE(ids(), QStringList{"b-1/CALL"});
    view.setSearch("%"); // taken literally
    QCOMPARE(ids(), QStringList{});
    view.setSearch("status");
    view.setTimeRange(at(T0 + 100'000), {});
    QCOMPARE(ids(), (QStringList{"s-2/CALL", "s-2/RESULT"}));
}

void TestOcppLogView::call_isPairedWithItsResult_showingTheRoundTrip()
{
    frame(m_station, T0, true, 2, "b-1", "BootNotification", BootCall);
    frame(m_station, T0 + 10, true, 2, "h-9", "Heartbeat", R"([2,"h-9","Heartbeat",{}])");
    // The answer logged without an action (as for a frame that came back unmatched).
    frame(m_station, T0 + 42, false, 3, "b-1", {}, BootResult);
    frame(m_station, T0 + 50, false, 4, "h-9", "Heartbeat", R"([4,"h-9","InternalError","Broken",{}])", 0,
          "InternalError", "Broken");
    QVERIFY(m_fx->log->flush().ok());
    OcppLogView view(*m_fx->repo, Actor::system(), m_fx->log.get(), OcppLogView::Scope::station(m_station));
    view.resize(1200, 600);
    view.show();
    QCOMPARE(cell(view, 2, 3), QStringLiteral("BootNotification")); // the answered call's action
    QCOMPARE(cell(view, 3, 2), QStringLiteral("ERROR"));

    const qint64 call = idOf("b-1", 2);
    const qint64 result = idOf("b-1", 3);
    QVERIFY(view.selectFrame(call));
    QCOMPARE(view.pairedFrameId(), result);
    QCOMPARE(view.findChild<QLabel *>("pairText")->text(), QStringLiteral("Answered with RESULT after 42 ms"));
    QCOMPARE(view.view().model()->index(2, 0).data(Qt::BackgroundRole).isValid(), true);
    QCOMPARE(view.view().model()->index(1, 0).data(Qt::BackgroundRole).isValid(), false);
    QTest::mouseClick(view.findChild<QPushButton *>("goToPair"), Qt::LeftButton);
    QCOMPARE(view.currentFrameId(), result);
    QCOMPARE(view.view().currentIndex().row(), 2);
    QCOMPARE(view.pairedFrameId(), call);
    QCOMPARE(view.findChild<QLabel *>("pairText")->text(), QStringLiteral("Answers the CALL of 42 ms before"));
    QCOMPARE(view.findChild<QLabel *>("frameTitle")->text(), QStringLiteral("BootNotification · RESULT"));

    QVERIFY(view.selectFrame(idOf("h-9", 2)));
    QCOMPARE(view.findChild<QLabel *>("pairText")->text(), QStringLiteral("Answered with ERROR after 40 ms"));
    QVERIFY(view.selectFrame(idOf("h-9", 4)));
    QCOMPARE(view.findChild<QLabel *>("frameError")->text(), QStringLiteral("InternalError: Broken"));
}

void TestOcppLogView::selectedFrame_showsItsPayloadAsIndentedJson()
{
    frame(m_station, T0, true, 2, "b-1", "BootNotification", BootCall);
    QVERIFY(m_fx->log->flush().ok());
    OcppLogView view(*m_fx->repo, Actor::system(), m_fx->log.get(), OcppLogView::Scope::station(m_station));
    QCOMPARE(view.jsonText(), QString());
    QVERIFY(view.selectFrame(idOf("b-1", 2)));
    QCOMPARE(view.jsonText(), QStringLiteral("{\n"
                                             "  \"chargePointVendor\": \"VendorX\",\n"
                                             "  \"chargePointModel\": \"M1\",\n"
                                             "  \"meta\": {\n"
                                             "    \"a\": [\n"
                                             "      1,\n"
                                             "      true,\n"
                                             "      null\n"
                                             "    ]\n"
                                             "  },\n"
                                             "  \"empty\": {}\n"
                                             "}"));
    // Keys and values are coloured; an escaped quote stays inside its string.
    QVERIFY(OcppFrames::prettyHtml(BootCall, false)
                .contains("<span style=\"color:#0b4f9c\">&quot;chargePointVendor&quot;"));
    const QByteArray escaped = "{\"a\":\"x\\\"y,z\"}";
    QCOMPARE(OcppFrames::pretty(escaped), QStringLiteral("{\n  \"a\": \"x\\\"y,z\"\n}"));
    const QByteArray error = "[4,\"e\",\"NotImplemented\",\"No\",{\"k\":1}]";
    QCOMPARE(OcppFrames::payloadOf(error), QByteArray("{\"k\":1}"));
    QCOMPARE(OcppFrames::pretty("not json"), QString());
}

void TestOcppLogView::csvExport_writesTheFramesExactly()
{
    frame(m_station, T0, true, 2, "b-1", "BootNotification", R"([2,"b-1","BootNotification",{"a":"x, y"}])");
    frame(m_station, T0 + 42, false, 3, "b-1", "BootNotification", R"([3,"b-1",{"status":"Accepted"}])");
    QVERIFY(m_fx->log->flush().ok());
    OcppLogView view(*m_fx->repo, Actor::system(), m_fx->log.get(), OcppLogView::Scope::station(m_station));
    QTemporaryDir dir;
    const QString file = dir.filePath("log.csv");
    QVERIFY(view.exportCsv(file));
    QFile csv(file);
    QVERIFY(csv.open(QIODevice::ReadOnly));
    QCOMPARE(csv.readAll(), QByteArray("\xEF\xBB\xBF"
                                       "Time,Direction,Type,Action,Message ID,Payload\r\n"
                                       "2026-03-02T09:00:00.000Z,in,CALL,BootNotification,b-1,"
                                       "\"[2,\"\"b-1\"\",\"\"BootNotification\"\",{\"\"a\"\":\"\"x, y\"\"}]\"\r\n"
                                       "2026-03-02T09:00:00.042Z,out,RESULT,BootNotification,b-1,"
                                       "\"[3,\"\"b-1\"\",{\"\"status\"\":\"\"Accepted\"\"}]\"\r\n"));
}

void TestOcppLogView::sessionScope_showsOnlyThatSessionsFrames()
{
    const qint64 charger = m_fx->repo
                               ->create(Actor::system(), Tables::Chargers,
                                        {{"code", "LOG-1-C1"},
                                         {"name", "Charger"},
                                         {"station_id", m_station},
                                         {"current_type", "ac_three_phase"}})
                               .value();
    QList<qint64> connectors;
    for (int n : {1, 2})
        connectors << m_fx->repo
                          ->create(Actor::system(), Tables::Connectors,
                                   {{"code", QString::number(n)},
                                    {"name", QString::number(n)},
                                    {"charger_id", charger},
                                    {"connector_number", n}})
                          .value();
    const auto newSession = [this](const QString &code, qint64 connector) {
        const auto id = m_fx->repo->create(
            Actor::system(), Tables::Sessions,
            {{"code", code}, {"status", "closed"}, {"authorization_mode", "public_free"}, {"connector_id", connector}});
        return id ? id.value() : 0;
    };
    const qint64 mine = newSession("S-MINE", connectors.at(0));
    const qint64 theirs = newSession("S-THEIRS", connectors.at(1));
    QVERIFY(mine && theirs);
    const qint64 opened =
        m_fx->repo->get(Actor::system(), Tables::Sessions, mine).value().value("created_at").toLongLong();
    QVERIFY(m_fx->repo->update(Actor::system(), Tables::Sessions, mine, {{"ended_at", opened + 600'000}}).ok());

    frame(m_station, opened - 5'000, true, 2, "before", "Authorize", R"([2,"before","Authorize",{}])");
    frame(m_station, opened + 1'000, true, 2, "inside", "StartTransaction", R"([2,"inside","StartTransaction",{}])");
    frame(m_station, opened + 2'000, true, 2, "tagged", "MeterValues", R"([2,"tagged","MeterValues",{}])", mine);
    frame(m_station, opened + 3'000, true, 2, "theirs", "MeterValues", R"([2,"theirs","MeterValues",{}])", theirs);
    frame(m_other, opened + 4'000, true, 2, "elsewhere", "Heartbeat", R"([2,"elsewhere","Heartbeat",{}])");
    frame(m_station, opened + 630'000, true, 2, "grace", "StopTransaction", R"([2,"grace","StopTransaction",{}])");
    frame(m_station, opened + 700'000, true, 2, "after", "Heartbeat", R"([2,"after","Heartbeat",{}])");
    QVERIFY(m_fx->log->flush().ok());

    OcppLogView view(*m_fx->repo, Actor::system(), m_fx->log.get(), OcppLogView::Scope::session(mine));
    QStringList found;
    for (int r = 0; r < view.view().model()->rowCount(); ++r)
        found << cell(view, r, 4);
    QCOMPARE(found, (QStringList{"inside", "tagged", "grace"}));
}

void TestOcppLogView::manyFrames_scrollToTheEnd_readingOnlyPages()
{
    for (int i = 0; i < 100'000; ++i)
        m_fx->log->append({m_station,
                           0,
                           T0 + i,
                           i % 2 == 0,
                           2,
                           QStringLiteral("m-%1").arg(i),
                           "Heartbeat",
                           QByteArray("[2,\"m\",\"Heartbeat\",{}]"),
                           {},
                           {}});
    QVERIFY(m_fx->log->flush().ok());
    OcppLogView view(*m_fx->repo, Actor::system(), m_fx->log.get(), OcppLogView::Scope::station(m_station));
    view.resize(1200, 600);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QCOMPARE(view.view().model()->rowCount(), 100'000);
    // It opens at the latest frames, and a jump to the middle reads one more page.
    QTRY_VERIFY(view.view().verticalScrollBar()->value() == view.view().verticalScrollBar()->maximum());
    QCOMPARE(cell(view, 99'999, 4), QStringLiteral("m-99999"));
    const int pagesAtTheEnd = view.model().pagesInMemory();
    view.view().verticalScrollBar()->setValue(view.view().verticalScrollBar()->maximum() / 2);
    view.view().viewport()->repaint(); // the middle rows painted now, as the user sees them
    QVERIFY(view.model().pagesInMemory() > pagesAtTheEnd);
    QVERIFY(view.model().pagesInMemory() <= 4);
}

void TestOcppLogView::chargePointBoots_itsCallAndResultArePairedInTheStationLog()
{
    OcppLogView view(*m_fx->repo, Actor::system(), m_fx->log.get(), OcppLogView::Scope::station(m_station));
    view.resize(1200, 600);
    view.show();
    QCOMPARE(view.view().model()->rowCount(), 0);
    const auto peer =
        Test::StationPeer::start(*m_fx->gateway, m_station, m_fx->url("LOG-1"), "ocpp1.6", QJsonObject{{"boot", true}});
    QVERIFY(peer);
    // Live: the boot and its answer appear as the log writes them.
    int callRow = -1;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            for (int r = 0; r < view.view().model()->rowCount(); ++r)
                if (cell(view, r, 3) == "BootNotification" && cell(view, r, 2) == "CALL")
                    callRow = r;
            return callRow >= 0 && callRow + 1 < view.view().model()->rowCount();
        }(),
        10000);
    QCOMPARE(cell(view, callRow, 1), QStringLiteral("From station"));
    const QString messageId = cell(view, callRow, 4);
    QVERIFY(view.selectFrame(idOf(messageId, 2)));
    QCOMPARE(view.pairedFrameId(), idOf(messageId, 3));
    QVERIFY(view.findChild<QLabel *>("pairText")->text().startsWith("Answered with RESULT after "));
    QVERIFY(view.jsonText().contains("\"chargePointVendor\": \"ChargeDesk tests\""));
    QTest::mouseClick(view.findChild<QPushButton *>("goToPair"), Qt::LeftButton);
    QCOMPARE(cell(view, view.view().currentIndex().row(), 1), QStringLiteral("To station"));
    QVERIFY(view.jsonText().contains("\"status\": \"Accepted\""));
}

// Not a check: for a person to look at (screenshots.h), the log of a charge point's real
// traffic as someone reviewing the window sees it.
void TestOcppLogView::screenshot_forReview()
{
    if (!Test::takingScreenshots())
        return;
    const auto peer = Test::StationPeer::start(*m_fx->gateway, m_station, m_fx->url("LOG-1"), "ocpp1.6",
                                               QJsonObject{{"boot", true}, {"sendTriggered", true}});
    QVERIFY(peer);
    // One command after the other, each once the station answered the one before.
    const auto send = [this](Command::Kind kind, const QVariantMap &args) {
        auto answered = std::make_shared<bool>(false);
        m_fx->gateway->send(m_station, Command{kind, args}, [answered](const CommandResult &) { *answered = true; });
        QTRY_VERIFY(*answered);
    };
    send(Command::Kind::TriggerMessage, {{"message", "status"}, {"connector", 1}});
    send(Command::Kind::GetConfiguration, {{"keys", QStringList{"HeartbeatInterval"}}});
    send(Command::Kind::TriggerMessage, {{"message", "heartbeat"}});
    send(Command::Kind::ClearCache, {});
    send(Command::Kind::ChangeConfiguration, {{"key", "MeterValueSampleInterval"}, {"value", "60"}});
    send(Command::Kind::TriggerMessage, {{"message", "status"}, {"connector", 2}});
    // The station sent what was triggered (two statuses and a heartbeat) and had its answers.
    const auto sent = [&peer](const QString &action) {
        const QList<QJsonObject> lines = peer->lines();
        return std::count_if(lines.cbegin(), lines.cend(), [&action](const QJsonObject &line) {
            return line.value("event") == "sent" && line.value("action") == action;
        });
    };
    QTRY_VERIFY(sent("StatusNotification") == 2 && sent("Heartbeat") == 1);
    QVERIFY(m_fx->log->flush().ok());

    QWidget window;
    window.setWindowTitle("OCPP log: LOG-1");
    auto *layout = new QVBoxLayout(&window);
    auto *view = new OcppLogView(*m_fx->repo, Actor::system(), m_fx->log.get(), OcppLogView::Scope::station(m_station));
    layout->addWidget(view);
    window.resize(1500, 760);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(view->selectFrame(idOf(cell(*view, 0, 4), 2)));
    Test::screenshot(&window, "ocpplog");
}

QTEST_MAIN(TestOcppLogView)
#include "tst_ocpplogview.moc"
