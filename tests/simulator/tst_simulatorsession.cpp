#include "core/chargepointgateway.h"
#include "server/ocpp/schemavalidator.h"
#include "server/simulator/virtualstation.h"
#include "support/gatewayfixture.h"

#include <QJsonDocument>
#include <QTest>

using namespace ChargeDesk;
using namespace ChargeDesk::Core;
using namespace ChargeDesk::Server::Simulator;
using ChargeDesk::Server::Ocpp::Version;

// A whole charging session of the simulator against ChargeDesk's own gateway, in process:
// the session engine must see the start, meter values with rising energy and the stop, and
// every frame the station sent or answered must be valid against the official schemas.
class TestSimulatorSession : public QObject
{
    Q_OBJECT

private slots:
    void fullSession_data();
    void fullSession();

private:
    void addDriver(Repository &repo, const QString &tag);
};

void TestSimulatorSession::addDriver(Repository &repo, const QString &tag)
{
    const Actor system = Actor::system();
    const qint64 type = repo.create(system, Tables::IdDeviceTypes, {{"code", "CARD"}, {"name", "RFID card"}}).value();
    const qint64 customer =
        repo.create(system, Tables::Customers, {{"code", "ANA"}, {"name", "Ana"}, {"payment_type", "postpaid"}})
            .value();
    QVERIFY(repo.create(system, Tables::IdDevices,
                        {{"code", "CARD-1"},
                         {"name", "Ana's card"},
                         {"type_id", type},
                         {"identifier", tag},
                         {"customer_id", customer}})
                .ok());
}

void TestSimulatorSession::fullSession_data()
{
    QTest::addColumn<QString>("protocol");
    QTest::newRow("1.6") << "ocpp1.6";
    QTest::newRow("2.0.1") << "ocpp2.0.1";
}

void TestSimulatorSession::fullSession()
{
    QFETCH(QString, protocol);
    // One clock for the station and ChargeDesk, moved by the test: a minute of charging takes
    // no time, and the station samples its meter when ChargeDesk asks (TriggerMessage).
    FakeClock clock(QDateTime(QDate(2024, 3, 1), QTime(9, 0), Qt::UTC));
    Test::GatewayFixture fx(clock);
    QVERIFY2(fx.isValid(), qPrintable(fx.error));
    QVERIFY(fx.addStation("SIM", protocol, "ws"));
    addDriver(*fx.repo, "TAG-1");

    ConnectionOptions options;
    options.url = QUrl(fx.url("SIM"));
    options.version = *Server::Ocpp::versionFromSubprotocol(protocol);
    StationSpec spec;
    spec.id = "SIM";
    spec.connectors = {ConnectorSpec{"cType2", CurrentType::AC3, 22000}};
    VirtualStation sim(spec, options, clock);

    Server::Ocpp::SchemaValidator validator;
    QStringList invalid, sent;
    int metered = 0; // meter values ChargeDesk answered, in either version's message
    connect(&sim, &VirtualStation::happened, this, [&](const QJsonObject &e) {
        const QString name = e.value("event").toString();
        if (name == "answered" && (e.value("action") == "MeterValues" || e.value("action") == "TransactionEvent"))
            ++metered;
        if (name != "sent" && name != "replied")
            return;
        const QString action = e.value("action").toString();
        if (name == "sent")
            sent << action;
        const auto violation =
            validator.validate(options.version, action, name == "sent", e.value("payload").toObject());
        if (violation)
            invalid << action + ": " + violation->description;
    });
    sim.start();
    QTRY_VERIFY_WITH_TIMEOUT(sim.isOnline(), 10000);
    // A fast car, so that a second of charging shows as energy.
    QVERIFY(sim.plugIn(1, Vehicle{100000, 20000, 22000}));
    sim.presentIdTag(1, "TAG-1");
    QTRY_VERIFY_WITH_TIMEOUT(sim.station().connector(1).transaction, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(fx.repo->list(Actor::system(), Tables::Sessions).value().size(), 1, 10000);
    const qint64 station =
        fx.repo->getByCode(Actor::system(), Tables::Stations, "SIM").value().value("id").toLongLong();
    QTRY_COMPARE(sim.queuedCalls(), 0);
    for (int minute = 1; minute <= 4; ++minute) {
        clock.advance(60);
        const int before = metered;
        fx.gateway->send(station, Command{Command::Kind::TriggerMessage, {{"message", "meter"}, {"connector", 1}}},
                         [](const CommandResult &) {});
        QTRY_VERIFY_WITH_TIMEOUT(metered > before, 10000);
    }
    clock.advance(60);
    sim.unplug(1);
    QTRY_VERIFY_WITH_TIMEOUT(
        fx.repo->list(Actor::system(), Tables::Sessions).value().first().value("status").toString() == "closed", 10000);
    QTRY_COMPARE_WITH_TIMEOUT(sim.queuedCalls(), 0, 5000);
    QVERIFY2(invalid.isEmpty(), qPrintable(invalid.join('\n')));

    const Record session = fx.repo->list(Actor::system(), Tables::Sessions).value().first();
    QVERIFY2(session.value("energy_wh").toLongLong() > 0, qPrintable(session.value("energy_wh").toString()));
    ListQuery q;
    q.filters << ListQuery::Filter{"session_id", ListQuery::Filter::Op::Equals, session.value("id")};
    const auto values = fx.repo->list(Actor::system(), Tables::MeterValues, q).value();
    QList<double> energy;
    for (const Record &v : values)
        if (v.value("measurand").toString().isEmpty() ||
            v.value("measurand").toString() == "Energy.Active.Import.Register")
            energy << v.value("value").toDouble();
    QVERIFY2(energy.size() >= 4, qPrintable(QString::number(energy.size())));
    QVERIFY(std::is_sorted(energy.begin(), energy.end()));
    QVERIFY(energy.last() > energy.first());
    for (const Record &v : values)
        QVERIFY(v.value("valid").toBool());
    sim.stop();
}

QTEST_GUILESS_MAIN(TestSimulatorSession)
#include "tst_simulatorsession.moc"
