#include "core/catalog.h"
#include "support/screenshots.h"
#include "support/sessionengine.h"
#include "ui/stations/effectiverating.h"
#include "ui/widgets/entityform.h"

#include <QLabel>
#include <QLocale>
#include <QTest>

using namespace ChargeDesk;
using namespace ChargeDesk::Core;
using Ui::EffectiveRatingPanel;

// Prices an operator sets and sees: the rating settings form explains every field beside it,
// and a charger's details say which settings its sessions are rated by, from which level, and
// follow a change at any level at once.
class TestRatingSettings : public Test::SessionEngineFixture
{
    Q_OBJECT

private slots:
    void form_explainsEveryField();
    void chargerDetails_showTheEffectiveSettings_andTheirLevel();
    void settingsInUse_cannotBeDeleted_andTheRefusalNamesTheUser();
};

void TestRatingSettings::form_explainsEveryField()
{
    Ui::EntityForm form(*m_repo, Actor::system(), Tables::RatingSettings);
    for (const FieldDef &field : m_catalog.entity(Tables::RatingSettings).fields) {
        if (field.isSystemOnly)
            continue;
        auto *help = form.findChild<QLabel *>(QStringLiteral("help_") + field.name);
        QVERIFY2(help && help->text().size() > 20, qPrintable(field.name));
    }
    form.resize(760, 1400);
    Test::screenshot(&form, QStringLiteral("rating-settings-form"));
}

void TestRatingSettings::chargerDetails_showTheEffectiveSettings_andTheirLevel()
{
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedKingdom)); // "€0.30"
    site(ratingSettings({{"name", "Site tariff"}, {"energy_price_minor", 30}}));
    const auto op = m_repo->create(Actor::system(), Tables::Operators,
                                   {{"code", "HOTEL"},
                                    {"name", "Hotel"},
                                    {"rating_settings_id", ratingSettings({{"name", "Hotel tariff"},
                                                                           {"energy_price_minor", 40},
                                                                           {"park_time_price_minor", 120},
                                                                           {"park_time_threshold_s", 600},
                                                                           {"energy_limit_wh", 50000}})}});
    QVERIFY(op);
    EffectiveRatingPanel panel(*m_repo);
    panel.setChargerId(chargerId());
    // No operator on the area yet: the site's.
    QCOMPARE(panel.text("source"), QStringLiteral("Rating settings “Site tariff”, the site's."));
    QCOMPARE(panel.text("energy"), QStringLiteral("€0.30 per kWh"));

    // Each level that takes over shows at once, without anyone refreshing the panel.
    QVERIFY(m_repo->update(Actor::system(), Tables::Areas, m_areaId, {{"operator_id", op.value()}}));
    QCOMPARE(panel.text("source"), QStringLiteral("Rating settings “Hotel tariff”, the operator's."));
    QCOMPARE(panel.text("energy"), QStringLiteral("€0.40 per kWh"));
    QCOMPARE(panel.text("parkTime"), QStringLiteral("€1.20 per hour, after 10 min free"));
    QCOMPARE(panel.text("limits"), QStringLiteral("50.00 kWh"));
    QVERIFY(m_repo->update(Actor::system(), Tables::Chargers, chargerId(),
                           {{"rating_settings_id", ratingSettings({{"name", "Fast"}, {"energy_price_minor", 59}})}}));
    QCOMPARE(panel.text("source"), QStringLiteral("Rating settings “Fast”, this charger's."));
    QCOMPARE(panel.text("energy"), QStringLiteral("€0.59 per kWh"));
    QCOMPARE(panel.text("limits"), QStringLiteral("no limit"));
    // The operator's monetary session limit caps whatever settings are in force, and says so.
    QVERIFY(m_repo->update(Actor::system(), Tables::Operators, op.value(), {{"monetary_session_limit_minor", 2000}}));
    QCOMPARE(panel.text("limits"), QStringLiteral("€20.00 (the operator's cap)"));
    QVERIFY(panel.text("readyExpiration").endsWith(QStringLiteral("(the default)")));
    if (Test::takingScreenshots()) {
        panel.resize(380, panel.sizeHint().height());
        Test::screenshot(&panel, QStringLiteral("charger-effective-rating"));
    }
}

void TestRatingSettings::settingsInUse_cannotBeDeleted_andTheRefusalNamesTheUser()
{
    const qint64 tariff = ratingSettings({{"name", "Site tariff"}, {"energy_price_minor", 30}});
    site(tariff);
    const Status removed = m_repo->remove(Actor::system(), Tables::RatingSettings, tariff);
    QVERIFY(!removed);
    QVERIFY2(removed.error().message().contains(QStringLiteral("site settings"), Qt::CaseInsensitive),
             qPrintable(removed.error().message()));
    QVERIFY(m_repo->get(Actor::system(), Tables::RatingSettings, tariff));
}

QTEST_MAIN(TestRatingSettings)
#include "tst_ratingsettings.moc"
