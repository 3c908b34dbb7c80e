#include "core/authservice.h"

#include "core/passwordhasher.h"

#include <QCoreApplication>

namespace ChargeDesk::Core {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Core)
};
} // namespace

AuthService::AuthService(Repository &repository)
    : m_repository(repository)
{}

QString AuthService::passwordRule()
{
    return Tr::tr("Use at least %n characters.", nullptr, MinimumPasswordLength);
}

QList<FieldError> AuthService::checkPassword(const QString &password)
{
    if (password.size() < MinimumPasswordLength)
        return {{QStringLiteral("password"), passwordRule()}};
    return {};
}

Result<qint64> AuthService::createUser(const Actor &actor, const Record &fields, const QString &password)
{
    if (const auto errors = checkPassword(password); !errors.isEmpty())
        return Error::validation(errors);
    qint64 id = 0;
    Database &db = m_repository.database();
    Status s = db.transaction([&]() -> Status {
        auto created = m_repository.create(actor, Tables::Users, fields);
        if (!created)
            return created.error();
        id = created.value();
        auto q = db.exec(QStringLiteral("UPDATE users SET password_hash = ? WHERE id = ?"),
                         {PasswordHasher::hash(password), id});
        if (!q)
            return q.error();
        return Ok{};
    });
    if (!s)
        return s.error();
    return id;
}

Status AuthService::setPassword(const Actor &actor, qint64 userId, const QString &password)
{
    // Users may change their own password; changing someone else's needs a power user.
    if (actor.userId != userId && !actor.powerUser)
        return Error::forbidden(Tr::tr("Only a power user can change another user's password."));
    if (const auto errors = checkPassword(password); !errors.isEmpty())
        return Error::validation(errors);
    auto q = m_repository.database().exec(QStringLiteral("UPDATE users SET password_hash = ? WHERE id = ?"),
                                          {PasswordHasher::hash(password), userId});
    if (!q)
        return q.error();
    if (q.value().numRowsAffected() == 0)
        return Error::notFound(Tr::tr("The user"));
    return Ok{};
}

Result<Actor> AuthService::signIn(const QString &email, const QString &password)
{
    const Error refused(Error::Kind::Unauthenticated, Tr::tr("The email address or the password is not correct."));
    auto q = m_repository.database().exec(
        QStringLiteral("SELECT id, email, power_user, operator_role, operator_id, enabled, password_hash "
                       "FROM users WHERE LOWER(email) = ?"),
        {email.trimmed().toLower()});
    if (!q)
        return q.error();
    Rows &row = q.value();
    if (!row.next()) {
        // Spend the same time as a real check, so that timing does not reveal which emails exist.
        PasswordHasher::verify(password, PasswordHasher::hash(QStringLiteral("timing-equaliser")));
        return refused;
    }
    if (!PasswordHasher::verify(password, row.value(6).toString()))
        return refused;
    if (row.value(5).toLongLong() == 0)
        return Error(Error::Kind::Forbidden, Tr::tr("This user is disabled. Ask a power user to enable it."));
    Actor actor;
    actor.userId = row.value(0).toLongLong();
    actor.email = row.value(1).toString();
    actor.powerUser = row.value(2).toLongLong() != 0;
    actor.operatorId = row.value(3).toLongLong() != 0 ? row.value(4).toLongLong() : 0;
    if (!actor.powerUser && actor.operatorId == 0)
        return Error(Error::Kind::Forbidden, Tr::tr("This user has no role."));
    m_repository.database().exec(QStringLiteral("UPDATE users SET last_sign_in_at = ? WHERE id = ?"),
                                 {m_repository.clock().nowMs(), actor.userId});
    return actor;
}

Result<bool> AuthService::needsFirstUser()
{
    auto q = m_repository.database().exec(QStringLiteral("SELECT COUNT(*) FROM users"));
    if (!q)
        return q.error();
    return q.value().next() && q.value().value(0).toLongLong() == 0;
}

} // namespace ChargeDesk::Core
