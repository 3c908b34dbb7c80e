#include "server/simulator/station.h"

#include <QUuid>

#include <algorithm>
#include <cmath>

namespace ChargeDesk::Server::Simulator {

namespace {

// Integration step: short enough that the taper above 80 % is followed closely.
constexpr qint64 StepMs = 5000;

} // namespace

QString statusName(ConnectorStatus status)
{
    switch (status) {
    case ConnectorStatus::Available: return QStringLiteral("Available");
    case ConnectorStatus::Preparing: return QStringLiteral("Preparing");
    case ConnectorStatus::Charging: return QStringLiteral("Charging");
    case ConnectorStatus::SuspendedEV: return QStringLiteral("SuspendedEV");
    case ConnectorStatus::SuspendedEVSE: return QStringLiteral("SuspendedEVSE");
    case ConnectorStatus::Finishing: return QStringLiteral("Finishing");
    case ConnectorStatus::Reserved: return QStringLiteral("Reserved");
    case ConnectorStatus::Unavailable: return QStringLiteral("Unavailable");
    case ConnectorStatus::Faulted: return QStringLiteral("Faulted");
    }
    return {};
}

Station::Station(StationSpec spec, const Core::Clock &clock)
    : m_spec(std::move(spec))
    , m_clock(clock)
    , m_configuration(Configuration::defaults(int(m_spec.connectors.size())))
    , m_advancedTo(clock.now())
{
    for (const ConnectorSpec &c : m_spec.connectors)
        m_connectors << Connector{c};
}

ConnectorStatus Station::status(int n) const
{
    const Connector &c = connector(n);
    if (c.faulted)
        return ConnectorStatus::Faulted;
    if (c.transaction) {
        if (!c.vehicle || c.vehicle->acceptedPowerW() <= 0)
            return ConnectorStatus::SuspendedEV;
        return offeredW(n) <= 0 ? ConnectorStatus::SuspendedEVSE : ConnectorStatus::Charging;
    }
    if (!c.operative)
        return ConnectorStatus::Unavailable;
    if (c.finishing)
        return ConnectorStatus::Finishing;
    if (c.vehicle)
        return ConnectorStatus::Preparing;
    if (c.reservation)
        return ConnectorStatus::Reserved;
    return ConnectorStatus::Available;
}

std::optional<int> Station::connectorOfTransaction(const QString &id) const
{
    for (int n = 1; n <= connectorCount(); ++n)
        if (connector(n).transaction && connector(n).transaction->id == id)
            return n;
    return std::nullopt;
}

Core::UnitConversion Station::conversion(int n) const
{
    switch (connector(n).spec.current) {
    case CurrentType::AC1: return {1, 230.0};
    case CurrentType::AC3: return {3, 230.0};
    case CurrentType::DC: return {1, 400.0};
    }
    return {};
}

double Station::offeredW(int n) const
{
    const Connector &c = connector(n);
    if (c.faulted || (!c.operative && !c.transaction))
        return 0;
    const QDateTime start = c.transaction ? c.transaction->started : QDateTime();
    const auto limit = m_profiles.limitW(n, m_clock.now(), start, conversion(n));
    return std::max(0.0, limit ? std::min(*limit, c.spec.maxPowerW) : c.spec.maxPowerW);
}

double Station::targetW(int n, const QDateTime &at) const
{
    const Connector &c = connector(n);
    if (!c.transaction || !c.vehicle || c.faulted)
        return 0;
    const auto limit = m_profiles.limitW(n, at, c.transaction->started, conversion(n));
    double w = std::min(c.vehicle->acceptedPowerW(), c.spec.maxPowerW);
    if (limit)
        w = std::min(w, *limit);
    return std::max(0.0, w);
}

void Station::integrate(const QDateTime &from, const QDateTime &to)
{
    const double hours = from.msecsTo(to) / 3600000.0;
    QList<double> watts;
    double total = 0;
    for (int n = 1; n <= connectorCount(); ++n) {
        watts << targetW(n, from);
        total += watts.constLast();
    }
    // The station maximum limits the sum; shared in proportion to what each would draw.
    InstalledProfiles only;
    for (const InstalledProfile &p : m_profiles.profiles())
        if (p.purpose == InstalledProfile::Purpose::StationMax)
            only.install(p);
    const auto cap = only.limitW(0, from, {}, conversion(1));
    const double scale = cap && total > *cap ? std::max(0.0, *cap) / total : 1.0;
    for (int n = 1; n <= connectorCount(); ++n) {
        Connector &c = connector(n);
        c.powerW = watts.at(n - 1) * scale;
        if (c.vehicle && c.powerW > 0)
            c.registerWh += c.vehicle->charge(c.powerW * hours);
    }
}

void Station::advance()
{
    const QDateTime now = m_clock.now();
    while (m_advancedTo < now) {
        const QDateTime next = std::min(m_advancedTo.addMSecs(StepMs), now);
        integrate(m_advancedTo, next);
        m_advancedTo = next;
    }
    // Reflect the power at this instant too, so that a sample right after a change is true.
    for (int n = 1; n <= connectorCount(); ++n)
        if (connector(n).powerW > 0 && targetW(n, now) <= 0)
            connector(n).powerW = 0;
}

bool Station::plugIn(int n, const Vehicle &vehicle)
{
    if (!hasConnector(n) || connector(n).vehicle || connector(n).faulted)
        return false;
    advance();
    connector(n).vehicle = vehicle;
    connector(n).finishing = false;
    return true;
}

bool Station::unplug(int n)
{
    if (!hasConnector(n) || !connector(n).vehicle)
        return false;
    advance();
    connector(n).vehicle.reset();
    connector(n).finishing = false;
    connector(n).powerW = 0;
    return true;
}

std::optional<Transaction> Station::startTransaction(int n, const QString &idTag, bool remote)
{
    if (!hasConnector(n) || connector(n).transaction || connector(n).faulted || !connector(n).operative)
        return std::nullopt;
    advance();
    Connector &c = connector(n);
    Transaction tx;
    tx.localId = m_nextTransaction++;
    tx.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    tx.idTag = idTag;
    tx.started = m_clock.now();
    tx.meterStartWh = c.registerWh;
    tx.remoteStarted = remote;
    if (c.reservation && c.reservation->idTag == idTag)
        tx.reservationId = c.reservation->id;
    c.reservation.reset();
    c.transaction = tx;
    return tx;
}

std::optional<Transaction> Station::endTransaction(int n)
{
    if (!hasConnector(n) || !connector(n).transaction)
        return std::nullopt;
    advance();
    Connector &c = connector(n);
    std::optional<Transaction> ended = c.transaction;
    c.transaction.reset();
    c.powerW = 0;
    c.finishing = c.vehicle.has_value();
    if (c.inoperativeScheduled) {
        c.operative = false;
        c.inoperativeScheduled = false;
    }
    m_profiles.transactionEnded(n);
    return ended;
}

Station::Availability Station::setAvailability(int n, bool operative)
{
    if (n != 0 && !hasConnector(n))
        return Availability::Rejected;
    bool scheduled = false;
    for (int i = 1; i <= connectorCount(); ++i) {
        if (n != 0 && i != n)
            continue;
        Connector &c = connector(i);
        if (!operative && c.transaction) {
            c.inoperativeScheduled = true;
            scheduled = true;
        } else {
            c.operative = operative;
            c.inoperativeScheduled = false;
        }
    }
    return scheduled ? Availability::Scheduled : Availability::Accepted;
}

void Station::setFaulted(int n, bool faulted)
{
    if (hasConnector(n)) {
        advance();
        connector(n).faulted = faulted;
    }
}

QList<SampledValue> Station::sample(int n, const QStringList &measurands) const
{
    const Connector &c = connector(n);
    const Core::UnitConversion conv = conversion(n);
    QList<SampledValue> values;
    for (const QString &m : measurands) {
        if (m == QLatin1String("Energy.Active.Import.Register")) {
            const bool relative =
                c.transaction && (m_misbehaviour.energy == Misbehaviour::Energy::Relative ||
                                  (m_misbehaviour.energy == Misbehaviour::Energy::Mixed && m_readings % 2 == 1));
            const double wh = relative ? c.registerWh - c.transaction->meterStartWh : c.registerWh;
            values << SampledValue{m, std::round(wh), QStringLiteral("Wh")};
        } else if (m == QLatin1String("Power.Active.Import"))
            values << SampledValue{m, std::round(c.powerW), QStringLiteral("W")};
        else if (m == QLatin1String("Power.Offered"))
            values << SampledValue{m, std::round(offeredW(n)), QStringLiteral("W")};
        else if (m == QLatin1String("Current.Import"))
            values << SampledValue{m, std::round(c.powerW / (conv.volts * conv.phases) * 10) / 10, QStringLiteral("A")};
        else if (m == QLatin1String("Voltage"))
            values << SampledValue{m, conv.volts, QStringLiteral("V")};
        else if (m == QLatin1String("SoC") && c.vehicle)
            values << SampledValue{m, std::round(c.vehicle->stateOfCharge() * 100), QStringLiteral("Percent")};
    }
    return values;
}

QDateTime Station::readingTime() const
{
    QDateTime at = m_clock.now().addSecs(m_misbehaviour.clockOffsetS);
    // Every other reading claims to be older than the one before it.
    if (m_misbehaviour.outOfOrder && m_readings % 2 == 1)
        at = at.addSecs(-qMax(1, m_configuration.integer(QStringLiteral("MeterValueSampleInterval"))) * 2);
    ++m_readings;
    return at;
}

void Station::jumpEnergy(int n, double wh)
{
    if (hasConnector(n))
        m_connectors[n - 1].registerWh += wh;
}

} // namespace ChargeDesk::Server::Simulator
