#include "core/catalog.h"
#include "core/clock.h"
#include "core/repository.h"
#include "support/repositoryfixture.h"
#include "support/testdata.h"
#include "ui/widgets/listpage.h"
#include "ui/widgets/recordtablemodel.h"
#include "ui/widgets/rowexport.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace ChargeDesk;
using namespace ChargeDesk::Core;
using namespace ChargeDesk::Ui;

// The one list page: paging by the database, filters, live rows, scoping and exports.
class TestListPage : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void model_passesTheItemModelTester();
    void model_hundredThousandRows_readsOnlyThePagesLookedAt();
    void exportAll_hundredThousandRows_writesEveryRowInOrder();
    void filters_textAndReference_narrowTheList();
    void filters_numberField_takesOnlyNumbers();
    void filters_fixedFilterStaysAndReferencedFieldFilters();
    void sort_byColumn_ordersInTheDatabase();
    void liveRows_updatedInPlaceAndAddedByRecount();
    void operatorUser_seesOnlyTheirRows();
    void csvLine_quotesWhatNeedsQuoting();

private:
    qint64 create(const QString &table, const Record &values);
    // `count` OCPP log rows for one station in one statement, at one per second.
    void insertLogRows(qint64 stationId, int count);

    FakeClock m_clock{QDateTime(QDate(2026, 11, 26), QTime(8, 0), Qt::UTC)};
    std::unique_ptr<ChargeDesk::Test::RepositoryFixture> m_fx;
    Database *m_db = nullptr;
    Repository *m_repo = nullptr;
    const Actor m_system = Actor::system();
};

void TestListPage::init()
{
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

QTEST_MAIN(TestListPage)
#include "tst_listpage.moc"
