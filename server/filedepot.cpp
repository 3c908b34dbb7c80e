#include "server/filedepot.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryFile>

#include <optional>

Q_LOGGING_CATEGORY(lcFiles, "chargedesk.files")

namespace ChargeDesk::Server {

namespace {

using Status = QHttpServerResponder::StatusCode;

const QString Firmware = QStringLiteral("firmware");
const QString Diagnostics = QStringLiteral("diagnostics");
// Uploads in progress: hidden, so that nothing lists them, and swept away at start.
const QString IncomingPrefix = QStringLiteral(".incoming-");
constexpr qint64 MaxHeaderBytes = 64 * 1024;
// After a 413 the rest of a declared body is read and dropped, up to this much, so that the
// client finishes sending and reads the answer instead of a reset connection.
constexpr qint64 MaxDrainBytes = 16 * 1024 * 1024;

struct UploadedFile
{
    QString name;
    QByteArray content;
};

QByteArray headerParameter(const QByteArray &header, const QByteArray &name)
{
    const qsizetype at = header.toLower().indexOf(name.toLower() + '=');
    if (at < 0)
        return {};
    QByteArray value = header.mid(at + name.size() + 1);
    if (value.startsWith('"'))
        return value.mid(1, value.indexOf('"', 1) - 1);
    const qsizetype end = value.indexOf(';');
    return (end < 0 ? value : value.left(end)).trimmed();
}

// The first part of a multipart/form-data body that carries a file.
std::optional<UploadedFile> multipartFile(const QByteArray &contentType, const QByteArray &body)
{
    const QByteArray boundary = headerParameter(contentType, "boundary");
    if (boundary.isEmpty())
        return std::nullopt;
    const QByteArray delimiter = "--" + boundary;
    qsizetype pos = body.indexOf(delimiter);
    while (pos >= 0) {
        pos += delimiter.size();
        if (body.mid(pos, 2) == "--")
            break; // the closing delimiter
        const qsizetype headEnd = body.indexOf("\r\n\r\n", pos);
        const qsizetype next = headEnd < 0 ? -1 : body.indexOf("\r\n" + delimiter, headEnd + 4);
        if (next < 0)
            break;
        const QByteArray head = body.mid(pos, headEnd - pos);
        if (const QByteArray name = headerParameter(head, "filename"); !name.isEmpty())
            return UploadedFile{QString::fromUtf8(name), body.mid(headEnd + 4, next - headEnd - 4)};
        pos = next + 2;
    }
    return std::nullopt;
}

// "log.txt", then "log (2).txt", ...: a charger that always sends the same name keeps its old logs.
QString freeName(const QDir &dir, const QString &name)
{
    const QFileInfo info(name);
    QString candidate = name;
    for (int n = 2; dir.exists(candidate); ++n)
        candidate = info.completeSuffix().isEmpty()
                        ? QStringLiteral("%1 (%2)").arg(info.baseName()).arg(n)
                        : QStringLiteral("%1 (%2).%3").arg(info.baseName()).arg(n).arg(info.completeSuffix());
    return candidate;
}

} // namespace

// What has been seen of the request a connection is sending. Qt's HTTP server (6.4) buffers a
// whole request before handleRequest() sees it and has no size limit, so the depot reads the
// headers' Content-Length, and counts the body, as the bytes arrive.
struct FileDepot::Guard
{
    QByteArray head; // the headers so far
    bool inBody = false;
    qint64 declared = -1; // Content-Length, when there is one
    qint64 bodyBytes = 0;
    qint64 drainLeft = -1; // >= 0 once refused: bytes still to drop
};

// Hands every connection to the depot's guard before Qt's HTTP server connects to it, so the
// guard reads each chunk first.
class FileDepot::Listener final : public QTcpServer
{
public:
    explicit Listener(FileDepot &depot)
        : QTcpServer(&depot)
        , m_depot(depot)
    {}

protected:
    void incomingConnection(qintptr descriptor) override
    {
        auto *socket = new QTcpSocket(this);
        if (!socket->setSocketDescriptor(descriptor)) {
            delete socket;
            return;
        }
        m_depot.guard(socket);
        addPendingConnection(socket);
    }

private:
    FileDepot &m_depot;
};

FileDepot::FileDepot(const QString &directory, QObject *parent)
    : QAbstractHttpServer(parent)
    , m_directory(QDir::cleanPath(directory))
{}

FileDepot::~FileDepot() = default;

QString FileDepot::firmwareDirectory() const
{
    return QDir(m_directory).filePath(Firmware);
}

QString FileDepot::diagnosticsDirectory() const
{
    return QDir(m_directory).filePath(Diagnostics);
}

quint16 FileDepot::start(const QHostAddress &address, quint16 port)
{
    for (const QString &folder : {firmwareDirectory(), diagnosticsDirectory()}) {
        if (!QDir().mkpath(folder)) {
            m_error = tr("Cannot create the folder %1").arg(QDir::toNativeSeparators(folder));
            return 0;
        }
    }
    // What an upload cut short by a crash left behind.
    QDir diagnostics(diagnosticsDirectory());
    for (const QString &stale :
         diagnostics.entryList({IncomingPrefix + QLatin1Char('*')}, QDir::Files | QDir::Hidden | QDir::System))
        diagnostics.remove(stale);
    auto *listener = new Listener(*this);
    if (!listener->listen(address, port)) {
        m_error = tr("Cannot listen for files on port %1: %2").arg(port).arg(listener->errorString());
        delete listener;
        return 0;
    }
    bind(listener);
    qCInfo(lcFiles) << "serving" << m_directory << "on port" << listener->serverPort();
    return listener->serverPort();
}

bool FileDepot::isSafeFileName(const QString &name)
{
    // Letters, digits and a few marks; no separators, no leading dot (hidden, "..") or space,
    // no trailing dot or space (Windows drops them), no ':' (Windows streams).
    static const QRegularExpression safe(QStringLiteral("^[A-Za-z0-9_][A-Za-z0-9 ._()+@=,-]{0,199}$"));
    return safe.match(name).hasMatch() && !name.endsWith(QLatin1Char('.')) && !name.endsWith(QLatin1Char(' '));
}

void FileDepot::guard(QTcpSocket *socket)
{
    m_guards.insert(socket, std::make_shared<Guard>());
    connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onBytes(socket); });
    connect(socket, &QObject::destroyed, this, [this, socket] { m_guards.remove(socket); });
}

void FileDepot::onBytes(QTcpSocket *socket)
{
    const auto found = m_guards.constFind(socket);
    if (found == m_guards.constEnd())
        return;
    Guard &g = **found;
    if (g.drainLeft >= 0) {
        g.drainLeft -= socket->readAll().size();
        if (g.drainLeft <= 0)
            socket->disconnectFromHost();
        return;
    }
    // Only the bytes Qt's parser has not read yet: it reads everything on each readyRead.
    const QByteArray chunk = socket->peek(socket->bytesAvailable());
    if (g.inBody) {
        g.bodyBytes += chunk.size();
    } else {
        g.head += chunk;
        const qsizetype end = g.head.indexOf("\r\n\r\n");
        if (end < 0) {
            if (g.head.size() > MaxHeaderBytes)
                refuseTooLarge(socket, g);
            return;
        }
        g.inBody = true;
        g.bodyBytes = g.head.size() - end - 4;
        for (const QByteArray &line : g.head.left(end).split('\n'))
            if (line.toLower().startsWith("content-length:"))
                g.declared = line.mid(15).trimmed().toLongLong();
        g.head.clear();
    }
    if (g.declared > m_maxFileBytes || g.bodyBytes > m_maxFileBytes)
        refuseTooLarge(socket, g);
}

void FileDepot::refuseTooLarge(QTcpSocket *socket, Guard &g)
{
    qCInfo(lcFiles) << "refused an upload over" << m_maxFileBytes << "bytes from" << socket->peerAddress().toString();
    const QByteArray text = tr("The file is larger than %1 MiB.").arg(m_maxFileBytes / (1024 * 1024)).toUtf8();
    socket->write("HTTP/1.1 413 Payload Too Large\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: " +
                  QByteArray::number(text.size()) + "\r\nConnection: close\r\n\r\n" + text);
    socket->readAll(); // Qt's parser never sees this request
    g.drainLeft = g.declared >= 0 ? qMin(g.declared - g.bodyBytes, MaxDrainBytes) : 0;
    if (g.drainLeft <= 0)
        socket->disconnectFromHost();
}

bool FileDepot::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    if (auto g = m_guards.value(socket))
        *g = Guard{}; // the next request on this connection starts afresh
    QHttpServerResponder responder = makeResponder(request, socket);
    const auto answer = [&responder](Status status, const QString &text) {
        responder.write(text.toUtf8(), "text/plain; charset=utf-8", status);
        return true;
    };
    QStringList path;
    for (const QString &segment : request.url().path(QUrl::FullyEncoded).split(QLatin1Char('/'), Qt::SkipEmptyParts))
        path << QUrl::fromPercentEncoding(segment.toUtf8());
    if (path.contains(QStringLiteral("..")) || path.contains(QStringLiteral(".")))
        return answer(Status::BadRequest, tr("Not an acceptable file name."));
    const QString folder = path.value(1);
    if (path.value(0) != QLatin1String("files") || (folder != Firmware && folder != Diagnostics))
        return answer(Status::NotFound,
                      tr("Firmware is under /files/firmware/, diagnostics under /files/diagnostics/."));
    const QString name = path.value(2);
    if (path.size() > 3 || (path.size() == 3 && !isSafeFileName(name)))
        return answer(Status::BadRequest, tr("Not an acceptable file name."));
    const auto method = request.method();

    if (folder == Firmware) {
        if (method != QHttpServerRequest::Method::Get || name.isEmpty())
            return answer(Status::MethodNotAllowed, tr("Firmware files can only be downloaded."));
        auto *file = new QFile(QDir(firmwareDirectory()).filePath(name));
        if (!QFileInfo(*file).isFile() || !file->open(QIODevice::ReadOnly)) {
            delete file;
            return answer(Status::NotFound, tr("There is no firmware file %1.").arg(name));
        }
        qCInfo(lcFiles) << "serving firmware" << name << "to" << socket->peerAddress().toString();
        responder.write(file, "application/octet-stream"); // the responder owns and closes it
        return true;
    }

    UploadedFile upload{name, request.body()};
    if (method == QHttpServerRequest::Method::Post) {
        const QByteArray type = request.value("Content-Type");
        if (!type.toLower().startsWith("multipart/form-data"))
            return answer(Status::UnsupportedMediaType, tr("Post the file as multipart/form-data."));
        auto part = multipartFile(type, request.body());
        if (!part)
            return answer(Status::BadRequest, tr("The form holds no file."));
        if (name.isEmpty() && !isSafeFileName(part->name))
            return answer(Status::BadRequest, tr("Not an acceptable file name."));
        upload = {name.isEmpty() ? part->name : name, part->content};
    } else if (method != QHttpServerRequest::Method::Put || name.isEmpty()) {
        return answer(Status::MethodNotAllowed, tr("Diagnostics files are uploaded with PUT or a multipart POST."));
    }
    const QString stored = store(upload.name, upload.content);
    if (stored.isEmpty())
        return answer(Status::InternalServerError, tr("The file could not be stored."));
    return answer(Status::Created, stored);
}

void FileDepot::missingHandler(const QHttpServerRequest &, QTcpSocket *)
{}

QString FileDepot::store(const QString &name, const QByteArray &content)
{
    const QDir dir(diagnosticsDirectory());
    QTemporaryFile file(dir.filePath(IncomingPrefix + QStringLiteral("XXXXXX")));
    file.setAutoRemove(false);
    if (!file.open() || file.write(content) != content.size() || !file.flush()) {
        qCWarning(lcFiles) << "cannot write" << file.fileName() << file.errorString();
        file.remove();
        return {};
    }
    file.close();
    const QString stored = freeName(dir, name);
    if (!file.rename(dir.filePath(stored))) {
        qCWarning(lcFiles) << "cannot rename" << file.fileName() << "to" << stored << file.errorString();
        file.remove();
        return {};
    }
    qCInfo(lcFiles) << "received" << stored << content.size() << "bytes";
    emit fileReceived(dir.filePath(stored));
    return stored;
}

} // namespace ChargeDesk::Server
