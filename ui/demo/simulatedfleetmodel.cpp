#include "ui/demo/simulatedfleetmodel.h"

#include "ui/widgets/tr.h"
#include "ui/widgets/valueformat.h"

#include <QCoreApplication>
#include <QLocale>

namespace ChargeDesk::Ui {

namespace {

// Connector rows carry their station's row + 1 as internal id; station rows carry 0.
constexpr quintptr StationRowId = 0;

bool sameConnector(const Core::SimulatedConnector &a, const Core::SimulatedConnector &b)
{
    return a.number == b.number && a.status == b.status && a.type == b.type && a.maxPowerW == b.maxPowerW &&
           a.offeredW == b.offeredW && a.powerW == b.powerW && a.registerWh == b.registerWh &&
           a.vehiclePlugged == b.vehiclePlugged && a.socPercent == b.socPercent && a.idTag == b.idTag &&
           a.sessionWh == b.sessionWh && a.faulted == b.faulted;
}

QStringList codes(const QList<Core::SimulatedStation> &stations)
{
    QStringList result;
    for (const Core::SimulatedStation &s : stations)
        result << s.code;
    return result;
}

double sum(const Core::SimulatedStation &station, double Core::SimulatedConnector::*field)
{
    double total = 0;
    for (const Core::SimulatedConnector &c : station.connectors)
        total += c.*field;
    return total;
}

QString kilo(double value, int decimals)
{
    return QLocale().toString(value / 1000.0, 'f', decimals);
}

QString protocolText(const QString &protocol)
{
    if (protocol.startsWith(QLatin1String("ocpp"), Qt::CaseInsensitive))
        return QStringLiteral("OCPP ") + protocol.mid(4);
    return protocol;
}

// cType2 -> Type2, cCCS2 -> CCS2: the OCPP 2.0.1 enumeration without its prefix.
QString connectorTypeText(const QString &type)
{
    if (type.size() > 1 && type.at(0) == QLatin1Char('c') && type.at(1).isUpper())
        return type.mid(1);
    return type;
}

const QVariant RightAligned = QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));

} // namespace

QColor statusColor(const QString &ocppStatus, bool online, bool faulted)
{
    return faulted ? statusColor(QStringLiteral("faulted")) : statusColor(snakeCase(ocppStatus), online);
}

QString statusText(const QString &ocppStatus)
{
    if (ocppStatus == QLatin1String("Available"))
        return Tr::tr("Available");
    if (ocppStatus == QLatin1String("Preparing"))
        return Tr::tr("Preparing");
    if (ocppStatus == QLatin1String("Charging"))
        return Tr::tr("Charging");
    if (ocppStatus == QLatin1String("SuspendedEV"))
        return Tr::tr("Suspended (vehicle)");
    if (ocppStatus == QLatin1String("SuspendedEVSE"))
        return Tr::tr("Suspended (station)");
    if (ocppStatus == QLatin1String("Finishing"))
        return Tr::tr("Finishing");
    if (ocppStatus == QLatin1String("Reserved"))
        return Tr::tr("Reserved");
    if (ocppStatus == QLatin1String("Unavailable"))
        return Tr::tr("Unavailable");
    if (ocppStatus == QLatin1String("Faulted"))
        return Tr::tr("Faulted");
    return ocppStatus;
}

SimulatedFleetModel::SimulatedFleetModel(Core::SimulatedFleet &fleet, QObject *parent)
    : QAbstractItemModel(parent)
    , m_fleet(fleet)
    , m_stations(fleet.stations())
{
    connect(&m_fleet, &Core::SimulatedFleet::changed, this, &SimulatedFleetModel::refresh);
}

QModelIndex SimulatedFleetModel::index(int row, int column, const QModelIndex &parent) const
{
    if (row < 0 || column < 0 || column >= ColumnCount)
        return {};
    if (!parent.isValid())
        return row < m_stations.size() ? createIndex(row, column, StationRowId) : QModelIndex();
    if (parent.internalId() != StationRowId || parent.row() >= m_stations.size())
        return {};
    if (row >= m_stations.at(parent.row()).connectors.size())
        return {};
    return createIndex(row, column, quintptr(parent.row()) + 1);
}

QModelIndex SimulatedFleetModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == StationRowId)
        return {};
    return createIndex(int(child.internalId() - 1), 0, StationRowId);
}

int SimulatedFleetModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_stations.size());
    if (parent.internalId() != StationRowId || parent.column() != 0)
        return 0;
    return int(m_stations.at(parent.row()).connectors.size());
}

int SimulatedFleetModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

const Core::SimulatedStation *SimulatedFleetModel::stationAt(const QModelIndex &index) const
{
    if (!index.isValid() || index.model() != this)
        return nullptr;
    const int row = index.internalId() == StationRowId ? index.row() : int(index.internalId() - 1);
    return row < m_stations.size() ? &m_stations.at(row) : nullptr;
}

const Core::SimulatedConnector *SimulatedFleetModel::connectorAt(const QModelIndex &index) const
{
    const Core::SimulatedStation *station = stationAt(index);
    if (!station || index.internalId() == StationRowId || index.row() >= station->connectors.size())
        return nullptr;
    return &station->connectors.at(index.row());
}

QModelIndex SimulatedFleetModel::indexOf(const QString &station, int connector) const
{
    for (int row = 0; row < m_stations.size(); ++row) {
        if (m_stations.at(row).code != station)
            continue;
        const QModelIndex stationIndex = index(row, 0);
        if (connector == 0)
            return stationIndex;
        const auto &connectors = m_stations.at(row).connectors;
        for (int c = 0; c < connectors.size(); ++c) {
            if (connectors.at(c).number == connector)
                return index(c, 0, stationIndex);
        }
    }
    return {};
}

QVariant SimulatedFleetModel::data(const QModelIndex &index, int role) const
{
    const Core::SimulatedStation *station = stationAt(index);
    if (!station)
        return {};
    if (role == StationCodeRole)
        return station->code;
    if (const Core::SimulatedConnector *connector = connectorAt(index)) {
        if (role == ConnectorNumberRole)
            return connector->number;
        return connectorData(*station, *connector, index.column(), role);
    }
    if (role == ConnectorNumberRole)
        return 0;
    return stationData(*station, index.column(), role);
}

QVariant SimulatedFleetModel::stationData(const Core::SimulatedStation &station, int column, int role) const
{
    using C = Core::SimulatedConnector;
    switch (column) {
    case NameColumn:
        if (role == Qt::DisplayRole)
            return station.code;
        if (role == Qt::ToolTipRole)
            return Tr::tr("%1, %2").arg(station.code, protocolText(station.protocol));
        break;
    case StatusColumn:
        if (role == Qt::DisplayRole)
            return (station.online ? Tr::tr("Online · %1") : Tr::tr("Offline · %1"))
                .arg(protocolText(station.protocol));
        if (role == StatusColorRole)
            return station.online ? statusColor(QStringLiteral("Available"), true, false)
                                  : statusColor(QString(), false, false);
        break;
    case PowerColumn:
        if (role == Qt::DisplayRole)
            return kilo(sum(station, &C::powerW), 1);
        if (role == PowerWRole)
            return sum(station, &C::powerW);
        if (role == OfferedWRole)
            return sum(station, &C::offeredW);
        if (role == MaxPowerWRole)
            return sum(station, &C::maxPowerW);
        if (role == Qt::ToolTipRole)
            return Tr::tr("%1 kW drawn of %2 kW offered (%3 kW installed)")
                .arg(kilo(sum(station, &C::powerW), 1), kilo(sum(station, &C::offeredW), 1),
                     kilo(sum(station, &C::maxPowerW), 1));
        break;
    case EnergyColumn:
        if (role == Qt::DisplayRole)
            return sum(station, &C::sessionWh) > 0 ? kilo(sum(station, &C::sessionWh), 2) : QString();
        break;
    default: break;
    }
    if (role == Qt::TextAlignmentRole && column >= PowerColumn)
        return RightAligned;
    return {};
}

QVariant SimulatedFleetModel::connectorData(const Core::SimulatedStation &station,
                                            const Core::SimulatedConnector &connector, int column, int role) const
{
    switch (column) {
    case NameColumn:
        if (role == Qt::DisplayRole)
            return connector.type.isEmpty()
                       ? Tr::tr("Connector %1").arg(connector.number)
                       : Tr::tr("Connector %1 · %2").arg(connector.number).arg(connectorTypeText(connector.type));
        break;
    case StatusColumn:
        if (role == Qt::DisplayRole)
            return statusText(connector.faulted ? QStringLiteral("Faulted") : connector.status);
        if (role == StatusColorRole)
            return statusColor(connector.status, station.online, connector.faulted);
        if (role == Qt::ToolTipRole && !station.online)
            return Tr::tr("The station is offline; its last known status is shown");
        break;
    case CardColumn:
        if (role == Qt::DisplayRole)
            return connector.idTag;
        break;
    case PowerColumn:
        if (role == Qt::DisplayRole)
            return kilo(connector.powerW, 1);
        if (role == PowerWRole)
            return connector.powerW;
        if (role == OfferedWRole)
            return connector.offeredW;
        if (role == MaxPowerWRole)
            return connector.maxPowerW;
        if (role == Qt::ToolTipRole)
            return Tr::tr("%1 kW drawn of %2 kW offered (%3 kW installed)")
                .arg(kilo(connector.powerW, 1), kilo(connector.offeredW, 1), kilo(connector.maxPowerW, 1));
        break;
    case EnergyColumn:
        if (role == Qt::DisplayRole)
            return connector.idTag.isEmpty() && connector.sessionWh == 0 ? QString() : kilo(connector.sessionWh, 2);
        if (role == Qt::ToolTipRole)
            return Tr::tr("Meter register: %1 kWh").arg(kilo(connector.registerWh, 2));
        break;
    case SocColumn:
        if (role == Qt::DisplayRole && connector.socPercent)
            return QLocale().toString(*connector.socPercent, 'f', 0);
        if (role == SocPercentRole && connector.socPercent)
            return *connector.socPercent;
        break;
    default: break;
    }
    if (role == Qt::TextAlignmentRole && column >= PowerColumn)
        return RightAligned;
    return {};
}

QVariant SimulatedFleetModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::TextAlignmentRole)
        return section >= PowerColumn ? RightAligned : QVariant();
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn: return Tr::tr("Station / connector");
    case StatusColumn: return Tr::tr("Status");
    case CardColumn: return Tr::tr("Card");
    case PowerColumn: return Tr::tr("Power (kW)");
    case EnergyColumn: return Tr::tr("Session (kWh)");
    case SocColumn: return Tr::tr("SoC (%)");
    default: return {};
    }
}

QHash<int, QByteArray> SimulatedFleetModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractItemModel::roleNames();
    names.insert(StatusColorRole, "statusColor");
    names.insert(PowerWRole, "powerW");
    names.insert(OfferedWRole, "offeredW");
    names.insert(MaxPowerWRole, "maxPowerW");
    names.insert(SocPercentRole, "socPercent");
    names.insert(StationCodeRole, "stationCode");
    names.insert(ConnectorNumberRole, "connectorNumber");
    return names;
}

void SimulatedFleetModel::refresh()
{
    QList<Core::SimulatedStation> fresh = m_fleet.stations();
    if (codes(fresh) != codes(m_stations)) {
        beginResetModel();
        m_stations = std::move(fresh);
        endResetModel();
        return;
    }
    for (int row = 0; row < fresh.size(); ++row) {
        const Core::SimulatedStation &was = m_stations.at(row);
        const Core::SimulatedStation &now = fresh.at(row);
        const bool stationChanged =
            was.online != now.online || was.protocol != now.protocol ||
            was.connectors.size() != now.connectors.size() ||
            !std::equal(was.connectors.begin(), was.connectors.end(), now.connectors.begin(), sameConnector);
        updateConnectors(row, now);
        // Station rows sum their connectors, and connectors show their station's connection.
        if (stationChanged)
            emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
    }
}

// Takes one station's fresh values; emits a change for each connector row that differs, or
// for all of them when the station's connection changed (their dots turn grey).
void SimulatedFleetModel::updateConnectors(int stationRow, const Core::SimulatedStation &fresh)
{
    const QModelIndex parentIndex = index(stationRow, 0);
    Core::SimulatedStation &station = m_stations[stationRow];
    const bool onlineChanged = station.online != fresh.online;
    const QList<Core::SimulatedConnector> was = station.connectors;
    const qsizetype kept = std::min(was.size(), fresh.connectors.size());

    if (fresh.connectors.size() < was.size()) {
        beginRemoveRows(parentIndex, int(kept), int(was.size() - 1));
        station.connectors.resize(kept);
        endRemoveRows();
    }
    station.online = fresh.online;
    station.protocol = fresh.protocol;
    for (qsizetype c = 0; c < kept; ++c)
        station.connectors[c] = fresh.connectors.at(c);
    if (fresh.connectors.size() > was.size()) {
        beginInsertRows(parentIndex, int(kept), int(fresh.connectors.size() - 1));
        station.connectors = fresh.connectors;
        endInsertRows();
    }
    for (qsizetype c = 0; c < kept; ++c) {
        if (onlineChanged || !sameConnector(was.at(c), fresh.connectors.at(c)))
            emit dataChanged(index(int(c), 0, parentIndex), index(int(c), ColumnCount - 1, parentIndex));
    }
}

} // namespace ChargeDesk::Ui
