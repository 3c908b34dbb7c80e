#pragma once

#include "core/clock.h"
#include "core/database.h"

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

    static constexpr int batchSize = 500;
    static constexpr int intervalMs = 200;

signals:
    void written(qsizetype count);

private:
    Database &m_db;
    const Clock &m_clock;
    QList<LoggedMessage> m_pending;
    QTimer m_timer;
};

} // namespace ChargeDesk::Core
