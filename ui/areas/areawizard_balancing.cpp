#include "ui/areas/areatext.h"
#include "ui/areas/areawizard_p.h"
#include "ui/areas/limitperiodseditor.h"
#include "ui/widgets/fieldeditor.h"

#include "core/catalog.h"
#include "core/repository.h"
#include "ui/widgets/tr.h"

#include <QLabel>

namespace ChargeDesk::Ui {

namespace {

const QString Enabled = QStringLiteral("dlb_enabled");
const QString LimitType = QStringLiteral("dlb_limit_type");
const QString Distribution = QStringLiteral("dlb_distribution");
const QString Fallout = QStringLiteral("dlb_fallout");

// Every field of the page but the switch: shown only while load balancing is on.
const QStringList &balancingFields()
{
    static const QStringList fields{LimitType,
                                    QStringLiteral("dlb_limit"),
                                    QStringLiteral("dlb_by_asset"),
                                    Distribution,
                                    Fallout,
                                    QStringLiteral("dlb_priority_levels"),
                                    QStringLiteral("dlb_redistribution_interval_s"),
                                    QStringLiteral("dlb_min_increase_percent"),
                                    QStringLiteral("dlb_min_increase"),
                                    QStringLiteral("dlb_min_supply"),
                                    QStringLiteral("dlb_max_supply")};
    return fields;
}

} // namespace

AreaBalancingPage::AreaBalancingPage(AreaWizardState &state, QWidget *parent)
    : AreaFormPage(state,
                   {{QString(), {Enabled}},
                    {Tr::tr("Limit"), {LimitType, QStringLiteral("dlb_limit"), QStringLiteral("dlb_by_asset")}},
                    {Tr::tr("Sharing between sessions"),
                     {Distribution, Fallout, QStringLiteral("dlb_priority_levels"),
                      QStringLiteral("dlb_redistribution_interval_s"), QStringLiteral("dlb_min_supply"),
                      QStringLiteral("dlb_max_supply")}},
                    {Tr::tr("Messages to the chargers"),
                     {QStringLiteral("dlb_min_increase_percent"), QStringLiteral("dlb_min_increase")}}},
                   parent)
{
    setObjectName(QStringLiteral("balancingPage"));
    setTitle(Tr::tr("Dynamic load balancing"));
    setSubTitle(Tr::tr("Share one power source between the sessions charging in this area. Best with one area per "
                       "power source."));
    addHint(Enabled, Tr::tr("While it is on, the area's limits decide what each charger may draw, and charging "
                            "profiles assigned to its stations are set aside."));
    m_onlyWhenOn << addHint(
        QStringLiteral("dlb_by_asset"),
        Tr::tr("A meter or another asset of the area reports what is available; its reports replace the limit "
               "above while they arrive."));
    m_distributionHint = addHint(Distribution, QString());
    m_falloutHint = addHint(Fallout, QString());
    m_onlyWhenOn << m_distributionHint << m_falloutHint;
    m_onlyWhenOn << addHint(QStringLiteral("dlb_priority_levels"),
                            Tr::tr("Customers on plans with a higher priority level are served before the others."));
    m_onlyWhenOn << addHint(
        QStringLiteral("dlb_redistribution_interval_s"),
        Tr::tr("How often the shares are worked out again; at least 60 seconds. A session starting or ending, "
               "or a new asset report, does it at once."));
    form().setFieldSuffix(QStringLiteral("dlb_min_increase_percent"), Tr::tr("%"));
    m_onlyWhenOn << addHint(
        QStringLiteral("dlb_min_increase"),
        Tr::tr("A higher limit goes to a charger only when it rises by more than this share or this amount (in "
               "the limit's unit), or once per interval; empty: 5 % or 1 kW (1.5 A). A lower limit always goes "
               "at once."));
    m_onlyWhenOn << addHint(QStringLiteral("dlb_max_supply"),
                            Tr::tr("What one session gets at least and at most, whatever its charger could deliver."));

    state.periods = new LimitPeriodsEditor(state.repository.clock(), this);
    m_onlyWhenOn << addGroup(Tr::tr("Limit periods"), state.periods);
    if (state.id) {
        Core::ListQuery query;
        query.filters << Core::ListQuery::Filter{QStringLiteral("area_id"), Core::ListQuery::Filter::Op::Equals,
                                                 *state.id};
        query.orderBy = QStringLiteral("starts_at");
        query.limit = 1000;
        const auto periods = state.repository.list(state.actor, Core::Tables::AreaLimitPeriods, query);
        if (periods)
            state.periods->setPeriods(periods.value());
    }

    for (const QString &name : {Enabled, LimitType, Distribution, Fallout})
        connect(form().editor(name), &FieldEditor::edited, this, &AreaBalancingPage::updateFields);
    updateFields();
}

void AreaBalancingPage::initializePage()
{
    updateFields();
}

void AreaBalancingPage::updateFields()
{
    const bool on = form().editor(Enabled)->value().toBool();
    for (const QString &name : balancingFields())
        form().setFieldVisible(name, on);
    for (QWidget *row : std::as_const(m_onlyWhenOn))
        form().setRowVisible(row, on);

    const QString unit = areaUnit(form().editor(LimitType)->value().toString());
    for (const char *name : {"dlb_limit", "dlb_min_increase", "dlb_min_supply", "dlb_max_supply"})
        form().setFieldSuffix(QString::fromLatin1(name), unit);
    m_state.periods->setUnit(unit);

    const bool equal = form().editor(Distribution)->value().toString() == QLatin1String("equal");
    m_distributionHint->setText(
        equal ? Tr::tr("Every charging session gets the same share of what is available.")
              : Tr::tr("The session that started first gets all it can take; later ones share what is left, and "
                       "move up as earlier ones finish."));
    // The fallout strategy only decides anything when shares are equal.
    form().editor(Fallout)->widget()->setEnabled(equal);
    const bool round = form().editor(Fallout)->value().toString() == QLatin1String("round_allocation");
    m_falloutHint->setText(!equal ? Tr::tr("Used only with equal sharing.")
                           : round
                               ? Tr::tr("When there is not enough for every session's minimum, sessions take turns: "
                                        "at each redistribution others get their minimum, so all of them charge "
                                        "over time.")
                               : Tr::tr("When there is not enough for every session's minimum, the sessions that "
                                        "started first keep charging and the latest ones pause."));
}

bool AreaBalancingPage::checkExtras()
{
    m_state.periods->clearErrors();
    if (!form().editor(Enabled)->value().toBool() || m_state.periods->periods().isEmpty())
        return true;
    // The periods belong to an area that may not exist yet: try the whole write and undo it.
    const Core::Status tried = Core::checkAreaPlan(m_state.repository, m_state.actor, m_state.id, m_state.plan());
    return tried || !m_state.periods->showErrors(tried.error().fields());
}

} // namespace ChargeDesk::Ui
