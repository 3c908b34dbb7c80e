#include "server/simulator/ftpfiletransfer.h"
#include "server/simulator/httpfiletransfer.h"
#include "server/simulator/virtualstation.h"
#include "support/filepeers.h"
#include "support/gatewayfixture.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QTcpServer>
#include <QTest>

using namespace ChargeDesk;
using namespace ChargeDesk::Core;
using namespace ChargeDesk::Server::Simulator;
using ChargeDesk::Test::closedPort;
using ChargeDesk::Test::FileServer;
using ChargeDesk::Test::FtpPeer;
using ChargeDesk::Test::knownBytes;
using ChargeDesk::Test::sha256;
using ChargeDesk::Test::StoredFile;

// Firmware updates and log uploads of the simulator with real files: ChargeDesk's gateway
// sends the commands; an HTTP server in this process, or an independent FTP server in a
// child process, serves and stores the files.
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
    void firmwareUpdate_installAtLaterTime_isScheduledFirst();
    void diagnostics_uploaded_holdsTheStationLog_data();
    void diagnostics_uploaded_holdsTheStationLog();
    void diagnostics_unreachableServer_isUploadFailed_data() { protocols_data(); }
    void diagnostics_unreachableServer_isUploadFailed();
    void firmwareUpdate_overFtp_arrivesWholeAndIsInstalled_data() { protocols_data(); }
    void firmwareUpdate_overFtp_arrivesWholeAndIsInstalled();
    void firmwareUpdate_wrongFtpPassword_failsWithoutLoggingIt();
    void diagnostics_overFtp_landsInTheServersDirectory_data();
    void diagnostics_overFtp_landsInTheServersDirectory();
    void httpTransfer_tooLargeOrOtherScheme_failsWithReason();
    void httpTransfer_silentServer_timesOut();
    void ftpTransfer_silentServer_timesOut();
    void ftpTransfer_destroyedMidTransfer_callsNothing();

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

namespace {

// Every event the station emitted, as one text, to look for what must not be there.
QByteArray allText(const QList<QJsonObject> &events)
{
    QByteArray text;
    for (const QJsonObject &e : events)
        text += QJsonDocument(e).toJson(QJsonDocument::Compact) + '\n';
    return text;
}

// What a station reports from the request to the new firmware: 2.0.1 says it reboots and
// reports Installed once the new firmware has booted.
QStringList installedStatuses(const QString &protocol)
{
    if (protocol == QLatin1String("ocpp1.6"))
        return {"Downloading", "Downloaded", "Installing", "Installed"};
    return {"Downloading", "Downloaded", "Installing", "InstallRebooting", "Installed"};
}

const QJsonObject *findEvent(const QList<QJsonObject> &events, const QString &name)
{
    const auto it = std::find_if(events.cbegin(), events.cend(),
                                 [&](const QJsonObject &e) { return e.value("event").toString() == name; });
    return it == events.cend() ? nullptr : &*it;
}

// The station log's lines: one JSON event each, from station SIM; returns "event action" of each.
QStringList logEvents(const QByteArray &content)
{
    QStringList events;
    for (const QByteArray &line : content.trimmed().split('\n')) {
        const QJsonObject e = QJsonDocument::fromJson(line).object();
        if (e.value("station").toString() != QLatin1String("SIM"))
            return {QStringLiteral("not from SIM: ") + QString::fromUtf8(line)};
        events << e.value("event").toString() + ' ' + e.value("action").toString();
    }
    return events;
}

} // namespace

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
    connect(m_sim.get(), &VirtualStation::happened, this, [this](const QJsonObject &e) { m_events << e; });
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
    QTRY_COMPARE_WITH_TIMEOUT(progress("firmware"), installedStatuses(protocol), 10000);

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

void TestSimulatorFileTransfer::firmwareUpdate_installAtLaterTime_isScheduledFirst()
{
    startStation("ocpp2.0.1");
    const QDateTime installAt = QDateTime::currentDateTimeUtc().addSecs(2);
    send(Command::Kind::UpdateFirmware,
         {{"location", m_files->url("/firmware/vc-2.1.0.bin")}, {"installAt", installAt}, {"requestId", 13}});
    QTRY_COMPARE_WITH_TIMEOUT(progress("firmware"), QStringList({"Downloading", "Downloaded", "InstallScheduled"}),
                              5000);
    QVERIFY(m_sim->station().spec().firmwareVersion != QLatin1String("vc-2.1.0")); // not before the time asked
    QTRY_COMPARE_WITH_TIMEOUT(
        progress("firmware"),
        QStringList({"Downloading", "Downloaded", "InstallScheduled", "Installing", "InstallRebooting", "Installed"}),
        10000);
    QVERIFY(QDateTime::currentDateTimeUtc() >= installAt);
    QCOMPARE(m_sim->station().spec().firmwareVersion, QStringLiteral("vc-2.1.0"));
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
    const QStringList events = logEvents(file.content);
    QVERIFY2(events.size() >= 4, qPrintable(events.join('\n')));
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

void TestSimulatorFileTransfer::firmwareUpdate_overFtp_arrivesWholeAndIsInstalled()
{
    QFETCH(QString, protocol);
    FtpPeer ftp;
    QVERIFY(ftp.isValid());
    const QByteArray image = knownBytes(700 * 1024 + 3);
    QVERIFY(QDir(ftp.root()).mkpath("firmware"));
    QFile file(ftp.root() + "/firmware/vc-3.0.1.bin");
    QVERIFY(file.open(QIODevice::WriteOnly) && file.write(image) == image.size());
    file.close();

    startStation(protocol);
    send(Command::Kind::UpdateFirmware, {{"location", ftp.url("/firmware/vc-3.0.1.bin")}, {"requestId", 11}});
    QTRY_COMPARE_WITH_TIMEOUT(progress("firmware"), installedStatuses(protocol), 10000);
    const QJsonObject *downloaded = findEvent(m_events, "firmwareDownloaded");
    QVERIFY(downloaded);
    QCOMPARE(downloaded->value("bytes").toInteger(), image.size());
    QCOMPARE(downloaded->value("sha256").toString(), sha256(image));
    QCOMPARE(m_sim->station().spec().firmwareVersion, QStringLiteral("vc-3.0.1"));
    const QList<QJsonObject> served = ftp.lines();
    QVERIFY(std::any_of(served.cbegin(), served.cend(), [&](const QJsonObject &l) {
        return l.value("event") == "retrieved" && l.value("filePath").toString().endsWith("/firmware/vc-3.0.1.bin") &&
               l.value("error").isNull();
    }));
    QVERIFY(!allText(m_events).contains(FtpPeer::Password));
}

void TestSimulatorFileTransfer::firmwareUpdate_wrongFtpPassword_failsWithoutLoggingIt()
{
    FtpPeer ftp;
    QVERIFY(ftp.isValid());
    startStation("ocpp1.6");
    send(Command::Kind::UpdateFirmware, {{"location", ftp.url("/firmware/vc-3.0.1.bin", "guessed-wrong")}});
    QTRY_COMPARE_WITH_TIMEOUT(progress("firmware"), QStringList({"Downloading", "DownloadFailed"}), 10000);
    const QJsonObject *failed = findEvent(m_events, "firmwareDownloadFailed");
    QVERIFY(failed);
    QVERIFY2(failed->value("reason").toString().contains("530"), qPrintable(failed->value("reason").toString()));
    QVERIFY2(failed->value("url").toString().startsWith("ftp://technician@127.0.0.1:"),
             qPrintable(failed->value("url").toString()));
    QVERIFY(!allText(m_events).contains("guessed-wrong"));
    // ChargeDesk's own OCPP log keeps the call with the password masked.
    QVERIFY(m_fx->log->flush().ok());
    auto rows =
        m_fx->db->exec("SELECT payload FROM ocpp_messages WHERE action = 'UpdateFirmware' AND direction = 'out'");
    QVERIFY(rows.ok() && rows.value().next());
    const QString logged = rows.value().value(0).toString();
    QVERIFY2(logged.contains("technician:********@127.0.0.1") && !logged.contains("guessed-wrong"), qPrintable(logged));
}

void TestSimulatorFileTransfer::diagnostics_overFtp_landsInTheServersDirectory_data()
{
    QTest::addColumn<QString>("protocol");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("stored");
    // The specification's form: a bare server, the log lands in the user's directory.
    QTest::newRow("1.6 server root") << "ocpp1.6"
                                     << ""
                                     << "SIM-diagnostics.log";
    QTest::newRow("2.0.1 new directory") << "ocpp2.0.1"
                                         << "/logs/2026/"
                                         << "logs/2026/SIM-log.txt";
}

void TestSimulatorFileTransfer::diagnostics_overFtp_landsInTheServersDirectory()
{
    QFETCH(QString, protocol);
    QFETCH(QString, path);
    QFETCH(QString, stored);
    FtpPeer ftp;
    QVERIFY(ftp.isValid());
    startStation(protocol);
    send(Command::Kind::UploadDiagnostics, {{"location", ftp.url(path)}, {"requestId", 12}});
    QTRY_COMPARE_WITH_TIMEOUT(progress(protocol == "ocpp1.6" ? "diagnostics" : "log"),
                              QStringList({"Uploading", "Uploaded"}), 10000);
    QFile file(ftp.root() + '/' + stored);
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
    const QStringList events = logEvents(file.readAll());
    QVERIFY2(events.contains("answered BootNotification"), qPrintable(events.join('\n')));
    QVERIFY(!allText(m_events).contains(FtpPeer::Password));
}

void TestSimulatorFileTransfer::httpTransfer_tooLargeOrOtherScheme_failsWithReason()
{
    HttpFileTransfer small(TransferOptions{.maxDownloadBytes = 1000});
    std::optional<TransferResult> result;
    small.download(QUrl(m_files->url("/firmware/vc-2.1.0.bin")), [&](const TransferResult &r) { result = r; });
    QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 10000);
    QVERIFY(!result->ok);
    QVERIFY2(result->error.contains("larger than 1000"), qPrintable(result->error));

    result.reset();
    small.download(QUrl("gopher://127.0.0.1/firmware.bin"), [&](const TransferResult &r) { result = r; });
    QVERIFY(!result.has_value()); // reported later, as a network failure would be
    QTRY_VERIFY(result.has_value());
    QVERIFY(!result->ok);
    QCOMPARE(result->error, QStringLiteral("gopher URLs are not supported"));
}

void TestSimulatorFileTransfer::httpTransfer_silentServer_timesOut()
{
    // Connections wait in the backlog, never accepted and never answered.
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost));
    HttpFileTransfer impatient(TransferOptions{.timeoutMs = 300});
    std::optional<TransferResult> result;
    impatient.upload(QUrl(QStringLiteral("http://127.0.0.1:%1/logs/").arg(silent.serverPort())), "log.txt", "line\n",
                     [&](const TransferResult &r) { result = r; });
    QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 5000);
    QVERIFY(!result->ok);
    QVERIFY2(result->error.contains("timed out"), qPrintable(result->error));
}

void TestSimulatorFileTransfer::ftpTransfer_silentServer_timesOut()
{
    QVERIFY(FtpFileTransfer::supports("ftp"));
    QTcpServer silent; // accepts in the backlog, never greets
    QVERIFY(silent.listen(QHostAddress::LocalHost));
    FtpFileTransfer impatient(TransferOptions{.timeoutMs = 1000});
    std::optional<TransferResult> result;
    impatient.download(QUrl(QStringLiteral("ftp://127.0.0.1:%1/fw.bin").arg(silent.serverPort())),
                       [&](const TransferResult &r) { result = r; });
    QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 5000);
    QVERIFY(!result->ok);
    QVERIFY2(result->error.contains("timed out"), qPrintable(result->error));
}

void TestSimulatorFileTransfer::ftpTransfer_destroyedMidTransfer_callsNothing()
{
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost));
    bool called = false;
    {
        // A day's patience: a destruction that waited for the transfer instead of ending it would
        // hang the test rather than slow it down.
        FtpFileTransfer transfer(TransferOptions{.timeoutMs = 24 * 3600 * 1000});
        transfer.upload(QUrl(QStringLiteral("ftp://127.0.0.1:%1/").arg(silent.serverPort())), "log.txt", "line\n",
                        [&](const TransferResult &) { called = true; });
        QTRY_VERIFY(silent.hasPendingConnections()); // under way: connected, waiting for a greeting
    }
    // The destructor waited for its worker, so whatever the worker posted is queued by now.
    QCoreApplication::sendPostedEvents();
    QVERIFY(!called);
}

QTEST_GUILESS_MAIN(TestSimulatorFileTransfer)
#include "tst_simulatorfiletransfer.moc"
