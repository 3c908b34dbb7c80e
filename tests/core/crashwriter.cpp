// Writes batches of rows as fast as it can and reports each batch on stdout only after
// its transaction committed. tst_crashsafety kills it with SIGKILL mid-burst.
#include "core/catalog.h"
#include "core/migrator.h"
#include "core/repository.h"

#include <QCoreApplication>

#include <cstdio>

using namespace ChargeDesk::Core;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (argc < 2)
        return 2;
    auto db = Database::open(QString::fromLocal8Bit(argv[1]));
    if (!db || !Migrator(*db.value()).migrate()) {
        std::fprintf(stderr, "crashwriter: cannot open or migrate the database\n");
        return 1;
    }
    Catalog catalog;
    SystemClock clock;
    Repository repo(*db.value(), catalog, clock);
    const Actor system = Actor::system();
    for (int batch = 0; batch < 1000000; ++batch) {
        Status s = db.value()->transaction([&]() -> Status {
            for (int i = 0; i < 3; ++i) {
                auto r = repo.create(system, Tables::Customers,
                                     {{QStringLiteral("code"), QStringLiteral("B%1-%2").arg(batch).arg(i)},
                                      {QStringLiteral("name"), QStringLiteral("Batch %1").arg(batch)},
                                      {QStringLiteral("payment_type"), QStringLiteral("postpaid")}});
                if (!r)
                    return r.error();
            }
            return Ok{};
        });
        if (!s) {
            std::fprintf(stderr, "crashwriter: %s\n", qPrintable(s.error().message()));
            return 1;
        }
        std::printf("committed %d\n", batch);
        std::fflush(stdout);
    }
    return 0;
}
