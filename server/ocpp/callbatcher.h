#pragma once

#include "server/ocpp/connection.h"

#include <QList>
#include <QObject>
#include <QPointer>

#include <functional>

namespace ChargeDesk::Core {
class Database;
}

namespace ChargeDesk::Server::Ocpp {

// Runs the handlers of incoming calls in batches. Every call that arrived since the last
// batch is handled in one database transaction, each in its own savepoint (a failing call
// undoes only its own writes), and the answers go out after the commit. One commit for many
// calls is what lets thousands of stations report at once; answering only after it means a
// report the station saw acknowledged is on disk. When the load is light a batch is one call.
class CallBatcher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CallBatcher)

public:
    using Work = std::function<HandlerResult()>;
    using Deliver = std::function<void(const HandlerResult &)>;

    explicit CallBatcher(Core::Database &db, QObject *parent = nullptr);

    // `work` runs in the next batch and `deliver` after its commit, both only while `owner`
    // (the station's connection) still exists.
    void submit(QObject *owner, Work work, Deliver deliver);
    qsizetype queued() const { return m_queue.size(); }

private:
    struct Item
    {
        QPointer<QObject> owner;
        Work work;
        Deliver deliver;
        HandlerResult result;
    };
    void drain();

    Core::Database &m_db;
    QList<Item> m_queue;
    bool m_scheduled = false;
};

} // namespace ChargeDesk::Server::Ocpp
