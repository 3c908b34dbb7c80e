#include "ui/widgets/formstyle.h"

#include <QLabel>
#include <QWidget>

namespace ChargeDesk::Ui {

QColor errorColor(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness() < 128 ? QColor(0xff, 0x8a, 0x80) : QColor(0xb3, 0x26, 0x1e);
}

QLabel *makeBanner(const QString &objectName, QWidget *parent)
{
    auto *banner = new QLabel(parent);
    banner->setObjectName(objectName);
    banner->setWordWrap(true);
    banner->setTextFormat(Qt::PlainText);
    banner->setTextInteractionFlags(Qt::TextSelectableByMouse);
    const bool dark = parent->palette().color(QPalette::Window).lightness() < 128;
    banner->setStyleSheet(dark ? QStringLiteral("QLabel { background: #4a1d1a; border: 1px solid #8c2f28; "
                                                "border-radius: 4px; padding: 8px; color: #ffdad6; }")
                               : QStringLiteral("QLabel { background: #fdecea; border: 1px solid #f1b8b3; "
                                                "border-radius: 4px; padding: 8px; color: #5f1412; }"));
    banner->hide();
    return banner;
}

QColor mutedColor(const QPalette &palette)
{
    const QColor text = palette.color(QPalette::WindowText);
    const QColor window = palette.color(QPalette::Window);
    return QColor((text.red() + window.red()) / 2, (text.green() + window.green()) / 2,
                  (text.blue() + window.blue()) / 2);
}

QLabel *makeHint(const QString &text, QWidget *parent)
{
    auto *hint = new QLabel(text, parent);
    hint->setWordWrap(true);
    hint->setTextFormat(Qt::PlainText);
    hint->setForegroundRole(QPalette::PlaceholderText);
    return hint;
}

} // namespace ChargeDesk::Ui
