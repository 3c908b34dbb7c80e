#include "core/authservice.h"
#include "core/catalog.h"
#include "core/repository.h"
#include "ui/shell/firststartwizard_p.h"
#include "ui/widgets/tr.h"

#include <QApplication>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>

#include <algorithm>

namespace ChargeDesk::Ui {

UserPage::UserPage(FirstStartState &state, QWidget *parent)
    : QWizardPage(parent)
    , m_state(state)
{
    setObjectName(QStringLiteral("userPage"));
    setTitle(Tr::tr("Your power user"));
    setSubTitle(Tr::tr("The network's first user. A power user may do everything, including adding more users. "
                       "You sign in with this email address and password."));

    const auto edit = [this](const char *name) {
        auto *line = new QLineEdit(this);
        line->setObjectName(QString::fromLatin1(name));
        return line;
    };
    m_firstName = edit("firstName");
    m_lastName = edit("lastName");
    m_email = edit("email");
    m_email->setPlaceholderText(Tr::tr("name@example.com"));
    m_password = edit("password");
    m_password->setEchoMode(QLineEdit::Password);
    m_repeat = edit("passwordRepeat");
    m_repeat->setEchoMode(QLineEdit::Password);

    m_banner = makeBanner(QStringLiteral("userError"), this);
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_messages = std::make_unique<FieldMessages>(form, m_banner);
    m_messages->addRow(Tr::tr("&First name:"), m_firstName, QStringLiteral("first_name"));
    m_messages->addRow(Tr::tr("&Last name:"), m_lastName, QStringLiteral("last_name"));
    m_messages->addRow(Tr::tr("&Email:"), m_email, QStringLiteral("email"));
    m_messages->addRow(Tr::tr("&Password:"), m_password, QStringLiteral("password"),
                       Tr::tr("At least %n characters. A few unrelated words make a strong password.", nullptr,
                              Core::AuthService::MinimumPasswordLength));
    m_messages->addRow(Tr::tr("&Repeat password:"), m_repeat, QStringLiteral("password_repeat"));

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addStretch(1);
    layout->addWidget(m_banner);
}

bool UserPage::validatePage()
{
    m_messages->clear();
    const Core::Record user{{QStringLiteral("first_name"), m_firstName->text().trimmed()},
                            {QStringLiteral("last_name"), m_lastName->text().trimmed()},
                            {QStringLiteral("email"), m_email->text().trimmed()},
                            {QStringLiteral("power_user"), true},
                            {QStringLiteral("enabled"), true}};
    const QString password = m_password->text();
    const auto asStatus = [](const Core::Result<qint64> &result) -> Core::Status {
        if (!result)
            return result.error();
        return Core::Ok{};
    };

    QApplication::setOverrideCursor(Qt::WaitCursor); // hashing the password is deliberately slow
    auto verdict =
        m_state.tryOut([&] { return asStatus(m_state.db.auth->createUser(Core::Actor::system(), user, password)); });
    QList<Core::FieldError> errors;
    if (verdict && verdict->kind() == Core::Error::Kind::Validation) {
        errors = verdict->fields();
        // A short password stops core before it looks at the other fields; ask about those
        // too, so that every problem shows at once.
        const bool onlyPassword = std::all_of(errors.cbegin(), errors.cend(), [](const Core::FieldError &e) {
            return e.field == QLatin1String("password");
        });
        if (onlyPassword) {
            if (auto rest = m_state.tryOut([&] {
                    return asStatus(m_state.db.repository->create(Core::Actor::system(), Core::Tables::Users, user));
                });
                rest && rest->kind() == Core::Error::Kind::Validation)
                errors << rest->fields();
        }
        verdict.reset();
    }
    QApplication::restoreOverrideCursor();
    if (verdict) { // not about the input: the database itself
        m_messages->show(*verdict);
        return false;
    }
    if (m_repeat->text() != password)
        errors << Core::FieldError{QStringLiteral("password_repeat"), Tr::tr("The two passwords differ.")};
    if (!errors.isEmpty()) {
        m_messages->show(errors);
        return false;
    }
    m_state.user = user;
    m_state.password = password;
    return true;
}

} // namespace ChargeDesk::Ui
