#include "server/filedepot.h"
#include "server/simulator/httpfiletransfer.h"

#include <QDir>
#include <QFile>
#include <QHttpMultiPart>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <optional>

using namespace ChargeDesk;
using Server::FileDepot;
using Server::Simulator::FileTransfer;
using Server::Simulator::HttpFileTransfer;
using Server::Simulator::TransferOptions;
using Server::Simulator::TransferResult;

// The console's own file server over real HTTP: the simulator's file transfer (what a charger
// does) and a plain QNetworkAccessManager as clients.
class TestFileDepot : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void firmware_download_arrivesWhole();
    void firmware_unknownFile_is404();
    void diagnostics_put_isStoredWhole();
    void diagnostics_multipartPost_isStoredWhole();
    void diagnostics_putThenPost_charger_isStored();
    void diagnostics_sameNameTwice_keepsBoth();
    void names_traversalOrHidden_are400_data();
    void names_traversalOrHidden_are400();
    void multipart_unsafeFileName_is400();
    void upload_overTheLimit_is413AndStoresNothing();
    void wrongMethod_is405();

private:
    QString url(const QString &path) const { return QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(path); }
    TransferResult transfer(TransferOptions::Upload mode,
                            const std::function<void(HttpFileTransfer &, FileTransfer::Done)> &run);
    // Sends one raw request line and returns the status code of the answer.
    int rawStatus(const QByteArray &method, const QByteArray &path, const QByteArray &body = {});
    QStringList diagnosticsFiles() const
    {
        return QDir(m_depot->diagnosticsDirectory())
            .entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot, QDir::Name);
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FileDepot> m_depot;
    quint16 m_port = 0;
};

namespace {

QByteArray knownBytes(qsizetype size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    for (qsizetype i = 0; i < size; ++i)
        bytes[i] = char((i * 31 + i / 251) & 0xff);
    return bytes;
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("<missing>");
}

} // namespace

void TestFileDepot::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_depot = std::make_unique<FileDepot>(m_dir->filePath(QStringLiteral("files")));
    m_port = m_depot->start(QHostAddress::LocalHost, 0);
    QVERIFY2(m_port != 0, qPrintable(m_depot->errorString()));
    QVERIFY(QDir(m_depot->firmwareDirectory()).exists());
    QVERIFY(QDir(m_depot->diagnosticsDirectory()).exists());
}

void TestFileDepot::cleanup()
{
    m_depot.reset();
    if (QTest::currentTestFailed())
        m_dir->setAutoRemove(false);
    m_dir.reset();
}

TransferResult TestFileDepot::transfer(TransferOptions::Upload mode,
                                       const std::function<void(HttpFileTransfer &, FileTransfer::Done)> &run)
{
    TransferOptions options;
    options.upload = mode;
    options.timeoutMs = 5000;
    HttpFileTransfer http(options);
    std::optional<TransferResult> result;
    run(http, [&result](const TransferResult &r) { result = r; });
    if (!QTest::qWaitFor([&] { return result.has_value(); }, 10000))
        return TransferResult::failure({}, QStringLiteral("no answer"));
    return *result;
}

int TestFileDepot::rawStatus(const QByteArray &method, const QByteArray &path, const QByteArray &body)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_port);
    if (!socket.waitForConnected(5000))
        return -1;
    socket.write(method + ' ' + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " +
                 QByteArray::number(body.size()) + "\r\n\r\n" + body);
    QByteArray answer;
    (void)QTest::qWaitFor(
        [&] {
            answer += socket.readAll();
            return answer.contains("\r\n");
        },
        5000);
    return answer.startsWith("HTTP/1.1 ") ? answer.mid(9, 3).toInt() : -1;
}

void TestFileDepot::firmware_download_arrivesWhole()
{
    const QByteArray firmware = knownBytes(300 * 1024 + 17);
    QFile file(QDir(m_depot->firmwareDirectory()).filePath(QStringLiteral("wallbox-2.1.0.bin")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(firmware);
    file.close();

    const TransferResult r = transfer(TransferOptions::Upload::Put, [&](HttpFileTransfer &http, auto done) {
        http.download(QUrl(url(QStringLiteral("/files/firmware/wallbox-2.1.0.bin"))), done);
    });
    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(r.httpStatus, 200);
    QCOMPARE(r.content.size(), firmware.size());
    QVERIFY(r.content == firmware);
}

void TestFileDepot::firmware_unknownFile_is404()
{
    const TransferResult r = transfer(TransferOptions::Upload::Put, [&](HttpFileTransfer &http, auto done) {
        http.download(QUrl(url(QStringLiteral("/files/firmware/none.bin"))), done);
    });
    QVERIFY(!r.ok);
    QCOMPARE(r.httpStatus, 404);
    QCOMPARE(rawStatus("GET", "/elsewhere/none.bin"), 404);
}

void TestFileDepot::diagnostics_put_isStoredWhole()
{
    QSignalSpy received(m_depot.get(), &FileDepot::fileReceived);
    const QByteArray log = knownBytes(70 * 1024);
    const TransferResult r = transfer(TransferOptions::Upload::Put, [&](HttpFileTransfer &http, auto done) {
        http.upload(QUrl(url(QStringLiteral("/files/diagnostics/"))), QStringLiteral("CP-7-diagnostics.log"), log,
                    done);
    });
    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(r.httpStatus, 201);
    QCOMPARE(r.url.path(), QStringLiteral("/files/diagnostics/CP-7-diagnostics.log"));
    QCOMPARE(diagnosticsFiles(), QStringList{"CP-7-diagnostics.log"}); // and no temporary file beside it
    QVERIFY(readFile(QDir(m_depot->diagnosticsDirectory()).filePath("CP-7-diagnostics.log")) == log);
    QCOMPARE(received.size(), 1);
    QCOMPARE(received.at(0).at(0).toString(),
             QDir(m_depot->diagnosticsDirectory()).filePath(QStringLiteral("CP-7-diagnostics.log")));
}

void TestFileDepot::diagnostics_multipartPost_isStoredWhole()
{
    const QByteArray log = "line one\r\n--not a boundary\r\nline three\n" + knownBytes(5000);
    const TransferResult r = transfer(TransferOptions::Upload::Post, [&](HttpFileTransfer &http, auto done) {
        http.upload(QUrl(url(QStringLiteral("/files/diagnostics/"))), QStringLiteral("SIM-log.txt"), log, done);
    });
    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(r.httpStatus, 201);
    QCOMPARE(diagnosticsFiles(), QStringList{"SIM-log.txt"});
    QVERIFY(readFile(QDir(m_depot->diagnosticsDirectory()).filePath("SIM-log.txt")) == log);
}

void TestFileDepot::diagnostics_putThenPost_charger_isStored()
{
    // The simulator's default: PUT, and POST only when PUT is not allowed.
    const TransferResult r = transfer(TransferOptions::Upload::PutThenPost, [&](HttpFileTransfer &http, auto done) {
        http.upload(QUrl(url(QStringLiteral("/files/diagnostics/"))), QStringLiteral("a.log"), "abc", done);
    });
    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(diagnosticsFiles(), QStringList{"a.log"});
}

void TestFileDepot::diagnostics_sameNameTwice_keepsBoth()
{
    for (const QByteArray &content : {QByteArray("first"), QByteArray("second")}) {
        const TransferResult r = transfer(TransferOptions::Upload::Put, [&](HttpFileTransfer &http, auto done) {
            http.upload(QUrl(url(QStringLiteral("/files/diagnostics/"))), QStringLiteral("station.log.gz"), content,
                        done);
        });
        QVERIFY2(r.ok, qPrintable(r.error));
    }
    QCOMPARE(diagnosticsFiles(), (QStringList{"station (2).log.gz", "station.log.gz"}));
    const QDir dir(m_depot->diagnosticsDirectory());
    QCOMPARE(readFile(dir.filePath("station.log.gz")), QByteArray("first"));
    QCOMPARE(readFile(dir.filePath("station (2).log.gz")), QByteArray("second"));
}

void TestFileDepot::names_traversalOrHidden_are400_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("path");
    QTest::newRow("dot-dot") << QByteArray("GET") << QByteArray("/files/firmware/../../secret");
    QTest::newRow("encoded slash") << QByteArray("GET") << QByteArray("/files/firmware/..%2F..%2Fsecret");
    QTest::newRow("encoded backslash") << QByteArray("GET") << QByteArray("/files/firmware/..%5Csecret");
    QTest::newRow("deeper") << QByteArray("GET") << QByteArray("/files/firmware/sub/x.bin");
    QTest::newRow("hidden get") << QByteArray("GET") << QByteArray("/files/firmware/.profile");
    QTest::newRow("hidden put") << QByteArray("PUT") << QByteArray("/files/diagnostics/.bashrc");
    QTest::newRow("put dot-dot") << QByteArray("PUT") << QByteArray("/files/diagnostics/..%2Ffirmware%2Fx.bin");
    QTest::newRow("colon") << QByteArray("PUT") << QByteArray("/files/diagnostics/log:stream");
}

void TestFileDepot::names_traversalOrHidden_are400()
{
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, path);
    QFile secret(m_dir->filePath(QStringLiteral("secret")));
    QVERIFY(secret.open(QIODevice::WriteOnly));
    secret.write("do not serve");
    secret.close();
    QCOMPARE(rawStatus(method, path, method == "PUT" ? QByteArray("x") : QByteArray()), 400);
    QCOMPARE(diagnosticsFiles(), QStringList());
    QCOMPARE(QDir(m_depot->firmwareDirectory()).entryList(QDir::Files | QDir::Hidden), QStringList());
}

void TestFileDepot::multipart_unsafeFileName_is400()
{
    QNetworkAccessManager manager;
    auto *form = new QHttpMultiPart(QHttpMultiPart::FormDataType);
    QHttpPart part;
    part.setHeader(QNetworkRequest::ContentDispositionHeader,
                   QStringLiteral("form-data; name=\"file\"; filename=\"../firmware/evil.bin\""));
    part.setBody("evil");
    form->append(part);
    std::unique_ptr<QNetworkReply> reply(
        manager.post(QNetworkRequest(QUrl(url(QStringLiteral("/files/diagnostics/")))), form));
    form->setParent(reply.get());
    QTRY_VERIFY(reply->isFinished());
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 400);
    QCOMPARE(diagnosticsFiles(), QStringList());
    QCOMPARE(QDir(m_depot->firmwareDirectory()).entryList(QDir::Files), QStringList());
}

void TestFileDepot::upload_overTheLimit_is413AndStoresNothing()
{
    m_depot->setMaxFileBytes(1024 * 1024);
    QNetworkAccessManager manager;
    const auto put = [&](const QByteArray &content) {
        std::unique_ptr<QNetworkReply> reply(
            manager.put(QNetworkRequest(QUrl(url(QStringLiteral("/files/diagnostics/big.log")))), content));
        if (!QTest::qWaitFor([&] { return reply->isFinished(); }, 10000))
            return -1;
        return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    };
    QCOMPARE(put(knownBytes(3 * 1024 * 1024)), 413);
    QCOMPARE(diagnosticsFiles(), QStringList());
    // Exactly the limit is fine, and the refused client's connection did not poison the next.
    QCOMPARE(put(knownBytes(1024 * 1024)), 201);
    QCOMPARE(diagnosticsFiles(), QStringList{"big.log"});
}

void TestFileDepot::wrongMethod_is405()
{
    QCOMPARE(rawStatus("PUT", "/files/firmware/new.bin", "x"), 405);
    QCOMPARE(rawStatus("GET", "/files/diagnostics/any.log"), 405);
    QCOMPARE(QDir(m_depot->firmwareDirectory()).entryList(QDir::Files), QStringList());
}

QTEST_GUILESS_MAIN(TestFileDepot)
#include "tst_filedepot.moc"
