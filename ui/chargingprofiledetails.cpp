#include "ui/chargingprofiledetails.h"

#include "core/catalog.h"
#include "ui/chargingprofilechart.h"
#include "ui/recordtablemodel.h"

#include <QCoreApplication>
#include <QHeaderView>
#include <QLabel>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QVBoxLayout>

namespace ChargeDesk::Ui {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Ui)
};

// A period's start point as the time after the schedule's start ("1:30:00"), not as seconds.
class StartPointDelegate final : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        const qint64 s = index.data(RecordTableModel::ValueRole).toLongLong();
        option->text = QStringLiteral("%1:%2:%3")
                           .arg(s / 3600)
                           .arg(s % 3600 / 60, 2, 10, QLatin1Char('0'))
                           .arg(s % 60, 2, 10, QLatin1Char('0'));
    }
};

} // namespace

QWidget *chargingProfileDetails(const PageContext &context, ListPage &page)
{
    auto *box = new QWidget;
    box->setObjectName(QStringLiteral("chargingProfileDetails"));
    auto *chart = new ChargingProfileChart(context.repository, context.actor, box);

    // The periods of the selected profile, read-only: they are edited with the profile.
    auto *periods = new RecordTableModel(
        context.repository, context.actor, Core::Tables::ChargingProfilePeriods,
        {QStringLiteral("start_offset_s"), QStringLiteral("limit_value"), QStringLiteral("number_phases")}, box);
    periods->sort(0, Qt::AscendingOrder);
    auto *table = new QTableView(box);
    table->setObjectName(QStringLiteral("periodTable"));
    table->setModel(periods);
    table->setItemDelegateForColumn(0, new StartPointDelegate(table));
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setAlternatingRowColors(true);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setStretchLastSection(true);
    table->setMinimumHeight(table->fontMetrics().height() * 8);

    auto *heading = new QLabel(Tr::tr("Schedule periods"), box);
    QFont bold = heading->font();
    bold.setBold(true);
    heading->setFont(bold);

    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(chart, 1);
    layout->addWidget(heading);
    layout->addWidget(table);

    const auto follow = [chart, periods, heading, context](qint64 profileId) {
        chart->setProfile(profileId);
        const auto profile = context.repository.get(context.actor, Core::Tables::ChargingProfiles, profileId);
        const QString unit = profile ? profile.value().value(QStringLiteral("unit")).toString() : QString();
        heading->setText(unit.isEmpty() ? Tr::tr("Schedule periods")
                                        : Tr::tr("Schedule periods (limits in %1)").arg(unit));
        periods->setFilters(
            {{QStringLiteral("profile_id"), Core::ListQuery::Filter::Op::Equals, QVariant::fromValue(profileId)}});
    };
    QObject::connect(&page, &ListPage::currentChanged, box, follow);
    follow(page.currentId());
    return box;
}

} // namespace ChargeDesk::Ui
