#pragma once

#include <QString>

#include <optional>

namespace ChargeDesk::Server::CrashNote {

// What a process leaves behind when it dies of a fault that no handler caught (an uncaught
// exception, a crash signal): one line in a file, written with nothing but write() so that it
// works inside a signal handler. The next start reads it and says what happened, instead of
// the process having just vanished. Under systemd the server is restarted (see packaging/).

// Prepares the file and installs the handlers; call once, early in main().
void install(const QString &path);

// The note the previous run left ("when: what"), removed; nothing after a clean stop.
std::optional<QString> takePrevious(const QString &path);

} // namespace ChargeDesk::Server::CrashNote
