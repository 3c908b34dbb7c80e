#pragma once

#include "core/repository.h"
#include "ui/stations/operationpanel.h"

class QPushButton;
class QSpinBox;
class QTreeWidget;

namespace ChargeDesk::Ui {

// The station's authorization cache (cleared on request) and its local list: the version it
// holds, and the console's ID devices, judged for this station, sent in full or ticked ones.
class AuthorizationPanel final : public OperationPanel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AuthorizationPanel)

public:
    AuthorizationPanel(const OperatedStation &station, Core::Repository &repository, const Core::Actor &actor,
                       QWidget *parent = nullptr);

    // Reads the ID devices again, keeping the ticks; StationOperations calls it when they change.
    void loadDevices();

private:
    void buildCache();
    void buildListVersion();
    void buildDevices();
    void buildSendRow();
    void askListVersion(QPushButton *button);
    void sendLocalList(QPushButton *button, bool full);

    Core::Repository &m_repository;
    Core::Actor m_actor;
    CommandStatus *m_cacheAnswer = nullptr;
    CommandStatus *m_listVersion = nullptr;
    QSpinBox *m_newVersion = nullptr;
    QTreeWidget *m_devices = nullptr;
    CommandStatus *m_listAnswer = nullptr;
};

} // namespace ChargeDesk::Ui
