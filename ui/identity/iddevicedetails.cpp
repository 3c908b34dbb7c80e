#include "ui/identity/iddevicedetails.h"

#include "core/catalog.h"
#include "core/repository.h"
#include "ui/identity/customerpicker.h"
#include "ui/widgets/tr.h"

#include <QGridLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

namespace ChargeDesk::Ui {

namespace {

const QString CustomerField = QStringLiteral("customer_id");
const QString StatusField = QStringLiteral("status");
const QString Blocked = QStringLiteral("blocked");

} // namespace

IdDeviceActions::IdDeviceActions(const PageContext &context, ListPage &page, QWidget *parent)
    : QWidget(parent)
    , m_context(context)
{
    setObjectName(QStringLiteral("idDeviceActions"));
    m_customer = new QLabel(this);
    m_customer->setObjectName(QStringLiteral("deviceCustomer"));
    m_customer->setWordWrap(true);
    m_customer->setTextFormat(Qt::PlainText);
    m_assign = new QPushButton(Tr::tr("Assign to customer…"), this);
    m_assign->setObjectName(QStringLiteral("assignCustomerButton"));
    m_unassign = new QPushButton(Tr::tr("Unassign…"), this);
    m_unassign->setObjectName(QStringLiteral("unassignCustomerButton"));
    m_blocked = new QPushButton(this);
    m_blocked->setObjectName(QStringLiteral("toggleBlockedButton"));
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("deviceActionError"));
    m_error->setWordWrap(true);
    m_error->setTextFormat(Qt::PlainText);
    QPalette red = m_error->palette();
    const bool dark = red.color(QPalette::Window).lightness() < 128;
    red.setColor(QPalette::WindowText, dark ? QColor(0xff, 0x8a, 0x80) : QColor(0xb3, 0x26, 0x1e));
    m_error->setPalette(red);
    m_error->hide();

    auto *buttons = new QGridLayout;
    buttons->addWidget(m_assign, 0, 0);
    buttons->addWidget(m_unassign, 0, 1);
    buttons->addWidget(m_blocked, 1, 0);
    buttons->setColumnStretch(2, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, fontMetrics().height() / 2, 0, 0);
    layout->addWidget(m_customer);
    layout->addLayout(buttons);
    layout->addWidget(m_error);

    connect(m_assign, &QPushButton::clicked, this, &IdDeviceActions::assign);
    connect(m_unassign, &QPushButton::clicked, this, &IdDeviceActions::unassign);
    connect(m_blocked, &QPushButton::clicked, this, &IdDeviceActions::toggleBlocked);
    connect(&page, &ListPage::currentChanged, this, &IdDeviceActions::follow);
    connect(&m_context.repository, &Core::Repository::rowChanged, this, [this](const QString &table, qint64 id) {
        // The device itself, or its customer renamed.
        if ((table == Core::Tables::IdDevices && id == m_deviceId) ||
            (table == Core::Tables::Customers && id == m_device.value(CustomerField).toLongLong()))
            refresh();
    });
    follow(page.currentId());
}

void IdDeviceActions::follow(qint64 deviceId)
{
    m_deviceId = deviceId;
    m_error->hide();
    refresh();
}

void IdDeviceActions::refresh()
{
    const auto device = m_deviceId != 0 ? m_context.repository.get(m_context.actor, Core::Tables::IdDevices, m_deviceId)
                                        : Core::Result<Core::Record>(Core::Record());
    m_device = device ? device.value() : Core::Record();
    const bool shown = !m_device.isEmpty();
    const qint64 customer = m_device.value(CustomerField).toLongLong();
    const bool blocked = m_device.value(StatusField).toString() == Blocked;
    if (!shown)
        m_customer->clear();
    else if (customer == 0)
        m_customer->setText(Tr::tr("Not assigned to a customer: chargers refuse it."));
    else
        m_customer->setText(Tr::tr("Assigned to %1.").arg(customerName(customer)));
    m_assign->setEnabled(shown);
    m_unassign->setEnabled(shown && customer != 0);
    m_blocked->setText(blocked ? Tr::tr("Unblock") : Tr::tr("Block…"));
    m_blocked->setEnabled(shown);
}

QString IdDeviceActions::customerName(qint64 customerId) const
{
    const auto customer = m_context.repository.get(m_context.actor, Core::Tables::Customers, customerId);
    if (!customer)
        return Tr::tr("customer #%1").arg(customerId);
    const QString name = customer.value().value(QStringLiteral("name")).toString();
    const QString code = customer.value().value(QStringLiteral("code")).toString();
    return code.isEmpty() || code == name ? name : Tr::tr("%1 (%2)", "name (code)").arg(name, code);
}

QString IdDeviceActions::deviceName() const
{
    const QString name = m_device.value(QStringLiteral("name")).toString();
    return name.isEmpty() ? m_device.value(QStringLiteral("identifier")).toString() : name;
}

bool IdDeviceActions::confirm(const QString &objectName, const QString &title, const QString &text, const QString &info,
                              const QString &action)
{
    QMessageBox box(QMessageBox::Question, title, text, QMessageBox::NoButton, this);
    box.setObjectName(objectName);
    box.setInformativeText(info);
    QPushButton *yes = box.addButton(action, QMessageBox::AcceptRole);
    yes->setObjectName(objectName + QStringLiteral("Button"));
    box.setDefaultButton(box.addButton(QMessageBox::Cancel));
    box.exec();
    return box.clickedButton() == yes;
}

void IdDeviceActions::assign()
{
    if (m_device.isEmpty())
        return;
    CustomerPicker picker(m_context.repository, m_context.actor, Tr::tr("Assign %1 to a customer").arg(deviceName()),
                          this);
    if (picker.exec() != QDialog::Accepted || !picker.chosenId())
        return;
    const qint64 chosen = *picker.chosenId();
    const qint64 previous = m_device.value(CustomerField).toLongLong();
    if (chosen == previous)
        return;
    // One customer at a time: assigning it elsewhere takes it from its holder, so say who that is.
    if (previous != 0 &&
        !confirm(QStringLiteral("confirmReassign"), Tr::tr("Move ID device"),
                 Tr::tr("%1 is assigned to %2. Move it to %3?")
                     .arg(deviceName(), customerName(previous), customerName(chosen)),
                 Tr::tr("Chargers then accept it for %1 only.").arg(customerName(chosen)), Tr::tr("Move")))
        return;
    change({{CustomerField, chosen}});
}

void IdDeviceActions::unassign()
{
    const qint64 previous = m_device.value(CustomerField).toLongLong();
    if (previous == 0 ||
        !confirm(QStringLiteral("confirmUnassign"), Tr::tr("Unassign ID device"),
                 Tr::tr("Take %1 away from %2?").arg(deviceName(), customerName(previous)),
                 Tr::tr("Chargers no longer accept it until it is assigned again."), Tr::tr("Unassign")))
        return;
    change({{CustomerField, QVariant()}});
}

void IdDeviceActions::toggleBlocked()
{
    if (m_device.isEmpty())
        return;
    const bool block = m_device.value(StatusField).toString() != Blocked;
    if (block &&
        !confirm(QStringLiteral("confirmBlock"), Tr::tr("Block ID device"), Tr::tr("Block %1?").arg(deviceName()),
                 Tr::tr("Chargers refuse it until it is unblocked; it stays assigned."), Tr::tr("Block")))
        return;
    change({{StatusField, block ? Blocked : QStringLiteral("active")}});
}

bool IdDeviceActions::change(const Core::Record &changes)
{
    m_error->hide();
    const Core::Status changed =
        m_context.repository.update(m_context.actor, Core::Tables::IdDevices, m_deviceId, changes);
    if (changed)
        return true;
    const auto beside = changes.isEmpty() ? std::nullopt : changed.error().fieldMessage(changes.firstKey());
    m_error->setText(beside.value_or(changed.error().message()));
    m_error->show();
    return false;
}

QWidget *idDeviceDetails(const PageContext &context, ListPage &page)
{
    return new IdDeviceActions(context, page);
}

} // namespace ChargeDesk::Ui
