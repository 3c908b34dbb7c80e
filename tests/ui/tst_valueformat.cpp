#include "ui/widgets/valueformat.h"
#include "ui/widgets/zoneddatetimeedit.h"

#include <QDateTime>
#include <QLocale>
#include <QSignalSpy>
#include <QTest>
#include <QTimeZone>

using namespace ChargeDesk::Ui;

// Stored numbers in the units their column names give them, as lists and details show them.
class TestValueFormat : public QObject
{
    Q_OBJECT

private slots:
    void timestamps_inTheDisplayZone_acrossDaylightSaving();
    void dateTimeEditor_editsTheSitesClock_acrossDaylightSaving();
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedKingdom)); }
    void formatQuantity_showsTheUnitOfTheColumn_data();
    void formatQuantity_showsTheUnitOfTheColumn();
    void formatMoney_writesTheCurrencyAsTheLocaleDoes();
    void currencyDecimals_followIso4217_data();
    void currencyDecimals_followIso4217();
    void formatMoney_usesTheCurrencysDecimals();
    void displayCurrency_isTheMoneyOfRowsWithoutOne();
};

void TestValueFormat::formatQuantity_showsTheUnitOfTheColumn_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<qint64>("value");
    QTest::addColumn<QString>("shown");
    QTest::newRow("energy") << "energy_wh" << qint64(2500) << "2.50 kWh";
    QTest::newRow("power") << "power_w" << qint64(50000) << "50.0 kW";
    QTest::newRow("power, odd watts") << "power_w" << qint64(7430) << "7.43 kW";
    QTest::newRow("duration") << "charge_s" << qint64(3900) << "1 h 05 min";
    QTest::newRow("money") << "amount_minor" << qint64(48) << "0.48";
    QTest::newRow("state of charge") << "soc_percent" << qint64(37) << "37 %";
    QTest::newRow("plain") << "connector_number" << qint64(12000) << "12,000";
}

void TestValueFormat::formatQuantity_showsTheUnitOfTheColumn()
{
    QFETCH(QString, name);
    QFETCH(qint64, value);
    QFETCH(QString, shown);
    QCOMPARE(formatQuantity(name, value), shown);
}

void TestValueFormat::formatMoney_writesTheCurrencyAsTheLocaleDoes()
{
    QCOMPARE(formatMoney(48, QStringLiteral("EUR")), QStringLiteral("€0.48"));
    QCOMPARE(formatMoney(123456, QStringLiteral("GBP")), QStringLiteral("£1,234.56"));
    QCOMPARE(formatMoney(48, QString()), QStringLiteral("0.48"));
    QCOMPARE(currencySymbol(QStringLiteral("XYZ")), QStringLiteral("XYZ")); // no locale uses it
    QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
    QCOMPARE(formatMoney(48, QStringLiteral("EUR")), QStringLiteral("0,48\u00A0€"));
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedKingdom));
}

void TestValueFormat::currencyDecimals_followIso4217_data()
{
    QTest::addColumn<QString>("currency");
    QTest::addColumn<int>("decimals");
    QTest::newRow("euro") << "EUR" << 2;
    QTest::newRow("yen") << "JPY" << 0;
    QTest::newRow("won") << "KRW" << 0;
    QTest::newRow("króna") << "ISK" << 0;
    QTest::newRow("CFA franc") << "XOF" << 0;
    QTest::newRow("Kuwaiti dinar") << "KWD" << 3;
    QTest::newRow("Tunisian dinar") << "TND" << 3;
    QTest::newRow("Chilean unit of account") << "CLF" << 4;
    QTest::newRow("unknown code") << "XYZ" << 2;
    QTest::newRow("none") << "" << 2;
}

void TestValueFormat::currencyDecimals_followIso4217()
{
    QFETCH(QString, currency);
    QFETCH(int, decimals);
    QCOMPARE(currencyDecimals(currency), decimals);
}

void TestValueFormat::formatMoney_usesTheCurrencysDecimals()
{
    // 4800 minor units are 4,800 yen but 4.800 dinars: the minor unit is the currency's.
    const QString yen = formatMoney(4800, QStringLiteral("JPY"));
    QVERIFY2(yen.contains(QLatin1String("4,800")) && !yen.contains(QLatin1Char('.')), qPrintable(yen));
    const QString dinars = formatMoney(4800, QStringLiteral("KWD"));
    QVERIFY2(dinars.contains(QLatin1String("4.800")), qPrintable(dinars));
}

void TestValueFormat::displayCurrency_isTheMoneyOfRowsWithoutOne()
{
    QCOMPARE(displayCurrency(), QString()); // none until the main window reads the site's
    setDisplayCurrency(QStringLiteral(" eur"));
    QCOMPARE(displayCurrency(), QStringLiteral("EUR"));
    QCOMPARE(formatQuantity(QStringLiteral("energy_price_minor"), 35), QStringLiteral("€0.35"));
    setDisplayCurrency(QStringLiteral("JPY"));
    QCOMPARE(formatMoney(35, QString()), QStringLiteral("35")); // a bare number with the yen's decimals
    QVERIFY2(formatQuantity(QStringLiteral("energy_price_minor"), 35).endsWith(QLatin1String("35")),
             qPrintable(formatQuantity(QStringLiteral("energy_price_minor"), 35)));
    setDisplayCurrency(QStringLiteral("euros")); // not an ISO code: none
    QCOMPARE(displayCurrency(), QString());
    QCOMPARE(formatQuantity(QStringLiteral("energy_price_minor"), 35), QStringLiteral("0.35"));
}

void TestValueFormat::timestamps_inTheDisplayZone_acrossDaylightSaving()
{
    // Whatever the computer's zone (CI runs in UTC), times read as the site's clocks did; on
    // 29 March 2026 Ljubljana's clocks went from 02:00 to 03:00.
    const QLocale before;
    QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
    setDisplayZone(QTimeZone("Europe/Ljubljana"));
    const auto utc = [](int hour, int minute) {
        return QDateTime(QDate(2026, 3, 29), QTime(hour, minute), QTimeZone::utc()).toMSecsSinceEpoch();
    };
    QCOMPARE(formatTimestamp(utc(0, 30)), QStringLiteral("29.03.26 01:30"));
    QCOMPARE(formatTimestamp(utc(1, 30)), QStringLiteral("29.03.26 03:30"));
    QCOMPARE(exportTimestamp(utc(0, 30)), QStringLiteral("2026-03-29T01:30:00+01:00"));
    QCOMPARE(exportTimestamp(utc(1, 30)), QStringLiteral("2026-03-29T03:30:00+02:00"));
    // "Today" is the site's today: 22:30 UTC on the 28th is already the 29th there.
    const QDateTime now = QDateTime(QDate(2026, 3, 29), QTime(9, 0), QTimeZone::utc());
    QCOMPARE(
        formatRecentTimestamp(QDateTime(QDate(2026, 3, 28), QTime(23, 30), QTimeZone::utc()).toMSecsSinceEpoch(), now),
        QStringLiteral("00:30"));
    QVERIFY2(displayZoneText().startsWith(QLatin1String("Europe/Ljubljana (")), qPrintable(displayZoneText()));
    setDisplayZone(QTimeZone::systemTimeZone());
    QLocale::setDefault(before);
}

void TestValueFormat::dateTimeEditor_editsTheSitesClock_acrossDaylightSaving()
{
    setDisplayZone(QTimeZone("Europe/Ljubljana"));
    const auto utc = [](int day, int hour, int minute) {
        return QDateTime(QDate(2026, 3, day), QTime(hour, minute), QTimeZone::utc()).toMSecsSinceEpoch();
    };
    ZonedDateTimeEdit edit;
    edit.setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
    // Before the change the site is an hour ahead of UTC, after it two.
    edit.setUtcMs(utc(28, 11, 0));
    QCOMPARE(edit.text(), QStringLiteral("2026-03-28 12:00"));
    edit.setUtcMs(utc(29, 1, 30));
    QCOMPARE(edit.text(), QStringLiteral("2026-03-29 03:30"));
    // What a person types is the site's clock, turned into the instant of that day's offset.
    QSignalSpy changed(&edit, &ZonedDateTimeEdit::utcMsChanged);
    edit.setDateTime(QDateTime(QDate(2026, 3, 29), QTime(1, 30), QTimeZone::utc()));
    QCOMPARE(edit.utcMs(), utc(29, 0, 30));
    QCOMPARE(changed.last().first().toLongLong(), utc(29, 0, 30));
    edit.setDateTime(QDateTime(QDate(2026, 3, 30), QTime(8, 0), QTimeZone::utc()));
    QCOMPARE(edit.utcMs(), utc(30, 6, 0));
    QVERIFY(edit.toolTip().contains(QLatin1String("Europe/Ljubljana")));
    setDisplayZone(QTimeZone::systemTimeZone());
}

QTEST_MAIN(TestValueFormat)
#include "tst_valueformat.moc"
