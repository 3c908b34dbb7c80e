#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <optional>

namespace ChargeDesk::Server::Ocpp {

enum class Version { V16, V201 };

QString subprotocol(Version version);
std::optional<Version> versionFromSubprotocol(const QString &name);

// The CALLERROR codes of OCPP-J. Both versions name most of them alike; where they differ
// (FormationViolation / FormatViolation, OccurenceConstraintViolation /
// OccurrenceConstraintViolation) errorCodeName() spells them the version's way.
enum class ErrorCode {
    NotImplemented,
    NotSupported,
    InternalError,
    ProtocolError,
    SecurityError,
    FormatViolation,
    PropertyConstraintViolation,
    OccurrenceConstraintViolation,
    TypeConstraintViolation,
    GenericError,
    MessageTypeNotSupported, // 2.0.1 only; ProtocolError in 1.6
    RpcFrameworkError,       // 2.0.1 only; ProtocolError in 1.6
};

QString errorCodeName(ErrorCode code, Version version);

// One OCPP-J message: [2, id, action, payload], [3, id, payload] or
// [4, id, code, description, details].
struct Frame
{
    enum class Type { Call = 2, CallResult = 3, CallError = 4 };

    Type type = Type::Call;
    QString messageId;
    QString action;      // Call only
    QJsonObject payload; // Call and CallResult
    QString errorCode;   // CallError only
    QString errorDescription;
    QJsonObject errorDetails;

    static Frame call(const QString &id, const QString &action, const QJsonObject &payload);
    static Frame result(const QString &id, const QJsonObject &payload);
    static Frame error(const QString &id, ErrorCode code, Version version, const QString &description,
                       const QJsonObject &details = {});

    QByteArray serialize() const;
};

// Why a text could not be turned into a Frame, and what to answer: a CALLERROR with the
// caller's message id as sent (a string, or whatever JSON value stood there), or "-1" when
// no id could be read. Replies to CALLRESULT/CALLERROR frames are never sent.
struct FrameError
{
    ErrorCode code;
    QString description;
    QJsonValue messageId = QStringLiteral("-1");
    bool reply = true;

    QByteArray serialize(Version version) const;
};

struct ParsedFrame
{
    std::optional<Frame> frame;
    std::optional<FrameError> error;
};

ParsedFrame parseFrame(const QByteArray &text);

} // namespace ChargeDesk::Server::Ocpp
