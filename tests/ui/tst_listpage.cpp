#include "core/catalog.h"
#include "core/clock.h"
#include "core/repository.h"
#include "support/repositoryfixture.h"
#include "support/testdata.h"
#include "ui/widgets/columnchooser.h"
#include "ui/widgets/listpage.h"
#include "ui/widgets/listview.h"
#include "ui/widgets/recordtablemodel.h"
#include "ui/widgets/rowexport.h"
#include "ui/widgets/valueformat.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QComboBox>
#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace ChargeDesk;
using namespace ChargeDesk::Core;
using namespace ChargeDesk::Ui;

// The one list page: paging by the database, filters, live rows, scoping and exports.
class TestListPage : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void model_passesTheItemModelTester();
    void detailsPane_putAwayAndRememberedPerList();
    void detailsPane_fieldsBesideTheColumns_readAsTheListWouldShowThem();
    void model_hundredThousandRows_readsOnlyThePagesLookedAt();
    void exportAll_hundredThousandRows_writesEveryRowInOrder();
    void filters_textAndReference_narrowTheList();
    void filters_numberField_takesOnlyNumbers();
    void filters_fixedFilterStaysAndReferencedFieldFilters();
    void sort_byColumn_ordersInTheDatabase();
    void liveRows_updatedInPlaceAndAddedByRecount();
    void operatorUser_seesOnlyTheirRows();
    void csvLine_quotesWhatNeedsQuoting();
    void connectorReference_readsAsStationAndNumber();
    void connectorsList_leadsWithTheStation();
    void sessionDuration_open_growsWithTheClockAndOnlyItsCellRepaints();
    void startTime_today_isTimeOfDayOnly();
    void statusColumns_areChipsWithALegend();
    void columnChooser_hidesAColumnAndRemembersIt();
    void columns_sizedToContent_noWiderThanAShareOfTheView();
    void emptyList_saysWhatWouldAppearAndHowToAddIt();

private:
    qint64 create(const QString &table, const Record &values);
    // `count` OCPP log rows for one station in one statement, at one per second.
    void insertLogRows(qint64 stationId, int count);
    // A connector numbered `number` of a new charger of a new station called `stationName`.
    qint64 createConnector(const QString &stationName, int number, const QString &status = "available");
    qint64 createSession(qint64 connectorId, const Record &values);

    FakeClock m_clock{QDateTime(QDate(2026, 11, 26), QTime(8, 0), Qt::UTC)};
    std::unique_ptr<ChargeDesk::Test::RepositoryFixture> m_fx;
    Database *m_db = nullptr;
    Repository *m_repo = nullptr;
    const Actor m_system = Actor::system();
};

void TestListPage::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestListPage::init()
{
    QSettings().clear();
    m_fx = std::make_unique<ChargeDesk::Test::RepositoryFixture>(m_clock);
    QVERIFY2(m_fx->isValid(), qPrintable(m_fx->error));
    m_db = m_fx->db.get();
    m_repo = m_fx->repo.get();
}

void TestListPage::cleanup()
{
    m_repo = nullptr;
    m_db = nullptr;
    m_fx.reset();
}

qint64 TestListPage::create(const QString &table, const Record &values)
{
    auto id = m_repo->create(m_system, table, values);
    if (!id)
        qWarning("create %s: %s", qPrintable(table), qPrintable(id.error().message()));
    return id ? id.value() : 0;
}

qint64 TestListPage::createConnector(const QString &stationName, int number, const QString &status)
{
    const QString code = stationName.left(3).toUpper() + QString::number(number);
    const qint64 station = Test::createStation(*m_repo, Test::createArea(*m_repo, code + "-A"), code);
    if (!m_repo->update(m_system, Tables::Stations, station, {{"name", stationName}}))
        return 0;
    const qint64 charger = create(
        Tables::Chargers,
        {{"code", code + "-C"}, {"name", "Charger 1"}, {"station_id", station}, {"current_type", "ac_three_phase"}});
    return create(Tables::Connectors, {{"code", QString::number(number)},
                                       {"name", QStringLiteral("Connector %1").arg(number)},
                                       {"charger_id", charger},
                                       {"connector_number", number},
                                       {"status", status}});
}

qint64 TestListPage::createSession(qint64 connectorId, const Record &values)
{
    Record session{{"code", QUuid::createUuid().toString(QUuid::WithoutBraces)},
                   {"authorization_mode", "public_free"},
                   {"connector_id", connectorId}};
    for (auto it = values.cbegin(); it != values.cend(); ++it)
        session.insert(it.key(), it.value());
    return create(Tables::Sessions, session);
}

void TestListPage::insertLogRows(qint64 stationId, int count)
{
    // One statement both backends understand, so that the test does not wait on 100,000 round trips.
    auto inserted = m_db->exec(
        QStringLiteral(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
            "INSERT INTO ocpp_messages (station_id, at, direction, message_type, message_id, action, payload) "
            "SELECT ?, 1795000000000 + i * 1000, 'in', 2, 'm' || i, 'Heartbeat', '{}' FROM n"),
        {count, stationId});
    QVERIFY2(inserted.ok(), inserted.ok() ? "" : qPrintable(inserted.error().message()));
}

void TestListPage::model_passesTheItemModelTester()
{
    const qint64 area = Test::createArea(*m_repo, "GARAGE");
    for (int i = 1; i <= 450; ++i)
        Test::createStation(*m_repo, area, QStringLiteral("ST-%1").arg(i, 3, 10, QLatin1Char('0')));
    RecordTableModel model(*m_repo, m_system, Tables::Stations,
                           {"code", "name", "area_id", "created_at", "connection_policy"});
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 450);
    QCOMPARE(model.columnCount(), 5);
    // A choice reads as words in the window and stays a code in an export.
    QCOMPARE(model.index(0, 4).data().toString(), QStringLiteral("WS"));
    QCOMPARE(model.cellText(model.recordAt(0), 4, RecordTableModel::Purpose::Export), QStringLiteral("ws"));
    QCOMPARE(model.headerData(2, Qt::Horizontal).toString(), QStringLiteral("Area"));
    // References show the referenced row's name, not its id.
    QCOMPARE(model.index(0, 2).data().toString(),
             m_repo->get(m_system, Tables::Areas, area).value().value("name").toString());
    QCOMPARE(model.index(449, 0).data().toString(), QStringLiteral("ST-450")); // past the first page
    model.sort(0, Qt::DescendingOrder);
    QCOMPARE(model.index(0, 0).data().toString(), QStringLiteral("ST-450"));
}

void TestListPage::model_hundredThousandRows_readsOnlyThePagesLookedAt()
{
    const qint64 station = Test::createStation(*m_repo, Test::createArea(*m_repo, "GARAGE"), "LOGGED");
    insertLogRows(station, 100000);
    ListPage page(*m_repo, m_system, {Tables::OcppMessages, {"at", "direction", "message_id", "action"}, {}, "at"});
    page.resize(1000, 600);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    RecordTableModel &model = page.model();
    QCOMPARE(model.rowCount(), 100000);
    // The view jumps to the end, as a user dragging the scroll bar does.
    page.view().scrollToBottom();
    page.view().viewport()->repaint(); // the rows painted now, as the user sees them
    QCOMPARE(model.index(99999, 2).data().toString(), QStringLiteral("m100000"));
    page.view().scrollTo(model.index(50000, 0));
    page.view().viewport()->repaint();
    QCOMPARE(model.index(50000, 2).data().toString(), QStringLiteral("m50001"));
    // Only the pages that were shown are in memory, however far the user scrolls.
    QVERIFY2(model.pagesInMemory() <= 4, qPrintable(QString::number(model.pagesInMemory())));
    for (int row = 0; row < 100000; row += 997)
        QVERIFY(!model.index(row, 0).data().toString().isEmpty());
    QCOMPARE(model.pagesInMemory(), RecordTableModel::MaxPages);
    QVERIFY(page.findChild<QLabel *>("summary")->text().contains("100,000"));
}

void TestListPage::exportAll_hundredThousandRows_writesEveryRowInOrder()
{
    const qint64 station = Test::createStation(*m_repo, Test::createArea(*m_repo, "GARAGE"), "LOGGED");
    insertLogRows(station, 100000);
    ListPage page(*m_repo, m_system,
                  {Tables::OcppMessages, {"at", "station_id", "direction", "message_id", "action"}, {}, "at", true});
    QTemporaryDir dir;
    const QString fileName = dir.filePath("log.csv");
    QVERIFY(page.exportAll(fileName));

    QFile file(fileName);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().split('\n');
    QCOMPARE(lines.size(), 100000 + 2); // header, rows, and the empty piece after the last CRLF
    QVERIFY(lines.first().startsWith("\xEF\xBB\xBF"
                                     "Time,Station,Direction,Message ID,Action"));
    // Newest first, as the list is sorted; the station by its name; times in ISO 8601.
    QVERIFY2(lines.at(1).contains(",LOGGED,in,m100000,Heartbeat"), lines.at(1).constData());
    QVERIFY2(lines.at(100000).contains(",LOGGED,in,m1,Heartbeat"), lines.at(100000).constData());
    const QDateTime first = QDateTime::fromString(QString::fromUtf8(lines.at(100000).split(',').first()), Qt::ISODate);
    QCOMPARE(first.toMSecsSinceEpoch(), 1795000000000 + 1000);
}

void TestListPage::filters_textAndReference_narrowTheList()
{
    const qint64 garage = Test::createArea(*m_repo, "GARAGE");
    const qint64 hotel = Test::createArea(*m_repo, "HOTEL");
    Test::createStation(*m_repo, garage, "G-WALLBOX-1");
    Test::createStation(*m_repo, garage, "G-WALLBOX-2");
    Test::createStation(*m_repo, garage, "G-DC-1");
    Test::createStation(*m_repo, hotel, "H-WALLBOX-1");
    ListPage page(*m_repo, m_system, {Tables::Stations, {"code", "name", "area_id"}, {"name", "area_id"}, "code"});
    QCOMPARE(page.model().rowCount(), 4);

    auto *name = page.findChild<QLineEdit *>("filter_name");
    QVERIFY(name);
    QTest::keyClicks(name, "wallbox");
    QTRY_COMPARE(page.model().rowCount(), 3);
    auto *area = page.findChild<QComboBox *>("filter_area_id");
    QVERIFY(area);
    area->setCurrentIndex(area->findData(hotel));
    QCOMPARE(page.model().rowCount(), 1);
    QCOMPARE(page.model().index(0, 0).data().toString(), QStringLiteral("H-WALLBOX-1"));
    QVERIFY(page.findChild<QLabel *>("summary")->text().contains("match"));

    QTest::mouseClick(page.findChild<QPushButton *>("clearFilters"), Qt::LeftButton);
    QCOMPARE(page.model().rowCount(), 4);
    QCOMPARE(name->text(), QString());
}

void TestListPage::filters_numberField_takesOnlyNumbers()
{
    const qint64 station = Test::createStation(*m_repo, Test::createArea(*m_repo, "GARAGE"), "LOGGED");
    insertLogRows(station, 30);
    QVERIFY(m_db->exec("UPDATE ocpp_messages SET message_type = 3 WHERE message_id IN ('m1', 'm2')").ok());
    ListPage page(*m_repo, m_system,
                  {Tables::OcppMessages, {"at", "message_type", "message_id"}, {"message_type"}, "at"});
    auto *type = page.findChild<QLineEdit *>("filter_message_type");
    QVERIFY(type);
    QTest::keyClicks(type, "x3y");
    QCOMPARE(type->text(), QStringLiteral("3")); // letters never reach the database
    QTRY_COMPARE(page.model().rowCount(), 2);
    QVERIFY(page.model().errorString().isEmpty());
}

void TestListPage::filters_fixedFilterStaysAndReferencedFieldFilters()
{
    const qint64 city = create(Tables::Operators, {{"code", "CITY"}, {"name", "City"}});
    const qint64 hotelOp = create(Tables::Operators, {{"code", "HOTEL"}, {"name", "Hotel"}});
    const qint64 cityArea = Test::createArea(*m_repo, "CITY-A");
    const qint64 hotelArea = Test::createArea(*m_repo, "HOTEL-A");
    QVERIFY(m_repo->update(m_system, Tables::Areas, cityArea, {{"operator_id", city}}).ok());
    QVERIFY(m_repo->update(m_system, Tables::Areas, hotelArea, {{"operator_id", hotelOp}}).ok());
    Test::createStation(*m_repo, cityArea, "C-1");
    Test::createStation(*m_repo, hotelArea, "H-1");
    Test::createStation(*m_repo, hotelArea, "H-2");
    Test::createStation(*m_repo, hotelArea, "H-3");

    ListSpec spec{Tables::Stations, {"code", "area_id"}, {"area_id.operator_id", "name"}, "code"};
    // Fixed: never station H-3, whatever the user does with the filters.
    spec.fixedFilters << ListQuery::Filter{"name", ListQuery::Filter::Op::Contains, "-"}
                      << ListQuery::Filter{"id", ListQuery::Filter::Op::AtLeast, 0};
    const qint64 h3 = m_repo->getByCode(m_system, Tables::Stations, "H-3").value().value("id").toLongLong();
    QVERIFY(m_repo->update(m_system, Tables::Stations, h3, {{"name", "Three"}}).ok());
    ListPage page(*m_repo, m_system, spec);
    QCOMPARE(page.model().rowCount(), 3);
    // The operator filter offers operators, labelled as the referenced field.
    auto *byOperator = page.findChild<QComboBox *>("filter_area_id.operator_id");
    QVERIFY(byOperator);
    QCOMPARE(byOperator->itemText(0), QStringLiteral("Operator: all"));
    byOperator->setCurrentIndex(byOperator->findData(hotelOp));
    QCOMPARE(page.model().rowCount(), 2);
    QCOMPARE(page.model().index(0, 0).data().toString(), QStringLiteral("H-1"));
    byOperator->setCurrentIndex(byOperator->findData(city));
    QCOMPARE(page.model().rowCount(), 1);
    QCOMPARE(page.model().index(0, 0).data().toString(), QStringLiteral("C-1"));

    QTest::mouseClick(page.findChild<QPushButton *>("clearFilters"), Qt::LeftButton);
    QCOMPARE(page.model().rowCount(), 3); // H-3 stays out
    // A row added later still meets the fixed filters before it is shown.
    Test::createStation(*m_repo, hotelArea, "H-4");
    QTRY_COMPARE(page.model().rowCount(), 4);
    const qint64 h4 = m_repo->getByCode(m_system, Tables::Stations, "H-4").value().value("id").toLongLong();
    QVERIFY(m_repo->update(m_system, Tables::Stations, h4, {{"name", "Four"}}).ok());
    page.model().reload();
    QCOMPARE(page.model().rowCount(), 3);
}

void TestListPage::sort_byColumn_ordersInTheDatabase()
{
    const qint64 area = Test::createArea(*m_repo, "GARAGE");
    for (const char *code : {"B", "C", "A"})
        Test::createStation(*m_repo, area, code);
    ListPage page(*m_repo, m_system, {Tables::Stations, {"id", "code"}, {}, "id"});
    QCOMPARE(page.model().index(0, 1).data().toString(), QStringLiteral("B"));
    page.view().sortByColumn(1, Qt::AscendingOrder);
    QCOMPARE(page.model().index(0, 1).data().toString(), QStringLiteral("A"));
    page.view().sortByColumn(1, Qt::DescendingOrder);
    QCOMPARE(page.model().index(0, 1).data().toString(), QStringLiteral("C"));
}

void TestListPage::liveRows_updatedInPlaceAndAddedByRecount()
{
    const qint64 area = Test::createArea(*m_repo, "GARAGE");
    const qint64 station = Test::createStation(*m_repo, area, "ST-1");
    ListPage page(*m_repo, m_system, {Tables::Stations, {"code", "name"}, {}, "code", false, {"code", "name"}});
    RecordTableModel &model = page.model();
    QCOMPARE(model.index(0, 1).data().toString(), m_repo->get(m_system, Tables::Stations, station).value()["name"]);
    page.select(station);
    QCOMPARE(page.currentId(), station);

    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QVERIFY(m_repo->update(m_system, Tables::Stations, station, {{"name", "Renamed wallbox"}}).ok());
    QCOMPARE(model.index(0, 1).data().toString(), QStringLiteral("Renamed wallbox"));
    QCOMPARE(resets.size(), 0); // the selection stays
    QCOMPARE(changed.size(), 1);
    QCOMPARE(page.currentId(), station);
    // The details pane follows the row.
    bool shown = false;
    for (QLabel *label : page.findChild<QWidget *>("detailsPane")->findChildren<QLabel *>())
        shown = shown || label->text() == QLatin1String("Renamed wallbox");
    QVERIFY(shown);

    Test::createStation(*m_repo, area, "ST-2");
    QTRY_COMPARE(model.rowCount(), 2);
}

void TestListPage::detailsPane_putAwayAndRememberedPerList()
{
    const qint64 station = Test::createStation(*m_repo, Test::createArea(*m_repo, "GARAGE"), "ST-1");
    const ListSpec spec{Tables::Stations, {"code", "name"}, {}, "code", false, {"code", "name"}};
    {
        ListPage page(*m_repo, m_system, spec);
        page.resize(900, 500);
        page.show();
        page.select(station);
        auto *pane = page.findChild<QWidget *>("detailsPane");
        QVERIFY(pane->isVisible());
        QVERIFY(pane->width() >= pane->minimumWidth());
        QVERIFY(pane->minimumWidth() > 150); // a label and a value side by side, not "Char"
        auto *toggle = page.findChild<QAction *>("detailsAction");
        QVERIFY(toggle && toggle->isChecked());
        toggle->trigger();
        QVERIFY(!pane->isVisible());
        page.select(station); // selecting again does not bring it back
        QVERIFY(!pane->isVisible());
    }
    ListPage again(*m_repo, m_system, spec);
    again.show();
    again.select(station);
    QVERIFY(!again.findChild<QWidget *>("detailsPane")->isVisible());
    again.findChild<QAction *>("detailsAction")->trigger();
    QVERIFY(again.findChild<QWidget *>("detailsPane")->isVisible());
}

void TestListPage::detailsPane_fieldsBesideTheColumns_readAsTheListWouldShowThem()
{
    const QLocale before;
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedKingdom));
    setDisplayCurrency(QStringLiteral("EUR"));
    const qint64 settings = create(Tables::RatingSettings, {{"name", "Standard"},
                                                            {"energy_price_minor", 35},
                                                            {"energy_limit_wh", 50000},
                                                            {"park_time_threshold_s", 900},
                                                            {"termination", "parking_end"}});
    const ListSpec spec{
        .table = Tables::RatingSettings,
        .columns = {"name"},
        .detailFields = {"energy_price_minor", "energy_limit_wh", "park_time_threshold_s", "termination"}};
    ListPage page(*m_repo, m_system, spec);
    page.show();
    page.select(settings);
    QStringList shown;
    for (const QLabel *label : page.findChild<QWidget *>("detailsPane")->findChildren<QLabel *>())
        shown << label->text();
    setDisplayCurrency(QString());
    QLocale::setDefault(before);
    // Not "35", "50000", "900" and "parking_end".
    for (const QString &text : {QStringLiteral("€0.35"), QStringLiteral("50.00 kWh"), QStringLiteral("15 min"),
                                QStringLiteral("Parking end")})
        QVERIFY2(shown.contains(text), qPrintable(shown.join(" | ")));
}

void TestListPage::operatorUser_seesOnlyTheirRows()
{
    const qint64 city = create(Tables::Operators, {{"code", "CITY"}, {"name", "City"}});
    const qint64 hotelOp = create(Tables::Operators, {{"code", "HOTEL"}, {"name", "Hotel"}});
    const qint64 cityArea = Test::createArea(*m_repo, "CITY-A");
    const qint64 hotelArea = Test::createArea(*m_repo, "HOTEL-A");
    QVERIFY(m_repo->update(m_system, Tables::Areas, cityArea, {{"operator_id", city}}).ok());
    QVERIFY(m_repo->update(m_system, Tables::Areas, hotelArea, {{"operator_id", hotelOp}}).ok());
    Test::createStation(*m_repo, cityArea, "C-1");
    Test::createStation(*m_repo, hotelArea, "H-1");
    Test::createStation(*m_repo, hotelArea, "H-2");

    const Actor cityUser{42, "ops@city.example", false, city};
    ListPage page(*m_repo, cityUser, {Tables::Stations, {"code", "area_id"}, {"area_id"}, "code"});
    QCOMPARE(page.model().rowCount(), 1);
    QCOMPARE(page.model().index(0, 0).data().toString(), QStringLiteral("C-1"));
    // The area filter offers only the areas this user may see.
    auto *area = page.findChild<QComboBox *>("filter_area_id");
    QCOMPARE(area->count(), 2); // "all" and CITY-A
    QCOMPARE(area->itemData(1).toLongLong(), cityArea);
}

void TestListPage::csvLine_quotesWhatNeedsQuoting()
{
    QCOMPARE(RowExport::csvLine({"plain", "with,comma", "say \"hi\"", "two\nlines", "", "Žalec"}),
             QByteArray("plain,\"with,comma\",\"say \"\"hi\"\"\",\"two\nlines\",,\xC5\xBD"
                        "alec\r\n"));
}

void TestListPage::connectorReference_readsAsStationAndNumber()
{
    const qint64 connector = createConnector("Ljubljana Centre", 2);
    createSession(connector, {{"status", "closed"}});
    RecordTableModel model(*m_repo, m_system, Tables::Sessions, {"connector_id", "status"});
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    // "Connector 2" would name no place: the station says where it is.
    QCOMPARE(model.index(0, 0).data().toString(), QStringLiteral("Ljubljana Centre · 2"));

    // A heartbeat stamps the station's row; the list has nothing new to show.
    const qint64 station = m_repo->getByCode(m_system, Tables::Stations, "LJU2").value().value("id").toLongLong();
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QVERIFY(m_repo->update(m_system, Tables::Stations, station, {{"last_heartbeat_at", m_clock.nowMs()}}).ok());
    QCOMPARE(changed.size(), 0);
    // A renamed station renames its connectors.
    QVERIFY(m_repo->update(m_system, Tables::Stations, station, {{"name", "Maribor Centre"}}).ok());
    QCOMPARE(changed.size(), 1);
    QCOMPARE(model.index(0, 0).data().toString(), QStringLiteral("Maribor Centre · 2"));
}

void TestListPage::connectorsList_leadsWithTheStation()
{
    createConnector("Ljubljana Centre", 2);
    ListPage page(*m_repo, m_system,
                  {.table = Tables::Connectors,
                   .columns = {"charger_id.station_id", "connector_number", "name", "code"},
                   .orderBy = "charger_id",
                   .hiddenColumns = {"code"}});
    RecordTableModel &model = page.model();
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.headerData(0, Qt::Horizontal).toString(), QStringLiteral("Station"));
    QCOMPARE(model.index(0, 0).data().toString(), QStringLiteral("Ljubljana Centre"));
    QCOMPARE(model.cellText(model.recordAt(0), 0, RecordTableModel::Purpose::Export),
             QStringLiteral("Ljubljana Centre"));
    QVERIFY(page.view().isColumnHidden(3)); // its code says less than the station and number
    // The database cannot order by another table's field: the order stays as it was.
    page.view().sortByColumn(0, Qt::AscendingOrder);
    QVERIFY(model.errorString().isEmpty());
    QCOMPARE(model.rowCount(), 1);
}

void TestListPage::sessionDuration_open_growsWithTheClockAndOnlyItsCellRepaints()
{
    m_clock.set(QDateTime(QDate(2026, 11, 26), QTime(12, 0), Qt::UTC));
    const qint64 connector = createConnector("Ljubljana Centre", 1, "charging");
    const qint64 now = m_clock.nowMs();
    // Closed an hour ago after 5 min of charging; open and charging for 10 min.
    const qint64 closed = createSession(
        connector,
        {{"status", "closed"}, {"started_at", now - 3'900'000}, {"ended_at", now - 3'600'000}, {"charge_s", 300}});
    const qint64 open = createSession(connector, {{"status", "in_progress"},
                                                  {"started_at", now - 600'000},
                                                  {"scope_status", "charging"},
                                                  {"scope_since", now - 600'000},
                                                  {"power_w", 7400}});
    ListPage page(*m_repo, m_system,
                  {.table = Tables::Sessions,
                   .columns = {"connector_id", "started_at", "duration", "power_w", "status"},
                   .orderBy = "started_at",
                   .descending = true});
    RecordTableModel &model = page.model();
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.headerData(2, Qt::Horizontal).toString(), QStringLiteral("Duration"));
    model.recordAt(0); // reads the first page
    const int openRow = model.rowOf(open);
    const int closedRow = model.rowOf(closed);
    QCOMPARE(model.index(openRow, 2).data().toString(), QStringLiteral("10 min"));
    QCOMPARE(model.index(closedRow, 2).data().toString(), QStringLiteral("5 min"));
    // Power "now" is an open session's; a closed one draws none.
    QCOMPARE(model.index(openRow, 3).data().toString(), QStringLiteral("7.4 kW"));
    QCOMPARE(model.index(closedRow, 3).data().toString(), QString());

    m_clock.advance(3600);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QVERIFY(changed.wait(3000)); // the next tick
    for (const QList<QVariant> &signal : std::as_const(changed)) {
        const auto from = signal.at(0).value<QModelIndex>();
        const auto to = signal.at(1).value<QModelIndex>();
        QCOMPARE(from.row(), openRow);
        QCOMPARE(to.row(), openRow);
        QCOMPARE(from.column(), 2);
        QCOMPARE(to.column(), 2);
    }
    QCOMPARE(model.index(openRow, 2).data().toString(), QStringLiteral("1 h 10 min"));
    QCOMPARE(model.index(closedRow, 2).data().toString(), QStringLiteral("5 min"));
    QCOMPARE(model.cellText(model.recordAt(openRow), 2, RecordTableModel::Purpose::Export), QStringLiteral("4200"));
}

void TestListPage::startTime_today_isTimeOfDayOnly()
{
    m_clock.set(QDateTime(QDate(2026, 11, 26), QTime(12, 0), Qt::UTC));
    const qint64 connector = createConnector("Ljubljana Centre", 1);
    const qint64 now = m_clock.nowMs();
    createSession(connector, {{"status", "closed"}, {"started_at", now - 60'000}});
    createSession(connector, {{"status", "closed"}, {"started_at", now - 3 * 86'400'000LL}});
    RecordTableModel model(*m_repo, m_system, Tables::Sessions, {"started_at"});
    model.sort(0, Qt::DescendingOrder);
    const QDateTime today = QDateTime::fromMSecsSinceEpoch(now - 60'000, Qt::UTC).toLocalTime();
    QCOMPARE(model.index(0, 0).data().toString(), QLocale().toString(today.time(), QLocale::ShortFormat));
    const QDateTime before = QDateTime::fromMSecsSinceEpoch(now - 3 * 86'400'000LL, Qt::UTC).toLocalTime();
    QCOMPARE(model.index(1, 0).data().toString(), QLocale().toString(before, QLocale::ShortFormat));
    // A file keeps the whole instant.
    QCOMPARE(model.cellText(model.recordAt(0), 0, RecordTableModel::Purpose::Export), exportTimestamp(now - 60'000));
}

void TestListPage::statusColumns_areChipsWithALegend()
{
    createConnector("Ljubljana Centre", 1, "faulted");
    ListPage page(*m_repo, m_system, {.table = Tables::Connectors, .columns = {"connector_number", "status"}});
    RecordTableModel &model = page.model();
    QVERIFY(!model.isStatusColumn(0));
    QVERIFY(model.isStatusColumn(1));
    QCOMPARE(model.index(0, 1).data().toString(), QStringLiteral("Faulted"));
    QCOMPARE(model.index(0, 1).data(RecordTableModel::StatusColorRole).value<QColor>(), statusColor("faulted"));
    QVERIFY(!model.index(0, 0).data(RecordTableModel::StatusColorRole).isValid());
    QVERIFY(page.view().itemDelegateForColumn(1));
    QVERIFY(!page.view().itemDelegateForColumn(0));
    auto *legend = page.findChild<QLabel *>("statusLegend");
    QVERIFY(legend);
    for (const char *words : {"Available", "Charging", "Faulted"})
        QVERIFY2(legend->text().contains(words), qPrintable(legend->text()));
    QVERIFY(legend->text().contains(statusColor("faulted").name()));

    // A station's connection is a status too; a list of areas has none.
    ListPage stations(*m_repo, m_system, {.table = Tables::Stations, .columns = {"name", "connected"}});
    QVERIFY(stations.model().isStatusColumn(1));
    QVERIFY(stations.findChild<QLabel *>("statusLegend")->text().contains("Offline"));
    QCOMPARE(stations.model().index(0, 1).data().toString(), QStringLiteral("Offline"));
    ListPage areas(*m_repo, m_system, {.table = Tables::Areas, .columns = {"code", "name"}});
    QVERIFY(!areas.findChild<QLabel *>("statusLegend"));
}

void TestListPage::columnChooser_hidesAColumnAndRemembersIt()
{
    Test::createStation(*m_repo, Test::createArea(*m_repo, "GARAGE"), "ST-1");
    const ListSpec spec{.table = Tables::Stations, .columns = {"code", "name", "area_id"}, .hiddenColumns = {"code"}};
    {
        ListPage page(*m_repo, m_system, spec);
        page.show();
        QVERIFY(page.view().isColumnHidden(0));
        QVERIFY(!page.view().isColumnHidden(2));
        // A right click on the header offers every column, the hidden ones unchecked.
        QHeaderView *header = page.view().horizontalHeader();
        emit header->customContextMenuRequested(QPoint(5, 5));
        QMenu *menu = nullptr;
        QTRY_VERIFY((menu = header->findChild<QMenu *>("columnMenu")));
        QCOMPARE(menu->actions().size(), 3);
        QCOMPARE(menu->actions().at(0)->text(), QStringLiteral("Code"));
        QVERIFY(!menu->actions().at(0)->isChecked());
        QVERIFY(menu->actions().at(2)->isChecked());
        menu->actions().at(2)->trigger(); // hide the area
        menu->actions().at(0)->trigger(); // show the code
        menu->close();
        QVERIFY(page.view().isColumnHidden(2));
        QVERIFY(!page.view().isColumnHidden(0));
        QCOMPARE(QSettings().value("lists/stations/hidden").toStringList(), QStringList{"area_id"});
    }
    // The next time the list opens, the user's choice holds, not the list's default.
    ListPage again(*m_repo, m_system, spec);
    QVERIFY(again.view().isColumnHidden(2));
    QVERIFY(!again.view().isColumnHidden(0));
    // The last column cannot be hidden: the header would be gone with it.
    auto *chooser = again.findChild<ColumnChooser *>("columnChooser");
    QVERIFY(chooser);
    chooser->setColumnHidden("code", true);
    chooser->setColumnHidden("name", true);
    QCOMPARE(chooser->hiddenColumns(), (QStringList{"code", "area_id"}));
}

void TestListPage::columns_sizedToContent_noWiderThanAShareOfTheView()
{
    const qint64 station = Test::createStation(*m_repo, Test::createArea(*m_repo, "GARAGE"), "ST-1");
    QVERIFY(m_repo->update(m_system, Tables::Stations, station, {{"name", QString(90, QLatin1Char('W'))}}).ok());
    ListPage page(*m_repo, m_system, {.table = Tables::Stations, .columns = {"code", "name", "protocol"}});
    page.resize(1000, 500);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    const int viewWidth = page.view().viewport()->width();
    QVERIFY2(page.view().columnWidth(1) <= viewWidth * 2 / 5, qPrintable(QString::number(page.view().columnWidth(1))));
    QVERIFY(page.view().columnWidth(1) >= viewWidth / 3); // as wide as allowed, for a long name
    // A short code gets no more than its title and text need.
    const int code = page.view().columnWidth(0);
    QVERIFY2(code < 120, qPrintable(QString::number(code)));
    // Widths the user sets stay when rows change.
    page.view().setColumnWidth(0, 150);
    Test::createStation(*m_repo, Test::createArea(*m_repo, "HOTEL"), "ST-2");
    QTRY_COMPARE(page.model().rowCount(), 2);
    QCOMPARE(page.view().columnWidth(0), 150);
}

void TestListPage::emptyList_saysWhatWouldAppearAndHowToAddIt()
{
    ListPage page(*m_repo, m_system,
                  {.table = Tables::Stations,
                   .columns = {"code", "name"},
                   .filters = {"name"},
                   .emptyText = "No stations yet. Click New to add one, or start the console with --demo."});
    auto *view = qobject_cast<ListView *>(&page.view());
    QVERIFY(view);
    QCOMPARE(view->emptyText(),
             QStringLiteral("No stations yet. Click New to add one, or start the console with --demo."));
    page.resize(800, 400);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    // The hint is painted in the viewport: without it the viewport looks different.
    const QImage withHint = view->viewport()->grab().toImage();
    const QString hint = view->emptyText();
    view->setEmptyText({});
    QVERIFY(view->viewport()->grab().toImage() != withHint);
    view->setEmptyText(hint);

    // Nothing matching the filters is another matter.
    Test::createStation(*m_repo, Test::createArea(*m_repo, "GARAGE"), "ST-1");
    QTRY_COMPARE(page.model().rowCount(), 1);
    QTest::keyClicks(page.findChild<QLineEdit *>("filter_name"), "nothing like it");
    QTRY_COMPARE(page.model().rowCount(), 0);
    QVERIFY2(view->emptyText().contains("match the filters"), qPrintable(view->emptyText()));

    // Without a text of its own, a list says what it lists, and how to add one when the user may.
    ListPage plain(*m_repo, m_system, {.table = Tables::Customers, .columns = {"code", "name"}});
    auto *plainView = qobject_cast<ListView *>(&plain.view());
    QCOMPARE(plainView->emptyText(), QStringLiteral("No customers yet. Click New to add one."));
    plain.setEditable(false);
    QCOMPARE(plainView->emptyText(), QStringLiteral("No customers yet."));
}

QTEST_MAIN(TestListPage)
#include "tst_listpage.moc"
