#include "ui/stations/stationoperations.h"

#include "core/authorization.h"
#include "core/catalog.h"
#include "core/stationservice.h"
#include "ui/shell/consolestate.h"
#include "ui/stations/commandstatus.h"
#include "ui/stations/operationsteps.h"
#include "ui/widgets/icons.h"
#include "ui/widgets/valueformat.h"

#include <QComboBox>
#include <QFormLayout>
#include <QFrame>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QScrollArea>
#include <QSet>
#include <QSpinBox>
#include <QStyle>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace ChargeDesk::Ui {

namespace {

namespace T = Core::Tables;
using Kind = Core::Command::Kind;
using Outcome = Core::CommandResult::Outcome;

const QString Good = QStringLiteral("color: #2e7d32;");

// An ID device's standing at this station, in the neutral words of send-local-list.
QString listStatus(Core::AuthorizationStatus status)
{
    switch (status) {
    case Core::AuthorizationStatus::Accepted: return QStringLiteral("accepted");
    case Core::AuthorizationStatus::Blocked:
    case Core::AuthorizationStatus::NoCredit: return QStringLiteral("blocked");
    case Core::AuthorizationStatus::Expired: return QStringLiteral("expired");
    default: return QStringLiteral("invalid");
    }
}

enum DeviceRole { TokenRole = Qt::UserRole, StatusRole, ExpiresRole };

} // namespace

StationOperations::StationOperations(const PageContext &context, qint64 stationId, QWidget *parent)
    : QWidget(parent)
    , m_repository(context.repository)
    , m_actor(context.actor)
    , m_console(context.console)
    , m_gateway(context.services.gateway)
    , m_stations(context.services.stations)
    , m_stationId(stationId)
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

    m_title = new QLabel(body);
    m_title->setObjectName(QStringLiteral("stationTitle"));
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.3);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_connection = new QLabel(body);
    m_connection->setObjectName(QStringLiteral("connectionState"));
    m_connection->setWordWrap(true);
    column->addWidget(m_title);
    column->addWidget(m_connection);

    buildReboot(column);
    buildFirmware(column);
    buildDiagnostics(column);
    buildTrigger(column);
    buildAuthorization(column);
    column->addStretch(1);

    refreshHeader();
    refreshFileServer();
    loadDevices();
    connect(&m_console, &ConsoleState::changed, this, &StationOperations::refreshFileServer);
    connect(&m_repository, &Core::Repository::rowChanged, this,
            [this](const QString &table, qint64 id, Core::Repository::Change) {
                if (table == T::Stations && id == m_stationId)
                    refreshHeader();
                else if (table == T::IdDevices)
                    loadDevices();
            });
    if (m_stations) {
        connect(m_stations, &Core::StationService::stationChanged, this, [this](qint64 id) {
            // Once the gateway has finished with the connection whose change this announces.
            if (id == m_stationId)
                QTimer::singleShot(0, this, &StationOperations::refreshHeader);
        });
        connect(m_stations, &Core::StationService::operationProgress, this, &StationOperations::onProgress);
    }
}

QVBoxLayout *StationOperations::addPanel(QVBoxLayout *column, const QString &name, const QString &icon,
                                         const QString &title, const QString &explanation)
{
    auto *panel = new QFrame(column->parentWidget());
    panel->setObjectName(name);
    panel->setFrameShape(QFrame::StyledPanel);
    panel->setAutoFillBackground(true);
    panel->setBackgroundRole(QPalette::Base);
    auto *layout = new QVBoxLayout(panel);
    auto *head = new QHBoxLayout;
    auto *symbol = new QLabel(panel);
    const int size = style()->pixelMetric(QStyle::PM_SmallIconSize) * 5 / 4;
    symbol->setPixmap(Icons::get(icon).pixmap(QSize(size, size), devicePixelRatioF()));
    head->addWidget(symbol);
    auto *heading = new QLabel(title, panel);
    QFont font = heading->font();
    font.setBold(true);
    font.setPointSizeF(font.pointSizeF() * 1.1);
    heading->setFont(font);
    head->addWidget(heading, 1);
    layout->addLayout(head);
    auto *text = new QLabel(explanation, panel);
    text->setWordWrap(true);
    text->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(text);
    column->addWidget(panel);
    return layout;
}

CommandStatus *StationOperations::newAnswer(const QString &name)
{
    auto *answer = new CommandStatus(this);
    answer->setObjectName(name);
    return answer;
}

bool StationOperations::isV16() const
{
    return m_protocol != QLatin1String("ocpp2.0.1");
}

void StationOperations::refreshHeader()
{
    auto station = m_repository.get(m_actor, T::Stations, m_stationId);
    if (!station) {
        m_title->setText(tr("Station not found"));
        m_connection->setText(station.error().message());
        return;
    }
    const Core::Record &record = station.value();
    m_protocol = record.value(QStringLiteral("protocol")).toString();
    m_title->setText(tr("%1 (%2)").arg(record.value(QStringLiteral("name")).toString(),
                                       record.value(QStringLiteral("code")).toString()));
    const bool connected = m_gateway && m_gateway->isConnected(m_stationId);
    m_connection->setStyleSheet(connected ? Good : QString());
    m_connection->setForegroundRole(connected ? QPalette::WindowText : QPalette::PlaceholderText);
    const QString version = m_protocol.startsWith(QLatin1String("ocpp")) ? m_protocol.mid(4) : m_protocol;
    m_connection->setText(connected
                              ? tr("● Connected over OCPP %1").arg(version)
                              : tr("○ Not connected: operations reach the station once it connects to this console."));
    if (m_evseLabel)
        m_evseLabel->setText(isV16() ? tr("Connector") : tr("EVSE"));
}

void StationOperations::send(QAbstractButton *button, CommandStatus *answer, const Core::Command &command,
                             const Then &then)
{
    QPointer<QAbstractButton> alive(button);
    const bool sent = answer->send(m_gateway, m_stationId, {}, command, [alive, then](const Core::CommandResult &r) {
        if (alive)
            alive->setEnabled(true);
        if (then)
            then(r);
    });
    if (sent)
        button->setEnabled(false);
}

void StationOperations::buildReboot(QVBoxLayout *column)
{
    QVBoxLayout *panel = addPanel(column, QStringLiteral("rebootPanel"), QStringLiteral("refresh"), tr("Reboot"),
                                  tr("A soft reboot restarts the station's software once it is idle; a hard reboot "
                                     "restarts it at once, like a power cycle."));
    auto *row = new QHBoxLayout;
    auto *soft = new QPushButton(tr("Soft reboot…"), this);
    soft->setObjectName(QStringLiteral("softRebootButton"));
    auto *hard = new QPushButton(tr("Hard reboot…"), this);
    hard->setObjectName(QStringLiteral("hardRebootButton"));
    row->addWidget(soft);
    row->addWidget(hard);
    m_resetAnswer = newAnswer(QStringLiteral("rebootAnswer"));
    row->addWidget(m_resetAnswer, 1);
    panel->addLayout(row);
    connect(soft, &QPushButton::clicked, this, [this] { reboot(false); });
    connect(hard, &QPushButton::clicked, this, [this] { reboot(true); });
}

void StationOperations::reboot(bool hard)
{
    auto *button =
        findChild<QPushButton *>(hard ? QStringLiteral("hardRebootButton") : QStringLiteral("softRebootButton"));
    QMessageBox confirm(QMessageBox::Warning, tr("Reboot the station?"),
                        hard ? tr("A hard reboot restarts %1 at once and ends any charging on it.").arg(m_title->text())
                             : tr("A soft reboot restarts %1 when it is idle; charging in progress is ended first.")
                                   .arg(m_title->text()),
                        QMessageBox::Cancel, this);
    confirm.setObjectName(QStringLiteral("confirmReboot"));
    QPushButton *yes = confirm.addButton(tr("Reboot"), QMessageBox::AcceptRole);
    yes->setObjectName(QStringLiteral("confirmRebootButton"));
    confirm.setDefaultButton(QMessageBox::Cancel);
    confirm.exec();
    if (confirm.clickedButton() != yes)
        return;
    send(
        button, m_resetAnswer,
        Core::Command{Kind::Reset, {{QStringLiteral("type"), hard ? QStringLiteral("hard") : QStringLiteral("soft")}}});
}

void StationOperations::buildTrigger(QVBoxLayout *column)
{
    QVBoxLayout *panel =
        addPanel(column, QStringLiteral("triggerPanel"), QStringLiteral("operations"), tr("Trigger a message"),
                 tr("Asks the station to send one of its messages now, to check what it reports."));
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
    m_message = new QComboBox(this);
    m_message->setObjectName(QStringLiteral("triggerMessage"));
    m_message->addItem(tr("Boot notification"), QStringLiteral("boot"));
    m_message->addItem(tr("Diagnostics status"), QStringLiteral("diagnostics"));
    m_message->addItem(tr("Firmware status"), QStringLiteral("firmware"));
    m_message->addItem(tr("Heartbeat"), QStringLiteral("heartbeat"));
    m_message->addItem(tr("Meter values"), QStringLiteral("meter"));
    m_message->addItem(tr("Status notification"), QStringLiteral("status"));
    form->addRow(tr("Message"), m_message);
    m_evse = new QSpinBox(this);
    m_evse->setObjectName(QStringLiteral("triggerEvse"));
    m_evse->setRange(0, 99);
    m_evse->setSpecialValueText(tr("Whole station"));
    m_evseLabel = new QLabel(tr("Connector"), this);
    form->addRow(m_evseLabel, m_evse);
    panel->addLayout(form);
    // Only meter values and statuses are per connector (EVSE in 2.0.1).
    const auto follow = [this] {
        const QString message = m_message->currentData().toString();
        m_evse->setEnabled(message == QLatin1String("meter") || message == QLatin1String("status"));
    };
    connect(m_message, &QComboBox::currentIndexChanged, this, follow);
    follow();
    auto *row = new QHBoxLayout;
    auto *button = new QPushButton(tr("Trigger"), this);
    button->setObjectName(QStringLiteral("triggerButton"));
    row->addWidget(button);
    m_triggerAnswer = newAnswer(QStringLiteral("triggerAnswer"));
    row->addWidget(m_triggerAnswer, 1);
    panel->addLayout(row);
    connect(button, &QPushButton::clicked, this, &StationOperations::trigger);
}

void StationOperations::trigger()
{
    QVariantMap args{{QStringLiteral("message"), m_message->currentData().toString()}};
    if (m_evse->isEnabled() && m_evse->value() > 0)
        args.insert(isV16() ? QStringLiteral("connector") : QStringLiteral("evse"), m_evse->value());
    send(findChild<QPushButton *>(QStringLiteral("triggerButton")), m_triggerAnswer,
         Core::Command{Kind::TriggerMessage, args});
}

void StationOperations::buildAuthorization(QVBoxLayout *column)
{
    QVBoxLayout *panel = addPanel(
        column, QStringLiteral("authorizationPanel"), QStringLiteral("id-device"), tr("Authorization"),
        tr("The cache holds the ID devices the station has recently seen accepted. The local list is the one the "
           "central system gives it, so that it can authorize while offline; the cache does not change it."));
    auto *cacheRow = new QHBoxLayout;
    auto *clear = new QPushButton(tr("Clear the cache"), this);
    clear->setObjectName(QStringLiteral("clearCacheButton"));
    cacheRow->addWidget(clear);
    m_cacheAnswer = newAnswer(QStringLiteral("clearCacheAnswer"));
    cacheRow->addWidget(m_cacheAnswer, 1);
    panel->addLayout(cacheRow);
    connect(clear, &QPushButton::clicked, this, [this, clear] {
        send(clear, m_cacheAnswer, Core::Command{Kind::ClearCache, {}});
    });

    auto *heading = new QLabel(tr("Local authorization list"), this);
    QFont font = heading->font();
    font.setBold(true);
    heading->setFont(font);
    heading->setContentsMargins(0, fontMetrics().height() / 2, 0, 0);
    panel->addWidget(heading);
    auto *versionRow = new QHBoxLayout;
    auto *getVersion = new QPushButton(tr("Ask for its version"), this);
    getVersion->setObjectName(QStringLiteral("getListVersionButton"));
    versionRow->addWidget(getVersion);
    m_listVersion = newAnswer(QStringLiteral("listVersion"));
    m_listVersion->setText(tr("Version on the station: not asked yet"));
    versionRow->addWidget(m_listVersion, 1);
    panel->addLayout(versionRow);
    connect(getVersion, &QPushButton::clicked, this, [this, getVersion] {
        send(getVersion, m_listVersion, Core::Command{Kind::GetLocalListVersion, {}},
             [this](const Core::CommandResult &r) {
                 if (r.outcome != Outcome::Answered)
                     return;
                 const QVariant version =
                     r.response.value(isV16() ? QStringLiteral("listVersion") : QStringLiteral("versionNumber"));
                 m_listVersion->setStyleSheet(QString());
                 m_listVersion->setText(version.toInt() > 0 ? tr("Version on the station: %1").arg(version.toInt())
                                                            : tr("The station has no local list."));
                 m_newVersion->setValue(qMax(1, version.toInt() + 1));
             });
    });

    m_devices = new QTreeWidget(this);
    m_devices->setObjectName(QStringLiteral("localListDevices"));
    m_devices->setHeaderLabels({tr("Identifier"), tr("Name"), tr("At this station"), tr("Expires")});
    m_devices->setRootIsDecorated(false);
    m_devices->setUniformRowHeights(true);
    m_devices->setMinimumHeight(fontMetrics().height() * 8);
    m_devices->setMaximumHeight(fontMetrics().height() * 16);
    m_devices->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_devices->header()->setStretchLastSection(true);
    panel->addWidget(m_devices);

    auto *sendRow = new QHBoxLayout;
    sendRow->addWidget(new QLabel(tr("As version"), this));
    m_newVersion = new QSpinBox(this);
    m_newVersion->setObjectName(QStringLiteral("localListVersion"));
    m_newVersion->setRange(1, 999999);
    sendRow->addWidget(m_newVersion);
    auto *full = new QPushButton(tr("Send the full list"), this);
    full->setObjectName(QStringLiteral("sendFullListButton"));
    full->setToolTip(tr("Replaces the station's list with every device that is accepted, blocked or expired here"));
    auto *differential = new QPushButton(tr("Send the ticked devices"), this);
    differential->setObjectName(QStringLiteral("sendDifferentialListButton"));
    differential->setToolTip(tr("Adds or updates only the ticked devices in the station's list"));
    sendRow->addWidget(full);
    sendRow->addWidget(differential);
    m_listAnswer = newAnswer(QStringLiteral("localListAnswer"));
    sendRow->addWidget(m_listAnswer, 1);
    panel->addLayout(sendRow);
    connect(full, &QPushButton::clicked, this, [this] { sendLocalList(true); });
    connect(differential, &QPushButton::clicked, this, [this] { sendLocalList(false); });
}

void StationOperations::loadDevices()
{
    if (!m_devices)
        return;
    Core::ListQuery query;
    query.orderBy = QStringLiteral("identifier");
    query.limit = 10000;
    auto devices = m_repository.list(m_actor, T::IdDevices, query);
    QSet<QString> ticked;
    for (int i = 0; i < m_devices->topLevelItemCount(); ++i)
        if (m_devices->topLevelItem(i)->checkState(0) == Qt::Checked)
            ticked << m_devices->topLevelItem(i)->data(0, TokenRole).toString();
    m_devices->clear();
    if (!devices)
        return; // an operator without access to ID devices sees an empty list
    // Each device judged as the station would be told at authorization, owner and network included.
    const Core::SystemClock clock;
    const Core::Authorizer authorizer(m_repository, clock);
    for (const Core::Record &device : devices.value()) {
        const QString token = device.value(QStringLiteral("identifier")).toString();
        const Core::Authorization judged = authorizer.authorize(token, m_stationId);
        const QString status = listStatus(judged.status);
        const QVariant expires = device.value(QStringLiteral("expires_at"));
        auto *item =
            new QTreeWidgetItem(m_devices, {token, device.value(QStringLiteral("name")).toString(), choiceText(status),
                                            expires.isNull() ? tr("never") : formatTimestamp(expires)});
        item->setCheckState(0, ticked.contains(token) ? Qt::Checked : Qt::Unchecked);
        item->setData(0, TokenRole, token);
        item->setData(0, StatusRole, status);
        item->setData(0, ExpiresRole, expires);
    }
}

void StationOperations::sendLocalList(bool full)
{
    QVariantList entries;
    for (int i = 0; i < m_devices->topLevelItemCount(); ++i) {
        const QTreeWidgetItem *item = m_devices->topLevelItem(i);
        const QString status = item->data(0, StatusRole).toString();
        // The full list holds the devices the station has to know; unknown ones are invalid anyway.
        if (full ? status == QLatin1String("invalid") : item->checkState(0) != Qt::Checked)
            continue;
        QVariantMap entry{{QStringLiteral("idToken"), item->data(0, TokenRole)}, {QStringLiteral("status"), status}};
        if (const QVariant expires = item->data(0, ExpiresRole); !expires.isNull())
            entry.insert(QStringLiteral("expiresAt"), expires.toLongLong());
        entries << entry;
    }
    if (!full && entries.isEmpty())
        return m_listAnswer->showProblem(tr("Tick the devices to send first."));
    auto *button = findChild<QPushButton *>(full ? QStringLiteral("sendFullListButton")
                                                 : QStringLiteral("sendDifferentialListButton"));
    send(button, m_listAnswer,
         Core::Command{Kind::SendLocalList,
                       {{QStringLiteral("version"), m_newVersion->value()},
                        {QStringLiteral("full"), full},
                        {QStringLiteral("entries"), entries}}},
         [this](const Core::CommandResult &r) {
             if (r.outcome == Outcome::Answered && r.status == QLatin1String("Accepted"))
                 m_listVersion->setText(tr("Version on the station: %1").arg(m_newVersion->value()));
         });
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
    context.openDock(QStringLiteral("stationOperations/%1").arg(stationId),
                     StationOperations::tr("Operations: %1").arg(name),
                     [copy, stationId] { return new StationOperations(copy, stationId); });
}

} // namespace ChargeDesk::Ui
