#include "server/ocpp/schemavalidator.h"

#include <QDirIterator>
#include <QJsonDocument>
#include <QTest>

using namespace ChargeDesk::Server::Ocpp;

static QJsonObject obj(const char *json)
{
    return QJsonDocument::fromJson(json).object();
}

class TestSchemaValidator : public QObject
{
    Q_OBJECT

private slots:
    void everyShippedSchema_parses()
    {
        SchemaValidator validator;
        int count = 0;
        for (const auto &[folder, version] : {std::pair{QStringLiteral(":/chargedesk/ocpp/1.6"), Version::V16},
                                              std::pair{QStringLiteral(":/chargedesk/ocpp/2.0.1"), Version::V201}}) {
            QDirIterator it(folder);
            while (it.hasNext()) {
                QString name = QFileInfo(it.next()).baseName();
                const bool response = name.endsWith("Response");
                if (response)
                    name.chop(8);
                else if (version == Version::V201)
                    name.chop(7); // "Request"
                // An empty object is valid for some schemas and not others; what matters here is
                // that the schema loaded (a missing one is reported as NotImplemented).
                const auto v = validator.validate(version, name, !response, QJsonObject());
                QVERIFY2(!v || v->code != ErrorCode::NotImplemented, qPrintable(folder + "/" + name));
                ++count;
            }
        }
        QCOMPARE(count, 56 + 128);
    }

    void knows_actionsPerVersion()
    {
        SchemaValidator v;
        QVERIFY(v.knows(Version::V16, "StartTransaction"));
        QVERIFY(!v.knows(Version::V201, "StartTransaction"));
        QVERIFY(v.knows(Version::V201, "TransactionEvent"));
        QVERIFY(!v.knows(Version::V16, "TransactionEvent"));
        QVERIFY(!v.knows(Version::V16, "ThisActionDoesNotExist"));
    }

    void validate_data()
    {
        QTest::addColumn<int>("version");
        QTest::addColumn<QString>("action");
        QTest::addColumn<QByteArray>("payload");
        QTest::addColumn<int>("expected"); // -1: valid
        QTest::newRow("boot ok") << 16 << "BootNotification"
                                 << QByteArray(R"({"chargePointVendor":"V","chargePointModel":"M"})") << -1;
        QTest::newRow("boot missing model") << 16 << "BootNotification" << QByteArray(R"({"chargePointVendor":"V"})")
                                            << int(ErrorCode::OccurrenceConstraintViolation);
        QTest::newRow("boot vendor number")
            << 16 << "BootNotification" << QByteArray(R"({"chargePointVendor":5,"chargePointModel":"M"})")
            << int(ErrorCode::TypeConstraintViolation);
        QTest::newRow("boot vendor too long")
            << 16 << "BootNotification"
            << QByteArray(R"({"chargePointVendor":"123456789012345678901","chargePointModel":"M"})")
            << int(ErrorCode::PropertyConstraintViolation);
        QTest::newRow("boot extra field")
            << 16 << "BootNotification" << QByteArray(R"({"chargePointVendor":"V","chargePointModel":"M","x":1})")
            << int(ErrorCode::FormatViolation);
        QTest::newRow("status bad enum") << 16 << "StatusNotification"
                                         << QByteArray(R"({"connectorId":1,"errorCode":"NoError","status":"Sleeping"})")
                                         << int(ErrorCode::PropertyConstraintViolation);
        QTest::newRow("status connector as string")
            << 16 << "StatusNotification"
            << QByteArray(R"({"connectorId":"1","errorCode":"NoError","status":"Available"})")
            << int(ErrorCode::TypeConstraintViolation);
        QTest::newRow("meter values nested type")
            << 16 << "MeterValues"
            << QByteArray(
                   R"({"connectorId":1,"meterValue":[{"timestamp":"2026-01-01T08:00:00Z","sampledValue":[{"value":5}]}]})")
            << int(ErrorCode::TypeConstraintViolation);
        QTest::newRow("limit 11000 is a multiple of 0.1")
            << 16 << "SetChargingProfile"
            << QByteArray(
                   R"({"connectorId":1,"csChargingProfiles":{"chargingProfileId":1,"stackLevel":0,"chargingProfilePurpose":"TxDefaultProfile",)"
                   R"("chargingProfileKind":"Absolute","chargingSchedule":{"chargingRateUnit":"W","chargingSchedulePeriod":[{"startPeriod":0,"limit":11000}]}}})")
            << -1;
        QTest::newRow("limit 7.25 is not a multiple of 0.1")
            << 16 << "SetChargingProfile"
            << QByteArray(
                   R"({"connectorId":1,"csChargingProfiles":{"chargingProfileId":1,"stackLevel":0,"chargingProfilePurpose":"TxDefaultProfile",)"
                   R"("chargingProfileKind":"Absolute","chargingSchedule":{"chargingRateUnit":"A","chargingSchedulePeriod":[{"startPeriod":0,"limit":7.25}]}}})")
            << int(ErrorCode::PropertyConstraintViolation);
        // date-time formats, as valijson defines them (read by our own Rfc3339Reader).
        const auto meterAt = [](const char *timestamp) {
            return QByteArray("{\"connectorId\":1,\"meterValue\":[{\"timestamp\":\"") + timestamp +
                   "\",\"sampledValue\":[{\"value\":\"5\"}]}]}";
        };
        QTest::newRow("date-time utc") << 16 << "MeterValues" << meterAt("2026-01-01T08:00:00Z") << -1;
        QTest::newRow("date-time fraction offset")
            << 16 << "MeterValues" << meterAt("2026-02-28t23:59:60.123+02:00") << -1;
        QTest::newRow("date-time no zone")
            << 16 << "MeterValues" << meterAt("2026-01-01T08:00:00") << int(ErrorCode::PropertyConstraintViolation);
        QTest::newRow("date-time month 13")
            << 16 << "MeterValues" << meterAt("2026-13-01T08:00:00Z") << int(ErrorCode::PropertyConstraintViolation);
        QTest::newRow("date-time 30 February")
            << 16 << "MeterValues" << meterAt("2026-02-30T08:00:00Z") << int(ErrorCode::PropertyConstraintViolation);
        QTest::newRow("date-time words") << 16 << "MeterValues" << meterAt("yesterday")
                                         << int(ErrorCode::PropertyConstraintViolation);
        QTest::newRow("date-time 31 April")
            << 16 << "MeterValues" << meterAt("2026-04-31T08:00:00Z") << int(ErrorCode::PropertyConstraintViolation);
        QTest::newRow("date-time hour 24")
            << 16 << "MeterValues" << meterAt("2026-04-30T24:00:00Z") << int(ErrorCode::PropertyConstraintViolation);
        QTest::newRow("date-time fraction without digits")
            << 16 << "MeterValues" << meterAt("2026-04-30T08:00:00.Z") << int(ErrorCode::PropertyConstraintViolation);
        QTest::newRow("date-time offset minutes 60") << 16 << "MeterValues" << meterAt("2026-04-30T08:00:00+01:60")
                                                     << int(ErrorCode::PropertyConstraintViolation);
        QTest::newRow("date-time trailing text")
            << 16 << "MeterValues" << meterAt("2026-04-30T08:00:00Zz") << int(ErrorCode::PropertyConstraintViolation);
        // Once fatal (issue 20): a value of another type where a date-time belongs, and digits
        // enough to overflow a regex matcher's stack.
        QTest::newRow("date-time an object")
            << 16 << "MeterValues"
            << QByteArray(R"({"connectorId":1,"meterValue":[{"timestamp":{"a":1},"sampledValue":[{"value":"5"}]}]})")
            << int(ErrorCode::TypeConstraintViolation);
        QTest::newRow("date-time a number 2.0.1")
            << 201 << "StatusNotification"
            << QByteArray(R"({"timestamp":17,"connectorStatus":"Available","evseId":1,"connectorId":1})")
            << int(ErrorCode::TypeConstraintViolation);
        QTest::newRow("date-time of 100,000 digits")
            << 16 << "MeterValues" << meterAt(QByteArray(100000, '1').constData())
            << int(ErrorCode::PropertyConstraintViolation);
        QTest::newRow("heartbeat 2.0.1 ok") << 201 << "Heartbeat" << QByteArray("{}") << -1;
        QTest::newRow("boot 2.0.1 ok")
            << 201 << "BootNotification"
            << QByteArray(R"({"reason":"PowerUp","chargingStation":{"model":"M","vendorName":"V"}})") << -1;
        QTest::newRow("boot 2.0.1 missing reason")
            << 201 << "BootNotification" << QByteArray(R"({"chargingStation":{"model":"M","vendorName":"V"}})")
            << int(ErrorCode::OccurrenceConstraintViolation);
    }

    void validate()
    {
        QFETCH(int, version);
        QFETCH(QString, action);
        QFETCH(QByteArray, payload);
        QFETCH(int, expected);
        SchemaValidator validator;
        const auto v = validator.validate(version == 16 ? Version::V16 : Version::V201, action, true, obj(payload));
        if (expected < 0) {
            QVERIFY2(!v, v ? qPrintable(v->description) : "");
        } else {
            QVERIFY(v);
            QCOMPARE(int(v->code), expected);
            QVERIFY(!v->description.isEmpty());
        }
    }
};

QTEST_GUILESS_MAIN(TestSchemaValidator)
#include "tst_schemavalidator.moc"
