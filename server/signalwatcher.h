#pragma once

#include <QObject>

class QSocketNotifier;

namespace ChargeDesk::Server {

// Turns SIGTERM and SIGINT into a Qt signal, so that a headless process stops cleanly:
// the event loop finishes the current work and the database is closed properly.
class SignalWatcher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SignalWatcher)

public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

signals:
    void terminationRequested(int signalNumber);

private:
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace ChargeDesk::Server
