#include "core/error.h"

#include <QCoreApplication>

namespace ChargeDesk::Core {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Core)
};

Error::Error(Kind kind, QString message, QList<FieldError> fields, QStringList referrers)
    : m_kind(kind)
    , m_message(std::move(message))
    , m_fields(std::move(fields))
    , m_referrers(std::move(referrers))
{}

Error Error::validation(QList<FieldError> fields)
{
    QStringList parts;
    for (const FieldError &f : fields)
        parts << QStringLiteral("%1: %2").arg(f.field, f.message);
    return Error(Kind::Validation,
                 Tr::tr("Please correct the highlighted fields (%1).").arg(parts.join(QStringLiteral("; "))),
                 std::move(fields));
}

Error Error::notFound(const QString &what)
{
    return Error(Kind::NotFound, Tr::tr("%1 was not found.").arg(what));
}

Error Error::forbidden(const QString &message)
{
    return Error(Kind::Forbidden, message);
}

Error Error::storage(const QString &message)
{
    return Error(Kind::Storage, Tr::tr("The database reported an error: %1").arg(message));
}

std::optional<QString> Error::fieldMessage(const QString &field) const
{
    for (const FieldError &f : m_fields) {
        if (f.field == field)
            return f.message;
    }
    return std::nullopt;
}

QString Error::kindName() const
{
    switch (m_kind) {
    case Kind::Validation: return QStringLiteral("validation");
    case Kind::NotFound: return QStringLiteral("not_found");
    case Kind::Forbidden: return QStringLiteral("forbidden");
    case Kind::Referenced: return QStringLiteral("referenced");
    case Kind::Conflict: return QStringLiteral("conflict");
    case Kind::Storage: return QStringLiteral("storage");
    case Kind::Unauthenticated: return QStringLiteral("unauthenticated");
    }
    return QStringLiteral("unknown");
}

} // namespace ChargeDesk::Core
