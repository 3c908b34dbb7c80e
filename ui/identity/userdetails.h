#pragma once

#include "ui/shell/sections.h"

#include <QWidget>

class QLabel;
class QPushButton;

namespace ChargeDesk::Ui {

// The users page's own actions below the selected user's fields: change the password, and
// enable or disable the user (core refuses to let anyone disable themself).
class UserActions final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UserActions)

public:
    UserActions(const PageContext &context, ListPage &page, QWidget *parent = nullptr);

private:
    void follow(qint64 userId);
    void refresh();
    void changePassword();
    void toggleEnabled();
    void report(const QString &message, bool problem);

    PageContext m_context;
    qint64 m_userId = 0;
    Core::Record m_user;
    QPushButton *m_password = nullptr;
    QPushButton *m_enabled = nullptr;
    QLabel *m_message = nullptr;
};

// Section::details and Section::create of the users section.
QWidget *userDetails(const PageContext &context, ListPage &page);
CreateDialog newUserDialog(const QList<FormSection> &form);

} // namespace ChargeDesk::Ui
