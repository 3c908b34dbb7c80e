#include "support/repositoryfixture.h"

#include "core/migrator.h"

namespace ChargeDesk::Test {

RepositoryFixture::RepositoryFixture(const Core::Clock &clock)
{
    if (!testDb.isValid()) {
        error = testDb.error();
        return;
    }
    db = testDb.open();
    if (!db) {
        error = QStringLiteral("cannot open the test database");
        return;
    }
    if (auto migrated = Core::Migrator(*db).migrate(); !migrated) {
        error = migrated.error().message();
        return;
    }
    repo = std::make_unique<Core::Repository>(*db, catalog, clock);
}

} // namespace ChargeDesk::Test
