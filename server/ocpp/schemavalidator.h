#pragma once

#include "server/ocpp/frame.h"

#include <QHash>
#include <QJsonObject>
#include <QMutex>
#include <QString>

#include <memory>

namespace valijson {
class Schema;
}

namespace ChargeDesk::Server::Ocpp {

// Validates payloads against the official OCPP JSON schemas shipped under
// resources/ocpp/ (unmodified), with valijson. Schemas are parsed once, on first use.
class SchemaValidator final
{
    Q_DISABLE_COPY_MOVE(SchemaValidator)

public:
    SchemaValidator();
    ~SchemaValidator();

    struct Violation
    {
        ErrorCode code;
        QString description;
    };

    // True when the version defines `action` (there is a request schema for it).
    bool knows(Version version, const QString &action) const;
    // The first violation, or nothing when the payload is valid.
    std::optional<Violation> validate(Version version, const QString &action, bool request,
                                      const QJsonObject &payload) const;

private:
    std::shared_ptr<const valijson::Schema> schema(Version version, const QString &action, bool request) const;

    mutable QMutex m_mutex;
    mutable QHash<QString, std::shared_ptr<const valijson::Schema>> m_cache;
};

} // namespace ChargeDesk::Server::Ocpp
