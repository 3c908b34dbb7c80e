#pragma once

#include "core/actor.h"
#include "core/repository.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QStackedWidget;
class QTreeWidget;

namespace ChargeDesk::Core {
class MessageLog;
class SessionControl;
class Settlement;
} // namespace ChargeDesk::Core

namespace ChargeDesk::Ui {

class DurationBar;
class MeterChart;

// Everything about one charging session in one place, live while it runs: what, where and
// who; its duration scopes as a bar; charts of power, energy, current, voltage and state of
// charge; the readings the engine discarded and why; what it costs, part by part; its status
// history; its OCPP communication; and the operator's actions (force close, retry rating, retry billing) when its
// status allows them. Without services (null) the actions and the breakdown are left out.
class SessionView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SessionView)

public:
    struct Services
    {
        Core::Settlement *settlement = nullptr;
        Core::SessionControl *control = nullptr;
        Core::MessageLog *messageLog = nullptr; // for the OCPP log tab to follow new frames
    };

    SessionView(Core::Repository &repository, const Core::Actor &actor, qint64 sessionId, Services services,
                QWidget *parent = nullptr);

    qint64 sessionId() const { return m_sessionId; }
    MeterChart *chart(int quantity) const;

    // Reads what changed since the last time; called on the session's row changes.
    void refresh();

private:
    QWidget *buildHeader();
    QWidget *buildCharts();
    struct Place
    {
        QString stationConnector; // "Garage · Connector 1"
        QString charger;
    };
    Place placeOf(const Core::Record &session) const;
    void showSession(const Core::Record &session);
    void readNewMeterValues();
    void readNewLimits();
    void readEvents();
    void showBreakdown();
    void updateActions(const QString &status);
    void forceClose();
    void retryRating();
    void retryBilling();
    void showOutcome(const QString &text, bool failed);

    Core::Repository &m_repository;
    Core::Actor m_actor;
    qint64 m_sessionId = 0;
    Services m_services;
    QString m_currency;
    qint64 m_lastMeterId = 0;
    qint64 m_lastLimitAtMs = 0;

    QLabel *m_title = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_where = nullptr;
    QLabel *m_outcome = nullptr;
    class FindingsPanel *m_findings = nullptr;
    QHash<QString, QLabel *> m_facts;
    DurationBar *m_durations = nullptr;
    QList<MeterChart *> m_charts;
    QStackedWidget *m_chartStack = nullptr;
    QTreeWidget *m_discarded = nullptr;
    QTreeWidget *m_history = nullptr;
    QTreeWidget *m_rating = nullptr;
    QLabel *m_ratingNote = nullptr;
    QPushButton *m_forceClose = nullptr;
    QPushButton *m_retryRating = nullptr;
    QPushButton *m_retryBilling = nullptr;
};

} // namespace ChargeDesk::Ui
