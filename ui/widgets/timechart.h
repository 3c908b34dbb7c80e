#pragma once

class QCategoryAxis;
class QChart;
class QPalette;
class QString;
class QValueAxis;

namespace ChargeDesk::Ui {

// What the console's charts over clock time share (x in UTC milliseconds).

// A chart that follows the window's palette, so it reads in dark mode too.
QChart *newThemedChart(const QPalette &palette);

// A time axis for it. Qt 6.4's QDateTimeAxis drew neither labels nor grid lines in these
// charts (offscreen and under X); category labels at round clock times draw reliably.
QCategoryAxis *newTimeAxis(const QPalette &palette);

// The value axis beside it, in the palette's text colour, with short numbers ("%.3g").
QValueAxis *newValueAxis(const QPalette &palette, const QString &title);

// Clock-time labels at round minutes or hours (at most six) over [fromMs, toMs].
void labelTimeAxis(QCategoryAxis *axis, double fromMs, double toMs);

} // namespace ChargeDesk::Ui
