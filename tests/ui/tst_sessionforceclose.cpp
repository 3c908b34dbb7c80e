#include "core/catalog.h"
#include "core/sessioncontrol.h"
#include "server/gateway.h"
#include "support/formdriver.h"
#include "support/gatewayfixture.h"
#include "support/stationpeer.h"
#include "ui/sessions/sessionview.h"

#include <QDeadlineTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QTest>

using namespace ChargeDesk;
using namespace ChargeDesk::Core;
using namespace ChargeDesk::Ui;

// Force close from the session window while an independent charge point (ocpp-rpc) charges:
// the charger gets the stop of its OCPP version for its own transaction, and the session
// closes even when the charger ignores the stop.
class TestSessionForceClose : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void chargerRefusesStop_sessionClosesAtOnce_data();
    void chargerRefusesStop_sessionClosesAtOnce();
    void chargerAcceptsButNeverStops_closedAfterVerification();

private:
    // A driver's card starts a session on the peer's connector 1; its id, 0 on failure.
    qint64 startCharging(const QString &protocol, const QJsonObject &status);
    QString sessionStatus(qint64 id) const;
    void clickForceClose(SessionView &view);

    std::unique_ptr<FakeClock> m_clock;
    std::unique_ptr<Test::GatewayFixture> m_fx;
    std::unique_ptr<SessionControl> m_control;
    std::unique_ptr<Test::StationPeer> m_peer;
};

void TestSessionForceClose::init()
{
    // The peer stamps its messages with the real time; ChargeDesk's time starts there and
    // moves only when the test moves it.
    m_clock = std::make_unique<FakeClock>(QDateTime::currentDateTimeUtc());
    m_fx = std::make_unique<Test::GatewayFixture>(*m_clock);
    QVERIFY2(m_fx->isValid(), qPrintable(m_fx->error));
    m_control = std::make_unique<SessionControl>(*m_fx->repo, *m_fx->sessions, *m_fx->gateway, m_fx->clock);
    const Actor system = Actor::system();
    const qint64 settings =
        m_fx->repo->create(system, Tables::RatingSettings, {{"name", "Standard"}, {"energy_price_minor", 30}}).value();
    QVERIFY(m_fx->repo->create(system, Tables::SiteSettings,
                               {{"name", "Site"},
                                {"currency", "EUR"},
                                {"rating_settings_id", settings},
                                {"session_closed_verification_s", 120}}));
    const qint64 customer =
        m_fx->repo->create(system, Tables::Customers, {{"code", "ANA"}, {"name", "Ana"}, {"payment_type", "postpaid"}})
            .value();
    const qint64 type = m_fx->repo->create(system, Tables::IdDeviceTypes, {{"code", "CARD"}, {"name", "RFID"}}).value();
    QVERIFY(m_fx->repo->create(
        system, Tables::IdDevices,
        {{"code", "CARD"}, {"name", "Card"}, {"type_id", type}, {"identifier", "CARD-7"}, {"customer_id", customer}}));
}

void TestSessionForceClose::cleanup()
{
    m_peer.reset();
    m_control.reset();
    m_fx.reset();
    m_clock.reset();
}

qint64 TestSessionForceClose::startCharging(const QString &protocol, const QJsonObject &status)
{
    if (!m_fx->addStation("DEPOT", protocol, "ws"))
        return 0;
    const qint64 station =
        m_fx->repo->getByCode(Actor::system(), Tables::Stations, "DEPOT").value().value("id").toLongLong();
    m_peer = Test::StationPeer::start(
        *m_fx->gateway, station, m_fx->url("DEPOT"), protocol,
        QJsonObject{{"start", QJsonArray{QJsonObject{{"connector", 1}, {"idTag", "CARD-7"}}}}, {"status", status}});
    if (!m_peer)
        return 0;
    const auto found = [this] {
        const auto rows = m_fx->repo->list(Actor::system(), Tables::Sessions);
        return rows && !rows.value().isEmpty() ? rows.value().first().value("id").toLongLong() : 0;
    };
    QDeadlineTimer deadline(10000);
    while (!found() && !deadline.hasExpired())
        QTest::qWait(50);
    return found();
}

QString TestSessionForceClose::sessionStatus(qint64 id) const
{
    return m_fx->repo->get(Actor::system(), Tables::Sessions, id).value().value("status").toString();
}

void TestSessionForceClose::clickForceClose(SessionView &view)
{
    auto *button = view.findChild<QPushButton *>("forceCloseButton");
    QVERIFY(button);
    QTRY_VERIFY(button->isVisible());
    auto confirmed = std::make_shared<bool>(false);
    Test::onModal(
        &view, {},
        [](QWidget *box) {
            auto *question = qobject_cast<QMessageBox *>(box);
            QVERIFY(question);
            question->button(QMessageBox::Yes)->click();
        },
        confirmed);
    QTest::mouseClick(button, Qt::LeftButton);
    QVERIFY(*confirmed);
}

void TestSessionForceClose::chargerRefusesStop_sessionClosesAtOnce_data()
{
    QTest::addColumn<QString>("protocol");
    QTest::newRow("1.6") << QStringLiteral("ocpp1.6");
    QTest::newRow("2.0.1") << QStringLiteral("ocpp2.0.1");
}

void TestSessionForceClose::chargerRefusesStop_sessionClosesAtOnce()
{
    QFETCH(QString, protocol);
    const bool v16 = protocol == QLatin1String("ocpp1.6");
    const QString stop = v16 ? QStringLiteral("RemoteStopTransaction") : QStringLiteral("RequestStopTransaction");
    const qint64 session = startCharging(protocol, QJsonObject{{stop, "Rejected"}});
    QVERIFY(session);
    QCOMPARE(sessionStatus(session), QStringLiteral("in_progress"));
    const QString transaction =
        m_fx->repo->get(Actor::system(), Tables::Sessions, session).value().value("transaction_id").toString();
    QVERIFY(!transaction.isEmpty());

    SessionView view(*m_fx->repo, Actor::system(), session, {&m_fx->sessions->settlement(), m_control.get()});
    view.resize(1000, 700);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    clickForceClose(view);

    // The charger is asked to stop its own transaction, and says no.
    const QJsonObject call = m_peer->nextCall(stop);
    if (v16)
        QCOMPARE(call, (QJsonObject{{"transactionId", transaction.toInt()}}));
    else
        QCOMPARE(call, (QJsonObject{{"transactionId", transaction}}));
    QTRY_COMPARE_WITH_TIMEOUT(sessionStatus(session), QStringLiteral("closed"), 10000);
    auto *outcome = view.findChild<QLabel *>("actionOutcome");
    QTRY_COMPARE(outcome->text(), QStringLiteral("Closed: Force closed (charger: Rejected)."));
    QTRY_COMPARE(view.findChild<QLabel *>("sessionStatus")->text().trimmed(), QStringLiteral("Closed"));
    QVERIFY(!view.findChild<QPushButton *>("forceCloseButton")->isVisible());
}

void TestSessionForceClose::chargerAcceptsButNeverStops_closedAfterVerification()
{
    // The peer accepts the stop but, without its `charge` option, never reports one.
    const qint64 session = startCharging(QStringLiteral("ocpp1.6"), {});
    QVERIFY(session);
    SessionView view(*m_fx->repo, Actor::system(), session, {&m_fx->sessions->settlement(), m_control.get()});
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    clickForceClose(view);
    QVERIFY(!m_peer->nextCall("RemoteStopTransaction").isEmpty());
    auto *outcome = view.findChild<QLabel *>("actionOutcome");
    QTRY_VERIFY(outcome->text().startsWith("The charger accepted the stop."));
    QCOMPARE(sessionStatus(session), QStringLiteral("closing"));

    // The closed-session verification time (120 s) passes without the charger's stop: the idle
    // job closes the session, and the open window follows.
    m_clock->advance(119);
    QCOMPARE(m_control->runIdleJob(), 0);
    QCOMPARE(sessionStatus(session), QStringLiteral("closing"));
    m_clock->advance(1);
    QCOMPARE(m_control->runIdleJob(), 1);
    QCOMPARE(sessionStatus(session), QStringLiteral("closed"));
    QTRY_COMPARE(view.findChild<QLabel *>("sessionStatus")->text().trimmed(), QStringLiteral("Closed"));
}

QTEST_MAIN(TestSessionForceClose)
#include "tst_sessionforceclose.moc"
