#include "server/ocpp/schemavalidator.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>

#include <valijson/adapters/qtjson_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include <regex>

// valijson builds a std::regex for every "format" it checks; compiling one costs far more
// than the rest of a MeterValues validation, and OCPP stamps every sample with a date-time.
// This specialisation (for the one adapter we use) checks exactly what valijson checks,
// with the expressions compiled once.
template <>
bool valijson::ValidationVisitor<valijson::adapters::QtJsonAdapter>::visit(
    const constraints::FormatConstraint &constraint)
{
    static const std::regex date(R"(^([0-9]+)-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01])$)");
    static const std::regex time(
        R"(^([01][0-9]|2[0-3]):([0-5][0-9]):([0-5][0-9]|60)(\.[0-9]+)?(([Zz])|([\+|\-]([01][0-9]|2[0-3]):[0-5][0-9]))$)");
    static const std::regex dateTime(
        R"(^([0-9]+)-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01])[Tt]([01][0-9]|2[0-3]):([0-5][0-9]):([0-5][0-9]|60)(\.[0-9]+)?(([Zz])|([\+|\-]([01][0-9]|2[0-3]):[0-5][0-9]))$)");
    const std::string s = m_target.asString();
    const std::string &format = constraint.getFormat();
    const auto fail = [this](const char *message) {
        if (m_results)
            m_results->pushError(m_context, message);
        return false;
    };
    std::smatch matches;
    if (format == "date") {
        if (!std::regex_match(s, matches, date))
            return fail("String should be a valid date");
        return validate_date_range(std::stoi(matches[2].str()), std::stoi(matches[3].str()));
    }
    if (format == "time")
        return std::regex_match(s, time) ? true : fail("String should be a valid time");
    if (format == "date-time") {
        if (!std::regex_match(s, matches, dateTime))
            return fail("String should be a valid date-time");
        return validate_date_range(std::stoi(matches[2].str()), std::stoi(matches[3].str()));
    }
    return true;
}

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

// The value an error's context points at, e.g. <root>[a][0][b].
QJsonValue valueAt(const QJsonObject &payload, const std::vector<std::string> &context)
{
    QJsonValue current = payload;
    for (const std::string &part : context) {
        if (part == "<root>")
            continue;
        const QString key = QString::fromStdString(part).mid(1).chopped(1);
        bool isIndex = false;
        const int index = key.toInt(&isIndex);
        current = current.isArray() && isIndex ? current.toArray().at(index) : current.toObject().value(key);
    }
    return current;
}

// valijson checks multipleOf with plain floating-point division, so 11000 is "not a multiple
// of 0.1". The schemas only use 0.1; a value within rounding of a tenth is a multiple.
bool isRoundingArtefact(const valijson::ValidationResults::Error &error, const QJsonObject &payload)
{
    if (error.description.rfind("Value should be a multiple of 0.1", 0) != 0)
        return false;
    const double tenths = valueAt(payload, error.context).toDouble() * 10.0;
    return std::fabs(tenths - std::round(tenths)) < 1e-6;
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
    std::optional<bool> onlyArtefacts;
    valijson::ValidationResults::Error error;
    while (results.popError(error)) {
        if (isRoundingArtefact(error, payload)) {
            onlyArtefacts = onlyArtefacts.value_or(true);
            continue;
        }
        if (isWrapper(error.description))
            continue;
        onlyArtefacts = false;
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
    if (!best && onlyArtefacts.value_or(false))
        return std::nullopt;
    if (!best)
        best = Violation{ErrorCode::PropertyConstraintViolation,
                         QStringLiteral("The payload does not match the %1 schema.").arg(action)};
    return best;
}

} // namespace ChargeDesk::Server::Ocpp
