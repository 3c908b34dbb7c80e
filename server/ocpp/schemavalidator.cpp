#include "server/ocpp/schemavalidator.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>

// Without this valijson calls abort() where it would throw: the catches below would be dead,
// and any input it cannot read would end the process.
#define VALIJSON_USE_EXCEPTIONS 1
#include <valijson/adapters/qtjson_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include <string_view>

namespace {

// RFC 3339 dates and times, read by hand. valijson matches them with std::regex, which
// libstdc++ runs by recursion: a 100 KB string of digits in a timestamp overflowed the
// stack. These read each character once and accept exactly what valijson's expressions
// accept (its time zone class also let "|" through, which no date-time has).
class Rfc3339Reader
{
public:
    explicit Rfc3339Reader(std::string_view text)
        : m_text(text)
    {}

    bool date()
    {
        const size_t yearDigits = digits();
        int month = 0;
        int day = 0;
        if (yearDigits == 0 || !take('-') || !number(2, month) || !take('-') || !number(2, day))
            return false;
        static constexpr int monthDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        return month >= 1 && month <= 12 && day >= 1 && day <= monthDays[month - 1];
    }

    bool time()
    {
        int hour = 0;
        int minute = 0;
        int second = 0;
        if (!number(2, hour) || hour > 23 || !take(':') || !number(2, minute) || minute > 59 || !take(':') ||
            !number(2, second) || second > 60)
            return false;
        if (take('.') && digits() == 0)
            return false;
        if (take('Z') || take('z'))
            return true;
        int offsetHour = 0;
        int offsetMinute = 0;
        return (take('+') || take('-')) && number(2, offsetHour) && offsetHour <= 23 && take(':') &&
               number(2, offsetMinute) && offsetMinute <= 59;
    }

    bool dateTime() { return date() && (take('T') || take('t')) && time(); }
    bool atEnd() const { return m_pos == m_text.size(); }

private:
    bool take(char c)
    {
        if (m_pos >= m_text.size() || m_text[m_pos] != c)
            return false;
        ++m_pos;
        return true;
    }

    size_t digits()
    {
        const size_t start = m_pos;
        while (m_pos < m_text.size() && m_text[m_pos] >= '0' && m_text[m_pos] <= '9')
            ++m_pos;
        return m_pos - start;
    }

    // Exactly `count` digits.
    bool number(size_t count, int &value)
    {
        value = 0;
        for (size_t i = 0; i < count; ++i, ++m_pos) {
            if (m_pos >= m_text.size() || m_text[m_pos] < '0' || m_text[m_pos] > '9')
                return false;
            value = value * 10 + (m_text[m_pos] - '0');
        }
        return true;
    }

    std::string_view m_text;
    size_t m_pos = 0;
};

} // namespace

// Our own check of "format" for the one adapter we use, replacing valijson's:
// - valijson's reads every value as a string, and the Qt adapter fails for an object or a
//   number there, so one {"timestamp": {}} ended the process. A format says nothing about a
//   value that is not a string; the schema's "type" reports that one.
// - valijson's compiles a std::regex on every call (more than the rest of a MeterValues
//   validation costs) and runs it by recursion (see Rfc3339Reader).
template <>
bool valijson::ValidationVisitor<valijson::adapters::QtJsonAdapter>::visit(
    const constraints::FormatConstraint &constraint)
{
    if (!m_target.isString())
        return true;
    const std::string text = m_target.asString();
    const std::string &format = constraint.getFormat();
    Rfc3339Reader reader(text);
    const char *message = nullptr;
    if (format == "date" && !(reader.date() && reader.atEnd()))
        message = "String should be a valid date";
    else if (format == "time" && !(reader.time() && reader.atEnd()))
        message = "String should be a valid time";
    else if (format == "date-time" && !(reader.dateTime() && reader.atEnd()))
        message = "String should be a valid date-time";
    if (!message)
        return true;
    if (m_results)
        m_results->pushError(m_context, message);
    return false;
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
    // The format check above was one way for valijson to fail on odd input; should it find
    // another, it throws (VALIJSON_USE_EXCEPTIONS) and the payload is refused.
    try {
        if (validator.validate(*s, adapter, &results))
            return std::nullopt;
    } catch (const std::exception &e) {
        return Violation{ErrorCode::FormatViolation,
                         QStringLiteral("The payload cannot be checked against the %1 schema: %2")
                             .arg(action, QString::fromUtf8(e.what()))};
    }

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
