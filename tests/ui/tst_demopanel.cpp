#include "support/fakefleet.h"
#include "ui/demo/demopanel.h"
#include "ui/demo/simulatedfleetmodel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QListWidget>
#include <QTest>
#include <QToolButton>
#include <QTreeView>

using namespace ChargeDesk::Ui;

// The panel driven as a user drives it: clicks on rows and buttons, keys, the card combo.
class TestDemoPanel : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void chargingConnector_canBeUnpluggedNotPluggedIn();
    void freeConnector_plugIn_callsFleetForThatConnector();
    void swipe_presentsTheChosenCard();
    void swipe_choosesTheCardOfTheRunningTransaction();
    void unplugAndFault_callFleetAndFollowTheState();
    void stationRow_reconnectsOfflineStation();
    void shortcuts_triggerActionsOfTheCurrentRow();
    void changed_keepsSelectionAndUpdatesButtons();
    void otherStations_keepSelectionAndExpansion();
    void scenarioCheckbox_isBoundToFleet();
    void log_newestOnTopAndBounded();

private:
    QTreeView *view() const { return m_panel->findChild<QTreeView *>(QStringLiteral("fleetView")); }
    QToolButton *button(const char *name) const
    {
        auto *found = m_panel->findChild<QToolButton *>(QString::fromLatin1(name));
        Q_ASSERT(found);
        return found;
    }
    void select(const QString &station, int connector);
    void click(const char *name) { QTest::mouseClick(button(name), Qt::LeftButton); }

    FakeFleet *m_fleet = nullptr;
    DemoPanel *m_panel = nullptr;
};

void TestDemoPanel::init()
{
    m_fleet = FakeFleet::demo();
    m_panel = new DemoPanel(*m_fleet);
    m_panel->resize(900, 600);
    m_panel->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_panel));
}

void TestDemoPanel::cleanup()
{
    delete m_panel;
    delete m_fleet;
}

void TestDemoPanel::select(const QString &station, int connector)
{
    const auto *model = qobject_cast<const SimulatedFleetModel *>(view()->model());
    const QModelIndex index = model->indexOf(station, connector);
    QVERIFY(index.isValid());
    QTest::mouseClick(view()->viewport(), Qt::LeftButton, {}, view()->visualRect(index).center());
    QCOMPARE(view()->currentIndex().data(SimulatedFleetModel::ConnectorNumberRole).toInt(), connector);
}

void TestDemoPanel::chargingConnector_canBeUnpluggedNotPluggedIn()
{
    select(QStringLiteral("GARAGE-01"), 1);
    QVERIFY(!button("plugInButton")->isEnabled());
    QVERIFY(button("unplugButton")->isEnabled());
    QVERIFY(button("swipeButton")->isEnabled());
    QVERIFY(button("faultButton")->isEnabled());
    QCOMPARE(button("faultButton")->text(), QStringLiteral("Inject fault"));
    QCOMPARE(button("connectionButton")->text(), QStringLiteral("Disconnect station"));
}

void TestDemoPanel::freeConnector_plugIn_callsFleetForThatConnector()
{
    select(QStringLiteral("GARAGE-01"), 2);
    QVERIFY(button("plugInButton")->isEnabled());
    QVERIFY(!button("unplugButton")->isEnabled());
    click("plugInButton");
    QCOMPARE(m_fleet->m_calls, QStringList{QStringLiteral("plugIn GARAGE-01 2")});
}

void TestDemoPanel::swipe_presentsTheChosenCard()
{
    select(QStringLiteral("GARAGE-01"), 2);
    auto *cards = m_panel->findChild<QComboBox *>(QStringLiteral("cardCombo"));
    cards->setFocus();
    QTest::keyClick(cards, Qt::Key_End);
    QCOMPARE(cards->currentText(), QStringLiteral("CARD-3"));
    click("swipeButton");
    QCOMPARE(m_fleet->m_calls, QStringList{QStringLiteral("presentCard GARAGE-01 2 CARD-3")});
}

void TestDemoPanel::swipe_choosesTheCardOfTheRunningTransaction()
{
    select(QStringLiteral("GARAGE-01"), 2);
    select(QStringLiteral("GARAGE-01"), 1);
    QCOMPARE(m_panel->findChild<QComboBox *>(QStringLiteral("cardCombo"))->currentText(), QStringLiteral("CARD-2"));
    click("swipeButton");
    QCOMPARE(m_fleet->m_calls, QStringList{QStringLiteral("presentCard GARAGE-01 1 CARD-2")});
}

void TestDemoPanel::unplugAndFault_callFleetAndFollowTheState()
{
    select(QStringLiteral("GARAGE-01"), 1);
    click("unplugButton");
    click("faultButton");
    QCOMPARE(m_fleet->m_calls,
             (QStringList{QStringLiteral("unplug GARAGE-01 1"), QStringLiteral("setFaulted GARAGE-01 1 1")}));

    m_fleet->update([](auto &stations) {
        stations[0].connectors[0].faulted = true;
        stations[0].connectors[0].vehiclePlugged = false;
    });
    QCOMPARE(button("faultButton")->text(), QStringLiteral("Clear fault"));
    QVERIFY(!button("plugInButton")->isEnabled());
    QVERIFY(!button("swipeButton")->isEnabled());
    QVERIFY(!button("unplugButton")->isEnabled());
    m_fleet->m_calls.clear();
    click("faultButton");
    QCOMPARE(m_fleet->m_calls, QStringList{QStringLiteral("setFaulted GARAGE-01 1 0")});
}

void TestDemoPanel::stationRow_reconnectsOfflineStation()
{
    select(QStringLiteral("HOTEL-01"), 0);
    QVERIFY(!button("plugInButton")->isEnabled());
    QVERIFY(!button("swipeButton")->isEnabled());
    QVERIFY(!button("faultButton")->isEnabled());
    QCOMPARE(button("connectionButton")->text(), QStringLiteral("Reconnect station"));
    click("connectionButton");
    QCOMPARE(m_fleet->m_calls, QStringList{QStringLiteral("setOnline HOTEL-01 1")});
}

void TestDemoPanel::shortcuts_triggerActionsOfTheCurrentRow()
{
    select(QStringLiteral("GARAGE-01"), 2);
    QTest::keyClick(view(), Qt::Key_P);
    QTest::keyClick(view(), Qt::Key_D);
    QCOMPARE(m_fleet->m_calls,
             (QStringList{QStringLiteral("plugIn GARAGE-01 2"), QStringLiteral("setOnline GARAGE-01 0")}));
}

void TestDemoPanel::changed_keepsSelectionAndUpdatesButtons()
{
    select(QStringLiteral("GARAGE-01"), 2);
    m_fleet->update([](auto &stations) {
        stations[0].connectors[1].vehiclePlugged = true;
        stations[0].connectors[1].status = QStringLiteral("Preparing");
    });
    QCOMPARE(view()->currentIndex().data(SimulatedFleetModel::ConnectorNumberRole).toInt(), 2);
    QVERIFY(button("unplugButton")->isEnabled());
    QVERIFY(!button("plugInButton")->isEnabled());
}

void TestDemoPanel::otherStations_keepSelectionAndExpansion()
{
    select(QStringLiteral("HOTEL-01"), 1);
    view()->collapse(view()->model()->index(0, 0));
    m_fleet->update([](auto &stations) {
        auto added = stations[0];
        added.code = QStringLiteral("DEPOT-01");
        stations.prepend(added);
    });
    const QModelIndex current = view()->currentIndex();
    QCOMPARE(current.data(SimulatedFleetModel::StationCodeRole).toString(), QStringLiteral("HOTEL-01"));
    QCOMPARE(current.data(SimulatedFleetModel::ConnectorNumberRole).toInt(), 1);
    QVERIFY(view()->isExpanded(view()->model()->index(0, 0)));  // the new station
    QVERIFY(!view()->isExpanded(view()->model()->index(1, 0))); // the garage stays collapsed
}

void TestDemoPanel::scenarioCheckbox_isBoundToFleet()
{
    auto *check = m_panel->findChild<QCheckBox *>(QStringLiteral("scenarioCheck"));
    QVERIFY(!check->isChecked());
    QTest::mouseClick(check, Qt::LeftButton, {}, QPoint(check->height() / 2, check->height() / 2));
    QVERIFY(m_fleet->isScenarioRunning());
    QCOMPARE(m_fleet->m_calls, QStringList{QStringLiteral("setScenarioRunning 1")});
    m_fleet->m_scenario = false;
    m_fleet->update([](auto &) {});
    QVERIFY(!check->isChecked());
    QCOMPARE(m_fleet->m_calls.size(), 1);
}

void TestDemoPanel::log_newestOnTopAndBounded()
{
    for (int i = 1; i <= DemoPanel::LogLimit + 5; ++i)
        emit m_fleet->happened(QStringLiteral("GARAGE-01 #1: line %1").arg(i));
    auto *log = m_panel->findChild<QListWidget *>(QStringLiteral("activityLog"));
    QCOMPARE(log->count(), DemoPanel::LogLimit);
    QVERIFY(log->item(0)->text().endsWith(QStringLiteral("line 205")));
    QVERIFY(log->item(log->count() - 1)->text().endsWith(QStringLiteral("line 6")));
}

QTEST_MAIN(TestDemoPanel)
#include "tst_demopanel.moc"
