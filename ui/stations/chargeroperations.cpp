#include "ui/stations/chargeroperations.h"

#include "core/catalog.h"
#include "ui/stations/commandstatus.h"
#include "ui/widgets/childlist.h"
#include "ui/widgets/icons.h"
#include "ui/widgets/listpage.h"
#include "ui/widgets/tr.h"
#include "ui/widgets/valueformat.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace ChargeDesk::Ui {

namespace {

namespace T = Core::Tables;

QLabel *heading(const QString &title, QWidget *parent)
{
    auto *label = new QLabel(title, parent);
    QFont bold = label->font();
    bold.setBold(true);
    label->setFont(bold);
    label->setContentsMargins(0, label->fontMetrics().height() / 2, 0, 2);
    return label;
}

} // namespace

ChargerOperations::ChargerOperations(const PageContext &context, const QList<FormSection> &connectorForm,
                                     QWidget *parent)
    : QWidget(parent)
    , m_context(context)
{
    setObjectName(QStringLiteral("chargerOperations"));
    const bool canAct = context.services.gateway != nullptr;
    m_body = new QWidget(this);
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(m_body);
    auto *layout = new QVBoxLayout(m_body);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);

    layout->addWidget(heading(Tr::tr("Availability"), m_body));
    m_connection = new QLabel(m_body);
    m_connection->setObjectName(QStringLiteral("stationConnection"));
    m_connection->setWordWrap(true);
    m_connection->setTextFormat(Qt::RichText);
    layout->addWidget(m_connection);
    auto *buttons = new QHBoxLayout;
    m_turnOn = new QPushButton(Tr::tr("Turn on"), m_body);
    m_turnOn->setObjectName(QStringLiteral("chargerOnButton"));
    m_turnOn->setToolTip(Tr::tr("Ask the charger to make itself available to drivers"));
    m_turnOff = new QPushButton(Tr::tr("Turn off"), m_body);
    m_turnOff->setObjectName(QStringLiteral("chargerOffButton"));
    m_turnOff->setToolTip(Tr::tr("Ask the charger to make itself unavailable, for example during maintenance"));
    for (QPushButton *button : {m_turnOn, m_turnOff}) {
        button->setAutoDefault(false);
        button->setVisible(canAct);
        buttons->addWidget(button);
    }
    buttons->addStretch(1);
    layout->addLayout(buttons);
    connect(m_turnOn, &QPushButton::clicked, this, [this] { changeAvailability(true); });
    connect(m_turnOff, &QPushButton::clicked, this, [this] { changeAvailability(false); });
    m_chargerAnswer = new CommandStatus(m_body);
    m_chargerAnswer->setObjectName(QStringLiteral("chargerAnswer"));
    layout->addWidget(m_chargerAnswer);

    layout->addWidget(heading(Tr::tr("Connectors"), m_body));
    m_connectors = new ChildList(context.repository, context.actor,
                                 {T::Connectors,
                                  {QStringLiteral("connector_number"), QStringLiteral("code"), QStringLiteral("name"),
                                   QStringLiteral("type"), QStringLiteral("status"), QStringLiteral("error_code")},
                                  {},
                                  QStringLiteral("connector_number")},
                                 QStringLiteral("charger_id"), connectorForm, m_body);
    m_connectors->setObjectName(QStringLiteral("chargerConnectors"));
    layout->addWidget(m_connectors);
    if (canAct) {
        // On a row of their own: beside Add, Open and Delete they would not fit a narrow pane.
        auto *row = new QHBoxLayout;
        row->addWidget(new QLabel(Tr::tr("Selected connector:"), m_body));
        const auto action = [&](const QString &name, const QString &text, std::function<void(qint64)> act) {
            auto *button = new QPushButton(text, m_body);
            button->setObjectName(name);
            button->setAutoDefault(false);
            button->setEnabled(false);
            connect(button, &QPushButton::clicked, this, [this, act] {
                if (const qint64 id = m_connectors->currentId())
                    act(id);
            });
            connect(m_connectors, &ChildList::currentChanged, button, [button](qint64 id) { button->setEnabled(id); });
            row->addWidget(button);
            return button;
        };
        action(QStringLiteral("connectorOnButton"), Tr::tr("Turn on"),
               [this](qint64 id) { changeConnectorAvailability(id, true); });
        action(QStringLiteral("connectorOffButton"), Tr::tr("Turn off"),
               [this](qint64 id) { changeConnectorAvailability(id, false); });
        action(QStringLiteral("unlockButton"), Tr::tr("Unlock"), [this](qint64 id) {
            unlock(id);
        })->setToolTip(Tr::tr("Release the cable when the charger keeps it locked"));
        row->addStretch(1);
        layout->addLayout(row);
    }
    m_connectorAnswer = new CommandStatus(m_body);
    m_connectorAnswer->setObjectName(QStringLiteral("connectorAnswer"));
    layout->addWidget(m_connectorAnswer);

    connect(&context.repository, &Core::Repository::rowChanged, this,
            [this](const QString &table, qint64 id, Core::Repository::Change) {
                if ((table == T::Chargers && id == m_chargerId) ||
                    (table == T::Stations && id == m_charger.value(QStringLiteral("station_id")).toLongLong()))
                    refresh();
            });
    m_body->hide();
}

QSize ChargerOperations::minimumSizeHint() const
{
    // Wide enough for the connectors' table with its row buttons; the body is hidden while no
    // charger is selected, so the layout alone would ask for nothing.
    return QWidget::minimumSizeHint().expandedTo(QSize(fontMetrics().averageCharWidth() * 60, 0));
}

void ChargerOperations::setChargerId(qint64 id)
{
    if (id == m_chargerId)
        return;
    m_chargerId = id;
    m_chargerAnswer->clear();
    m_connectorAnswer->clear();
    m_connectors->setParentId(id);
    refresh();
}

void ChargerOperations::refresh()
{
    const auto charger = m_context.repository.get(m_context.actor, T::Chargers, m_chargerId);
    m_body->setVisible(m_chargerId && charger);
    if (!m_chargerId || !charger)
        return;
    m_charger = charger.value();
    const qint64 stationId = m_charger.value(QStringLiteral("station_id")).toLongLong();
    const auto station = m_context.repository.get(m_context.actor, T::Stations, stationId);
    m_station = station ? station.value() : Core::Record();
    const bool connected = m_station.value(QStringLiteral("connected")).toBool();
    const QString name = m_station.value(QStringLiteral("name")).toString().toHtmlEscaped();
    m_connection->setText(connected ? Tr::tr("Station <b>%1</b> is connected.").arg(name)
                                    : Tr::tr("Station <b>%1</b> is not connected. Availability and unlocking need a "
                                             "connected station, because only then does ChargeDesk reach the charger.")
                                          .arg(name));
    m_turnOn->setEnabled(connected);
    m_turnOff->setEnabled(connected);
}

std::optional<Core::Record> ChargerOperations::connector(qint64 connectorId) const
{
    const auto row = m_context.repository.get(m_context.actor, T::Connectors, connectorId);
    return row ? std::optional(row.value()) : std::nullopt;
}

void ChargerOperations::changeAvailability(bool operative)
{
    // The whole charger: its EVSE, no connector (connector 0 in OCPP 1.6).
    const Core::Command command{Core::Command::Kind::ChangeAvailability,
                                {{QStringLiteral("evse"), m_charger.value(QStringLiteral("evse_id")).toInt()},
                                 {QStringLiteral("operative"), operative}}};
    const QString name = m_charger.value(QStringLiteral("name")).toString();
    m_chargerAnswer->send(m_context.services.gateway, m_station.value(QStringLiteral("id")).toLongLong(),
                          operative ? Tr::tr("Turn on %1").arg(name) : Tr::tr("Turn off %1").arg(name), command);
}

void ChargerOperations::changeConnectorAvailability(qint64 connectorId, bool operative)
{
    const auto row = connector(connectorId);
    if (!row)
        return;
    const int number = row->value(QStringLiteral("connector_number")).toInt();
    const Core::Command command{Core::Command::Kind::ChangeAvailability,
                                {{QStringLiteral("evse"), m_charger.value(QStringLiteral("evse_id")).toInt()},
                                 {QStringLiteral("connector"), number},
                                 {QStringLiteral("operative"), operative}}};
    m_connectorAnswer->send(
        m_context.services.gateway, m_station.value(QStringLiteral("id")).toLongLong(),
        operative ? Tr::tr("Turn on connector %1").arg(number) : Tr::tr("Turn off connector %1").arg(number), command);
}

void ChargerOperations::unlock(qint64 connectorId)
{
    const auto row = connector(connectorId);
    if (!row)
        return;
    const int number = row->value(QStringLiteral("connector_number")).toInt();
    const Core::Command command{Core::Command::Kind::UnlockConnector,
                                {{QStringLiteral("evse"), m_charger.value(QStringLiteral("evse_id")).toInt()},
                                 {QStringLiteral("connector"), number}}};
    m_connectorAnswer->send(m_context.services.gateway, m_station.value(QStringLiteral("id")).toLongLong(),
                            Tr::tr("Unlock connector %1").arg(number), command);
}

QWidget *chargerOperations(const PageContext &context, ListPage &page, const QList<FormSection> &connectorForm)
{
    auto *operations = new ChargerOperations(context, connectorForm);
    QObject::connect(&page, &ListPage::currentChanged, operations, &ChargerOperations::setChargerId);
    operations->setChargerId(page.currentId());
    return operations;
}

} // namespace ChargeDesk::Ui
