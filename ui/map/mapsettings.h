#pragma once

#include <QByteArray>
#include <QDialog>
#include <QString>

class QCheckBox;
class QLabel;
class QLineEdit;

namespace ChargeDesk::Ui {

// Where the map gets what it cannot draw by itself, kept per user (QSettings "map/..."):
// raster tiles, address search and road distances. Every service is optional; without them
// the map still shows the bundled country outlines and straight-line distances.
struct MapSettings
{
    static QString defaultTileUrl();      // OpenStreetMap's standard tiles over HTTPS
    static QString defaultGeocodingUrl(); // Nominatim's search endpoint

    bool tilesEnabled = true;
    QString tileUrl;      // "{z}/{x}/{y}" template, optional "{s}"
    QString geocodingUrl; // Nominatim-style search: ?q=...&format=json
    QString routingUrl;   // OSRM-style base URL: <url>/route/v1/driving/...; empty: straight lines

    static MapSettings load();
    void save() const;

    // The template the canvas uses: empty when tiles are off.
    QString activeTileUrl() const { return tilesEnabled ? tileUrl : QString(); }
    // Where downloaded tiles are kept between runs.
    static QString tileCacheDirectory();
    // How ChargeDesk names itself to map services, as their usage policies ask.
    static QByteArray userAgent();

    // Why a tile template cannot be used, or empty when it can.
    static QString tileUrlProblem(const QString &url);
    // Why a service URL cannot be used (not http/https), or empty when it can; empty is fine.
    static QString serviceUrlProblem(const QString &url);
};

// Edits MapSettings, with the problem of each URL beside it.
class MapSettingsDialog final : public QDialog
{
    Q_OBJECT

public:
    explicit MapSettingsDialog(QWidget *parent = nullptr);

    MapSettings settings() const;

private:
    void check();

    QCheckBox *m_tilesEnabled;
    QLineEdit *m_tileUrl;
    QLineEdit *m_geocodingUrl;
    QLineEdit *m_routingUrl;
    QLabel *m_tileProblem;
    QLabel *m_geocodingProblem;
    QLabel *m_routingProblem;
    QWidget *m_okButton = nullptr;
};

} // namespace ChargeDesk::Ui
