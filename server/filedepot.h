#pragma once

#include <QAbstractHttpServer>
#include <QHash>
#include <QHostAddress>
#include <QString>

#include <memory>

class QTcpSocket;

namespace ChargeDesk::Server {

// ChargeDesk's own file server for the two files OCPP moves by URL, so that a technician
// needs no FTP server: chargers download firmware from `GET /files/firmware/<name>` and
// upload diagnostics and logs with `PUT /files/diagnostics/<name>` or a multipart/form-data
// `POST /files/diagnostics/`. It serves one folder on disk with the subfolders `firmware/`
// and `diagnostics/`. Names with a path, a leading dot or odd characters are refused (400);
// an upload over the size limit is refused from its headers, before it fills the memory
// (413); an upload is written to a hidden temporary file and renamed when complete, so a
// killed transfer never leaves half a file, and an existing file is never overwritten.
class FileDepot final : public QAbstractHttpServer
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FileDepot)

public:
    static constexpr qint64 DefaultMaxFileBytes = qint64(256) * 1024 * 1024;

    explicit FileDepot(const QString &directory, QObject *parent = nullptr);
    ~FileDepot() override;

    // Creates the folders and listens (port 0 picks a free one); the port, or 0 with
    // errorString() saying why not.
    quint16 start(const QHostAddress &address, quint16 port);
    QString errorString() const { return m_error; }

    QString directory() const { return m_directory; }
    QString firmwareDirectory() const;
    QString diagnosticsDirectory() const;
    void setMaxFileBytes(qint64 bytes) { m_maxFileBytes = bytes; }

    // A name the depot stores and serves: no path, not hidden, portable characters only.
    static bool isSafeFileName(const QString &name);

signals:
    // A diagnostics or log file arrived whole; `path` is where it was stored.
    void fileReceived(const QString &path);

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    struct Guard;
    class Listener;
    // Watches the bytes of a connection before Qt's parser buffers them: see filedepot.cpp.
    void guard(QTcpSocket *socket);
    void onBytes(QTcpSocket *socket);
    void refuseTooLarge(QTcpSocket *socket, Guard &guard);
    // Stores `content` as `name` in the diagnostics folder; the name it got, or empty on failure.
    QString store(const QString &name, const QByteArray &content);

    QString m_directory;
    QString m_error;
    qint64 m_maxFileBytes = DefaultMaxFileBytes;
    QHash<QTcpSocket *, std::shared_ptr<Guard>> m_guards;
};

} // namespace ChargeDesk::Server
