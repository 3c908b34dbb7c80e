#pragma once

#include <QColor>
#include <QPalette>
#include <QString>

class QLabel;
class QWidget;

// The small pieces that make the wizards and dialogs look alike.
namespace ChargeDesk::Ui {

// A box for problems that belong to no single field, styled like the forms' banner.
QLabel *makeBanner(const QString &objectName, QWidget *parent);
// Red that stays readable on light and dark palettes.
QColor errorColor(const QPalette &palette);
// Text colour for secondary words in rich text: between the text and its background
// (the palette's placeholder colour is translucent, which rich text cannot show).
QColor mutedColor(const QPalette &palette);
// A grey explanation under an option or a field.
QLabel *makeHint(const QString &text, QWidget *parent);

} // namespace ChargeDesk::Ui
