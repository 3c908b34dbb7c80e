#pragma once

#include <QString>

namespace ChargeDesk::Core {

// Argon2id (libargon2), the memory-hard KDF recommended for passwords. The encoded form
// carries its own salt and parameters, so stronger settings later still verify old hashes.
namespace PasswordHasher {

QString hash(const QString &password);
bool verify(const QString &password, const QString &encoded);

} // namespace PasswordHasher

} // namespace ChargeDesk::Core
