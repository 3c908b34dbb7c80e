#pragma once

#include "core/networkstatus.h"

#include <QTimer>
#include <QWidget>

class QGridLayout;
class QLabel;
class QPushButton;
class QStackedWidget;
class QTreeWidget;

namespace ChargeDesk::Core {
class BalancingService;
class LiveConfiguration;
} // namespace ChargeDesk::Core

namespace ChargeDesk::Ui {

class PowerSparkline;

// The console's home page: what the network is doing now in four tiles (stations, connectors,
// power against the balanced areas' limits, today's sessions, energy and revenue), what needs
// attention with one click to where it is put right, and the site's power over the last hour.
// It reads again when a row it shows changes, a moment later so that a burst is read once;
// nothing polls the database.
class OverviewPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OverviewPage)

public:
    OverviewPage(Core::Repository &repository, const Core::Actor &actor,
                 const Core::BalancingService *balancing = nullptr,
                 Core::LiveConfiguration *liveConfiguration = nullptr, QWidget *parent = nullptr);

    // How long a change waits for the ones following it before the page reads again.
    static constexpr int SettleMs = 300;

    const Core::NetworkStatus &status() const { return m_status; }
    // Reads the status now (the page does so by itself after changes).
    void refresh();
    // Where the embedded OCPP server listens (see ConsoleState), for the first steps' guidance.
    void setOcppUrls(const QStringList &urls);

signals:
    // The user wants to see the record an attention item is about.
    void openRequested(const QString &table, qint64 id);
    // The user wants to go to a section ("stations") to take a first step.
    void sectionRequested(const QString &key);
    // The user wants to add the station a refused connection came from.
    void addStationRequested(qint64 refusedConnectionId);
    // The attention list changed; `appeared` are the items that were not there before.
    void attentionChanged(const QList<ChargeDesk::Core::AttentionItem> &items,
                          const QList<ChargeDesk::Core::AttentionItem> &appeared);

private:
    struct Tile
    {
        QLabel *value = nullptr;
        QLabel *detail = nullptr;
    };
    Tile addTile(QGridLayout *grid, int column, const QString &name, const QString &title);
    QWidget *buildAttention();
    QWidget *buildFirstSteps();
    // Ticks the first steps off from what exists; hides them once all are done.
    void showFirstSteps();
    void show(const Core::NetworkStatus &status);
    void showTiles(const Core::NetworkStatus &status);
    void showAttention(const QList<Core::AttentionItem> &items);
    void openCurrent();
    const Core::AttentionItem *currentItem() const;
    void scheduleMidnight();

    Core::Repository &m_repository;
    Core::Actor m_actor;
    const Core::BalancingService *m_balancing;
    Core::LiveConfiguration *m_live;
    Core::NetworkStatus m_status;
    bool m_read = false; // the first read raises no alarms: the problems were there before
    QTimer m_settle;
    QTimer m_midnight;
    Tile m_stations;
    Tile m_connectors;
    Tile m_power;
    Tile m_today;
    QLabel *m_attentionTitle = nullptr;
    QStackedWidget *m_attentionStack = nullptr;
    QTreeWidget *m_attention = nullptr;
    QPushButton *m_open = nullptr;
    QPushButton *m_addStation = nullptr;
    PowerSparkline *m_sparkline = nullptr;
    QWidget *m_firstSteps = nullptr;
    QList<QPair<QString, QLabel *>> m_steps; // the table whose first row ticks a step off, its label
    QLabel *m_simulatorHint = nullptr;
    QStringList m_ocppUrls;
};

} // namespace ChargeDesk::Ui
