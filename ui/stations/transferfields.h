#pragma once

#include <QDateTime>
#include <QString>

class QHBoxLayout;
class QLabel;
class QLineEdit;
class QSpinBox;
class QWidget;

namespace ChargeDesk::Ui {

class ZonedDateTimeEdit;

// The fields the two operations that move files share (FirmwarePanel's download and
// DiagnosticsPanel's upload): a location checked as a station needs it, with its error below,
// retries, dates, and the folders of the console's own file server (server/filedepot.h).

inline const QString FirmwareFolder = QStringLiteral("firmware");
inline const QString DiagnosticsFolder = QStringLiteral("diagnostics");

// Why a station could not use `text` as a location, or empty. `needsFile` for a download,
// whose address must name the file.
QString locationProblem(const QString &text, bool needsFile);
// Shows `field`'s location problem in `error` while the operator types, not while it is empty.
void checkLocation(QLineEdit *field, QLabel *error, bool needsFile);

QLabel *newFieldError(QWidget *parent, const QString &name);
// The field with its message below it (and `below`, a button, under that), as one row of a form.
QWidget *withError(QWidget *parent, QWidget *field, QLabel *error, QWidget *below = nullptr);
// "[retries] times, every [interval]".
QHBoxLayout *retriesRow(QWidget *parent, QSpinBox *retries, QSpinBox *interval);
// A date and time in the site's zone, starting at `utcMs`.
ZonedDateTimeEdit *newDateTime(QWidget *parent, const QString &name, qint64 utcMs);
QSpinBox *newSpin(QWidget *parent, const QString &name, int max, int value, const QString &suffix = {});

} // namespace ChargeDesk::Ui
