#include "support/filepeers.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTcpServer>

namespace ChargeDesk::Test {

namespace {

using Method = QHttpServerRequest::Method;
using Status = QHttpServerResponder::StatusCode;

QString methodName(Method m)
{
    return m == Method::Get ? QStringLiteral("GET") : m == Method::Put ? QStringLiteral("PUT") : QStringLiteral("POST");
}

QByteArray header(const QHttpServerRequest &request, const QByteArray &name)
{
    for (const auto &[key, value] : request.headers())
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    return {};
}

QList<QByteArray> splitBy(const QByteArray &body, const QByteArray &boundary)
{
    QList<QByteArray> parts;
    qsizetype from = body.indexOf(boundary);
    while (from >= 0) {
        const qsizetype start = from + boundary.size();
        const qsizetype next = body.indexOf(boundary, start);
        if (next < 0)
            break;
        parts << body.mid(start, next - start).mid(2); // after the boundary's CRLF
        from = next;
    }
    return parts;
}

} // namespace

FileServer::FileServer(QByteArray firmware)
    : m_firmware(std::move(firmware))
{}

QString FileServer::url(const QString &path)
{
    return QStringLiteral("http://127.0.0.1:%1%2").arg(serverPorts().value(0)).arg(path);
}

bool FileServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    QHttpServerResponder responder = makeResponder(request, socket);
    const QString path = request.url().path();
    requests << QStringLiteral("%1 %2").arg(methodName(request.method()), path);
    if (request.method() == Method::Get && path == QLatin1String("/firmware/vc-2.1.0.bin"))
        responder.write(m_firmware, "application/octet-stream");
    else if (request.method() == Method::Get && path == QLatin1String("/old/firmware.bin"))
        responder.write({{"Location", url("/firmware/vc-2.1.0.bin").toUtf8()}}, Status::Found);
    else if (request.method() == Method::Put && path.startsWith(QLatin1String("/logs/"))) {
        stored.insert(path.mid(6), StoredFile{"PUT", request.body()});
        responder.write(Status::Created);
    } else if (request.method() == Method::Put && path.startsWith(QLatin1String("/form/")))
        responder.write(Status::MethodNotAllowed);
    else if (request.method() == Method::Post && path == QLatin1String("/form/"))
        responder.write(storeForm(request) ? Status::Created : Status::BadRequest);
    else
        responder.write(Status::NotFound);
    return true;
}

void FileServer::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    makeResponder(request, socket).write(Status::NotFound);
}

// Just enough of multipart/form-data to find the field "file" and its file name.
bool FileServer::storeForm(const QHttpServerRequest &request)
{
    const QByteArray type = header(request, "Content-Type");
    const qsizetype at = type.indexOf("boundary=");
    if (!type.startsWith("multipart/form-data") || at < 0)
        return false;
    const QByteArray boundary = "--" + QByteArray(type.mid(at + 9)).replace('"', "");
    for (const QByteArray &part : splitBy(request.body(), boundary)) {
        const qsizetype headersEnd = part.indexOf("\r\n\r\n");
        if (headersEnd < 0)
            continue;
        const QByteArray headers = part.left(headersEnd);
        const qsizetype nameAt = headers.indexOf("filename=\"");
        if (!headers.contains("name=\"file\"") || nameAt < 0)
            continue;
        const QByteArray name = headers.mid(nameAt + 10, headers.indexOf('"', nameAt + 10) - nameAt - 10);
        QByteArray content = part.mid(headersEnd + 4);
        content.chop(2); // the CRLF before the next boundary
        stored.insert(QString::fromUtf8(name), StoredFile{"POST", content});
        return true;
    }
    return false;
}

FtpPeer::FtpPeer()
{
    m_process.start(QStringLiteral("node"), {QStringLiteral(PEERS_DIR "/ftp_server.mjs"), m_root.path(),
                                             QString::fromLatin1(User), QString::fromLatin1(Password)});
    QElapsedTimer timer;
    timer.start();
    while (m_port == 0 && timer.elapsed() < 10000 && m_process.state() != QProcess::NotRunning) {
        m_process.waitForReadyRead(200);
        for (const QJsonObject &line : lines())
            if (line.value(QStringLiteral("event")) == QLatin1String("listening"))
                m_port = line.value(QStringLiteral("port")).toInt();
    }
}

FtpPeer::~FtpPeer()
{
    m_process.kill();
    m_process.waitForFinished();
}

QString FtpPeer::url(const QString &path, const QString &password) const
{
    QUrl url;
    url.setScheme(QStringLiteral("ftp"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(m_port);
    url.setUserName(QString::fromLatin1(User));
    url.setPassword(password);
    url.setPath(path);
    return url.toString(QUrl::FullyEncoded);
}

QList<QJsonObject> FtpPeer::lines()
{
    return m_output.read();
}

QByteArray knownBytes(qsizetype size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    QRandomGenerator generator(20261125);
    for (char &b : bytes)
        b = char(generator.bounded(256));
    return bytes;
}

QString sha256(const QByteArray &bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

quint16 closedPort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost);
    return probe.serverPort();
}

} // namespace ChargeDesk::Test
