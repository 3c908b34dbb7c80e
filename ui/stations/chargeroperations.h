#pragma once

#include "ui/shell/sections.h"

#include <QWidget>

class QLabel;
class QPushButton;

namespace ChargeDesk::Ui {

class ChildList;
class CommandStatus;

// The Chargers page's part of the details pane: whether the charger's station is reachable,
// turning the charger or one of its connectors on and off (OCPP change availability), and
// unlocking a connector whose cable is stuck, each with the charger's answer beside it.
// Without a gateway (Services) the connectors are listed and the actions are left out.
class ChargerOperations final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChargerOperations)

public:
    ChargerOperations(const PageContext &context, const QList<FormSection> &connectorForm, QWidget *parent = nullptr);

    void setChargerId(qint64 id);
    qint64 chargerId() const { return m_chargerId; }
    ChildList &connectors() { return *m_connectors; }
    QSize minimumSizeHint() const override;

private:
    void refresh();
    void changeAvailability(bool operative);
    void changeConnectorAvailability(qint64 connectorId, bool operative);
    void unlock(qint64 connectorId);
    std::optional<Core::Record> connector(qint64 connectorId) const;

    PageContext m_context;
    qint64 m_chargerId = 0;
    Core::Record m_charger;
    Core::Record m_station;
    QWidget *m_body = nullptr;
    QLabel *m_connection = nullptr;
    QPushButton *m_turnOn = nullptr;
    QPushButton *m_turnOff = nullptr;
    CommandStatus *m_chargerAnswer = nullptr;
    ChildList *m_connectors = nullptr;
    CommandStatus *m_connectorAnswer = nullptr;
};

// Section::details of the Chargers section.
QWidget *chargerOperations(const PageContext &context, ListPage &page, const QList<FormSection> &connectorForm);

} // namespace ChargeDesk::Ui
