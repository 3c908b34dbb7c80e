#include "ui/stations/stationoperations.h"

#include "core/catalog.h"
#include "core/stationservice.h"
#include "ui/shell/consolestate.h"
#include "ui/stations/authorizationpanel.h"
#include "ui/stations/diagnosticspanel.h"
#include "ui/stations/firmwarepanel.h"
#include "ui/stations/rebootpanel.h"
#include "ui/stations/triggerpanel.h"
#include "ui/widgets/tr.h"

#include <QLabel>
#include <QScrollArea>
#include <QTimer>
#include <QVBoxLayout>

namespace ChargeDesk::Ui {

namespace {

namespace T = Core::Tables;

const QString Good = QStringLiteral("color: #2e7d32;");

} // namespace

StationOperations::StationOperations(const PageContext &context, qint64 stationId, QWidget *parent)
    : QWidget(parent)
    , m_repository(context.repository)
    , m_actor(context.actor)
    , m_station{.gateway = context.services.gateway, .id = stationId}
{
    setObjectName(QStringLiteral("stationOperations"));
    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(scroll);
    auto *body = new QWidget(scroll);
    scroll->setWidget(body);
    auto *column = new QVBoxLayout(body);
    const int gap = fontMetrics().height() * 2 / 3;
    column->setSpacing(gap);

    buildHeader(column);
    column->addWidget(new RebootPanel(m_station, body));
    m_firmware = new FirmwarePanel(m_station, context.console, m_repository.clock(), body);
    column->addWidget(m_firmware);
    m_diagnostics = new DiagnosticsPanel(m_station, context.console, m_repository.clock(), body);
    column->addWidget(m_diagnostics);
    m_trigger = new TriggerPanel(m_station, body);
    column->addWidget(m_trigger);
    m_authorization = new AuthorizationPanel(m_station, m_repository, m_actor, body);
    column->addWidget(m_authorization);
    column->addStretch(1);
    refreshHeader();

    connect(&context.console, &ConsoleState::changed, this, [this] {
        m_firmware->refreshFileServer();
        m_diagnostics->refreshFileServer();
    });
    connect(&m_repository, &Core::Repository::rowChanged, this,
            [this](const QString &table, qint64 id, Core::Repository::Change) { onRowChanged(table, id); });
    if (Core::StationService *stations = context.services.stations) {
        connect(stations, &Core::StationService::stationChanged, this, [this](qint64 id) {
            // Once the gateway has finished with the connection whose change this announces.
            if (id == m_station.id)
                QTimer::singleShot(0, this, &StationOperations::refreshHeader);
        });
        connect(stations, &Core::StationService::operationProgress, this, &StationOperations::onProgress);
    }
}

void StationOperations::buildHeader(QVBoxLayout *column)
{
    m_title = new QLabel(column->parentWidget());
    m_title->setObjectName(QStringLiteral("stationTitle"));
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.3);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_connection = new QLabel(column->parentWidget());
    m_connection->setObjectName(QStringLiteral("connectionState"));
    m_connection->setWordWrap(true);
    column->addWidget(m_title);
    column->addWidget(m_connection);
}

bool StationOperations::useFirmwareFile(const QString &path)
{
    return m_firmware->useFirmwareFile(path);
}

void StationOperations::refreshReceivedFiles()
{
    m_diagnostics->refreshReceivedFiles();
}

void StationOperations::refreshHeader()
{
    auto station = m_repository.get(m_actor, T::Stations, m_station.id);
    if (!station) {
        m_station.title = Tr::tr("Station not found");
        m_title->setText(m_station.title);
        m_connection->setText(station.error().message());
        return;
    }
    const Core::Record &record = station.value();
    m_station.protocol = record.value(QStringLiteral("protocol")).toString();
    m_station.title = Tr::tr("%1 (%2)").arg(record.value(QStringLiteral("name")).toString(),
                                            record.value(QStringLiteral("code")).toString());
    m_title->setText(m_station.title);
    const bool connected = m_station.isConnected();
    m_connection->setStyleSheet(connected ? Good : QString());
    m_connection->setForegroundRole(connected ? QPalette::WindowText : QPalette::PlaceholderText);
    const QString version =
        m_station.protocol.startsWith(QLatin1String("ocpp")) ? m_station.protocol.mid(4) : m_station.protocol;
    m_connection->setText(
        connected ? Tr::tr("● Connected over OCPP %1").arg(version)
                  : Tr::tr("○ Not connected: operations reach the station once it connects to this console."));
    m_trigger->followProtocol();
}

void StationOperations::onRowChanged(const QString &table, qint64 id)
{
    if (table == T::Stations && id == m_station.id)
        refreshHeader();
    else if (table == T::IdDevices)
        m_authorization->loadDevices();
}

void StationOperations::onProgress(qint64 stationId, const QString &operation, const QString &status)
{
    if (stationId != m_station.id)
        return;
    if (operation == QLatin1String("firmware"))
        m_firmware->showProgress(status);
    else if (operation == QLatin1String("diagnostics") || operation == QLatin1String("log"))
        m_diagnostics->showProgress(status);
}

void openStationOperations(const PageContext &context, qint64 stationId)
{
    if (!context.openDock)
        return;
    auto station = context.repository.get(context.actor, Core::Tables::Stations, stationId);
    const QString name =
        station ? station.value().value(QStringLiteral("name")).toString() : QString::number(stationId);
    // The dock outlives the page that opened it: the widget keeps its own copy of the context.
    const PageContext copy = context;
    context.openDock(QStringLiteral("stationOperations/%1").arg(stationId), Tr::tr("Operations: %1").arg(name),
                     [copy, stationId] { return new StationOperations(copy, stationId); });
}

} // namespace ChargeDesk::Ui
