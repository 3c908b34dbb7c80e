#include "server/ocpp/frame.h"
#include "server/ocpp/redaction.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace ChargeDesk::Server::Ocpp;

class TestFrame : public QObject
{
    Q_OBJECT

private slots:
    void parse_validCall()
    {
        const auto parsed =
            parseFrame(R"([2,"abc","BootNotification",{"chargePointVendor":"V","chargePointModel":"M"}])");
        QVERIFY(parsed.frame && !parsed.error);
        QCOMPARE(parsed.frame->type, Frame::Type::Call);
        QCOMPARE(parsed.frame->messageId, QStringLiteral("abc"));
        QCOMPARE(parsed.frame->action, QStringLiteral("BootNotification"));
        QCOMPARE(parsed.frame->payload.value("chargePointVendor").toString(), QStringLiteral("V"));
    }

    void parse_resultAndError()
    {
        auto r = parseFrame(R"([3,"x",{"status":"Accepted"}])");
        QCOMPARE(r.frame->type, Frame::Type::CallResult);
        auto e = parseFrame(R"([4,"x","NotSupported","nope",{}])");
        QCOMPARE(e.frame->type, Frame::Type::CallError);
        QCOMPARE(e.frame->errorCode, QStringLiteral("NotSupported"));
    }

    void parse_badInput_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("code16");
        QTest::addColumn<QString>("code201");
        QTest::addColumn<QByteArray>("echoedId");
        QTest::addColumn<bool>("reply");
        QTest::newRow("not json") << QByteArray("}{not json") << "FormationViolation"
                                  << "FormatViolation" << QByteArray("\"-1\"") << true;
        QTest::newRow("object") << QByteArray("{}") << "ProtocolError"
                                << "RpcFrameworkError" << QByteArray("\"-1\"") << true;
        QTest::newRow("empty array") << QByteArray("[]") << "ProtocolError"
                                     << "RpcFrameworkError" << QByteArray("\"-1\"") << true;
        QTest::newRow("numeric id") << QByteArray(R"([2,12345,"Heartbeat",{}])") << "ProtocolError"
                                    << "ProtocolError" << QByteArray("12345") << true;
        QTest::newRow("unknown type") << QByteArray(R"([99,"m1","Foo",{}])") << "ProtocolError"
                                      << "MessageTypeNotSupported" << QByteArray("\"m1\"") << true;
        QTest::newRow("missing payload") << QByteArray(R"([2,"m2","Heartbeat"])") << "ProtocolError"
                                         << "ProtocolError" << QByteArray("\"m2\"") << true;
        QTest::newRow("string payload") << QByteArray(R"([2,"m3","Heartbeat","NotAnObject"])")
                                        << "TypeConstraintViolation"
                                        << "TypeConstraintViolation" << QByteArray("\"m3\"") << true;
        QTest::newRow("action not string") << QByteArray(R"([2,"m4",7,{}])") << "ProtocolError"
                                           << "ProtocolError" << QByteArray("\"m4\"") << true;
        QTest::newRow("too many elements") << QByteArray(R"([2,"m5","Heartbeat",{},{}])") << "ProtocolError"
                                           << "ProtocolError" << QByteArray("\"m5\"") << true;
        QTest::newRow("id too long") << QByteArray(R"([2,"0123456789012345678901234567890123456","Heartbeat",{}])")
                                     << "ProtocolError"
                                     << "ProtocolError" << QByteArray("\"0123456789012345678901234567890123456\"")
                                     << true;
        QTest::newRow("bad result is not answered") << QByteArray(R"([3,"m6","x"])") << "ProtocolError"
                                                    << "ProtocolError" << QByteArray("\"m6\"") << false;
    }

    void parse_badInput()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, code16);
        QFETCH(QString, code201);
        QFETCH(QByteArray, echoedId);
        QFETCH(bool, reply);
        const auto parsed = parseFrame(text);
        QVERIFY(!parsed.frame);
        QVERIFY(parsed.error);
        QCOMPARE(parsed.error->reply, reply);
        const QJsonArray a16 = QJsonDocument::fromJson(parsed.error->serialize(Version::V16)).array();
        const QJsonArray a201 = QJsonDocument::fromJson(parsed.error->serialize(Version::V201)).array();
        QCOMPARE(a16.size(), 5);
        QCOMPARE(a16.at(0).toInt(), 4);
        QCOMPARE(QJsonDocument(QJsonArray{a16.at(1)}).toJson(QJsonDocument::Compact), "[" + echoedId + "]");
        QCOMPARE(a16.at(2).toString(), code16);
        QCOMPARE(a201.at(2).toString(), code201);
        QVERIFY(a16.at(4).isObject());
    }

    void errorCodeNames_followEachVersion()
    {
        QCOMPARE(errorCodeName(ErrorCode::FormatViolation, Version::V16), QStringLiteral("FormationViolation"));
        QCOMPARE(errorCodeName(ErrorCode::FormatViolation, Version::V201), QStringLiteral("FormatViolation"));
        QCOMPARE(errorCodeName(ErrorCode::OccurrenceConstraintViolation, Version::V16),
                 QStringLiteral("OccurenceConstraintViolation"));
        QCOMPARE(errorCodeName(ErrorCode::OccurrenceConstraintViolation, Version::V201),
                 QStringLiteral("OccurrenceConstraintViolation"));
    }

    void serialize_roundTrips()
    {
        const Frame call = Frame::call("id-1", "Reset", QJsonObject{{"type", "Hard"}});
        QCOMPARE(call.serialize(), QByteArray(R"([2,"id-1","Reset",{"type":"Hard"}])"));
        const Frame err = Frame::error("id-2", ErrorCode::NotImplemented, Version::V201, QString(300, QChar('x')));
        const QJsonArray a = QJsonDocument::fromJson(err.serialize()).array();
        QCOMPARE(a.at(3).toString().size(), 255);
        QCOMPARE(parseFrame(call.serialize()).frame->payload, call.payload);
    }

    // Logs keep a call that carries a secret, with the secret masked and nothing else changed.
    // (URLs are written "ftp:\/\/" as JSON allows: moc takes "//" in a raw string for a comment.)
    void withoutSecrets_masksPasswordsAndKeysOnly_data()
    {
        QTest::addColumn<QString>("action");
        QTest::addColumn<QByteArray>("sent");
        QTest::addColumn<QByteArray>("logged");
        QTest::newRow("1.6 firmware over FTP")
            << "UpdateFirmware"
            << QByteArray(
                   R"([2,"1","UpdateFirmware",{"location":"ftp:\/\/tech:pa%40ss@10.0.0.5:21/fw.bin","retrieveDate":"2026-11-26T10:00:00Z"}])")
            << QByteArray(
                   R"([2,"1","UpdateFirmware",{"location":"ftp:\/\/tech:********@10.0.0.5:21/fw.bin","retrieveDate":"2026-11-26T10:00:00Z"}])");
        QTest::newRow("2.0.1 log upload")
            << "GetLog"
            << QByteArray(
                   R"([2,"2","GetLog",{"log":{"remoteLocation":"ftp:\/\/u:p@h/logs/"},"logType":"DiagnosticsLog","requestId":4}])")
            << QByteArray(
                   R"([2,"2","GetLog",{"log":{"remoteLocation":"ftp:\/\/u:********@h/logs/"},"logType":"DiagnosticsLog","requestId":4}])");
        QTest::newRow("no password in the URL")
            << "GetDiagnostics" << QByteArray(R"([2,"3","GetDiagnostics",{"location":"ftp:\/\/anonymous@h/"}])")
            << QByteArray(R"([2,"3","GetDiagnostics",{"location":"ftp:\/\/anonymous@h/"}])");
        QTest::newRow("1.6 Basic auth key")
            << "ChangeConfiguration"
            << QByteArray(R"([2,"4","ChangeConfiguration",{"key":"AuthorizationKey","value":"0123456789abcdef"}])")
            << QByteArray(R"([2,"4","ChangeConfiguration",{"key":"AuthorizationKey","value":"********"}])");
        QTest::newRow("1.6 other key")
            << "ChangeConfiguration"
            << QByteArray(R"([2,"5","ChangeConfiguration",{"key":"HeartbeatInterval","value":"300"}])")
            << QByteArray(R"([2,"5","ChangeConfiguration",{"key":"HeartbeatInterval","value":"300"}])");
        QTest::newRow("2.0.1 Basic auth password")
            << "SetVariables"
            << QByteArray(
                   R"([2,"6","SetVariables",{"setVariableData":[{"attributeValue":"60","component":{"name":"OCPPCommCtrlr"},"variable":{"name":"HeartbeatInterval"}},{"attributeValue":"secret-0123456789","component":{"name":"SecurityCtrlr"},"variable":{"name":"BasicAuthPassword"}}]}])")
            << QByteArray(
                   R"([2,"6","SetVariables",{"setVariableData":[{"attributeValue":"60","component":{"name":"OCPPCommCtrlr"},"variable":{"name":"HeartbeatInterval"}},{"attributeValue":"********","component":{"name":"SecurityCtrlr"},"variable":{"name":"BasicAuthPassword"}}]}])");
        QTest::newRow("action without secrets is not parsed")
            << "Reset" << QByteArray(R"([2,"7","Reset",{"type":"Hard","note":"ftp:\/\/u:p@h/"}])")
            << QByteArray(R"([2,"7","Reset",{"type":"Hard","note":"ftp:\/\/u:p@h/"}])");
    }
    void withoutSecrets_masksPasswordsAndKeysOnly()
    {
        QFETCH(QString, action);
        QFETCH(QByteArray, sent);
        QFETCH(QByteArray, logged);
        QCOMPARE(QJsonDocument::fromJson(callWithoutSecrets(action, sent)), QJsonDocument::fromJson(logged));
        QVERIFY(!QJsonDocument::fromJson(logged).isNull());
    }
};

QTEST_GUILESS_MAIN(TestFrame)
#include "tst_frame.moc"
