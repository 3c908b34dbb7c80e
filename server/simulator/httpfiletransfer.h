#pragma once

#include "server/simulator/filetransfer.h"

#include <memory>

class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;

namespace ChargeDesk::Server::Simulator {

// Moves files over HTTP(S) as a charger does: the firmware with GET (following redirects),
// the log with PUT or a multipart POST. When the location ends with '/', the log's file name
// is appended, as a charger does with an FTP directory. Credentials in the URL answer the
// server's Basic or Digest challenge. Other schemes fail with a clear reason.
class HttpFileTransfer final : public FileTransfer
{
    Q_DISABLE_COPY_MOVE(HttpFileTransfer)

public:
    explicit HttpFileTransfer(TransferOptions options = {});
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

    TransferOptions m_options;
    std::unique_ptr<QNetworkAccessManager> m_manager;
};

} // namespace ChargeDesk::Server::Simulator
