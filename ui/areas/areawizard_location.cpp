#include "core/catalog.h"
#include "ui/areas/areawizard_p.h"
#include "ui/map/geocoder.h"
#include "ui/map/locationpicker.h"
#include "ui/widgets/fieldeditor.h"
#include "ui/widgets/formstyle.h"
#include "ui/widgets/tr.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

#include <cmath>

namespace ChargeDesk::Ui {

namespace {

const QString Latitude = QStringLiteral("latitude");
const QString Longitude = QStringLiteral("longitude");

} // namespace

AreaLocationPage::AreaLocationPage(AreaWizardState &state, QWidget *parent)
    : AreaFormPage(state,
                   {{Tr::tr("Address"),
                     {QStringLiteral("address"), QStringLiteral("zip"), QStringLiteral("city"), QStringLiteral("state"),
                      QStringLiteral("country")}},
                    {Tr::tr("Coordinates"), {Latitude, Longitude}}},
                   parent)
    , m_geocoder(new Geocoder(this))
{
    setObjectName(QStringLiteral("locationPage"));
    setTitle(Tr::tr("Location"));
    setSubTitle(Tr::tr("Where the area is. Its stations appear on the map at these coordinates, for you and for "
                       "drivers."));

    auto *search = new QWidget(this);
    m_find = new QPushButton(Tr::tr("Find address"), search);
    m_find->setObjectName(QStringLiteral("findAddress"));
    m_find->setAutoDefault(false);
    m_pick = new QPushButton(Tr::tr("Pick on map…"), search);
    m_pick->setObjectName(QStringLiteral("pickOnMap"));
    m_pick->setAutoDefault(false);
    m_status = new QLabel(search);
    m_status->setObjectName(QStringLiteral("geocodeStatus"));
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::PlainText);
    m_candidates = new QListWidget(search);
    m_candidates->setObjectName(QStringLiteral("geocodeResults"));
    m_candidates->setMaximumHeight(fontMetrics().height() * 7);
    m_candidates->hide();
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_find);
    buttons->addWidget(m_pick);
    buttons->addWidget(m_status, 1);
    auto *layout = new QVBoxLayout(search);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(buttons);
    layout->addWidget(m_candidates);
    form().insertRowAfter(QStringLiteral("country"), search);
    addHint(Longitude,
            Tr::tr("Decimal degrees, for example 46.0569 and 14.5058. Find the address above or type them."));

    // The search row sits between the address and the coordinates, and so does its turn.
    QWidget *country = form().editor(QStringLiteral("country"))->inputWidget();
    setTabOrder(country, m_find);
    setTabOrder(m_find, m_pick);
    setTabOrder(m_pick, m_candidates);
    setTabOrder(m_candidates, form().editor(Latitude)->inputWidget());

    connect(m_find, &QPushButton::clicked, this, &AreaLocationPage::findAddress);
    connect(m_pick, &QPushButton::clicked, this, &AreaLocationPage::pickOnMap);
    connect(m_geocoder, &Geocoder::found, this, [this](const QList<GeocodeCandidate> &candidates) {
        m_find->setEnabled(true);
        m_candidates->clear();
        if (candidates.isEmpty()) {
            showStatus(Tr::tr("No place matches this address. Check its spelling, or type the coordinates."), true);
            m_candidates->hide();
            return;
        }
        for (const GeocodeCandidate &c : candidates) {
            auto *item = new QListWidgetItem(c.name, m_candidates);
            item->setData(Qt::UserRole, c.latitude);
            item->setData(Qt::UserRole + 1, c.longitude);
            item->setToolTip(Tr::tr("%L1, %L2").arg(c.latitude, 0, 'f', 6).arg(c.longitude, 0, 'f', 6));
        }
        m_candidates->show();
        showStatus(candidates.size() == 1 ? Tr::tr("Found one place; its coordinates are filled in.")
                                          : Tr::tr("Found %1 places; the first is filled in, choose another if it "
                                                   "fits better.")
                                                .arg(candidates.size()),
                   false);
        m_candidates->setCurrentRow(0);
    });
    connect(m_geocoder, &Geocoder::failed, this, [this](const QString &message) {
        m_find->setEnabled(true);
        showStatus(message, true);
    });
    connect(m_candidates, &QListWidget::currentItemChanged, this, [this](QListWidgetItem *item) {
        if (item)
            setCoordinates(item->data(Qt::UserRole).toDouble(), item->data(Qt::UserRole + 1).toDouble());
    });
}

void AreaLocationPage::showStatus(const QString &text, bool problem)
{
    QPalette palette = m_status->palette();
    palette.setColor(QPalette::WindowText, problem ? errorColor(palette) : mutedColor(palette));
    m_status->setPalette(palette);
    m_status->setText(text);
}

void AreaLocationPage::findAddress()
{
    QStringList parts;
    for (const char *name : {"address", "zip", "city", "state", "country"}) {
        const QString part = form().editor(QString::fromLatin1(name))->value().toString().trimmed();
        if (!part.isEmpty())
            parts << part;
    }
    if (parts.isEmpty()) {
        showStatus(Tr::tr("Type the address first."), true);
        return;
    }
    m_find->setEnabled(false);
    showStatus(Tr::tr("Searching…"), false);
    m_geocoder->search(parts.join(QStringLiteral(", ")));
}

void AreaLocationPage::pickOnMap()
{
    std::optional<QPointF> current;
    const QVariant lat = form().editor(Latitude)->value();
    const QVariant lon = form().editor(Longitude)->value();
    if (lat.typeId() == QMetaType::Double && lon.typeId() == QMetaType::Double)
        current = QPointF(lat.toDouble(), lon.toDouble());
    if (const std::optional<QPointF> chosen =
            LocationPickerDialog::pick(m_state.repository, m_state.actor, this, current)) {
        setCoordinates(chosen->x(), chosen->y());
        showStatus(Tr::tr("Coordinates taken from the map."), false);
    }
}

void AreaLocationPage::setCoordinates(double latitude, double longitude)
{
    // Six decimals are about ten centimetres: more only looks precise.
    form().editor(Latitude)->setValue(std::round(latitude * 1e6) / 1e6);
    form().editor(Longitude)->setValue(std::round(longitude * 1e6) / 1e6);
}

} // namespace ChargeDesk::Ui
