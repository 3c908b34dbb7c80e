#include "ui/shell/language.h"

#include "ui/widgets/icons.h"
#include "ui/widgets/tr.h"

#include <QActionGroup>
#include <QCoreApplication>
#include <QLibraryInfo>
#include <QMenu>
#include <QMessageBox>
#include <QSettings>

namespace ChargeDesk::Ui {

namespace {

const QString LanguageKey = QStringLiteral("ui/language");

} // namespace

QString languageSetting()
{
    return QSettings().value(LanguageKey).toString();
}

void setLanguageSetting(const QString &code)
{
    QSettings settings;
    if (code.isEmpty())
        settings.remove(LanguageKey);
    else
        settings.setValue(LanguageKey, code);
}

QLocale preferredLocale()
{
    const QString code = languageSetting();
    return code.isEmpty() ? QLocale::system() : QLocale(code);
}

QList<LanguageOption> languageOptions()
{
    return {{QString(), Tr::tr("The site's language")},
            {QStringLiteral("en"), QStringLiteral("English")},
            {QStringLiteral("de"), QStringLiteral("Deutsch")}};
}

Translations::Translations(const QLocale &locale)
    : m_language(QStringLiteral("en"))
{
    // Dates and numbers in the language the windows speak, in the user's region where that
    // language is spoken there: a German interface writes "7. Dez. 2026" on an English desktop.
    const auto useLocaleOf = [&locale](const QString &language) {
        const QLocale spoken(language);
        QLocale::setDefault(locale.language() == spoken.language()
                                ? locale
                                : QLocale(spoken.language(), spoken.script(), spoken.territory()));
    };
    const QString directory = QStringLiteral(":/i18n");
    // QTranslator::load(QLocale) tries each of the locale's UI languages: de_AT, then de.
    // English has a file too, with only the plural forms ("%n station(s)" as "1 station",
    // "2 stations"); a language without a translation falls back to it.
    const bool translated = m_console.load(locale, QStringLiteral("chargedesk"), QStringLiteral("_"), directory);
    if (!translated && !m_console.load(QStringLiteral("chargedesk_en"), directory)) {
        useLocaleOf(m_language);
        return;
    }
    QCoreApplication::installTranslator(&m_console);
    m_language = QLocale(m_console.language()).name().section(QLatin1Char('_'), 0, 0);
    useLocaleOf(m_language);
    // Qt's own strings only with ours, so that a dialog never mixes two languages.
    if (translated && m_qt.load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                                QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(&m_qt);
}

Translations::~Translations()
{
    QLocale::setDefault(m_previousLocale);
    QCoreApplication::removeTranslator(&m_qt);
    QCoreApplication::removeTranslator(&m_console);
}

QMenu *createLanguageMenu(QWidget *parent)
{
    auto *menu = new QMenu(Tr::tr("&Language"), parent);
    menu->setObjectName(QStringLiteral("languageMenu"));
    menu->setIcon(Icons::get(QStringLiteral("language")));
    auto *group = new QActionGroup(menu);
    const QString current = languageSetting();
    for (const LanguageOption &option : languageOptions()) {
        QAction *action = menu->addAction(option.name);
        action->setObjectName(QStringLiteral("language_") +
                              (option.code.isEmpty() ? QStringLiteral("desktop") : option.code));
        action->setCheckable(true);
        action->setChecked(option.code == current);
        action->setActionGroup(group);
        QObject::connect(action, &QAction::triggered, menu, [parent, code = option.code] {
            if (code == languageSetting())
                return;
            setLanguageSetting(code);
            QMessageBox box(QMessageBox::Information, Tr::tr("Language"),
                            Tr::tr("ChargeDesk speaks the chosen language from its next start."), QMessageBox::Ok,
                            parent);
            box.setObjectName(QStringLiteral("languageChanged"));
            box.exec();
        });
    }
    return menu;
}

} // namespace ChargeDesk::Ui
