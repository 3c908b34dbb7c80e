#include "server/ocpp/schemavalidator.h"

#include <QFile>
#include <QJsonDocument>

#include <valijson/adapters/qtjson_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

namespace ChargeDesk::Server::Ocpp {

namespace {

QString schemaPath(Version version, const QString &action, bool request)
{
    if (version == Version::V16)
        return QStringLiteral(":/chargedesk/ocpp/1.6/%1%2.json")
            .arg(action, request ? QString() : QStringLiteral("Response"));
    return QStringLiteral(":/chargedesk/ocpp/2.0.1/%1%2.json")
        .arg(action, request ? QStringLiteral("Request") : QStringLiteral("Response"));
}

// valijson reports the failing leaf and then every enclosing schema; these are the wrappers.
bool isWrapper(const std::string &description)
{
    for (const char *prefix :
         {"Failed to validate item #", "Failed to validate against schema associated with property name",
          "Failed to validate against child schema", "Cannot validate item #", "Failed to validate against any"}) {
        if (description.rfind(prefix, 0) == 0)
            return true;
    }
    return false;
}

ErrorCode classify(const std::string &description)
{
    if (description.find("'type' constraint") != std::string::npos)
        return ErrorCode::TypeConstraintViolation;
    if (description.rfind("Missing required property", 0) == 0)
        return ErrorCode::OccurrenceConstraintViolation;
    if (description.rfind("Object contains a property", 0) == 0)
        return ErrorCode::FormatViolation;
    return ErrorCode::PropertyConstraintViolation;
}

int rank(ErrorCode code)
{
    switch (code) {
    case ErrorCode::TypeConstraintViolation: return 0;
    case ErrorCode::OccurrenceConstraintViolation: return 1;
    case ErrorCode::FormatViolation: return 2;
    default: return 3;
    }
}

} // namespace

SchemaValidator::SchemaValidator() = default;
SchemaValidator::~SchemaValidator() = default;

bool SchemaValidator::knows(Version version, const QString &action) const
{
    return QFile::exists(schemaPath(version, action, true));
}

std::shared_ptr<const valijson::Schema> SchemaValidator::schema(Version version, const QString &action,
                                                                bool request) const
{
    const QString path = schemaPath(version, action, request);
    QMutexLocker lock(&m_mutex);
    if (auto it = m_cache.constFind(path); it != m_cache.constEnd())
        return *it;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return nullptr;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll());
    auto parsed = std::make_shared<valijson::Schema>();
    try {
        valijson::SchemaParser parser(version == Version::V16 ? valijson::SchemaParser::kDraft4
                                                              : valijson::SchemaParser::kDraft7);
        valijson::adapters::QtJsonAdapter adapter(doc.object());
        parser.populateSchema(adapter, *parsed);
    } catch (const std::exception &e) {
        qWarning("cannot parse OCPP schema %s: %s", qPrintable(path), e.what());
        return nullptr;
    }
    m_cache.insert(path, parsed);
    return parsed;
}

std::optional<SchemaValidator::Violation> SchemaValidator::validate(Version version, const QString &action,
                                                                    bool request, const QJsonObject &payload) const
{
    const auto s = schema(version, action, request);
    if (!s)
        return Violation{ErrorCode::NotImplemented, QStringLiteral("No schema for %1.").arg(action)};
    valijson::Validator validator;
    valijson::ValidationResults results;
    const QJsonValue target(payload);
    valijson::adapters::QtJsonAdapter adapter(target);
    if (validator.validate(*s, adapter, &results))
        return std::nullopt;

    std::optional<Violation> best;
    valijson::ValidationResults::Error error;
    while (results.popError(error)) {
        if (isWrapper(error.description))
            continue;
        const ErrorCode code = classify(error.description);
        if (best && rank(best->code) <= rank(code))
            continue;
        QString path;
        for (const std::string &part : error.context)
            path += QString::fromStdString(part);
        path.replace(QLatin1String("<root>"), QString());
        best = Violation{code, QStringLiteral("%1%2%3").arg(path, path.isEmpty() ? QString() : QStringLiteral(": "),
                                                            QString::fromStdString(error.description))};
    }
    if (!best)
        best = Violation{ErrorCode::PropertyConstraintViolation,
                         QStringLiteral("The payload does not match the %1 schema.").arg(action)};
    return best;
}

} // namespace ChargeDesk::Server::Ocpp
