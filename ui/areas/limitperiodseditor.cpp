#include "ui/areas/limitperiodseditor.h"

#include "ui/widgets/formstyle.h"
#include "ui/widgets/icons.h"
#include "ui/widgets/tr.h"
#include "ui/widgets/valueformat.h"
#include "ui/widgets/zoneddatetimeedit.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>
#include <QToolButton>

#include <algorithm>

#include <limits>

namespace ChargeDesk::Ui {

namespace {

ZonedDateTimeEdit *timeEdit(const QVariant &utcMs, QWidget *parent)
{
    auto *edit = new ZonedDateTimeEdit(parent);
    edit->setUtcMs(utcMs.toLongLong());
    return edit;
}

} // namespace

LimitPeriodsEditor::LimitPeriodsEditor(const Core::Clock &clock, QWidget *parent)
    : QWidget(parent)
    , m_clock(clock)
{
    setObjectName(QStringLiteral("limitPeriods"));
    m_empty = new QLabel(Tr::tr("No limit periods: the output limit above applies at all times."), this);
    m_empty->setWordWrap(true);
    m_empty->setForegroundRole(QPalette::PlaceholderText);
    m_add = new QPushButton(Icons::get(QStringLiteral("new")), Tr::tr("Add limit period"), this);
    m_add->setObjectName(QStringLiteral("addPeriod"));
    m_add->setAutoDefault(false);
    m_rowsLayout = new QVBoxLayout;
    m_rowsLayout->setContentsMargins(0, 0, 0, 0);
    m_rowsLayout->setSpacing(6);
    auto *addLine = new QHBoxLayout;
    addLine->addWidget(m_add);
    addLine->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_empty);
    layout->addLayout(m_rowsLayout);
    layout->addLayout(addLine);
    connect(m_add, &QPushButton::clicked, this, [this] {
        addRow({{QStringLiteral("recurrence"), QStringLiteral("daily")},
                {QStringLiteral("starts_at"), nextHourMs(1)},
                {QStringLiteral("ends_at"), nextHourMs(3)}})
            .recurrence->setFocus();
        emit edited();
    });
    renumber();
}

// Whole hours from now: limit periods are planned ahead, rarely to the minute.
qint64 LimitPeriodsEditor::nextHourMs(int hoursAhead) const
{
    const qint64 hour = 3600 * 1000;
    return (m_clock.nowMs() / hour + hoursAhead) * hour;
}

void LimitPeriodsEditor::setPeriods(const QList<Core::Record> &periods)
{
    for (const Row &row : std::as_const(m_rows))
        delete row.box;
    m_rows.clear();
    for (const Core::Record &p : periods)
        addRow(p);
    renumber();
}

LimitPeriodsEditor::Row &LimitPeriodsEditor::addRow(const Core::Record &period)
{
    Row row;
    row.box = new QWidget(this);
    row.recurrence = new QComboBox(row.box);
    for (const char *code : {"once", "daily", "weekly"})
        row.recurrence->addItem(choiceText(QString::fromLatin1(code)), QString::fromLatin1(code));
    row.recurrence->setCurrentIndex(
        std::max(0, row.recurrence->findData(period.value(QStringLiteral("recurrence")).toString())));
    row.start = timeEdit(period.value(QStringLiteral("starts_at")), row.box);
    row.end = timeEdit(period.value(QStringLiteral("ends_at")), row.box);
    row.days = new QWidget(row.box);
    auto *days = new QHBoxLayout(row.days);
    days->setContentsMargins(0, 0, 0, 0);
    days->setSpacing(1);
    const int mask = period.value(QStringLiteral("weekdays")).toInt();
    for (int d = 0; d < 7; ++d) {
        auto *button = new QToolButton(row.days);
        // Qt counts Monday as 1, as the stored bits do from bit 0.
        button->setText(QLocale().dayName(d + 1, QLocale::NarrowFormat));
        button->setToolTip(QLocale().dayName(d + 1));
        button->setCheckable(true);
        button->setChecked((mask & (1 << d)) != 0);
        button->setAutoRaise(false);
        days->addWidget(button);
        row.day << button;
        connect(button, &QToolButton::toggled, this, &LimitPeriodsEditor::edited);
    }
    row.days->setToolTip(Tr::tr("The weekdays it applies on; none means the weekday of its start."));
    row.limit = new QSpinBox(row.box);
    row.limit->setRange(0, std::numeric_limits<int>::max());
    row.limit->setGroupSeparatorShown(true);
    row.limit->setSuffix(QStringLiteral(" ") + m_unit);
    row.limit->setValue(period.value(QStringLiteral("limit_value")).toInt());
    row.limit->setMinimumWidth(fontMetrics().averageCharWidth() * 14);
    row.remove = new QPushButton(Icons::get(QStringLiteral("delete")), QString(), row.box);
    row.remove->setToolTip(Tr::tr("Remove this limit period"));
    row.remove->setAutoDefault(false);
    row.error = new QLabel(row.box);
    row.error->setTextFormat(Qt::PlainText);
    row.error->setWordWrap(true);
    QPalette red = row.error->palette();
    red.setColor(QPalette::WindowText, errorColor(red));
    row.error->setPalette(red);
    row.error->hide();

    auto *line = new QHBoxLayout;
    line->setContentsMargins(0, 0, 0, 0);
    line->addWidget(row.recurrence);
    line->addWidget(row.start, 1);
    line->addWidget(new QLabel(QStringLiteral("–"), row.box));
    line->addWidget(row.end, 1);
    line->addWidget(row.days);
    line->addWidget(row.limit);
    line->addWidget(row.remove);
    auto *box = new QVBoxLayout(row.box);
    box->setContentsMargins(0, 0, 0, 0);
    box->setSpacing(2);
    box->addLayout(line);
    box->addWidget(row.error);
    m_rowsLayout->addWidget(row.box);
    row.box->show(); // at once, not when the layout gets to it: the page may be showing

    QWidget *days_ = row.days;
    QComboBox *recurrence = row.recurrence;
    const auto showDays = [days_, recurrence] {
        days_->setVisible(recurrence->currentData().toString() == QLatin1String("weekly"));
    };
    showDays();
    connect(row.recurrence, &QComboBox::currentIndexChanged, this, [this, showDays] {
        showDays();
        emit edited();
    });
    connect(row.start, &QDateTimeEdit::dateTimeChanged, this, &LimitPeriodsEditor::edited);
    connect(row.end, &QDateTimeEdit::dateTimeChanged, this, &LimitPeriodsEditor::edited);
    connect(row.limit, &QSpinBox::valueChanged, this, &LimitPeriodsEditor::edited);
    QWidget *owner = row.box;
    connect(row.remove, &QPushButton::clicked, this, [this, owner] {
        removeRow(owner);
        emit edited();
    });
    m_rows << row;
    renumber();
    return m_rows.last();
}

void LimitPeriodsEditor::removeRow(QWidget *box)
{
    m_rows.removeIf([box](const Row &row) { return row.box == box; });
    box->hide();
    box->deleteLater();
    renumber();
}

void LimitPeriodsEditor::renumber()
{
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        const Row &row = m_rows.at(i);
        row.recurrence->setObjectName(QStringLiteral("periodRecurrence_%1").arg(i));
        row.start->setObjectName(QStringLiteral("periodStart_%1").arg(i));
        row.end->setObjectName(QStringLiteral("periodEnd_%1").arg(i));
        for (qsizetype d = 0; d < row.day.size(); ++d)
            row.day.at(d)->setObjectName(QStringLiteral("periodDay_%1_%2").arg(i).arg(d));
        row.limit->setObjectName(QStringLiteral("periodLimit_%1").arg(i));
        row.remove->setObjectName(QStringLiteral("removePeriod_%1").arg(i));
        row.error->setObjectName(QStringLiteral("periodError_%1").arg(i));
    }
    m_empty->setVisible(m_rows.isEmpty());
}

QList<Core::Record> LimitPeriodsEditor::periods() const
{
    QList<Core::Record> result;
    for (const Row &row : m_rows) {
        int mask = 0;
        for (qsizetype d = 0; d < row.day.size(); ++d)
            mask |= row.day.at(d)->isChecked() ? 1 << d : 0;
        const QString recurrence = row.recurrence->currentData().toString();
        Core::Record period{{QStringLiteral("recurrence"), recurrence},
                            {QStringLiteral("starts_at"), row.start->utcMs()},
                            {QStringLiteral("ends_at"), row.end->utcMs()},
                            {QStringLiteral("limit_value"), qint64(row.limit->value())}};
        if (recurrence == QLatin1String("weekly") && mask != 0)
            period.insert(QStringLiteral("weekdays"), mask);
        result << period;
    }
    return result;
}

void LimitPeriodsEditor::setUnit(const QString &unit)
{
    m_unit = unit;
    for (const Row &row : std::as_const(m_rows))
        row.limit->setSuffix(QStringLiteral(" ") + unit);
}

void LimitPeriodsEditor::clearErrors()
{
    for (const Row &row : std::as_const(m_rows))
        row.error->hide();
}

bool LimitPeriodsEditor::showErrors(const QList<Core::FieldError> &errors)
{
    QList<QStringList> byRow(m_rows.size());
    for (const Core::FieldError &e : errors) {
        const QStringList parts = e.field.split(QLatin1Char('/'));
        bool ok = false;
        const int row = parts.size() == 3 ? parts.at(1).toInt(&ok) : -1;
        if (ok && row >= 0 && row < m_rows.size())
            byRow[row] << e.message;
    }
    bool any = false;
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        m_rows.at(i).error->setText(byRow.at(i).join(QLatin1Char(' ')));
        m_rows.at(i).error->setVisible(!byRow.at(i).isEmpty());
        any = any || !byRow.at(i).isEmpty();
    }
    return any;
}

} // namespace ChargeDesk::Ui
