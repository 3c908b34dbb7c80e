#pragma once

#include "ui/map/mapnetwork.h"

#include <QPointF>
#include <QPointer>
#include <QWidget>
#include <optional>

class QLabel;
class QNetworkAccessManager;
class QNetworkReply;
class QTreeWidget;

namespace ChargeDesk::Ui {

// The map's side panel: what the selected area, station or asset is, where it is, how far
// away, and what its connectors are doing now (status and the power each one delivers).
class MapSelectionPanel final : public QWidget
{
    Q_OBJECT

public:
    explicit MapSelectionPanel(QWidget *parent = nullptr);

    // Shows `key` ("station/7") of `network`; an empty or unknown key shows a hint instead.
    // Distances are measured from `from` (lat, lon), described by `fromText` ("your position").
    void showSelection(const MapNetwork &network, const QString &key, std::optional<QPointF> from,
                       const QString &fromText, qint64 nowMs);
    // Road distances from an OSRM-style routing service; empty: straight lines only.
    void setRoutingUrl(const QString &url) { m_routingUrl = url; }

    static QString distanceText(double metres);
    // An asset's latest report in words: "12.5 kW available", "3.2 kW produced".
    static QString assetPowerText(const QString &type, qint64 powerW);

private:
    void showDistance(std::optional<QPointF> to, std::optional<QPointF> from, const QString &fromText);
    void askRoute(QPointF to, QPointF from, const QString &straight);
    // The stations' chargers and connectors; `stationRows` puts each station above its own.
    void fillConnectors(const MapNetwork &network, const QList<const MapNetwork::Station *> &stations,
                        bool stationRows);

    QLabel *m_title;
    QLabel *m_subtitle;
    QLabel *m_place;
    QLabel *m_distance;
    QLabel *m_summary;
    QLabel *m_infrastructureHeading;
    QTreeWidget *m_connectors;
    QLabel *m_assetsHeading;
    QTreeWidget *m_assets;
    QString m_key;
    QString m_routingUrl;
    QNetworkAccessManager *m_network = nullptr;
    QPointer<QNetworkReply> m_route;
};

} // namespace ChargeDesk::Ui
