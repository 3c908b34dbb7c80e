#include "core/authservice.h"
#include "core/catalog.h"
#include "core/repository.h"
#include "support/formdriver.h"
#include "support/repositoryfixture.h"
#include "ui/identity/userdialogs.h"
#include "ui/shell/mainwindow.h"
#include "ui/widgets/listpage.h"

#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>
#include <QTextDocumentFragment>

using namespace ChargeDesk;
using namespace ChargeDesk::Core;
using namespace ChargeDesk::Ui;

// The users page as a power user drives it: passwords, enabling and disabling, new users.
class TestUserDetails : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void changePassword_mismatchIsRefusedThenTheNewPasswordSignsIn();
    void changePassword_tooShort_showsCoresRuleBesideTheField();
    void changePassword_ofAnotherUserByAnOperator_isRefusedByCore();
    void disable_thenSignInIsRefused_andEnableLetsThemBackIn();
    void disable_yourself_isRefusedByCore();
    void createUser_fromTheWindow_asksForThePasswordAndTheUserSignsIn();
    void createUser_withoutPassword_createsNothing();
    void userForm_labelsEveryFieldDistinctly();

private:
    qint64 createUser(const QString &email, const QString &password, bool powerUser);
    // The users page of `window`, with the row of `userId` selected.
    ListPage *selectUser(MainWindow &window, qint64 userId);
    static void type(QWidget *dialog, const char *name, const QString &text);
    static void click(QWidget *parent, const char *name);

    SystemClock m_clock;
    std::unique_ptr<Test::RepositoryFixture> m_fx;
    Repository *m_repo = nullptr;
    std::unique_ptr<AuthService> m_auth;
    const Actor m_system = Actor::system();
    qint64 m_operator = 0;
};

void TestUserDetails::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestUserDetails::init()
{
    m_fx = std::make_unique<Test::RepositoryFixture>(m_clock);
    QVERIFY2(m_fx->isValid(), qPrintable(m_fx->error));
    m_repo = m_fx->repo.get();
    m_auth = std::make_unique<AuthService>(*m_repo);
    QSettings().clear();
    m_operator = m_repo->create(m_system, Tables::Operators, {{"code", "CITY"}, {"name", "City"}}).value();
}

void TestUserDetails::cleanup()
{
    m_auth.reset();
    m_repo = nullptr;
    m_fx.reset();
}

qint64 TestUserDetails::createUser(const QString &email, const QString &password, bool powerUser)
{
    Record fields{{"email", email}, {"first_name", email.section('@', 0, 0)}, {"last_name", "Tester"}};
    if (powerUser)
        fields.insert("power_user", true);
    else
        fields.insert(Record{{"operator_role", true}, {"operator_id", m_operator}});
    const auto id = m_auth->createUser(m_system, fields, password);
    if (!id)
        qWarning("%s", qPrintable(id.error().message()));
    return id ? id.value() : 0;
}

ListPage *TestUserDetails::selectUser(MainWindow &window, qint64 userId)
{
    if (!window.showSection("users"))
        return nullptr;
    auto *list = window.sectionPage("users")->findChild<ListPage *>();
    if (list)
        list->select(userId);
    return list && list->currentId() == userId ? list : nullptr;
}

void TestUserDetails::type(QWidget *dialog, const char *name, const QString &text)
{
    auto *edit = dialog->findChild<QLineEdit *>(name);
    QVERIFY2(edit, name);
    edit->clear();
    QTest::keyClicks(edit, text);
}

void TestUserDetails::click(QWidget *parent, const char *name)
{
    auto *button = parent->findChild<QPushButton *>(name);
    QVERIFY2(button, name);
    QVERIFY2(button->isEnabled(), name);
    QTest::mouseClick(button, Qt::LeftButton);
}

void TestUserDetails::changePassword_mismatchIsRefusedThenTheNewPasswordSignsIn()
{
    const qint64 admin = createUser("admin@example.com", "admin password 1", true);
    const qint64 ana = createUser("ana@example.com", "old password 1", false);
    const Actor actor = m_auth->signIn("admin@example.com", "admin password 1").value();
    MainWindow window(*m_repo, actor, Services{.auth = m_auth.get()});
    window.show();
    ListPage *list = selectUser(window, ana);
    QVERIFY(list);
    QVERIFY(admin != 0);

    QString mismatch;
    bool stayedOpen = false;
    auto done = std::make_shared<bool>(false);
    Test::onModal(
        this, "changePasswordDialog",
        [&](QWidget *dialog) {
            type(dialog, "password", "new password 1");
            type(dialog, "passwordRepeat", "new password 2");
            click(dialog, "changePasswordOk");
            auto *error = dialog->findChild<QLabel *>("error_passwordRepeat");
            stayedOpen = dialog->isVisible();
            mismatch = error->isVisible() ? error->text() : QString();
            // Nothing changed yet: the old password still works.
            QVERIFY(m_auth->signIn("ana@example.com", "old password 1").ok());
            type(dialog, "passwordRepeat", "new password 1");
            click(dialog, "changePasswordOk");
        },
        done);
    click(list, "changePasswordButton");
    QVERIFY(*done);
    QVERIFY(stayedOpen);
    QVERIFY2(mismatch.contains("differ"), qPrintable(mismatch));

    QVERIFY(m_auth->signIn("ana@example.com", "new password 1").ok());
    QCOMPARE(m_auth->signIn("ana@example.com", "old password 1").error().kind(), Error::Kind::Unauthenticated);
    QVERIFY(list->findChild<QLabel *>("userActionMessage")->isVisible());
}

void TestUserDetails::changePassword_tooShort_showsCoresRuleBesideTheField()
{
    createUser("admin@example.com", "admin password 1", true);
    const qint64 ana = createUser("ana@example.com", "old password 1", false);
    const Actor actor = m_auth->signIn("admin@example.com", "admin password 1").value();
    ChangePasswordDialog dialog(*m_auth, actor, ana, "ana Tester");
    dialog.show();
    QCOMPARE(dialog.findChild<QLabel *>("passwordRule")->text(), AuthService::passwordRule());
    type(&dialog, "password", "short");
    type(&dialog, "passwordRepeat", "short");
    click(&dialog, "changePasswordOk");
    auto *error = dialog.findChild<QLabel *>("error_password");
    QVERIFY(error->isVisible());
    QCOMPARE(error->text(), AuthService::checkPassword("short").first().message);
    QVERIFY(dialog.isVisible());
    QVERIFY(m_auth->signIn("ana@example.com", "old password 1").ok());
}

void TestUserDetails::changePassword_ofAnotherUserByAnOperator_isRefusedByCore()
{
    const qint64 ana = createUser("ana@example.com", "ana password 1", false);
    const qint64 bor = createUser("bor@example.com", "bor password 1", false);
    const Actor asAna = m_auth->signIn("ana@example.com", "ana password 1").value();
    QCOMPARE(m_auth->setPassword(asAna, bor, "taken over 12").error().kind(), Error::Kind::Forbidden);

    // The dialog does not decide this: core's refusal shows and the dialog stays open.
    ChangePasswordDialog dialog(*m_auth, asAna, bor, "bor Tester");
    dialog.show();
    type(&dialog, "password", "taken over 12");
    type(&dialog, "passwordRepeat", "taken over 12");
    click(&dialog, "changePasswordOk");
    auto *error = dialog.findChild<QLabel *>("passwordDialogError");
    QVERIFY(error->isVisible());
    QVERIFY2(error->text().contains("power user"), qPrintable(error->text()));
    QVERIFY(dialog.isVisible());
    QVERIFY(m_auth->signIn("bor@example.com", "bor password 1").ok());
    QVERIFY(m_auth->signIn("bor@example.com", "taken over 12").error().kind() == Error::Kind::Unauthenticated);
    // Their own is theirs to change.
    QVERIFY(m_auth->setPassword(asAna, ana, "ana password 2").ok());
}

void TestUserDetails::disable_thenSignInIsRefused_andEnableLetsThemBackIn()
{
    createUser("admin@example.com", "admin password 1", true);
    const qint64 ana = createUser("ana@example.com", "ana password 1", false);
    const Actor actor = m_auth->signIn("admin@example.com", "admin password 1").value();
    MainWindow window(*m_repo, actor, Services{.auth = m_auth.get()});
    window.show();
    ListPage *list = selectUser(window, ana);
    QVERIFY(list);
    auto *toggle = list->findChild<QPushButton *>("toggleEnabledButton");
    QVERIFY(toggle->text().startsWith("Disable"));

    auto confirmed = std::make_shared<bool>(false);
    Test::onModal(
        this, "confirmDisable", [](QWidget *box) { click(box, "confirmDisableButton"); }, confirmed);
    click(list, "toggleEnabledButton");
    QVERIFY(*confirmed);
    QVERIFY(!m_repo->get(m_system, Tables::Users, ana).value().value("enabled").toBool());
    QCOMPARE(m_auth->signIn("ana@example.com", "ana password 1").error().kind(), Error::Kind::Forbidden);
    QCOMPARE(toggle->text(), QStringLiteral("Enable"));

    click(list, "toggleEnabledButton"); // enabling asks nothing
    QVERIFY(m_repo->get(m_system, Tables::Users, ana).value().value("enabled").toBool());
    QVERIFY(m_auth->signIn("ana@example.com", "ana password 1").ok());
}

void TestUserDetails::disable_yourself_isRefusedByCore()
{
    const qint64 admin = createUser("admin@example.com", "admin password 1", true);
    const Actor actor = m_auth->signIn("admin@example.com", "admin password 1").value();
    QVERIFY(m_repo->update(actor, Tables::Users, admin, {{"enabled", false}}).error().fieldMessage("enabled"));
    // The window says so before anyone tries.
    MainWindow window(*m_repo, actor, Services{.auth = m_auth.get()});
    window.show();
    ListPage *list = selectUser(window, admin);
    QVERIFY(list);
    QVERIFY(!list->findChild<QPushButton *>("toggleEnabledButton")->isEnabled());
    QVERIFY(list->findChild<QPushButton *>("changePasswordButton")->isEnabled());
}

void TestUserDetails::createUser_fromTheWindow_asksForThePasswordAndTheUserSignsIn()
{
    createUser("admin@example.com", "admin password 1", true);
    const Actor actor = m_auth->signIn("admin@example.com", "admin password 1").value();
    MainWindow window(*m_repo, actor, Services{.auth = m_auth.get()});
    window.show();
    QVERIFY(window.showSection("users"));
    auto *list = window.sectionPage("users")->findChild<ListPage *>();

    auto done = std::make_shared<bool>(false);
    Test::onModal(
        this, "newUserDialog",
        [&](QWidget *dialog) {
            type(dialog, "field_email", "new@example.com");
            type(dialog, "field_first_name", "Nina");
            type(dialog, "field_last_name", "Kovac");
            dialog->findChild<QCheckBox *>("field_power_user")->setChecked(true);
            QVERIFY(dialog->findChild<QLineEdit *>("password"));
            type(dialog, "password", "first password 1");
            type(dialog, "passwordRepeat", "first password 1");
            click(dialog, "saveButton");
        },
        done);
    list->findChild<QAction *>("newAction")->trigger();
    QVERIFY(*done);

    const auto user = m_auth->signIn("new@example.com", "first password 1");
    QVERIFY2(user.ok(), user.ok() ? "" : qPrintable(user.error().message()));
    QVERIFY(user.value().powerUser);
    QCOMPARE(list->currentId(), user.value().userId); // the new row is selected
}

void TestUserDetails::createUser_withoutPassword_createsNothing()
{
    createUser("admin@example.com", "admin password 1", true);
    const Actor actor = m_auth->signIn("admin@example.com", "admin password 1").value();
    NewUserDialog dialog(*m_repo, *m_auth, actor, {{QString(), {"email", "first_name", "last_name", "power_user"}}});
    dialog.show();
    type(&dialog, "field_email", "new@example.com");
    type(&dialog, "field_first_name", "Nina");
    type(&dialog, "field_last_name", "K");
    dialog.findChild<QCheckBox *>("field_power_user")->setChecked(true);
    click(&dialog, "saveButton");
    QVERIFY(dialog.findChild<QLabel *>("error_password")->isVisible());
    QVERIFY(dialog.isVisible());
    QCOMPARE(m_repo->count(m_system, Tables::Users).value(), 1);

    // Core's own refusals still show beside the form's fields.
    type(&dialog, "field_email", "admin@example.com");
    type(&dialog, "password", "first password 1");
    type(&dialog, "passwordRepeat", "first password 1");
    click(&dialog, "saveButton");
    QVERIFY(dialog.findChild<QLabel *>("error_email")->isVisible());
    QCOMPARE(m_repo->count(m_system, Tables::Users).value(), 1);
}

void TestUserDetails::userForm_labelsEveryFieldDistinctly()
{
    // Two fields both called "Operator" left a user guessing which was the role.
    MainWindow window(*m_repo, m_system, Services{.auth = m_auth.get()});
    window.show();
    QVERIFY(window.showSection("users"));
    auto done = std::make_shared<bool>(false);
    QStringList labels;
    Test::onModal(
        this, "newUserDialog",
        [&](QWidget *dialog) {
            for (const char *field :
                 {"email", "first_name", "last_name", "power_user", "operator_role", "operator_id"}) {
                auto *editor = dialog->findChild<QWidget *>(QStringLiteral("field_") + field);
                QVERIFY2(editor, field);
                const QList<QLabel *> all = dialog->findChildren<QLabel *>();
                const auto label =
                    std::find_if(all.begin(), all.end(), [editor](QLabel *l) { return l->buddy() == editor; });
                QVERIFY2(label != all.end(), field);
                labels << QTextDocumentFragment::fromHtml((*label)->text()).toPlainText().remove('*').trimmed();
            }
            static_cast<QDialog *>(dialog)->done(QDialog::Rejected);
        },
        done);
    window.sectionPage("users")->findChild<ListPage *>()->findChild<QAction *>("newAction")->trigger();
    QVERIFY(*done);
    QCOMPARE(labels.size(), 6);
    QCOMPARE(QSet<QString>(labels.begin(), labels.end()).size(), labels.size());
    QVERIFY2(labels.contains("Operator role") && labels.contains("Operator"), qPrintable(labels.join(", ")));
}

QTEST_MAIN(TestUserDetails)
#include "tst_userdetails.moc"
