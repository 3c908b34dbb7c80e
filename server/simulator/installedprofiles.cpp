#include "server/simulator/installedprofiles.h"

#include <QJsonArray>

namespace ChargeDesk::Server::Simulator {

namespace {

using Purpose = InstalledProfile::Purpose;

// A Tx profile must win over any TxDefault profile whatever their stack levels; lifting its
// level above every allowed one lets the core's per-purpose rule do that.
constexpr int TxLevelOffset = 100000;

QDateTime timeOf(const QJsonValue &v)
{
    return QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
}

std::optional<InstalledProfile> read(const QJsonObject &profile, const QJsonObject &schedule, const QString &idField,
                                     int connectorId, const QDateTime &received)
{
    InstalledProfile p;
    p.connectorId = connectorId;
    const QString purpose = profile.value(QLatin1String("chargingProfilePurpose")).toString();
    if (purpose == QLatin1String("ChargePointMaxProfile") || purpose == QLatin1String("ChargingStationMaxProfile"))
        p.purpose = Purpose::StationMax;
    else if (purpose == QLatin1String("TxDefaultProfile"))
        p.purpose = Purpose::TxDefault;
    else if (purpose == QLatin1String("TxProfile"))
        p.purpose = Purpose::Tx;
    else
        return std::nullopt;
    if (p.purpose == Purpose::StationMax && connectorId != 0)
        return std::nullopt;
    if (p.purpose == Purpose::Tx && connectorId == 0)
        return std::nullopt;
    const QJsonValue tx = profile.value(QLatin1String("transactionId"));
    p.transactionId = tx.isDouble() ? QString::number(tx.toInteger()) : tx.toString();

    Core::ProfileValues &v = p.values;
    v.id = profile.value(idField).toInteger();
    v.stackLevel = profile.value(QLatin1String("stackLevel")).toInt();
    const QString kind = profile.value(QLatin1String("chargingProfileKind")).toString();
    v.kind =
        kind == QLatin1String("Recurring") ? Core::ProfileValues::Kind::Recurring : Core::ProfileValues::Kind::OneTime;
    p.relative = kind == QLatin1String("Relative");
    v.recurrency = profile.value(QLatin1String("recurrencyKind")).toString() == QLatin1String("Weekly")
                       ? Core::ProfileValues::Recurrency::Weekly
                       : Core::ProfileValues::Recurrency::Daily;
    v.validFrom = timeOf(profile.value(QLatin1String("validFrom")));
    v.validTo = timeOf(profile.value(QLatin1String("validTo")));
    v.scheduleStart = timeOf(schedule.value(QLatin1String("startSchedule")));
    // An absolute schedule without a start starts when it arrives.
    if (!v.scheduleStart.isValid() && !p.relative)
        v.scheduleStart = received;
    if (schedule.contains(QLatin1String("duration")))
        v.durationS = schedule.value(QLatin1String("duration")).toInteger();
    v.unit = schedule.value(QLatin1String("chargingRateUnit")).toString() == QLatin1String("A")
                 ? Core::ProfileValues::Unit::A
                 : Core::ProfileValues::Unit::W;
    for (const QJsonValue &pv : schedule.value(QLatin1String("chargingSchedulePeriod")).toArray()) {
        const QJsonObject o = pv.toObject();
        Core::ProfileValues::Period period;
        period.startS = o.value(QLatin1String("startPeriod")).toInteger();
        period.limit = o.value(QLatin1String("limit")).toDouble();
        if (o.contains(QLatin1String("numberPhases")))
            period.phases = o.value(QLatin1String("numberPhases")).toInt();
        if (!v.periods.isEmpty() && period.startS <= v.periods.constLast().startS)
            return std::nullopt;
        v.periods << period;
    }
    if (v.periods.isEmpty() || v.periods.first().startS != 0)
        return std::nullopt;
    return p;
}

} // namespace

std::optional<InstalledProfile> InstalledProfiles::fromOcpp16(const QJsonObject &profile, int connectorId,
                                                              const QDateTime &received)
{
    return read(profile, profile.value(QLatin1String("chargingSchedule")).toObject(),
                QStringLiteral("chargingProfileId"), connectorId, received);
}

std::optional<InstalledProfile> InstalledProfiles::fromOcpp201(const QJsonObject &profile, int evseId,
                                                               const QDateTime &received)
{
    // 2.0.1 allows up to three schedules for ISO 15118 negotiation; the first one is in force.
    return read(profile, profile.value(QLatin1String("chargingSchedule")).toArray().first().toObject(),
                QStringLiteral("id"), evseId, received);
}

void InstalledProfiles::install(const InstalledProfile &profile)
{
    m_profiles.removeIf([&](const InstalledProfile &p) {
        return p.values.id == profile.values.id ||
               (p.purpose == profile.purpose && p.values.stackLevel == profile.values.stackLevel &&
                p.connectorId == profile.connectorId);
    });
    m_profiles << profile;
}

int InstalledProfiles::clear(std::optional<qint64> id, std::optional<int> connectorId,
                             std::optional<InstalledProfile::Purpose> purpose, std::optional<int> stackLevel)
{
    return int(m_profiles.removeIf([&](const InstalledProfile &p) {
        return (!id || p.values.id == *id) && (!connectorId || p.connectorId == *connectorId) &&
               (!purpose || p.purpose == *purpose) && (!stackLevel || p.values.stackLevel == *stackLevel);
    }));
}

void InstalledProfiles::transactionEnded(int connectorId)
{
    m_profiles.removeIf(
        [&](const InstalledProfile &p) { return p.purpose == Purpose::Tx && p.connectorId == connectorId; });
}

QList<Core::ProfileValues> InstalledProfiles::applicable(int connectorId, const QDateTime &transactionStart) const
{
    QList<Core::ProfileValues> values;
    for (const InstalledProfile &p : m_profiles) {
        if (p.connectorId != 0 && p.connectorId != connectorId)
            continue;
        // Transaction profiles only apply while a transaction runs.
        if (p.purpose == Purpose::Tx && !transactionStart.isValid())
            continue;
        Core::ProfileValues v = p.values;
        if (p.relative) {
            if (!transactionStart.isValid())
                continue;
            v.scheduleStart = transactionStart;
        }
        v.purpose = p.purpose == Purpose::StationMax ? Core::ProfileValues::Purpose::ChargerTotal
                                                     : Core::ProfileValues::Purpose::SessionDefault;
        if (p.purpose == Purpose::Tx)
            v.stackLevel += TxLevelOffset;
        values << v;
    }
    return values;
}

std::optional<double> InstalledProfiles::limitW(int connectorId, const QDateTime &at, const QDateTime &transactionStart,
                                                Core::UnitConversion conversion) const
{
    const Core::CompositeSchedule s =
        composite(connectorId, at, 1, Core::ProfileValues::Unit::W, transactionStart, conversion);
    return s.periods.isEmpty() ? std::nullopt : s.periods.first().limit;
}

Core::CompositeSchedule InstalledProfiles::composite(int connectorId, const QDateTime &from, qint64 durationS,
                                                     Core::ProfileValues::Unit unit, const QDateTime &transactionStart,
                                                     Core::UnitConversion conversion) const
{
    return Core::compositeSchedule(applicable(connectorId, transactionStart), from, durationS, unit, conversion);
}

} // namespace ChargeDesk::Server::Simulator
