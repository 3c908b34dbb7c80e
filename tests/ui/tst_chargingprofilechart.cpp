#include "core/catalog.h"
#include "core/repository.h"
#include "support/formdriver.h"
#include "support/repositoryfixture.h"
#include "ui/shell/mainwindow.h"
#include "ui/stations/chargingprofilechart.h"
#include "ui/widgets/listpage.h"
#include "ui/widgets/recordtablemodel.h"
#include "ui/widgets/valueformat.h"

#include <QChart>
#include <QChartView>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>
#include <QValueAxis>

using namespace ChargeDesk;
using namespace ChargeDesk::Core;
using namespace ChargeDesk::Ui;

using Period = ProfileValues::Period;
using Points = QList<QPointF>;

// A charging profile's schedule drawn as steps of its limit, live with its periods.
class TestChargingProfileChart : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void limitSteps_data();
    void limitSteps();
    void chartEnd_followsDurationRecurrenceOrTheLastPeriod();
    void chart_hasThePointsOfThePeriods_inTheProfilesUnit();
    void chart_followsPeriodChangesLive();
    void chart_withoutPeriods_saysSo();
    void section_showsChartAndPeriodsOfTheSelectedProfile();
    void section_periodStartInMinutes_isStoredInSecondsAndShownBack();

private:
    qint64 profile(const QString &code, const Record &values, const QList<std::pair<qint64, double>> &periods);
    static QString limitAxisTitle(ChargingProfileChart &chart);

    SystemClock m_clock;
    std::unique_ptr<Test::RepositoryFixture> m_fx;
    Repository *m_repo = nullptr;
    const Actor m_system = Actor::system();
};

// Three periods over a two-hour duration: 32 A, then 16 A after half an hour, 6 A after an hour.
const Points ThreeSteps{{0, 32}, {1800, 32}, {1800, 16}, {3600, 16}, {3600, 6}, {7200, 6}};

void TestChargingProfileChart::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestChargingProfileChart::init()
{
    m_fx = std::make_unique<Test::RepositoryFixture>(m_clock);
    QVERIFY2(m_fx->isValid(), qPrintable(m_fx->error));
    m_repo = m_fx->repo.get();
    QSettings().clear();
}

void TestChargingProfileChart::cleanup()
{
    m_repo = nullptr;
    m_fx.reset();
}

qint64 TestChargingProfileChart::profile(const QString &code, const Record &values,
                                         const QList<std::pair<qint64, double>> &periods)
{
    Record fields{{"code", code}, {"name", code}, {"stack_level", 1}, {"purpose", "charger_total"}};
    fields.insert(values);
    const auto id = m_repo->create(m_system, Tables::ChargingProfiles, fields);
    if (!id) {
        qWarning("%s", qPrintable(id.error().message()));
        return 0;
    }
    for (const auto &[start, limit] : periods)
        if (!m_repo->create(m_system, Tables::ChargingProfilePeriods,
                            {{"profile_id", id.value()}, {"start_offset_s", start}, {"limit_value", limit}}))
            return 0;
    return id.value();
}

QString TestChargingProfileChart::limitAxisTitle(ChargingProfileChart &chart)
{
    const QList<QAbstractAxis *> axes = chart.findChild<QChartView *>()->chart()->axes(Qt::Vertical);
    return axes.isEmpty() ? QString() : axes.first()->titleText();
}

void TestChargingProfileChart::limitSteps_data()
{
    QTest::addColumn<QList<Period>>("periods");
    QTest::addColumn<qint64>("endS");
    QTest::addColumn<Points>("expected");
    QTest::newRow("three periods") << QList<Period>{{0, 32, {}}, {1800, 16, {}}, {3600, 6, {}}} << qint64(7200)
                                   << ThreeSteps;
    QTest::newRow("in any order") << QList<Period>{{3600, 6, {}}, {0, 32, {}}, {1800, 16, {}}} << qint64(7200)
                                  << ThreeSteps;
    QTest::newRow("a period past the end never applies")
        << QList<Period>{{0, 11000, {}}, {3600, 22000, {}}} << qint64(1800) << Points{{0, 11000}, {1800, 11000}};
    QTest::newRow("first period later than the start")
        << QList<Period>{{600, 10, {}}} << qint64(1200) << Points{{600, 10}, {1200, 10}};
    QTest::newRow("none") << QList<Period>{} << qint64(3600) << Points{};
}

void TestChargingProfileChart::limitSteps()
{
    QFETCH(QList<Period>, periods);
    QFETCH(qint64, endS);
    QFETCH(Points, expected);
    QCOMPARE(Ui::limitSteps(periods, endS), expected);
}

void TestChargingProfileChart::chartEnd_followsDurationRecurrenceOrTheLastPeriod()
{
    const QList<Period> periods{{0, 32, {}}, {5400, 16, {}}};
    bool open = true;
    QCOMPARE(chartEndS({{"kind", "recurring"}, {"recurrency", "daily"}, {"duration_s", 7200}}, periods, &open), 7200);
    QVERIFY(!open);
    QCOMPARE(chartEndS({{"kind", "recurring"}, {"recurrency", "daily"}}, periods, &open), 86400);
    QCOMPARE(chartEndS({{"kind", "recurring"}, {"recurrency", "weekly"}}, periods, &open), 7 * 86400);
    QVERIFY(!open);
    // A one-time profile goes on with its last limit: shown as long again as before it.
    QCOMPARE(chartEndS({{"kind", "one_time"}}, periods, &open), 10800);
    QVERIFY(open);
    QCOMPARE(chartEndS({{"kind", "one_time"}}, {{0, 32, {}}}, &open), 3600);
}

void TestChargingProfileChart::chart_hasThePointsOfThePeriods_inTheProfilesUnit()
{
    const qint64 amps =
        profile("AMPS", {{"kind", "recurring"}, {"recurrency", "daily"}, {"duration_s", 7200}, {"unit", "A"}},
                {{0, 32}, {1800, 16}, {3600, 6}});
    const qint64 watts = profile("WATTS", {{"kind", "one_time"}, {"unit", "W"}}, {{0, 11000}, {3600, 22000}});
    QVERIFY(amps && watts);
    ChargingProfileChart chart(*m_repo, m_system);
    chart.resize(600, 400);
    chart.show();
    chart.setProfile(amps);
    QCOMPARE(chart.points(), ThreeSteps);
    QCOMPARE(limitAxisTitle(chart), QStringLiteral("Limit (A)"));
    QVERIFY(!chart.findChild<QLabel *>("noPeriods")->isVisible());

    // Open-ended: the last limit goes on past the chart's end, and the caption says so.
    chart.setProfile(watts);
    QCOMPARE(chart.points(), (Points{{0, 11000}, {3600, 11000}, {3600, 22000}, {7200, 22000}}));
    QCOMPARE(limitAxisTitle(chart), QStringLiteral("Limit (W)"));
    QVERIFY(chart.findChild<QLabel *>("chartCaption")->text().contains("holds"));
}

void TestChargingProfileChart::chart_followsPeriodChangesLive()
{
    const qint64 id =
        profile("AMPS", {{"kind", "recurring"}, {"recurrency", "daily"}, {"duration_s", 7200}, {"unit", "A"}},
                {{0, 32}, {1800, 16}});
    ChargingProfileChart chart(*m_repo, m_system);
    chart.show();
    chart.setProfile(id);
    QCOMPARE(chart.points(), (Points{{0, 32}, {1800, 32}, {1800, 16}, {7200, 16}}));

    QVERIFY(m_repo->create(m_system, Tables::ChargingProfilePeriods,
                           {{"profile_id", id}, {"start_offset_s", 3600}, {"limit_value", 6}}));
    QTRY_COMPARE(chart.points(), ThreeSteps);

    ListQuery second;
    second.filters << ListQuery::Filter{"start_offset_s", ListQuery::Filter::Op::Equals, 1800};
    const qint64 period =
        m_repo->list(m_system, Tables::ChargingProfilePeriods, second).value().first().value("id").toLongLong();
    QVERIFY(m_repo->update(m_system, Tables::ChargingProfilePeriods, period, {{"limit_value", 20}}).ok());
    QTRY_COMPARE(chart.points(), (Points{{0, 32}, {1800, 32}, {1800, 20}, {3600, 20}, {3600, 6}, {7200, 6}}));

    QVERIFY(m_repo->update(m_system, Tables::ChargingProfiles, id, {{"duration_s", 3600}}).ok());
    QTRY_COMPARE(chart.points(), (Points{{0, 32}, {1800, 32}, {1800, 20}, {3600, 20}}));
    QVERIFY(chart.findChild<QLabel *>("chartCaption")->text().contains("never apply"));

    QVERIFY(m_repo->remove(m_system, Tables::ChargingProfilePeriods, period).ok());
    QTRY_COMPARE(chart.points(), (Points{{0, 32}, {3600, 32}}));
}

void TestChargingProfileChart::chart_withoutPeriods_saysSo()
{
    const qint64 id = profile("EMPTY", {{"kind", "one_time"}, {"unit", "A"}}, {});
    ChargingProfileChart chart(*m_repo, m_system);
    chart.show();
    chart.setProfile(id);
    QVERIFY(chart.points().isEmpty());
    auto *empty = chart.findChild<QLabel *>("noPeriods");
    QVERIFY(empty->isVisible());
    QVERIFY(empty->text().startsWith("No schedule periods"));
    QVERIFY(!chart.findChild<QChartView *>()->isVisible());

    // The first period brings the chart.
    QVERIFY(m_repo->create(m_system, Tables::ChargingProfilePeriods,
                           {{"profile_id", id}, {"start_offset_s", 0}, {"limit_value", 10}}));
    QTRY_VERIFY(!empty->isVisible());
    QCOMPARE(chart.points(), (Points{{0, 10}, {3600, 10}}));
}

void TestChargingProfileChart::section_showsChartAndPeriodsOfTheSelectedProfile()
{
    const qint64 first =
        profile("AMPS", {{"kind", "recurring"}, {"recurrency", "daily"}, {"duration_s", 7200}, {"unit", "A"}},
                {{0, 32}, {1800, 16}, {3600, 6}});
    const qint64 second = profile("OTHER", {{"kind", "one_time"}, {"unit", "W"}}, {{0, 5000}});
    MainWindow window(*m_repo, m_system);
    window.show();
    QVERIFY(window.showSection("chargingProfiles"));
    auto *list = window.sectionPage("chargingProfiles")->findChild<ListPage *>();
    auto *chart = list->findChild<ChargingProfileChart *>();
    auto *periods = list->findChild<QTableView *>("periodTable");
    QVERIFY(chart && periods);

    list->select(first);
    QCOMPARE(chart->profileId(), first);
    QCOMPARE(chart->points(), ThreeSteps);
    QCOMPARE(periods->model()->rowCount(), 3);
    QCOMPARE(periods->model()->index(1, 1).data(RecordTableModel::ValueRole).toDouble(), 16.0);

    // A period added below the chart through its form: the list and the chart follow.
    auto added = std::make_shared<bool>(false);
    Test::onModal(
        &window, {},
        [](QWidget *dialog) {
            Test::fill(dialog, "start_offset_s", 5400);
            Test::fill(dialog, "limit_value", 10);
            Test::clickSave(dialog);
        },
        added);
    QTest::mouseClick(list->findChild<QPushButton *>("addChild"), Qt::LeftButton);
    QVERIFY(*added);
    QTRY_COMPARE(periods->model()->rowCount(), 4);
    QTRY_COMPARE(chart->points(),
                 (Points{{0, 32}, {1800, 32}, {1800, 16}, {3600, 16}, {3600, 6}, {5400, 6}, {5400, 10}, {7200, 10}}));

    list->select(second);
    QCOMPARE(chart->profileId(), second);
    QCOMPARE(periods->model()->rowCount(), 1);
}

void TestChargingProfileChart::section_periodStartInMinutes_isStoredInSecondsAndShownBack()
{
    // The periods' form takes durations as every form does (unitfieldeditors.h): a number and
    // a unit, stored in seconds, as the specification's "Start point = 6, Unit = Hours".
    const qint64 id = profile("MINUTES", {{"kind", "one_time"}, {"unit", "W"}}, {{0, 5000}});
    MainWindow window(*m_repo, m_system);
    window.show();
    QVERIFY(window.showSection("chargingProfiles"));
    auto *list = window.sectionPage("chargingProfiles")->findChild<ListPage *>();
    auto *periods = list->findChild<QTableView *>("periodTable");
    list->select(id);

    auto added = std::make_shared<bool>(false);
    Test::onModal(
        &window, {},
        [](QWidget *dialog) {
            Test::fill(dialog, "start_offset_s", "15");
            Test::fill(dialog, "start_offset_s_unit", "minutes");
            Test::fill(dialog, "limit_value", 7400);
            Test::clickSave(dialog);
        },
        added);
    QTest::mouseClick(list->findChild<QPushButton *>("addChild"), Qt::LeftButton);
    QVERIFY(*added);
    QTRY_COMPARE(periods->model()->rowCount(), 2);
    ListQuery q;
    q.filters << ListQuery::Filter{"profile_id", ListQuery::Filter::Op::Equals, id}
              << ListQuery::Filter{"limit_value", ListQuery::Filter::Op::Equals, 7400};
    const QList<Record> stored = m_repo->list(m_system, Tables::ChargingProfilePeriods, q).value();
    QCOMPARE(stored.size(), 1);
    QCOMPARE(stored.first().value("start_offset_s").toLongLong(), 900);
    QCOMPARE(periods->model()->index(1, 0).data().toString(), formatDuration(900));

    // Opened again, the period reads as it was typed: 15 minutes.
    QString shown, unit;
    auto opened = std::make_shared<bool>(false);
    Test::onModal(
        &window, {},
        [&shown, &unit](QWidget *dialog) {
            shown = dialog->findChild<QLineEdit *>("field_start_offset_s")->text();
            unit = dialog->findChild<QComboBox *>("field_start_offset_s_unit")->currentText();
            static_cast<QDialog *>(dialog)->reject();
        },
        opened);
    QTest::mouseClick(list->findChild<QPushButton *>("openChild"), Qt::LeftButton);
    QVERIFY(*opened);
    QCOMPARE(shown, QStringLiteral("15"));
    QCOMPARE(unit, QStringLiteral("minutes"));
}

QTEST_MAIN(TestChargingProfileChart)
#include "tst_chargingprofilechart.moc"
