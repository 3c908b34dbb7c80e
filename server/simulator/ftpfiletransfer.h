#pragma once

#include "server/simulator/filetransfer.h"

#include <QObject>
#include <QThreadPool>

#include <atomic>
#include <memory>

namespace ChargeDesk::Server::Simulator {

// Moves files over FTP, FTPS (implicit TLS) and SFTP with libcurl, as the many chargers do
// whose CSMS hands them an "ftp://user:password@host:port/path" location. A firmware image is
// retrieved, a log stored (missing directories are created). libcurl blocks, so each transfer
// runs on a small pool of worker threads and reports back on the thread that asked.
class FtpFileTransfer final : public FileTransfer
{
    Q_DISABLE_COPY_MOVE(FtpFileTransfer)

public:
    explicit FtpFileTransfer(const TransferOptions &options = {});
    // Cancels the transfers under way and waits for them: their callbacks are not called.
    ~FtpFileTransfer() override;

    // Whether this build's libcurl speaks the URL scheme ("ftp", "ftps", "sftp").
    static bool supports(const QString &scheme);

    void download(const QUrl &location, Done done) override;
    void upload(const QUrl &location, const QString &fileName, const QByteArray &content, Done done) override;

private:
    void start(const QUrl &url, std::shared_ptr<const QByteArray> content, Done done);

    TransferOptions m_options;
    QObject m_replies; // lives on the caller's thread; results are delivered through it
    std::shared_ptr<std::atomic_bool> m_cancelled = std::make_shared<std::atomic_bool>(false);
    QThreadPool m_workers;
};

} // namespace ChargeDesk::Server::Simulator
