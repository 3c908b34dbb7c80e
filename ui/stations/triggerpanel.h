#pragma once

#include "ui/stations/operationpanel.h"

class QComboBox;
class QLabel;
class QPushButton;
class QSpinBox;

namespace ChargeDesk::Ui {

// Asks the station to send one of its messages now, for a connector (1.6) or EVSE (2.0.1)
// where the message is per connector.
class TriggerPanel final : public OperationPanel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TriggerPanel)

public:
    explicit TriggerPanel(const OperatedStation &station, QWidget *parent = nullptr);

    // Names the number field after the station's protocol, once StationOperations knows it.
    void followProtocol();

private:
    void trigger();

    QComboBox *m_message = nullptr;
    QLabel *m_evseLabel = nullptr;
    QSpinBox *m_evse = nullptr;
    QPushButton *m_button = nullptr;
    CommandStatus *m_answer = nullptr;
};

} // namespace ChargeDesk::Ui
