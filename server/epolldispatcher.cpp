#include "server/epolldispatcher.h"

#include <QCoreApplication>
#include <QSocketNotifier>

#include <algorithm>
#include <chrono>
#include <limits>

#include <cerrno>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

namespace ChargeDesk::Server {

namespace {
constexpr int MaxEventsPerTurn = 512;
}

quint32 EpollEventDispatcher::Notifiers::events() const
{
    return (read ? EPOLLIN : 0u) | (write ? EPOLLOUT : 0u) | (exception ? EPOLLPRI : 0u);
}

EpollEventDispatcher::EpollEventDispatcher(QObject *parent)
    : QAbstractEventDispatcher(parent)
    , m_epoll(epoll_create1(EPOLL_CLOEXEC))
    , m_wake(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK))
{
    if (m_epoll < 0 || m_wake < 0)
        qFatal("EpollEventDispatcher: cannot create epoll or eventfd descriptors (errno %d)", errno);
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = m_wake;
    epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_wake, &ev);
}

EpollEventDispatcher::~EpollEventDispatcher()
{
    ::close(m_wake);
    ::close(m_epoll);
}

qint64 EpollEventDispatcher::nowMs()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

bool EpollEventDispatcher::processEvents(QEventLoop::ProcessEventsFlags flags)
{
    m_interrupted.store(false);
    emit awake();
    QCoreApplication::sendPostedEvents();
    if (m_interrupted.load())
        return false;

    const bool includeTimers = !(flags & QEventLoop::X11ExcludeTimers);
    const bool includeNotifiers = !(flags & QEventLoop::ExcludeSocketNotifiers);
    const bool canWait = flags & QEventLoop::WaitForMoreEvents;
    if (canWait)
        emit aboutToBlock();
    int timeout = 0;
    if (canWait && !m_interrupted.load())
        timeout = includeTimers ? nextTimerMs() : -1;

    epoll_event events[MaxEventsPerTurn];
    int ready = epoll_wait(m_epoll, events, MaxEventsPerTurn, timeout);
    if (ready < 0)
        ready = 0; // EINTR: a signal; the turn goes on with timers and posted events
    int activated = 0;
    for (int i = 0; i < ready; ++i) {
        const int fd = events[i].data.fd;
        const quint32 what = events[i].events;
        if (fd == m_wake) {
            quint64 count = 0;
            [[maybe_unused]] const ssize_t r = ::read(m_wake, &count, sizeof count);
            continue;
        }
        if (!includeNotifiers)
            continue;
        // Each delivery may register or remove notifiers, so each looks the socket up again.
        const auto deliver = [&](QSocketNotifier *Notifiers::*slot) {
            const auto it = m_notifiers.constFind(fd);
            if (it == m_notifiers.constEnd() || !(it.value().*slot))
                return;
            QEvent event(QEvent::SockAct);
            QCoreApplication::sendEvent(it.value().*slot, &event);
            ++activated;
        };
        if (what & (EPOLLIN | EPOLLHUP | EPOLLERR))
            deliver(&Notifiers::read);
        if (what & (EPOLLOUT | EPOLLHUP | EPOLLERR))
            deliver(&Notifiers::write);
        if (what & EPOLLPRI)
            deliver(&Notifiers::exception);
    }
    if (includeTimers)
        activated += activateTimers();
    return activated > 0;
}

int EpollEventDispatcher::nextTimerMs()
{
    while (!m_heap.empty()) {
        const HeapEntry &top = m_heap.top();
        const auto it = m_timers.constFind(top.timerId);
        if (it == m_timers.constEnd() || it->generation != top.generation) {
            m_heap.pop(); // a stopped or restarted timer
            continue;
        }
        return int(std::clamp<qint64>(top.deadlineMs - nowMs(), 0, std::numeric_limits<int>::max()));
    }
    return -1;
}

void EpollEventDispatcher::updateEpoll(int fd, const Notifiers &before)
{
    const auto it = m_notifiers.constFind(fd);
    const quint32 wanted = it == m_notifiers.constEnd() ? 0 : it->events();
    const quint32 had = before.events();
    epoll_event ev{};
    ev.events = wanted;
    ev.data.fd = fd;
    // The kernel drops a closed descriptor by itself, and a new socket may reuse its number,
    // so "not there" and "already there" are both expected and answered with the other call.
    if (wanted == 0) {
        if (had != 0)
            epoll_ctl(m_epoll, EPOLL_CTL_DEL, fd, nullptr);
    } else if (had == 0) {
        if (epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &ev) < 0 && errno == EEXIST)
            epoll_ctl(m_epoll, EPOLL_CTL_MOD, fd, &ev);
    } else if (wanted != had) {
        if (epoll_ctl(m_epoll, EPOLL_CTL_MOD, fd, &ev) < 0 && errno == ENOENT)
            epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &ev);
    }
}

void EpollEventDispatcher::registerSocketNotifier(QSocketNotifier *notifier)
{
    const int fd = int(notifier->socket());
    const Notifiers before = m_notifiers.value(fd);
    Notifiers &entry = m_notifiers[fd];
    switch (notifier->type()) {
    case QSocketNotifier::Read: entry.read = notifier; break;
    case QSocketNotifier::Write: entry.write = notifier; break;
    case QSocketNotifier::Exception: entry.exception = notifier; break;
    }
    updateEpoll(fd, before);
}

void EpollEventDispatcher::unregisterSocketNotifier(QSocketNotifier *notifier)
{
    const int fd = int(notifier->socket());
    const auto it = m_notifiers.find(fd);
    if (it == m_notifiers.end())
        return;
    const Notifiers before = *it;
    for (QSocketNotifier **slot : {&it->read, &it->write, &it->exception}) {
        if (*slot == notifier)
            *slot = nullptr;
    }
    if (it->events() == 0)
        m_notifiers.erase(it);
    updateEpoll(fd, before);
}

void EpollEventDispatcher::registerTimer(int timerId, qint64 interval, Qt::TimerType timerType, QObject *object)
{
    Timer &t = m_timers[timerId];
    t = Timer{interval, timerType, object, nowMs() + interval, ++m_generation, false};
    m_timersByObject[object].append(timerId);
    m_heap.push({t.deadlineMs, timerId, t.generation});
}

bool EpollEventDispatcher::unregisterTimer(int timerId)
{
    const auto it = m_timers.find(timerId);
    if (it == m_timers.end())
        return false;
    const auto owner = m_timersByObject.find(it->object);
    if (owner != m_timersByObject.end()) {
        owner->removeOne(timerId);
        if (owner->isEmpty())
            m_timersByObject.erase(owner);
    }
    m_timers.erase(it); // its heap entries go stale
    return true;
}

bool EpollEventDispatcher::unregisterTimers(QObject *object)
{
    const QList<int> ids = m_timersByObject.take(object);
    for (int id : ids)
        m_timers.remove(id);
    return !ids.isEmpty();
}

QList<QAbstractEventDispatcher::TimerInfo> EpollEventDispatcher::registeredTimers(QObject *object) const
{
    QList<TimerInfo> list;
    for (int id : m_timersByObject.value(object)) {
        const Timer &t = m_timers[id];
        list.append(TimerInfo(id, int(t.intervalMs), t.type));
    }
    return list;
}

int EpollEventDispatcher::remainingTime(int timerId)
{
    const auto it = m_timers.constFind(timerId);
    if (it == m_timers.constEnd())
        return -1;
    return int(std::max<qint64>(0, it->deadlineMs - nowMs()));
}

void EpollEventDispatcher::schedule(int timerId, Timer &timer)
{
    const qint64 now = nowMs();
    timer.deadlineMs += timer.intervalMs;
    if (timer.deadlineMs < now) // missed turns are not made up for
        timer.deadlineMs = now + timer.intervalMs;
    timer.generation = ++m_generation;
    m_heap.push({timer.deadlineMs, timerId, timer.generation});
}

int EpollEventDispatcher::activateTimers()
{
    const qint64 now = nowMs();
    // What is due now, each timer once; a timer started while these fire waits for the next turn.
    QList<HeapEntry> due;
    while (!m_heap.empty() && m_heap.top().deadlineMs <= now) {
        due.append(m_heap.top());
        m_heap.pop();
    }
    int fired = 0;
    for (const HeapEntry &entry : std::as_const(due)) {
        auto it = m_timers.find(entry.timerId);
        if (it == m_timers.end() || it->generation != entry.generation)
            continue; // stopped or restarted since
        schedule(entry.timerId, *it);
        if (it->firing)
            continue; // still inside its own timer event, in a nested event loop
        it->firing = true;
        QObject *object = it->object;
        QTimerEvent event(entry.timerId);
        QCoreApplication::sendEvent(object, &event);
        ++fired;
        // The handler may have stopped the timer, or deleted its object and so its timers.
        if (const auto after = m_timers.find(entry.timerId); after != m_timers.end())
            after->firing = false;
    }
    return fired;
}

void EpollEventDispatcher::wakeUp()
{
    const quint64 one = 1;
    [[maybe_unused]] const ssize_t w = ::write(m_wake, &one, sizeof one);
}

void EpollEventDispatcher::interrupt()
{
    m_interrupted.store(true);
    wakeUp();
}

} // namespace ChargeDesk::Server
