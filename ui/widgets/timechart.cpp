#include "ui/widgets/timechart.h"

#include <QCategoryAxis>
#include <QChart>
#include <QDateTime>
#include <QLocale>
#include <QPalette>
#include <QValueAxis>

#include <iterator>

namespace ChargeDesk::Ui {

QChart *newThemedChart(const QPalette &palette)
{
    auto *chart = new QChart;
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->setBackgroundRoundness(0);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->legend()->setLabelColor(palette.text().color());
    chart->setBackgroundBrush(palette.base());
    chart->setPlotAreaBackgroundVisible(false);
    return chart;
}

QCategoryAxis *newTimeAxis(const QPalette &palette)
{
    auto *axis = new QCategoryAxis;
    axis->setObjectName(QStringLiteral("timeAxis"));
    axis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    axis->setLabelsBrush(palette.text());
    return axis;
}

QValueAxis *newValueAxis(const QPalette &palette, const QString &title)
{
    auto *axis = new QValueAxis;
    axis->setTitleText(title);
    axis->setTitleBrush(palette.text());
    axis->setLabelsBrush(palette.text());
    axis->setLabelFormat(QStringLiteral("%.3g"));
    return axis;
}

void labelTimeAxis(QCategoryAxis *axis, double fromMs, double toMs)
{
    for (const QString &label : axis->categoriesLabels())
        axis->remove(label);
    axis->setStartValue(fromMs);
    axis->setRange(fromMs, toMs);
    // The smallest round step that gives at most six labels.
    static constexpr qint64 StepsMin[] = {1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 10080};
    qint64 stepMs = StepsMin[std::size(StepsMin) - 1] * 60'000;
    for (qint64 minutes : StepsMin) {
        if ((toMs - fromMs) / double(minutes * 60'000) <= 6.0) {
            stepMs = minutes * 60'000;
            break;
        }
    }
    const QLocale locale;
    const bool days = toMs - fromMs > 24 * 3600'000.0;
    // Round in local time, so that labels read 10:00, 10:15 and not 10:07.
    const qint64 offsetMs = qint64(QDateTime::fromMSecsSinceEpoch(qint64(fromMs)).offsetFromUtc()) * 1000;
    qint64 at = (qint64(fromMs) + offsetMs + stepMs - 1) / stepMs * stepMs - offsetMs;
    for (; at <= qint64(toMs); at += stepMs) {
        const QDateTime local = QDateTime::fromMSecsSinceEpoch(at);
        const QString text = days ? locale.toString(local, QStringLiteral("d MMM ")) +
                                        locale.toString(local.time(), QLocale::ShortFormat)
                                  : locale.toString(local.time(), QLocale::ShortFormat);
        axis->append(text, double(at));
    }
}

} // namespace ChargeDesk::Ui
