#include "ui/shell/signindialog.h"

#include "core/authservice.h"
#include "ui/widgets/tr.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

namespace ChargeDesk::Ui {

namespace {

const QString LastEmailKey = QStringLiteral("signIn/lastEmail");

} // namespace

SignInDialog::SignInDialog(Core::AuthService &auth, const QString &databaseName, const QPixmap &logo, QWidget *parent)
    : QDialog(parent)
    , m_auth(auth)
{
    setObjectName(QStringLiteral("signInDialog"));
    setWindowTitle(Tr::tr("Sign in to ChargeDesk"));

    auto *title = new QLabel(Tr::tr("Sign in"), this);
    QFont big = title->font();
    big.setPointSizeF(big.pointSizeF() * 1.6);
    big.setBold(true);
    title->setFont(big);
    auto *where = new QLabel(Tr::tr("Network data in %1").arg(databaseName), this);
    where->setForegroundRole(QPalette::PlaceholderText);
    where->setWordWrap(true);

    m_email = new QLineEdit(this);
    m_email->setObjectName(QStringLiteral("email"));
    m_email->setPlaceholderText(Tr::tr("name@example.com"));
    m_email->setText(QSettings().value(LastEmailKey).toString());
    m_password = new QLineEdit(this);
    m_password->setObjectName(QStringLiteral("password"));
    m_password->setEchoMode(QLineEdit::Password);
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("signInError"));
    m_error->setWordWrap(true);
    QPalette red = m_error->palette();
    red.setColor(QPalette::WindowText, QColor(0xc0, 0x1c, 0x28));
    m_error->setPalette(red);
    m_error->hide();

    auto *form = new QFormLayout;
    form->addRow(Tr::tr("&Email"), m_email);
    form->addRow(Tr::tr("&Password"), m_password);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_signIn = buttons->addButton(Tr::tr("Sign in"), QDialogButtonBox::AcceptRole);
    m_signIn->setObjectName(QStringLiteral("signInButton"));
    m_signIn->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, &SignInDialog::signIn);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(28, 24, 28, 20);
    layout->setSpacing(10);
    if (!logo.isNull()) { // whose network this is, before anything is typed
        auto *picture = new QLabel(this);
        picture->setObjectName(QStringLiteral("siteLogo"));
        picture->setPixmap(logo);
        layout->addWidget(picture);
    }
    layout->addWidget(title);
    layout->addWidget(where);
    layout->addSpacing(8);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addSpacing(8);
    layout->addWidget(buttons);
    setMinimumWidth(380);
    (m_email->text().isEmpty() ? m_email : m_password)->setFocus();
}

void SignInDialog::signIn()
{
    m_error->hide();
    m_signIn->setEnabled(false);
    // The password check is deliberately slow (Argon2id); say so with the cursor.
    QApplication::setOverrideCursor(Qt::WaitCursor);
    auto result = m_auth.signIn(m_email->text(), m_password->text());
    QApplication::restoreOverrideCursor();
    m_signIn->setEnabled(true);
    m_password->clear();
    if (!result) {
        m_error->setText(result.error().message());
        m_error->show();
        m_password->setFocus();
        return;
    }
    m_actor = result.value();
    QSettings().setValue(LastEmailKey, m_actor.email);
    accept();
}

} // namespace ChargeDesk::Ui
