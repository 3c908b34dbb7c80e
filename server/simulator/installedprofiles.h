#pragma once

#include "core/compositeschedule.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace ChargeDesk::Server::Simulator {

// A charging profile installed on a virtual station.
struct InstalledProfile
{
    enum class Purpose { StationMax, TxDefault, Tx };

    int connectorId = 0; // 0: the whole station (1.6 connector 0, 2.0.1 EVSE 0)
    Purpose purpose = Purpose::TxDefault;
    QString transactionId; // Tx only; empty: the connector's running transaction
    bool relative = false; // starts with the transaction
    Core::ProfileValues values;
};

// The profiles a station holds and the limit they put on a connector, the way OCPP's
// composite schedule defines it: a TxProfile overrides the TxDefaultProfile, within a
// purpose the highest stack level wins, and the station maximum caps both.
class InstalledProfiles final
{
public:
    // Reads a 1.6 csChargingProfiles or a 2.0.1 chargingProfile; nothing when malformed.
    static std::optional<InstalledProfile> fromOcpp16(const QJsonObject &profile, int connectorId,
                                                      const QDateTime &received);
    static std::optional<InstalledProfile> fromOcpp201(const QJsonObject &profile, int evseId,
                                                       const QDateTime &received);

    // Installs `profile`, replacing one with the same id, or the same purpose, stack level
    // and connector (as OCPP requires).
    void install(const InstalledProfile &profile);
    // Removes the profiles matching every criterion given; returns how many.
    int clear(std::optional<qint64> id, std::optional<int> connectorId,
              std::optional<InstalledProfile::Purpose> purpose, std::optional<int> stackLevel);
    // Drops the Tx profiles of a transaction that ended.
    void transactionEnded(int connectorId);
    const QList<InstalledProfile> &profiles() const { return m_profiles; }

    // The limit in force on `connectorId` at `at`, in W; none when no profile limits it.
    // `transactionStart` anchors relative profiles; invalid when no transaction runs.
    std::optional<double> limitW(int connectorId, const QDateTime &at, const QDateTime &transactionStart,
                                 Core::UnitConversion conversion) const;
    Core::CompositeSchedule composite(int connectorId, const QDateTime &from, qint64 durationS,
                                      Core::ProfileValues::Unit unit, const QDateTime &transactionStart,
                                      Core::UnitConversion conversion) const;

private:
    QList<Core::ProfileValues> applicable(int connectorId, const QDateTime &transactionStart) const;

    QList<InstalledProfile> m_profiles;
};

} // namespace ChargeDesk::Server::Simulator
