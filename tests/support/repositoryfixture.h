#pragma once

#include "core/catalog.h"
#include "core/clock.h"
#include "core/repository.h"
#include "support/testdatabase.h"

#include <memory>

namespace ChargeDesk::Test {

// A fresh test database with the schema migrated and a repository over it: where most
// storage, service and window tests start. Check isValid() before use.
struct RepositoryFixture
{
    explicit RepositoryFixture(const Core::Clock &clock);

    bool isValid() const { return error.isEmpty(); }

    QString error;
    Core::Catalog catalog;
    TestDatabase testDb;
    std::shared_ptr<Core::Database> db;
    std::unique_ptr<Core::Repository> repo;
};

} // namespace ChargeDesk::Test
