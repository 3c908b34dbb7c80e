#pragma once

#include "ui/stations/operationpanel.h"

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace ChargeDesk::Core {
class Clock;
}

namespace ChargeDesk::Ui {

class ZonedDateTimeEdit;

class ConsoleState;
class OperationSteps;

// A firmware update: the station downloads the file from an address at a given time, with
// retries, and reports its progress. The file can come from this computer through the
// console's own file server (server/filedepot.h), so a technician needs no FTP server.
class FirmwarePanel final : public OperationPanel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FirmwarePanel)

public:
    // `clock` gives the time the update is proposed for and that of each progress report.
    FirmwarePanel(const OperatedStation &station, ConsoleState &console, const Core::Clock &clock,
                  QWidget *parent = nullptr);

    // Copies a firmware image into the file server's firmware folder and points the update's
    // location at it; what "Use a file from this computer…" does with the file chosen.
    bool useFirmwareFile(const QString &path);
    // Offers the file server's help only while it runs; StationOperations calls it when it changes.
    void refreshFileServer();
    // A firmware status the station reported ("Downloading", "Installed", ...).
    void showProgress(const QString &status);

private:
    void request();
    void chooseFile();

    ConsoleState &m_console;
    QLineEdit *m_location = nullptr;
    QLabel *m_locationError = nullptr;
    QPushButton *m_fileButton = nullptr;
    ZonedDateTimeEdit *m_retrieveAt = nullptr;
    QCheckBox *m_hasInstallAt = nullptr;
    ZonedDateTimeEdit *m_installAt = nullptr;
    QSpinBox *m_retries = nullptr;
    QSpinBox *m_interval = nullptr;
    QPushButton *m_requestButton = nullptr;
    CommandStatus *m_answer = nullptr;
    OperationSteps *m_steps = nullptr;
};

} // namespace ChargeDesk::Ui
