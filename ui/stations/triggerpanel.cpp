#include "ui/stations/triggerpanel.h"

#include "ui/stations/commandstatus.h"
#include "ui/widgets/tr.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace ChargeDesk::Ui {

TriggerPanel::TriggerPanel(const OperatedStation &station, QWidget *parent)
    : OperationPanel(station, QStringLiteral("triggerPanel"), QStringLiteral("operations"), Tr::tr("Trigger a message"),
                     Tr::tr("Asks the station to send one of its messages now, to check what it reports."), parent)
{
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
    m_message = new QComboBox(this);
    m_message->setObjectName(QStringLiteral("triggerMessage"));
    m_message->addItem(Tr::tr("Boot notification"), QStringLiteral("boot"));
    m_message->addItem(Tr::tr("Diagnostics status"), QStringLiteral("diagnostics"));
    m_message->addItem(Tr::tr("Firmware status"), QStringLiteral("firmware"));
    m_message->addItem(Tr::tr("Heartbeat"), QStringLiteral("heartbeat"));
    m_message->addItem(Tr::tr("Meter values"), QStringLiteral("meter"));
    m_message->addItem(Tr::tr("Status notification"), QStringLiteral("status"));
    form->addRow(Tr::tr("Message"), m_message);
    m_evse = new QSpinBox(this);
    m_evse->setObjectName(QStringLiteral("triggerEvse"));
    m_evse->setRange(0, 99);
    m_evse->setSpecialValueText(Tr::tr("Whole station"));
    m_evseLabel = new QLabel(Tr::tr("Connector"), this);
    form->addRow(m_evseLabel, m_evse);
    body()->addLayout(form);
    // Only meter values and statuses are per connector (EVSE in 2.0.1).
    const auto follow = [this] {
        const QString message = m_message->currentData().toString();
        m_evse->setEnabled(message == QLatin1String("meter") || message == QLatin1String("status"));
    };
    connect(m_message, &QComboBox::currentIndexChanged, this, follow);
    follow();
    auto *row = new QHBoxLayout;
    m_button = new QPushButton(Tr::tr("Trigger"), this);
    m_button->setObjectName(QStringLiteral("triggerButton"));
    row->addWidget(m_button);
    m_answer = newAnswer(QStringLiteral("triggerAnswer"));
    row->addWidget(m_answer, 1);
    body()->addLayout(row);
    connect(m_button, &QPushButton::clicked, this, &TriggerPanel::trigger);
}

void TriggerPanel::followProtocol()
{
    m_evseLabel->setText(station().isV16() ? Tr::tr("Connector") : Tr::tr("EVSE"));
}

void TriggerPanel::trigger()
{
    QVariantMap args{{QStringLiteral("message"), m_message->currentData().toString()}};
    if (m_evse->isEnabled() && m_evse->value() > 0)
        args.insert(station().isV16() ? QStringLiteral("connector") : QStringLiteral("evse"), m_evse->value());
    send(m_button, m_answer, Core::Command{Core::Command::Kind::TriggerMessage, args});
}

} // namespace ChargeDesk::Ui
