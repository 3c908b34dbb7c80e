#include "ui/map/mappage.h"

#include "core/repository.h"
#include "ui/map/mapcanvas.h"
#include "ui/map/mapselection.h"
#include "ui/map/mapsettings.h"
#include "ui/widgets/formstyle.h"
#include "ui/widgets/icons.h"
#include "ui/widgets/tr.h"
#include "ui/widgets/valueformat.h"

#include <QCompleter>
#include <QGeoPositionInfoSource>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QScrollArea>
#include <QSplitter>
#include <QToolButton>
#include <QVBoxLayout>

namespace ChargeDesk::Ui {

namespace {

namespace T = Core::Tables;

// The tables whose changes the map shows: places, statuses and live power.
const QStringList WatchedTables{T::Areas,    T::Stations, T::Chargers,          T::Connectors,
                                T::Sessions, T::Assets,   T::AssetMeasurements, T::SiteSettings};

QToolButton *layerButton(const QString &text, const QString &icon, const QString &name, QWidget *parent)
{
    auto *button = new QToolButton(parent);
    button->setObjectName(name);
    button->setText(text);
    button->setIcon(Icons::get(icon));
    button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    button->setCheckable(true);
    button->setChecked(true);
    button->setAutoRaise(true);
    return button;
}

} // namespace

MapPage::MapPage(Core::Repository &repository, const Core::Actor &actor, QWidget *parent)
    : QWidget(parent)
    , m_repository(repository)
    , m_actor(actor)
    , m_canvas(new MapCanvas(this))
    , m_panel(new MapSelectionPanel)
    , m_search(new QLineEdit(this))
    , m_areas(layerButton(Tr::tr("Areas"), QStringLiteral("area"), QStringLiteral("showAreas"), this))
    , m_stations(layerButton(Tr::tr("Stations"), QStringLiteral("station"), QStringLiteral("showStations"), this))
    , m_assets(layerButton(Tr::tr("Assets"), QStringLiteral("asset"), QStringLiteral("showAssets"), this))
    , m_problem(new QLabel(this))
    , m_tilesBanner(new QLabel(this))
{
    m_canvas->setObjectName(QStringLiteral("mapCanvas"));
    m_canvas->setUserAgent(MapSettings::userAgent());
    m_canvas->setCacheDirectory(MapSettings::tileCacheDirectory());
    m_panel->setObjectName(QStringLiteral("selection"));
    m_search->setObjectName(QStringLiteral("search"));
    m_search->setPlaceholderText(Tr::tr("Find an area, station or asset"));
    m_search->setClearButtonEnabled(true);
    m_search->setMinimumWidth(140);
    m_search->setMaximumWidth(320);
    m_problem->setObjectName(QStringLiteral("problem"));
    QPalette red = m_problem->palette();
    red.setColor(QPalette::WindowText, errorColor(red));
    m_problem->setPalette(red);
    m_problem->hide();

    auto *fit = new QToolButton(this);
    fit->setText(Tr::tr("Show all"));
    fit->setToolTip(Tr::tr("Zoom to show everything on the map (Home)"));
    fit->setAutoRaise(true);
    auto *settings = new QToolButton(this);
    settings->setObjectName(QStringLiteral("mapSettings"));
    // An icon: the row must fit beside the navigation and the demo dock on a laptop, in German too.
    settings->setIcon(Icons::get(QStringLiteral("settings")));
    settings->setToolTip(Tr::tr("Map settings…"));
    settings->setAutoRaise(true);

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_search, 1);
    bar->addSpacing(12);
    bar->addWidget(m_areas);
    bar->addWidget(m_stations);
    bar->addWidget(m_assets);
    bar->addStretch();
    bar->addWidget(fit);
    bar->addWidget(settings);

    auto *scroll = new QScrollArea;
    scroll->setWidget(m_panel);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setMinimumWidth(240);
    m_splitter = new QSplitter(this);
    m_splitter->addWidget(m_canvas);
    m_splitter->addWidget(scroll);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setCollapsible(0, false);
    m_canvas->setMinimumSize(240, 200);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_problem);
    layout->addWidget(m_tilesBanner);
    layout->addWidget(m_splitter, 1);
    layout->addWidget(statusLegend());

    for (QToolButton *layer : {m_areas, m_stations, m_assets})
        connect(layer, &QToolButton::toggled, this, &MapPage::showMarkers);
    connect(fit, &QToolButton::clicked, m_canvas, &MapCanvas::fitMarkers);
    connect(settings, &QToolButton::clicked, this, &MapPage::editSettings);
    connect(m_search, &QLineEdit::returnPressed, this, &MapPage::search);
    connect(m_canvas, &MapCanvas::markerActivated, this, &MapPage::select);
    m_tilesBanner->setObjectName(QStringLiteral("tilesBanner"));
    m_tilesBanner->setWordWrap(true);
    m_tilesBanner->hide();
    connect(m_canvas, &MapCanvas::tilesFailing, this, [this](const QString &why) {
        m_tilesBanner->setText(Tr::tr("Map tiles could not be loaded (%1): only the built-in outline map shows. "
                                      "Check the network, or the tile server under Map settings.")
                                   .arg(why));
        m_tilesBanner->show();
    });
    connect(m_canvas, &MapCanvas::tilesWorking, m_tilesBanner, &QWidget::hide);
    m_reload.setSingleShot(true);
    m_reload.setInterval(500);
    connect(&m_reload, &QTimer::timeout, this, &MapPage::reload);
    connect(&m_repository, &Core::Repository::rowChanged, this, [this](const QString &table) {
        if (WatchedTables.contains(table) && !m_reload.isActive())
            m_reload.start();
    });

    applySettings();
    reload();
    findPosition();
}

void MapPage::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    // Beside a dock the page is narrow: the details then go under the map, not beside it.
    const Qt::Orientation wanted = width() < 900 ? Qt::Vertical : Qt::Horizontal;
    if (m_splitter->orientation() != wanted || !m_splitterSized) {
        m_splitter->setOrientation(wanted);
        const int length = wanted == Qt::Horizontal ? width() : height();
        m_splitter->setSizes({length * 2 / 3, length / 3});
        m_splitterSized = true;
    }
}

QLabel *MapPage::statusLegend()
{
    // What the markers' colours mean, in the words of the lists' status chips.
    QStringList entries;
    for (const auto &[status, text] : {std::pair{QStringLiteral("available"), Tr::tr("Available")},
                                       {QStringLiteral("charging"), Tr::tr("Charging")},
                                       {QStringLiteral("preparing"), Tr::tr("Preparing, suspended or finishing")},
                                       {QStringLiteral("faulted"), Tr::tr("Faulted")},
                                       {QStringLiteral("unavailable"), Tr::tr("Unavailable or offline")}})
        entries << QStringLiteral("<span style=\"color:%1\">\u25CF</span>&nbsp;%2")
                       .arg(statusColor(status).name(), text.toHtmlEscaped());
    auto *legend = new QLabel(entries.join(QStringLiteral(" &nbsp; ")), this);
    legend->setObjectName(QStringLiteral("mapLegend"));
    legend->setTextFormat(Qt::RichText);
    legend->setWordWrap(true);
    return legend;
}

void MapPage::applySettings()
{
    const MapSettings settings = MapSettings::load();
    m_tilesBanner->hide(); // a new tile server gets its chance
    m_canvas->setTileUrlTemplate(settings.activeTileUrl());
    m_panel->setRoutingUrl(settings.routingUrl);
}

void MapPage::reload()
{
    auto loaded = MapNetwork::load(m_repository, m_actor);
    if (!loaded) {
        m_problem->setText(Tr::tr("The network could not be read: %1").arg(loaded.error().message()));
        m_problem->show();
        return;
    }
    m_problem->hide();
    m_network = std::move(loaded.value());

    QStringList names;
    for (const auto &a : m_network.areas)
        names << a.name;
    for (const auto &s : m_network.stations)
        names << s.name;
    for (const auto &a : m_network.assets)
        names << a.name;
    auto *completer = new QCompleter(names, m_search);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    completer->setFilterMode(Qt::MatchContains);
    connect(completer, qOverload<const QString &>(&QCompleter::activated), this, &MapPage::search);
    delete m_search->completer();
    m_search->setCompleter(completer);

    showMarkers();
    if (!m_fitted && !m_network.areas.isEmpty()) {
        m_fitted = true;
        m_canvas->fitMarkers();
    }
    if (!m_positionByHand && !m_ownPosition) {
        // Until the positioning service answers, distances are from the site's own place.
        const auto sites = m_repository.list(m_actor, T::SiteSettings);
        if (sites && !sites.value().isEmpty()) {
            const Core::Record &site = sites.value().constFirst();
            if (!site.value(QStringLiteral("latitude")).isNull() && !site.value(QStringLiteral("longitude")).isNull())
                m_ownPosition = QPointF(site.value(QStringLiteral("latitude")).toDouble(),
                                        site.value(QStringLiteral("longitude")).toDouble());
            m_ownPositionText = Tr::tr("the site's address");
        }
    }
    showSelection();
}

void MapPage::showMarkers()
{
    m_canvas->setMarkers(m_network.markers(m_areas->isChecked(), m_stations->isChecked(), m_assets->isChecked(),
                                           m_repository.clock().nowMs()));
    m_canvas->setAreas(m_areas->isChecked() ? m_network.areaOutlines() : QList<MapArea>());
    m_canvas->setSelectedKey(m_selected);
}

void MapPage::select(const QString &key)
{
    m_selected = key;
    m_canvas->setSelectedKey(key);
    if (const std::optional<QPointF> at = m_network.position(key); at && !m_canvas->rect().isEmpty())
        // Close enough that a station's or asset's own pin stands apart from its neighbours.
        m_canvas->centreOn(at->x(), at->y(), std::max(m_canvas->zoom(), key.startsWith(u"area/") ? 16.0 : 18.0));
    showSelection();
}

void MapPage::showSelection()
{
    m_panel->showSelection(m_network, m_selected, m_ownPosition, m_ownPositionText, m_repository.clock().nowMs());
}

void MapPage::setOwnPosition(QPointF latLon, const QString &description)
{
    m_positionByHand = true;
    m_ownPosition = latLon;
    m_ownPositionText = description;
    m_canvas->setOwnPosition(latLon);
    showSelection();
}

void MapPage::findPosition()
{
    QGeoPositionInfoSource *source = QGeoPositionInfoSource::createDefaultSource(this);
    if (!source)
        return; // no positioning on this computer: the site's address stays the reference
    connect(source, &QGeoPositionInfoSource::positionUpdated, this, [this, source](const QGeoPositionInfo &info) {
        source->deleteLater();
        if (m_positionByHand || !info.isValid())
            return;
        m_ownPosition = QPointF(info.coordinate().latitude(), info.coordinate().longitude());
        m_ownPositionText = Tr::tr("your position");
        m_canvas->setOwnPosition(m_ownPosition);
        showSelection();
    });
    connect(source, &QGeoPositionInfoSource::errorOccurred, source, &QObject::deleteLater);
    source->requestUpdate(15000);
}

void MapPage::search()
{
    const QString text = m_search->text().trimmed();
    m_problem->hide();
    if (text.isEmpty())
        return;
    const auto matches = [&text](const QString &name, const QString &code) {
        return name.compare(text, Qt::CaseInsensitive) == 0 || code.compare(text, Qt::CaseInsensitive) == 0;
    };
    const auto contains = [&text](const QString &name) {
        return name.contains(text, Qt::CaseInsensitive);
    };
    // An exact name or code first, then the first name containing the text.
    for (const bool exact : {true, false}) {
        for (const auto &a : m_network.areas)
            if (exact ? matches(a.name, a.code) : contains(a.name))
                return select(QStringLiteral("area/%1").arg(a.id));
        for (const auto &s : m_network.stations)
            if (exact ? matches(s.name, s.code) : contains(s.name))
                return select(QStringLiteral("station/%1").arg(s.id));
        for (const auto &a : m_network.assets)
            if (exact ? matches(a.name, a.code) : contains(a.name))
                return select(QStringLiteral("asset/%1").arg(a.id));
    }
    m_problem->setText(Tr::tr("Nothing on the map is called “%1”.").arg(text));
    m_problem->show();
}

void MapPage::editSettings()
{
    MapSettingsDialog dialog(this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    dialog.settings().save();
    applySettings();
    showSelection();
}

} // namespace ChargeDesk::Ui
