#include "server/crashnote.h"

#include <QDateTime>
#include <QFile>
#include <QLocale>

#include <csignal>
#include <cstring>
#include <ctime>
#include <exception>

#ifdef Q_OS_WIN
#include <fcntl.h>
#include <io.h>
#define CD_OPEN(path) _open(path, _O_WRONLY | _O_CREAT | _O_TRUNC, 0600)
#define CD_WRITE _write
#define CD_CLOSE _close
#else
#include <fcntl.h>
#include <unistd.h>
#define CD_OPEN(path) ::open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600)
#define CD_WRITE ::write
#define CD_CLOSE ::close
#endif

namespace ChargeDesk::Server::CrashNote {

namespace {

char g_path[4096] = {};
volatile std::sig_atomic_t g_written = 0;

// "<seconds since 1970> <reason>\n", with no allocation: this runs inside signal handlers.
void write(const char *reason, const char *detail = nullptr)
{
    if (g_written || !g_path[0])
        return;
    g_written = 1;
    const int fd = CD_OPEN(g_path);
    if (fd < 0)
        return;
    char digits[24];
    int n = 0;
    for (long long t = static_cast<long long>(std::time(nullptr)); n == 0 || t > 0; t /= 10)
        digits[n++] = char('0' + t % 10);
    char line[32];
    for (int i = 0; i < n; ++i)
        line[i] = digits[n - 1 - i];
    line[n] = ' ';
    [[maybe_unused]] auto ignored = CD_WRITE(fd, line, unsigned(n + 1));
    ignored = CD_WRITE(fd, reason, unsigned(std::strlen(reason)));
    if (detail) {
        ignored = CD_WRITE(fd, ": ", 2);
        size_t length = 0;
        while (length < 1000 && detail[length])
            ++length;
        ignored = CD_WRITE(fd, detail, unsigned(length));
    }
    ignored = CD_WRITE(fd, "\n", 1);
    CD_CLOSE(fd);
}

void onSignal(int number)
{
    switch (number) {
    case SIGSEGV: write("crashed: invalid memory access (SIGSEGV)"); break;
    case SIGFPE: write("crashed: arithmetic fault (SIGFPE)"); break;
    case SIGILL: write("crashed: illegal instruction (SIGILL)"); break;
    case SIGABRT: write("aborted (SIGABRT)"); break;
#ifdef SIGBUS
    case SIGBUS: write("crashed: bus error (SIGBUS)"); break;
#endif
    default: write("crashed"); break;
    }
    // End as the fault would have: the default action, so a core dump and the exit status stay true.
    std::signal(number, SIG_DFL);
    std::raise(number);
}

void onTerminate()
{
    try {
        if (const std::exception_ptr e = std::current_exception())
            std::rethrow_exception(e);
        write("ended: std::terminate without an exception");
    } catch (const std::exception &e) {
        write("ended: an exception no handler caught", e.what());
    } catch (...) {
        write("ended: an exception no handler caught");
    }
    std::abort();
}

} // namespace

void install(const QString &path)
{
    const QByteArray encoded = QFile::encodeName(path);
    if (encoded.size() >= qsizetype(sizeof g_path))
        return;
    std::memcpy(g_path, encoded.constData(), size_t(encoded.size()) + 1);
    std::set_terminate(onTerminate);
    for (const int number : {SIGSEGV, SIGFPE, SIGILL, SIGABRT})
        std::signal(number, onSignal);
#ifdef SIGBUS
    std::signal(SIGBUS, onSignal);
#endif
}

std::optional<QString> takePrevious(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QString line = QString::fromUtf8(file.readAll()).trimmed();
    file.close();
    file.remove();
    const qsizetype space = line.indexOf(QLatin1Char(' '));
    bool ok = false;
    const qint64 seconds = line.left(space).toLongLong(&ok);
    if (!ok || space < 0)
        return line.isEmpty() ? std::nullopt : std::optional<QString>(line);
    const QDateTime at = QDateTime::fromSecsSinceEpoch(seconds);
    return QStringLiteral("%1: %2").arg(QLocale().toString(at, QLocale::ShortFormat), line.mid(space + 1));
}

} // namespace ChargeDesk::Server::CrashNote
