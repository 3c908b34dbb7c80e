#pragma once

#include <QByteArray>
#include <QUrl>

#include <functional>

namespace ChargeDesk::Server::Simulator {

// The seam for moving files: a firmware image down from the CSMS's URL, a log file up to
// it. The station reports the OCPP statuses around these calls; an implementation that moves
// real bytes over HTTP/FTP replaces PretendFileTransfer without touching the protocol.
class FileTransfer
{
public:
    virtual ~FileTransfer() = default;
    virtual void download(const QUrl &location, std::function<void(bool ok)> done) = 0;
    virtual void upload(const QUrl &location, const QString &fileName, const QByteArray &content,
                        std::function<void(bool ok)> done) = 0;
};

// Reports every transfer as successful without touching the network.
class PretendFileTransfer final : public FileTransfer
{
public:
    void download(const QUrl &, std::function<void(bool ok)> done) override { done(true); }
    void upload(const QUrl &, const QString &, const QByteArray &, std::function<void(bool ok)> done) override
    {
        done(true);
    }
};

} // namespace ChargeDesk::Server::Simulator
