#pragma once

#include "core/database.h"

#include <QTemporaryDir>

#include <memory>

namespace ChargeDesk::Test {

// The storage backend this test process runs against: CHARGEDESK_TEST_BACKEND, "sqlite" by default.
QString backend();

// A fresh, empty database for one test: a file in a temporary folder (kept when the test
// fails), or a new database on the test PostgreSQL server, dropped again afterwards.
class TestDatabase final
{
    Q_DISABLE_COPY_MOVE(TestDatabase)

public:
    TestDatabase();
    ~TestDatabase();

    bool isValid() const { return m_error.isEmpty(); }
    QString error() const { return m_error; }
    // What Database::open() takes; also handed to child processes.
    QString location() const { return m_location; }
    // A new connection to this database.
    std::shared_ptr<Core::Database> open() const;

private:
    QTemporaryDir m_dir;
    QString m_location;
    QString m_adminUrl;
    QString m_name;
    QString m_error;
};

} // namespace ChargeDesk::Test
