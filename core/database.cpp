#include "core/database.h"

#include <QAtomicInteger>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSqlError>
#include <QStandardPaths>
#include <QUrl>
#include <QUrlQuery>

namespace ChargeDesk::Core {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Core)
};

QString nextConnectionName()
{
    static QAtomicInteger<int> counter;
    return QStringLiteral("chargedesk-%1").arg(counter.fetchAndAddRelaxed(1));
}

bool isPostgresUrl(const QString &location)
{
    return location.startsWith(QLatin1String("postgresql://")) || location.startsWith(QLatin1String("postgres://"));
}

} // namespace

Database::Database(Backend backend, QString connectionName, QString display)
    : m_backend(backend)
    , m_connectionName(std::move(connectionName))
    , m_display(std::move(display))
{}

Database::~Database()
{
    m_idle.clear(); // prepared statements hold the connection
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

QString Database::defaultSqlitePath()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
        .filePath(QStringLiteral("chargedesk.sqlite"));
}

Result<std::shared_ptr<Database>> Database::open(const QString &location)
{
    const QString name = nextConnectionName();
    if (isPostgresUrl(location)) {
        const QUrl url(location);
        if (!url.isValid() || url.host().isEmpty() || url.path().size() < 2)
            return Error(Error::Kind::Validation,
                         Tr::tr("The PostgreSQL URL must look like postgresql://user:password@host:5432/database."));
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
        db.setHostName(url.host());
        db.setPort(url.port(5432));
        db.setUserName(url.userName());
        db.setPassword(url.password());
        db.setDatabaseName(url.path().mid(1));
        QStringList options{QStringLiteral("connect_timeout=10")};
        const QUrlQuery query(url);
        if (query.hasQueryItem(QStringLiteral("sslmode")))
            options << QStringLiteral("sslmode=%1").arg(query.queryItemValue(QStringLiteral("sslmode")));
        db.setConnectOptions(options.join(QLatin1Char(';')));
        QUrl shown = url;
        shown.setPassword(QString());
        shown.setQuery(QString());
        std::shared_ptr<Database> result(new Database(Backend::Postgres, name, shown.toString()));
        if (!db.open()) {
            const QString message = db.lastError().text();
            return Error(Error::Kind::Storage, Tr::tr("Cannot connect to %1: %2").arg(shown.toString(), message));
        }
        return result;
    }

    const QString path = location.isEmpty() ? defaultSqlitePath() : location;
    QDir().mkpath(QFileInfo(path).absolutePath());
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
    db.setDatabaseName(path);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=10000"));
    std::shared_ptr<Database> result(new Database(Backend::Sqlite, name, QFileInfo(path).absoluteFilePath()));
    if (!db.open())
        return Error(Error::Kind::Storage, Tr::tr("Cannot open %1: %2").arg(path, db.lastError().text()));
    // WAL keeps readers and the writer apart; with synchronous=NORMAL a committed transaction
    // survives the process being killed (it is in the WAL file), which is the promise we make.
    // SQLite's default page cache is 2 MB; with a busy message log and meter-value table
    // most page reads then go to the kernel (pread was 14% of the gateway's CPU under load).
    // The cache grows only as pages are used, up to 64 MB.
    for (const char *pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA foreign_keys=ON",
                               "PRAGMA cache_size=-65536"}) {
        if (Status s = result->run(QString::fromLatin1(pragma)); !s)
            return s.error();
    }
    return result;
}

QString Database::backendName() const
{
    return m_backend == Backend::Sqlite ? QStringLiteral("sqlite") : QStringLiteral("postgresql");
}

QSqlDatabase Database::handle() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

Rows::Rows(Database *owner, QString sql, std::unique_ptr<QSqlQuery> query)
    : m_owner(owner)
    , m_sql(std::move(sql))
    , m_query(std::move(query))
{}

Rows::~Rows()
{
    if (m_owner && m_query)
        m_owner->giveBack(m_sql, std::move(m_query));
}

void Database::giveBack(const QString &sql, std::unique_ptr<QSqlQuery> query)
{
    query->finish(); // releases the result set and any lock a half-read SELECT holds
    // Dynamic statements (list filters) would grow the pool without end.
    if (m_idleCount >= maxIdle) {
        m_idle.clear();
        m_idleCount = 0;
    }
    m_idle[sql].push_back(std::move(query));
    ++m_idleCount;
}

Result<Rows> Database::exec(const QString &sql, const QVariantList &params)
{
    std::unique_ptr<QSqlQuery> query;
    if (auto idle = m_idle.find(sql); idle != m_idle.end() && !idle->second.empty()) {
        query = std::move(idle->second.back());
        idle->second.pop_back();
        --m_idleCount;
    } else {
        query = std::make_unique<QSqlQuery>(handle());
        // Forward-only makes QPSQL stream rows in single-row mode, and any other statement
        // on the connection then cuts the stream short; buffered results let services read
        // while they write. SQLite steps either way, so it keeps the cheaper mode.
        query->setForwardOnly(m_backend == Backend::Sqlite);
        if (!query->prepare(sql))
            return Error::storage(query->lastError().text());
    }
    for (qsizetype i = 0; i < params.size(); ++i)
        query->bindValue(int(i), params.at(i));
    if (!query->exec())
        return Error::storage(query->lastError().text()); // dropped: it may be broken
    return Rows(this, sql, std::move(query));
}

Status Database::run(const QString &sql)
{
    // Schema changes can invalidate prepared statements (PostgreSQL refuses a cached plan
    // whose result type changed), so they start afresh.
    m_idle.clear();
    m_idleCount = 0;
    QSqlQuery query(handle());
    if (!query.exec(sql))
        return Error::storage(query.lastError().text());
    return Ok{};
}

Status Database::transaction(const std::function<Status()> &work)
{
    // Nested calls are savepoints inside the outer transaction, so services can compose.
    if (m_depth > 0) {
        const QString name = QStringLiteral("cd_%1").arg(m_depth);
        QSqlQuery savepoint(handle());
        if (!savepoint.exec(QStringLiteral("SAVEPOINT ") + name))
            return Error::storage(savepoint.lastError().text());
        ++m_depth;
        Status s = work();
        --m_depth;
        if (!s)
            savepoint.exec(QStringLiteral("ROLLBACK TO SAVEPOINT ") + name);
        savepoint.exec(QStringLiteral("RELEASE SAVEPOINT ") + name);
        return s;
    }
    QSqlDatabase db = handle();
    if (!db.transaction())
        return Error::storage(db.lastError().text());
    m_depth = 1;
    Status s = work();
    m_depth = 0;
    if (!s) {
        db.rollback();
        return s;
    }
    if (!db.commit()) {
        const QString message = db.lastError().text();
        db.rollback();
        return Error::storage(message);
    }
    return s;
}

} // namespace ChargeDesk::Core
