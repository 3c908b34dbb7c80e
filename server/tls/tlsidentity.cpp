#include "server/tls/tlsidentity.h"

#include <QDir>
#include <QFile>
#include <QHostInfo>
#include <QSaveFile>
#include <QSslCertificate>
#include <QSslKey>

#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

namespace ChargeDesk::Server {

namespace {

template <typename T, void (*Free)(T *)> struct Deleter
{
    void operator()(T *p) const { Free(p); }
};
using PKey = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using Cert = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using Bio = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;
using Extension = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION, X509_EXTENSION_free>>;
using BigNum = std::unique_ptr<BIGNUM, Deleter<BIGNUM, BN_free>>;

// Not a storage error: the message names the file or step, and stands on its own.
Core::Error tlsError(const QString &message)
{
    return Core::Error(Core::Error::Kind::Validation, message);
}

QByteArray drain(BIO *bio)
{
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return QByteArray(data, size);
}

bool addExtension(X509 *cert, int nid, const QByteArray &value)
{
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
    Extension ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.constData()));
    return ext && X509_add_ext(cert, ext.get(), -1) == 1;
}

QString fingerprint(const QSslCertificate &certificate)
{
    QStringList bytes;
    for (char c : certificate.digest(QCryptographicHash::Sha256))
        bytes << QStringLiteral("%1").arg(static_cast<uchar>(c), 2, 16, QLatin1Char('0')).toUpper();
    return bytes.join(QLatin1Char(':'));
}

std::optional<QSslKey> parseKey(const QByteArray &pem)
{
    for (const QSsl::KeyAlgorithm algorithm : {QSsl::Ec, QSsl::Rsa}) {
        QSslKey key(pem, algorithm, QSsl::Pem, QSsl::PrivateKey);
        if (!key.isNull())
            return key;
    }
    return std::nullopt;
}

// Qt cannot tell whether a key belongs to a certificate; OpenSSL can, and a mismatch would
// otherwise only show up as failed handshakes on the chargers.
bool keyMatches(const QByteArray &certificatePem, const QByteArray &keyPem)
{
    Bio certBio(BIO_new_mem_buf(certificatePem.constData(), int(certificatePem.size())));
    Bio keyBio(BIO_new_mem_buf(keyPem.constData(), int(keyPem.size())));
    Cert cert(PEM_read_bio_X509(certBio.get(), nullptr, nullptr, nullptr));
    PKey key(PEM_read_bio_PrivateKey(keyBio.get(), nullptr, nullptr, nullptr));
    return cert && key && X509_check_private_key(cert.get(), key.get()) == 1;
}

Core::Status writeFile(const QString &path, const QByteArray &data, QFile::Permissions permissions)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size() || !file.commit())
        return tlsError(QStringLiteral("Cannot write %1: %2").arg(path, file.errorString()));
    QFile::setPermissions(path, permissions);
    return Core::Ok{};
}

} // namespace

Core::Result<std::pair<QByteArray, QByteArray>> createSelfSignedCertificate(const QStringList &hostNames)
{
    PKey key(EVP_EC_gen("P-256"));
    Cert cert(X509_new());
    BigNum serial(BN_new());
    if (!key || !cert || !serial || BN_rand(serial.get(), 128, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) != 1)
        return tlsError(QStringLiteral("OpenSSL could not create a key."));
    X509_set_version(cert.get(), 2); // X.509 v3, needed for the extensions
    BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert.get()));
    // An hour of slack for a charger whose clock lags; ten years because nobody renews a demo.
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), 10L * 365 * 24 * 3600);
    X509_set_pubkey(cert.get(), key.get());

    const QByteArray commonName = (hostNames.isEmpty() ? QStringLiteral("localhost") : hostNames.first()).toUtf8();
    X509_NAME *name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8, reinterpret_cast<const uchar *>("ChargeDesk (self-signed)"),
                               -1, -1, 0);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, reinterpret_cast<const uchar *>(commonName.constData()), -1,
                               -1, 0);
    X509_set_issuer_name(cert.get(), name);

    // Clients check the host name against the subject alternative names, not the CN.
    QStringList altNames{QStringLiteral("DNS:localhost"), QStringLiteral("IP:127.0.0.1"), QStringLiteral("IP:::1")};
    for (const QString &host : hostNames) {
        const QString entry = QStringLiteral("DNS:%1").arg(host);
        if (!host.isEmpty() && !altNames.contains(entry))
            altNames << entry;
    }
    if (!addExtension(cert.get(), NID_subject_alt_name, altNames.join(QLatin1Char(',')).toUtf8()) ||
        !addExtension(cert.get(), NID_basic_constraints, "critical,CA:FALSE") ||
        !addExtension(cert.get(), NID_key_usage, "critical,digitalSignature,keyAgreement") ||
        !addExtension(cert.get(), NID_ext_key_usage, "serverAuth"))
        return tlsError(QStringLiteral("OpenSSL could not add the certificate's extensions."));
    if (X509_sign(cert.get(), key.get(), EVP_sha256()) == 0)
        return tlsError(QStringLiteral("OpenSSL could not sign the certificate."));

    Bio certBio(BIO_new(BIO_s_mem()));
    Bio keyBio(BIO_new(BIO_s_mem()));
    if (!certBio || !keyBio || PEM_write_bio_X509(certBio.get(), cert.get()) != 1 ||
        PEM_write_bio_PrivateKey(keyBio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
        return tlsError(QStringLiteral("OpenSSL could not encode the certificate."));
    return std::pair{drain(certBio.get()), drain(keyBio.get())};
}

Core::Result<TlsIdentity> loadTlsIdentity(const QString &certificateFile, const QString &keyFile,
                                          const QString &generatedDir)
{
    if (certificateFile.isEmpty() != keyFile.isEmpty())
        return tlsError(QStringLiteral("Give both a TLS certificate and its key, or neither."));
    TlsIdentity identity;
    identity.certificateFile = certificateFile;
    identity.keyFile = keyFile;
    if (certificateFile.isEmpty()) {
        identity.certificateFile = QDir(generatedDir).filePath(QStringLiteral("ocpp-tls.crt"));
        identity.keyFile = QDir(generatedDir).filePath(QStringLiteral("ocpp-tls.key"));
        identity.selfSigned = true;
        if (!QFile::exists(identity.certificateFile) || !QFile::exists(identity.keyFile)) {
            if (!QDir().mkpath(generatedDir))
                return tlsError(QStringLiteral("Cannot create the folder %1.").arg(generatedDir));
            auto created = createSelfSignedCertificate({QHostInfo::localHostName()});
            if (!created)
                return created.error();
            // The key first and private to this user: a certificate without its key is useless.
            if (auto s = writeFile(identity.keyFile, created.value().second, QFile::ReadOwner | QFile::WriteOwner); !s)
                return s.error();
            if (auto s = writeFile(identity.certificateFile, created.value().first,
                                   QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther);
                !s)
                return s.error();
        }
    }

    QFile certIn(identity.certificateFile);
    QFile keyIn(identity.keyFile);
    if (!certIn.open(QIODevice::ReadOnly))
        return tlsError(QStringLiteral("Cannot read the TLS certificate %1: %2")
                            .arg(identity.certificateFile, certIn.errorString()));
    if (!keyIn.open(QIODevice::ReadOnly))
        return tlsError(QStringLiteral("Cannot read the TLS key %1: %2").arg(identity.keyFile, keyIn.errorString()));
    const QByteArray certificatePem = certIn.readAll();
    const QByteArray keyPem = keyIn.readAll();
    const QList<QSslCertificate> chain = QSslCertificate::fromData(certificatePem, QSsl::Pem);
    if (chain.isEmpty() || chain.first().isNull())
        return tlsError(QStringLiteral("%1 holds no PEM certificate.").arg(identity.certificateFile));
    const auto key = parseKey(keyPem);
    if (!key)
        return tlsError(QStringLiteral("%1 holds no unencrypted PEM RSA or EC private key.").arg(identity.keyFile));
    if (!keyMatches(certificatePem, keyPem))
        return tlsError(QStringLiteral("The key %1 does not belong to the certificate %2.")
                            .arg(identity.keyFile, identity.certificateFile));
    // The system clock, not a Core::Clock: OpenSSL and the chargers judge the certificate
    // against real time, as OpenSSL dated it when it was made (X509_gmtime_adj above).
    if (chain.first().expiryDate() < QDateTime::currentDateTimeUtc())
        return tlsError(QStringLiteral("The TLS certificate %1 expired on %2.")
                            .arg(identity.certificateFile, chain.first().expiryDate().toString(Qt::ISODate)));

    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificateChain(chain);
    tls.setPrivateKey(*key);
    tls.setProtocol(QSsl::TlsV1_2OrLater);
    // Security profiles 1 and 2 authenticate the charger with Basic auth, not a client certificate.
    tls.setPeerVerifyMode(QSslSocket::VerifyNone);
    identity.configuration = tls;
    identity.sha256Fingerprint = fingerprint(chain.first());
    return identity;
}

} // namespace ChargeDesk::Server
