#include "core/catalog.h"
#include "support/needs.h"
#include "ui/shell/language.h"
#include "ui/shell/look.h"
#include "ui/shell/sections.h"
#include "ui/widgets/valueformat.h"

#include <QAction>
#include <QApplication>
#include <QDialogButtonBox>
#include <QLibraryInfo>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>
#include <QTimer>

using namespace ChargeDesk;
using namespace ChargeDesk::Ui;

// The console's languages: its German translation compiled into the resources, the English
// fallback, and the operator's choice in the settings.
class TestLanguage : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init() { QSettings().clear(); }
    void german_translatesNavigationLabelsAndMessages();
    void german_alsoLoadsQtsOwnStrings();
    void unknownLanguage_staysEnglish();
    void english_hasEnglishPluralForms();
    void translations_leaveWithTheirObject();
    void datesAndNumbers_followTheInterfaceLanguage();
    void preferredLocale_followsTheSetting();
    void languageMenu_savesTheChoiceAndSaysWhenItApplies();
    void siteLanguage_isTheDefault_unlessTheOperatorChoseOne();

private:
    static QString sectionTitle(const QString &key);
};

QString TestLanguage::sectionTitle(const QString &key)
{
    for (const Section &section : consoleSections())
        if (section.key == key)
            return section.title;
    return {};
}

void TestLanguage::german_translatesNavigationLabelsAndMessages()
{
    const Translations german(QLocale(QLocale::German, QLocale::Austria));
    QCOMPARE(german.language(), QStringLiteral("de"));
    QCOMPARE(sectionTitle(QStringLiteral("stations")), QStringLiteral("Ladestationen"));
    QCOMPARE(sectionTitle(QStringLiteral("customers")), QStringLiteral("Kunden"));
    QCOMPARE(sectionTitle(QStringLiteral("settings")), QStringLiteral("Systemeinstellungen"));
    // Core's catalog labels and the windows' own strings come from the same file.
    const Core::Catalog catalog;
    QCOMPARE(catalog.entity(Core::Tables::Areas).field(QStringLiteral("city"))->label, QStringLiteral("Ort"));
    // The windows translate in one context; a word with two German meanings is told apart.
    QCOMPARE(QCoreApplication::translate("Ui", "Refresh"), QStringLiteral("Aktualisieren"));
    QCOMPARE(QCoreApplication::translate("Ui", "Location"), QStringLiteral("Lage"));
    QCOMPARE(QCoreApplication::translate("Ui", "Location", "file address"), QStringLiteral("Adresse"));
    // Choices are stored as codes; their words are translated too.
    QCOMPARE(choiceText(QStringLiteral("charging")), QStringLiteral("Lädt"));
    // Plural forms follow German rules.
    QCOMPARE(QCoreApplication::translate("main", "OCPP: %1 · %n station(s) connected", nullptr, 1),
             QStringLiteral("OCPP: %1 · 1 Ladestation verbunden"));
    QCOMPARE(QCoreApplication::translate("main", "OCPP: %1 · %n station(s) connected", nullptr, 3),
             QStringLiteral("OCPP: %1 · 3 Ladestationen verbunden"));
}

void TestLanguage::german_alsoLoadsQtsOwnStrings()
{
    const QString dir = QLibraryInfo::path(QLibraryInfo::TranslationsPath);
    CHARGEDESK_NEEDS(QFile::exists(dir + QStringLiteral("/qtbase_de.qm")),
                     "Qt's German translations (Debian package qt6-translations-l10n)");
    const Translations german(QLocale(QLocale::German));
    QDialogButtonBox buttons(QDialogButtonBox::Cancel);
    QCOMPARE(buttons.button(QDialogButtonBox::Cancel)->text(), QStringLiteral("Abbrechen"));
}

void TestLanguage::unknownLanguage_staysEnglish()
{
    const Translations japanese(QLocale(QLocale::Japanese, QLocale::Japan));
    QCOMPARE(japanese.language(), QStringLiteral("en"));
    QCOMPARE(sectionTitle(QStringLiteral("stations")), QStringLiteral("Stations"));
    QCOMPARE(choiceText(QStringLiteral("charging")), QStringLiteral("Charging"));
    // Qt's own strings stay English too, so that no dialog mixes two languages.
    QDialogButtonBox buttons(QDialogButtonBox::Cancel);
    QCOMPARE(buttons.button(QDialogButtonBox::Cancel)->text(), QStringLiteral("Cancel"));
}

void TestLanguage::english_hasEnglishPluralForms()
{
    // The sources say "reading(s)"; the English file turns that into proper singular and plural,
    // for English chosen under View → Language and for a language without a translation alike.
    const char *context = "SessionDiagnosis";
    const char *source = "%n energy reading(s) were discarded as more than the connector can deliver.";
    setLanguageSetting(QStringLiteral("en"));
    for (const QLocale &locale : {preferredLocale(), QLocale(QLocale::Japanese, QLocale::Japan)}) {
        const Translations english(locale);
        QCOMPARE(english.language(), QStringLiteral("en"));
        QCOMPARE(QCoreApplication::translate(context, source, nullptr, 2),
                 QStringLiteral("2 energy readings were discarded as more than the connector can deliver."));
        QCOMPARE(QCoreApplication::translate(context, source, nullptr, 1),
                 QStringLiteral("1 energy reading was discarded as more than the connector can deliver."));
        QCOMPARE(QCoreApplication::translate("main", "OCPP: %1 · %n station(s) connected", nullptr, 1),
                 QStringLiteral("OCPP: %1 · 1 station connected"));
        // Everything else is the source text itself.
        QCOMPARE(sectionTitle(QStringLiteral("stations")), QStringLiteral("Stations"));
    }
    // Without a translator, the source text is all there is.
    QCOMPARE(QCoreApplication::translate(context, source, nullptr, 1),
             QStringLiteral("1 energy reading(s) were discarded as more than the connector can deliver."));
}

void TestLanguage::translations_leaveWithTheirObject()
{
    {
        const Translations german(QLocale(QLocale::German));
        QCOMPARE(sectionTitle(QStringLiteral("chargers")), QStringLiteral("Ladepunkte"));
    }
    QCOMPARE(sectionTitle(QStringLiteral("chargers")), QStringLiteral("Chargers"));
}

void TestLanguage::preferredLocale_followsTheSetting()
{
    QCOMPARE(languageSetting(), QString());
    QCOMPARE(preferredLocale(), QLocale::system());
    setLanguageSetting(QStringLiteral("de"));
    QCOMPARE(preferredLocale().language(), QLocale::German);
    QCOMPARE(Translations(preferredLocale()).language(), QStringLiteral("de"));
    setLanguageSetting(QString());
    QVERIFY(!QSettings().contains(QStringLiteral("ui/language")));
}

void TestLanguage::languageMenu_savesTheChoiceAndSaysWhenItApplies()
{
    setLanguageSetting(QStringLiteral("en"));
    QWidget window;
    QMenu *menu = createLanguageMenu(&window);
    const QList<QAction *> actions = menu->actions();
    QCOMPARE(actions.size(), languageOptions().size());
    QVERIFY(menu->findChild<QAction *>(QStringLiteral("language_en"))->isChecked());
    QVERIFY(!menu->findChild<QAction *>(QStringLiteral("language_de"))->isChecked());

    QString said;
    QTimer poll;
    poll.setInterval(20);
    connect(&poll, &QTimer::timeout, this, [&] {
        if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
            said = box->text();
            box->accept();
        }
    });
    poll.start();
    menu->findChild<QAction *>(QStringLiteral("language_de"))->trigger();
    QCOMPARE(languageSetting(), QStringLiteral("de"));
    QVERIFY2(said.contains(QStringLiteral("next start")), qPrintable(said));

    // The desktop's language removes the setting rather than storing an empty one.
    said.clear();
    menu->findChild<QAction *>(QStringLiteral("language_desktop"))->trigger();
    QVERIFY(!QSettings().contains(QStringLiteral("ui/language")));
    QVERIFY(!said.isEmpty());
}

void TestLanguage::datesAndNumbers_followTheInterfaceLanguage()
{
    const QDate day(2026, 12, 7);
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); // an English desktop
    {
        const Translations german(QLocale(QLocale::German));
        QCOMPARE(QLocale().language(), QLocale::German);
        QCOMPARE(QLocale().toString(day, QStringLiteral("d MMMM yyyy")), QStringLiteral("7 Dezember 2026"));
        QCOMPARE(QLocale().toString(1234.5, 'f', 1), QStringLiteral("1.234,5"));
    }
    QCOMPARE(QLocale().language(), QLocale::English); // given back
    {
        // No Japanese translation: the windows speak English, and so do their dates.
        const Translations japanese(QLocale(QLocale::Japanese, QLocale::Japan));
        QCOMPARE(QLocale().language(), QLocale::English);
        QCOMPARE(QLocale().toString(day, QStringLiteral("d MMMM yyyy")), QStringLiteral("7 December 2026"));
    }
    {
        // A German desktop in Austria keeps its region.
        const Translations austrian(QLocale(QLocale::German, QLocale::Austria));
        QCOMPARE(QLocale().territory(), QLocale::Austria);
        QCOMPARE(QLocale().toString(QDate(2026, 1, 7), QStringLiteral("MMMM")), QStringLiteral("Jänner"));
    }
}

void TestLanguage::siteLanguage_isTheDefault_unlessTheOperatorChoseOne()
{
    // Nothing chosen on this computer: once the database says the site speaks German, so does
    // the console.
    {
        ConsoleLook look(*qApp);
        look.useSiteLanguage(QStringLiteral("de"));
        QCOMPARE(look.translations().language(), QStringLiteral("de"));
        QCOMPARE(QCoreApplication::translate("Ui", "Refresh"), QStringLiteral("Aktualisieren"));
    }
    QCOMPARE(QCoreApplication::translate("Ui", "Refresh"), QStringLiteral("Refresh"));
    // The operator's own choice wins over the site's.
    setLanguageSetting(QStringLiteral("en"));
    ConsoleLook look(*qApp);
    look.useSiteLanguage(QStringLiteral("de"));
    QCOMPARE(look.translations().language(), QStringLiteral("en"));
    QCOMPARE(QCoreApplication::translate("Ui", "Refresh"), QStringLiteral("Refresh"));
}

QTEST_MAIN(TestLanguage)
#include "tst_language.moc"
