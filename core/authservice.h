#pragma once

#include "core/actor.h"
#include "core/repository.h"

namespace ChargeDesk::Core {

// Users and sign-in. Passwords only ever pass through here and are stored as Argon2id hashes.
class AuthService final
{
public:
    explicit AuthService(Repository &repository);

    static constexpr int MinimumPasswordLength = 10;
    // What a password must be, in words, for windows to show before anything is typed.
    static QString passwordRule();
    // The problems of `password` as a new password (field "password"); empty when it will do.
    static QList<FieldError> checkPassword(const QString &password);

    // Creates a user with the fields of the `users` entity and an initial password.
    Result<qint64> createUser(const Actor &actor, const Record &fields, const QString &password);
    // A user may change their own password; a power user anyone's.
    Status setPassword(const Actor &actor, qint64 userId, const QString &password);
    // The actor for a user whose email and password match and who is enabled.
    Result<Actor> signIn(const QString &email, const QString &password);
    // True when the database has no user yet (first start).
    Result<bool> needsFirstUser();

private:
    Repository &m_repository;
};

} // namespace ChargeDesk::Core
