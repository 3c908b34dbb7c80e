#include "ui/stations/chargingprofiledetails.h"

#include "core/catalog.h"
#include "ui/stations/chargingprofilechart.h"
#include "ui/widgets/childlist.h"
#include "ui/widgets/recordtablemodel.h"
#include "ui/widgets/tr.h"

#include <QCoreApplication>
#include <QLabel>
#include <QTableView>
#include <QVBoxLayout>

namespace ChargeDesk::Ui {

namespace {} // namespace

QWidget *chargingProfileDetails(const PageContext &context, ListPage &page)
{
    auto *box = new QWidget;
    box->setObjectName(QStringLiteral("chargingProfileDetails"));
    auto *chart = new ChargingProfileChart(context.repository, context.actor, box);

    // The periods of the selected profile, added, changed and removed in place; the chart
    // above follows every change.
    const QStringList columns{QStringLiteral("start_offset_s"), QStringLiteral("limit_value"),
                              QStringLiteral("number_phases")};
    auto *periods = new ChildList(context.repository, context.actor,
                                  {Core::Tables::ChargingProfilePeriods, columns, {}, columns.first()},
                                  QStringLiteral("profile_id"), {{Tr::tr("Period"), columns}}, box);
    periods->view().setObjectName(QStringLiteral("periodTable"));

    auto *heading = new QLabel(Tr::tr("Schedule periods"), box);
    QFont bold = heading->font();
    bold.setBold(true);
    heading->setFont(bold);

    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(chart, 1);
    layout->addWidget(heading);
    layout->addWidget(periods);

    const auto follow = [chart, periods, heading, context](qint64 profileId) {
        chart->setProfile(profileId);
        const auto profile = context.repository.get(context.actor, Core::Tables::ChargingProfiles, profileId);
        const QString unit = profile ? profile.value().value(QStringLiteral("unit")).toString() : QString();
        heading->setText(unit.isEmpty() ? Tr::tr("Schedule periods")
                                        : Tr::tr("Schedule periods (limits in %1)").arg(unit));
        periods->setParentId(profileId);
    };
    QObject::connect(&page, &ListPage::currentChanged, box, follow);
    follow(page.currentId());
    return box;
}

} // namespace ChargeDesk::Ui
