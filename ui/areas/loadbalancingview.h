#pragma once

#include "core/balancingservice.h"
#include "core/repository.h"
#include "ui/shell/sections.h"

#include <QTimer>
#include <QWidget>

class QFormLayout;
class QLabel;
class QTableView;

namespace ChargeDesk::Ui {

class AllocationModel;
class BalanceChart;

// Dynamic load balancing of one area as it runs: whether it is on (or which parent area
// governs it), the limit in force and where it comes from, the totals, each session's limit
// with what bound it and the charger's answer, the round-allocation rotation, and a chart of
// the allocated power against the limit. It follows every redistribution, and looks again
// every few seconds for what the sessions draw and the chargers answered.
class LoadBalancingView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LoadBalancingView)

public:
    static constexpr int SampleMs = 5000;

    // Without `balancing` (a console without the OCPP server) it says that nothing balances here.
    LoadBalancingView(Core::Repository &repository, const Core::Actor &actor, Core::BalancingService *balancing,
                      qint64 areaId, QWidget *parent = nullptr);

    AllocationModel &sessions() const { return *m_model; }
    BalanceChart &chart() const { return *m_chart; }
    // The next redistribution's order, as the rotation line shows it ("S-7 (halted)").
    QStringList rotationEntries() const { return m_rotation; }

public slots:
    void refresh();

private:
    QLabel *addValue(QFormLayout *form, const QString &label, const QString &objectName);
    // The area whose balancing applies here: itself, the nearest balanced parent, or none.
    std::optional<Core::Record> governingArea(Core::Record &area);
    void showState(const QString &sentence, bool body);
    void showBalance(const Core::Record &governing, const Core::BalancingService::AreaBalance &balance);
    QString quantityText(std::optional<double> value, Core::Balancing::Unit unit) const;
    QString sourceText(const Core::Record &governing, Core::Balancing::LimitSource source);
    QString strategyText(const Core::Record &governing) const;
    QString nameOf(const QString &table, qint64 id);
    QString connectorText(const Core::BalancingService::SessionAllocation &session);
    void showRotation(const Core::Record &governing, const Core::BalancingService::AreaBalance &balance);
    void updateCountdown();

    Core::Repository &m_repository;
    Core::Actor m_actor;
    Core::BalancingService *m_balancing = nullptr;
    qint64 m_areaId = 0;
    qint64 m_nextIntervalAtMs = 0;
    QHash<QString, QString> m_names; // "stations/7" -> "Garage wallbox 1"
    QStringList m_rotation;

    QLabel *m_title = nullptr;
    QLabel *m_state = nullptr;
    QWidget *m_body = nullptr;
    QLabel *m_limit = nullptr;
    QLabel *m_source = nullptr;
    QLabel *m_sourceDetail = nullptr;
    QLabel *m_strategy = nullptr;
    QLabel *m_allocated = nullptr;
    QLabel *m_drawn = nullptr;
    QLabel *m_counts = nullptr;
    QLabel *m_redistributed = nullptr;
    QLabel *m_profilesSent = nullptr;
    QLabel *m_next = nullptr;
    QLabel *m_rotationLabel = nullptr;
    QTableView *m_table = nullptr;
    AllocationModel *m_model = nullptr;
    BalanceChart *m_chart = nullptr;
    QTimer m_sampleTimer;
    QTimer m_countdownTimer;
};

// The view of `areaId` in a dock of its own.
QWidget *makeLoadBalancingView(const PageContext &context, qint64 areaId);

// Opens (or raises) the area's load balancing view in a dock beside the list.
void openLoadBalancing(const PageContext &context, qint64 areaId);

} // namespace ChargeDesk::Ui
