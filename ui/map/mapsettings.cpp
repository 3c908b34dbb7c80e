#include "ui/map/mapsettings.h"

#include "ui/widgets/formstyle.h"
#include "ui/widgets/tr.h"

#include <QCheckBox>
#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QUrl>
#include <QVBoxLayout>

namespace ChargeDesk::Ui {

namespace {

const QString TilesEnabledKey = QStringLiteral("map/tilesEnabled");
const QString TileUrlKey = QStringLiteral("map/tileUrl");
const QString GeocodingUrlKey = QStringLiteral("map/geocodingUrl");
const QString RoutingUrlKey = QStringLiteral("map/routingUrl");

bool isWebUrl(const QString &text)
{
    const QUrl url(text, QUrl::StrictMode);
    return url.isValid() && (url.scheme() == u"https" || url.scheme() == u"http") && !url.host().isEmpty();
}

} // namespace

QString MapSettings::defaultTileUrl()
{
    return QStringLiteral("https://tile.openstreetmap.org/{z}/{x}/{y}.png");
}

QString MapSettings::defaultGeocodingUrl()
{
    return QStringLiteral("https://nominatim.openstreetmap.org/search");
}

MapSettings MapSettings::load()
{
    const QSettings s;
    MapSettings settings;
    settings.tilesEnabled = s.value(TilesEnabledKey, true).toBool();
    settings.tileUrl = s.value(TileUrlKey, defaultTileUrl()).toString();
    settings.geocodingUrl = s.value(GeocodingUrlKey, defaultGeocodingUrl()).toString();
    settings.routingUrl = s.value(RoutingUrlKey).toString();
    return settings;
}

void MapSettings::save() const
{
    QSettings s;
    s.setValue(TilesEnabledKey, tilesEnabled);
    s.setValue(TileUrlKey, tileUrl);
    s.setValue(GeocodingUrlKey, geocodingUrl);
    s.setValue(RoutingUrlKey, routingUrl);
}

QString MapSettings::tileCacheDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::CacheLocation) + QStringLiteral("/tiles");
}

QByteArray MapSettings::userAgent()
{
    return QStringLiteral("ChargeDesk/%1 (operator console; +https://chargedesk.example)")
        .arg(QCoreApplication::applicationVersion())
        .toUtf8();
}

QString MapSettings::tileUrlProblem(const QString &url)
{
    if (!isWebUrl(QString(url).replace(QLatin1Char('{'), QLatin1Char('_')).replace(QLatin1Char('}'), QLatin1Char('_'))))
        return Tr::tr("Enter an http or https address.");
    for (const char *part : {"{z}", "{x}", "{y}"})
        if (!url.contains(QLatin1String(part)))
            return Tr::tr("The address needs {z}, {x} and {y} where the tile's zoom and position go.");
    return QString();
}

QString MapSettings::serviceUrlProblem(const QString &url)
{
    return url.isEmpty() || isWebUrl(url) ? QString() : Tr::tr("Enter an http or https address.");
}

MapSettingsDialog::MapSettingsDialog(QWidget *parent)
    : QDialog(parent)
    , m_tilesEnabled(new QCheckBox(Tr::tr("Show map tiles from a tile server"), this))
    , m_tileUrl(new QLineEdit(this))
    , m_geocodingUrl(new QLineEdit(this))
    , m_routingUrl(new QLineEdit(this))
    , m_tileProblem(new QLabel(this))
    , m_geocodingProblem(new QLabel(this))
    , m_routingProblem(new QLabel(this))
{
    setWindowTitle(Tr::tr("Map settings"));
    const MapSettings current = MapSettings::load();
    m_tilesEnabled->setObjectName(QStringLiteral("tilesEnabled"));
    m_tilesEnabled->setChecked(current.tilesEnabled);
    m_tileUrl->setObjectName(QStringLiteral("tileUrl"));
    m_tileUrl->setText(current.tileUrl);
    m_tileUrl->setPlaceholderText(MapSettings::defaultTileUrl());
    m_geocodingUrl->setObjectName(QStringLiteral("geocodingUrl"));
    m_geocodingUrl->setText(current.geocodingUrl);
    m_routingUrl->setObjectName(QStringLiteral("routingUrl"));
    m_routingUrl->setText(current.routingUrl);
    m_routingUrl->setPlaceholderText(Tr::tr("none: distances in a straight line"));

    auto *intro = new QLabel(Tr::tr("Without a network the map draws the country outlines it carries with it. "
                                    "These services add street detail, address search and road distances."),
                             this);
    intro->setWordWrap(true);

    auto *form = new QFormLayout;
    form->addRow(m_tilesEnabled);
    form->addRow(Tr::tr("Tile address:"), m_tileUrl);
    form->addRow(QString(), m_tileProblem);
    form->addRow(Tr::tr("Address search:"), m_geocodingUrl);
    form->addRow(QString(), m_geocodingProblem);
    form->addRow(Tr::tr("Road distances:"), m_routingUrl);
    form->addRow(QString(), m_routingProblem);
    for (QLabel *problem : {m_tileProblem, m_geocodingProblem, m_routingProblem}) {
        QPalette red = problem->palette();
        red.setColor(QPalette::WindowText, errorColor(red));
        problem->setPalette(red);
        problem->setWordWrap(true);
        problem->hide();
    }

    auto *buttons =
        new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel | QDialogButtonBox::RestoreDefaults, this);
    m_okButton = buttons->button(QDialogButtonBox::Ok);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(buttons->button(QDialogButtonBox::RestoreDefaults), &QPushButton::clicked, this, [this] {
        m_tilesEnabled->setChecked(true);
        m_tileUrl->setText(MapSettings::defaultTileUrl());
        m_geocodingUrl->setText(MapSettings::defaultGeocodingUrl());
        m_routingUrl->clear();
    });
    for (QLineEdit *edit : {m_tileUrl, m_geocodingUrl, m_routingUrl})
        connect(edit, &QLineEdit::textChanged, this, &MapSettingsDialog::check);
    connect(m_tilesEnabled, &QCheckBox::toggled, this, &MapSettingsDialog::check);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addSpacing(6);
    layout->addLayout(form);
    layout->addStretch();
    layout->addWidget(buttons);
    resize(560, sizeHint().height());
    check();
}

MapSettings MapSettingsDialog::settings() const
{
    MapSettings s;
    s.tilesEnabled = m_tilesEnabled->isChecked();
    s.tileUrl = m_tileUrl->text().trimmed();
    s.geocodingUrl = m_geocodingUrl->text().trimmed();
    s.routingUrl = m_routingUrl->text().trimmed();
    return s;
}

void MapSettingsDialog::check()
{
    const MapSettings s = settings();
    m_tileUrl->setEnabled(s.tilesEnabled);
    const QString tile = s.tilesEnabled ? MapSettings::tileUrlProblem(s.tileUrl) : QString();
    const QString geocoding = MapSettings::serviceUrlProblem(s.geocodingUrl);
    const QString routing = MapSettings::serviceUrlProblem(s.routingUrl);
    for (const auto &[label, problem] :
         {std::pair{m_tileProblem, tile}, {m_geocodingProblem, geocoding}, {m_routingProblem, routing}}) {
        label->setText(problem);
        label->setVisible(!problem.isEmpty());
    }
    m_okButton->setEnabled(tile.isEmpty() && geocoding.isEmpty() && routing.isEmpty());
}

} // namespace ChargeDesk::Ui
