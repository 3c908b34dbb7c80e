#pragma once

#include "ui/stations/operationpanel.h"

class QCheckBox;
class QFileSystemWatcher;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTreeWidget;

namespace ChargeDesk::Core {
class Clock;
}

namespace ChargeDesk::Ui {

class ZonedDateTimeEdit;

class ConsoleState;
class OperationSteps;

// Diagnostics: the station collects its logs of a period and uploads them to an address, by
// default the console's own file server (server/filedepot.h), whose received files the panel
// lists as they arrive.
class DiagnosticsPanel final : public OperationPanel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DiagnosticsPanel)

public:
    // `clock` gives the period proposed (the last day) and the time of each progress report.
    DiagnosticsPanel(const OperatedStation &station, ConsoleState &console, const Core::Clock &clock,
                     QWidget *parent = nullptr);

    // Follows the file server: the default address, the received files and their folder.
    // StationOperations calls it when the server changes.
    void refreshFileServer();
    // Reads the diagnostics folder again (it also follows the folder by itself).
    void refreshReceivedFiles();
    // An upload status the station reported ("Uploading", "Uploaded", ...).
    void showProgress(const QString &status);

private:
    void buildRequest(const Core::Clock &clock);
    void buildReceivedFiles();
    void request();
    void saveReceivedFile();

    ConsoleState &m_console;
    ZonedDateTimeEdit *m_start = nullptr;
    QCheckBox *m_hasStop = nullptr;
    ZonedDateTimeEdit *m_stop = nullptr;
    QLineEdit *m_location = nullptr;
    QLabel *m_locationError = nullptr;
    QString m_autoLocation; // the default put in the field, replaced when the server moves
    QSpinBox *m_retries = nullptr;
    QSpinBox *m_interval = nullptr;
    QPushButton *m_requestButton = nullptr;
    CommandStatus *m_answer = nullptr;
    OperationSteps *m_steps = nullptr;
    QWidget *m_receivedBox = nullptr;
    QTreeWidget *m_received = nullptr;
    QPushButton *m_saveReceived = nullptr;
    QFileSystemWatcher *m_watcher = nullptr;
};

} // namespace ChargeDesk::Ui
