#include "server/ocpp/redaction.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QUrl>

namespace ChargeDesk::Server::Ocpp {

namespace {

const QString Mask = QStringLiteral("********");

bool isSecretName(const QString &name)
{
    return name.compare(QLatin1String("AuthorizationKey"), Qt::CaseInsensitive) == 0 ||
           name.compare(QLatin1String("BasicAuthPassword"), Qt::CaseInsensitive) == 0;
}

QJsonValue masked(const QJsonValue &value);

QJsonObject maskedObject(QJsonObject object)
{
    for (auto it = object.begin(); it != object.end(); ++it)
        it.value() = masked(it.value());
    // 1.6 ChangeConfiguration {key, value}; 2.0.1 SetVariableData {variable {name}, attributeValue}.
    if (isSecretName(object.value(QLatin1String("key")).toString()) && object.contains(QLatin1String("value")))
        object.insert(QLatin1String("value"), Mask);
    const QString variable = object.value(QLatin1String("variable")).toObject().value(QLatin1String("name")).toString();
    if (isSecretName(variable) && object.contains(QLatin1String("attributeValue")))
        object.insert(QLatin1String("attributeValue"), Mask);
    return object;
}

QJsonValue masked(const QJsonValue &value)
{
    if (value.isObject())
        return maskedObject(value.toObject());
    if (value.isArray()) {
        QJsonArray array = value.toArray();
        for (auto it = array.begin(); it != array.end(); ++it)
            *it = masked(*it);
        return array;
    }
    const QString text = value.toString();
    if (!value.isString() || !text.contains(QLatin1String("://")) || !text.contains(QLatin1Char('@')))
        return value;
    QUrl url(text);
    if (!url.isValid() || url.password().isEmpty())
        return value;
    url.setPassword(Mask);
    return url.toString();
}

} // namespace

bool mayCarrySecrets(const QString &action)
{
    static const QStringList actions{QStringLiteral("UpdateFirmware"),  QStringLiteral("GetDiagnostics"),
                                     QStringLiteral("GetLog"),          QStringLiteral("ChangeConfiguration"),
                                     QStringLiteral("SetVariables"),    QStringLiteral("SignedUpdateFirmware"),
                                     QStringLiteral("PublishFirmware"), QStringLiteral("DataTransfer")};
    return actions.contains(action);
}

QJsonObject withoutSecrets(const QJsonObject &payload)
{
    return maskedObject(payload);
}

QByteArray callWithoutSecrets(const QString &action, const QByteArray &text)
{
    if (!mayCarrySecrets(action))
        return text;
    QJsonArray frame = QJsonDocument::fromJson(text).array();
    if (frame.size() != 4 || !frame.at(3).isObject())
        return text;
    const QJsonObject payload = frame.at(3).toObject();
    const QJsonObject clean = withoutSecrets(payload);
    if (clean == payload)
        return text;
    frame.replace(3, clean);
    return QJsonDocument(frame).toJson(QJsonDocument::Compact);
}

} // namespace ChargeDesk::Server::Ocpp
