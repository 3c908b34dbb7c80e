#include "support/gatewayfixture.h"
#include "support/nodepeer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace ChargeDesk;
using namespace ChargeDesk::Core;
using ChargeDesk::Test::runNodePeer;

// Whole sessions through the real gateway, from an independent charge point (ocpp-rpc in
// strict mode), down to the rated amount: the timestamps in the frames decide the
// durations, the meter readings the energy, and the site's settings the price.
//
// Prices: energy 30 per kWh, charge time 120 per hour, park time 60 per hour beyond 600 s.
// Every session below runs the same day: plugged in 08:00 with the meter at 1000 Wh,
// charging 08:02-08:47, suspended by the vehicle to the stop at 09:12 with the meter at
// 13345 Wh. Park 120 + 1500 = 1620 s, charge 2700 s, energy 12345 Wh:
//   energy 30 * 12.345 = 370.35 -> 370; charge 120 * 0.75 h = 90;
//   park 60 * (1620 - 600) s / 3600 = 17; amount 477 EUR minor units.
class TestRatedSessions : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { qInfo("storage backend: %s", qPrintable(Test::backend())); }
    void init();
    void cleanup();

    void ocpp16_fullSession_isClosedAndRatedExactly();
    void ocpp201_fullSession_isClosedAndRatedExactly();
    void ocpp201_authorizedAfterPlugIn_isTheDriversRatedSession();

private:
    qint64 addDriver(const QString &tag);
    QList<QJsonObject> runClient(const QString &identifier, const QString &protocol, const QString &steps);
    // The only session, checked against the numbers above.
    void verifyRatedSession(qint64 customerId);

    std::unique_ptr<Test::GatewayFixture> m_fx;
    Repository *m_repo = nullptr;
};

namespace {

QString at(const char *time)
{
    return QStringLiteral("2026-11-24T%1Z").arg(QLatin1String(time));
}

qint64 ms(const char *time)
{
    return QDateTime::fromString(at(time), Qt::ISODate).toMSecsSinceEpoch();
}

QString status16(const char *status, const char *time)
{
    return QStringLiteral(R"(["StatusNotification", {"connectorId": 1, "errorCode": "NoError", "status": "%1", )"
                          R"("timestamp": "%2"}])")
        .arg(QLatin1String(status), at(time));
}

// A TransactionEvent of transaction TX-R; `extra` adds members to the payload.
QString event201(const char *type, const char *time, int seqNo, const char *trigger, const QString &transactionInfo,
                 const QString &extra = {})
{
    return QStringLiteral(R"(["TransactionEvent", {"eventType": "%1", "timestamp": "%2", "seqNo": %3, )"
                          R"("triggerReason": "%4", "evse": {"id": 1, "connectorId": 1}, )"
                          R"("transactionInfo": {"transactionId": "TX-R"%5}%6}])")
        .arg(QLatin1String(type), at(time))
        .arg(seqNo)
        .arg(QLatin1String(trigger), transactionInfo, extra);
}

QString energy201(const char *time, const QString &value, const char *unit, const char *context)
{
    return QStringLiteral(R"(, "meterValue": [{"timestamp": "%1", "sampledValue": [{"value": %2, "context": "%3", )"
                          R"("measurand": "Energy.Active.Import.Register", "unitOfMeasure": {"unit": "%4"}}]}])")
        .arg(at(time), value, QLatin1String(context), QLatin1String(unit));
}

const QString Token201 = QStringLiteral(R"(, "idToken": {"idToken": "TAG-2", "type": "ISO14443"})");

} // namespace

void TestRatedSessions::init()
{
    m_fx = std::make_unique<Test::GatewayFixture>();
    QVERIFY2(m_fx->isValid(), qPrintable(m_fx->error));
    m_repo = m_fx->repo.get();
    QVERIFY(m_fx->addStation("CP16", "ocpp1.6", "ws"));
    QVERIFY(m_fx->addStation("CP201", "ocpp2.0.1", "ws"));
    const auto settings = m_repo->create(Actor::system(), Tables::RatingSettings,
                                         {{"name", "Standard"},
                                          {"energy_price_minor", 30},
                                          {"charge_time_price_minor", 120},
                                          {"park_time_price_minor", 60},
                                          {"park_time_threshold_s", 600}});
    QVERIFY(settings);
    QVERIFY(m_repo->create(Actor::system(), Tables::SiteSettings,
                           {{"name", "Site"}, {"currency", "EUR"}, {"rating_settings_id", settings.value()}}));
}

void TestRatedSessions::cleanup()
{
    m_fx.reset();
}

qint64 TestRatedSessions::addDriver(const QString &tag)
{
    const qint64 type =
        m_repo->create(Actor::system(), Tables::IdDeviceTypes, {{"code", "CARD"}, {"name", "RFID card"}}).value();
    const qint64 customer = m_repo
                                ->create(Actor::system(), Tables::Customers,
                                         {{"code", "ANA"}, {"name", "Ana"}, {"payment_type", "postpaid"}})
                                .value();
    const auto device = m_repo->create(Actor::system(), Tables::IdDevices,
                                       {{"code", "CARD-1"},
                                        {"name", "Ana's card"},
                                        {"type_id", type},
                                        {"identifier", tag},
                                        {"customer_id", customer}});
    return device ? customer : 0;
}

QList<QJsonObject> TestRatedSessions::runClient(const QString &identifier, const QString &protocol,
                                                const QString &steps)
{
    return runNodePeer("ocpp_client.mjs", {m_fx->url(identifier), protocol, steps});
}

void TestRatedSessions::verifyRatedSession(qint64 customerId)
{
    const auto sessions = m_repo->list(Actor::system(), Tables::Sessions).value();
    QCOMPARE(sessions.size(), 1);
    const Record s = sessions.first();
    QCOMPARE(s.value("status").toString(), QStringLiteral("closed"));
    QCOMPARE(s.value("customer_id").toLongLong(), customerId);
    QCOMPARE(s.value("energy_wh").toLongLong(), 12345);
    QCOMPARE(s.value("charge_s").toLongLong(), 2700);
    QCOMPARE(s.value("park_s").toLongLong(), 1620);
    QCOMPARE(s.value("fault_s").toLongLong(), 0);
    QCOMPARE(s.value("reservation_s").toLongLong(), 0);
    QCOMPARE(s.value("started_at").toLongLong(), ms("08:00:00"));
    QCOMPARE(s.value("ended_at").toLongLong(), ms("09:12:00"));
    QCOMPARE(s.value("stop_reason").toString(), QStringLiteral("EVDisconnected"));
    QCOMPARE(s.value("amount_minor").toLongLong(), 477);

    auto q = m_fx->db->exec(QStringLiteral("SELECT rating_identifier, currency, energy_wh, charge_s, rated_park_s, "
                                           "energy_minor, charge_minor, park_minor, amount_minor "
                                           "FROM session_charges WHERE session_id = ?"),
                            {s.value("id")});
    QVERIFY(q);
    Rows &charge = q.value();
    QVERIFY(charge.next());
    QCOMPARE(charge.value(0).toString(), s.value("rating_identifier").toString());
    QCOMPARE(charge.value(1).toString(), QStringLiteral("EUR"));
    QCOMPARE(charge.value(2).toLongLong(), 12345);
    QCOMPARE(charge.value(3).toLongLong(), 2700);
    QCOMPARE(charge.value(4).toLongLong(), 1020); // park time beyond the threshold
    QCOMPARE(charge.value(5).toLongLong(), 370);
    QCOMPARE(charge.value(6).toLongLong(), 90);
    QCOMPARE(charge.value(7).toLongLong(), 17);
    QCOMPARE(charge.value(8).toLongLong(), 477);
    QVERIFY(!charge.next());
    QCOMPARE(s.value("currency").toString(), QStringLiteral("EUR"));
}

void TestRatedSessions::ocpp16_fullSession_isClosedAndRatedExactly()
{
    const qint64 ana = addDriver("TAG-1");
    QVERIFY(ana);
    const QStringList steps{
        R"(["BootNotification", {"chargePointVendor": "V", "chargePointModel": "M"}])",
        status16("Preparing", "08:00:00"),
        R"(["Authorize", {"idTag": "TAG-1"}])",
        QStringLiteral(R"(["StartTransaction", {"connectorId": 1, "idTag": "TAG-1", "meterStart": 1000, )"
                       R"("timestamp": "%1"}])")
            .arg(at("08:00:00")),
        status16("Charging", "08:02:00"),
        QStringLiteral(R"(["MeterValues", {"connectorId": 1, "transactionId": "$transactionId", "meterValue": )"
                       R"([{"timestamp": "%1", "sampledValue": [{"value": "7.000", "unit": "kWh", )"
                       R"("measurand": "Energy.Active.Import.Register"}]}]}])")
            .arg(at("08:30:00")),
        status16("SuspendedEV", "08:47:00"),
        status16("Finishing", "09:07:00"),
        QStringLiteral(R"(["StopTransaction", {"transactionId": "$transactionId", "idTag": "TAG-1", )"
                       R"("meterStop": 13345, "timestamp": "%1", "reason": "EVDisconnected"}])")
            .arg(at("09:12:00")),
        status16("Available", "09:13:00")};
    const auto lines = runClient("CP16", "ocpp1.6", "[" + steps.join(',') + "]");
    QCOMPARE(lines.size(), steps.size() + 1);
    for (int i = 1; i < lines.size(); ++i)
        QVERIFY2(lines.at(i).value("ok").toBool(), qPrintable(QJsonDocument(lines.at(i)).toJson()));
    const auto tagStatus = [&](int line) {
        return lines.at(line).value("response").toObject().value("idTagInfo").toObject().value("status").toString();
    };
    QCOMPARE(tagStatus(3), QStringLiteral("Accepted")); // Authorize
    QCOMPARE(tagStatus(4), QStringLiteral("Accepted")); // StartTransaction
    QCOMPARE(tagStatus(9), QStringLiteral("Accepted")); // StopTransaction
    verifyRatedSession(ana);
}

void TestRatedSessions::ocpp201_fullSession_isClosedAndRatedExactly()
{
    const qint64 ana = addDriver("TAG-2");
    QVERIFY(ana);
    const QStringList steps{
        R"(["BootNotification", {"reason": "PowerUp", "chargingStation": {"model": "M", "vendorName": "V"}}])",
        R"(["Authorize", {"idToken": {"idToken": "TAG-2", "type": "ISO14443"}}])",
        event201("Started", "08:00:00", 0, "Authorized", R"(, "chargingState": "EVConnected")",
                 Token201 + energy201("08:00:00", "1000", "Wh", "Transaction.Begin")),
        event201("Updated", "08:02:00", 1, "ChargingStateChanged", R"(, "chargingState": "Charging")"),
        event201("Updated", "08:30:00", 2, "MeterValuePeriodic", {},
                 energy201("08:30:00", "7.0", "kWh", "Sample.Periodic")),
        event201("Updated", "08:47:00", 3, "ChargingStateChanged", R"(, "chargingState": "SuspendedEV")"),
        event201("Ended", "09:12:00", 4, "EVCommunicationLost",
                 R"(, "chargingState": "EVConnected", "stoppedReason": "EVDisconnected")",
                 energy201("09:12:00", "13345", "Wh", "Transaction.End")),
        QStringLiteral(R"(["StatusNotification", {"timestamp": "%1", "connectorStatus": "Available", "evseId": 1, )"
                       R"("connectorId": 1}])")
            .arg(at("09:13:00"))};
    const auto lines = runClient("CP201", "ocpp2.0.1", "[" + steps.join(',') + "]");
    QCOMPARE(lines.size(), steps.size() + 1);
    for (int i = 1; i < lines.size(); ++i)
        QVERIFY2(lines.at(i).value("ok").toBool(), qPrintable(QJsonDocument(lines.at(i)).toJson()));
    const auto tokenStatus = [&](int line) {
        return lines.at(line).value("response").toObject().value("idTokenInfo").toObject().value("status").toString();
    };
    QCOMPARE(tokenStatus(2), QStringLiteral("Accepted")); // Authorize
    QCOMPARE(tokenStatus(3), QStringLiteral("Accepted")); // Started
    verifyRatedSession(ana);
    const Record s = m_repo->list(Actor::system(), Tables::Sessions).value().first();
    QCOMPARE(s.value("transaction_id").toString(), QStringLiteral("TX-R"));
}

void TestRatedSessions::ocpp201_authorizedAfterPlugIn_isTheDriversRatedSession()
{
    // 2.0.1's usual order at a public charger: the cable goes in (the transaction starts,
    // nobody known yet), then the driver presents the card (Authorize, then an Updated
    // event with the idToken), then energy flows.
    const qint64 ana = addDriver("TAG-2");
    QVERIFY(ana);
    const QStringList steps{
        R"(["BootNotification", {"reason": "PowerUp", "chargingStation": {"model": "M", "vendorName": "V"}}])",
        event201("Started", "08:00:00", 0, "CablePluggedIn", R"(, "chargingState": "EVConnected")",
                 energy201("08:00:00", "1000", "Wh", "Transaction.Begin")),
        R"(["Authorize", {"idToken": {"idToken": "TAG-2", "type": "ISO14443"}}])",
        event201("Updated", "08:01:00", 1, "Authorized", {}, Token201),
        event201("Updated", "08:02:00", 2, "ChargingStateChanged", R"(, "chargingState": "Charging")"),
        event201("Updated", "08:47:00", 3, "ChargingStateChanged", R"(, "chargingState": "SuspendedEV")"),
        event201("Ended", "09:12:00", 4, "EVCommunicationLost",
                 R"(, "chargingState": "EVConnected", "stoppedReason": "EVDisconnected")",
                 energy201("09:12:00", "13345", "Wh", "Transaction.End"))};
    const auto lines = runClient("CP201", "ocpp2.0.1", "[" + steps.join(',') + "]");
    QCOMPARE(lines.size(), steps.size() + 1);
    for (int i = 1; i < lines.size(); ++i)
        QVERIFY2(lines.at(i).value("ok").toBool(), qPrintable(QJsonDocument(lines.at(i)).toJson()));
    QCOMPARE(lines.at(4).value("response").toObject().value("idTokenInfo").toObject().value("status").toString(),
             QStringLiteral("Accepted"));
    verifyRatedSession(ana);
}

QTEST_GUILESS_MAIN(TestRatedSessions)
#include "tst_ratedsessions.moc"
