#pragma once

#include <QAbstractEventDispatcher>
#include <QHash>

#include <atomic>
#include <queue>
#include <vector>

namespace ChargeDesk::Server {

// An event dispatcher for Linux built on epoll and a timer heap, for the headless server.
// Qt's own dispatchers hand every socket to poll() on every turn of the event loop and keep
// timers in a sorted list: with 10,000 stations each turn cost milliseconds even when one
// station spoke, and an idle network kept a core busy. Here a turn costs what happened in
// it. Semantics follow QEventDispatcherUNIX: level-triggered socket notifiers, posted events
// first, timers fired once per turn, a timer never re-entered from a nested event loop.
class EpollEventDispatcher final : public QAbstractEventDispatcher
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EpollEventDispatcher)

public:
    explicit EpollEventDispatcher(QObject *parent = nullptr);
    ~EpollEventDispatcher() override;

    bool processEvents(QEventLoop::ProcessEventsFlags flags) override;
    void registerSocketNotifier(QSocketNotifier *notifier) override;
    void unregisterSocketNotifier(QSocketNotifier *notifier) override;
    void registerTimer(int timerId, qint64 interval, Qt::TimerType timerType, QObject *object) override;
    bool unregisterTimer(int timerId) override;
    bool unregisterTimers(QObject *object) override;
    QList<TimerInfo> registeredTimers(QObject *object) const override;
    int remainingTime(int timerId) override;
    void wakeUp() override;
    void interrupt() override;

private:
    struct Notifiers
    {
        QSocketNotifier *read = nullptr;
        QSocketNotifier *write = nullptr;
        QSocketNotifier *exception = nullptr;
        quint32 events() const;
    };
    struct Timer
    {
        qint64 intervalMs = 0;
        Qt::TimerType type = Qt::CoarseTimer;
        QObject *object = nullptr;
        qint64 deadlineMs = 0;
        quint64 generation = 0; // heap entries of older generations are stale
        bool firing = false;
    };
    struct HeapEntry
    {
        qint64 deadlineMs;
        int timerId;
        quint64 generation;
        bool operator>(const HeapEntry &o) const { return deadlineMs > o.deadlineMs; }
    };

    void updateEpoll(int fd, const Notifiers &before);
    int activateTimers();
    void schedule(int timerId, Timer &timer);
    int nextTimerMs(); // until the next timer is due; -1 without timers
    static qint64 nowMs();

    int m_epoll = -1;
    int m_wake = -1;
    std::atomic<bool> m_interrupted{false};
    QHash<int, Notifiers> m_notifiers;
    QHash<int, Timer> m_timers;
    QHash<QObject *, QList<int>> m_timersByObject;
    std::priority_queue<HeapEntry, std::vector<HeapEntry>, std::greater<>> m_heap;
    quint64 m_generation = 0;
};

} // namespace ChargeDesk::Server
