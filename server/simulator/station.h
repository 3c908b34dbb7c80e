#pragma once

#include "core/clock.h"
#include "server/simulator/configuration.h"
#include "server/simulator/installedprofiles.h"
#include "server/simulator/localauthorization.h"
#include "server/simulator/vehicle.h"

#include <QList>
#include <QString>

#include <optional>

namespace ChargeDesk::Server::Simulator {

enum class CurrentType { AC1, AC3, DC };
enum class ConnectorStatus {
    Available,
    Preparing,
    Charging,
    SuspendedEV,
    SuspendedEVSE,
    Finishing,
    Reserved,
    Unavailable,
    Faulted
};
// The 1.6 spelling; 2.0.1 folds these into its five connector statuses.
QString statusName(ConnectorStatus status);

struct ConnectorSpec
{
    QString type = QStringLiteral("cType2"); // 2.0.1 ConnectorEnumType spelling
    CurrentType current = CurrentType::AC3;
    double maxPowerW = 22000;
};

struct StationSpec
{
    QString id;
    QString vendor = QStringLiteral("ChargeDesk");
    QString model = QStringLiteral("VirtualCharger");
    QString serialNumber;
    QString firmwareVersion = QStringLiteral(PROJECT_VERSION_STRING);
    QList<ConnectorSpec> connectors{ConnectorSpec{}};
};

struct Transaction
{
    int localId = 0; // the station's own number, known before any CSMS answer
    QString id;      // 1.6: the CSMS's transactionId once answered; 2.0.1: chosen here
    QString idTag;
    QDateTime started;
    double meterStartWh = 0;
    int seqNo = 0; // 2.0.1 TransactionEvent sequence
    bool remoteStarted = false;
    std::optional<int> reservationId;
};

struct Reservation
{
    int id = 0;
    QString idTag;
    QDateTime expiry;
};

struct Connector
{
    ConnectorSpec spec;
    double registerWh = 0;
    std::optional<Vehicle> vehicle;
    std::optional<Transaction> transaction;
    std::optional<Reservation> reservation;
    bool operative = true;
    bool inoperativeScheduled = false; // becomes inoperative when its transaction ends
    bool faulted = false;
    bool finishing = false; // a transaction ended and the vehicle is still plugged in
    double powerW = 0;      // drawn since the last advance()
};

struct SampledValue
{
    QString measurand;
    double value = 0;
    QString unit;
};

// Ways a station misreports on demand, to show and test the charging session malfunctions the
// central system recognises.
struct Misbehaviour
{
    // What the energy register reading says: the meter, the energy since the transaction
    // started, or the two in turn.
    enum class Energy { Absolute, Relative, Mixed };
    Energy energy = Energy::Absolute;
    qint64 clockOffsetS = 0;       // readings stamped this far off (negative: a clock behind)
    bool outOfOrder = false;       // every other reading stamped before the one sent before it
    bool silentMeter = false;      // no meter values during transactions
    bool ignoreRemoteStop = false; // accepts a remote stop and goes on charging
};

// A charging station without sockets: connectors, vehicles, transactions, energy and the
// settings, profiles and authorization data the CSMS manages. Time comes from the clock;
// advance() integrates the energy drawn since the previous call.
class Station final
{
public:
    enum class Availability { Accepted, Scheduled, Rejected };

    Station(StationSpec spec, const Core::Clock &clock);

    const StationSpec &spec() const { return m_spec; }
    // What an installed firmware update changes; the next boot reports it.
    void setFirmwareVersion(const QString &version) { m_spec.firmwareVersion = version; }
    // The firmware update and the log upload under way (no status: none), which a triggered
    // status notification reports.
    struct Transfer
    {
        QString status;
        int requestId = 0;
    };
    Transfer &firmwareTransfer() { return m_firmwareTransfer; }
    Transfer &logTransfer() { return m_logTransfer; }
    const Core::Clock &clock() const { return m_clock; }
    Configuration &configuration() { return m_configuration; }
    const Configuration &configuration() const { return m_configuration; }
    LocalAuthorization &authorization() { return m_authorization; }
    InstalledProfiles &profiles() { return m_profiles; }
    const InstalledProfiles &profiles() const { return m_profiles; }

    int connectorCount() const { return int(m_connectors.size()); }
    bool hasConnector(int n) const { return n >= 1 && n <= connectorCount(); }
    // Connectors are numbered from 1; in 2.0.1 each is EVSE n with connector 1.
    Connector &connector(int n) { return m_connectors[n - 1]; }
    const Connector &connector(int n) const { return m_connectors.at(n - 1); }
    ConnectorStatus status(int n) const;
    std::optional<int> connectorOfTransaction(const QString &id) const;

    // Integrates every connector's energy from the previous call up to now.
    void advance();
    // The power the station offers connector n now (connector rating and profiles), in W.
    double offeredW(int n) const;
    Core::UnitConversion conversion(int n) const;

    bool plugIn(int n, const Vehicle &vehicle);
    bool unplug(int n);
    std::optional<Transaction> startTransaction(int n, const QString &idTag, bool remote);
    // Ends the transaction; the connector shows Finishing while the vehicle stays plugged.
    std::optional<Transaction> endTransaction(int n);
    Availability setAvailability(int n, bool operative); // n = 0: every connector
    void setFaulted(int n, bool faulted);

    QList<SampledValue> sample(int n, const QStringList &measurands) const;
    // When a reading taken now says it was taken (see Misbehaviour).
    QDateTime readingTime() const;
    Misbehaviour &misbehaviour() { return m_misbehaviour; }
    const Misbehaviour &misbehaviour() const { return m_misbehaviour; }
    // The meter jumps by `wh` at once (a faulty meter, or energy the connector cannot deliver).
    void jumpEnergy(int n, double wh);

private:
    double targetW(int n, const QDateTime &at) const;
    void integrate(const QDateTime &from, const QDateTime &to);

    StationSpec m_spec;
    const Core::Clock &m_clock;
    Configuration m_configuration;
    LocalAuthorization m_authorization;
    InstalledProfiles m_profiles;
    QList<Connector> m_connectors;
    QDateTime m_advancedTo;
    int m_nextTransaction = 1;
    Misbehaviour m_misbehaviour;
    Transfer m_firmwareTransfer;
    Transfer m_logTransfer;
    mutable qint64 m_readings = 0; // alternates mixed energy and out-of-order stamps
};

} // namespace ChargeDesk::Server::Simulator
