#include "support/testdatabase.h"

#include <QAtomicInteger>
#include <QCoreApplication>
#include <QFile>
#include <QTest>
#include <QUrl>

namespace ChargeDesk::Test {

QString backend()
{
    const QString value = qEnvironmentVariable("CHARGEDESK_TEST_BACKEND", QStringLiteral("sqlite"));
    return value == QLatin1String("postgresql") ? value : QStringLiteral("sqlite");
}

TestDatabase::TestDatabase()
{
    if (backend() == QLatin1String("sqlite")) {
        m_location = m_dir.filePath(QStringLiteral("test.sqlite"));
        return;
    }
    QFile urlFile(qEnvironmentVariable("CHARGEDESK_TEST_PG_STATE") + QStringLiteral("/url"));
    if (!urlFile.open(QIODevice::ReadOnly)) {
        m_error = QStringLiteral("No test PostgreSQL server: %1 is missing (is the postgres fixture running?)")
                      .arg(urlFile.fileName());
        return;
    }
    m_adminUrl = QString::fromUtf8(urlFile.readAll()).trimmed();
    static QAtomicInteger<int> counter;
    m_name = QStringLiteral("cdtest_%1_%2").arg(QCoreApplication::applicationPid()).arg(counter.fetchAndAddRelaxed(1));
    auto admin = Core::Database::open(m_adminUrl);
    if (!admin) {
        m_error = admin.error().message();
        return;
    }
    if (auto created = admin.value()->run(QStringLiteral("CREATE DATABASE %1").arg(m_name)); !created) {
        m_error = created.error().message();
        return;
    }
    QUrl url(m_adminUrl);
    url.setPath(QLatin1Char('/') + m_name);
    m_location = url.toString();
}

TestDatabase::~TestDatabase()
{
    if (QTest::currentTestFailed())
        m_dir.setAutoRemove(false);
    if (m_name.isEmpty())
        return;
    if (auto admin = Core::Database::open(m_adminUrl))
        admin.value()->run(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(m_name));
}

std::shared_ptr<Core::Database> TestDatabase::open() const
{
    auto db = Core::Database::open(m_location);
    if (!db) {
        qWarning("cannot open the test database: %s", qPrintable(db.error().message()));
        return nullptr;
    }
    return db.value();
}

} // namespace ChargeDesk::Test
