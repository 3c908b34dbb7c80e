#include "core/passwordhasher.h"

#include <QTest>

using namespace ChargeDesk::Core;

class TestPasswordHasher : public QObject
{
    Q_OBJECT

private slots:
    void hash_isArgon2idAndSalted()
    {
        const QString a = PasswordHasher::hash("correct horse battery");
        const QString b = PasswordHasher::hash("correct horse battery");
        QVERIFY(a.startsWith("$argon2id$"));
        QVERIFY(a != b); // a fresh salt each time
        QVERIFY(!a.contains("correct"));
    }
    void verify_acceptsOnlyTheRightPassword()
    {
        const QString encoded = PasswordHasher::hash("correct horse battery");
        QVERIFY(PasswordHasher::verify("correct horse battery", encoded));
        QVERIFY(!PasswordHasher::verify("correct horse batterY", encoded));
        QVERIFY(!PasswordHasher::verify("", encoded));
    }
    void verify_rejectsForeignOrBrokenHashes()
    {
        QVERIFY(!PasswordHasher::verify("secret", "secret"));
        QVERIFY(!PasswordHasher::verify("secret", ""));
        QVERIFY(!PasswordHasher::verify("secret", "$argon2id$v=19$m=19456,t=2,p=1$broken"));
    }
    void hash_handlesUnicode()
    {
        const QString pwd = QString::fromUtf8("Geslo-čšž-密码-🔌");
        QVERIFY(PasswordHasher::verify(pwd, PasswordHasher::hash(pwd)));
    }
};

QTEST_GUILESS_MAIN(TestPasswordHasher)
#include "tst_passwordhasher.moc"
