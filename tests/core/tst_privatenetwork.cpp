#include "core/privatenetwork.h"
#include "core/sessionpolicy.h"
#include "support/repositoryfixture.h"
#include "support/testdata.h"

#include <QTest>

using namespace ChargeDesk::Core;
using ChargeDesk::Test::RepositoryFixture;

// An operator's private network as its operator users manage it: they find customers who are
// not yet members by name, code or email, see only their cards and add them; they cannot read
// customers otherwise, nor touch another operator's network. Also the operator's own session
// fields: validated, the security key never read back, the limits applied to its chargers.
class TestPrivateNetwork : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void memberCandidates_operatorUser_seesOnlyNonMembersCards();
    void memberCandidates_matchesNameCodeOrEmail_data();
    void memberCandidates_matchesNameCodeOrEmail();
    void memberCandidates_shortSearch_isRefused_data();
    void memberCandidates_shortSearch_isRefused();
    void memberCandidates_wildcards_matchThemselves();
    void memberCandidates_powerUser_searchesAnyOperator();
    void memberCandidates_otherOperatorsUser_isForbidden();
    void addNetworkMember_operatorUser_addsAndListsTheCard();
    void addNetworkMember_otherOperatorsUser_isRefused();
    void operatorFields_badInput_namesTheField_data();
    void operatorFields_badInput_namesTheField();
    void securityKey_isStoredButNeverReturned();
    void chargerPolicy_operatorMonetaryLimit_capsTheRatingSettings();
    void chargerPolicy_operatorEnergyStep_fillsInAMissingStep();

private:
    qint64 mustCreate(const QString &table, const Record &values, const Actor &actor = Actor::system());
    qint64 customer(const QString &code, const QString &name, const QString &email);
    qint64 chargerOf(qint64 operatorId);

    FakeClock m_clock{QDateTime(QDate(2026, 1, 1), QTime(8, 0), Qt::UTC)};
    std::unique_ptr<RepositoryFixture> m_fixture;
    Repository *m_repo = nullptr;
    qint64 m_hotel = 0;
    qint64 m_mall = 0;
    Actor m_hotelUser;
    Actor m_mallUser;
    qint64 m_anna = 0;
    qint64 m_annette = 0;
    qint64 m_bob = 0;
};

qint64 TestPrivateNetwork::mustCreate(const QString &table, const Record &values, const Actor &actor)
{
    auto id = m_repo->create(actor, table, values);
    if (!id)
        qWarning("cannot create a row of %s: %s", qPrintable(table), qPrintable(id.error().message()));
    return id ? id.value() : 0;
}

qint64 TestPrivateNetwork::customer(const QString &code, const QString &name, const QString &email)
{
    return mustCreate(Tables::Customers, {{"code", code},
                                          {"name", name},
                                          {"email", email},
                                          {"phone", "+49 30 1234567"},
                                          {"payment_type", "prepaid"},
                                          {"balance_minor", 5000}});
}

qint64 TestPrivateNetwork::chargerOf(qint64 operatorId)
{
    const qint64 area =
        mustCreate(Tables::Areas, {{"code", "GARAGE"}, {"name", "Garage"}, {"operator_id", operatorId}});
    const qint64 station = ChargeDesk::Test::createStation(*m_repo, area, QStringLiteral("ST-1"));
    return mustCreate(
        Tables::Chargers,
        {{"code", "C-1"}, {"name", "Charger 1"}, {"station_id", station}, {"current_type", "ac_three_phase"}});
}

void TestPrivateNetwork::init()
{
    m_fixture = std::make_unique<RepositoryFixture>(m_clock);
    QVERIFY2(m_fixture->isValid(), qPrintable(m_fixture->error));
    m_repo = m_fixture->repo.get();
    m_hotel = mustCreate(Tables::Operators, {{"code", "HOTEL"}, {"name", "Hotel"}});
    m_mall = mustCreate(Tables::Operators, {{"code", "MALL"}, {"name", "Mall"}});
    m_hotelUser = Actor{.userId = 10, .email = QStringLiteral("desk@hotel.example"), .operatorId = m_hotel};
    m_mallUser = Actor{.userId = 11, .email = QStringLiteral("desk@mall.example"), .operatorId = m_mall};
    m_anna = customer(QStringLiteral("C-100"), QStringLiteral("Anna Berg"), QStringLiteral("anna@mail.example"));
    m_annette = customer(QStringLiteral("C-200"), QStringLiteral("Annette Kurz"), QStringLiteral("ak@mail.example"));
    m_bob = customer(QStringLiteral("C-300"), QStringLiteral("Bob Stone"), QStringLiteral("bob@stone.example"));
    QVERIFY(m_hotel && m_mall && m_anna && m_annette && m_bob);
    mustCreate(Tables::OperatorMembers, {{"operator_id", m_hotel}, {"customer_id", m_annette}});
}

void TestPrivateNetwork::cleanup()
{
    m_repo = nullptr;
    m_fixture.reset();
}

void TestPrivateNetwork::memberCandidates_operatorUser_seesOnlyNonMembersCards()
{
    const auto found = memberCandidates(*m_repo, m_hotelUser, m_hotel, QStringLiteral("ann"));
    QVERIFY2(found, found ? "" : qPrintable(found.error().message()));
    // Annette is a member already; the card has the four fields and nothing of the rest.
    const QList<CustomerCard> expected{
        {m_anna, QStringLiteral("C-100"), QStringLiteral("Anna Berg"), QStringLiteral("anna@mail.example")}};
    QCOMPARE(found.value(), expected);
    // Customers in general stay closed to an operator user.
    QVERIFY(!m_repo->get(m_hotelUser, Tables::Customers, m_anna));
    QVERIFY(m_repo->list(m_hotelUser, Tables::Customers).value().isEmpty());
}

void TestPrivateNetwork::memberCandidates_matchesNameCodeOrEmail_data()
{
    QTest::addColumn<QString>("search");
    QTest::addColumn<QStringList>("codes");
    QTest::newRow("part of a name, other case") << "STONE" << QStringList{"C-300"};
    QTest::newRow("part of a code") << "c-1" << QStringList{"C-100"};
    QTest::newRow("part of an email") << "mail.exa" << QStringList{"C-100"};
    QTest::newRow("spaces around are dropped") << "  bob  " << QStringList{"C-300"};
    QTest::newRow("no match") << "zzz" << QStringList{};
}

void TestPrivateNetwork::memberCandidates_matchesNameCodeOrEmail()
{
    QFETCH(QString, search);
    QFETCH(QStringList, codes);
    const auto found = memberCandidates(*m_repo, m_hotelUser, m_hotel, search);
    QVERIFY2(found, found ? "" : qPrintable(found.error().message()));
    QStringList got;
    for (const CustomerCard &card : found.value())
        got << card.code;
    QCOMPARE(got, codes);
}

void TestPrivateNetwork::memberCandidates_shortSearch_isRefused_data()
{
    QTest::addColumn<QString>("search");
    QTest::newRow("empty") << "";
    QTest::newRow("two letters") << "an";
    QTest::newRow("two letters in spaces") << "  an  ";
}

void TestPrivateNetwork::memberCandidates_shortSearch_isRefused()
{
    QFETCH(QString, search);
    for (const Actor &actor : {m_hotelUser, Actor::system()}) {
        const auto found = memberCandidates(*m_repo, actor, m_hotel, search);
        QVERIFY(!found);
        QCOMPARE(found.error().kind(), Error::Kind::Validation);
        QVERIFY(found.error().fieldMessage(QStringLiteral("search")));
    }
}

void TestPrivateNetwork::memberCandidates_wildcards_matchThemselves()
{
    customer(QStringLiteral("C-400"), QStringLiteral("100% Green_Fleet"), QStringLiteral("fleet@green.example"));
    const auto percent = memberCandidates(*m_repo, m_hotelUser, m_hotel, QStringLiteral("0% g"));
    QCOMPARE(percent.value().size(), 1);
    QCOMPARE(percent.value().first().code, QStringLiteral("C-400"));
    QVERIFY(memberCandidates(*m_repo, m_hotelUser, m_hotel, QStringLiteral("___")).value().isEmpty());
}

void TestPrivateNetwork::memberCandidates_powerUser_searchesAnyOperator()
{
    // The same function for a power user: Annette is a member of the hotel, not of the mall.
    QCOMPARE(memberCandidates(*m_repo, Actor::system(), m_hotel, QStringLiteral("ann")).value().size(), 1);
    QCOMPARE(memberCandidates(*m_repo, Actor::system(), m_mall, QStringLiteral("ann")).value().size(), 2);
}

void TestPrivateNetwork::memberCandidates_otherOperatorsUser_isForbidden()
{
    const auto found = memberCandidates(*m_repo, m_mallUser, m_hotel, QStringLiteral("ann"));
    QVERIFY(!found);
    QCOMPARE(found.error().kind(), Error::Kind::Forbidden);
    QVERIFY(!networkMembers(*m_repo, m_mallUser, m_hotel));
    const Actor noOperator{.userId = 12, .email = QStringLiteral("nobody@example")};
    QVERIFY(!memberCandidates(*m_repo, noOperator, m_hotel, QStringLiteral("ann")));
}

void TestPrivateNetwork::addNetworkMember_operatorUser_addsAndListsTheCard()
{
    const auto added = addNetworkMember(*m_repo, m_hotelUser, m_hotel, m_anna);
    QVERIFY2(added, added ? "" : qPrintable(added.error().message()));
    QVERIFY(memberCandidates(*m_repo, m_hotelUser, m_hotel, QStringLiteral("ann")).value().isEmpty());
    const auto members = networkMembers(*m_repo, m_hotelUser, m_hotel);
    QVERIFY(members);
    QCOMPARE(members.value().size(), 2);
    QCOMPARE(members.value().first().memberId, added.value());
    QCOMPARE(members.value().first().customer.name, QStringLiteral("Anna Berg"));
    // Twice is refused beside the customer.
    const auto again = addNetworkMember(*m_repo, m_hotelUser, m_hotel, m_anna);
    QVERIFY(!again);
    QVERIFY(again.error().fieldMessage(QStringLiteral("customer_id")));
}

void TestPrivateNetwork::addNetworkMember_otherOperatorsUser_isRefused()
{
    const auto added = addNetworkMember(*m_repo, m_mallUser, m_hotel, m_anna);
    QVERIFY(!added);
    QCOMPARE(added.error().kind(), Error::Kind::Forbidden);
    // Nor around the function, straight through the repository.
    const auto direct =
        m_repo->create(m_mallUser, Tables::OperatorMembers, {{"operator_id", m_hotel}, {"customer_id", m_anna}});
    QVERIFY(!direct);
    QVERIFY(direct.error().fieldMessage(QStringLiteral("operator_id")));
    QCOMPARE(networkMembers(*m_repo, Actor::system(), m_hotel).value().size(), 1);
}

void TestPrivateNetwork::operatorFields_badInput_namesTheField_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QVariant>("value");
    QTest::newRow("energy step of zero") << "energy_step_delta_wh" << QVariant(0);
    QTest::newRow("energy step not a number") << "energy_step_delta_wh" << QVariant("lots");
    QTest::newRow("monetary limit of zero") << "monetary_session_limit_minor" << QVariant(0);
    QTest::newRow("negative monetary limit") << "monetary_session_limit_minor" << QVariant(-500);
    QTest::newRow("short security key") << "security_key" << QVariant("abc123");
    QTest::newRow("long security key") << "security_key" << QVariant(QString(201, QLatin1Char('k')));
}

void TestPrivateNetwork::operatorFields_badInput_namesTheField()
{
    QFETCH(QString, field);
    QFETCH(QVariant, value);
    const Status s = m_repo->update(Actor::system(), Tables::Operators, m_hotel, {{field, value}});
    QVERIFY(!s);
    QVERIFY2(s.error().fieldMessage(field), qPrintable(s.error().message()));
}

void TestPrivateNetwork::securityKey_isStoredButNeverReturned()
{
    QVERIFY(m_repo->update(Actor::system(), Tables::Operators, m_hotel,
                           {{"security_key", "k3y-of-the-hotel"}, {"energy_step_delta_wh", 2000}}));
    const Record row = m_repo->get(Actor::system(), Tables::Operators, m_hotel).value();
    QVERIFY(!row.contains(QStringLiteral("security_key")));
    QCOMPARE(row.value(QStringLiteral("energy_step_delta_wh")).toLongLong(), 2000);
    const auto rows = m_repo->list(Actor::system(), Tables::Operators);
    QVERIFY(rows);
    for (const Record &r : rows.value())
        QVERIFY(!r.contains(QStringLiteral("security_key")));
    // Nor can a filter probe it.
    ListQuery probe;
    probe.filters << ListQuery::Filter{QStringLiteral("security_key"), ListQuery::Filter::Op::Contains, "k3y"};
    QVERIFY(!m_repo->list(Actor::system(), Tables::Operators, probe));
    auto stored = m_fixture->db->exec(QStringLiteral("SELECT security_key FROM operators WHERE id = ?"), {m_hotel});
    QVERIFY(stored && stored.value().next());
    QCOMPARE(stored.value().value(0).toString(), QStringLiteral("k3y-of-the-hotel"));
}

void TestPrivateNetwork::chargerPolicy_operatorMonetaryLimit_capsTheRatingSettings()
{
    const qint64 charger = chargerOf(m_hotel);
    const qint64 settings = mustCreate(Tables::RatingSettings, {{"name", "Standard"}, {"monetary_limit_minor", 3000}});
    QVERIFY(m_repo->update(Actor::system(), Tables::Operators, m_hotel,
                           {{"rating_settings_id", settings}, {"monetary_session_limit_minor", 2000}}));
    SessionPolicy policy = chargerPolicy(*m_repo, charger).value();
    QCOMPARE(policy.rating.monetaryLimitMinor, std::optional<qint64>(2000));
    QCOMPARE(policy.monetaryLimitLevel, QStringLiteral("operator"));
    // A stricter limit of the rating settings stays.
    QVERIFY(m_repo->update(Actor::system(), Tables::Operators, m_hotel, {{"monetary_session_limit_minor", 5000}}));
    policy = chargerPolicy(*m_repo, charger).value();
    QCOMPARE(policy.rating.monetaryLimitMinor, std::optional<qint64>(3000));
    QCOMPARE(policy.monetaryLimitLevel, QStringLiteral("operator"));
    // Without any rating settings the operator's limit still stops a session there.
    QVERIFY(m_repo->update(Actor::system(), Tables::Operators, m_hotel, {{"rating_settings_id", QVariant()}}));
    policy = chargerPolicy(*m_repo, charger).value();
    QCOMPARE(policy.rating.monetaryLimitMinor, std::optional<qint64>(5000));
    QCOMPARE(limitReached(policy.rating, Usage{}, true, std::nullopt), LimitReason::None);
}

void TestPrivateNetwork::chargerPolicy_operatorEnergyStep_fillsInAMissingStep()
{
    const qint64 charger = chargerOf(m_hotel);
    const qint64 settings = mustCreate(Tables::RatingSettings, {{"name", "Standard"}, {"energy_price_minor", 40}});
    QVERIFY(m_repo->update(Actor::system(), Tables::Operators, m_hotel,
                           {{"rating_settings_id", settings}, {"energy_step_delta_wh", 5000}}));
    SessionPolicy policy = chargerPolicy(*m_repo, charger).value();
    QCOMPARE(policy.rating.energyStepWh, std::optional<qint64>(5000));
    QCOMPARE(policy.energyStepLevel, QStringLiteral("operator"));
    // 40 per kWh: the next 5 kWh cost 200, more than a balance of 150 covers.
    QCOMPARE(limitReached(policy.rating, Usage{}, true, 150), LimitReason::Resources);
    QCOMPARE(limitReached(policy.rating, Usage{}, true, 200), LimitReason::None);
    // The rating settings' own step wins.
    QVERIFY(m_repo->update(Actor::system(), Tables::RatingSettings, settings, {{"energy_step_wh", 1000}}));
    policy = chargerPolicy(*m_repo, charger).value();
    QCOMPARE(policy.rating.energyStepWh, std::optional<qint64>(1000));
    QCOMPARE(policy.energyStepLevel, QStringLiteral("operator"));
}

QTEST_GUILESS_MAIN(TestPrivateNetwork)
#include "tst_privatenetwork.moc"
