#include "server/epolldispatcher.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <atomic>
#include <memory>

// The headless server's event dispatcher, installed for the whole test as chargedesk-server
// installs it: timers, sockets, posted events and wake-ups from other threads behave as
// with Qt's own dispatchers.
class TestEpollDispatcher : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void timers_fireInOrderAndRepeat();
    void timer_stoppedOrDeletedInItsHandler_isNotFiredAgain();
    void timer_notReenteredFromANestedLoop();
    void remainingTime_andRegisteredTimers();
    void postedEvents_fromAnotherThread_wakeTheLoop();
    void sockets_echoManyClients();
    void interrupt_stopsAWaitingLoop();
};

void TestEpollDispatcher::initTestCase()
{
    QVERIFY(qobject_cast<ChargeDesk::Server::EpollEventDispatcher *>(QAbstractEventDispatcher::instance()));
}

void TestEpollDispatcher::timers_fireInOrderAndRepeat()
{
    // A lower bound only: a timer must not fire early, and a slow machine only fires it later.
    QElapsedTimer clock;
    clock.start();
    QStringList order;
    QTimer::singleShot(60, this, [&] { order << "60"; });
    QTimer::singleShot(10, this, [&] { order << "10"; });
    QTimer::singleShot(30, Qt::PreciseTimer, this, [&] { order << "30"; });
    int ticks = 0;
    QTimer repeating;
    repeating.setInterval(5);
    connect(&repeating, &QTimer::timeout, this, [&] { ++ticks; });
    repeating.start();
    QTRY_COMPARE(order.size(), 3);
    QCOMPARE(order, (QStringList{"10", "30", "60"}));
    QVERIFY(clock.elapsed() >= 60);
    repeating.stop();
    QVERIFY2(ticks >= 5, qPrintable(QString::number(ticks)));
    // A later timer of twice the interval: the stopped one would have come due before it.
    const int stopped = ticks;
    bool later = false;
    QTimer::singleShot(10, this, [&] { later = true; });
    QTRY_VERIFY(later);
    QCOMPARE(ticks, stopped);
}

void TestEpollDispatcher::timer_stoppedOrDeletedInItsHandler_isNotFiredAgain()
{
    int fired = 0;
    QTimer stopsItself;
    stopsItself.setInterval(1);
    connect(&stopsItself, &QTimer::timeout, this, [&] {
        ++fired;
        stopsItself.stop();
    });
    stopsItself.start();
    auto *deletesItself = new QTimer;
    deletesItself->setInterval(1);
    int deletedFired = 0;
    connect(deletesItself, &QTimer::timeout, this, [&] {
        ++deletedFired;
        delete deletesItself;
    });
    deletesItself->start();
    // A later timer: both would have come due again many times before it.
    bool later = false;
    QTimer::singleShot(20, this, [&] { later = true; });
    QTRY_VERIFY(later);
    QCOMPARE(fired, 1);
    QCOMPARE(deletedFired, 1);
}

void TestEpollDispatcher::timer_notReenteredFromANestedLoop()
{
    QTimer timer;
    timer.setInterval(2);
    int depth = 0, maxDepth = 0, fired = 0;
    connect(&timer, &QTimer::timeout, this, [&] {
        ++fired;
        maxDepth = std::max(maxDepth, ++depth);
        if (fired == 1) {
            QEventLoop nested; // the timer comes due several times in here
            QTimer::singleShot(20, &nested, &QEventLoop::quit);
            nested.exec();
        }
        --depth;
    });
    timer.start();
    QTRY_VERIFY(fired >= 3);
    timer.stop();
    QCOMPARE(maxDepth, 1);
}

void TestEpollDispatcher::remainingTime_andRegisteredTimers()
{
    QObject owner;
    QElapsedTimer since;
    since.start();
    const int id = owner.startTimer(500);
    auto *dispatcher = QAbstractEventDispatcher::instance();
    const int left = dispatcher->remainingTime(id);
    // What is left is the interval less the time this test took in between, however long.
    QVERIFY2(left <= 500 && left >= 500 - since.elapsed() - 1, qPrintable(QString::number(left)));
    const auto timers = dispatcher->registeredTimers(&owner);
    QCOMPARE(timers.size(), 1);
    QCOMPARE(timers.first().timerId, id);
    QCOMPARE(timers.first().interval, 500);
    owner.killTimer(id);
    QCOMPARE(dispatcher->remainingTime(id), -1);
    QVERIFY(dispatcher->registeredTimers(&owner).isEmpty());
}

void TestEpollDispatcher::postedEvents_fromAnotherThread_wakeTheLoop()
{
    // No timer is due before the fallback, so the loop sleeps in epoll_wait until the other
    // thread wakes it. Without the wake-up, the quit would only be seen when the fallback fires.
    QEventLoop loop;
    std::unique_ptr<QThread> thread(QThread::create([&loop] {
        QThread::msleep(50);
        QMetaObject::invokeMethod(&loop, "quit", Qt::QueuedConnection);
    }));
    thread->start();
    bool fellBack = false;
    QTimer::singleShot(30000, &loop, [&] {
        fellBack = true;
        loop.exit(1);
    });
    QCOMPARE(loop.exec(), 0);
    QVERIFY(!fellBack);
    thread->wait();
}

void TestEpollDispatcher::sockets_echoManyClients()
{
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    connect(&server, &QTcpServer::newConnection, this, [&server] {
        while (QTcpSocket *peer = server.nextPendingConnection()) {
            connect(peer, &QTcpSocket::readyRead, peer, [peer] { peer->write(peer->readAll().toUpper()); });
            connect(peer, &QTcpSocket::disconnected, peer, &QObject::deleteLater);
        }
    });
    constexpr int Clients = 200;
    std::vector<std::unique_ptr<QTcpSocket>> clients;
    int echoed = 0;
    for (int i = 0; i < Clients; ++i) {
        auto socket = std::make_unique<QTcpSocket>();
        QTcpSocket *s = socket.get();
        connect(s, &QTcpSocket::connected, s, [s, i] { s->write(QByteArray("ping ") + QByteArray::number(i)); });
        connect(s, &QTcpSocket::readyRead, this, [s, i, &echoed] {
            if (s->readAll() == QByteArray("PING ") + QByteArray::number(i))
                ++echoed;
        });
        s->connectToHost(QHostAddress::LocalHost, server.serverPort());
        clients.push_back(std::move(socket));
    }
    QTRY_COMPARE_WITH_TIMEOUT(echoed, Clients, 10000);
    // Closing from our side reaches the server as a hang-up, which it handles.
    for (auto &c : clients)
        c->disconnectFromHost();
    QTRY_COMPARE(server.findChildren<QTcpSocket *>().size(), 0);
}

void TestEpollDispatcher::interrupt_stopsAWaitingLoop()
{
    auto *dispatcher = QAbstractEventDispatcher::instance();
    std::atomic<bool> interrupting = false;
    std::unique_ptr<QThread> thread(QThread::create([dispatcher, &interrupting] {
        QThread::msleep(50);
        interrupting = true;
        dispatcher->interrupt();
    }));
    // Should interrupt() not work, this wakes the waiting turn, and the test fails.
    bool gaveUp = false;
    QTimer watchdog;
    watchdog.setSingleShot(true);
    connect(&watchdog, &QTimer::timeout, this, [&gaveUp] { gaveUp = true; });
    watchdog.start(30000);
    thread->start();
    // With nothing to do, a blocking turn returns only because it was interrupted; turns that
    // end on something left over from the tests before do not count.
    while (!interrupting && !gaveUp)
        dispatcher->processEvents(QEventLoop::WaitForMoreEvents);
    QVERIFY(!gaveUp);
    thread->wait();
}

int main(int argc, char *argv[])
{
    QCoreApplication::setEventDispatcher(new ChargeDesk::Server::EpollEventDispatcher);
    QCoreApplication app(argc, argv);
    TestEpollDispatcher test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_epolldispatcher.moc"
