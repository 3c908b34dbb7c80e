#include "ui/stations/operationpanel.h"

#include "ui/stations/commandstatus.h"
#include "ui/widgets/icons.h"

#include <QAbstractButton>
#include <QHBoxLayout>
#include <QLabel>
#include <QPointer>
#include <QStyle>
#include <QVBoxLayout>

namespace ChargeDesk::Ui {

OperationPanel::OperationPanel(const OperatedStation &station, const QString &name, const QString &icon,
                               const QString &title, const QString &explanation, QWidget *parent)
    : QFrame(parent)
    , m_station(station)
{
    setObjectName(name);
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::Base);
    m_body = new QVBoxLayout(this);
    auto *head = new QHBoxLayout;
    auto *symbol = new QLabel(this);
    const int size = style()->pixelMetric(QStyle::PM_SmallIconSize) * 5 / 4;
    symbol->setPixmap(Icons::get(icon).pixmap(QSize(size, size), devicePixelRatioF()));
    head->addWidget(symbol);
    auto *heading = new QLabel(title, this);
    QFont font = heading->font();
    font.setBold(true);
    font.setPointSizeF(font.pointSizeF() * 1.1);
    heading->setFont(font);
    head->addWidget(heading, 1);
    m_body->addLayout(head);
    auto *text = new QLabel(explanation, this);
    text->setWordWrap(true);
    text->setForegroundRole(QPalette::PlaceholderText);
    m_body->addWidget(text);
}

CommandStatus *OperationPanel::newAnswer(const QString &name)
{
    auto *answer = new CommandStatus(this);
    answer->setObjectName(name);
    return answer;
}

void OperationPanel::send(QAbstractButton *button, CommandStatus *answer, const Core::Command &command,
                          const Then &then)
{
    QPointer<QAbstractButton> alive(button);
    const bool sent =
        answer->send(m_station.gateway, m_station.id, {}, command, [alive, then](const Core::CommandResult &r) {
            if (alive)
                alive->setEnabled(true);
            if (then)
                then(r);
        });
    if (sent)
        button->setEnabled(false);
}

} // namespace ChargeDesk::Ui
