#include "server/ocpp/callbatcher.h"

#include "core/database.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcBatcher, "chargedesk.ocpp.batcher")

namespace ChargeDesk::Server::Ocpp {

CallBatcher::CallBatcher(Core::Database &db, QObject *parent)
    : QObject(parent)
    , m_db(db)
{}

void CallBatcher::submit(QObject *owner, Work work, Deliver deliver)
{
    m_queue.append({owner, std::move(work), std::move(deliver), QJsonObject()});
    if (std::exchange(m_scheduled, true))
        return;
    // Queued behind the socket events already waiting, so that under load one batch
    // collects the calls of many stations.
    QMetaObject::invokeMethod(this, &CallBatcher::drain, Qt::QueuedConnection);
}

void CallBatcher::drain()
{
    m_scheduled = false;
    QList<Item> batch = std::exchange(m_queue, {});
    const Core::Status committed = m_db.transaction([&]() -> Core::Status {
        for (Item &item : batch) {
            if (!item.owner)
                continue;
            m_db.transaction([&]() -> Core::Status {
                // One call's fault must not end the process and every other station's connection.
                try {
                    item.result = item.work();
                } catch (const std::exception &e) {
                    qCCritical(lcBatcher) << "a handler failed:" << e.what();
                    item.result =
                        CallFailure{ErrorCode::InternalError, tr("The central system failed to handle this call.")};
                }
                if (std::holds_alternative<CallFailure>(item.result))
                    return Core::Error::storage(QStringLiteral("the call failed"));
                return Core::Ok{};
            });
        }
        return Core::Ok{};
    });
    if (!committed) {
        qCWarning(lcBatcher) << "a batch of" << batch.size() << "calls was not stored:" << committed.error().message();
        for (Item &item : batch)
            item.result = CallFailure{ErrorCode::InternalError,
                                      tr("The central system could not store the call; send it again.")};
    }
    for (const Item &item : batch) {
        if (item.owner)
            item.deliver(item.result);
    }
}

} // namespace ChargeDesk::Server::Ocpp
