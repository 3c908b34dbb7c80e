#pragma once

#include "server/simulator/filetransfer.h"

#include <memory>

class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;

namespace ChargeDesk::Server::Simulator {

struct HttpTransferOptions
{
    // How a log goes up. Chargers differ: many PUT the file's body, others POST it as a
    // multipart/form-data field "file"; PutThenPost tries PUT and posts when the server
    // answers 405 Method Not Allowed.
    enum class Upload { PutThenPost, Put, Post };
    Upload upload = Upload::PutThenPost;
    qint64 maxDownloadBytes = 64 * 1024 * 1024;
    int timeoutMs = 60000; // without a single byte moving
    int maxRedirects = 5;
    bool ignoreSslErrors = false; // self-signed test servers
};

// Moves files over HTTP(S) as a charger does: the firmware with GET (following redirects),
// the log with PUT or a multipart POST. When the location ends with '/', the log's file name
// is appended, as a charger does with an FTP directory. Credentials in the URL answer the
// server's Basic or Digest challenge. ftp:// fails with a clear reason: Qt 6 has no FTP.
class HttpFileTransfer final : public FileTransfer
{
    Q_DISABLE_COPY_MOVE(HttpFileTransfer)

public:
    explicit HttpFileTransfer(HttpTransferOptions options = {});
    ~HttpFileTransfer() override;

    void download(const QUrl &location, Done done) override;
    void upload(const QUrl &location, const QString &fileName, const QByteArray &content, Done done) override;

private:
    QNetworkRequest request(const QUrl &location) const;
    void put(const QUrl &location, const QString &fileName, const QByteArray &content, Done done);
    void post(const QUrl &location, const QString &fileName, const QByteArray &content, Done done);
    // Watches a reply to its end (timeout, size limit, TLS errors) and calls done once.
    void watch(QNetworkReply *reply, qint64 maxBytes, Done done);
    // Why this location cannot be reached, or an empty string.
    static QString unsupported(const QUrl &location);
    void failLater(const QUrl &location, const QString &why, Done done);
    QNetworkAccessManager &manager();

    HttpTransferOptions m_options;
    // Made on the first transfer: the load mode runs thousands of stations that never move a file.
    std::unique_ptr<QNetworkAccessManager> m_manager;
};

} // namespace ChargeDesk::Server::Simulator
