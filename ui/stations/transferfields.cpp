#include "ui/stations/transferfields.h"

#include "ui/stations/operationpanel.h"
#include "ui/widgets/tr.h"
#include "ui/widgets/zoneddatetimeedit.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QSpinBox>
#include <QUrl>
#include <QVBoxLayout>

namespace ChargeDesk::Ui {

// OCPP names FTP and HTTP (ftp://user:password@host:port/path, http://host:port/path);
// chargers also know their secure forms.
QString locationProblem(const QString &text, bool needsFile)
{
    static const QStringList schemes{QStringLiteral("ftp"), QStringLiteral("ftps"), QStringLiteral("sftp"),
                                     QStringLiteral("http"), QStringLiteral("https")};
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    if (text.trimmed().isEmpty())
        return needsFile ? Tr::tr("Enter the address the station downloads the firmware from.")
                         : Tr::tr("Enter the address the station uploads its diagnostics to.");
    if (!url.isValid() || !schemes.contains(url.scheme().toLower()) || url.host().isEmpty())
        return Tr::tr("Use an address like ftp://user:password@host:21/path or https://host/path.");
    if (needsFile && (url.path().isEmpty() || url.path().endsWith(QLatin1Char('/'))))
        return Tr::tr("The address must name the firmware file, not a folder.");
    return {};
}

void checkLocation(QLineEdit *field, QLabel *error, bool needsFile)
{
    const QString problem = locationProblem(field->text(), needsFile);
    error->setText(problem);
    error->setVisible(!problem.isEmpty() && !field->text().isEmpty());
}

QLabel *newFieldError(QWidget *parent, const QString &name)
{
    auto *error = new QLabel(parent);
    error->setObjectName(name);
    error->setWordWrap(true);
    error->setStyleSheet(QStringLiteral("color: #c62828;"));
    error->hide();
    return error;
}

QWidget *withError(QWidget *parent, QWidget *field, QLabel *error, QWidget *below)
{
    auto *box = new QWidget(parent);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(field);
    layout->addWidget(error);
    if (below) {
        auto *row = new QHBoxLayout;
        row->addWidget(below);
        row->addStretch(1);
        layout->addLayout(row);
    }
    return box;
}

QHBoxLayout *retriesRow(QWidget *parent, QSpinBox *retries, QSpinBox *interval)
{
    auto *row = new QHBoxLayout;
    row->addWidget(retries);
    row->addWidget(new QLabel(Tr::tr("times, every"), parent));
    row->addWidget(interval);
    row->addStretch(1);
    return row;
}

ZonedDateTimeEdit *newDateTime(QWidget *parent, const QString &name, qint64 utcMs)
{
    auto *edit = new ZonedDateTimeEdit(parent);
    edit->setObjectName(name);
    edit->setUtcMs(utcMs);
    return edit;
}

QSpinBox *newSpin(QWidget *parent, const QString &name, int max, int value, const QString &suffix)
{
    auto *spin = new QSpinBox(parent);
    spin->setObjectName(name);
    spin->setRange(0, max);
    spin->setValue(value);
    spin->setSuffix(suffix);
    return spin;
}

} // namespace ChargeDesk::Ui
