#pragma once

#include "core/error.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariantList>

#include <unordered_map>
#include <vector>

#include <functional>
#include <memory>

namespace ChargeDesk::Core {

class Database;

// The rows, or the effect, of one statement. It holds a prepared statement from the
// connection's pool and gives it back when it goes away: keep it only while reading.
class Rows final
{
    Q_DISABLE_COPY(Rows)

public:
    Rows(Rows &&other) noexcept = default;
    Rows &operator=(Rows &&other) noexcept = default;
    ~Rows();

    bool next() { return m_query->next(); }
    QVariant value(int index) const { return m_query->value(index); }
    QVariant value(const QString &name) const { return m_query->value(name); }
    int numRowsAffected() const { return m_query->numRowsAffected(); }
    QVariant lastInsertId() const { return m_query->lastInsertId(); }
    const QSqlQuery &query() const { return *m_query; }

private:
    friend class Database;
    Rows(Database *owner, QString sql, std::unique_ptr<QSqlQuery> query);

    Database *m_owner = nullptr;
    QString m_sql;
    std::unique_ptr<QSqlQuery> m_query;
};

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

    // Runs one prepared statement with positional '?' parameters. Statements are prepared
    // once per connection and pooled, so a hot statement is not parsed again on every call.
    Result<Rows> exec(const QString &sql, const QVariantList &params = {});
    // Runs a fixed statement that takes no parameters and cannot be prepared (DDL such as
    // CREATE TABLE, LOCK, CREATE DATABASE). Never pass text that came from outside.
    Status run(const QString &sql);
    // Runs `work` in a transaction; commits if it returns ok, rolls back otherwise. A nested
    // call is a savepoint: its failure undoes only its own writes, and the outer work decides.
    Status transaction(const std::function<Status()> &work);
    bool inTransaction() const { return m_depth > 0; }

    QSqlDatabase handle() const;

private:
    Database(Backend backend, QString connectionName, QString display);

    Backend m_backend;
    QString m_connectionName;
    QString m_display;
    friend class Rows;
    void giveBack(const QString &sql, std::unique_ptr<QSqlQuery> query);

    int m_depth = 0;
    // Idle prepared statements by SQL text. Several may exist for one text when a reader
    // of its rows runs the same statement again (nested), so none is ever shared.
    std::unordered_map<QString, std::vector<std::unique_ptr<QSqlQuery>>> m_idle;
    qsizetype m_idleCount = 0;
    static constexpr qsizetype maxIdle = 512;
};

} // namespace ChargeDesk::Core
