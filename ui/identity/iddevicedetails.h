#pragma once

#include "ui/shell/sections.h"

#include <QWidget>

class QLabel;
class QPushButton;

namespace ChargeDesk::Ui {

// The ID devices page's own part of the details pane: whose the device is, assigning it to a
// customer (a device has one customer at most: assigning another moves it, after saying from
// whom) or taking it back, and blocking it (a lost card) so that chargers refuse it.
class IdDeviceActions final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(IdDeviceActions)

public:
    IdDeviceActions(const PageContext &context, ListPage &page, QWidget *parent = nullptr);

private:
    void follow(qint64 deviceId);
    void refresh();
    void assign();
    void unassign();
    void toggleBlocked();
    // Writes `changes` to the device; false with core's refusal shown.
    bool change(const Core::Record &changes);
    QString customerName(qint64 customerId) const;
    QString deviceName() const;
    bool confirm(const QString &objectName, const QString &title, const QString &text, const QString &info,
                 const QString &action);

    PageContext m_context;
    qint64 m_deviceId = 0;
    Core::Record m_device;
    QLabel *m_customer = nullptr;
    QPushButton *m_assign = nullptr;
    QPushButton *m_unassign = nullptr;
    QPushButton *m_blocked = nullptr;
    QLabel *m_error = nullptr;
};

// Section::details of the ID devices section.
QWidget *idDeviceDetails(const PageContext &context, ListPage &page);

} // namespace ChargeDesk::Ui
