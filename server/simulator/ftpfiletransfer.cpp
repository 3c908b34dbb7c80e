#include "server/simulator/ftpfiletransfer.h"

#include <QCoreApplication>

#include <curl/curl.h>

#include <cstring>
#include <mutex>

namespace ChargeDesk::Server::Simulator {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Simulator)
};

void initialiseCurl()
{
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// One transfer's state, shared with libcurl's callbacks on the worker thread.
struct Transfer
{
    const TransferOptions &options;
    const std::atomic_bool &cancelled;
    const QByteArray *content = nullptr; // what goes up, for an upload
    qint64 sent = 0;
    QByteArray received;
    bool tooLarge = false;
};

size_t receive(char *data, size_t size, size_t count, void *user)
{
    auto *t = static_cast<Transfer *>(user);
    const size_t bytes = size * count;
    if (t->options.maxDownloadBytes > 0 && t->received.size() + qint64(bytes) > t->options.maxDownloadBytes) {
        t->tooLarge = true;
        return 0; // libcurl stops with a write error
    }
    t->received.append(data, qsizetype(bytes));
    return bytes;
}

size_t send(char *buffer, size_t size, size_t count, void *user)
{
    auto *t = static_cast<Transfer *>(user);
    const qint64 bytes = std::min<qint64>(qint64(size * count), t->content->size() - t->sent);
    std::memcpy(buffer, t->content->constData() + t->sent, size_t(bytes));
    t->sent += bytes;
    return size_t(bytes);
}

int progress(void *user, curl_off_t, curl_off_t, curl_off_t, curl_off_t)
{
    return static_cast<Transfer *>(user)->cancelled ? 1 : 0; // non-zero aborts
}

// Runs one transfer to its end on the calling (worker) thread.
TransferResult perform(const QUrl &url, const QByteArray *content, const TransferOptions &options,
                       const std::atomic_bool &cancelled)
{
    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> handle(curl_easy_init(), &curl_easy_cleanup);
    if (!handle)
        return TransferResult::failure(url, Tr::tr("could not start a transfer"));
    CURL *curl = handle.get();
    Transfer transfer{options, cancelled, content};
    char error[CURL_ERROR_SIZE] = {};
    const QByteArray address = url.toEncoded(); // libcurl takes the user and password from it
    const long timeoutS = std::max(1, options.timeoutMs / 1000);

    curl_easy_setopt(curl, CURLOPT_URL, address.constData());
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    // "Without a single byte moving" as for HTTP: to connect, for each server answer, and in flight.
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, long(options.timeoutMs));
    curl_easy_setopt(curl, CURLOPT_SERVER_RESPONSE_TIMEOUT, timeoutS);
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, timeoutS);
    curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, &progress);
    curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &transfer);
    if (options.ignoreSslErrors) {
        curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 0L);
        curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 0L);
    }
    if (content) {
        curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
        curl_easy_setopt(curl, CURLOPT_READFUNCTION, &send);
        curl_easy_setopt(curl, CURLOPT_READDATA, &transfer);
        curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, curl_off_t(content->size()));
        curl_easy_setopt(curl, CURLOPT_FTP_CREATE_MISSING_DIRS, long(CURLFTP_CREATE_DIR_RETRY));
    } else {
        curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &receive);
        curl_easy_setopt(curl, CURLOPT_WRITEDATA, &transfer);
        if (options.maxDownloadBytes > 0)
            curl_easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(options.maxDownloadBytes));
    }

    const CURLcode code = curl_easy_perform(curl);
    long response = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response);
    TransferResult result = TransferResult::success(url, transfer.received);
    if (code == CURLE_FILESIZE_EXCEEDED || transfer.tooLarge)
        result = TransferResult::failure(url, Tr::tr("the file is larger than %1 bytes").arg(options.maxDownloadBytes));
    else if (code == CURLE_OPERATION_TIMEDOUT)
        result =
            TransferResult::failure(url, Tr::tr("timed out after %1 s without data").arg(options.timeoutMs / 1000.0));
    else if (code != CURLE_OK)
        result = TransferResult::failure(url, QString::fromUtf8(error[0] ? error : curl_easy_strerror(code)).trimmed());
    result.httpStatus = int(response); // the server's last reply code (FTP's, here)
    return result;
}

} // namespace

FtpFileTransfer::FtpFileTransfer(const TransferOptions &options)
    : m_options(options)
{
    initialiseCurl();
    m_workers.setMaxThreadCount(2);
}

FtpFileTransfer::~FtpFileTransfer()
{
    *m_cancelled = true;
    m_workers.waitForDone();
    // Results already queued to m_replies are dropped with it.
}

bool FtpFileTransfer::supports(const QString &scheme)
{
    initialiseCurl();
    static const QStringList wanted{QStringLiteral("ftp"), QStringLiteral("ftps"), QStringLiteral("sftp")};
    static const QStringList available = [] {
        QStringList protocols;
        for (const char *const *p = curl_version_info(CURLVERSION_NOW)->protocols; *p; ++p)
            if (wanted.contains(QLatin1String(*p)))
                protocols << QString::fromLatin1(*p);
        return protocols;
    }();
    return available.contains(scheme.toLower());
}

void FtpFileTransfer::download(const QUrl &location, Done done)
{
    start(location, nullptr, std::move(done));
}

void FtpFileTransfer::upload(const QUrl &location, const QString &fileName, const QByteArray &content, Done done)
{
    start(uploadTarget(location, fileName), std::make_shared<const QByteArray>(content), std::move(done));
}

void FtpFileTransfer::start(const QUrl &url, std::shared_ptr<const QByteArray> content, Done done)
{
    // The worker captures copies only: this object waits for it in its destructor, but the
    // replies object it posts to must be the only thing of ours it touches.
    m_workers.start([url, content = std::move(content), done = std::move(done), options = m_options,
                     cancelled = m_cancelled, replies = &m_replies]() mutable {
        TransferResult result = perform(url, content.get(), options, *cancelled);
        if (*cancelled)
            return;
        QMetaObject::invokeMethod(
            replies, [done = std::move(done), result = std::move(result)] { done(result); }, Qt::QueuedConnection);
    });
}

} // namespace ChargeDesk::Server::Simulator
