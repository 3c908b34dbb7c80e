#include "support/sessionengine.h"

#include "core/migrator.h"
#include "support/testdata.h"

#include <QTest>
#include <QTimer>

namespace ChargeDesk::Test {

using namespace ChargeDesk::Core;

void FakePaymentProvider::answer(const char *kind, const PaymentRequest &request, const Done &done)
{
    calls << Call{QLatin1String(kind), request};
    PaymentOutcome outcome{PaymentOutcome::Result::Approved, QStringLiteral("ref-%1").arg(calls.size()), {}};
    if (!outcomes.isEmpty())
        outcome = outcomes.takeFirst();
    QTimer::singleShot(0, [done, outcome] { done(outcome); });
}

PaymentOutcome declined(const QString &detail)
{
    return PaymentOutcome{PaymentOutcome::Result::Declined, {}, detail};
}

PaymentOutcome unavailable()
{
    return PaymentOutcome{PaymentOutcome::Result::Unavailable, {}, QStringLiteral("timeout")};
}

QDateTime SessionEngineFixture::t(qint64 seconds)
{
    return QDateTime(QDate(2026, 11, 24), QTime(8, 0), Qt::UTC).addSecs(seconds);
}

void SessionEngineFixture::initTestCase()
{
    qInfo("storage backend: %s", qPrintable(backend()));
    // One database for the whole run, emptied before each test: a new PostgreSQL database
    // per test would cost seconds each.
    m_testDb = std::make_unique<TestDatabase>();
    QVERIFY2(m_testDb->isValid(), qPrintable(m_testDb->error()));
    m_db = m_testDb->open();
    QVERIFY(m_db);
    QVERIFY(Migrator(*m_db).migrate());
}

void SessionEngineFixture::cleanupTestCase()
{
    m_db.reset();
    m_testDb.reset();
}

void SessionEngineFixture::init()
{
    // Children before parents.
    for (const char *table :
         {"session_payments", "session_charges", "meter_values", "session_events", "sessions", "reservations",
          "operator_members", "id_devices", "id_device_types", "customers", "connectors", "chargers", "stations",
          "areas", "operators", "site_settings", "session_rating_settings"})
        QVERIFY2(m_db->run(QStringLiteral("DELETE FROM %1").arg(QLatin1String(table))), table);
    m_clock = std::make_unique<FakeClock>(t(0));
    m_repo = std::make_unique<Repository>(*m_db, m_catalog, *m_clock);
    m_stations = std::make_unique<StationService>(*m_repo, *m_clock);
    m_sessions = std::make_unique<ChargingSessions>(*m_repo, *m_stations, *m_clock);
    m_areaId = createArea(*m_repo, QStringLiteral("GARAGE"));
    QVERIFY(m_areaId > 0);
    m_stationId = createStation(*m_repo, m_areaId, QStringLiteral("CP1"));
    QVERIFY(m_stationId > 0);
    auto type = m_repo->create(Actor::system(), Tables::IdDeviceTypes, {{"code", "CARD"}, {"name", "RFID card"}});
    QVERIFY(type);
    m_deviceType = type.value();
}

void SessionEngineFixture::cleanup()
{
    m_sessions.reset();
    m_stations.reset();
    m_repo.reset();
}

qint64 SessionEngineFixture::ratingSettings(const Record &values)
{
    Record r = values;
    if (!r.contains("name"))
        r.insert("name",
                 QStringLiteral("Settings %1").arg(m_repo->count(Actor::system(), Tables::RatingSettings).value()));
    auto id = m_repo->create(Actor::system(), Tables::RatingSettings, r);
    if (!id)
        qWarning("rating settings: %s", qPrintable(id.error().message()));
    return id ? id.value() : 0;
}

qint64 SessionEngineFixture::site(qint64 ratingSettingsId)
{
    Record r{{"name", "Site"}, {"currency", "EUR"}};
    if (ratingSettingsId)
        r.insert("rating_settings_id", ratingSettingsId);
    auto id = m_repo->create(Actor::system(), Tables::SiteSettings, r);
    if (!id)
        qWarning("site: %s", qPrintable(id.error().message()));
    return id ? id.value() : 0;
}

qint64 SessionEngineFixture::pricedSite(const Record &extra)
{
    Record r{{"energy_price_minor", 30},
             {"charge_time_price_minor", 120},
             {"park_time_price_minor", 60},
             {"park_time_threshold_s", 600}};
    r.insert(extra);
    return site(ratingSettings(r));
}

qint64 SessionEngineFixture::customer(const QString &code, const QString &paymentType, qint64 balanceMinor,
                                      const QString &status)
{
    auto id = m_repo->create(Actor::system(), Tables::Customers,
                             {{"code", code},
                              {"name", code},
                              {"payment_type", paymentType},
                              {"balance_minor", balanceMinor},
                              {"status", status}});
    if (!id)
        qWarning("customer: %s", qPrintable(id.error().message()));
    return id ? id.value() : 0;
}

qint64 SessionEngineFixture::device(const QString &identifier, qint64 customerId, const QString &status,
                                    const QVariant &expiresAt)
{
    Record r{{"code", "CARD-" + identifier},
             {"name", identifier},
             {"type_id", m_deviceType},
             {"identifier", identifier},
             {"status", status}};
    if (customerId)
        r.insert("customer_id", customerId);
    if (expiresAt.isValid())
        r.insert("expires_at", expiresAt);
    auto id = m_repo->create(Actor::system(), Tables::IdDevices, r);
    if (!id)
        qWarning("device: %s", qPrintable(id.error().message()));
    return id ? id.value() : 0;
}

qint64 SessionEngineFixture::driver(const QString &tag, const QString &paymentType, qint64 balanceMinor)
{
    const qint64 c = customer("C-" + tag, paymentType, balanceMinor);
    device(tag, c);
    return c;
}

qint64 SessionEngineFixture::connectorId(int connector)
{
    return m_stations->connectorFor(m_stationId, 1, connector).value();
}

qint64 SessionEngineFixture::chargerId()
{
    return m_repo->get(Actor::system(), Tables::Connectors, connectorId()).value().value("charger_id").toLongLong();
}

void SessionEngineFixture::status(const QString &name, const QDateTime &at, int connector)
{
    m_clock->set(at);
    StatusReport report;
    report.connectorNumber = connector;
    report.status = name;
    report.at = at;
    QVERIFY(m_stations->recordStatus(m_stationId, report));
    QVERIFY(m_sessions->connectorStatus({m_stationId, 1, connector}, name, at));
}

StartedTransaction SessionEngineFixture::start(const QString &tag, const QDateTime &at, qint64 meterStartWh,
                                               int connector, const QString &transactionId)
{
    m_clock->set(at);
    TransactionStart request;
    request.where = {m_stationId, 1, connector};
    request.idToken = tag;
    request.idTokenType = QStringLiteral("IdTag");
    request.transactionId = transactionId;
    request.meterStartWh = meterStartWh;
    request.at = at;
    auto started = m_sessions->start(request);
    if (!started) {
        qWarning("start: %s", qPrintable(started.error().message()));
        return {};
    }
    return started.value();
}

void SessionEngineFixture::meter(const QString &transactionId, qint64 wh, const QDateTime &at, int connector)
{
    m_clock->set(at);
    MeterSample sample;
    sample.at = at;
    sample.unit = QStringLiteral("Wh");
    sample.context = QStringLiteral("Sample.Periodic");
    sample.value = double(wh);
    const Status s = m_sessions->meterValues({m_stationId, 1, connector}, transactionId, {sample});
    QVERIFY2(s, qPrintable(s ? QString() : s.error().message()));
}

void SessionEngineFixture::stop(const QString &transactionId, qint64 meterStopWh, const QDateTime &at,
                                const QString &reason)
{
    m_clock->set(at);
    const Status s = m_sessions->stop(m_stationId, transactionId, meterStopWh, at, reason);
    QVERIFY2(s, qPrintable(s ? QString() : s.error().message()));
}

Record SessionEngineFixture::session(qint64 id)
{
    auto r = m_repo->get(Actor::system(), Tables::Sessions, id);
    return r ? r.value() : Record{};
}

QList<Record> SessionEngineFixture::charges(qint64 sessionId)
{
    QList<Record> out;
    auto q =
        m_db->exec(QStringLiteral("SELECT rating_identifier, customer_id, currency, energy_wh, charge_s, rated_park_s, "
                                  "reservation_s, energy_minor, charge_minor, park_minor, reservation_minor, "
                                  "amount_minor, home_roaming FROM session_charges WHERE session_id = ? "
                                  "ORDER BY id"),
                   {sessionId});
    if (!q)
        return out;
    static const QStringList names{"rating_identifier", "customer_id",   "currency",     "energy_wh",    "charge_s",
                                   "rated_park_s",      "reservation_s", "energy_minor", "charge_minor", "park_minor",
                                   "reservation_minor", "amount_minor",  "home_roaming"};
    for (Rows &row = q.value(); row.next();) {
        Record r;
        for (int i = 0; i < names.size(); ++i)
            r.insert(names.at(i), row.value(i));
        out << r;
    }
    return out;
}

QList<Record> SessionEngineFixture::payments(qint64 sessionId)
{
    QList<Record> out;
    auto q = m_db->exec(QStringLiteral("SELECT kind, amount_minor, captured_minor, status, provider_reference, detail "
                                       "FROM session_payments WHERE session_id = ? ORDER BY id"),
                        {sessionId});
    if (!q)
        return out;
    for (Rows &row = q.value(); row.next();)
        out << Record{{"kind", row.value(0)},   {"amount_minor", row.value(1)},       {"captured_minor", row.value(2)},
                      {"status", row.value(3)}, {"provider_reference", row.value(4)}, {"detail", row.value(5)}};
    return out;
}

QStringList SessionEngineFixture::eventStatuses(qint64 sessionId)
{
    ListQuery q;
    q.filters << ListQuery::Filter{"session_id", ListQuery::Filter::Op::Equals, sessionId};
    // Only the session's own statuses: other history (connector statuses) may sit among them.
    static const QStringList lifecycle{"ready",   "refused", "reserved",      "in_progress",   "limit_reached",
                                       "closing", "closed",  "rating_failed", "billing_failed"};
    const auto events = m_repo->list(Actor::system(), Tables::SessionEvents, q);
    QStringList out;
    for (const Record &e : events.value()) {
        if (lifecycle.contains(e.value("status").toString()))
            out << e.value("status").toString();
    }
    return out;
}

qint64 SessionEngineFixture::balance(qint64 customerId)
{
    return m_repo->get(Actor::system(), Tables::Customers, customerId).value().value("balance_minor").toLongLong();
}

Record SessionEngineFixture::readySession(qint64 customerId, qint64 connectorId, const QString &tag)
{
    return {{"code", "READY-" + tag},    {"status", "ready"},           {"authorization_mode", "customer"},
            {"customer_id", customerId}, {"connector_id", connectorId}, {"id_token", tag},
            {"id_token_type", "IdTag"}};
}

} // namespace ChargeDesk::Test
