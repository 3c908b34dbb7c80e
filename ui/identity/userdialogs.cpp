#include "ui/identity/userdialogs.h"

#include "core/authservice.h"
#include "core/catalog.h"
#include "ui/widgets/passwordfields.h"
#include "ui/widgets/tr.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

namespace ChargeDesk::Ui {

namespace {

QLabel *heading(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setTextFormat(Qt::PlainText);
    QFont bold = label->font();
    bold.setBold(true);
    label->setFont(bold);
    return label;
}

// Hashing a password is deliberately slow (Argon2id): say so with the cursor meanwhile.
template <typename Work> auto withWaitCursor(Work work)
{
    QApplication::setOverrideCursor(Qt::WaitCursor);
    auto result = work();
    QApplication::restoreOverrideCursor();
    return result;
}

} // namespace

ChangePasswordDialog::ChangePasswordDialog(Core::AuthService &auth, const Core::Actor &actor, qint64 userId,
                                           const QString &userName, QWidget *parent)
    : QDialog(parent)
    , m_auth(auth)
    , m_actor(actor)
    , m_userId(userId)
{
    setObjectName(QStringLiteral("changePasswordDialog"));
    const bool own = actor.userId == userId;
    setWindowTitle(own ? Tr::tr("Change your password") : Tr::tr("Change the password of %1").arg(userName));

    auto *intro = new QLabel(
        own ? Tr::tr("Your new password replaces the old one at once.")
            : Tr::tr("%1 signs in with the new password from now on; the old one stops working.").arg(userName),
        this);
    intro->setWordWrap(true);
    m_fields = new PasswordFields(this);
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("passwordDialogError"));
    m_error->setWordWrap(true);
    m_error->setTextFormat(Qt::PlainText);
    m_error->hide();

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    QPushButton *ok = buttons->addButton(Tr::tr("Change password"), QDialogButtonBox::AcceptRole);
    ok->setObjectName(QStringLiteral("changePasswordOk"));
    ok->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, &ChangePasswordDialog::change);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addSpacing(fontMetrics().height() / 2);
    layout->addWidget(m_fields);
    layout->addWidget(m_error);
    layout->addSpacing(fontMetrics().height() / 2);
    layout->addWidget(buttons);
    setMinimumWidth(fontMetrics().averageCharWidth() * 60);
}

void ChangePasswordDialog::change()
{
    m_error->hide();
    const std::optional<QString> password = m_fields->acceptedPassword();
    if (!password)
        return;
    const Core::Status changed = withWaitCursor([&] { return m_auth.setPassword(m_actor, m_userId, *password); });
    if (changed) {
        accept();
        return;
    }
    if (!m_fields->showError(changed.error())) {
        m_error->setText(changed.error().message());
        m_error->show();
    }
}

NewUserDialog::NewUserDialog(Core::Repository &repository, Core::AuthService &auth, const Core::Actor &actor,
                             const QList<FormSection> &sections, QWidget *parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("newUserDialog"));
    setWindowTitle(Tr::tr("New user"));
    m_form = new EntityForm(repository, actor, Core::Tables::Users, this);
    m_form->setSections(sections);
    m_form->startCreate();
    m_password = new PasswordFields(this);
    // The form's values and the password go to core together: a user is never stored without one.
    m_form->setCreator([this, &auth, actor](const Core::Record &values) {
        return withWaitCursor([&] { return auth.createUser(actor, values, m_password->text()); });
    });

    auto *buttons = new QDialogButtonBox(this);
    QPushButton *save = buttons->addButton(QDialogButtonBox::Save);
    save->setObjectName(QStringLiteral("saveButton"));
    save->setDefault(true);
    buttons->addButton(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancelButton"));
    connect(save, &QPushButton::clicked, this, &NewUserDialog::save);
    connect(buttons, &QDialogButtonBox::rejected, this, &NewUserDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_form, 1);
    layout->addWidget(heading(Tr::tr("Password"), this));
    layout->addWidget(m_password);
    layout->addSpacing(fontMetrics().height() / 2);
    layout->addWidget(buttons);
    resize(sizeHint().expandedTo(QSize(fontMetrics().averageCharWidth() * 80, 0)));
}

void NewUserDialog::save()
{
    // The password first: core checks it with the same rule, but a mismatch only the window sees.
    if (!m_password->acceptedPassword())
        return;
    if (m_form->save())
        accept();
}

void NewUserDialog::reject()
{
    if (m_form->isModified() || !m_password->isEmpty()) {
        QMessageBox box(QMessageBox::Question, windowTitle(), Tr::tr("Discard the new user?"),
                        QMessageBox::Discard | QMessageBox::Cancel, this);
        box.setObjectName(QStringLiteral("confirmDiscard"));
        box.setDefaultButton(QMessageBox::Cancel);
        if (box.exec() != QMessageBox::Discard)
            return;
    }
    QDialog::reject();
}

} // namespace ChargeDesk::Ui
