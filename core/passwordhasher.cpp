#include "core/passwordhasher.h"

#include <QByteArray>
#include <QRandomGenerator>

#include <argon2.h>

#include <array>

namespace ChargeDesk::Core::PasswordHasher {

namespace {
// OWASP's minimum for Argon2id: 19 MiB, two passes, one lane.
constexpr uint32_t TimeCost = 2;
constexpr uint32_t MemoryKiB = 19 * 1024;
constexpr uint32_t Lanes = 1;
constexpr size_t SaltLength = 16;
constexpr size_t HashLength = 32;
} // namespace

QString hash(const QString &password)
{
    const QByteArray pwd = password.toUtf8();
    std::array<quint32, SaltLength / 4> salt{};
    QRandomGenerator::system()->fillRange(salt.data(), salt.size());
    const size_t length = argon2_encodedlen(TimeCost, MemoryKiB, Lanes, SaltLength, HashLength, Argon2_id);
    QByteArray encoded(static_cast<qsizetype>(length), '\0');
    const int rc = argon2id_hash_encoded(TimeCost, MemoryKiB, Lanes, pwd.constData(), static_cast<size_t>(pwd.size()),
                                         salt.data(), SaltLength, HashLength, encoded.data(), length);
    if (rc != ARGON2_OK)
        qFatal("argon2id_hash_encoded failed: %s", argon2_error_message(rc));
    return QString::fromLatin1(encoded.constData());
}

bool verify(const QString &password, const QString &encoded)
{
    if (!encoded.startsWith(QLatin1String("$argon2id$")))
        return false;
    const QByteArray pwd = password.toUtf8();
    const QByteArray enc = encoded.toLatin1();
    return argon2id_verify(enc.constData(), pwd.constData(), static_cast<size_t>(pwd.size())) == ARGON2_OK;
}

} // namespace ChargeDesk::Core::PasswordHasher
