#include "core/authservice.h"
#include "core/catalog.h"
#include "support/repositoryfixture.h"
#include "support/testdatabase.h"

#include <QTest>

using namespace ChargeDesk::Core;

class TestAuth : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { qInfo("storage backend: %s", qPrintable(ChargeDesk::Test::backend())); }
    void init();
    void cleanup();
    void createUser_storesOnlyAHash();
    void signIn_rightPassword_givesActorWithRoles();
    void signIn_wrongPasswordOrUnknownEmail_isRefused();
    void signIn_disabledUser_isRefused();
    void createUser_operatorRoleWithoutOperator_isRefused();
    void createUser_shortPassword_isRefusedAndStoresNothing();
    void email_isImmutable();
    void setPassword_onlySelfOrPowerUser();
    void disableOrDemoteYourself_isRefused_anotherPowerUserMay();
    void createUser_badEmail_isReportedOnceNotAsMissing();

private:
    SystemClock m_clock;
    std::unique_ptr<ChargeDesk::Test::RepositoryFixture> m_fx;
    Database *m_db = nullptr;
    Repository *m_repo = nullptr;
    std::unique_ptr<AuthService> m_auth;
    const Actor m_system = Actor::system();
};

void TestAuth::init()
{
    m_fx = std::make_unique<ChargeDesk::Test::RepositoryFixture>(m_clock);
    QVERIFY2(m_fx->isValid(), qPrintable(m_fx->error));
    m_db = m_fx->db.get();
    m_repo = m_fx->repo.get();
    m_auth = std::make_unique<AuthService>(*m_repo);
}

void TestAuth::cleanup()
{
    m_auth.reset();
    m_repo = nullptr;
    m_db = nullptr;
    m_fx.reset();
}

void TestAuth::createUser_storesOnlyAHash()
{
    QVERIFY(m_auth->needsFirstUser().value());
    auto id = m_auth->createUser(
        m_system, {{"email", "ana@example.com"}, {"first_name", "Ana"}, {"last_name", "Novak"}, {"power_user", true}},
        "a long secret phrase");
    QVERIFY2(id.ok(), id.ok() ? "" : qPrintable(id.error().message()));
    QVERIFY(!m_auth->needsFirstUser().value());
    auto row = m_db->exec("SELECT password_hash FROM users WHERE id = ?", {id.value()});
    QVERIFY(row.ok() && row.value().next());
    const QString stored = row.value().value(0).toString();
    QVERIFY(stored.startsWith("$argon2id$"));
    QVERIFY(!stored.contains("secret"));
    // Reads through the repository never expose it.
    QVERIFY(!m_repo->get(m_system, Tables::Users, id.value()).value().contains("password_hash"));
}

void TestAuth::signIn_rightPassword_givesActorWithRoles()
{
    const qint64 op = m_repo->create(m_system, Tables::Operators, {{"code", "HOTEL"}, {"name", "Hotel"}}).value();
    QVERIFY(m_auth
                ->createUser(m_system,
                             {{"email", "Desk@Hotel.example"},
                              {"first_name", "D"},
                              {"last_name", "K"},
                              {"operator_role", true},
                              {"operator_id", op}},
                             "hotel password 1")
                .ok());
    auto actor = m_auth->signIn("desk@hotel.example ", "hotel password 1");
    QVERIFY2(actor.ok(), actor.ok() ? "" : qPrintable(actor.error().message()));
    QVERIFY(!actor.value().powerUser);
    QCOMPARE(actor.value().operatorId, op);
    QVERIFY(actor.value().isScoped());
}

void TestAuth::signIn_wrongPasswordOrUnknownEmail_isRefused()
{
    QVERIFY(m_auth
                ->createUser(
                    m_system,
                    {{"email", "ana@example.com"}, {"first_name", "Ana"}, {"last_name", "N"}, {"power_user", true}},
                    "a long secret phrase")
                .ok());
    auto wrong = m_auth->signIn("ana@example.com", "a long secret phrasE");
    auto unknown = m_auth->signIn("bob@example.com", "a long secret phrase");
    QCOMPARE(wrong.error().kind(), Error::Kind::Unauthenticated);
    QCOMPARE(unknown.error().kind(), Error::Kind::Unauthenticated);
    QCOMPARE(wrong.error().message(), unknown.error().message()); // no hint which one was wrong
}

void TestAuth::signIn_disabledUser_isRefused()
{
    const qint64 id = m_auth
                          ->createUser(m_system,
                                       {{"email", "old@example.com"},
                                        {"first_name", "O"},
                                        {"last_name", "L"},
                                        {"power_user", true},
                                        {"enabled", false}},
                                       "a long secret phrase")
                          .value();
    QCOMPARE(m_auth->signIn("old@example.com", "a long secret phrase").error().kind(), Error::Kind::Forbidden);
    QVERIFY(m_repo->update(m_system, Tables::Users, id, {{"enabled", true}}).ok());
    QVERIFY(m_auth->signIn("old@example.com", "a long secret phrase").ok());
}

void TestAuth::createUser_operatorRoleWithoutOperator_isRefused()
{
    auto r = m_auth->createUser(
        m_system, {{"email", "x@example.com"}, {"first_name", "X"}, {"last_name", "Y"}, {"operator_role", true}},
        "a long secret phrase");
    QVERIFY(!r.ok());
    QVERIFY(r.error().fieldMessage("operator_id").has_value());
    auto none = m_auth->createUser(m_system, {{"email", "x@example.com"}, {"first_name", "X"}, {"last_name", "Y"}},
                                   "a long secret phrase");
    QVERIFY(none.error().fieldMessage("power_user").has_value());
    QCOMPARE(m_repo->count(m_system, Tables::Users).value(), 0);
}

void TestAuth::createUser_shortPassword_isRefusedAndStoresNothing()
{
    auto r = m_auth->createUser(
        m_system, {{"email", "x@example.com"}, {"first_name", "X"}, {"last_name", "Y"}, {"power_user", true}}, "short");
    QVERIFY(r.error().fieldMessage("password").has_value());
    QCOMPARE(m_repo->count(m_system, Tables::Users).value(), 0);
}

void TestAuth::email_isImmutable()
{
    const qint64 id =
        m_auth
            ->createUser(
                m_system,
                {{"email", "ana@example.com"}, {"first_name", "Ana"}, {"last_name", "N"}, {"power_user", true}},
                "a long secret phrase")
            .value();
    auto r = m_repo->update(m_system, Tables::Users, id, {{"email", "other@example.com"}});
    QVERIFY(r.error().fieldMessage("email").has_value());
    QCOMPARE(m_repo->get(m_system, Tables::Users, id).value().value("email").toString(),
             QStringLiteral("ana@example.com"));
}

void TestAuth::setPassword_onlySelfOrPowerUser()
{
    const qint64 op = m_repo->create(m_system, Tables::Operators, {{"code", "OP"}, {"name", "Op"}}).value();
    const qint64 a = m_auth
                         ->createUser(m_system,
                                      {{"email", "a@example.com"},
                                       {"first_name", "A"},
                                       {"last_name", "A"},
                                       {"operator_role", true},
                                       {"operator_id", op}},
                                      "first password")
                         .value();
    const qint64 b = m_auth
                         ->createUser(m_system,
                                      {{"email", "b@example.com"},
                                       {"first_name", "B"},
                                       {"last_name", "B"},
                                       {"operator_role", true},
                                       {"operator_id", op}},
                                      "second password")
                         .value();
    const Actor alice = m_auth->signIn("a@example.com", "first password").value();
    QCOMPARE(m_auth->setPassword(alice, b, "taken over!!").error().kind(), Error::Kind::Forbidden);
    QVERIFY(m_auth->setPassword(alice, a, "a new password").ok());
    QVERIFY(m_auth->signIn("a@example.com", "a new password").ok());
    QVERIFY(m_auth->signIn("b@example.com", "second password").ok());
}

void TestAuth::disableOrDemoteYourself_isRefused_anotherPowerUserMay()
{
    const auto create = [this](const QString &email) {
        return m_auth
            ->createUser(m_system, {{"email", email}, {"first_name", "A"}, {"last_name", "B"}, {"power_user", true}},
                         "a long secret phrase")
            .value();
    };
    const qint64 ana = create("ana@example.com");
    const qint64 bor = create("bor@example.com");
    const Actor asAna = m_auth->signIn("ana@example.com", "a long secret phrase").value();

    const Status disabled = m_repo->update(asAna, Tables::Users, ana, {{"enabled", false}});
    QCOMPARE(disabled.error().kind(), Error::Kind::Validation);
    QVERIFY(disabled.error().fieldMessage("enabled").has_value());
    QVERIFY(m_repo->update(asAna, Tables::Users, ana, {{"power_user", false}}).error().fieldMessage("power_user"));
    QVERIFY(m_repo->get(m_system, Tables::Users, ana).value().value("enabled").toBool());
    QVERIFY(m_auth->signIn("ana@example.com", "a long secret phrase").ok());

    // Someone else is another matter; other changes to yourself are fine.
    QVERIFY(m_repo->update(asAna, Tables::Users, bor, {{"enabled", false}}).ok());
    QCOMPARE(m_auth->signIn("bor@example.com", "a long secret phrase").error().kind(), Error::Kind::Forbidden);
    QVERIFY(m_repo->update(asAna, Tables::Users, ana, {{"first_name", "Ana"}}).ok());
}

void TestAuth::createUser_badEmail_isReportedOnceNotAsMissing()
{
    auto r = m_auth->createUser(
        m_system, {{"email", "not-an-email"}, {"first_name", "X"}, {"last_name", "Y"}, {"power_user", true}},
        "a long secret phrase");
    QVERIFY(!r.ok());
    QList<FieldError> aboutEmail = r.error().fields();
    aboutEmail.removeIf([](const FieldError &e) { return e.field != "email"; });
    QCOMPARE(aboutEmail.size(), 1);
    QVERIFY(!aboutEmail.first().message.contains("required"));
    // A value that is really missing is still reported as such.
    auto missing = m_auth->createUser(m_system, {{"first_name", "X"}, {"last_name", "Y"}, {"power_user", true}},
                                      "a long secret phrase");
    QVERIFY(missing.error().fieldMessage("email").value_or(QString()).contains("required"));
}

QTEST_GUILESS_MAIN(TestAuth)
#include "tst_auth.moc"
