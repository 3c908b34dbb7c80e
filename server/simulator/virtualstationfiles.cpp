// Firmware updates and log uploads of the VirtualStation: real files over the FileTransfer,
// with the OCPP statuses around them and the retries the CSMS allowed.
#include "server/simulator/virtualstation.h"

#include <QCryptographicHash>
#include <QFileInfo>

#include <algorithm>

namespace ChargeDesk::Server::Simulator {

namespace {

// What the firmware image calls itself: its file name without the last extension
// ("vc-2.1.0.bin" is "vc-2.1.0"), within the 50 characters both versions allow.
QString versionFromFile(const QUrl &url)
{
    return QFileInfo(url.path()).completeBaseName().left(50);
}

// A location as the event log may show it: a CSMS often puts the FTP password in the URL.
QString shown(const QUrl &url)
{
    return url.toString(QUrl::RemovePassword);
}

} // namespace

void VirtualStation::updateFirmware(const TransferRequest &request)
{
    const qint64 delayMs = std::max<qint64>(0, m_station.clock().now().msecsTo(request.retrieveAt));
    QTimer::singleShot(delayMs, this, [this, request] {
        reportFirmware(QStringLiteral("Downloading"), request.requestId);
        downloadFirmware(request, request.retries);
    });
}

void VirtualStation::downloadFirmware(const TransferRequest &request, int retriesLeft)
{
    m_files->download(QUrl(request.location), [this, request, retriesLeft](const TransferResult &r) {
        if (r.ok)
            return installFirmware(request, r);
        emitEvent(QStringLiteral("firmwareDownloadFailed"), {{QStringLiteral("url"), shown(QUrl(request.location))},
                                                             {QStringLiteral("reason"), r.error},
                                                             {QStringLiteral("retriesLeft"), retriesLeft}});
        if (retriesLeft > 0) {
            QTimer::singleShot(request.retryIntervalS * 1000, this,
                               [this, request, retriesLeft] { downloadFirmware(request, retriesLeft - 1); });
            return;
        }
        reportFirmware(QStringLiteral("DownloadFailed"), request.requestId);
    });
}

void VirtualStation::installFirmware(const TransferRequest &request, const TransferResult &download)
{
    emitEvent(QStringLiteral("firmwareDownloaded"),
              {{QStringLiteral("url"), shown(download.url)},
               {QStringLiteral("bytes"), qint64(download.content.size())},
               {QStringLiteral("sha256"),
                QString::fromLatin1(QCryptographicHash::hash(download.content, QCryptographicHash::Sha256).toHex())}});
    reportFirmware(QStringLiteral("Downloaded"), request.requestId);
    // An empty file or one without a name is nothing a charger could install.
    const QString version = download.content.isEmpty() ? QString() : versionFromFile(download.url);
    // 2.0.1 may ask for the installation at a later time, as for a night without sessions.
    const qint64 waitMs =
        request.installAt.isValid() ? std::max<qint64>(0, m_station.clock().now().msecsTo(request.installAt)) : 0;
    if (waitMs == 0)
        return install(request, version);
    reportFirmware(QStringLiteral("InstallScheduled"), request.requestId);
    QTimer::singleShot(waitMs, this, [this, request, version] { install(request, version); });
}

void VirtualStation::install(const TransferRequest &request, const QString &version)
{
    reportFirmware(QStringLiteral("Installing"), request.requestId);
    if (version.isEmpty()) {
        emitEvent(QStringLiteral("firmwareInstallationFailed"),
                  {{QStringLiteral("url"), shown(QUrl(request.location))}});
        reportFirmware(QStringLiteral("InstallationFailed"), request.requestId);
        return;
    }
    m_station.setFirmwareVersion(version);
    emitEvent(QStringLiteral("firmwareInstalled"), {{QStringLiteral("firmwareVersion"), version}});
    // A charger runs new firmware after a restart, whose boot tells the CSMS the version.
    // One that is charging waits for the next restart rather than cut a session short.
    bool charging = false;
    for (int n = 1; n <= m_station.connectorCount(); ++n)
        charging = charging || m_station.connector(n).transaction.has_value();
    if (charging || m_options.version == Ocpp::Version::V16) {
        reportFirmware(QStringLiteral("Installed"), request.requestId);
        if (!charging)
            reset(false);
        return;
    }
    // 2.0.1 says it is rebooting, and Installed once the new firmware has booted.
    reportFirmware(QStringLiteral("InstallRebooting"), request.requestId);
    m_installedAfterBoot = request.requestId;
    reset(false);
    m_bootReason = QStringLiteral("FirmwareUpdate");
}

void VirtualStation::uploadLog(const TransferRequest &request)
{
    reportLog(QStringLiteral("Uploading"), request.requestId);
    sendLog(request, m_eventLog.text(request.oldest, request.latest), request.retries);
}

void VirtualStation::sendLog(const TransferRequest &request, const QByteArray &log, int retriesLeft)
{
    m_files->upload(
        QUrl(request.location), request.fileName, log, [this, request, log, retriesLeft](const TransferResult &r) {
            if (r.ok) {
                emitEvent(QStringLiteral("logUploaded"), {{QStringLiteral("url"), shown(r.url)},
                                                          {QStringLiteral("fileName"), request.fileName},
                                                          {QStringLiteral("bytes"), qint64(log.size())}});
                reportLog(QStringLiteral("Uploaded"), request.requestId);
                return;
            }
            emitEvent(QStringLiteral("logUploadFailed"), {{QStringLiteral("url"), shown(QUrl(request.location))},
                                                          {QStringLiteral("reason"), r.error},
                                                          {QStringLiteral("retriesLeft"), retriesLeft}});
            if (retriesLeft > 0) {
                QTimer::singleShot(request.retryIntervalS * 1000, this,
                                   [this, request, log, retriesLeft] { sendLog(request, log, retriesLeft - 1); });
                return;
            }
            const bool v16 = m_options.version == Ocpp::Version::V16;
            reportLog(v16 ? QStringLiteral("UploadFailed") : QStringLiteral("UploadFailure"), request.requestId);
        });
}

void VirtualStation::reportFirmware(const QString &status, int requestId)
{
    static const QStringList done{QStringLiteral("Installed"), QStringLiteral("DownloadFailed"),
                                  QStringLiteral("InstallationFailed")};
    m_station.firmwareTransfer() = done.contains(status) ? Station::Transfer{} : Station::Transfer{status, requestId};
    enqueue(m_protocol->firmwareStatus(status, requestId));
}

void VirtualStation::reportLog(const QString &status, int requestId)
{
    static const QStringList done{QStringLiteral("Uploaded"), QStringLiteral("UploadFailed"),
                                  QStringLiteral("UploadFailure")};
    m_station.logTransfer() = done.contains(status) ? Station::Transfer{} : Station::Transfer{status, requestId};
    enqueue(m_protocol->logStatus(status, requestId));
}

} // namespace ChargeDesk::Server::Simulator
