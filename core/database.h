#pragma once

#include "core/error.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariantList>

#include <functional>
#include <memory>

namespace ChargeDesk::Core {

// One connection to the product's database: a local SQLite file (the default) or a
// PostgreSQL server given as postgresql://user:password@host:port/database.
class Database final
{
    Q_DISABLE_COPY_MOVE(Database)

public:
    enum class Backend { Sqlite, Postgres };

    // `location` is a file path or a postgresql:// URL. Empty means the default file.
    static Result<std::shared_ptr<Database>> open(const QString &location);
    static QString defaultSqlitePath();

    ~Database();

    Backend backend() const { return m_backend; }
    QString backendName() const;
    // Where the data lives, safe to show and log: the password is never included.
    QString displayLocation() const { return m_display; }

    // Runs one prepared statement with positional '?' parameters.
    Result<QSqlQuery> exec(const QString &sql, const QVariantList &params = {});
    // Runs a fixed statement that takes no parameters and cannot be prepared (DDL such as
    // CREATE TABLE, LOCK, CREATE DATABASE). Never pass text that came from outside.
    Status run(const QString &sql);
    // Runs `work` in a transaction; commits if it returns ok, rolls back otherwise.
    Status transaction(const std::function<Status()> &work);
    bool inTransaction() const { return m_depth > 0; }

    QSqlDatabase handle() const;

private:
    Database(Backend backend, QString connectionName, QString display);

    Backend m_backend;
    QString m_connectionName;
    QString m_display;
    int m_depth = 0;
};

} // namespace ChargeDesk::Core
