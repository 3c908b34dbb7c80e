#pragma once

#include <QList>
#include <QLocale>
#include <QString>
#include <QTranslator>

class QMenu;
class QWidget;

namespace ChargeDesk::Ui {

// The console's language is the operator's own choice on this computer (the setting
// "ui/language": a language code such as "de"), else the site's language (its settings),
// else the desktop's until a database is open. The site's language is also what drivers get.
QString languageSetting();
void setLanguageSetting(const QString &code);
// The locale whose language the console speaks: the setting's, else the desktop's.
QLocale preferredLocale();

struct LanguageOption
{
    QString code; // "" for the desktop's language
    QString name; // in its own language, so that anyone finds theirs
};
// The languages the console can speak, the desktop's first.
QList<LanguageOption> languageOptions();

// The console's translations and Qt's own (dialog buttons, context menus) for one locale,
// installed while this object lives. A language without a translation stays English, with
// English plural forms.
class Translations final
{
    Q_DISABLE_COPY_MOVE(Translations)

public:
    explicit Translations(const QLocale &locale);
    ~Translations();

    // The language the console speaks: "de" when its German translation was loaded, or
    // "en", the language the sources are written in.
    QString language() const { return m_language; }

private:
    QTranslator m_console;
    QTranslator m_qt;
    QString m_language;
    QLocale m_previousLocale; // the default locale before, given back on destruction
};

// View → Language: the choices with the current one checked. A choice is saved and takes
// effect at the next start, which the console says.
QMenu *createLanguageMenu(QWidget *parent);

} // namespace ChargeDesk::Ui
