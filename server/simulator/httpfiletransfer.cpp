#include "server/simulator/httpfiletransfer.h"

#include <QCoreApplication>
#include <QHttpMultiPart>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

#include <memory>

namespace ChargeDesk::Server::Simulator {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Simulator)
};

constexpr int MethodNotAllowed = 405;

} // namespace

HttpFileTransfer::HttpFileTransfer(TransferOptions options)
    : m_options(options)
{}

HttpFileTransfer::~HttpFileTransfer()
{
    if (!m_manager)
        return;
    // The station that gave the callbacks goes away with this object: none may run now.
    for (QNetworkReply *reply : m_manager->findChildren<QNetworkReply *>()) {
        reply->disconnect();
        reply->abort();
    }
}

QNetworkAccessManager &HttpFileTransfer::manager()
{
    if (!m_manager)
        m_manager = std::make_unique<QNetworkAccessManager>();
    return *m_manager;
}

QString HttpFileTransfer::unsupported(const QUrl &location)
{
    if (!location.isValid() || location.host().isEmpty())
        return Tr::tr("not a valid URL: %1").arg(location.toString(QUrl::RemovePassword));
    const QString scheme = location.scheme().toLower();
    if (scheme == QLatin1String("http") || scheme == QLatin1String("https"))
        return {};
    return Tr::tr("%1 URLs are not supported").arg(scheme);
}

void HttpFileTransfer::failLater(const QUrl &location, const QString &why, Done done)
{
    // Asynchronous like a real failure, so the caller's statuses keep their order.
    QTimer::singleShot(0, &manager(),
                       [location, why, done = std::move(done)] { done(TransferResult::failure(location, why)); });
}

QNetworkRequest HttpFileTransfer::request(const QUrl &location) const
{
    QNetworkRequest r(location);
    r.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    r.setMaximumRedirectsAllowed(m_options.maxRedirects);
    r.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("ChargeDesk-Simulator/" PROJECT_VERSION_STRING));
    return r;
}

void HttpFileTransfer::download(const QUrl &location, Done done)
{
    if (const QString why = unsupported(location); !why.isEmpty())
        return failLater(location, why, std::move(done));
    watch(manager().get(request(location)), m_options.maxDownloadBytes, std::move(done));
}

void HttpFileTransfer::upload(const QUrl &location, const QString &fileName, const QByteArray &content, Done done)
{
    if (const QString why = unsupported(location); !why.isEmpty())
        return failLater(location, why, std::move(done));
    switch (m_options.upload) {
    case TransferOptions::Upload::Put: return put(location, fileName, content, std::move(done));
    case TransferOptions::Upload::Post: return post(location, fileName, content, std::move(done));
    case TransferOptions::Upload::PutThenPost: break;
    }
    put(location, fileName, content, [this, location, fileName, content, done](const TransferResult &r) {
        if (r.httpStatus == MethodNotAllowed)
            post(location, fileName, content, done);
        else
            done(r);
    });
}

void HttpFileTransfer::put(const QUrl &location, const QString &fileName, const QByteArray &content, Done done)
{
    QNetworkRequest r = request(uploadTarget(location, fileName));
    r.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("text/plain; charset=utf-8"));
    watch(manager().put(r, content), 0, std::move(done));
}

void HttpFileTransfer::post(const QUrl &location, const QString &fileName, const QByteArray &content, Done done)
{
    auto *form = new QHttpMultiPart(QHttpMultiPart::FormDataType);
    QHttpPart file;
    file.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("text/plain; charset=utf-8"));
    file.setHeader(QNetworkRequest::ContentDispositionHeader,
                   QStringLiteral("form-data; name=\"file\"; filename=\"%1\"").arg(fileName));
    file.setBody(content);
    form->append(file);
    QNetworkReply *reply = manager().post(request(location), form);
    form->setParent(reply);
    watch(reply, 0, std::move(done));
}

void HttpFileTransfer::watch(QNetworkReply *reply, qint64 maxBytes, Done done)
{
    // Why this side gave up, when it did: the reply itself only says "cancelled".
    auto gaveUp = std::make_shared<QString>();
    auto *idle = new QTimer(reply);
    idle->setSingleShot(true);
    QObject::connect(idle, &QTimer::timeout, reply, [this, reply, gaveUp] {
        *gaveUp = Tr::tr("timed out after %1 s without data").arg(m_options.timeoutMs / 1000.0);
        reply->abort();
    });
    QObject::connect(reply, &QNetworkReply::uploadProgress, idle, [this, idle] { idle->start(m_options.timeoutMs); });
    QObject::connect(reply, &QNetworkReply::downloadProgress, idle,
                     [this, reply, idle, gaveUp, maxBytes](qint64 received, qint64 total) {
                         idle->start(m_options.timeoutMs);
                         if (maxBytes > 0 && (received > maxBytes || total > maxBytes) && gaveUp->isEmpty()) {
                             *gaveUp = Tr::tr("the file is larger than %1 bytes").arg(maxBytes);
                             reply->abort();
                         }
                     });
    QObject::connect(reply, &QNetworkReply::sslErrors, reply, [this, reply](const QList<QSslError> &errors) {
        if (m_options.ignoreSslErrors)
            reply->ignoreSslErrors(errors);
    });
    QObject::connect(reply, &QNetworkReply::finished, &manager(), [reply, gaveUp, done = std::move(done)] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        TransferResult result = TransferResult::success(reply->url());
        if (!gaveUp->isEmpty())
            result = TransferResult::failure(reply->url(), *gaveUp);
        else if (reply->error() != QNetworkReply::NoError && status >= 300)
            result = TransferResult::failure(
                reply->url(), Tr::tr("HTTP %1 %2")
                                  .arg(status)
                                  .arg(reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString()));
        else if (reply->error() != QNetworkReply::NoError)
            result = TransferResult::failure(reply->url(), reply->errorString());
        else
            result.content = reply->readAll();
        result.httpStatus = status;
        done(result);
    });
    idle->start(m_options.timeoutMs);
}

} // namespace ChargeDesk::Server::Simulator
