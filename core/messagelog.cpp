#include "core/messagelog.h"

namespace ChargeDesk::Core {

MessageLog::MessageLog(Database &db, const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_db(db)
    , m_clock(clock)
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(intervalMs);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        if (Status s = flush(); !s)
            qWarning("OCPP message log: %s", qPrintable(s.error().message()));
    });
    m_purgeTimer.setInterval(std::chrono::hours(1));
    connect(&m_purgeTimer, &QTimer::timeout, this, [this] {
        if (auto purged = purge(); !purged)
            qWarning("OCPP message log purge: %s", qPrintable(purged.error().message()));
    });
}

MessageLog::~MessageLog()
{
    flush();
}

namespace {

// PostgreSQL refuses a NUL character in text, and one refused row would cost its whole batch:
// a station could then erase other stations' frames from the log by sending "\u0000".
QString withoutNul(const QString &text)
{
    return text.contains(QChar(0)) ? QString(text).replace(QChar(0), QStringLiteral("\\u0000")) : text;
}

} // namespace

void MessageLog::append(LoggedMessage message)
{
    if (message.atMs == 0)
        message.atMs = m_clock.nowMs();
    if (message.payload.contains('\0'))
        message.payload.replace('\0', "\\u0000");
    message.messageId = withoutNul(message.messageId);
    message.action = withoutNul(message.action);
    message.errorCode = withoutNul(message.errorCode);
    message.errorDescription = withoutNul(message.errorDescription);
    m_pending.append(std::move(message));
    if (m_pending.size() >= batchSize)
        flush();
    else if (!m_timer.isActive())
        m_timer.start();
}

Status MessageLog::flush()
{
    m_timer.stop();
    if (m_pending.isEmpty())
        return Ok{};
    const QList<LoggedMessage> batch = std::exchange(m_pending, {});
    const auto nullableId = [](qint64 id) {
        return id > 0 ? QVariant(id) : QVariant(QMetaType::fromType<qlonglong>());
    };
    const auto nullableText = [](const QString &s) {
        return s.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(s);
    };
    Status s = m_db.transaction([&]() -> Status {
        for (const LoggedMessage &m : batch) {
            auto q = m_db.exec(
                QStringLiteral("INSERT INTO ocpp_messages (station_id, session_id, at, direction, message_type, "
                               "message_id, action, "
                               "payload, error_code, error_description) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                {m.stationId, nullableId(m.sessionId), m.atMs,
                 m.incoming ? QStringLiteral("in") : QStringLiteral("out"), m.messageType, nullableText(m.messageId),
                 nullableText(m.action), QString::fromUtf8(m.payload), nullableText(m.errorCode),
                 nullableText(m.errorDescription)});
            if (!q)
                return q.error();
        }
        return Ok{};
    });
    if (s)
        emit written(batch.size());
    return s;
}

void MessageLog::setRetentionDays(int days)
{
    m_retentionDays = qMax(0, days);
    if (m_retentionDays == 0) {
        m_purgeTimer.stop();
        return;
    }
    m_purgeTimer.start();
    if (auto purged = purge(); !purged)
        qWarning("OCPP message log purge: %s", qPrintable(purged.error().message()));
}

Result<qint64> MessageLog::purge()
{
    if (m_retentionDays == 0)
        return qint64(0);
    const qint64 cutoff = m_clock.nowMs() - qint64(m_retentionDays) * 24 * 3600 * 1000;
    // Ids grow with time, so the oldest frames are the lowest ids: deleting them in small
    // slices walks the primary key, needs no index on time, and never holds the write lock
    // long enough to delay the frames being logged meanwhile.
    constexpr int slice = 2000;
    qint64 total = 0;
    for (;;) {
        auto q = m_db.exec(QStringLiteral("DELETE FROM ocpp_messages WHERE id IN "
                                          "(SELECT id FROM ocpp_messages ORDER BY id LIMIT ?) AND at < ?"),
                           {slice, cutoff});
        if (!q)
            return q.error();
        const int deleted = q.value().numRowsAffected();
        total += deleted;
        if (deleted < slice)
            return total;
    }
}

std::optional<Record> MessageLog::pairOf(Repository &repository, const Actor &actor, const Record &frame)
{
    using Filter = ListQuery::Filter;
    const QString messageId = frame.value(QStringLiteral("message_id")).toString();
    if (messageId.isEmpty())
        return std::nullopt;
    const bool incoming = frame.value(QStringLiteral("direction")).toString() == QLatin1String("in");
    const qint64 atMs = frame.value(QStringLiteral("at")).toLongLong();
    ListQuery q;
    q.filters << Filter{QStringLiteral("station_id"), Filter::Op::Equals, frame.value(QStringLiteral("station_id"))}
              << Filter{QStringLiteral("message_id"), Filter::Op::Equals, messageId}
              << Filter{QStringLiteral("direction"), Filter::Op::Equals,
                        incoming ? QStringLiteral("out") : QStringLiteral("in")};
    q.orderBy = QStringLiteral("at");
    q.limit = 1;
    if (frame.value(QStringLiteral("message_type")).toInt() == 2) {
        q.anyOf << QList<Filter>{{QStringLiteral("message_type"), Filter::Op::Equals, 3},
                                 {QStringLiteral("message_type"), Filter::Op::Equals, 4}};
        q.filters << Filter{QStringLiteral("at"), Filter::Op::AtLeast, atMs};
    } else {
        q.filters << Filter{QStringLiteral("message_type"), Filter::Op::Equals, 2}
                  << Filter{QStringLiteral("at"), Filter::Op::Below, atMs + 1};
        q.descending = true;
    }
    const auto rows = repository.list(actor, Tables::OcppMessages, q);
    if (!rows || rows.value().isEmpty())
        return std::nullopt;
    return rows.value().first();
}

} // namespace ChargeDesk::Core
