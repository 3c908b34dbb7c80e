#pragma once

#include "core/simulatedfleet.h"

#include <QAbstractItemModel>
#include <QColor>

namespace ChargeDesk::Ui {

// The virtual stations of demo mode as a tree: stations, and their connectors below them.
// It follows the fleet's changed() row by row, so views keep their selection and expansion;
// only a different set of stations resets it.
class SimulatedFleetModel final : public QAbstractItemModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SimulatedFleetModel)

public:
    enum Column { NameColumn, StatusColumn, CardColumn, PowerColumn, EnergyColumn, SocColumn, ColumnCount };
    Q_ENUM(Column)

    // The raw values behind the formatted text, for delegates and tests.
    enum Role {
        StatusColorRole = Qt::UserRole + 1, // QColor of the status dot (status column)
        PowerWRole,                         // double: drawn now; a station row sums its connectors
        OfferedWRole,                       // double: what the station offers now
        MaxPowerWRole,                      // double: what the hardware can deliver
        SocPercentRole,                     // double, invalid without a vehicle (state of charge column)
        StationCodeRole,                    // QString, on every row
        ConnectorNumberRole,                // int, 0 on station rows
    };
    Q_ENUM(Role)

    explicit SimulatedFleetModel(Core::SimulatedFleet &fleet, QObject *parent = nullptr);

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    // The station of a station or connector row; null for an invalid index.
    const Core::SimulatedStation *stationAt(const QModelIndex &index) const;
    // Null on station rows.
    const Core::SimulatedConnector *connectorAt(const QModelIndex &index) const;
    // Column 0 of a station row (connector 0) or of a connector row; invalid when unknown.
    QModelIndex indexOf(const QString &station, int connector = 0) const;

public slots:
    // Reads the fleet again and announces what changed.
    void refresh();

private:
    QVariant stationData(const Core::SimulatedStation &station, int column, int role) const;
    QVariant connectorData(const Core::SimulatedStation &station, const Core::SimulatedConnector &connector, int column,
                           int role) const;
    void updateConnectors(int stationRow, const Core::SimulatedStation &fresh);

    Core::SimulatedFleet &m_fleet;
    QList<Core::SimulatedStation> m_stations;
};

// The colour of a status dot: readable on light and dark palettes alike.
QColor statusColor(const QString &ocppStatus, bool online, bool faulted);
// "SuspendedEV" -> "Suspended (vehicle)", translated.
QString statusText(const QString &ocppStatus);

} // namespace ChargeDesk::Ui
