#pragma once

#include "core/database.h"

#include <QList>
#include <QString>

namespace ChargeDesk::Core {

// Brings a database to the newest schema. Migrations are numbered SQL files under
// core/migrations/ written once for both backends; a few tokens stand for the types
// that differ ({{PK}}, {{BLOB}}, {{REAL}}). Each runs in its own transaction.
class Migrator final
{
public:
    struct Migration
    {
        int version;
        QString name;
        QString sql;
    };

    explicit Migrator(Database &db);

    static QList<Migration> available();
    static int latestVersion();

    Result<int> currentVersion();
    // Returns how many migrations were applied (0 when the schema was already current).
    Result<int> migrate();

private:
    QString translate(const QString &sql) const;
    Status ensureTable();

    Database &m_db;
};

} // namespace ChargeDesk::Core
