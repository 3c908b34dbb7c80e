#pragma once

// The servers a CSMS operator points chargers at for firmware and logs, for the simulator's
// file transfer tests: an HTTP server in the test's process, and an independent FTP server
// (ftp-srv from npm, tests/peers/ftp_server.mjs) in a child process.
#include "support/nodepeer.h"

#include <QAbstractHttpServer>
#include <QHash>
#include <QJsonObject>
#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>

namespace ChargeDesk::Test {

struct StoredFile
{
    QByteArray method; // PUT or POST
    QByteArray content;
};

// Firmware by GET (one old address redirects), logs by PUT under /logs/ or by multipart POST
// to /form/, which refuses PUT.
class FileServer final : public QAbstractHttpServer
{
public:
    explicit FileServer(QByteArray firmware);

    QHash<QString, StoredFile> stored; // file name -> what arrived
    QStringList requests;              // "GET /firmware/vc-2.1.0.bin", ...

    QString url(const QString &path);

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    bool storeForm(const QHttpServerRequest &request);

    QByteArray m_firmware;
};

// An FTP server with one user, rooted in a fresh temporary directory.
class FtpPeer
{
public:
    static constexpr const char *User = "technician";
    static constexpr const char *Password = "s3cret:ftp";

    // Starts the server and waits until it listens; isValid() tells whether it does.
    FtpPeer();
    ~FtpPeer();

    bool isValid() const { return m_port != 0; }
    QString root() const { return m_root.path(); }
    // ftp://technician:s3cret%3Aftp@127.0.0.1:PORT + path, with a password that needs escaping.
    QString url(const QString &path, const QString &password = QString::fromLatin1(Password)) const;
    // The server's JSON lines so far: login, stored, retrieved.
    QList<QJsonObject> lines();

private:
    QTemporaryDir m_root;
    QProcess m_process;
    JsonLines m_output{m_process};
    int m_port = 0;
};

QByteArray knownBytes(qsizetype size);
QString sha256(const QByteArray &bytes);
// A port nothing listens on.
quint16 closedPort();

} // namespace ChargeDesk::Test
