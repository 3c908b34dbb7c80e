#include "server/simulator/httpfiletransfer.h"
#include "server/simulator/virtualstation.h"
#include "support/gatewayfixture.h"

#include <QAbstractHttpServer>
#include <QCryptographicHash>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTcpServer>
#include <QTest>

using namespace ChargeDesk;
using namespace ChargeDesk::Core;
using namespace ChargeDesk::Server::Simulator;

namespace {

using Method = QHttpServerRequest::Method;
using Status = QHttpServerResponder::StatusCode;

struct StoredFile
{
    QByteArray method; // PUT or POST
    QByteArray content;
};

// The file server a CSMS operator points chargers at: firmware by GET (one old address
// redirects), logs by PUT under /logs/ or by multipart POST to /form/, which refuses PUT.
class FileServer final : public QAbstractHttpServer
{
public:
    explicit FileServer(QByteArray firmware)
        : m_firmware(std::move(firmware))
    {}

    QHash<QString, StoredFile> stored; // file name -> what arrived
    QStringList requests;              // "GET /firmware/vc-2.1.0.bin", ...

    QString url(const QString &path)
    {
        return QStringLiteral("http://127.0.0.1:%1%2").arg(serverPorts().value(0)).arg(path);
    }

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override
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
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override
    {
        makeResponder(request, socket).write(Status::NotFound);
    }

private:
    static QString methodName(Method m)
    {
        return m == Method::Get   ? QStringLiteral("GET")
               : m == Method::Put ? QStringLiteral("PUT")
                                  : QStringLiteral("POST");
    }

    static QByteArray header(const QHttpServerRequest &request, const QByteArray &name)
    {
        for (const auto &[key, value] : request.headers())
            if (key.compare(name, Qt::CaseInsensitive) == 0)
                return value;
        return {};
    }

    // Just enough of multipart/form-data to find the field "file" and its file name.
    bool storeForm(const QHttpServerRequest &request)
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

    static QList<QByteArray> splitBy(const QByteArray &body, const QByteArray &boundary)
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

    QByteArray m_firmware;
};

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

// A port nothing listens on.
quint16 closedPort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost);
    return probe.serverPort();
}

} // namespace

// Firmware updates and log uploads of the simulator with real files over HTTP: ChargeDesk's
// gateway sends the commands, a real HTTP server in this process serves and stores the files.
class TestSimulatorFileTransfer : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void protocols_data();
    void firmwareUpdate_redirectedFile_arrivesWholeAndIsInstalled_data() { protocols_data(); }
    void firmwareUpdate_redirectedFile_arrivesWholeAndIsInstalled();
    void firmwareUpdate_missingFile_isDownloadFailed_data() { protocols_data(); }
    void firmwareUpdate_missingFile_isDownloadFailed();
    void firmwareUpdate_retries_triesAgainBeforeFailing();
    void diagnostics_uploaded_holdsTheStationLog_data();
    void diagnostics_uploaded_holdsTheStationLog();
    void diagnostics_unreachableServer_isUploadFailed_data() { protocols_data(); }
    void diagnostics_unreachableServer_isUploadFailed();
    void httpTransfer_tooLargeOrFtp_failsWithReason();
    void httpTransfer_silentServer_timesOut();

private:
    // Connects station SIM in `protocol` to the gateway and waits until it is booted.
    void startStation(const QString &protocol);
    void send(Command::Kind kind, const QVariantMap &args);
    QStringList progress(const QString &operation) const;

    std::unique_ptr<Test::GatewayFixture> m_fx;
    std::unique_ptr<FileServer> m_files;
    std::unique_ptr<VirtualStation> m_sim;
    SystemClock m_clock;
    QByteArray m_firmware = knownBytes(300 * 1024 + 17);
    QList<QPair<QString, QString>> m_progress; // (operation, status) as ChargeDesk recorded them
    QList<QJsonObject> m_events;
};

void TestSimulatorFileTransfer::init()
{
    m_progress.clear();
    m_events.clear();
    m_files = std::make_unique<FileServer>(m_firmware);
    QVERIFY(m_files->listen(QHostAddress::LocalHost) != 0);
    m_fx = std::make_unique<Test::GatewayFixture>();
    QVERIFY2(m_fx->isValid(), qPrintable(m_fx->error));
    connect(m_fx->stations.get(), &StationService::operationProgress, this,
            [this](qint64, const QString &operation, const QString &status) {
                m_progress << qMakePair(operation, status);
            });
}

void TestSimulatorFileTransfer::cleanup()
{
    m_sim.reset();
    m_fx.reset();
    m_files.reset();
}

void TestSimulatorFileTransfer::protocols_data()
{
    QTest::addColumn<QString>("protocol");
    QTest::newRow("1.6") << "ocpp1.6";
    QTest::newRow("2.0.1") << "ocpp2.0.1";
}

void TestSimulatorFileTransfer::startStation(const QString &protocol)
{
    QVERIFY(m_fx->addStation("SIM", protocol, "ws"));
    ConnectionOptions options;
    options.url = QUrl(m_fx->url("SIM"));
    options.version = *Server::Ocpp::versionFromSubprotocol(protocol);
    StationSpec spec;
    spec.id = "SIM";
    m_sim = std::make_unique<VirtualStation>(spec, options, m_clock);
    connect(m_sim.get(), &VirtualStation::event, this, [this](const QJsonObject &e) { m_events << e; });
    m_sim->start();
    QTRY_VERIFY_WITH_TIMEOUT(m_sim->isOnline(), 10000);
}

void TestSimulatorFileTransfer::send(Command::Kind kind, const QVariantMap &args)
{
    const qint64 station =
        m_fx->repo->getByCode(Actor::system(), Tables::Stations, "SIM").value().value("id").toLongLong();
    std::optional<CommandResult> result;
    m_fx->gateway->send(station, Command{kind, args}, [&](const CommandResult &r) { result = r; });
    QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 10000);
    QVERIFY2(result->outcome == CommandResult::Outcome::Answered, qPrintable(result->error));
}

QStringList TestSimulatorFileTransfer::progress(const QString &operation) const
{
    QStringList statuses;
    for (const auto &[op, status] : m_progress)
        if (op == operation)
            statuses << status;
    return statuses;
}

void TestSimulatorFileTransfer::firmwareUpdate_redirectedFile_arrivesWholeAndIsInstalled()
{
    QFETCH(QString, protocol);
    startStation(protocol);
    send(Command::Kind::UpdateFirmware, {{"location", m_files->url("/old/firmware.bin")},
                                         {"retrieveAt", QDateTime::currentMSecsSinceEpoch()},
                                         {"requestId", 7}});
    const QStringList expected{"Downloading", "Downloaded", "Installing", "Installed"};
    QTRY_COMPARE_WITH_TIMEOUT(progress("firmware"), expected, 10000);

    const auto downloaded = std::find_if(m_events.cbegin(), m_events.cend(), [](const QJsonObject &e) {
        return e.value("event").toString() == "firmwareDownloaded";
    });
    QVERIFY(downloaded != m_events.cend());
    QCOMPARE(downloaded->value("bytes").toInteger(), m_firmware.size());
    QCOMPARE(downloaded->value("sha256").toString(), sha256(m_firmware));
    QCOMPARE(m_files->requests, QStringList({"GET /old/firmware.bin", "GET /firmware/vc-2.1.0.bin"}));
    // The station restarts into the new firmware and its boot tells ChargeDesk the version.
    QCOMPARE(m_sim->station().spec().firmwareVersion, QStringLiteral("vc-2.1.0"));
    QTRY_COMPARE_WITH_TIMEOUT(
        m_fx->repo->getByCode(Actor::system(), Tables::Stations, "SIM").value().value("firmware_version").toString(),
        QStringLiteral("vc-2.1.0"), 10000);
}

void TestSimulatorFileTransfer::firmwareUpdate_missingFile_isDownloadFailed()
{
    QFETCH(QString, protocol);
    startStation(protocol);
    send(Command::Kind::UpdateFirmware, {{"location", m_files->url("/firmware/missing.bin")}, {"requestId", 8}});
    QTRY_COMPARE_WITH_TIMEOUT(progress("firmware"), QStringList({"Downloading", "DownloadFailed"}), 10000);
    const auto failed = std::find_if(m_events.cbegin(), m_events.cend(), [](const QJsonObject &e) {
        return e.value("event").toString() == "firmwareDownloadFailed";
    });
    QVERIFY(failed != m_events.cend());
    QVERIFY2(failed->value("reason").toString().contains("404"), qPrintable(failed->value("reason").toString()));
}

void TestSimulatorFileTransfer::firmwareUpdate_retries_triesAgainBeforeFailing()
{
    startStation("ocpp1.6");
    send(Command::Kind::UpdateFirmware,
         {{"location", m_files->url("/firmware/missing.bin")}, {"retries", 2}, {"retryInterval", 1}});
    QTRY_COMPARE_WITH_TIMEOUT(progress("firmware"), QStringList({"Downloading", "DownloadFailed"}), 10000);
    QCOMPARE(m_files->requests.count("GET /firmware/missing.bin"), 3);
}

void TestSimulatorFileTransfer::diagnostics_uploaded_holdsTheStationLog_data()
{
    QTest::addColumn<QString>("protocol");
    QTest::addColumn<QString>("location");
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<QByteArray>("method");
    QTest::newRow("1.6 PUT") << "ocpp1.6"
                             << "/logs/"
                             << "SIM-diagnostics.log" << QByteArray("PUT");
    QTest::newRow("2.0.1 PUT") << "ocpp2.0.1"
                               << "/logs/"
                               << "SIM-log.txt" << QByteArray("PUT");
    QTest::newRow("1.6 POST after 405") << "ocpp1.6"
                                        << "/form/"
                                        << "SIM-diagnostics.log" << QByteArray("POST");
    QTest::newRow("2.0.1 POST after 405") << "ocpp2.0.1"
                                          << "/form/"
                                          << "SIM-log.txt" << QByteArray("POST");
}

void TestSimulatorFileTransfer::diagnostics_uploaded_holdsTheStationLog()
{
    QFETCH(QString, protocol);
    QFETCH(QString, location);
    QFETCH(QString, fileName);
    QFETCH(QByteArray, method);
    startStation(protocol);
    send(Command::Kind::UploadDiagnostics, {{"location", m_files->url(location)}, {"requestId", 9}});
    const QString operation = protocol == "ocpp1.6" ? "diagnostics" : "log";
    QTRY_COMPARE_WITH_TIMEOUT(progress(operation), QStringList({"Uploading", "Uploaded"}), 10000);

    QVERIFY2(m_files->stored.contains(fileName), qPrintable(m_files->stored.keys().join(", ")));
    const StoredFile file = m_files->stored.value(fileName);
    QCOMPARE(file.method, method);
    // One JSON event a line, from this station, from its connection to the request.
    const QList<QByteArray> lines = file.content.trimmed().split('\n');
    QVERIFY(lines.size() >= 4);
    QStringList events;
    for (const QByteArray &line : lines) {
        const QJsonObject e = QJsonDocument::fromJson(line).object();
        QCOMPARE(e.value("station").toString(), QStringLiteral("SIM"));
        events << e.value("event").toString() + ' ' + e.value("action").toString();
    }
    QVERIFY2(events.contains("connected "), qPrintable(events.join('\n')));
    QVERIFY2(events.contains("answered BootNotification"), qPrintable(events.join('\n')));
    QVERIFY2(events.contains(protocol == "ocpp1.6" ? "received GetDiagnostics" : "received GetLog"),
             qPrintable(events.join('\n')));
}

void TestSimulatorFileTransfer::diagnostics_unreachableServer_isUploadFailed()
{
    QFETCH(QString, protocol);
    startStation(protocol);
    send(Command::Kind::UploadDiagnostics,
         {{"location", QStringLiteral("http://127.0.0.1:%1/logs/").arg(closedPort())}, {"requestId", 10}});
    const bool v16 = protocol == "ocpp1.6";
    QTRY_COMPARE_WITH_TIMEOUT(progress(v16 ? "diagnostics" : "log"),
                              QStringList({"Uploading", v16 ? "UploadFailed" : "UploadFailure"}), 10000);
}

void TestSimulatorFileTransfer::httpTransfer_tooLargeOrFtp_failsWithReason()
{
    HttpFileTransfer small(HttpTransferOptions{.maxDownloadBytes = 1000});
    std::optional<TransferResult> result;
    small.download(QUrl(m_files->url("/firmware/vc-2.1.0.bin")), [&](const TransferResult &r) { result = r; });
    QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 10000);
    QVERIFY(!result->ok);
    QVERIFY2(result->error.contains("larger than 1000"), qPrintable(result->error));

    result.reset();
    small.download(QUrl("ftp://127.0.0.1/firmware.bin"), [&](const TransferResult &r) { result = r; });
    QVERIFY(!result.has_value()); // reported later, as a network failure would be
    QTRY_VERIFY(result.has_value());
    QVERIFY(!result->ok);
    QCOMPARE(result->error, QStringLiteral("ftp is not supported by this simulator build"));
}

void TestSimulatorFileTransfer::httpTransfer_silentServer_timesOut()
{
    // Connections wait in the backlog, never accepted and never answered.
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost));
    HttpFileTransfer impatient(HttpTransferOptions{.timeoutMs = 300});
    std::optional<TransferResult> result;
    impatient.upload(QUrl(QStringLiteral("http://127.0.0.1:%1/logs/").arg(silent.serverPort())), "log.txt", "line\n",
                     [&](const TransferResult &r) { result = r; });
    QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 5000);
    QVERIFY(!result->ok);
    QVERIFY2(result->error.contains("timed out"), qPrintable(result->error));
}

QTEST_GUILESS_MAIN(TestSimulatorFileTransfer)
#include "tst_simulatorfiletransfer.moc"
