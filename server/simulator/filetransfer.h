#pragma once

#include <QByteArray>
#include <QString>
#include <QUrl>

#include <functional>
#include <memory>

namespace ChargeDesk::Server::Simulator {

struct TransferOptions
{
    // How a log goes up over HTTP. Chargers differ: many PUT the file's body, others POST it
    // as a multipart/form-data field "file"; PutThenPost tries PUT and posts when the server
    // answers 405 Method Not Allowed.
    enum class Upload { PutThenPost, Put, Post };
    Upload upload = Upload::PutThenPost;
    qint64 maxDownloadBytes = 64 * 1024 * 1024;
    int timeoutMs = 60000;        // without a single byte moving
    int maxRedirects = 5;         // HTTP
    bool ignoreSslErrors = false; // self-signed test servers
};

// How one transfer ended: the downloaded bytes, or why it failed in words for the log.
struct TransferResult
{
    bool ok = false;
    QString error;
    QByteArray content; // download: the file as it arrived
    QUrl url;           // where the bytes came from or went to, after redirects and fallbacks
    int httpStatus = 0; // the server's last answer, 0 when there was none

    static TransferResult success(const QUrl &url, QByteArray content = {}) { return {true, {}, content, url, 0}; }
    static TransferResult failure(const QUrl &url, const QString &why) { return {false, why, {}, url, 0}; }
};

// The seam for moving files: a firmware image down from the CSMS's URL, a log file up to
// it. The station reports the OCPP statuses around these calls, so tests can swap in a
// transfer that never touches the network.
class FileTransfer
{
public:
    using Done = std::function<void(const TransferResult &result)>;

    virtual ~FileTransfer() = default;
    virtual void download(const QUrl &location, Done done) = 0;
    virtual void upload(const QUrl &location, const QString &fileName, const QByteArray &content, Done done) = 0;
};

// Reports every transfer as successful without touching the network.
class PretendFileTransfer final : public FileTransfer
{
public:
    void download(const QUrl &location, Done done) override { done(TransferResult::success(location)); }
    void upload(const QUrl &location, const QString &, const QByteArray &, Done done) override
    {
        done(TransferResult::success(location));
    }
};

// Where a log goes: a location naming a directory (ending with '/', or a bare server as in
// "ftp://user:password@host:port") gets the log's file name appended; a file is taken as it is.
QUrl uploadTarget(const QUrl &location, const QString &fileName);

// The transfer a charger uses: FTP, FTPS and SFTP through libcurl, everything else over HTTP.
class UrlFileTransfer final : public FileTransfer
{
    Q_DISABLE_COPY_MOVE(UrlFileTransfer)

public:
    explicit UrlFileTransfer(const TransferOptions &options = {});
    ~UrlFileTransfer() override;

    void download(const QUrl &location, Done done) override;
    void upload(const QUrl &location, const QString &fileName, const QByteArray &content, Done done) override;

private:
    FileTransfer &forUrl(const QUrl &location);

    TransferOptions m_options;
    // Each made on its first transfer: the load mode runs thousands of stations that never move a file.
    std::unique_ptr<FileTransfer> m_http;
    std::unique_ptr<FileTransfer> m_ftp;
};

} // namespace ChargeDesk::Server::Simulator
