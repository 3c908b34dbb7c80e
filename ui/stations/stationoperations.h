#pragma once

#include "ui/shell/sections.h"
#include "ui/stations/operationpanel.h"

#include <QWidget>

class QLabel;
class QVBoxLayout;

namespace ChargeDesk::Ui {

class AuthorizationPanel;
class DiagnosticsPanel;
class FirmwarePanel;
class TriggerPanel;

// The OCPP operations on one station, each on a panel of its own (see OperationPanel):
// RebootPanel, FirmwarePanel, DiagnosticsPanel, TriggerPanel and AuthorizationPanel. This
// window keeps the header (the station and its connection) and passes on to the panels what
// changes under them: the station, the console's file server, the progress the station reports.
class StationOperations final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StationOperations)

public:
    StationOperations(const PageContext &context, qint64 stationId, QWidget *parent = nullptr);

    qint64 stationId() const { return m_station.id; }

    // Copies a firmware image into the file server and points the update's location at it.
    bool useFirmwareFile(const QString &path);
    // Reads the diagnostics folder again (it also follows the folder by itself).
    void refreshReceivedFiles();

private:
    void buildHeader(QVBoxLayout *column);
    void refreshHeader();
    void onRowChanged(const QString &table, qint64 id);
    void onProgress(qint64 stationId, const QString &operation, const QString &status);

    Core::Repository &m_repository;
    Core::Actor m_actor;
    OperatedStation m_station; // the panels hold a reference to it

    QLabel *m_title = nullptr;
    QLabel *m_connection = nullptr;
    FirmwarePanel *m_firmware = nullptr;
    DiagnosticsPanel *m_diagnostics = nullptr;
    TriggerPanel *m_trigger = nullptr;
    AuthorizationPanel *m_authorization = nullptr;
};

// Opens the operations of a station in a dock of the main window, or raises the open one.
void openStationOperations(const PageContext &context, qint64 stationId);

} // namespace ChargeDesk::Ui
