#pragma once

#include "ui/stations/operationpanel.h"

class QPushButton;

namespace ChargeDesk::Ui {

// Soft and hard reboot of the station, each after the operator confirms it.
class RebootPanel final : public OperationPanel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RebootPanel)

public:
    explicit RebootPanel(const OperatedStation &station, QWidget *parent = nullptr);

private:
    void reboot(QPushButton *button, bool hard);

    CommandStatus *m_answer = nullptr;
};

} // namespace ChargeDesk::Ui
