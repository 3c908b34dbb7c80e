#include "ui/identity/userdetails.h"

#include "core/catalog.h"
#include "core/repository.h"
#include "ui/identity/userdialogs.h"
#include "ui/widgets/tr.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

namespace ChargeDesk::Ui {

namespace {

QString fullName(const Core::Record &user)
{
    const QString name = QStringLiteral("%1 %2")
                             .arg(user.value(QStringLiteral("first_name")).toString(),
                                  user.value(QStringLiteral("last_name")).toString())
                             .trimmed();
    return name.isEmpty() ? user.value(QStringLiteral("email")).toString() : name;
}

} // namespace

UserActions::UserActions(const PageContext &context, ListPage &page, QWidget *parent)
    : QWidget(parent)
    , m_context(context)
{
    setObjectName(QStringLiteral("userActions"));
    m_password = new QPushButton(Tr::tr("Change password…"), this);
    m_password->setObjectName(QStringLiteral("changePasswordButton"));
    m_enabled = new QPushButton(this);
    m_enabled->setObjectName(QStringLiteral("toggleEnabledButton"));
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("userActionMessage"));
    m_message->setWordWrap(true);
    m_message->setTextFormat(Qt::PlainText);
    m_message->hide();

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_password);
    buttons->addWidget(m_enabled);
    buttons->addStretch();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, fontMetrics().height() / 2, 0, 0);
    layout->addLayout(buttons);
    layout->addWidget(m_message);

    connect(m_password, &QPushButton::clicked, this, &UserActions::changePassword);
    connect(m_enabled, &QPushButton::clicked, this, &UserActions::toggleEnabled);
    connect(&page, &ListPage::currentChanged, this, &UserActions::follow);
    connect(&m_context.repository, &Core::Repository::rowChanged, this, [this](const QString &table, qint64 id) {
        if (table == Core::Tables::Users && id == m_userId)
            refresh();
    });
    follow(page.currentId());
}

void UserActions::follow(qint64 userId)
{
    m_userId = userId;
    m_message->hide();
    refresh();
}

void UserActions::refresh()
{
    const auto user = m_userId != 0 ? m_context.repository.get(m_context.actor, Core::Tables::Users, m_userId)
                                    : Core::Result<Core::Record>(Core::Record());
    m_user = user ? user.value() : Core::Record();
    const bool shown = !m_user.isEmpty();
    const bool self = m_userId == m_context.actor.userId;
    const bool enabled = m_user.value(QStringLiteral("enabled")).toBool();

    m_password->setEnabled(shown && m_context.services.auth && (self || m_context.actor.powerUser));
    m_password->setToolTip(m_context.services.auth ? QString() : Tr::tr("Passwords cannot be changed in this window."));
    m_enabled->setText(enabled || !shown ? Tr::tr("Disable…") : Tr::tr("Enable"));
    // Core refuses it too; the button says why before anyone tries.
    m_enabled->setEnabled(shown && !(self && enabled));
    m_enabled->setToolTip(self && enabled ? Tr::tr("You cannot disable yourself.") : QString());
}

void UserActions::changePassword()
{
    if (m_user.isEmpty() || !m_context.services.auth)
        return;
    ChangePasswordDialog dialog(*m_context.services.auth, m_context.actor, m_userId, fullName(m_user), this);
    if (dialog.exec() == QDialog::Accepted) {
        report(Tr::tr("The password of %1 was changed.").arg(fullName(m_user)), false);
    }
}

void UserActions::toggleEnabled()
{
    if (m_user.isEmpty())
        return;
    const bool enable = !m_user.value(QStringLiteral("enabled")).toBool();
    if (!enable) {
        QMessageBox box(QMessageBox::Question, Tr::tr("Disable user"), Tr::tr("Disable %1?").arg(fullName(m_user)),
                        QMessageBox::NoButton, this);
        box.setObjectName(QStringLiteral("confirmDisable"));
        box.setInformativeText(Tr::tr("They can no longer sign in until a power user enables them again."));
        QPushButton *disable = box.addButton(Tr::tr("Disable"), QMessageBox::AcceptRole);
        disable->setObjectName(QStringLiteral("confirmDisableButton"));
        box.setDefaultButton(box.addButton(QMessageBox::Cancel));
        box.exec();
        if (box.clickedButton() != disable)
            return;
    }
    m_message->hide();
    const Core::Status changed = m_context.repository.update(m_context.actor, Core::Tables::Users, m_userId,
                                                             {{QStringLiteral("enabled"), enable}});
    if (!changed) {
        const auto beside = changed.error().fieldMessage(QStringLiteral("enabled"));
        report(beside.value_or(changed.error().message()), true);
    }
}

void UserActions::report(const QString &message, bool problem)
{
    m_message->setText(message);
    QPalette colours = palette();
    if (problem) {
        const bool dark = colours.color(QPalette::Window).lightness() < 128;
        colours.setColor(QPalette::WindowText, dark ? QColor(0xff, 0x8a, 0x80) : QColor(0xb3, 0x26, 0x1e));
    }
    m_message->setPalette(colours);
    m_message->show();
}

QWidget *userDetails(const PageContext &context, ListPage &page)
{
    return new UserActions(context, page);
}

CreateDialog newUserDialog(const QList<FormSection> &form)
{
    return [form](const PageContext &context, QWidget *parent) -> std::optional<qint64> {
        if (!context.services.auth) {
            QMessageBox::warning(parent, Tr::tr("New user"),
                                 Tr::tr("Users cannot be created in this window: it cannot set passwords."));
            return std::nullopt;
        }
        NewUserDialog dialog(context.repository, *context.services.auth, context.actor, form, parent);
        if (dialog.exec() != QDialog::Accepted)
            return std::nullopt;
        return dialog.createdId();
    };
}

} // namespace ChargeDesk::Ui
