#pragma once

#include <QCoreApplication>
#include <QDir>
#include <QTest>
#include <QWidget>

// Pictures of the windows the tests build, for a person to review: with CHARGEDESK_SHOTS naming
// a folder, screenshot() saves <folder>/<name>.png; without it, it does nothing and the tests
// run as always. (tests/screenshots.sh takes the running console's pictures instead.)
namespace ChargeDesk::Test {

inline QString screenshotFolder()
{
    return qEnvironmentVariable("CHARGEDESK_SHOTS");
}

inline bool takingScreenshots()
{
    return !screenshotFolder().isEmpty();
}

// `widget` as it looks once its pending layouts and repaints have run.
inline void screenshot(QWidget *widget, const QString &name)
{
    if (!takingScreenshots())
        return;
    const QDir folder(screenshotFolder());
    QVERIFY2(folder.mkpath(QStringLiteral(".")), qPrintable(folder.path()));
    QCoreApplication::sendPostedEvents();
    QCoreApplication::processEvents();
    QVERIFY2(widget->grab().save(folder.filePath(name + QStringLiteral(".png"))), qPrintable(name));
}

} // namespace ChargeDesk::Test
