#include "core/catalog/fields.h"

namespace ChargeDesk::Core::Entities {

const QStringList CurrentTypes{QStringLiteral("dc"), QStringLiteral("ac_single_phase"),
                               QStringLiteral("ac_three_phase")};
const QStringList InfrastructureStatuses{
    QStringLiteral("available"),      QStringLiteral("preparing"),    QStringLiteral("charging"),
    QStringLiteral("suspended_evse"), QStringLiteral("suspended_ev"), QStringLiteral("finishing"),
    QStringLiteral("reserved"),       QStringLiteral("unavailable"),  QStringLiteral("faulted"),
    QStringLiteral("closed"),         QStringLiteral("unknown")};
const QStringList Recurrences{QStringLiteral("once"), QStringLiteral("daily"), QStringLiteral("weekly")};
const QStringList Protocols{QStringLiteral("ocpp1.6"), QStringLiteral("ocpp2.0.1")};

FieldDef code()
{
    return text(QStringLiteral("code"), Tr::tr("Code"))
        .required()
        .immutable()
        .unique()
        .maxLen(64)
        .matching(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._:-]*$"));
}

FieldDef name()
{
    return text(QStringLiteral("name"), Tr::tr("Name")).required().maxLen(200);
}

FieldDef money(const QString &field, const QString &label)
{
    return integer(field, label).nonNegative();
}

FieldDef seconds(const QString &field, const QString &label)
{
    return integer(field, label).nonNegative();
}

FieldDef powerFactor()
{
    return real(QStringLiteral("power_factor"), Tr::tr("Power factor")).range(0, 1).byDefault(1.0);
}

FieldDef weekdays()
{
    // Bit 0 = Monday ... bit 6 = Sunday.
    return integer(QStringLiteral("weekdays"), Tr::tr("Weekdays")).range(0, 127);
}

QList<FieldDef> address()
{
    return {text(QStringLiteral("address"), Tr::tr("Address")),
            text(QStringLiteral("city"), Tr::tr("City")).maxLen(100),
            text(QStringLiteral("zip"), Tr::tr("ZIP code")).maxLen(20),
            text(QStringLiteral("state"), Tr::tr("State")).maxLen(100),
            text(QStringLiteral("country"), Tr::tr("Country")).maxLen(100)};
}

QList<FieldDef> coordinates()
{
    return {real(QStringLiteral("latitude"), Tr::tr("Latitude")).range(-90, 90),
            real(QStringLiteral("longitude"), Tr::tr("Longitude")).range(-180, 180)};
}

QList<FieldDef> idleSettings()
{
    return {seconds(QStringLiteral("ready_session_expiration_s"), Tr::tr("Ready session expiration")),
            seconds(QStringLiteral("ongoing_session_expiration_s"), Tr::tr("Ongoing session expiration"))};
}

ScopeDef scope(Kind kind, const QString &field, bool operatorsMayWrite)
{
    return ScopeDef{.kind = kind, .field = field, .operatorsMayWrite = operatorsMayWrite};
}

bool isSet(const Record &r, const QString &field)
{
    const QVariant v = r.value(field);
    return v.isValid() && !v.isNull() && !(v.typeId() == QMetaType::QString && v.toString().isEmpty());
}

// A time range whose end must come after its start.
RecordRule orderedRange(const QString &from, const QString &to)
{
    return [from, to](const Record &r, const Lookup &) -> QList<FieldError> {
        if (isSet(r, from) && isSet(r, to) && r.value(to).toLongLong() <= r.value(from).toLongLong())
            return {{to, Tr::tr("Must be later than the start.")}};
        return {};
    };
}

} // namespace ChargeDesk::Core::Entities
