#pragma once

#include "core/authservice.h"
#include "core/catalog.h"
#include "core/chargingsessions.h"
#include "core/clock.h"
#include "core/database.h"
#include "core/messagelog.h"
#include "core/repository.h"
#include "core/stationservice.h"

#include <memory>

namespace ChargeDesk::App {

// The services every executable shares, built in dependency order.
struct Engine
{
    Core::SystemClock clock;
    Core::Catalog catalog;
    std::shared_ptr<Core::Database> database;
    std::unique_ptr<Core::Repository> repository;
    std::unique_ptr<Core::AuthService> auth;
    std::unique_ptr<Core::StationService> stations;
    std::unique_ptr<Core::ChargingSessions> sessions;
    std::unique_ptr<Core::MessageLog> messageLog;
};

// Names the application for QStandardPaths and QSettings. Console and headless server
// share it, so both find the same default database file.
void setApplicationIdentity();

// Where `program` leaves a note when it dies of a fault (see server/crashnote.h): a file in
// the data folder, which is created if need be.
QString crashNotePath(const QString &program);

// Opens the database at `location` (file path, postgresql:// URL, or empty for the
// default file), brings its schema up to date and builds the services.
Core::Result<std::shared_ptr<Engine>> buildEngine(const QString &location);

} // namespace ChargeDesk::App
