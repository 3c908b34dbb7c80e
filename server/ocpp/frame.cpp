#include "server/ocpp/frame.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace ChargeDesk::Server::Ocpp {

QString subprotocol(Version version)
{
    return version == Version::V16 ? QStringLiteral("ocpp1.6") : QStringLiteral("ocpp2.0.1");
}

std::optional<Version> versionFromSubprotocol(const QString &name)
{
    if (name == QLatin1String("ocpp1.6"))
        return Version::V16;
    if (name == QLatin1String("ocpp2.0.1"))
        return Version::V201;
    return std::nullopt;
}

QString errorCodeName(ErrorCode code, Version version)
{
    const bool v16 = version == Version::V16;
    switch (code) {
    case ErrorCode::NotImplemented: return QStringLiteral("NotImplemented");
    case ErrorCode::NotSupported: return QStringLiteral("NotSupported");
    case ErrorCode::InternalError: return QStringLiteral("InternalError");
    case ErrorCode::ProtocolError: return QStringLiteral("ProtocolError");
    case ErrorCode::SecurityError: return QStringLiteral("SecurityError");
    case ErrorCode::FormatViolation:
        return v16 ? QStringLiteral("FormationViolation") : QStringLiteral("FormatViolation");
    case ErrorCode::PropertyConstraintViolation: return QStringLiteral("PropertyConstraintViolation");
    case ErrorCode::OccurrenceConstraintViolation:
        return v16 ? QStringLiteral("OccurenceConstraintViolation") : QStringLiteral("OccurrenceConstraintViolation");
    case ErrorCode::TypeConstraintViolation: return QStringLiteral("TypeConstraintViolation");
    case ErrorCode::GenericError: return QStringLiteral("GenericError");
    case ErrorCode::MessageTypeNotSupported:
        return v16 ? QStringLiteral("ProtocolError") : QStringLiteral("MessageTypeNotSupported");
    case ErrorCode::RpcFrameworkError:
        return v16 ? QStringLiteral("ProtocolError") : QStringLiteral("RpcFrameworkError");
    }
    return QStringLiteral("GenericError");
}

Frame Frame::call(const QString &id, const QString &action, const QJsonObject &payload)
{
    Frame f;
    f.type = Type::Call;
    f.messageId = id;
    f.action = action;
    f.payload = payload;
    return f;
}

Frame Frame::result(const QString &id, const QJsonObject &payload)
{
    Frame f;
    f.type = Type::CallResult;
    f.messageId = id;
    f.payload = payload;
    return f;
}

Frame Frame::error(const QString &id, ErrorCode code, Version version, const QString &description,
                   const QJsonObject &details)
{
    Frame f;
    f.type = Type::CallError;
    f.messageId = id;
    f.errorCode = errorCodeName(code, version);
    f.errorDescription = description;
    f.errorDetails = details;
    return f;
}

QByteArray Frame::serialize() const
{
    QJsonArray array{static_cast<int>(type), messageId};
    switch (type) {
    case Type::Call: array << action << payload; break;
    case Type::CallResult: array << payload; break;
    case Type::CallError:
        // OCPP limits the description to 255 characters.
        array << errorCode << errorDescription.left(255) << errorDetails;
        break;
    }
    return QJsonDocument(array).toJson(QJsonDocument::Compact);
}

QByteArray FrameError::serialize(Version version) const
{
    const QJsonArray array{4, messageId, errorCodeName(code, version), description.left(255), QJsonObject()};
    return QJsonDocument(array).toJson(QJsonDocument::Compact);
}

ParsedFrame parseFrame(const QByteArray &text)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(text, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return {std::nullopt, FrameError{ErrorCode::FormatViolation,
                                         QStringLiteral("Not valid JSON: %1").arg(parseError.errorString())}};
    if (!doc.isArray())
        return {std::nullopt,
                FrameError{ErrorCode::RpcFrameworkError, QStringLiteral("A message must be a JSON array.")}};
    const QJsonArray array = doc.array();
    // A CALLRESULT or CALLERROR is never answered, however broken: the station is not waiting.
    const bool reply = array.at(0) != QJsonValue(3) && array.at(0) != QJsonValue(4);
    if (array.size() < 3)
        return {std::nullopt, FrameError{ErrorCode::RpcFrameworkError,
                                         QStringLiteral("A message needs at least a type, an id and a body."),
                                         QStringLiteral("-1"), reply}};
    const QJsonValue id = array.at(1);
    if (!id.isString())
        return {std::nullopt,
                FrameError{ErrorCode::ProtocolError, QStringLiteral("The message id must be a string."), id, reply}};
    const QString messageId = id.toString();
    if (messageId.isEmpty() || messageId.size() > 36)
        return {std::nullopt, FrameError{ErrorCode::ProtocolError,
                                         QStringLiteral("The message id must have 1 to 36 characters."), id, reply}};
    const QJsonValue typeValue = array.at(0);
    const int type = typeValue.isDouble() && typeValue.toDouble() == typeValue.toInt() ? typeValue.toInt() : -1;

    switch (type) {
    case 2: {
        if (!array.at(2).isString() || array.at(2).toString().isEmpty())
            return {std::nullopt,
                    FrameError{ErrorCode::ProtocolError, QStringLiteral("The action must be a non-empty string."), id}};
        if (array.size() < 4)
            return {std::nullopt, FrameError{ErrorCode::ProtocolError, QStringLiteral("The CALL has no payload."), id}};
        if (array.size() > 4)
            return {std::nullopt,
                    FrameError{ErrorCode::ProtocolError, QStringLiteral("A CALL has exactly four elements."), id}};
        if (!array.at(3).isObject())
            return {std::nullopt, FrameError{ErrorCode::TypeConstraintViolation,
                                             QStringLiteral("The payload must be a JSON object."), id}};
        return {Frame::call(messageId, array.at(2).toString(), array.at(3).toObject()), std::nullopt};
    }
    case 3: {
        if (array.size() != 3 || !array.at(2).isObject())
            return {std::nullopt, FrameError{ErrorCode::ProtocolError,
                                             QStringLiteral("A CALLRESULT is [3, id, payload object]."), id, false}};
        return {Frame::result(messageId, array.at(2).toObject()), std::nullopt};
    }
    case 4: {
        if (array.size() < 4 || !array.at(2).isString())
            return {std::nullopt,
                    FrameError{ErrorCode::ProtocolError,
                               QStringLiteral("A CALLERROR is [4, id, code, description, details]."), id, false}};
        Frame f;
        f.type = Frame::Type::CallError;
        f.messageId = messageId;
        f.errorCode = array.at(2).toString();
        f.errorDescription = array.at(3).toString();
        f.errorDetails = array.size() > 4 ? array.at(4).toObject() : QJsonObject();
        return {f, std::nullopt};
    }
    default:
        return {std::nullopt,
                FrameError{ErrorCode::MessageTypeNotSupported,
                           QStringLiteral("Unknown message type %1.").arg(typeValue.toVariant().toString()), id}};
    }
}

} // namespace ChargeDesk::Server::Ocpp
