#include "ui/areas/areawizard.h"

#include "core/catalog.h"
#include "core/repository.h"
#include "ui/areas/areatext.h"
#include "ui/areas/areawizard_p.h"
#include "ui/areas/limitperiodseditor.h"
#include "ui/widgets/customattributeseditor.h"
#include "ui/widgets/fieldeditor.h"
#include "ui/widgets/formstyle.h"
#include "ui/widgets/tr.h"
#include "ui/widgets/valueformat.h"

#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

namespace ChargeDesk::Ui {

using Core::Tables::Areas;

namespace {

QStringList names(std::initializer_list<const char *> list)
{
    QStringList result;
    for (const char *name : list)
        result << QString::fromLatin1(name);
    return result;
}

} // namespace

// --- shared state -------------------------------------------------------------------------

Core::Record AreaWizardState::changes() const
{
    Core::Record values;
    for (const AreaFormPage *page : pages)
        values.insert(page->form().values());
    return values;
}

Core::Record AreaWizardState::shown() const
{
    Core::Record values = stored;
    for (const AreaFormPage *page : pages) {
        for (const QString &name : page->form().fieldNames())
            values.insert(name, page->form().editor(name)->value());
    }
    return values;
}

Core::AreaPlan AreaWizardState::plan() const
{
    return {changes(), periods->periods(), attributes->attributes()};
}

bool AreaWizardState::operatorChanges() const
{
    const QString field = QStringLiteral("operator_id");
    const Core::Record changed = changes();
    return id && changed.contains(field) && !FieldEditor::sameValue(changed.value(field), stored.value(field));
}

// --- a page of fields ---------------------------------------------------------------------

AreaFormPage::AreaFormPage(AreaWizardState &state, const QList<FormSection> &sections, QWidget *parent)
    : QWizardPage(parent)
    , m_state(state)
    , m_form(new EntityForm(state.repository, state.actor, Areas, this))
{
    m_form->setSections(sections);
    if (state.id)
        m_form->load(*state.id);
    else
        m_form->startCreate();
    // An operator user's areas belong to their operator; core refuses any other anyway.
    if (state.actor.isScoped())
        m_form->setFieldLocked(QStringLiteral("operator_id"), true);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_form);
    state.pages << this;
}

bool AreaFormPage::validatePage()
{
    m_form->clearErrors();
    const bool extrasFine = checkExtras();
    const QList<Core::FieldError> errors =
        m_state.repository.validate(m_state.actor, Areas, m_state.id, m_state.changes());
    return !showErrors(errors) && extrasFine;
}

bool AreaFormPage::showErrors(const QList<Core::FieldError> &errors)
{
    QList<Core::FieldError> mine;
    for (const Core::FieldError &e : errors) {
        // Rules about fields of the other pages are those pages' to show; a refusal that
        // concerns no field at all (no right to write areas) is everyone's.
        if (e.field.isEmpty() || m_form->fieldNames().contains(e.field))
            mine << e;
    }
    if (!mine.isEmpty())
        m_form->showFieldErrors(mine);
    return !mine.isEmpty();
}

QLabel *AreaFormPage::addHint(const QString &field, const QString &text)
{
    QLabel *hint = makeHint(text, this);
    m_form->insertRowAfter(field, hint);
    return hint;
}

QWidget *AreaFormPage::addGroup(const QString &title, QWidget *widget)
{
    auto *group = new QWidget(this);
    auto *heading = new QLabel(title, group);
    QFont bold = heading->font();
    bold.setBold(true);
    heading->setFont(bold);
    // The same air above as the form's own headings.
    heading->setContentsMargins(0, fontMetrics().height(), 0, 2);
    auto *layout = new QVBoxLayout(group);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(heading);
    layout->addWidget(widget);
    m_form->addFooter(group);
    return group;
}

// --- info ---------------------------------------------------------------------------------

AreaInfoPage::AreaInfoPage(AreaWizardState &state, QWidget *parent)
    : AreaFormPage(state,
                   {{Tr::tr("Area"), names({"name", "code", "operator_id"})},
                    {Tr::tr("Support contact"), names({"support_name", "support_phone", "support_email"})}},
                   parent)
{
    setObjectName(QStringLiteral("infoPage"));
    setTitle(Tr::tr("Area"));
    setSubTitle(Tr::tr("What the area is called, who runs it and whom to call about it on site."));
    addHint(QStringLiteral("code"), state.id
                                        ? Tr::tr("The code identifies the area for integrations and never changes.")
                                        : Tr::tr("A short unique identifier for integrations; it cannot be "
                                                 "changed later."));
    addHint(QStringLiteral("support_email"),
            Tr::tr("For example the building's owner or caretaker; shown for information only."));
    state.attributes = new CustomAttributesEditor(this);
    addGroup(Tr::tr("Custom attributes"), state.attributes);
    if (state.id) {
        const auto attributes = state.repository.attributes(state.actor, Areas, *state.id);
        if (attributes)
            state.attributes->setAttributes(attributes.value());
    }
}

bool AreaInfoPage::checkExtras()
{
    return m_state.attributes->check();
}

// --- roaming and hierarchy ----------------------------------------------------------------

AreaRoamingPage::AreaRoamingPage(AreaWizardState &state, QWidget *parent)
    : AreaFormPage(state, {{Tr::tr("Roaming"), names({"roaming_id"})}, {Tr::tr("Hierarchy"), names({"parent_id"})}},
                   parent)
{
    setObjectName(QStringLiteral("roamingPage"));
    setTitle(Tr::tr("Roaming and hierarchy"));
    setSubTitle(Tr::tr("How partner networks know the area, and the larger site it may be part of."));
    addHint(QStringLiteral("roaming_id"),
            Tr::tr("Only needed when the area is shared with roaming partners: an identifier no other area uses. "
                   "Partners also expect a contact phone, either the support phone on the first page or the "
                   "operator's. Some roaming protocols do not use this identifier."));
    addHint(QStringLiteral("parent_id"),
            Tr::tr("A part of a larger site, such as one car park of a shopping centre. Each part sits at its own "
                   "place on the map and can have a power source of its own."));
}

// --- summary ------------------------------------------------------------------------------

AreaSummaryPage::AreaSummaryPage(AreaWizardState &state, QWidget *parent)
    : QWizardPage(parent)
    , m_state(state)
{
    setObjectName(QStringLiteral("summaryPage"));
    setTitle(Tr::tr("Summary"));
    setSubTitle(state.id ? Tr::tr("Check the changes. Go back to correct anything; nothing is saved before you do.")
                         : Tr::tr("Check the new area. Go back to correct anything; nothing is saved before you do."));
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("summary"));
    m_summary->setTextFormat(Qt::RichText);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_banner = makeBanner(QStringLiteral("saveError"), this);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addStretch(1);
    layout->addWidget(m_banner);
}

QString AreaSummaryPage::referenceName(const QString &table, const QVariant &id) const
{
    if (id.isNull() || !id.isValid() || id.toLongLong() == 0)
        return {};
    const auto row = m_state.repository.get(m_state.actor, table, id.toLongLong());
    return row ? row.value().value(QStringLiteral("name")).toString() : Tr::tr("#%1").arg(id.toLongLong());
}

void AreaSummaryPage::initializePage()
{
    m_banner->hide();
    const Core::Record area = m_state.shown();
    const QString none = QStringLiteral("<span style=\"color:%1\">%2</span>")
                             .arg(mutedColor(palette()).name(), Tr::tr("not given").toHtmlEscaped());
    const auto text = [&](const QString &value) {
        return value.trimmed().isEmpty() ? none : value.toHtmlEscaped();
    };
    const auto field = [&](const char *name) {
        return area.value(QString::fromLatin1(name)).toString();
    };

    QList<std::pair<QString, QList<std::pair<QString, QString>>>> groups;
    groups.append(
        {Tr::tr("Area"),
         {{Tr::tr("Name"), text(field("name"))},
          {Tr::tr("Code"), text(field("code"))},
          {Tr::tr("Operator"), text(referenceName(Core::Tables::Operators, area.value(QStringLiteral("operator_id"))))},
          {Tr::tr("Part of"), text(referenceName(Areas, area.value(QStringLiteral("parent_id"))))},
          {Tr::tr("Roaming ID"), text(field("roaming_id"))}}});
    groups.append({Tr::tr("Support contact"),
                   {{Tr::tr("Name"), text(field("support_name"))},
                    {Tr::tr("Phone"), text(field("support_phone"))},
                    {Tr::tr("Email"), text(field("support_email"))}}});
    const QString place = QStringList{field("zip"), field("city")}.join(QLatin1Char(' ')).trimmed();
    QStringList address{field("address"), place, field("state"), field("country")};
    address.removeAll(QString());
    const bool located =
        !area.value(QStringLiteral("latitude")).isNull() && !area.value(QStringLiteral("longitude")).isNull();
    groups.append(
        {Tr::tr("Location"),
         {{Tr::tr("Address"), text(address.join(QStringLiteral(", ")))},
          {Tr::tr("Coordinates"), located ? Tr::tr("%L1, %L2", "latitude, longitude")
                                                .arg(area.value(QStringLiteral("latitude")).toDouble(), 0, 'f', 6)
                                                .arg(area.value(QStringLiteral("longitude")).toDouble(), 0, 'f', 6)
                                          : none}}});
    QList<std::pair<QString, QString>> balancing;
    if (area.value(QStringLiteral("dlb_enabled")).toBool()) {
        const QString type = field("dlb_limit_type");
        balancing << std::pair{Tr::tr("Limit"), areaLimitText(area).toHtmlEscaped()}
                  << std::pair{Tr::tr("Sharing"), areaBalancingText(area).toHtmlEscaped()}
                  << std::pair{Tr::tr("Priority levels"), area.value(QStringLiteral("dlb_priority_levels")).toBool()
                                                              ? Tr::tr("Considered")
                                                              : Tr::tr("Ignored")};
        QStringList periods;
        for (const Core::Record &p : m_state.periods->periods())
            periods << limitPeriodText(p, type).toHtmlEscaped();
        balancing << std::pair{Tr::tr("Limit periods"),
                               periods.isEmpty() ? none : periods.join(QStringLiteral("<br>"))};
    } else {
        balancing << std::pair{Tr::tr("Status"), Tr::tr("Off: the stations charge at what they can deliver.")};
    }
    groups.append({Tr::tr("Dynamic load balancing"), balancing});
    QList<std::pair<QString, QString>> attributes;
    for (const Core::Attribute &a : m_state.attributes->attributes())
        attributes << std::pair{a.key.toHtmlEscaped(), text(a.value)};
    if (attributes.isEmpty())
        attributes << std::pair{QString(), none};
    groups.append({Tr::tr("Custom attributes"), attributes});

    QString html = QStringLiteral("<table cellspacing=\"0\" cellpadding=\"3\">");
    bool first = true;
    for (const auto &[title, rows] : groups) {
        html += QStringLiteral("<tr><td colspan=\"2\" style=\"padding-top:%1px\"><b>%2</b></td></tr>")
                    .arg(first ? 0 : 10)
                    .arg(title.toHtmlEscaped());
        first = false;
        for (const auto &[label, value] : rows)
            html += QStringLiteral("<tr><td style=\"color:%1; padding-left:12px; padding-right:18px\">%2</td>"
                                   "<td>%3</td></tr>")
                        .arg(mutedColor(palette()).name(), label, value);
    }
    m_summary->setText(html + QStringLiteral("</table>"));
}

bool AreaSummaryPage::confirmOperatorSwitch()
{
    QMessageBox box(QMessageBox::Warning, Tr::tr("Change the operator"), Tr::tr("Move this area to another operator?"),
                    QMessageBox::NoButton, this);
    box.setObjectName(QStringLiteral("confirmOperatorSwitch"));
    box.setInformativeText(
        Tr::tr("The sessions charged here so far would then appear under the new operator, and partners who receive "
               "this area through roaming may keep outdated or wrong data about it. If the area is shared through "
               "roaming, it is safer to close this area and create a new one for the new operator."));
    QPushButton *change = box.addButton(Tr::tr("Change operator"), QMessageBox::AcceptRole);
    change->setObjectName(QStringLiteral("confirmOperatorSwitchButton"));
    box.setDefaultButton(box.addButton(QMessageBox::Cancel));
    box.exec();
    return box.clickedButton() == change;
}

bool AreaSummaryPage::validatePage()
{
    m_banner->hide();
    if (m_state.operatorChanges() && !confirmOperatorSwitch())
        return false;
    const auto saved = Core::saveArea(m_state.repository, m_state.actor, m_state.id, m_state.plan());
    if (!saved) {
        // The pages checked everything before; what is left is a change by someone else
        // meanwhile (a code taken, a parent deleted) or a lost connection.
        QStringList lines;
        for (const Core::FieldError &e : saved.error().fields()) {
            const Core::FieldDef *f = m_state.repository.catalog().entity(Areas).field(e.field);
            lines << (f ? Tr::tr("%1: %2", "field label: message").arg(f->label, e.message) : e.message);
        }
        m_banner->setText(lines.isEmpty() ? saved.error().message() : lines.join(QLatin1Char('\n')));
        m_banner->show();
        return false;
    }
    m_state.saved = saved.value();
    return true;
}

// --- the wizard ---------------------------------------------------------------------------

AreaWizard::AreaWizard(Core::Repository &repository, const Core::Actor &actor, std::optional<qint64> areaId,
                       QWidget *parent)
    : QWizard(parent)
    , m_state(std::make_unique<AreaWizardState>(AreaWizardState{repository, actor, areaId, {}, {}, {}, {}, {}}))
{
    setObjectName(QStringLiteral("areaWizard"));
    if (areaId) {
        const auto stored = repository.get(actor, Areas, *areaId);
        if (stored)
            m_state->stored = stored.value();
    }
    setWindowTitle(areaId ? Tr::tr("Change area %1").arg(m_state->stored.value(QStringLiteral("name")).toString())
                          : Tr::tr("New area"));
    setOption(QWizard::NoBackButtonOnStartPage);
    if (wizardStyle() == QWizard::ClassicStyle)
        setWizardStyle(QWizard::ModernStyle);
    setPage(InfoPage, new Ui::AreaInfoPage(*m_state, this));
    setPage(LocationPage, new Ui::AreaLocationPage(*m_state, this));
    setPage(RoamingPage, new Ui::AreaRoamingPage(*m_state, this));
    setPage(BalancingPage, new Ui::AreaBalancingPage(*m_state, this));
    setPage(SummaryPage, new Ui::AreaSummaryPage(*m_state, this));
    setButtonText(QWizard::FinishButton, areaId ? Tr::tr("&Save changes") : Tr::tr("&Create area"));
    setTitleFormat(Qt::RichText);
    for (int id : pageIds())
        page(id)->setTitle(
            QStringLiteral("<span style=\"font-size:large\">%1</span>").arg(page(id)->title().toHtmlEscaped()));
    // Wide enough for a limit period's row (recurrence, start, end, weekdays, limit) beside
    // the labels; narrower, the pages' content would run under their scroll bar.
    setMinimumSize(std::max(820, sizeHint().width()), 620);
}

AreaWizard::~AreaWizard() = default;

std::optional<qint64> AreaWizard::areaId() const
{
    return m_state->saved;
}

} // namespace ChargeDesk::Ui
