#include "ui/areas/areadetails.h"

#include "core/catalog.h"
#include "core/repository.h"
#include "ui/areas/areatext.h"
#include "ui/areas/areawizard.h"
#include "ui/areas/loadbalancingview.h"
#include "ui/widgets/formstyle.h"
#include "ui/widgets/icons.h"
#include "ui/widgets/tr.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace ChargeDesk::Ui {

namespace T = Core::Tables;

namespace {

// Only the first few names: the list of the section itself has them all.
constexpr int NamesShown = 5;

QString field(const Core::Record &r, const char *name)
{
    return r.value(QString::fromLatin1(name)).toString();
}

} // namespace

AreaDetails::AreaDetails(const PageContext &context, ListPage &page, QWidget *parent)
    : QWidget(parent)
    , m_context(context)
    , m_page(page)
{
    setObjectName(QStringLiteral("areaDetails"));
    m_text = new QLabel(this);
    m_text->setObjectName(QStringLiteral("areaDetailsText"));
    m_text->setTextFormat(Qt::RichText);
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_edit = new QPushButton(Icons::get(QStringLiteral("edit")), Tr::tr("Change…"), this);
    m_edit->setObjectName(QStringLiteral("editArea"));
    m_edit->setToolTip(Tr::tr("Change the area with its wizard; its code stays."));
    m_edit->setVisible(context.actor.powerUser ||
                       context.repository.catalog().entity(T::Areas).scope.operatorsMayWrite);
    m_actions = new QHBoxLayout;
    m_actions->setObjectName(QStringLiteral("areaActions"));
    m_actions->addWidget(m_edit);
    if (context.openDock) {
        auto *balancing = new QPushButton(Icons::get(QStringLiteral("chart")), Tr::tr("Load balancing"), this);
        balancing->setObjectName(QStringLiteral("loadBalancingButton"));
        balancing->setToolTip(Tr::tr("The limit in force, each session's share and the rotation, live"));
        connect(balancing, &QPushButton::clicked, this, [this] { openLoadBalancing(m_context, m_areaId); });
        m_actions->addWidget(balancing);
    }
    if (context.showOnMap) {
        auto *map = new QPushButton(Icons::get(QStringLiteral("map")), Tr::tr("Show on map"), this);
        map->setObjectName(QStringLiteral("showAreaOnMap"));
        map->setToolTip(Tr::tr("The area on the map, with its stations, their connectors and assets"));
        connect(map, &QPushButton::clicked, this,
                [this] { m_context.showOnMap(QStringLiteral("area/%1").arg(m_areaId)); });
        m_actions->addWidget(map);
    }
    m_actions->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, fontMetrics().height() / 2, 0, 0);
    layout->addWidget(m_text);
    layout->addLayout(m_actions);

    connect(m_edit, &QPushButton::clicked, this, &AreaDetails::edit);
    connect(&page, &ListPage::currentChanged, this, &AreaDetails::follow);
    connect(&context.repository, &Core::Repository::rowChanged, this, [this](const QString &table, qint64 id) {
        if ((table == T::Areas && id == m_areaId) || table == T::AreaLimitPeriods || table == T::Stations ||
            table == T::Assets)
            refresh();
    });
    follow(page.currentId());
}

void AreaDetails::follow(qint64 areaId)
{
    m_areaId = areaId;
    refresh();
}

QString AreaDetails::contents(const QString &table, const QString &parentField) const
{
    const QString display = m_context.repository.catalog().entity(table).displayField;
    Core::ListQuery query;
    query.filters << Core::ListQuery::Filter{parentField, Core::ListQuery::Filter::Op::Equals, m_areaId};
    query.orderBy = display;
    query.limit = NamesShown;
    const auto total = m_context.repository.count(m_context.actor, table, query);
    const auto rows = m_context.repository.list(m_context.actor, table, query);
    if (!total || !rows)
        return Tr::tr("could not be read");
    if (total.value() == 0)
        return Tr::tr("none");
    QStringList names;
    for (const Core::Record &r : rows.value())
        names << r.value(display).toString().toHtmlEscaped();
    if (total.value() > names.size())
        names << Tr::tr("and %n more", nullptr, int(total.value() - names.size()));
    return QStringLiteral("<b>%L1</b> — %2").arg(total.value()).arg(names.join(QStringLiteral(", ")));
}

void AreaDetails::refresh()
{
    const auto row = m_areaId != 0 ? m_context.repository.get(m_context.actor, T::Areas, m_areaId)
                                   : Core::Result<Core::Record>(Core::Record());
    const Core::Record area = row ? row.value() : Core::Record();
    setVisible(!area.isEmpty());
    m_edit->setEnabled(!area.isEmpty());
    if (area.isEmpty())
        return;

    const QString muted = mutedColor(palette()).name();
    const QString none =
        QStringLiteral("<span style=\"color:%1\">%2</span>").arg(muted, Tr::tr("none").toHtmlEscaped());
    QString html = QStringLiteral("<table cellspacing=\"0\" cellpadding=\"2\">");
    bool first = true;
    const auto group = [&](const QString &title) {
        html += QStringLiteral("<tr><td colspan=\"2\" style=\"padding-top:%1px\"><b>%2</b></td></tr>")
                    .arg(first ? 0 : 8)
                    .arg(title.toHtmlEscaped());
        first = false;
    };
    const auto line = [&](const QString &label, const QString &valueHtml) {
        html += QStringLiteral("<tr><td style=\"color:%1; padding-right:14px\">%2</td><td>%3</td></tr>")
                    .arg(muted, label.toHtmlEscaped(), valueHtml.isEmpty() ? none : valueHtml);
    };

    group(Tr::tr("Location"));
    const QString place = QStringList{field(area, "zip"), field(area, "city")}.join(QLatin1Char(' ')).trimmed();
    QStringList address{field(area, "address"), place, field(area, "state"), field(area, "country")};
    address.removeAll(QString());
    line(Tr::tr("Address"), address.join(QStringLiteral(", ")).toHtmlEscaped());
    const QVariant lat = area.value(QStringLiteral("latitude"));
    const QVariant lon = area.value(QStringLiteral("longitude"));
    line(Tr::tr("Coordinates"),
         lat.isNull() || lon.isNull()
             ? QString()
             : Tr::tr("%L1, %L2", "latitude, longitude").arg(lat.toDouble(), 0, 'f', 6).arg(lon.toDouble(), 0, 'f', 6));

    QStringList contact{field(area, "support_name"), field(area, "support_phone"), field(area, "support_email")};
    contact.removeAll(QString());
    if (!contact.isEmpty()) {
        group(Tr::tr("Support contact"));
        for (const QString &c : std::as_const(contact))
            html += QStringLiteral("<tr><td colspan=\"2\">%1</td></tr>").arg(c.toHtmlEscaped());
    }

    group(Tr::tr("Dynamic load balancing"));
    if (area.value(QStringLiteral("dlb_enabled")).toBool()) {
        const QString type = field(area, "dlb_limit_type");
        line(Tr::tr("Limit"), areaLimitText(area).toHtmlEscaped());
        line(Tr::tr("Sharing"), areaBalancingText(area).toHtmlEscaped());
        if (area.value(QStringLiteral("dlb_priority_levels")).toBool())
            line(Tr::tr("Priority levels"), Tr::tr("considered").toHtmlEscaped());
        Core::ListQuery periods;
        periods.filters << Core::ListQuery::Filter{QStringLiteral("area_id"), Core::ListQuery::Filter::Op::Equals,
                                                   m_areaId};
        periods.orderBy = QStringLiteral("starts_at");
        const auto rows = m_context.repository.list(m_context.actor, T::AreaLimitPeriods, periods);
        QStringList texts;
        for (const Core::Record &p : rows ? rows.value() : QList<Core::Record>())
            texts << limitPeriodText(p, type).toHtmlEscaped();
        line(Tr::tr("Limit periods"), texts.join(QStringLiteral("<br>")));
    } else {
        html += QStringLiteral("<tr><td colspan=\"2\">%1</td></tr>").arg(Tr::tr("Off").toHtmlEscaped());
    }

    const auto attributes = m_context.repository.attributes(m_context.actor, T::Areas, m_areaId);
    if (attributes && !attributes.value().isEmpty()) {
        group(Tr::tr("Custom attributes"));
        for (const Core::Attribute &a : attributes.value())
            line(a.key, a.value.toHtmlEscaped());
    }

    group(Tr::tr("In this area"));
    line(Tr::tr("Sub-areas"), contents(T::Areas, QStringLiteral("parent_id")));
    line(Tr::tr("Stations"), contents(T::Stations, QStringLiteral("area_id")));
    line(Tr::tr("Assets"), contents(T::Assets, QStringLiteral("area_id")));
    m_text->setText(html + QStringLiteral("</table>"));
}

void AreaDetails::edit()
{
    if (m_areaId != 0 && editArea(m_context, m_areaId, this))
        m_page.model().reload();
}

QWidget *areaDetails(const PageContext &context, ListPage &page)
{
    return new AreaDetails(context, page);
}

bool editArea(const PageContext &context, qint64 id, QWidget *parent)
{
    AreaWizard wizard(context.repository, context.actor, id, parent);
    return wizard.exec() == QDialog::Accepted && wizard.areaId();
}

std::optional<qint64> createArea(const PageContext &context, QWidget *parent)
{
    AreaWizard wizard(context.repository, context.actor, std::nullopt, parent);
    if (wizard.exec() != QDialog::Accepted)
        return std::nullopt;
    return wizard.areaId();
}

} // namespace ChargeDesk::Ui
