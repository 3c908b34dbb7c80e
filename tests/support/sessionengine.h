#pragma once

#include "core/catalog.h"
#include "core/chargingsessions.h"
#include "core/paymentprovider.h"
#include "core/stationservice.h"
#include "support/testdatabase.h"

#include <QObject>

#include <memory>

namespace ChargeDesk::Test {

// A card payment provider that answers on the next turn of the event loop, as a real one
// answers later, and remembers what it was asked. Outcomes are given in order; Approved
// once they run out.
class FakePaymentProvider final : public Core::PaymentProvider
{
public:
    struct Call
    {
        QString kind;
        Core::PaymentRequest request;
    };

    void authorize(const Core::PaymentRequest &request, Done done) override { answer("authorize", request, done); }
    void capture(const Core::PaymentRequest &request, Done done) override { answer("capture", request, done); }
    void charge(const Core::PaymentRequest &request, Done done) override { answer("charge", request, done); }

    QList<Call> calls;
    QList<Core::PaymentOutcome> outcomes;

private:
    void answer(const char *kind, const Core::PaymentRequest &request, const Done &done);
};

Core::PaymentOutcome declined(const QString &detail);
Core::PaymentOutcome unavailable();

// The base of the session engine's test classes: the engine driven the way the OCPP gateway
// drives it (start, readings, connector statuses, stop) on a fake clock, over one database
// for the whole run that is emptied before each test, with the rows the scenarios need.
class SessionEngineFixture : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void cleanup();

protected:
    // 08:00:00 UTC on the day every scenario happens, plus seconds.
    static QDateTime t(qint64 seconds);
    static constexpr qint64 Min = 60;

    // Rows the scenarios need.
    qint64 ratingSettings(const Core::Record &values);
    qint64 site(qint64 ratingSettingsId = 0);
    qint64 customer(const QString &code, const QString &paymentType, qint64 balance = 0,
                    const QString &status = QStringLiteral("active"));
    qint64 device(const QString &identifier, qint64 customerId, const QString &status = QStringLiteral("active"),
                  const QVariant &expiresAt = {});
    // A customer with an RFID card whose identifier is `tag`.
    qint64 driver(const QString &tag, const QString &paymentType = QStringLiteral("postpaid"), qint64 balance = 0);
    qint64 connectorId(int connector = 1);
    qint64 chargerId();
    // A remote start's Ready session, as the session control leaves it for the charger's start.
    static Core::Record readySession(qint64 customerId, qint64 connectorId, const QString &tag);

    // What the gateway does with a charger's reports, at the charger's times (the clock
    // follows them, as a server receiving them live would).
    void status(const QString &name, const QDateTime &at, int connector = 1);
    Core::StartedTransaction start(const QString &tag, const QDateTime &at, qint64 meterStartWh, int connector = 1,
                                   const QString &transactionId = {});
    void meter(const QString &transactionId, qint64 wh, const QDateTime &at, int connector = 1);
    void stop(const QString &transactionId, qint64 meterStopWh, const QDateTime &at,
              const QString &reason = QStringLiteral("EVDisconnected"));

    Core::Record session(qint64 id);
    QList<Core::Record> charges(qint64 sessionId);
    QList<Core::Record> payments(qint64 sessionId);
    // The statuses the session went through, from its events.
    QStringList eventStatuses(qint64 sessionId);
    qint64 balance(qint64 customerId);
    // The usual test site: EUR, energy 30 per kWh, charge 120 per hour, park 60 per hour
    // beyond 600 s.
    qint64 pricedSite(const Core::Record &extra = {});

    std::unique_ptr<Core::FakeClock> m_clock;
    std::unique_ptr<TestDatabase> m_testDb;
    std::shared_ptr<Core::Database> m_db;
    Core::Catalog m_catalog;
    std::unique_ptr<Core::Repository> m_repo;
    std::unique_ptr<Core::StationService> m_stations;
    std::unique_ptr<Core::ChargingSessions> m_sessions;
    qint64 m_areaId = 0;
    qint64 m_stationId = 0;
    qint64 m_deviceType = 0;
};

} // namespace ChargeDesk::Test
