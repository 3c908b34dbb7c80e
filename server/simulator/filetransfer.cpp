#include "server/simulator/filetransfer.h"

#include "server/simulator/ftpfiletransfer.h"
#include "server/simulator/httpfiletransfer.h"

namespace ChargeDesk::Server::Simulator {

QUrl uploadTarget(const QUrl &location, const QString &fileName)
{
    if (!location.path().isEmpty() && !location.path().endsWith(QLatin1Char('/')))
        return location;
    QUrl url = location;
    url.setPath(location.path().isEmpty() ? QLatin1Char('/') + fileName : location.path() + fileName);
    return url;
}

UrlFileTransfer::UrlFileTransfer(const TransferOptions &options)
    : m_options(options)
{}

UrlFileTransfer::~UrlFileTransfer() = default;

FileTransfer &UrlFileTransfer::forUrl(const QUrl &location)
{
    if (FtpFileTransfer::supports(location.scheme())) {
        if (!m_ftp)
            m_ftp = std::make_unique<FtpFileTransfer>(m_options);
        return *m_ftp;
    }
    // HTTP(S), and a clear failure for anything else.
    if (!m_http)
        m_http = std::make_unique<HttpFileTransfer>(m_options);
    return *m_http;
}

void UrlFileTransfer::download(const QUrl &location, Done done)
{
    forUrl(location).download(location, std::move(done));
}

void UrlFileTransfer::upload(const QUrl &location, const QString &fileName, const QByteArray &content, Done done)
{
    forUrl(location).upload(location, fileName, content, std::move(done));
}

} // namespace ChargeDesk::Server::Simulator
