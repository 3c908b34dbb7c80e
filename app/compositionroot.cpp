#include "app/compositionroot.h"

#include "core/migrator.h"

#include <QCoreApplication>
#include <QDir>
#include <QStandardPaths>

namespace ChargeDesk::App {

void setApplicationIdentity()
{
    QCoreApplication::setOrganizationName(QString());
    QCoreApplication::setApplicationName(QStringLiteral("ChargeDesk"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PROJECT_VERSION_STRING));
}

QString crashNotePath(const QString &program)
{
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QDir().mkpath(folder);
    return QDir(folder).filePath(program + QStringLiteral(".crash"));
}

Core::Result<std::shared_ptr<Engine>> buildEngine(const QString &location)
{
    auto engine = std::make_shared<Engine>();
    auto db = Core::Database::open(location);
    if (!db)
        return db.error();
    engine->database = db.value();
    Core::Migrator migrator(*engine->database);
    if (auto migrated = migrator.migrate(); !migrated)
        return migrated.error();
    engine->repository = std::make_unique<Core::Repository>(*engine->database, engine->catalog, engine->clock);
    engine->auth = std::make_unique<Core::AuthService>(*engine->repository);
    engine->stations = std::make_unique<Core::StationService>(*engine->repository, engine->clock);
    if (auto reset = engine->stations->resetConnections(); !reset)
        return reset.error();
    engine->sessions = std::make_unique<Core::ChargingSessions>(*engine->repository, *engine->stations, engine->clock);
    engine->messageLog = std::make_unique<Core::MessageLog>(*engine->database, engine->clock);
    return engine;
}

} // namespace ChargeDesk::App
