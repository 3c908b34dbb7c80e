#include "core/catalog.h"
#include "core/repository.h"
#include "support/formdriver.h"
#include "support/repositoryfixture.h"
#include "support/screenshots.h"
#include "support/testdata.h"
#include "ui/areas/assetdetails.h"
#include "ui/shell/mainwindow.h"
#include "ui/widgets/listpage.h"

#include <QComboBox>
#include <QDateTime>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>

#include <cmath>

using namespace ChargeDesk;
using namespace ChargeDesk::Core;
using namespace ChargeDesk::Ui;

// The Assets page: an asset made with the form, its code and area fixed once made, and its
// measurements as the latest value, in the list and in a chart that grows as they arrive.
class TestAssets : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init();
    void cleanup();
    void create_thenUpdate_keepsCodeAndArea();
    void measurements_latestAndChart_followNewOnes();
    void measurementText_saysWhatTheSignMeans();

private:
    ListPage *page(MainWindow &window);
    qint64 measure(qint64 assetId, qint64 atMs, qint64 powerW);

    SystemClock m_clock;
    std::unique_ptr<Test::RepositoryFixture> m_fx;
    Repository *m_repo = nullptr;
    qint64 m_area = 0;
};

void TestAssets::init()
{
    m_fx = std::make_unique<Test::RepositoryFixture>(m_clock);
    QVERIFY2(m_fx->isValid(), qPrintable(m_fx->error));
    m_repo = m_fx->repo.get();
    QSettings().clear();
    m_area = Test::createArea(*m_repo, "HOTEL");
    QVERIFY(Test::createArea(*m_repo, "GARAGE"));
}

void TestAssets::cleanup()
{
    m_repo = nullptr;
    m_fx.reset();
}

ListPage *TestAssets::page(MainWindow &window)
{
    if (!window.showSection("assets"))
        return nullptr;
    return window.sectionPage("assets")->findChild<ListPage *>();
}

qint64 TestAssets::measure(qint64 assetId, qint64 atMs, qint64 powerW)
{
    return m_repo
        ->create(Actor::system(), Tables::AssetMeasurements,
                 {{"asset_id", assetId}, {"measured_at", atMs}, {"power_w", powerW}})
        .value();
}

void TestAssets::create_thenUpdate_keepsCodeAndArea()
{
    MainWindow window(*m_repo, Actor::system());
    window.resize(1400, 900);
    window.show();
    ListPage *list = page(window);
    QVERIFY(list);

    auto done = std::make_shared<bool>(false);
    Test::onModal(
        &window, {},
        [](QWidget *dialog) {
            Test::fill(dialog, "code", "ROOF-PV");
            Test::fill(dialog, "name", "Roof solar panels");
            Test::fill(dialog, "type", "producer");
            Test::fill(dialog, "current_type", "ac_three_phase");
            Test::fill(dialog, "area_id", "HOTEL");
            Test::clickSave(dialog);
        },
        done);
    list->findChild<QAction *>("newAction")->trigger();
    QVERIFY(*done);
    const Record asset = m_repo->getByCode(Actor::system(), Tables::Assets, "ROOF-PV").value();
    QCOMPARE(asset.value("area_id").toLongLong(), m_area);
    QCOMPARE(asset.value("type").toString(), QString("producer"));
    QCOMPARE(asset.value("power_factor").toDouble(), 1.0);
    QTRY_COMPARE(list->currentId(), asset.value("id").toLongLong());

    // Updating: the code and the area cannot be changed; the rest can.
    *done = false;
    bool codeLocked = false, areaLocked = false;
    Test::onModal(
        &window, {},
        [&](QWidget *dialog) {
            auto *code = dialog->findChild<QLineEdit *>("field_code");
            auto *area = dialog->findChild<QComboBox *>("field_area_id");
            codeLocked = code && code->isReadOnly();
            areaLocked = area && !area->isEnabled();
            Test::fill(dialog, "name", "Roof solar array");
            Test::clickSave(dialog);
        },
        done);
    list->findChild<QAction *>("openAction")->trigger();
    QVERIFY(*done);
    QVERIFY(codeLocked);
    QVERIFY(areaLocked);
    QCOMPARE(
        m_repo->get(Actor::system(), Tables::Assets, asset.value("id").toLongLong()).value().value("name").toString(),
        QString("Roof solar array"));
    // The repository refuses a new area just as the form does.
    QVERIFY(!m_repo->update(Actor::system(), Tables::Assets, asset.value("id").toLongLong(),
                            {{"area_id", Test::createArea(*m_repo, "ELSEWHERE")}}));
}

void TestAssets::measurements_latestAndChart_followNewOnes()
{
    const qint64 asset = m_repo
                             ->create(Actor::system(), Tables::Assets,
                                      {{"code", "APARTMENT"},
                                       {"name", "Apartment"},
                                       {"type", "consumer"},
                                       {"current_type", "ac_three_phase"},
                                       {"area_id", m_area}})
                             .value();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    measure(asset, now - 30 * 3600'000, 1000); // older than the chart's day
    measure(asset, now - 2 * 3600'000, 5000);
    measure(asset, now - 5 * 60'000, 12000);

    MainWindow window(*m_repo, Actor::system());
    window.resize(1400, 900);
    window.show();
    ListPage *list = page(window);
    QVERIFY(list);
    list->select(asset);
    auto *details = list->findChild<AssetDetails *>("assetDetails");
    QVERIFY(details);
    QTRY_COMPARE(details->assetId(), asset);
    const auto label = [details](const char *name) {
        return details->findChild<QLabel *>(QString::fromLatin1(name))->text();
    };
    QCOMPARE(label("latestPower"), QStringLiteral("Consuming 12.0 kW"));
    QVERIFY2(label("latestMeasuredAt").endsWith(", 5 min ago"), qPrintable(label("latestMeasuredAt")));
    QCOMPARE(details->chart().points(),
             (QList<QPointF>{{double(now - 2 * 3600'000), 5.0}, {double(now - 5 * 60'000), 12.0}}));

    // The list shows each asset's latest value as well.
    const int row = list->model().rowOf(asset);
    const int column = int(list->model().columns().indexOf("latest_power"));
    QVERIFY(row >= 0 && column >= 0);
    QCOMPARE(list->model().index(row, column).data().toString(), QStringLiteral("Consuming 12.0 kW"));
    QCOMPARE(list->model().headerData(column, Qt::Horizontal).toString(), QStringLiteral("Latest power"));

    // A new measurement, written as the API or another console would: both follow at once.
    measure(asset, now, 15500);
    QTRY_COMPARE(label("latestPower"), QStringLiteral("Consuming 15.5 kW"));
    QVERIFY2(label("latestMeasuredAt").endsWith(", just now"), qPrintable(label("latestMeasuredAt")));
    QCOMPARE(details->chart().points().size(), 3);
    QCOMPARE(details->chart().points().last(), QPointF(double(now), 15.5));
    QTRY_COMPARE(list->model().index(row, column).data().toString(), QStringLiteral("Consuming 15.5 kW"));

    // A technician records a reading by hand: through the same form and repository.
    auto done = std::make_shared<bool>(false);
    Test::onModal(
        &window, "recordMeasurementDialog",
        [](QWidget *dialog) {
            Test::fill(dialog, "power_w", 17000);
            Test::clickSave(dialog);
        },
        done);
    QTest::mouseClick(details->findChild<QPushButton *>("recordMeasurementButton"), Qt::LeftButton);
    QVERIFY(*done);
    QTRY_COMPARE(label("latestPower"), QStringLiteral("Consuming 17.0 kW"));
    QCOMPARE(details->chart().points().size(), 4);

    // For a person to look at (screenshots.h): the page with a day of readings.
    if (Test::takingScreenshots()) {
        for (int minutes = 23 * 60; minutes > 10; minutes -= 20)
            measure(asset, now - minutes * 60'000LL,
                    qint64(9000 + 6000 * std::sin(minutes / 180.0) + (minutes % 7) * 300));
        list->select(asset);
        Test::screenshot(&window, "assets");
    }
}

void TestAssets::measurementText_saysWhatTheSignMeans()
{
    QCOMPARE(measurementText("smart_meter", 40000), QStringLiteral("40.0 kW available"));
    QCOMPARE(measurementText("producer", 5250), QStringLiteral("Producing 5.25 kW"));
    QCOMPARE(measurementText("consumer", 20000), QStringLiteral("Consuming 20.0 kW"));
    QCOMPARE(measurementText("battery", -3000), QStringLiteral("Consuming 3.0 kW (charging)"));
    QCOMPARE(measurementText("battery", 3000), QStringLiteral("Producing 3.0 kW (discharging)"));
}

QTEST_MAIN(TestAssets)
#include "tst_assets.moc"
