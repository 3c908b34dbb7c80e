#include "ui/stations/effectiverating.h"

#include "core/catalog.h"
#include "core/sessionpolicy.h"
#include "ui/widgets/tr.h"
#include "ui/widgets/valueformat.h"

#include <QGridLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace ChargeDesk::Ui {

namespace {

namespace T = Core::Tables;

// Where a value came from, as a person says it.
QString levelText(const QString &level)
{
    if (level == u"charger")
        return Tr::tr("this charger's");
    if (level == u"operator")
        return Tr::tr("the operator's");
    if (level == u"site")
        return Tr::tr("the site's");
    return Tr::tr("the default");
}

QString perUnit(const QString &money, const QString &unit)
{
    return Tr::tr("%1 per %2").arg(money, unit);
}

} // namespace

EffectiveRatingPanel::EffectiveRatingPanel(Core::Repository &repository, QWidget *parent)
    : QWidget(parent)
    , m_repository(repository)
{
    setObjectName(QStringLiteral("effectiveRating"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *heading = new QLabel(Tr::tr("Prices and session rules"), this);
    QFont bold = heading->font();
    bold.setBold(true);
    heading->setFont(bold);
    m_source = new QLabel(this);
    m_source->setObjectName(QStringLiteral("ratingSource"));
    m_source->setWordWrap(true);
    m_grid = new QGridLayout;
    m_grid->setColumnStretch(1, 1);
    layout->addWidget(heading);
    layout->addWidget(m_source);
    layout->addLayout(m_grid);
    // Any level may change what applies here: the charger, its area's operator, the site, or
    // the rating settings themselves.
    connect(&m_repository, &Core::Repository::rowChanged, this, [this](const QString &table) {
        static const QStringList watched{T::Chargers, T::Areas, T::Operators, T::SiteSettings, T::RatingSettings};
        if (property("chargerId").toLongLong() > 0 && watched.contains(table))
            setChargerId(property("chargerId").toLongLong());
    });
}

void EffectiveRatingPanel::setChargerId(qint64 id)
{
    setProperty("chargerId", id);
    setVisible(id > 0);
    if (id <= 0)
        return;
    const auto policy = Core::chargerPolicy(m_repository, id);
    if (!policy) {
        m_source->setText(policy.error().message());
        return;
    }
    show(policy.value());
}

QString EffectiveRatingPanel::text(const QString &key) const
{
    if (key == u"source")
        return m_source->text();
    const QLabel *value = m_values.value(key);
    return value ? value->text() : QString();
}

void EffectiveRatingPanel::show(const Core::SessionPolicy &p)
{
    const Core::RatingSettings &r = p.rating;
    const auto money = [&p](qint64 minor) {
        return formatMoney(minor, p.currency);
    };
    m_source->setText(p.ratingLevel.isEmpty()
                          ? Tr::tr("No rating settings apply: sessions here are free. Choose some for this "
                                   "charger, its operator or the site.")
                          : Tr::tr("Rating settings “%1”, %2.").arg(p.ratingName, levelText(p.ratingLevel)));
    setRow(QStringLiteral("energy"), Tr::tr("Energy"), perUnit(money(r.home.energyPerKwh), Tr::tr("kWh")));
    setRow(QStringLiteral("chargeTime"), Tr::tr("Charge time"), perUnit(money(r.home.chargePerHour), Tr::tr("hour")));
    QString park = perUnit(money(r.home.parkPerHour), Tr::tr("hour"));
    if (r.parkTimeThresholdS > 0)
        park = Tr::tr("%1, after %2 free").arg(park, formatDuration(r.parkTimeThresholdS));
    setRow(QStringLiteral("parkTime"), Tr::tr("Park time"), park);
    QStringList limits;
    if (r.energyLimitWh)
        limits << formatQuantity(QStringLiteral("energy_wh"), *r.energyLimitWh);
    if (r.chargeTimeLimitS)
        limits << Tr::tr("%1 of charging").arg(formatDuration(*r.chargeTimeLimitS));
    if (r.monetaryLimitMinor) // the operator's monetary session limit may cap the settings' own
        limits << (p.monetaryLimitLevel == u"operator"
                       ? Tr::tr("%1 (the operator's cap)").arg(money(*r.monetaryLimitMinor))
                       : money(*r.monetaryLimitMinor));
    setRow(QStringLiteral("limits"), Tr::tr("Stops at"), limits.isEmpty() ? Tr::tr("no limit") : limits.join(u" · "));
    setRow(QStringLiteral("termination"), Tr::tr("Ends"),
           r.termination == Core::RatingSettings::Termination::ParkingEnd ? Tr::tr("when the car is unplugged")
                                                                          : Tr::tr("when charging stops"));
    const auto idle = [](qint64 seconds, const QString &level) {
        return Tr::tr("%1 (%2)").arg(formatDuration(seconds), levelText(level));
    };
    setRow(QStringLiteral("readyExpiration"), Tr::tr("Idle before charging"),
           idle(p.readyExpirationS, p.readyExpirationLevel));
    setRow(QStringLiteral("ongoingExpiration"), Tr::tr("Idle while running"),
           idle(p.ongoingExpirationS, p.ongoingExpirationLevel));
}

void EffectiveRatingPanel::setRow(const QString &key, const QString &label, const QString &value)
{
    QLabel *&shown = m_values[key];
    if (!shown) {
        const int row = m_grid->rowCount();
        auto *caption = new QLabel(label, this);
        caption->setForegroundRole(QPalette::PlaceholderText);
        shown = new QLabel(this);
        shown->setObjectName(QStringLiteral("effective_") + key);
        shown->setWordWrap(true);
        shown->setTextInteractionFlags(Qt::TextSelectableByMouse);
        m_grid->addWidget(caption, row, 0, Qt::AlignTop);
        m_grid->addWidget(shown, row, 1);
    }
    shown->setText(value);
}

QWidget *effectiveRating(const PageContext &context, ListPage &page)
{
    auto *panel = new EffectiveRatingPanel(context.repository);
    QObject::connect(&page, &ListPage::currentChanged, panel, &EffectiveRatingPanel::setChargerId);
    panel->setChargerId(page.currentId());
    return panel;
}

} // namespace ChargeDesk::Ui
