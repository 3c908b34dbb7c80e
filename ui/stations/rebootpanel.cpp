#include "ui/stations/rebootpanel.h"

#include "ui/stations/commandstatus.h"
#include "ui/widgets/tr.h"

#include <QHBoxLayout>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

namespace ChargeDesk::Ui {

RebootPanel::RebootPanel(const OperatedStation &station, QWidget *parent)
    : OperationPanel(station, QStringLiteral("rebootPanel"), QStringLiteral("refresh"), Tr::tr("Reboot or reconnect"),
                     Tr::tr("A soft reboot restarts the station's software once it is idle; a hard reboot "
                            "restarts it at once, like a power cycle. Disconnect only closes its connection: "
                            "it connects again by itself, and charging goes on."),
                     parent)
{
    auto *row = new QHBoxLayout;
    auto *soft = new QPushButton(Tr::tr("Soft reboot…"), this);
    soft->setObjectName(QStringLiteral("softRebootButton"));
    auto *hard = new QPushButton(Tr::tr("Hard reboot…"), this);
    hard->setObjectName(QStringLiteral("hardRebootButton"));
    auto *disconnect = new QPushButton(Tr::tr("Disconnect"), this);
    disconnect->setObjectName(QStringLiteral("disconnectButton"));
    disconnect->setToolTip(Tr::tr("Close the station's connection; it connects again by itself"));
    row->addWidget(soft);
    row->addWidget(hard);
    row->addWidget(disconnect);
    m_answer = newAnswer(QStringLiteral("rebootAnswer"));
    row->addWidget(m_answer, 1);
    body()->addLayout(row);
    connect(soft, &QPushButton::clicked, this, [this, soft] { reboot(soft, false); });
    connect(hard, &QPushButton::clicked, this, [this, hard] { reboot(hard, true); });
    connect(disconnect, &QPushButton::clicked, this, [this, disconnect] {
        send(disconnect, m_answer, Core::Command{Core::Command::Kind::Disconnect, {}});
    });
}

void RebootPanel::reboot(QPushButton *button, bool hard)
{
    const QString title = station().title;
    QMessageBox confirm(
        QMessageBox::Warning, Tr::tr("Reboot the station?"),
        hard ? Tr::tr("A hard reboot restarts %1 at once and ends any charging on it.").arg(title)
             : Tr::tr("A soft reboot restarts %1 when it is idle; charging in progress is ended first.").arg(title),
        QMessageBox::Cancel, this);
    confirm.setObjectName(QStringLiteral("confirmReboot"));
    QPushButton *yes = confirm.addButton(Tr::tr("Reboot"), QMessageBox::AcceptRole);
    yes->setObjectName(QStringLiteral("confirmRebootButton"));
    confirm.setDefaultButton(QMessageBox::Cancel);
    confirm.exec();
    if (confirm.clickedButton() != yes)
        return;
    send(button, m_answer,
         Core::Command{Core::Command::Kind::Reset,
                       {{QStringLiteral("type"), hard ? QStringLiteral("hard") : QStringLiteral("soft")}}});
}

} // namespace ChargeDesk::Ui
