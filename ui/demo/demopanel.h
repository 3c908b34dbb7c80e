#pragma once

#include <QSet>
#include <QWidget>

class QAction;
class QCheckBox;
class QComboBox;
class QListWidget;
class QTreeView;

namespace ChargeDesk::Core {
class SimulatedFleet;
}

namespace ChargeDesk::Ui {

class SimulatedFleetModel;

// Demo mode's window piece: the virtual stations with their live values, and what a driver or
// a technician does to them (plug a car in, swipe a card, unplug, break or disconnect a station).
class DemoPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DemoPanel)

public:
    explicit DemoPanel(Core::SimulatedFleet &fleet, QWidget *parent = nullptr);

    // Lines of the activity log kept; older ones fall off the bottom.
    static constexpr int LogLimit = 200;

private:
    void createActions();
    QWidget *createActionRow();
    void setUpView();
    void fleetChanged();
    void currentChanged();
    void updateActions();
    void appendLog(const QString &line);
    void showContextMenu(const QPoint &position);
    void swipe(const QString &tag);
    void rememberView();
    void restoreView();

    // The station and connector of the current row (connector 0 on a station row).
    QString currentStation() const;
    int currentConnector() const;

    Core::SimulatedFleet &m_fleet;
    SimulatedFleetModel *m_model = nullptr;
    QTreeView *m_view = nullptr;
    QComboBox *m_cards = nullptr;
    QCheckBox *m_scenario = nullptr;
    QListWidget *m_log = nullptr;
    QAction *m_plugIn = nullptr;
    QAction *m_swipe = nullptr;
    QAction *m_unplug = nullptr;
    QAction *m_fault = nullptr;
    QAction *m_connection = nullptr;

    // What the view showed before a reset, to show it again after.
    QString m_rememberedStation;
    int m_rememberedConnector = 0;
    QSet<QString> m_collapsed;
};

} // namespace ChargeDesk::Ui
