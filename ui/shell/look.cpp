#include "ui/shell/look.h"

#include "ui/widgets/icons.h"

#include <QApplication>
#include <QPalette>
#include <QStyle>
#include <QStyleFactory>

namespace ChargeDesk::Ui {

namespace {

// QT_STYLE_OVERRIDE names the style the operator wants, even the plain one.
bool styleChosenByOperator()
{
    return !qEnvironmentVariableIsEmpty("QT_STYLE_OVERRIDE");
}

// GNOME and other GTK desktops say "prefer dark" through GTK_THEME=<name>:dark; Qt 6.4's
// palette does not follow it, so the console does.
bool desktopAsksForDark()
{
    return qEnvironmentVariable("GTK_THEME").endsWith(QLatin1String(":dark"), Qt::CaseInsensitive);
}

QPalette darkFusionPalette()
{
    const QColor window(0x2b, 0x2d, 0x31);
    const QColor base(0x1f, 0x21, 0x24);
    const QColor text(0xe6, 0xe7, 0xe9);
    const QColor dimText(0x85, 0x88, 0x8d);
    const QColor highlight(0x2f, 0x6f, 0xb8);
    QPalette palette(text, window);
    palette.setColor(QPalette::Base, base);
    palette.setColor(QPalette::AlternateBase, window);
    palette.setColor(QPalette::Text, text);
    palette.setColor(QPalette::Button, window);
    palette.setColor(QPalette::ButtonText, text);
    palette.setColor(QPalette::ToolTipBase, base);
    palette.setColor(QPalette::ToolTipText, text);
    palette.setColor(QPalette::PlaceholderText, dimText);
    palette.setColor(QPalette::Highlight, highlight);
    palette.setColor(QPalette::HighlightedText, Qt::white);
    palette.setColor(QPalette::Link, QColor(0x6c, 0xa8, 0xf0));
    palette.setColor(QPalette::LinkVisited, QColor(0xa7, 0x8b, 0xe0));
    for (const auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        palette.setColor(QPalette::Disabled, role, dimText);
    palette.setColor(QPalette::Disabled, QPalette::Highlight, QColor(0x4a, 0x4d, 0x52));
    return palette;
}

} // namespace

void applyNativeLook()
{
#if defined(Q_OS_UNIX) && !defined(Q_OS_MACOS)
    const bool bare = QApplication::style()->name().compare(QLatin1String("windows"), Qt::CaseInsensitive) == 0;
    if (bare && !styleChosenByOperator())
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    if (desktopAsksForDark() && !Icons::isDark(QApplication::palette()) &&
        QApplication::style()->name().compare(QLatin1String("fusion"), Qt::CaseInsensitive) == 0)
        QApplication::setPalette(darkFusionPalette());
#endif
    QApplication::setWindowIcon(Icons::get(QStringLiteral("chargedesk")));
}

ConsoleLook::ConsoleLook(QApplication &app)
    : m_translations(std::make_unique<Translations>(preferredLocale()))
{
    Q_UNUSED(app); // taken so that the look is set up after QApplication exists
    applyNativeLook();
}

void ConsoleLook::useSiteLanguage(const QString &code)
{
    if (!languageSetting().isEmpty() || code.isEmpty())
        return;
    const QLocale site(code);
    if (QLocale(m_translations->language()).language() == site.language())
        return;
    // The region stays the desktop's where the site's language is spoken there (dates, numbers).
    const QLocale desktop = QLocale::system();
    m_translations.reset(); // give the previous default locale back first
    m_translations = std::make_unique<Translations>(desktop.language() == site.language() ? desktop : site);
}

} // namespace ChargeDesk::Ui
