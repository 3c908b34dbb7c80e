#include "support/fakefleet.h"
#include "ui/demo/simulatedfleetmodel.h"

#include <QAbstractItemModelTester>
#include <QColor>
#include <QSignalSpy>
#include <QTest>

using namespace ChargeDesk::Ui;
using Model = SimulatedFleetModel;

class TestSimulatedFleetModel : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void rows_stationsWithTheirConnectors();
    void values_formattedWithUnitsInHeaders();
    void statusColor_followsStatusAndConnection_data();
    void statusColor_followsStatusAndConnection();
    void changed_updatesValuesWithoutReset();
    void changed_connectorAdded_insertsRows();
    void changed_otherStations_resets();

private:
    FakeFleet *m_fleet = nullptr;
    Model *m_model = nullptr;
    QAbstractItemModelTester *m_tester = nullptr;
};

void TestSimulatedFleetModel::init()
{
    m_fleet = FakeFleet::demo(this);
    m_model = new Model(*m_fleet, this);
    m_tester = new QAbstractItemModelTester(m_model, QAbstractItemModelTester::FailureReportingMode::QtTest, this);
}

void TestSimulatedFleetModel::cleanup()
{
    delete m_tester;
    delete m_model;
    delete m_fleet;
}

void TestSimulatedFleetModel::rows_stationsWithTheirConnectors()
{
    QCOMPARE(m_model->rowCount(), 2);
    QCOMPARE(m_model->columnCount(), int(Model::ColumnCount));
    const QModelIndex garage = m_model->index(0, 0);
    QCOMPARE(garage.data().toString(), QStringLiteral("GARAGE-01"));
    QCOMPARE(m_model->rowCount(garage), 2);
    QCOMPARE(m_model->rowCount(m_model->index(1, 0)), 1);
    const QModelIndex second = m_model->index(1, 0, garage);
    QCOMPARE(second.parent(), garage);
    QCOMPARE(second.data(Model::StationCodeRole).toString(), QStringLiteral("GARAGE-01"));
    QCOMPARE(second.data(Model::ConnectorNumberRole).toInt(), 2);
    QCOMPARE(m_model->connectorAt(second)->number, 2);
    QVERIFY(!m_model->connectorAt(garage));
    QCOMPARE(m_model->indexOf(QStringLiteral("GARAGE-01"), 2), second);
    QCOMPARE(m_model->indexOf(QStringLiteral("HOTEL-01")), m_model->index(1, 0));
    QVERIFY(!m_model->indexOf(QStringLiteral("NOWHERE")).isValid());
}

void TestSimulatedFleetModel::values_formattedWithUnitsInHeaders()
{
    QLocale::setDefault(QLocale::c());
    const QModelIndex garage = m_model->index(0, 0);
    const auto cell = [&](int row, int column, int role = Qt::DisplayRole) {
        return m_model->index(row, column, garage).data(role);
    };
    QCOMPARE(cell(0, Model::NameColumn).toString(), QStringLiteral("Connector 1 · Type2"));
    QCOMPARE(cell(0, Model::StatusColumn).toString(), QStringLiteral("Charging"));
    QCOMPARE(cell(0, Model::CardColumn).toString(), QStringLiteral("CARD-2"));
    QCOMPARE(cell(0, Model::PowerColumn).toString(), QStringLiteral("7.4"));
    QCOMPARE(cell(0, Model::PowerColumn, Model::OfferedWRole).toDouble(), 11000.0);
    QCOMPARE(cell(0, Model::EnergyColumn).toString(), QStringLiteral("4.32"));
    QCOMPARE(cell(0, Model::SocColumn, Model::SocPercentRole).toDouble(), 64.4);
    QCOMPARE(cell(0, Model::SocColumn).toString(), QStringLiteral("64"));
    QCOMPARE(cell(0, Model::PowerColumn, Qt::TextAlignmentRole).value<Qt::Alignment>(),
             Qt::AlignRight | Qt::AlignVCenter);
    QVERIFY(!cell(1, Model::SocColumn, Model::SocPercentRole).isValid());
    QCOMPARE(cell(1, Model::EnergyColumn).toString(), QString());

    // A station row sums its connectors and says how it is connected.
    QCOMPARE(m_model->index(0, Model::PowerColumn).data(Model::OfferedWRole).toDouble(), 22000.0);
    QCOMPARE(m_model->index(0, Model::StatusColumn).data().toString(), QStringLiteral("Online · OCPP 1.6"));
    QCOMPARE(m_model->index(1, Model::StatusColumn).data().toString(), QStringLiteral("Offline · OCPP 2.0.1"));

    QCOMPARE(m_model->headerData(Model::PowerColumn, Qt::Horizontal).toString(), QStringLiteral("Power (kW)"));
    QCOMPARE(m_model->headerData(Model::EnergyColumn, Qt::Horizontal).toString(), QStringLiteral("Session (kWh)"));
    QLocale::setDefault(QLocale::system());
}

void TestSimulatedFleetModel::statusColor_followsStatusAndConnection_data()
{
    QTest::addColumn<QString>("status");
    QTest::addColumn<bool>("online");
    QTest::addColumn<bool>("faulted");
    QTest::addColumn<QColor>("color");
    const QColor green = statusColor(QStringLiteral("Available"), true, false);
    const QColor blue = statusColor(QStringLiteral("Charging"), true, false);
    const QColor amber = statusColor(QStringLiteral("SuspendedEV"), true, false);
    const QColor red = statusColor(QStringLiteral("Faulted"), true, false);
    const QColor grey = statusColor(QStringLiteral("Unavailable"), true, false);
    QCOMPARE(QSet<QRgb>({green.rgb(), blue.rgb(), amber.rgb(), red.rgb(), grey.rgb()}).size(), 5);
    QTest::newRow("available") << "Available" << true << false << green;
    QTest::newRow("charging") << "Charging" << true << false << blue;
    QTest::newRow("preparing") << "Preparing" << true << false << amber;
    QTest::newRow("suspendedEVSE") << "SuspendedEVSE" << true << false << amber;
    QTest::newRow("finishing") << "Finishing" << true << false << amber;
    QTest::newRow("faulted flag") << "Available" << true << true << red;
    QTest::newRow("unavailable") << "Unavailable" << true << false << grey;
    QTest::newRow("offline") << "Charging" << false << false << grey;
}

void TestSimulatedFleetModel::statusColor_followsStatusAndConnection()
{
    QFETCH(QString, status);
    QFETCH(bool, online);
    QFETCH(bool, faulted);
    QFETCH(QColor, color);
    m_fleet->update([&](auto &stations) {
        stations[0].online = online;
        stations[0].connectors[0].status = status;
        stations[0].connectors[0].faulted = faulted;
    });
    const QModelIndex cell = m_model->index(0, Model::StatusColumn, m_model->index(0, 0));
    QCOMPARE(cell.data(Model::StatusColorRole).value<QColor>(), color);
}

void TestSimulatedFleetModel::changed_updatesValuesWithoutReset()
{
    QSignalSpy resets(m_model, &QAbstractItemModel::modelReset);
    QSignalSpy changes(m_model, &QAbstractItemModel::dataChanged);
    const QPersistentModelIndex first(m_model->index(0, Model::PowerColumn, m_model->index(0, 0)));
    const QPersistentModelIndex hotel(m_model->index(0, 0, m_model->index(1, 0)));

    m_fleet->update([](auto &stations) { stations[0].connectors[0].powerW = 11000; });

    QCOMPARE(resets.count(), 0);
    QVERIFY(first.isValid());
    QVERIFY(hotel.isValid());
    QCOMPARE(first.data(Model::PowerWRole).toDouble(), 11000.0);
    // The connector's row and its station's sums; nothing of the other station.
    QCOMPARE(changes.count(), 2);
    for (const QList<QVariant> &change : changes) {
        const auto topLeft = change.at(0).value<QModelIndex>();
        QCOMPARE(topLeft.data(Model::StationCodeRole).toString(), QStringLiteral("GARAGE-01"));
    }

    changes.clear();
    m_fleet->update([](auto &) {});
    QCOMPARE(changes.count(), 0);
}

void TestSimulatedFleetModel::changed_connectorAdded_insertsRows()
{
    QSignalSpy resets(m_model, &QAbstractItemModel::modelReset);
    QSignalSpy inserts(m_model, &QAbstractItemModel::rowsInserted);
    m_fleet->update([](auto &stations) {
        auto extra = stations[1].connectors[0];
        extra.number = 2;
        stations[1].connectors << extra;
    });
    QCOMPARE(resets.count(), 0);
    QCOMPARE(inserts.count(), 1);
    QCOMPARE(m_model->rowCount(m_model->index(1, 0)), 2);
    m_fleet->update([](auto &stations) { stations[1].connectors.removeLast(); });
    QCOMPARE(m_model->rowCount(m_model->index(1, 0)), 1);
}

void TestSimulatedFleetModel::changed_otherStations_resets()
{
    QSignalSpy resets(m_model, &QAbstractItemModel::modelReset);
    m_fleet->update([](auto &stations) { stations.removeFirst(); });
    QCOMPARE(resets.count(), 1);
    QCOMPARE(m_model->rowCount(), 1);
    QCOMPARE(m_model->index(0, 0).data().toString(), QStringLiteral("HOTEL-01"));
}

QTEST_MAIN(TestSimulatedFleetModel)
#include "tst_simulatedfleetmodel.moc"
