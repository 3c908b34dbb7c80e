#pragma once

#include "core/repository.h"
#include "core/stationservice.h"
#include "ui/shell/sections.h"

#include <QHash>
#include <QWidget>

class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QTimer;
class QVBoxLayout;

namespace ChargeDesk::Ui {

class ChildList;

// What the Stations list shows below the selected station's fields: whether it is connected,
// what it reported when it booted, the WebSocket URLs to configure it with, its password, and
// its chargers with their connectors and QR codes. Everything follows the repository's
// changes, so a station that boots fills in its data while the operator looks at it.
class StationDetails final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StationDetails)

public:
    // The chargers' and connectors' forms, as their own sections show them.
    StationDetails(const PageContext &context, const QList<FormSection> &chargerForm,
                   const QList<FormSection> &connectorForm, QWidget *parent = nullptr);

    // Shows this station; 0 hides the details.
    void setStationId(qint64 id);
    qint64 stationId() const { return m_stationId; }

    ChildList &chargers() { return *m_chargers; }
    ChildList &connectors() { return *m_connectors; }

    QSize minimumSizeHint() const override;

    // The station's own URL from a server URL with "<identifier>" in it.
    static QString stationUrl(const QString &serverUrl, const QString &identifier);

private:
    QLabel *addHeading(QVBoxLayout *layout, const QString &title);
    QLabel *addValue(QFormLayout *form, const QString &label, const QString &objectName);
    QLineEdit *addUrlRow(QFormLayout *form, const QString &label, const QString &name);
    void refresh();
    void refreshFindings();
    // Each connector's last reported status, so that a fault shows where the details begin.
    void refreshConnectorStates();
    void refreshUrls();
    void refreshPassword();
    void onRowChanged(const QString &table, qint64 id, Core::Repository::Change change);
    void onChargerChanged(qint64 chargerId);
    void setPassword();
    void toggleClosed();
    void showChargerQr(qint64 chargerId);
    void showConnectorQr(qint64 connectorId);

    Core::Repository &m_repository;
    Core::Actor m_actor;
    ConsoleState &m_console;
    Core::StationService *m_stations = nullptr; // the engine's; null: passwords are not shown
    Core::ChargePointGateway *m_gateway = nullptr;
    qint64 m_stationId = 0;
    Core::Record m_station;

    QWidget *m_body = nullptr;
    class FindingsPanel *m_findings = nullptr;
    QTimer *m_findingsTimer = nullptr;
    QLabel *m_connection = nullptr;
    QLabel *m_lastConnected = nullptr;
    QLabel *m_lastHeartbeat = nullptr;
    QLabel *m_connectorStates = nullptr;
    QHash<QString, QLabel *> m_reported; // by field: vendor, model, serial_number, ...
    QLabel *m_reportedNote = nullptr;
    QLineEdit *m_wsUrl = nullptr;
    QLineEdit *m_wssUrl = nullptr;
    QLabel *m_urlNote = nullptr;
    QLabel *m_password = nullptr;
    QPushButton *m_setPassword = nullptr;
    QPushButton *m_closeButton = nullptr;
    ChildList *m_chargers = nullptr;
    ChildList *m_connectors = nullptr;
    QLabel *m_connectorsHeading = nullptr;
};

// The Stations section's DetailsFactory: the details above, following the page's selection.
QWidget *createStationDetails(const PageContext &context, ListPage &page, const QList<FormSection> &chargerForm,
                              const QList<FormSection> &connectorForm);

} // namespace ChargeDesk::Ui
