#pragma once

#include "core/actor.h"

#include <QDialog>
#include <QPixmap>

class QLabel;
class QLineEdit;
class QPushButton;

namespace ChargeDesk::Core {
class AuthService;
}

namespace ChargeDesk::Ui {

// Asks for an email and a password and signs the user in through core, which decides what
// the user may see from then on. The last email used is offered again.
class SignInDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SignInDialog)

public:
    // `logo`: the site's, shown above the title when there is one.
    SignInDialog(Core::AuthService &auth, const QString &databaseName, const QPixmap &logo = {},
                 QWidget *parent = nullptr);

    // The signed-in user once the dialog is accepted.
    Core::Actor actor() const { return m_actor; }

private:
    void signIn();

    Core::AuthService &m_auth;
    Core::Actor m_actor;
    QLineEdit *m_email = nullptr;
    QLineEdit *m_password = nullptr;
    QLabel *m_error = nullptr;
    QPushButton *m_signIn = nullptr;
};

} // namespace ChargeDesk::Ui
