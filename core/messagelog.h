#pragma once

#include "core/clock.h"
#include "core/database.h"
#include "core/repository.h"

#include <QList>
#include <QObject>
#include <QTimer>

namespace ChargeDesk::Core {

// One OCPP frame as it crossed the wire.
struct LoggedMessage
{
    qint64 stationId = 0;
    qint64 sessionId = 0;
    qint64 atMs = 0;
    bool incoming = true;
    int messageType = 2;
    QString messageId;
    QString action;
    QByteArray payload;
    QString errorCode;
    QString errorDescription;
};

// The OCPP message log. Frames are collected and written in one transaction every
// `interval` or every `batchSize` frames, so that logging never costs a write per frame.
// Frames older than the retention period are purged once an hour.
class MessageLog final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MessageLog)

public:
    MessageLog(Database &db, const Clock &clock, QObject *parent = nullptr);
    ~MessageLog() override;

    void append(LoggedMessage message);
    Status flush();
    qsizetype pending() const { return m_pending.size(); }

    // Days a frame is kept; 0 keeps everything. Purges at once, then hourly.
    void setRetentionDays(int days);
    int retentionDays() const { return m_retentionDays; }
    // Deletes the frames older than the retention period; returns how many went.
    Result<qint64> purge();

    // The other half of a logged frame, as `actor` may see it: a call's answer (the first
    // CALLRESULT or CALLERROR with its message id after it, in the other direction), or an
    // answer's call (the last call before it). Message ids come round again on a later
    // connection, hence the order in time. Nothing for a frame without a message id.
    static std::optional<Record> pairOf(Repository &repository, const Actor &actor, const Record &frame);

    static constexpr int batchSize = 500;
    static constexpr int intervalMs = 200;
    static constexpr int defaultRetentionDays = 90;

signals:
    void written(qsizetype count);

private:
    Database &m_db;
    const Clock &m_clock;
    QList<LoggedMessage> m_pending;
    QTimer m_timer;
    QTimer m_purgeTimer;
    int m_retentionDays = 0;
};

} // namespace ChargeDesk::Core
