#include "core/migrator.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QSqlError>

#include <algorithm>

namespace ChargeDesk::Core {

Migrator::Migrator(Database &db)
    : m_db(db)
{}

QList<Migrator::Migration> Migrator::available()
{
    QList<Migration> result;
    static const QRegularExpression pattern(QStringLiteral("^(\\d{4})_(\\w+)\\.sql$"));
    const QDir dir(QStringLiteral(":/chargedesk/migrations"));
    for (const QString &file : dir.entryList(QDir::Files, QDir::Name)) {
        const auto match = pattern.match(file);
        if (!match.hasMatch())
            continue;
        QFile f(dir.filePath(file));
        if (!f.open(QIODevice::ReadOnly))
            continue;
        result.append({match.captured(1).toInt(), match.captured(2), QString::fromUtf8(f.readAll())});
    }
    std::sort(result.begin(), result.end(),
              [](const Migration &a, const Migration &b) { return a.version < b.version; });
    return result;
}

int Migrator::latestVersion()
{
    const auto all = available();
    return all.isEmpty() ? 0 : all.last().version;
}

QString Migrator::translate(const QString &sql) const
{
    const bool pg = m_db.backend() == Database::Backend::Postgres;
    QString out = sql;
    out.replace(QLatin1String("{{PK}}"),
                pg ? QLatin1String("BIGSERIAL PRIMARY KEY") : QLatin1String("INTEGER PRIMARY KEY AUTOINCREMENT"));
    out.replace(QLatin1String("{{BLOB}}"), pg ? QLatin1String("BYTEA") : QLatin1String("BLOB"));
    out.replace(QLatin1String("{{REAL}}"), pg ? QLatin1String("DOUBLE PRECISION") : QLatin1String("REAL"));
    return out;
}

Status Migrator::ensureTable()
{
    return m_db.run(QStringLiteral("CREATE TABLE IF NOT EXISTS schema_migrations ("
                                   "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)"));
}

Result<int> Migrator::currentVersion()
{
    if (Status s = ensureTable(); !s)
        return s.error();
    auto r = m_db.exec(QStringLiteral("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"));
    if (!r)
        return r.error();
    Rows &q = r.value();
    return q.next() ? q.value(0).toInt() : 0;
}

Result<int> Migrator::migrate()
{
    if (Status s = ensureTable(); !s)
        return s.error();
    int applied = 0;
    for (const Migration &m : available()) {
        bool done = false;
        Status s = m_db.transaction([&]() -> Status {
            // Two processes may start against one PostgreSQL database at the same time;
            // the lock makes the second wait and then see the first one's work.
            if (m_db.backend() == Database::Backend::Postgres) {
                if (Status locked = m_db.run(QStringLiteral("LOCK TABLE schema_migrations IN EXCLUSIVE MODE")); !locked)
                    return locked;
            }
            auto seen = m_db.exec(QStringLiteral("SELECT 1 FROM schema_migrations WHERE version = ?"), {m.version});
            if (!seen)
                return seen.error();
            if (seen.value().next()) {
                done = true;
                return Ok{};
            }
            // Comment lines go first: they may contain semicolons.
            QStringList lines;
            for (const QString &line : translate(m.sql).split(QLatin1Char('\n'))) {
                if (!line.trimmed().startsWith(QLatin1String("--")))
                    lines << line;
            }
            for (const QString &part : lines.join(QLatin1Char('\n')).split(QLatin1Char(';'))) {
                const QString statement = part.trimmed();
                if (statement.isEmpty())
                    continue;
                if (Status ran = m_db.run(statement); !ran)
                    return Error(
                        Error::Kind::Storage,
                        QStringLiteral("migration %1 (%2): %3").arg(m.version).arg(m.name, ran.error().message()));
            }
            // When the schema really changed, on the machine's clock: no test moves it, and the
            // migrator runs before any service (or clock) exists.
            auto mark =
                m_db.exec(QStringLiteral("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)"),
                          {m.version, m.name, QDateTime::currentMSecsSinceEpoch()});
            if (!mark)
                return mark.error();
            return Ok{};
        });
        if (!s)
            return s.error();
        if (!done)
            ++applied;
    }
    return applied;
}

} // namespace ChargeDesk::Core
