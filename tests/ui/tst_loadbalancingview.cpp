#include "core/balancingservice.h"
#include "core/catalog.h"
#include "support/gatewayfixture.h"
#include "support/screenshots.h"
#include "ui/areas/allocationmodel.h"
#include "ui/areas/balancechart.h"
#include "ui/areas/loadbalancingview.h"

#include <QAbstractItemModelTester>
#include <QLabel>
#include <QTest>

using namespace ChargeDesk;
using namespace ChargeDesk::Core;
using namespace ChargeDesk::Ui;

// The load balancing view of an area against the real load balancer, with the
// specification's advanced example number for number: a 60 kW area balanced by its smart
// meter, four then ten sessions, a 5 kW minimum and round allocation. The stations are not
// connected, so nothing is sent and every session counts with its full share.
class TestLoadBalancingView : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void areaWithoutBalancing_saysSo();
    void childArea_showsItsParentsBalance();
    void advancedExample_limitSharesFalloutAndRotation();

private:
    void balanceArea(const QVariantMap &settings);
    void startSessions(int from, int to);
    void screenshot();
    void report(qint64 powerW);
    QString text(const char *name) const;
    // The expected row of the i-th station's session (1-based).
    QStringList row(int i, const QString &limit, const QString &reason, const QString &area = "GARAGE") const;

    std::unique_ptr<Test::GatewayFixture> m_fx;
    std::unique_ptr<BalancingService> m_balancing;
    std::unique_ptr<LoadBalancingView> m_view;
    Repository *m_repo = nullptr;
    QHash<int, QString> m_codes;        // station number -> its session's code
    QHash<int, QString> m_transactions; // station number -> its transaction
    qint64 m_meter = 0;
};

void TestLoadBalancingView::init()
{
    m_fx = std::make_unique<Test::GatewayFixture>();
    QVERIFY2(m_fx->isValid(), qPrintable(m_fx->error));
    m_repo = m_fx->repo.get();
    const qint64 settings =
        m_repo->create(Actor::system(), Tables::RatingSettings, {{"name", "Standard"}, {"energy_price_minor", 30}})
            .value();
    QVERIFY(m_repo->create(Actor::system(), Tables::SiteSettings,
                           {{"name", "Site"}, {"currency", "EUR"}, {"rating_settings_id", settings}}));
    const qint64 type =
        m_repo->create(Actor::system(), Tables::IdDeviceTypes, {{"code", "CARD"}, {"name", "RFID"}}).value();
    for (int i = 1; i <= 10; ++i) {
        const QString code = QStringLiteral("CP%1").arg(i);
        QVERIFY(m_fx->addStation(code, "ocpp1.6", "ws"));
        const qint64 station =
            m_repo->getByCode(Actor::system(), Tables::Stations, code).value().value("id").toLongLong();
        const qint64 connector = m_fx->stations->connectorFor(station, 1, 1).value();
        QVERIFY(m_repo->update(Actor::system(), Tables::Connectors, connector, {{"wattage_limit_w", 22000}}));
        const qint64 driver = m_repo
                                  ->create(Actor::system(), Tables::Customers,
                                           {{"code", code}, {"name", code}, {"payment_type", "postpaid"}})
                                  .value();
        QVERIFY(m_repo->create(Actor::system(), Tables::IdDevices,
                               {{"code", "CARD-" + code},
                                {"name", "Card"},
                                {"type_id", type},
                                {"identifier", "TAG-" + code},
                                {"customer_id", driver}}));
    }
    m_meter = m_repo
                  ->create(Actor::system(), Tables::Assets,
                           {{"code", "METER"},
                            {"name", "Main meter"},
                            {"type", "smart_meter"},
                            {"current_type", "ac_three_phase"},
                            {"area_id", m_fx->areaId}})
                  .value();
    m_balancing = std::make_unique<BalancingService>(*m_repo, *m_fx->sessions, *m_fx->gateway, m_fx->clock);
    m_balancing->start();
}

void TestLoadBalancingView::cleanup()
{
    m_view.reset();
    m_balancing.reset();
    m_fx.reset();
    m_codes.clear();
}

void TestLoadBalancingView::balanceArea(const QVariantMap &settings)
{
    QVariantMap values{{"dlb_enabled", true}};
    values.insert(settings);
    const Status s = m_repo->update(Actor::system(), Tables::Areas, m_fx->areaId, values);
    QVERIFY2(s, s ? "" : qPrintable(s.error().message()));
}

void TestLoadBalancingView::startSessions(int from, int to)
{
    const QDateTime t0 = QDateTime::currentDateTimeUtc().addSecs(-3600);
    for (int i = from; i <= to; ++i) {
        const QString code = QStringLiteral("CP%1").arg(i);
        const qint64 station =
            m_repo->getByCode(Actor::system(), Tables::Stations, code).value().value("id").toLongLong();
        TransactionStart request;
        request.where = {station, 1, 1};
        request.idToken = "TAG-" + code;
        request.idTokenType = "IdTag";
        request.meterStartWh = 0;
        request.at = t0.addSecs(i * 60); // started in station order
        const auto started = m_fx->sessions->start(request);
        QVERIFY2(started, started ? "" : qPrintable(started.error().message()));
        m_codes.insert(
            i,
            m_repo->get(Actor::system(), Tables::Sessions, started.value().sessionId).value().value("code").toString());
    }
}

void TestLoadBalancingView::report(qint64 powerW)
{
    QVERIFY(m_repo->create(
        Actor::system(), Tables::AssetMeasurements,
        {{"asset_id", m_meter}, {"measured_at", QDateTime::currentMSecsSinceEpoch()}, {"power_w", powerW}}));
}

QString TestLoadBalancingView::text(const char *name) const
{
    auto *label = m_view->findChild<QLabel *>(QString::fromLatin1(name));
    return label ? label->text() : QStringLiteral("<no %1>").arg(QLatin1String(name));
}

QStringList TestLoadBalancingView::row(int i, const QString &limit, const QString &reason, const QString &area) const
{
    return {m_codes.value(i).left(8) + QChar(0x2026),
            QStringLiteral("CP%1 · Connector 1").arg(i),
            limit,
            reason,
            area,
            QStringLiteral("Not sent")};
}

void TestLoadBalancingView::areaWithoutBalancing_saysSo()
{
    m_view = std::make_unique<LoadBalancingView>(*m_repo, Actor::system(), m_balancing.get(), m_fx->areaId);
    QCOMPARE(text("areaTitle"), QStringLiteral("GARAGE"));
    QVERIFY2(text("balancingState").startsWith("Dynamic load balancing is off for this area"),
             qPrintable(text("balancingState")));
    QVERIFY(!m_view->findChild<QLabel *>("limitValue")->isVisibleTo(m_view.get()));
    QCOMPARE(m_view->sessions().rowCount(), 0);
}

void TestLoadBalancingView::childArea_showsItsParentsBalance()
{
    balanceArea({{"dlb_limit", 60000}});
    const qint64 child = m_repo
                             ->create(Actor::system(), Tables::Areas,
                                      {{"code", "LEVEL-1"}, {"name", "Level -1"}, {"parent_id", m_fx->areaId}})
                             .value();
    m_view = std::make_unique<LoadBalancingView>(*m_repo, Actor::system(), m_balancing.get(), child);
    QTRY_COMPARE(text("balancingState"),
                 QStringLiteral("This area has no load balancing of its own. Its sessions share the limit of its "
                                "parent area “GARAGE”, shown below."));
    QCOMPARE(text("limitValue"), QStringLiteral("60.0 kW"));
    QCOMPARE(text("limitSource"), QStringLiteral("Static limit"));
}

void TestLoadBalancingView::advancedExample_limitSharesFalloutAndRotation()
{
    balanceArea(
        {{"dlb_limit", 60000}, {"dlb_by_asset", true}, {"dlb_min_supply", 5000}, {"dlb_fallout", "round_allocation"}});
    startSessions(1, 4);
    m_view = std::make_unique<LoadBalancingView>(*m_repo, Actor::system(), m_balancing.get(), m_fx->areaId);
    QAbstractItemModelTester tester(&m_view->sessions());
    m_view->resize(1000, 900);

    // No report yet: the static 60 kW is shared.
    QTRY_COMPARE(text("limitValue"), QStringLiteral("60.0 kW"));
    QCOMPARE(text("limitSource"), QStringLiteral("Static limit"));
    QCOMPARE(text("balancingState"),
             QStringLiteral("Dynamic load balancing is on: the sessions below share the limit in force."));
    QCOMPARE(text("strategy"), QStringLiteral("Equal shares; when short, round allocation, at least 5.0 kW per "
                                              "session, redistributed every 1 min"));

    // The meter reports 40 kW available: it overrides the static limit; 10 kW each.
    report(40000);
    QTRY_COMPARE(text("limitValue"), QStringLiteral("40.0 kW"));
    QCOMPARE(text("limitSource"), QStringLiteral("Meter report"));
    QVERIFY2(text("limitSourceDetail").startsWith("Main meter: 40.0 kW available, measured "),
             qPrintable(text("limitSourceDetail")));
    QList<QStringList> expected;
    for (int i = 1; i <= 4; ++i)
        expected << row(i, "10.0 kW", "Area limit");
    QCOMPARE(m_view->sessions().texts(), expected);
    QCOMPARE(text("allocated"), QStringLiteral("40.0 kW of 40.0 kW"));
    QCOMPARE(text("sessionCounts"), QStringLiteral("4 charging, 0 halted"));

    // 44 kW: 11 kW each.
    report(44000);
    QTRY_COMPARE(text("limitValue"), QStringLiteral("44.0 kW"));
    expected.clear();
    for (int i = 1; i <= 4; ++i)
        expected << row(i, "11.0 kW", "Area limit");
    QCOMPARE(m_view->sessions().texts(), expected);

    // Ten sessions on 30 kW: 3 kW each would be under the 5 kW minimum, so the six that
    // started first get 5 kW and the latest four are halted.
    startSessions(5, 10);
    report(30000);
    QTRY_COMPARE(text("limitValue"), QStringLiteral("30.0 kW"));
    QTRY_COMPARE(m_view->sessions().rowCount(), 10);
    expected.clear();
    for (int i = 1; i <= 10; ++i)
        expected << (i <= 6 ? row(i, "5.0 kW", "Area limit") : row(i, "0.0 kW", "Halted (fallout)"));
    QTRY_COMPARE(m_view->sessions().texts(), expected);
    QCOMPARE(text("sessionCounts"), QStringLiteral("6 charging, 4 halted"));
    QCOMPARE(text("allocated"), QStringLiteral("30.0 kW of 30.0 kW"));
    QStringList rotation;
    for (int i = 1; i <= 10; ++i)
        rotation << (i <= 6 ? QStringLiteral("CP%1 · Connector 1").arg(i)
                            : QStringLiteral("CP%1 · Connector 1 (halted)").arg(i));
    QCOMPARE(m_view->rotationEntries(), rotation);
    QVERIFY(text("nextInterval").startsWith("In "));
    // The chart's last sample: the limit and what was shared out of it, in kW.
    QCOMPARE(m_view->chart().limitPoints().last().y(), 30.0);
    QCOMPARE(m_view->chart().allocatedPoints().last().y(), 30.0);
    // Its time axis is the last half hour up to now: history to the left, no empty future.
    const auto shown = m_view->chart().shownRange();
    QCOMPARE(shown.second - shown.first, double(BalanceChart::KeepMs));
    QCOMPARE(shown.second, m_view->chart().allocatedPoints().last().x());

    // The interval's redistribution: the halted four charge, with the two that started first.
    QVERIFY(m_balancing->redistribute(true));
    expected.clear();
    for (int i = 1; i <= 10; ++i)
        expected << (i <= 2 || i >= 7 ? row(i, "5.0 kW", "Area limit") : row(i, "0.0 kW", "Halted (fallout)"));
    QTRY_COMPARE(m_view->sessions().texts(), expected);
    rotation.clear();
    for (int i : {7, 8, 9, 10, 1, 2, 3, 4, 5, 6})
        rotation << (i >= 3 && i <= 6 ? QStringLiteral("CP%1 · Connector 1 (halted)").arg(i)
                                      : QStringLiteral("CP%1 · Connector 1").arg(i));
    QCOMPARE(m_view->rotationEntries(), rotation);
    QCOMPARE(text("sessionCounts"), QStringLiteral("6 charging, 4 halted"));
    // The limits that went out this hour, as the service counts them (none here: these
    // stations have no connection to send them over).
    QCOMPARE(text("profilesSent"),
             QStringLiteral("%1 in the last hour").arg(m_balancing->profilesSentLastHour(m_fx->areaId)));
    screenshot();
}

// For a person to look at (screenshots.h): the view as the example leaves it, with the power
// the chargers report.
void TestLoadBalancingView::screenshot()
{
    if (!Test::takingScreenshots())
        return;
    for (int i = 1; i <= 10; ++i) {
        const bool served = i <= 2 || i >= 7;
        const qint64 station = m_repo->getByCode(Actor::system(), Tables::Stations, QStringLiteral("CP%1").arg(i))
                                   .value()
                                   .value("id")
                                   .toLongLong();
        QVERIFY(m_fx->sessions->meterValues({station, 1, 1}, m_transactions.value(i),
                                            {{QDateTime::currentDateTimeUtc(),
                                              "Power.Active.Import",
                                              {},
                                              "W",
                                              "Sample.Periodic",
                                              served ? 4700.0 + 40 * i : 0.0}}));
    }
    m_view->resize(1100, 1050);
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
    m_view->refresh();
    Test::screenshot(m_view.get(), "loadbalancing");
}

QTEST_MAIN(TestLoadBalancingView)
#include "tst_loadbalancingview.moc"
