#include "ui/widgets/passwordfields.h"

#include "core/authservice.h"
#include "ui/widgets/tr.h"

#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>

namespace ChargeDesk::Ui {

namespace {

QLabel *errorLabel(const QString &name, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(name);
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    QPalette red = label->palette();
    const bool dark = red.color(QPalette::Window).lightness() < 128;
    red.setColor(QPalette::WindowText, dark ? QColor(0xff, 0x8a, 0x80) : QColor(0xb3, 0x26, 0x1e));
    label->setPalette(red);
    label->hide();
    return label;
}

} // namespace

PasswordFields::PasswordFields(QWidget *parent)
    : QWidget(parent)
{
    m_password = new QLineEdit(this);
    m_password->setObjectName(QStringLiteral("password"));
    m_password->setEchoMode(QLineEdit::Password);
    m_repeat = new QLineEdit(this);
    m_repeat->setObjectName(QStringLiteral("passwordRepeat"));
    m_repeat->setEchoMode(QLineEdit::Password);
    m_passwordError = errorLabel(QStringLiteral("error_password"), this);
    m_repeatError = errorLabel(QStringLiteral("error_passwordRepeat"), this);
    auto *rule = new QLabel(Core::AuthService::passwordRule(), this);
    rule->setObjectName(QStringLiteral("passwordRule"));
    rule->setForegroundRole(QPalette::PlaceholderText);

    auto *layout = new QFormLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    layout->addRow(Tr::tr("&New password"), m_password);
    layout->addRow(QString(), rule);
    layout->addRow(QString(), m_passwordError);
    layout->addRow(Tr::tr("&Repeat it"), m_repeat);
    layout->addRow(QString(), m_repeatError);

    // A message about what was typed before goes away as soon as the user types again.
    connect(m_password, &QLineEdit::textEdited, m_passwordError, &QLabel::hide);
    connect(m_repeat, &QLineEdit::textEdited, m_repeatError, &QLabel::hide);
}

std::optional<QString> PasswordFields::acceptedPassword()
{
    clearErrors();
    const QString password = m_password->text();
    if (const auto problems = Core::AuthService::checkPassword(password); !problems.isEmpty()) {
        showBeside(m_passwordError, problems.first().message);
        m_password->setFocus(Qt::OtherFocusReason);
        return std::nullopt;
    }
    if (m_repeat->text() != password) {
        showBeside(m_repeatError, Tr::tr("The two entries differ. Type the same password twice."));
        m_repeat->setFocus(Qt::OtherFocusReason);
        return std::nullopt;
    }
    return password;
}

bool PasswordFields::showError(const Core::Error &error)
{
    const std::optional<QString> message = error.fieldMessage(QStringLiteral("password"));
    if (!message)
        return false;
    showBeside(m_passwordError, *message);
    return true;
}

QString PasswordFields::text() const
{
    return m_password->text();
}

bool PasswordFields::isEmpty() const
{
    return m_password->text().isEmpty() && m_repeat->text().isEmpty();
}

void PasswordFields::clearErrors()
{
    m_passwordError->hide();
    m_repeatError->hide();
}

void PasswordFields::showBeside(QLabel *label, const QString &message)
{
    label->setText(message);
    label->show();
}

} // namespace ChargeDesk::Ui
