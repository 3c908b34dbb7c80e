#include "ui/widgets/valueformat.h"

#include <QLocale>
#include <QTest>

using namespace ChargeDesk::Ui;

// Stored numbers in the units their column names give them, as lists and details show them.
class TestValueFormat : public QObject
{
    Q_OBJECT

private slots:
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

QTEST_GUILESS_MAIN(TestValueFormat)
#include "tst_valueformat.moc"
