#include "ui/map/mapselection.h"

#include "ui/map/mapsettings.h"
#include "ui/widgets/icons.h"
#include "ui/widgets/tr.h"
#include "ui/widgets/valueformat.h"

#include <QGeoCoordinate>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLocale>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTreeWidget>
#include <QUrlQuery>
#include <QVBoxLayout>

namespace ChargeDesk::Ui {

namespace {

enum Column { NameColumn, StatusColumn, PowerColumn };

QTreeWidget *makeTree(const QString &name, const QStringList &headers)
{
    auto *tree = new QTreeWidget;
    tree->setObjectName(name);
    tree->setHeaderLabels(headers);
    tree->setRootIsDecorated(true);
    tree->setUniformRowHeights(true);
    tree->setSelectionMode(QAbstractItemView::NoSelection);
    tree->setFocusPolicy(Qt::NoFocus);
    tree->header()->setStretchLastSection(false);
    tree->header()->setSectionResizeMode(NameColumn, QHeaderView::Stretch);
    for (int column = 1; column < headers.size(); ++column)
        tree->header()->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    return tree;
}

QLabel *heading(const QString &text)
{
    auto *label = new QLabel(text);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    return label;
}

QString kindText(const QString &kind)
{
    if (kind == u"area")
        return Tr::tr("Area");
    if (kind == u"station")
        return Tr::tr("Charging station");
    return Tr::tr("Asset");
}

} // namespace

MapSelectionPanel::MapSelectionPanel(QWidget *parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_subtitle(new QLabel(this))
    , m_place(new QLabel(this))
    , m_distance(new QLabel(this))
    , m_summary(new QLabel(this))
    , m_infrastructureHeading(heading(Tr::tr("Chargers and connectors")))
    , m_connectors(makeTree(QStringLiteral("connectors"), {Tr::tr("Name"), Tr::tr("Status"), Tr::tr("Power")}))
    , m_assetsHeading(heading(Tr::tr("Assets")))
    , m_assets(makeTree(QStringLiteral("assets"), {Tr::tr("Asset"), Tr::tr("Latest report")}))
{
    m_title->setObjectName(QStringLiteral("title"));
    m_distance->setObjectName(QStringLiteral("distance"));
    m_summary->setObjectName(QStringLiteral("summary"));
    QFont big = m_title->font();
    big.setPointSizeF(big.pointSizeF() * 1.35);
    big.setBold(true);
    m_title->setFont(big);
    for (QLabel *label : {m_title, m_subtitle, m_place, m_distance, m_summary}) {
        label->setWordWrap(true);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    }
    QPalette muted = m_subtitle->palette();
    muted.setColor(QPalette::WindowText, muted.color(QPalette::PlaceholderText));
    m_subtitle->setPalette(muted);
    m_assets->setRootIsDecorated(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 12, 12, 12);
    layout->addWidget(m_title);
    layout->addWidget(m_subtitle);
    layout->addSpacing(6);
    layout->addWidget(m_place);
    layout->addWidget(m_distance);
    layout->addWidget(m_summary);
    layout->addSpacing(8);
    layout->addWidget(m_infrastructureHeading);
    layout->addWidget(m_connectors, 3);
    layout->addWidget(m_assetsHeading);
    layout->addWidget(m_assets, 1);
    layout->addStretch();
    showSelection({}, QString(), std::nullopt, QString(), 0);
}

QString MapSelectionPanel::distanceText(double metres)
{
    if (metres < 1000)
        return Tr::tr("%1 m").arg(qRound(metres / 10) * 10);
    return Tr::tr("%1 km").arg(QLocale().toString(metres / 1000, 'f', metres < 100000 ? 1 : 0));
}

QString MapSelectionPanel::assetPowerText(const QString &type, qint64 powerW)
{
    const QString power = formatQuantity(QStringLiteral("power_w"), qAbs(powerW));
    if (type == u"smart_meter")
        return Tr::tr("%1 available").arg(power);
    if (type == u"producer")
        return Tr::tr("%1 produced").arg(power);
    if (type == u"consumer")
        return Tr::tr("%1 consumed").arg(power);
    if (type == u"battery")
        return powerW >= 0 ? Tr::tr("%1 discharging").arg(power) : Tr::tr("%1 charging").arg(power);
    return power;
}

void MapSelectionPanel::showSelection(const MapNetwork &network, const QString &key, std::optional<QPointF> from,
                                      const QString &fromText, qint64 nowMs)
{
    const bool sameSelection = key == m_key;
    m_key = key;
    const auto [kind, id] = splitMarkerKey(key);
    QList<const MapNetwork::Station *> stations;
    QList<const MapNetwork::Asset *> assets;
    QString title, code, place, summary;
    if (const MapNetwork::Area *area = kind == u"area" ? network.area(id) : nullptr) {
        title = area->name;
        code = area->code;
        place = area->address;
        for (const MapNetwork::Station &s : network.stations)
            if (s.areaId == id)
                stations << &s;
        for (const MapNetwork::Asset &a : network.assets)
            if (a.areaId == id)
                assets << &a;
    } else if (const MapNetwork::Station *station = kind == u"station" ? network.station(id) : nullptr) {
        title = station->name;
        code = station->code;
        stations << station;
        summary =
            station->connected ? Tr::tr("Connected") : Tr::tr("Not connected; the last reported statuses are shown");
    } else if (const MapNetwork::Asset *asset = kind == u"asset" ? network.asset(id) : nullptr) {
        title = asset->name;
        code = asset->code;
        summary = choiceText(asset->type);
        if (asset->powerW)
            summary +=
                QStringLiteral(" · ") + Tr::tr("%1, %2 ago")
                                            .arg(assetPowerText(asset->type, *asset->powerW),
                                                 formatDuration(qMax<qint64>(0, nowMs - asset->measuredAtMs) / 1000));
        else
            summary += QStringLiteral(" · ") + Tr::tr("no report yet");
    }
    if (title.isEmpty()) {
        m_key.clear();
        m_title->setText(Tr::tr("Nothing selected"));
        m_subtitle->setText(Tr::tr("Click an area, a station or an asset on the map."));
        for (QWidget *w : std::initializer_list<QWidget *>{m_place, m_distance, m_summary, m_infrastructureHeading,
                                                           m_connectors, m_assetsHeading, m_assets})
            w->hide();
        return;
    }
    if (kind != u"area") {
        const MapNetwork::Area *area =
            network.area(kind == u"station" ? stations.constFirst()->areaId : network.asset(id)->areaId);
        place = area ? (area->address.isEmpty() ? area->name : area->name + QStringLiteral(", ") + area->address)
                     : QString();
    }
    const std::optional<QPointF> at = network.position(key);
    m_title->setText(title);
    m_subtitle->setText(QStringLiteral("%1 · %2").arg(kindText(kind), code));
    QString where = place;
    if (at)
        where += (where.isEmpty() ? QString() : QStringLiteral("\n")) +
                 QStringLiteral("%1, %2").arg(QLocale().toString(at->x(), 'f', 5), QLocale().toString(at->y(), 'f', 5));
    m_place->setText(where.isEmpty() ? Tr::tr("No location: set the area's coordinates") : where);
    m_place->show();
    m_summary->setText(summary);
    m_summary->setVisible(!summary.isEmpty());
    if (!sameSelection || !m_route)
        showDistance(at, from, fromText);
    m_distance->show();

    fillConnectors(network, stations, kind == u"area");
    m_infrastructureHeading->setVisible(kind != u"asset");
    m_connectors->setVisible(kind != u"asset");
    m_assets->clear();
    for (const MapNetwork::Asset *a : std::as_const(assets))
        new QTreeWidgetItem(m_assets,
                            {a->name, a->powerW ? assetPowerText(a->type, *a->powerW) : Tr::tr("no report yet")});
    m_assetsHeading->setVisible(!assets.isEmpty());
    m_assets->setVisible(!assets.isEmpty());
}

void MapSelectionPanel::fillConnectors(const MapNetwork &network, const QList<const MapNetwork::Station *> &stations,
                                       bool stationRows)
{
    m_connectors->clear();
    for (const MapNetwork::Station *station : stations) {
        QTreeWidgetItem *stationItem = nullptr;
        if (stationRows) {
            stationItem = new QTreeWidgetItem(m_connectors, {station->name});
            const QString status = network.stationStatus(*station);
            stationItem->setIcon(NameColumn, Icons::dot(statusColor(status, station->connected)));
            stationItem->setText(StatusColumn, station->connected ? choiceText(status) : Tr::tr("Offline"));
            if (const qint64 power = network.stationPowerW(*station))
                stationItem->setText(PowerColumn, formatKilowatts(double(power)));
        }
        for (const MapNetwork::Charger &charger : station->chargers) {
            auto *chargerItem = stationItem ? new QTreeWidgetItem(stationItem, {charger.name})
                                            : new QTreeWidgetItem(m_connectors, {charger.name});
            chargerItem->setIcon(NameColumn, Icons::dot(statusColor(charger.status, station->connected)));
            chargerItem->setText(StatusColumn, choiceText(charger.status));
            for (const MapNetwork::Connector &c : charger.connectors) {
                auto *item = new QTreeWidgetItem(chargerItem, {c.name, choiceText(c.status)});
                item->setIcon(NameColumn, Icons::dot(statusColor(c.status, station->connected)));
                if (c.powerW)
                    item->setText(PowerColumn, formatKilowatts(double(*c.powerW)));
                item->setTextAlignment(PowerColumn, Qt::AlignRight | Qt::AlignVCenter);
                item->setToolTip(NameColumn,
                                 c.sessionCode.isEmpty() ? QString() : Tr::tr("Session %1").arg(c.sessionCode));
            }
        }
    }
    m_connectors->expandAll();
    if (m_connectors->topLevelItemCount() == 0)
        new QTreeWidgetItem(m_connectors, {Tr::tr("No charging stations here yet")});
}

void MapSelectionPanel::showDistance(std::optional<QPointF> to, std::optional<QPointF> from, const QString &fromText)
{
    if (m_route)
        m_route->abort();
    if (!to || !from) {
        m_distance->setText(from ? QString() : Tr::tr("Distance unknown: your position is not known"));
        m_distance->setVisible(!m_distance->text().isEmpty());
        return;
    }
    const double metres = QGeoCoordinate(from->x(), from->y()).distanceTo(QGeoCoordinate(to->x(), to->y()));
    const QString straight = Tr::tr("%1 from %2 in a straight line").arg(distanceText(metres), fromText);
    m_distance->setText(straight);
    if (!m_routingUrl.isEmpty())
        askRoute(*to, *from, straight);
}

void MapSelectionPanel::askRoute(QPointF to, QPointF from, const QString &straight)
{
    if (!m_network)
        m_network = new QNetworkAccessManager(this);
    // OSRM's route service: coordinates as lon,lat pairs; the answer's first route has the
    // distance in metres and the duration in seconds.
    QUrl url(m_routingUrl + QStringLiteral("/route/v1/driving/%1,%2;%3,%4")
                                .arg(from.y(), 0, 'f', 6)
                                .arg(from.x(), 0, 'f', 6)
                                .arg(to.y(), 0, 'f', 6)
                                .arg(to.x(), 0, 'f', 6));
    url.setQuery(QUrlQuery{{QStringLiteral("overview"), QStringLiteral("false")}});
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::UserAgentHeader, MapSettings::userAgent());
    request.setTransferTimeout(10000);
    m_route = m_network->get(request);
    m_distance->setText(straight + QStringLiteral(" · ") + Tr::tr("asking for the road distance…"));
    connect(m_route, &QNetworkReply::finished, this, [this, reply = m_route.data(), straight] {
        reply->deleteLater();
        if (reply->error() == QNetworkReply::OperationCanceledError)
            return;
        const QJsonArray routes = QJsonDocument::fromJson(reply->readAll()).object().value(u"routes").toArray();
        if (reply->error() != QNetworkReply::NoError || routes.isEmpty()) {
            // An answer without routes is no network error: say what the service said.
            const QString why = reply->error() != QNetworkReply::NoError ? reply->errorString()
                                                                         : Tr::tr("the routing service found no route");
            m_distance->setText(straight + QStringLiteral(" · ") + Tr::tr("no road distance (%1)").arg(why));
            return;
        }
        const QJsonObject route = routes.first().toObject();
        m_distance->setText(Tr::tr("%1 by road, about %2")
                                .arg(distanceText(route.value(u"distance").toDouble()),
                                     formatDuration(qRound64(route.value(u"duration").toDouble()))) +
                            QStringLiteral("\n") + straight);
    });
}

} // namespace ChargeDesk::Ui
