#pragma once

#include <QByteArray>
#include <QString>
#include <QUrl>

#include <functional>

namespace ChargeDesk::Server::Simulator {

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

} // namespace ChargeDesk::Server::Simulator
