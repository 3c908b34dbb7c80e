#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>
#include <utility>
#include <variant>

namespace ChargeDesk::Core {

// A problem with one field of a form or request; windows show it beside the field.
struct FieldError
{
    QString field;
    QString message;
    friend bool operator==(const FieldError &, const FieldError &) = default;
};

// The one error type of core. Kind tells callers (REST, windows) how to present it.
class Error
{
public:
    enum class Kind { Validation, NotFound, Forbidden, Referenced, Conflict, Storage, Unauthenticated };

    Error(Kind kind, QString message, QList<FieldError> fields = {}, QStringList referrers = {});

    static Error validation(QList<FieldError> fields);
    static Error notFound(const QString &what);
    static Error forbidden(const QString &message);
    static Error storage(const QString &message);

    Kind kind() const { return m_kind; }
    const QString &message() const { return m_message; }
    const QList<FieldError> &fields() const { return m_fields; }
    const QStringList &referrers() const { return m_referrers; }
    std::optional<QString> fieldMessage(const QString &field) const;
    QString kindName() const;

private:
    Kind m_kind;
    QString m_message;
    QList<FieldError> m_fields;
    QStringList m_referrers;
};

// Either a value or an Error (std::expected is C++23).
template <typename T> class Result
{
public:
    // Implicit on purpose: a function returns its value or its error as they are.
    Result(T value) // NOLINT(google-explicit-constructor)
        : m_data(std::move(value))
    {}
    Result(Error error) // NOLINT(google-explicit-constructor)
        : m_data(std::move(error))
    {}

    bool ok() const { return std::holds_alternative<T>(m_data); }
    explicit operator bool() const { return ok(); }
    const T &value() const { return std::get<T>(m_data); }
    T &value() { return std::get<T>(m_data); }
    const Error &error() const { return std::get<Error>(m_data); }

private:
    std::variant<T, Error> m_data;
};

struct Ok
{};

using Status = Result<Ok>;

} // namespace ChargeDesk::Core
