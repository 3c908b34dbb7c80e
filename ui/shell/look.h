#pragma once

#include "ui/shell/language.h"

#include <memory>

class QApplication;

namespace ChargeDesk::Ui {

// Fusion where the platform offers no style of its own (a bare X11 or Wayland session: Qt's
// "Windows" style looks like 1995), a dark palette where the desktop asks for one, and the
// application's icon.
void applyNativeLook();

// What the console sets up before its first window: the look above and the operator's
// language (see language.h), kept installed while this object lives.
class ConsoleLook final
{
    Q_DISABLE_COPY_MOVE(ConsoleLook)

public:
    explicit ConsoleLook(QApplication &app);

    const Translations &translations() const { return *m_translations; }
    // Once the database is open: where the operator has not chosen a language on this
    // computer, the console speaks the site's (its settings' language code, "de").
    void useSiteLanguage(const QString &code);

private:
    std::unique_ptr<Translations> m_translations;
};

} // namespace ChargeDesk::Ui
