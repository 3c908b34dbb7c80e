#pragma once

#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;

namespace ChargeDesk::Ui {

// One place an address search found.
struct GeocodeCandidate
{
    double latitude = 0;
    double longitude = 0;
    QString name; // as the service writes it: "Hauptstraße 1, 10115 Berlin, Germany"
};

// Asks a Nominatim-style geocoding service for an address, without waiting for it:
// GET <url>?q=<address>&format=json&limit=5 answers [{lat, lon, display_name}, ...].
// The service comes from the setting map/geocodingUrl (OpenStreetMap's by default).
class Geocoder final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Geocoder)

public:
    explicit Geocoder(QObject *parent = nullptr);
    ~Geocoder() override;

    static QUrl serviceUrl();
    // Starts a search; a search still running is abandoned.
    void search(const QString &address);
    bool isSearching() const { return !m_reply.isNull(); }

signals:
    void found(const QList<ChargeDesk::Ui::GeocodeCandidate> &candidates);
    void failed(const QString &message);

private:
    void finished(QNetworkReply *reply);

    QNetworkAccessManager *m_network = nullptr;
    QPointer<QNetworkReply> m_reply;
};

} // namespace ChargeDesk::Ui
