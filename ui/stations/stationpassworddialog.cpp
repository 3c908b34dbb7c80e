#include "ui/stations/stationpassworddialog.h"

#include "core/stationservice.h"
#include "ui/widgets/tr.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QRandomGenerator>
#include <QVBoxLayout>

namespace ChargeDesk::Ui {

namespace {

// Letters and digits that cannot be taken for one another when a technician types the
// password into a charger's setup page (no 0/O, 1/l/I).
constexpr char PasswordAlphabet[] = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
constexpr int GeneratedLength = 24; // about 140 bits; OCPP takes 16 to 40 characters

} // namespace

StationPasswordDialog::StationPasswordDialog(Core::StationService &stations, const Core::Actor &actor, qint64 stationId,
                                             const QString &stationName, const QString &username, QWidget *parent)
    : QDialog(parent)
    , m_stations(stations)
    , m_actor(actor)
    , m_stationId(stationId)
{
    setObjectName(QStringLiteral("stationPasswordDialog"));
    setWindowTitle(Tr::tr("Station password: %1").arg(stationName));

    auto *intro = new QLabel(
        stations.hasPassword(stationId)
            ? Tr::tr("The station has a password. A new one replaces it; the one stored is never shown.")
            : Tr::tr(
                  "The station has no password yet. It needs one when its connection policy asks for authentication."),
        this);
    intro->setObjectName(QStringLiteral("passwordIntro"));
    intro->setWordWrap(true);

    m_username = new QLineEdit(username, this);
    m_username->setObjectName(QStringLiteral("username"));
    m_username->setMaxLength(48);
    m_username->setPlaceholderText(Tr::tr("Usually the station's connection identifier"));
    m_password = new QLineEdit(this);
    m_password->setObjectName(QStringLiteral("password"));
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setMaxLength(40);
    m_password->setPlaceholderText(Tr::tr("16 to 40 characters"));
    m_repeat = new QLineEdit(this);
    m_repeat->setObjectName(QStringLiteral("repeatPassword"));
    m_repeat->setEchoMode(QLineEdit::Password);
    m_repeat->setMaxLength(40);
    auto *generateButton = new QPushButton(Tr::tr("Generate"), this);
    generateButton->setObjectName(QStringLiteral("generatePasswordButton"));
    generateButton->setAutoDefault(false);
    generateButton->setToolTip(Tr::tr("Make a strong password, show it and copy it to the clipboard"));
    connect(generateButton, &QPushButton::clicked, this, &StationPasswordDialog::generate);
    auto *passwordRow = new QHBoxLayout;
    passwordRow->addWidget(m_password, 1);
    passwordRow->addWidget(generateButton);

    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("passwordError"));
    m_error->setWordWrap(true);
    QPalette red = m_error->palette();
    // The form's red, readable on light and dark palettes.
    red.setColor(QPalette::WindowText, palette().color(QPalette::Window).lightness() < 128 ? QColor(0xff, 0x8a, 0x80)
                                                                                           : QColor(0xb3, 0x26, 0x1e));
    m_error->setPalette(red);
    m_error->hide();

    auto *form = new QFormLayout;
    form->addRow(Tr::tr("User name"), m_username);
    form->addRow(Tr::tr("New password"), passwordRow);
    form->addRow(Tr::tr("Repeat password"), m_repeat);

    auto *buttons = new QDialogButtonBox(this);
    QPushButton *set = buttons->addButton(Tr::tr("Set password"), QDialogButtonBox::AcceptRole);
    set->setObjectName(QStringLiteral("applyPasswordButton"));
    set->setDefault(true);
    QPushButton *cancel = buttons->addButton(QDialogButtonBox::Cancel);
    cancel->setObjectName(QStringLiteral("cancelButton"));
    QPushButton *remove = buttons->addButton(Tr::tr("Remove password"), QDialogButtonBox::DestructiveRole);
    remove->setObjectName(QStringLiteral("removePasswordButton"));
    remove->setAutoDefault(false);
    remove->setVisible(stations.hasPassword(stationId));
    connect(set, &QPushButton::clicked, this, &StationPasswordDialog::apply);
    connect(cancel, &QPushButton::clicked, this, &QDialog::reject);
    connect(remove, &QPushButton::clicked, this, &StationPasswordDialog::removePassword);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
    setMinimumWidth(460);
}

void StationPasswordDialog::generate()
{
    QString password;
    const qsizetype letters = qsizetype(sizeof(PasswordAlphabet)) - 1;
    for (int i = 0; i < GeneratedLength; ++i)
        password += QLatin1Char(PasswordAlphabet[QRandomGenerator::system()->bounded(letters)]);
    // Shown once, so that it can be typed into the station; it is never shown again.
    m_password->setEchoMode(QLineEdit::Normal);
    m_repeat->setEchoMode(QLineEdit::Normal);
    m_password->setText(password);
    m_repeat->setText(password);
    QApplication::clipboard()->setText(password);
    m_error->hide();
}

void StationPasswordDialog::apply()
{
    if (m_password->text().isEmpty())
        return showError(Tr::tr("Type the new password, or generate one."));
    if (m_password->text() != m_repeat->text())
        return showError(Tr::tr("The two passwords differ. Type the same password twice."));
    const Core::Status set =
        m_stations.setCredentials(m_actor, m_stationId, m_username->text().trimmed(), m_password->text());
    if (!set) {
        QStringList reasons;
        for (const Core::FieldError &field : set.error().fields())
            reasons << field.message;
        return showError(reasons.isEmpty() ? set.error().message() : reasons.join(QLatin1Char('\n')));
    }
    accept();
}

void StationPasswordDialog::removePassword()
{
    QMessageBox box(QMessageBox::Warning, Tr::tr("Remove password"),
                    Tr::tr("Remove the station's password? While its connection policy asks for authentication, it can "
                           "no longer connect."),
                    QMessageBox::NoButton, this);
    box.setObjectName(QStringLiteral("confirmRemovePassword"));
    QPushButton *remove = box.addButton(Tr::tr("Remove"), QMessageBox::DestructiveRole);
    box.setDefaultButton(box.addButton(QMessageBox::Cancel));
    box.exec();
    if (box.clickedButton() != remove)
        return;
    if (const Core::Status cleared = m_stations.setCredentials(m_actor, m_stationId, m_username->text().trimmed(), {});
        !cleared)
        return showError(cleared.error().message());
    accept();
}

void StationPasswordDialog::showError(const QString &text)
{
    m_error->setText(text);
    m_error->show();
}

} // namespace ChargeDesk::Ui
