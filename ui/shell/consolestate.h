#pragma once

#include <QObject>
#include <QStringList>
#include <QUrl>

namespace ChargeDesk::Ui {

// What the console knows about its own process that pages show beside the data: the URLs the
// embedded OCPP server listens on (empty while it is off). Owned by the main window.
class ConsoleState final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConsoleState)

public:
    using QObject::QObject;

    // "ws://host:port/ocpp/<identifier>", then the secure one when TLS is on; a station's own
    // URL replaces "<identifier>" with its connection identifier.
    QStringList ocppUrls() const { return m_ocppUrls; }
    void setOcppUrls(const QStringList &urls)
    {
        if (urls == m_ocppUrls)
            return;
        m_ocppUrls = urls;
        emit changed();
    }

    // The built-in file server for firmware and diagnostics (see server/filedepot.h): the URL
    // stations reach it at and the folder it serves; an empty URL while it is off.
    QUrl fileServerUrl() const { return m_fileServerUrl; }
    QString fileServerDirectory() const { return m_fileServerDirectory; }
    void setFileServer(const QUrl &url, const QString &directory)
    {
        if (url == m_fileServerUrl && directory == m_fileServerDirectory)
            return;
        m_fileServerUrl = url;
        m_fileServerDirectory = directory;
        emit changed();
    }

signals:
    void changed();

private:
    QStringList m_ocppUrls;
    QUrl m_fileServerUrl;
    QString m_fileServerDirectory;
};

} // namespace ChargeDesk::Ui
