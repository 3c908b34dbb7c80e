#include "core/chargingsessions.h"
#include "core/stationservice.h"
#include "support/screenshots.h"
#include "support/sessionengine.h"
#include "ui/sessions/durationbar.h"
#include "ui/sessions/meterchart.h"
#include "ui/sessions/sessionview.h"
#include "ui/shell/mainwindow.h"
#include "ui/widgets/listpage.h"
#include "ui/widgets/recordtablemodel.h"
#include "ui/widgets/valueformat.h"

#include <QAbstractItemModelTester>
#include <QAbstractSeries>
#include <QChart>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>
#include <QTreeWidget>
#include <QValueAxis>

using namespace ChargeDesk;
using namespace ChargeDesk::Core;
using Ui::MeterChart;
using Ui::Quantity;
using Ui::SessionView;

// The session view over the real session engine: the readings a charger reports become the
// chart's points (also while the view is open), discarded readings are listed with their
// reason, the duration scopes and the rating breakdown match the session.
class TestSessionView : public Test::SessionEngineFixture
{
    Q_OBJECT

private slots:
    void charts_haveThePointsThatWereSent_andGrowLive();
    void powerChart_drawsOfferedPowerLimitsSentAndEnergy_andReadsThemOut();
    void powerChart_zoomedByTheUser_staysWhereItIs_untilDoubleClicked();
    void discardedReading_isListedWithItsReason();
    void troubleshootingBadge_explainsTheFix();
    void breakdown_estimatesWhileRunning_thenShowsTheStoredRating();
    void durations_countOnWhileTheConnectorStaysCharging();
    void withoutSessionControl_noActions_butTheStatusShows();
    void operatorOfAnotherNetwork_seesNothing();
    void sessionsSection_listsLive_andOpensTheViewInADock();

private:
    void samples(const QString &transactionId, const QDateTime &at, const QList<std::pair<QString, double>> &values);
    static QList<QPointF> points(const SessionView &view, Quantity quantity, const QString &phase = {});
    // A SetChargingProfile call to the station as the message log keeps it.
    void logCall(const QDateTime &at, const QJsonObject &payload);
};

void TestSessionView::logCall(const QDateTime &at, const QJsonObject &payload)
{
    const QByteArray frame =
        QJsonDocument(QJsonArray{2, QStringLiteral("m%1").arg(at.toSecsSinceEpoch()), "SetChargingProfile", payload})
            .toJson(QJsonDocument::Compact);
    const auto id = m_repo->create(Actor::system(), Tables::OcppMessages,
                                   {{"station_id", m_stationId},
                                    {"at", at.toMSecsSinceEpoch()},
                                    {"direction", "out"},
                                    {"message_type", 2},
                                    {"message_id", QStringLiteral("m%1").arg(at.toSecsSinceEpoch())},
                                    {"action", "SetChargingProfile"},
                                    {"payload", QString::fromUtf8(frame)}});
    QVERIFY2(id, qPrintable(id ? QString() : id.error().message()));
}

namespace {

// A TxProfile as load balancing sends it, in the shape of either OCPP version.
QJsonObject txProfile(const QString &transactionId, const QString &unit, double limit, bool v16)
{
    QJsonObject period{{"startPeriod", 0}, {"limit", limit}};
    if (unit == QLatin1String("A"))
        period.insert(QStringLiteral("numberPhases"), 3);
    const QJsonObject schedule{{"chargingRateUnit", unit}, {"chargingSchedulePeriod", QJsonArray{period}}};
    QJsonObject profile{
        {"stackLevel", 1}, {"chargingProfilePurpose", "TxProfile"}, {"chargingProfileKind", "Absolute"}};
    if (v16) {
        profile.insert(QStringLiteral("transactionId"), transactionId.toLongLong());
        profile.insert(QStringLiteral("chargingSchedule"), schedule);
        return {{"connectorId", 1}, {"csChargingProfiles", profile}};
    }
    profile.insert(QStringLiteral("transactionId"), transactionId);
    profile.insert(QStringLiteral("chargingSchedule"), QJsonArray{schedule});
    return {{"evseId", 1}, {"chargingProfile", profile}};
}

} // namespace

void TestSessionView::samples(const QString &transactionId, const QDateTime &at,
                              const QList<std::pair<QString, double>> &values)
{
    m_clock->set(at);
    QList<MeterSample> list;
    for (const auto &[measurand, value] : values) {
        MeterSample s;
        s.at = at;
        s.measurand = measurand;
        s.value = value;
        if (measurand.contains(QLatin1Char('/'))) { // "Current.Import/L2": a phase
            s.measurand = measurand.section(QLatin1Char('/'), 0, 0);
            s.phase = measurand.section(QLatin1Char('/'), 1);
        }
        list << s;
    }
    const Status s = m_sessions->meterValues({m_stationId, 1, 1}, transactionId, list);
    QVERIFY2(s, qPrintable(s ? QString() : s.error().message()));
}

QList<QPointF> TestSessionView::points(const SessionView &view, Quantity quantity, const QString &phase)
{
    return view.chart(int(quantity))->points(quantity).value(phase);
}

void TestSessionView::charts_haveThePointsThatWereSent_andGrowLive()
{
    driver(QStringLiteral("TAG1"));
    const StartedTransaction tx = start(QStringLiteral("TAG1"), t(0), 10'000);
    QVERIFY(tx.sessionId);
    samples(tx.transactionId, t(60),
            {{"Energy.Active.Import.Register", 11'000},
             {"Power.Active.Import", 7'400},
             {"SoC", 40},
             {"Current.Import/L1", 32},
             {"Current.Import/L2", 31}});
    samples(tx.transactionId, t(120), {{"Energy.Active.Import.Register", 12'500}, {"Power.Active.Import", 11'000}});

    SessionView view(*m_repo, Actor::system(), tx.sessionId, {});
    const double t0 = double(t(0).toMSecsSinceEpoch());
    const double t60 = double(t(60).toMSecsSinceEpoch());
    const double t120 = double(t(120).toMSecsSinceEpoch());
    const double t180 = double(t(180).toMSecsSinceEpoch());
    // Energy is what the session delivered since its start reading of 10,000 Wh (stored as
    // the transaction's begin reading), in kWh.
    QCOMPARE(points(view, Quantity::Energy), (QList<QPointF>{{t0, 0.0}, {t60, 1.0}, {t120, 2.5}}));
    QCOMPARE(points(view, Quantity::Power), (QList<QPointF>{{t60, 7.4}, {t120, 11.0}}));
    QCOMPARE(points(view, Quantity::Soc), (QList<QPointF>{{t60, 40}}));
    QCOMPARE(points(view, Quantity::Current, QStringLiteral("L1")), (QList<QPointF>{{t60, 32}}));
    QCOMPARE(points(view, Quantity::Current, QStringLiteral("L2")), (QList<QPointF>{{t60, 31}}));
    QVERIFY(points(view, Quantity::Voltage).isEmpty());
    QCOMPARE(view.findChild<QLabel *>(QStringLiteral("fact_energy"))->text(), QStringLiteral("2.50 kWh"));

    // A reading that arrives while the view is open is drawn without anyone refreshing it.
    samples(tx.transactionId, t(180), {{"Energy.Active.Import.Register", 14'000}, {"Power.Active.Import", 9'000}});
    QCOMPARE(points(view, Quantity::Energy).size(), 4);
    QCOMPARE(points(view, Quantity::Energy).last(), QPointF(t180, 4.0));
    QCOMPARE(points(view, Quantity::Power).last(), QPointF(t180, 9.0));
    QCOMPARE(view.findChild<QLabel *>(QStringLiteral("fact_energy"))->text(), QStringLiteral("4.00 kWh"));
    QVERIFY(view.findChild<QLabel *>(QStringLiteral("fact_power"))->text().startsWith(QStringLiteral("9.0 kW")));
}

void TestSessionView::powerChart_drawsOfferedPowerLimitsSentAndEnergy_andReadsThemOut()
{
    driver(QStringLiteral("TAG1"));
    const StartedTransaction tx = start(QStringLiteral("TAG1"), t(0), 10'000);
    samples(tx.transactionId, t(60),
            {{"Energy.Active.Import.Register", 11'000}, {"Power.Active.Import", 7'400}, {"Power.Offered", 11'000}});
    logCall(t(30), txProfile(tx.transactionId, QStringLiteral("A"), 16, true));         // 16 A on three phases
    logCall(t(40), txProfile(QStringLiteral("999"), QStringLiteral("W"), 1'000, true)); // another transaction
    logCall(t(90), txProfile(tx.transactionId, QStringLiteral("W"), 7'000, false));

    SessionView view(*m_repo, Actor::system(), tx.sessionId, {});
    Ui::MeterChart *chart = view.chart(int(Quantity::Power));
    // One chart: what was drawn, what the charger offered, what it was allowed, and the energy.
    QCOMPARE(view.chart(int(Quantity::PowerOffered)), chart);
    QCOMPARE(view.chart(int(Quantity::Energy)), chart);
    QCOMPARE(points(view, Quantity::PowerOffered), (QList<QPointF>{{double(t(60).toMSecsSinceEpoch()), 11.0}}));
    const double t30 = double(t(30).toMSecsSinceEpoch());
    const double t90 = double(t(90).toMSecsSinceEpoch());
    QCOMPARE(chart->limitPoints(), (QList<QPointF>{{t30, 11.04}, {t90, 11.04}, {t90, 7.0}}));
    // Energy has the right axis to itself, so kWh never share a scale with kW.
    QCOMPARE(chart->chart()->axes(Qt::Vertical).size(), 2);
    for (QAbstractSeries *series : chart->chart()->series()) {
        const bool energy = series->name() == QLatin1String("Energy");
        QCOMPARE(series->attachedAxes().last()->alignment(), energy ? Qt::AlignRight : Qt::AlignLeft);
    }

    const QString readout = chart->readoutAt(double(t(61).toMSecsSinceEpoch()));
    QVERIFY2(readout.contains(QStringLiteral("Power drawn: 7.4 kW")), qPrintable(readout));
    QVERIFY2(readout.contains(QStringLiteral("Power offered: 11.0 kW")), qPrintable(readout));
    QVERIFY2(readout.contains(QStringLiteral("Energy: 1.0 kWh")), qPrintable(readout));
    QVERIFY2(readout.contains(QStringLiteral("Limit sent: 11.0 kW")), qPrintable(readout));

    // A limit logged while the view is open is drawn at the next change of the session.
    logCall(t(100), txProfile(tx.transactionId, QStringLiteral("W"), 5'000, true));
    samples(tx.transactionId, t(120), {{"Power.Active.Import", 5'000}});
    // The last limit holds up to now.
    QCOMPARE(chart->limitPoints().mid(3), (QList<QPointF>{{double(t(100).toMSecsSinceEpoch()), 7.0},
                                                          {double(t(100).toMSecsSinceEpoch()), 5.0},
                                                          {double(t(120).toMSecsSinceEpoch()), 5.0}}));
    if (Test::takingScreenshots()) {
        view.resize(1100, 760);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QTest::mouseMove(chart->viewport(), chart->viewport()->rect().center());
        Test::screenshot(&view, QStringLiteral("session-power-chart"));
    }
}

void TestSessionView::powerChart_zoomedByTheUser_staysWhereItIs_untilDoubleClicked()
{
    driver(QStringLiteral("TAG1"));
    const StartedTransaction tx = start(QStringLiteral("TAG1"), t(0), 10'000);
    samples(tx.transactionId, t(600), {{"Power.Active.Import", 7'400}});
    SessionView view(*m_repo, Actor::system(), tx.sessionId, {});
    Ui::MeterChart *chart = view.chart(int(Quantity::Power));
    // A live session's chart runs from its start to now: history, no empty future.
    QCOMPARE(chart->shownRange(), std::make_pair(double(t(0).toMSecsSinceEpoch()), double(t(600).toMSecsSinceEpoch())));

    chart->zoomTime(0.5, double(t(300).toMSecsSinceEpoch()));
    const auto zoomed = std::make_pair(double(t(150).toMSecsSinceEpoch()), double(t(450).toMSecsSinceEpoch()));
    QCOMPARE(chart->shownRange(), zoomed);
    samples(tx.transactionId, t(660), {{"Power.Active.Import", 7'000}});
    QCOMPARE(chart->shownRange(), zoomed); // a new reading does not pull the user away
    chart->panTime(-60'000);
    QCOMPARE(chart->shownRange().first, double(t(90).toMSecsSinceEpoch()));

    QTest::mouseDClick(chart->viewport(), Qt::LeftButton, {}, chart->viewport()->rect().center());
    QVERIFY(chart->following());
    QCOMPARE(chart->shownRange(), std::make_pair(double(t(0).toMSecsSinceEpoch()), double(t(660).toMSecsSinceEpoch())));
}

void TestSessionView::discardedReading_isListedWithItsReason()
{
    driver(QStringLiteral("TAG1"));
    const StartedTransaction tx = start(QStringLiteral("TAG1"), t(0), 10'000);
    meter(tx.transactionId, 12'000, t(60));
    meter(tx.transactionId, 11'000, t(120)); // the register went backwards
    SessionView view(*m_repo, Actor::system(), tx.sessionId, {});
    auto *discarded = view.findChild<QTreeWidget *>(QStringLiteral("discardedReadings"));
    QCOMPARE(discarded->topLevelItemCount(), 1);
    QCOMPARE(discarded->topLevelItem(0)->text(1), QStringLiteral("Energy.Active.Import.Register"));
    QVERIFY(discarded->topLevelItem(0)->text(2).startsWith(QStringLiteral("11")));
    QVERIFY(!discarded->topLevelItem(0)->text(3).isEmpty());
    // The discarded reading is not drawn: the begin reading and the valid one are.
    QCOMPARE(points(view, Quantity::Energy).size(), 2);
    QCOMPARE(points(view, Quantity::Energy).last().y(), 2.0);
}

void TestSessionView::troubleshootingBadge_explainsTheFix()
{
    // The specification's example: the connector is set to 3,700 W but delivers more, so the
    // readings are discarded and the session shows why and what to change.
    QVERIFY(m_repo->update(Actor::system(), Tables::Connectors, connectorId(), {{"wattage_limit_w", 3700}}));
    driver(QStringLiteral("TAG1"));
    status(QStringLiteral("charging"), t(0));
    const StartedTransaction tx = start(QStringLiteral("TAG1"), t(0), 10'000);
    // Charging for ten minutes without a single energy reading: that alone is worth a badge.
    m_clock->set(t(10 * Min));
    SessionView view(*m_repo, Actor::system(), tx.sessionId, {});
    auto *silent = view.findChild<QWidget *>(QStringLiteral("finding_energy_not_progressing"));
    QVERIFY(silent);
    QVERIFY(
        silent->findChild<QLabel *>(QStringLiteral("summary"))->text().startsWith("The charger reported no energy"));
    meter(tx.transactionId, 21'000, t(30 * Min)); // 11 kWh in half an hour: 22 kW
    auto *badge = view.findChild<QWidget *>(QStringLiteral("finding_energy_not_progressing"));
    QVERIFY(badge);
    QCOMPARE(badge->findChild<QLabel *>(QStringLiteral("summary"))->text(),
             QStringLiteral("1 energy reading(s) were discarded as more than the connector can deliver."));
    QVERIFY(badge->findChild<QLabel *>(QStringLiteral("advice"))->text().contains(QStringLiteral("3700 W")));
}

void TestSessionView::breakdown_estimatesWhileRunning_thenShowsTheStoredRating()
{
    pricedSite(); // 30 per kWh, 120 per hour charging, 60 per hour parked beyond 600 s
    driver(QStringLiteral("TAG1"));
    status(QStringLiteral("charging"), t(0));
    const StartedTransaction tx = start(QStringLiteral("TAG1"), t(0), 0);
    meter(tx.transactionId, 10'000, t(30 * Min));
    status(QStringLiteral("charging"), t(30 * Min));

    SessionView view(*m_repo, Actor::system(), tx.sessionId, {&m_sessions->settlement(), nullptr});
    auto *rating = view.findChild<QTreeWidget *>(QStringLiteral("ratingBreakdown"));
    auto *note = view.findChild<QLabel *>(QStringLiteral("ratingNote"));
    // 10 kWh x 30 = 300; 30 min x 120/h = 60; no parking: 360 in minor units, an estimate.
    QCOMPARE(rating->topLevelItemCount(), 4);
    QCOMPARE(rating->topLevelItem(0)->text(2), Ui::formatMoney(300, QStringLiteral("EUR")));
    QCOMPARE(rating->topLevelItem(1)->text(2), Ui::formatMoney(60, QStringLiteral("EUR")));
    QCOMPARE(rating->topLevelItem(3)->text(2), Ui::formatMoney(360, QStringLiteral("EUR")));
    QVERIFY(note->text().contains(QStringLiteral("site")));

    const auto *bar = view.findChild<Ui::DurationBar *>();
    QCOMPARE(bar->scopes().at(0).seconds, 30 * Min);

    stop(tx.transactionId, 10'000, t(30 * Min));
    const Record closed = session(tx.sessionId);
    QCOMPARE(closed.value("status").toString(), QStringLiteral("closed"));
    view.refresh();
    QCOMPARE(rating->topLevelItem(rating->topLevelItemCount() - 1)->text(2),
             Ui::formatMoney(closed.value("amount_minor").toLongLong(), QStringLiteral("EUR")));
    QVERIFY(note->text().contains(charges(tx.sessionId).first().value("rating_identifier").toString()));
}

void TestSessionView::durations_countOnWhileTheConnectorStaysCharging()
{
    // An OCPP 1.6 charger says Charging once; twenty minutes later the session has charged for
    // twenty minutes, not for none.
    driver(QStringLiteral("TAG1"));
    status(QStringLiteral("charging"), t(0));
    const StartedTransaction tx = start(QStringLiteral("TAG1"), t(0), 0);
    m_clock->set(t(20 * Min));
    SessionView view(*m_repo, Actor::system(), tx.sessionId, {});
    const auto *bar = view.findChild<Ui::DurationBar *>();
    QCOMPARE(bar->scopes().at(0).seconds, 20 * Min);
    QCOMPARE(bar->scopes().at(1).seconds, 0);

    m_clock->set(t(25 * Min));
    view.refresh();
    QCOMPARE(bar->scopes().at(0).seconds, 25 * Min);

    // Once it is closed, what was stored is what it took.
    stop(tx.transactionId, 5'000, t(25 * Min));
    m_clock->set(t(40 * Min));
    view.refresh();
    QCOMPARE(bar->scopes().at(0).seconds, 25 * Min);
}

void TestSessionView::withoutSessionControl_noActions_butTheStatusShows()
{
    driver(QStringLiteral("TAG1"));
    const StartedTransaction tx = start(QStringLiteral("TAG1"), t(0), 0);
    SessionView view(*m_repo, Actor::system(), tx.sessionId, {});
    view.show();
    QVERIFY(!view.findChild<QPushButton *>(QStringLiteral("forceCloseButton"))->isVisible());
    QVERIFY(view.findChild<QLabel *>(QStringLiteral("sessionStatus"))->text().contains(QStringLiteral("In progress")));
    stop(tx.transactionId, 0, t(60));
    QCOMPARE(session(tx.sessionId).value("status").toString(), QStringLiteral("closed"));
    // The stop announced the session's change: the badge follows without a refresh.
    QVERIFY(view.findChild<QLabel *>(QStringLiteral("sessionStatus"))->text().contains(QStringLiteral("Closed")));
    QVERIFY(!view.findChild<QPushButton *>(QStringLiteral("retryRatingButton"))->isVisible());
}

void TestSessionView::operatorOfAnotherNetwork_seesNothing()
{
    driver(QStringLiteral("TAG1"));
    const StartedTransaction tx = start(QStringLiteral("TAG1"), t(0), 0);
    meter(tx.transactionId, 1'000, t(60));
    auto other = m_repo->create(Actor::system(), Tables::Operators, {{"code", "OTHER"}, {"name", "Other"}});
    QVERIFY(other);
    Actor outsider;
    outsider.userId = 999;
    outsider.operatorId = other.value();
    SessionView view(*m_repo, outsider, tx.sessionId, {&m_sessions->settlement(), nullptr});
    QVERIFY(points(view, Quantity::Energy).isEmpty());
    QVERIFY(view.findChild<QLabel *>(QStringLiteral("actionOutcome"))->isVisibleTo(&view));
    QCOMPARE(view.findChild<QTreeWidget *>(QStringLiteral("ratingBreakdown"))->topLevelItemCount(), 0);
}

void TestSessionView::sessionsSection_listsLive_andOpensTheViewInADock()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
    driver(QStringLiteral("TAG1"));
    const StartedTransaction tx = start(QStringLiteral("TAG1"), t(0), 0);
    meter(tx.transactionId, 1'000, t(60));

    Ui::MainWindow window(*m_repo, Actor::system(), Ui::Services{.settlement = &m_sessions->settlement()});
    QVERIFY(window.showSection(QStringLiteral("sessions")));
    auto *list = window.sectionPage(QStringLiteral("sessions"))->findChild<Ui::ListPage *>();
    QVERIFY(list);
    Ui::RecordTableModel &model = list->model();
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 1);
    const int energy = int(model.headerTitles().indexOf(QStringLiteral("Energy")));
    QVERIFY(energy >= 0);
    QCOMPARE(model.index(0, energy).data().toString(), QStringLiteral("1.00 kWh"));
    // Sessions are the engine's: nobody creates or deletes them by hand.
    QVERIFY(!list->findChild<QAction *>(QStringLiteral("newAction"))->isVisible());

    // A reading changes the row in place, without reloading the list.
    meter(tx.transactionId, 3'500, t(120));
    QCOMPARE(model.index(0, energy).data().toString(), QStringLiteral("3.50 kWh"));

    // Opening the row shows its view in a tab; opening it again brings back the same tab.
    list->select(tx.sessionId);
    emit list->openRequested(tx.sessionId);
    emit list->openRequested(tx.sessionId);
    const auto docks = window.findChildren<QWidget *>(QStringLiteral("view_sessions_%1").arg(tx.sessionId));
    QCOMPARE(docks.size(), 1);
    auto *view = docks.first()->findChild<SessionView *>();
    QVERIFY(view);
    QCOMPARE(view->chart(int(Quantity::Energy))->points(Quantity::Energy).value(QString()).last().y(), 3.5);
}

QTEST_MAIN(TestSessionView)
#include "tst_sessionview.moc"
