#include "core/chargepointgateway.h"
#include "server/simulator/virtualstation.h"
#include "support/gatewayfixture.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QTest>

using namespace ChargeDesk;
using namespace ChargeDesk::Core;
using namespace ChargeDesk::Server::Simulator;

// What the central system asks of a virtual station, through ChargeDesk's gateway, answered
// as a real charger answers: availability scheduled while charging, the local list and its
// version, the cache, reservations, unlock, profiles, triggers, data transfer.
class TestSimulatorCommands : public QObject
{
    Q_OBJECT

private slots:
    void operations_answeredLikeACharger_data();
    void operations_answeredLikeACharger();

private:
    CommandResult send(Test::GatewayFixture &fx, qint64 stationId, Command::Kind kind, const QVariantMap &args);
};

CommandResult TestSimulatorCommands::send(Test::GatewayFixture &fx, qint64 stationId, Command::Kind kind,
                                          const QVariantMap &args)
{
    std::optional<CommandResult> result;
    fx.gateway->send(stationId, Command{kind, args}, [&](const CommandResult &r) { result = r; });
    QElapsedTimer timer;
    timer.start();
    while (!result && timer.elapsed() < 10000)
        QTest::qWait(10);
    return result.value_or(CommandResult{CommandResult::Outcome::TimedOut, {}, {}, QStringLiteral("no answer")});
}

void TestSimulatorCommands::operations_answeredLikeACharger_data()
{
    QTest::addColumn<QString>("protocol");
    QTest::newRow("1.6") << "ocpp1.6";
    QTest::newRow("2.0.1") << "ocpp2.0.1";
}

void TestSimulatorCommands::operations_answeredLikeACharger()
{
    QFETCH(QString, protocol);
    const bool v16 = protocol == "ocpp1.6";
    Test::GatewayFixture fx;
    QVERIFY2(fx.isValid(), qPrintable(fx.error));
    QVERIFY(fx.addStation("SIM", protocol, "ws"));
    const qint64 stationId =
        fx.repo->getByCode(Actor::system(), Tables::Stations, "SIM").value().value("id").toLongLong();
    const qint64 type =
        fx.repo->create(Actor::system(), Tables::IdDeviceTypes, {{"code", "CARD"}, {"name", "RFID"}}).value();
    const qint64 driver = fx.repo
                              ->create(Actor::system(), Tables::Customers,
                                       {{"code", "ANA"}, {"name", "Ana"}, {"payment_type", "postpaid"}})
                              .value();
    QVERIFY(fx.repo->create(
        Actor::system(), Tables::IdDevices,
        {{"code", "C1"}, {"name", "Card"}, {"type_id", type}, {"identifier", "TAG-1"}, {"customer_id", driver}}));

    ConnectionOptions options;
    options.url = QUrl(fx.url("SIM"));
    options.version = *Server::Ocpp::versionFromSubprotocol(protocol);
    StationSpec spec;
    spec.id = "SIM";
    spec.connectors = {ConnectorSpec{}, ConnectorSpec{}};
    SystemClock clock;
    VirtualStation sim(spec, options, clock);
    sim.start();
    QTRY_VERIFY_WITH_TIMEOUT(sim.isOnline(), 10000);
    QVERIFY(sim.plugIn(1, Vehicle{}));
    sim.presentIdTag(1, "TAG-1");
    QTRY_VERIFY_WITH_TIMEOUT(sim.station().connector(1).transaction, 10000);

    // Where: 1.6 numbers connectors of its one charger, 2.0.1 has an EVSE per connector here.
    const auto at = [v16](int n) {
        return QVariantMap{{"evse", v16 ? 1 : n}, {"connector", v16 ? n : 1}};
    };
    using Kind = Command::Kind;
    QVariantMap args = at(1);
    args.insert("operative", false);
    CommandResult r = send(fx, stationId, Kind::ChangeAvailability, args);
    QCOMPARE(r.status, QString("Scheduled")); // not while it charges
    QVERIFY(sim.station().connector(1).inoperativeScheduled);

    r = send(fx, stationId, Kind::SendLocalList,
             {{"version", 5},
              {"full", true},
              {"entries", QVariantList{QVariantMap{{"idToken", "LOCAL-1"}, {"status", "accepted"}}}}});
    QCOMPARE(r.status, QString("Accepted"));
    r = send(fx, stationId, Kind::GetLocalListVersion, {});
    QCOMPARE(r.response.value(v16 ? "listVersion" : "versionNumber").toInt(), 5);
    QCOMPARE(send(fx, stationId, Kind::ClearCache, {}).status, QString("Accepted"));

    args = at(2);
    args.insert("reservationId", 7);
    args.insert("idToken", "TAG-2");
    args.insert("expiresAt", QDateTime::currentDateTimeUtc().addSecs(900).toMSecsSinceEpoch());
    QCOMPARE(send(fx, stationId, Kind::ReserveNow, args).status, QString("Accepted"));
    QCOMPARE(sim.station().status(2), ConnectorStatus::Reserved);
    QCOMPARE(send(fx, stationId, Kind::CancelReservation, {{"reservationId", 7}}).status, QString("Accepted"));
    QCOMPARE(sim.station().status(2), ConnectorStatus::Available);

    QCOMPARE(send(fx, stationId, Kind::UnlockConnector, at(2)).status, QString("Unlocked"));

    args = at(2);
    args.insert("id", 5);
    args.insert("stackLevel", 1);
    args.insert("purpose", "session_default");
    args.insert("unit", "W");
    args.insert("periods", QVariantList{QVariantMap{{"start", 0}, {"limit", 7000}}});
    QCOMPARE(send(fx, stationId, Kind::SetChargingProfile, args).status, QString("Accepted"));
    QCOMPARE(send(fx, stationId, Kind::ClearChargingProfile, {{"id", 5}}).status, QString("Accepted"));
    QCOMPARE(send(fx, stationId, Kind::ClearChargingProfile, {{"id", 5}}).status, QString("Unknown"));

    args = at(1);
    args.insert("message", "heartbeat");
    QCOMPARE(send(fx, stationId, Kind::TriggerMessage, args).status, QString("Accepted"));
    args = at(1);
    args.insert("duration", 3600);
    QCOMPARE(send(fx, stationId, Kind::GetCompositeSchedule, args).status, QString("Accepted"));
    // A triggered transfer status says what is under way, not Idle.
    QList<QJsonObject> statuses;
    connect(&sim, &VirtualStation::happened, this, [&](const QJsonObject &e) {
        if (e.value("event") == "sent" && e.value("action").toString().endsWith("StatusNotification") &&
            e.value("action") != "StatusNotification")
            statuses << e.value("payload").toObject();
    });
    sim.station().firmwareTransfer() = Station::Transfer{"Downloading", 9};
    sim.station().logTransfer() = Station::Transfer{"Uploading", 4};
    QCOMPARE(send(fx, stationId, Kind::TriggerMessage, {{"message", "firmware"}}).status, QString("Accepted"));
    QCOMPARE(send(fx, stationId, Kind::TriggerMessage, {{"message", "diagnostics"}}).status, QString("Accepted"));
    QTRY_COMPARE(statuses.size(), 2);
    QCOMPARE(statuses.at(0).value("status").toString(), QString("Downloading"));
    QCOMPARE(statuses.at(1).value("status").toString(), QString("Uploading"));
    if (!v16)
        QCOMPARE(statuses.at(0).value("requestId").toInt(), 9);
    sim.station().firmwareTransfer() = {};
    QCOMPARE(send(fx, stationId, Kind::TriggerMessage, {{"message", "firmware"}}).status, QString("Accepted"));
    QTRY_COMPARE(statuses.size(), 3);
    QCOMPARE(statuses.at(2).value("status").toString(), QString("Idle"));

    r = send(fx, stationId, Kind::DataTransfer, {{"vendorId", "com.example"}, {"messageId", "Hello"}});
    QCOMPARE(r.outcome, CommandResult::Outcome::Answered);
    QCOMPARE(r.status, QString("UnknownVendorId"));

    // Disconnect: the gateway closes the WebSocket, the station comes back by itself and its
    // transaction goes on.
    const auto disconnectedAt = [&fx, stationId] {
        return fx.repo->get(Actor::system(), Tables::Stations, stationId).value().value("last_disconnected_at");
    };
    QVERIFY(disconnectedAt().isNull());
    QCOMPARE(send(fx, stationId, Kind::Disconnect, {}).status, QString("Closed"));
    QTRY_VERIFY_WITH_TIMEOUT(!disconnectedAt().isNull(), 5000);
    QTRY_VERIFY_WITH_TIMEOUT(fx.gateway->isConnected(stationId) && sim.isOnline(), 10000);
    QVERIFY(sim.station().connector(1).transaction);
    sim.stop();
}

QTEST_GUILESS_MAIN(TestSimulatorCommands)
#include "tst_simulatorcommands.moc"
