#pragma once

#include "core/chargepointgateway.h"
#include "ui/shell/sections.h"

#include <QWidget>

#include <functional>

class QAbstractButton;
class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QFileSystemWatcher;
class QFrame;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTreeWidget;
class QVBoxLayout;

namespace ChargeDesk::Ui {

class CommandStatus;
class OperationSteps;

// The OCPP operations on one station, each on a panel of its own: reboot, firmware update,
// diagnostics, trigger message, and the authorization cache and local list. Every action goes
// to the station through the engine's gateway; the panel shows that it waits and then the
// station's answer, and the long ones follow the status notifications the station sends.
// The firmware and diagnostics files can live in the console's own file server (see
// server/filedepot.h), so a technician needs no FTP server.
class StationOperations final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StationOperations)

public:
    StationOperations(const PageContext &context, qint64 stationId, QWidget *parent = nullptr);

    qint64 stationId() const { return m_stationId; }

    // Copies a firmware image into the file server's firmware folder and points the update's
    // location at it; what "Use a file from this computer…" does with the file chosen.
    bool useFirmwareFile(const QString &path);
    // Reads the diagnostics folder again (it also follows the folder by itself).
    void refreshReceivedFiles();

private:
    using Then = std::function<void(const Core::CommandResult &)>;

    QVBoxLayout *addPanel(QVBoxLayout *column, const QString &name, const QString &icon, const QString &title,
                          const QString &explanation);
    CommandStatus *newAnswer(const QString &name);
    // Sends `command` when the station is connected, with `button` disabled while `answer`
    // waits for the station; then `answer` shows the station's answer and `then` gets it.
    void send(QAbstractButton *button, CommandStatus *answer, const Core::Command &command, const Then &then = {});
    void refreshHeader();
    bool isV16() const;

    void buildReboot(QVBoxLayout *column);
    void buildFirmware(QVBoxLayout *column);
    void buildDiagnostics(QVBoxLayout *column);
    void buildTrigger(QVBoxLayout *column);
    void buildAuthorization(QVBoxLayout *column);

    void reboot(bool hard);
    void requestFirmware();
    void chooseFirmwareFile();
    void requestDiagnostics();
    void saveReceivedFile();
    void trigger();
    void sendLocalList(bool full);
    void loadDevices();
    void refreshFileServer();
    void onProgress(qint64 stationId, const QString &operation, const QString &status);

    Core::Repository &m_repository;
    Core::Actor m_actor;
    ConsoleState &m_console;
    Core::ChargePointGateway *m_gateway = nullptr;
    Core::StationService *m_stations = nullptr;
    qint64 m_stationId = 0;
    QString m_protocol;

    QLabel *m_title = nullptr;
    QLabel *m_connection = nullptr;

    CommandStatus *m_resetAnswer = nullptr;

    QLineEdit *m_firmwareUrl = nullptr;
    QLabel *m_firmwareUrlError = nullptr;
    QPushButton *m_firmwareFile = nullptr;
    QDateTimeEdit *m_retrieveAt = nullptr;
    QSpinBox *m_firmwareRetries = nullptr;
    QSpinBox *m_firmwareInterval = nullptr;
    CommandStatus *m_firmwareAnswer = nullptr;
    OperationSteps *m_firmwareSteps = nullptr;

    QDateTimeEdit *m_diagnosticsStart = nullptr;
    QCheckBox *m_diagnosticsHasStop = nullptr;
    QDateTimeEdit *m_diagnosticsStop = nullptr;
    QLineEdit *m_diagnosticsUrl = nullptr;
    QLabel *m_diagnosticsUrlError = nullptr;
    QSpinBox *m_diagnosticsRetries = nullptr;
    QSpinBox *m_diagnosticsInterval = nullptr;
    CommandStatus *m_diagnosticsAnswer = nullptr;
    OperationSteps *m_diagnosticsSteps = nullptr;
    QWidget *m_receivedBox = nullptr;
    QTreeWidget *m_received = nullptr;
    QPushButton *m_saveReceived = nullptr;
    QFileSystemWatcher *m_watcher = nullptr;
    QString m_autoDiagnosticsUrl; // the default put in the field, replaced when the server moves

    QComboBox *m_message = nullptr;
    QLabel *m_evseLabel = nullptr;
    QSpinBox *m_evse = nullptr;
    CommandStatus *m_triggerAnswer = nullptr;

    CommandStatus *m_cacheAnswer = nullptr;
    CommandStatus *m_listVersion = nullptr;
    QSpinBox *m_newVersion = nullptr;
    QTreeWidget *m_devices = nullptr;
    CommandStatus *m_listAnswer = nullptr;
};

// Opens the operations of a station in a dock of the main window, or raises the open one.
void openStationOperations(const PageContext &context, qint64 stationId);

} // namespace ChargeDesk::Ui
