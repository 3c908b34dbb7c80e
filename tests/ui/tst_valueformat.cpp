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
