#pragma once

#include "app/compositionroot.h"
#include "app/demomode.h"
#include "app/ocppserver.h"
#include "ui/shell/mainwindow.h"

#include <memory>

namespace ChargeDesk::App {

// How the console was asked to start: its command line.
struct StartRequest
{
    QString database; // --db: wins over what is remembered, and the wizard does not ask
    bool demo = false;
};

// What the console opens on: the services, who is signed in, and the demo when it runs.
struct ConsoleStart
{
    ConsoleStart() = default;
    ~ConsoleStart();
    Q_DISABLE_COPY_MOVE(ConsoleStart)

    std::unique_ptr<DemoMode> demo; // first, so that it outlives the engine using its folder
    std::shared_ptr<Engine> engine;
    Core::Actor actor;
};

// Finds the database and the user the console opens with. The demo signs its own user in; a
// database given or remembered that has users asks for a sign-in; with no database yet, or
// one without users, the first-start wizard sets one up. Null when the user cancelled.
Core::Result<std::unique_ptr<ConsoleStart>> startConsole(const StartRequest &request);

// What the main window works with: the engine's services and the embedded OCPP server's.
Ui::Services windowServices(Engine &engine, OcppServer &ocpp);

} // namespace ChargeDesk::App
