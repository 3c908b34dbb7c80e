#include "ui/stations/chargingprofilechart.h"

#include "core/catalog.h"
#include "core/repository.h"
#include "ui/widgets/tr.h"

#include <QAreaSeries>
#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QLabel>
#include <QLineSeries>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace ChargeDesk::Ui {

namespace {

using Period = Core::ProfileValues::Period;

constexpr qint64 Hour = 3600;
constexpr qint64 Day = 24 * Hour;

// "1 h 30 min", "2 d 6 h": a length of time in the words of the caption.
QString lengthText(qint64 s)
{
    QStringList parts;
    if (s >= Day)
        parts << Tr::tr("%1 d").arg(s / Day);
    if (s % Day >= Hour)
        parts << Tr::tr("%1 h").arg(s % Day / Hour);
    if (s % Hour >= 60 || parts.isEmpty())
        parts << Tr::tr("%1 min").arg(s % Hour / 60);
    return parts.join(QLatin1Char(' '));
}

// An axis label: hours and minutes from the start ("1:30", "36:00"); days past two days.
QString tickText(qint64 s, qint64 endS)
{
    if (endS > 2 * Day)
        return s == 0 ? QStringLiteral("0") : lengthText(s);
    return QStringLiteral("%1:%2").arg(s / Hour).arg(s % Hour / 60, 2, 10, QLatin1Char('0'));
}

QList<Period> periodsOf(const QList<Core::Record> &rows)
{
    QList<Period> periods;
    for (const Core::Record &row : rows)
        periods << Period{row.value(QStringLiteral("start_offset_s")).toLongLong(),
                          row.value(QStringLiteral("limit_value")).toDouble(), std::nullopt};
    return periods;
}

} // namespace

QList<QPointF> limitSteps(QList<Period> periods, qint64 endS)
{
    std::sort(periods.begin(), periods.end(), [](const Period &a, const Period &b) { return a.startS < b.startS; });
    QList<QPointF> points;
    for (qsizetype i = 0; i < periods.size() && periods.at(i).startS < endS; ++i) {
        const qint64 until = i + 1 < periods.size() ? qMin(periods.at(i + 1).startS, endS) : endS;
        points << QPointF(double(periods.at(i).startS), periods.at(i).limit)
               << QPointF(double(until), periods.at(i).limit);
    }
    return points;
}

qint64 chartEndS(const Core::Record &profile, const QList<Period> &periods, bool *openEnded)
{
    const QVariant duration = profile.value(QStringLiteral("duration_s"));
    *openEnded = false;
    if (!duration.isNull() && duration.toLongLong() > 0)
        return duration.toLongLong();
    if (profile.value(QStringLiteral("kind")).toString() == QLatin1String("recurring"))
        return profile.value(QStringLiteral("recurrency")).toString() == QLatin1String("weekly") ? 7 * Day : Day;
    // A one-time profile's last limit holds while the profile is valid: show as much past its
    // start as came before it, and an hour at least.
    *openEnded = true;
    qint64 last = 0;
    for (const Period &p : periods)
        last = qMax(last, p.startS);
    return last + qMax(Hour, last);
}

ChargingProfileChart::ChargingProfileChart(Core::Repository &repository, const Core::Actor &actor, QWidget *parent)
    : QWidget(parent)
    , m_repository(repository)
    , m_actor(actor)
{
    setObjectName(QStringLiteral("profileChart"));
    m_line = new QLineSeries(this);
    m_line->setObjectName(QStringLiteral("limitSeries"));
    auto *area = new QAreaSeries(m_line);
    QColor fill = palette().color(QPalette::Highlight);
    QPen pen(fill, 2);
    fill.setAlphaF(0.25);
    area->setBrush(fill);
    area->setPen(pen);

    m_chart = new QChart;
    m_chart->legend()->hide();
    m_chart->setBackgroundRoundness(0);
    m_chart->setMargins(QMargins(4, 4, 16, 4)); // room for the last time label
    m_chart->addSeries(area);
    auto *time = new QCategoryAxis;
    time->setObjectName(QStringLiteral("timeAxis"));
    time->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    time->setTruncateLabels(false);
    auto *limit = new QValueAxis;
    limit->setObjectName(QStringLiteral("limitAxis"));
    m_chart->addAxis(time, Qt::AlignBottom);
    m_chart->addAxis(limit, Qt::AlignLeft);
    area->attachAxis(time);
    area->attachAxis(limit);

    m_view = new QChartView(m_chart, this);
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setMinimumHeight(fontMetrics().height() * 16);
    setMinimumWidth(fontMetrics().averageCharWidth() * 56); // room for the time labels
    m_empty = new QLabel(this);
    m_empty->setObjectName(QStringLiteral("noPeriods"));
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_empty->setForegroundRole(QPalette::PlaceholderText);
    m_empty->setMinimumHeight(fontMetrics().height() * 4);
    m_caption = new QLabel(this);
    m_caption->setObjectName(QStringLiteral("chartCaption"));
    m_caption->setWordWrap(true);
    m_caption->setForegroundRole(QPalette::PlaceholderText);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_empty);
    layout->addWidget(m_caption);

    m_reloadTimer.setSingleShot(true);
    m_reloadTimer.setInterval(50);
    connect(&m_reloadTimer, &QTimer::timeout, this, &ChargingProfileChart::reload);
    connect(&m_repository, &Core::Repository::rowChanged, this, &ChargingProfileChart::onRowChanged);
    reload();
}

void ChargingProfileChart::setProfile(qint64 profileId)
{
    m_profileId = profileId;
    reload();
}

QList<QPointF> ChargingProfileChart::points() const
{
    return m_line->points();
}

void ChargingProfileChart::onRowChanged(const QString &table, qint64 id)
{
    // A deleted period no longer says whose it was: any period change redraws, which is cheap.
    if (m_profileId != 0 && (table == Core::Tables::ChargingProfilePeriods ||
                             (table == Core::Tables::ChargingProfiles && id == m_profileId)))
        m_reloadTimer.start();
}

void ChargingProfileChart::showEmpty(const QString &text)
{
    m_line->clear();
    m_view->hide();
    m_caption->hide();
    m_empty->setText(text);
    m_empty->setVisible(!text.isEmpty());
}

void ChargingProfileChart::reload()
{
    m_reloadTimer.stop();
    if (m_profileId == 0)
        return showEmpty(QString());
    const auto profile = m_repository.get(m_actor, Core::Tables::ChargingProfiles, m_profileId);
    if (!profile)
        return showEmpty(profile.error().message());
    Core::ListQuery query;
    query.filters << Core::ListQuery::Filter{QStringLiteral("profile_id"), Core::ListQuery::Filter::Op::Equals,
                                             m_profileId};
    query.orderBy = QStringLiteral("start_offset_s");
    query.limit = 10000;
    const auto rows = m_repository.list(m_actor, Core::Tables::ChargingProfilePeriods, query);
    if (!rows)
        return showEmpty(rows.error().message());
    const QList<Period> periods = periodsOf(rows.value());
    if (periods.isEmpty())
        return showEmpty(Tr::tr("No schedule periods yet. Once the profile has one, its limits over time show here."));

    bool openEnded = false;
    const qint64 endS = chartEndS(profile.value(), periods, &openEnded);
    const QList<QPointF> points = limitSteps(periods, endS);
    m_line->replace(points);
    setTimeAxis(endS);

    double highest = 0;
    for (const QPointF &p : points)
        highest = qMax(highest, p.y());
    const QString unit = profile.value().value(QStringLiteral("unit")).toString();
    auto *limit = static_cast<QValueAxis *>(m_chart->axes(Qt::Vertical).constFirst());
    limit->setTitleText(unit == QLatin1String("A") ? Tr::tr("Limit (A)") : Tr::tr("Limit (W)"));
    limit->setRange(0, highest > 0 ? highest * 1.1 : 1);
    limit->applyNiceNumbers();
    const bool whole =
        std::all_of(points.begin(), points.end(), [](const QPointF &p) { return p.y() == std::floor(p.y()); });
    limit->setLabelFormat(whole && limit->max() >= 5 ? QStringLiteral("%.0f") : QStringLiteral("%.1f"));

    QStringList caption;
    const bool weekly = profile.value().value(QStringLiteral("recurrency")).toString() == QLatin1String("weekly");
    const bool recurring = profile.value().value(QStringLiteral("kind")).toString() == QLatin1String("recurring");
    const bool hasDuration = profile.value().value(QStringLiteral("duration_s")).toLongLong() > 0;
    if (openEnded)
        caption << Tr::tr("The last limit holds as long as the profile is valid; the chart shows %1.")
                       .arg(lengthText(endS));
    else if (recurring && hasDuration)
        caption << (weekly ? Tr::tr("The limits apply for %1 from the start, again every week.")
                           : Tr::tr("The limits apply for %1 from the start, again every day."))
                       .arg(lengthText(endS));
    else if (recurring)
        caption << (weekly ? Tr::tr("The schedule starts again every week.")
                           : Tr::tr("The schedule starts again every day."));
    else
        caption << Tr::tr("The limits apply for %1 from the start.").arg(lengthText(endS));
    const qsizetype unused =
        std::count_if(periods.begin(), periods.end(), [endS](const Period &p) { return p.startS >= endS; });
    if (unused > 0)
        caption << Tr::tr("%n period(s) start after the end and never apply.", nullptr, int(unused));
    m_caption->setText(caption.join(QLatin1Char(' ')));
    m_empty->hide();
    m_view->show();
    m_caption->show();
}

void ChargingProfileChart::setTimeAxis(qint64 endS)
{
    auto *time = static_cast<QCategoryAxis *>(m_chart->axes(Qt::Horizontal).constFirst());
    for (const QString &label : time->categoriesLabels())
        time->remove(label);
    // Four or so labels on round times: the details pane is narrow.
    static const qint64 steps[] = {60,       300,      600,      900,       1800, Hour,
                                   2 * Hour, 3 * Hour, 6 * Hour, 12 * Hour, Day,  2 * Day};
    qint64 step = steps[std::size(steps) - 1];
    for (qint64 candidate : steps) {
        if (endS / candidate <= 4) {
            step = candidate;
            break;
        }
    }
    time->setTitleText(endS > 2 * Day ? Tr::tr("Time from start") : Tr::tr("Time from start (h:mm)"));
    time->setStartValue(0);
    for (qint64 at = 0; at <= endS; at += step)
        time->append(tickText(at, endS), double(at));
    time->setRange(0, double(endS));
}

} // namespace ChargeDesk::Ui
