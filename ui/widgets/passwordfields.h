#pragma once

#include "core/error.h"

#include <QWidget>

#include <optional>

class QLabel;
class QLineEdit;

namespace ChargeDesk::Ui {

// A new password typed twice, with core's rule shown beside it before anything is typed and
// each problem shown beside the field it is about. The editors are "password" and
// "passwordRepeat"; their messages "error_password" and "error_passwordRepeat".
class PasswordFields final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PasswordFields)

public:
    explicit PasswordFields(QWidget *parent = nullptr);

    // The password when both entries agree and core's rule accepts it; otherwise nullopt with
    // the reasons shown.
    std::optional<QString> acceptedPassword();
    // Shows what core said about the password beside it; false when the error is not about it.
    bool showError(const Core::Error &error);
    // What is typed in the first field, unchecked.
    QString text() const;
    bool isEmpty() const;
    void clearErrors();

private:
    void showBeside(QLabel *label, const QString &message);

    QLineEdit *m_password = nullptr;
    QLineEdit *m_repeat = nullptr;
    QLabel *m_passwordError = nullptr;
    QLabel *m_repeatError = nullptr;
};

} // namespace ChargeDesk::Ui
