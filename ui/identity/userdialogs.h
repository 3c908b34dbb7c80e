#pragma once

#include "core/actor.h"
#include "ui/widgets/entityform.h"

#include <QDialog>

class QLabel;
class QPushButton;

namespace ChargeDesk::Core {
class AuthService;
class Repository;
} // namespace ChargeDesk::Core

namespace ChargeDesk::Ui {

class PasswordFields;

// Sets a new password for one user. Core decides who may: a user their own, a power user
// anyone's; its refusal is shown in the dialog, which then stays open.
class ChangePasswordDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChangePasswordDialog)

public:
    ChangePasswordDialog(Core::AuthService &auth, const Core::Actor &actor, qint64 userId, const QString &userName,
                         QWidget *parent = nullptr);

private:
    void change();

    Core::AuthService &m_auth;
    const Core::Actor m_actor;
    const qint64 m_userId;
    PasswordFields *m_fields = nullptr;
    QLabel *m_error = nullptr;
};

// A new user: the fields of the users form and the initial password, created in one step by
// AuthService, so that nobody is ever stored without a password.
class NewUserDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NewUserDialog)

public:
    NewUserDialog(Core::Repository &repository, Core::AuthService &auth, const Core::Actor &actor,
                  const QList<FormSection> &sections, QWidget *parent = nullptr);

    std::optional<qint64> createdId() const { return m_form->recordId(); }

public slots:
    void reject() override;

private:
    void save();

    EntityForm *m_form = nullptr;
    PasswordFields *m_password = nullptr;
};

} // namespace ChargeDesk::Ui
