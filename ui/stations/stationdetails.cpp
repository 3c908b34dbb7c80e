#include "ui/stations/stationdetails.h"

#include "core/catalog.h"
#include "core/chargepointgateway.h"
#include "core/sessiondiagnosis.h"
#include "core/stationservice.h"
#include "ui/sessions/findingspanel.h"
#include "ui/shell/consolestate.h"
#include "ui/stations/liveconfigurationview.h"
#include "ui/stations/ocpplogview.h"
#include "ui/stations/stationoperations.h"
#include "ui/stations/stationpassworddialog.h"
#include "ui/widgets/childlist.h"
#include "ui/widgets/icons.h"
#include "ui/widgets/listpage.h"
#include "ui/widgets/qrcodedialog.h"
#include "ui/widgets/tr.h"
#include "ui/widgets/valueformat.h"

#include <QApplication>
#include <QClipboard>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QSet>
#include <QTimer>
#include <QVBoxLayout>

namespace ChargeDesk::Ui {

namespace {

namespace T = Core::Tables;

QStringList names(std::initializer_list<const char *> list)
{
    QStringList result;
    for (const char *name : list)
        result << QString::fromLatin1(name);
    return result;
}

// What the station reports about itself in its boot notification, in the order a
// technician reads them off the type plate.
const char *const ReportedFields[] = {"vendor", "model", "serial_number", "firmware_version", "iccid", "imsi"};

QString orDash(const QString &text)
{
    return text.isEmpty() ? QStringLiteral("—") : text;
}

// "● Connector 2: Faulted (OtherError)", the dot in the status's colour; `name` is HTML-safe.
QString connectorStateText(const QString &name, const Core::Record &connector)
{
    const QString status = connector.value(QStringLiteral("status")).toString();
    const QString error = connector.value(QStringLiteral("error_code")).toString();
    QString state = orDash(choiceText(status));
    if (status == QLatin1String("faulted") && !error.isEmpty() && error != QLatin1String("NoError"))
        state = Tr::tr("%1 (%2)").arg(state, error);
    return QStringLiteral("<span style=\"color:%1\">●</span> %2")
        .arg(statusColor(status).name(), Tr::tr("%1: %2").arg(name, state.toHtmlEscaped()));
}

// The station's connectors by charger and number.
QList<Core::Record> stationConnectors(Core::Repository &repository, const Core::Actor &actor, qint64 stationId)
{
    Core::ListQuery query;
    query.filters << Core::ListQuery::Filter{QStringLiteral("charger_id.station_id"),
                                             Core::ListQuery::Filter::Op::Equals, stationId};
    auto read = repository.list(actor, T::Connectors, query);
    QList<Core::Record> connectors = read ? read.value() : QList<Core::Record>{};
    const auto key = [](const Core::Record &c) {
        return std::pair(c.value(QStringLiteral("charger_id")).toLongLong(),
                         c.value(QStringLiteral("connector_number")).toInt());
    };
    std::sort(connectors.begin(), connectors.end(),
              [&key](const Core::Record &a, const Core::Record &b) { return key(a) < key(b); });
    return connectors;
}

} // namespace

StationDetails::StationDetails(const PageContext &context, const QList<FormSection> &chargerForm,
                               const QList<FormSection> &connectorForm, QWidget *parent)
    : QWidget(parent)
    , m_repository(context.repository)
    , m_actor(context.actor)
    , m_console(context.console)
    , m_stations(context.services.stations)
    , m_gateway(context.services.gateway)
{
    setObjectName(QStringLiteral("stationDetails"));
    const Core::EntityDef &station = m_repository.catalog().entity(T::Stations);
    // Everything sits on a body that is hidden while no station is selected; hiding this
    // widget itself would show it as a window of its own when it has no parent yet.
    m_body = new QWidget(this);
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(m_body);
    auto *layout = new QVBoxLayout(m_body);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    const auto newForm = [layout] {
        auto *form = new QFormLayout;
        form->setLabelAlignment(Qt::AlignRight);
        form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
        layout->addLayout(form);
        return form;
    };

    // What a technician does with the station, each in a dock of its own beside the list. Two
    // to a row: four in one are wider than the details pane beside a list on a laptop.
    if (context.openDock) {
        auto *tools = new QGridLayout;
        const auto tool = [&](const QString &name, const QString &icon, const QString &text, const QString &tip,
                              auto open) {
            auto *button = new QPushButton(Icons::get(icon), text, m_body);
            button->setObjectName(name);
            button->setToolTip(tip);
            button->setAutoDefault(false);
            connect(button, &QPushButton::clicked, this, [this, context, open] { open(context, m_stationId); });
            const int n = tools->count();
            tools->addWidget(button, n / 2, n % 2);
        };
        if (context.services.gateway)
            tool(QStringLiteral("operationsButton"), QStringLiteral("operations"), Tr::tr("Operations"),
                 Tr::tr("Reboot, firmware, diagnostics, trigger messages, authorization list and cache"),
                 openStationOperations);
        if (context.services.liveConfiguration)
            tool(QStringLiteral("configurationButton"), QStringLiteral("settings"), Tr::tr("Configuration"),
                 Tr::tr("Read and change the station's own configuration, and check it"), openLiveConfiguration);
        tool(QStringLiteral("logButton"), QStringLiteral("frame-in"), Tr::tr("OCPP log"),
             Tr::tr("The messages the station and ChargeDesk exchanged"), openStationLog);
        if (context.showOnMap)
            tool(QStringLiteral("mapButton"), QStringLiteral("map"), Tr::tr("Show on map"),
                 Tr::tr("The station on the map, with its connectors' status and power"),
                 [](const PageContext &c, qint64 id) { c.showOnMap(QStringLiteral("station/%1").arg(id)); });
        tools->setColumnStretch(2, 1);
        layout->addLayout(tools);
    }

    // Troubleshooting badges first: they say what needs doing at this station.
    m_findings = new FindingsPanel(m_body);
    layout->addWidget(m_findings);
    m_findingsTimer = new QTimer(this);
    m_findingsTimer->setSingleShot(true);
    m_findingsTimer->setInterval(1000); // sessions change with every meter value: look once a second at most
    connect(m_findingsTimer, &QTimer::timeout, this, [this] {
        refreshFindings();
        refreshConnectorStates();
    });

    addHeading(layout, Tr::tr("Connection"));
    QFormLayout *connection = newForm();
    m_connection = addValue(connection, Tr::tr("State"), QStringLiteral("connectionState"));
    m_connection->setTextFormat(Qt::RichText);
    m_lastConnected = addValue(connection, station.field(QStringLiteral("last_connected_at"))->label,
                               QStringLiteral("lastConnected"));
    m_lastHeartbeat = addValue(connection, station.field(QStringLiteral("last_heartbeat_at"))->label,
                               QStringLiteral("lastHeartbeat"));
    m_connectorStates = addValue(connection, Tr::tr("Connectors"), QStringLiteral("connectorStates"));
    m_connectorStates->setTextFormat(Qt::RichText);
    // A station taken out of use is closed, not deleted: its sessions and reports stay.
    m_closeButton = new QPushButton(this);
    m_closeButton->setObjectName(QStringLiteral("closeStationButton"));
    m_closeButton->setAutoDefault(false);
    m_closeButton->setVisible(m_stations && (m_actor.powerUser || station.scope.operatorsMayWrite));
    connect(m_closeButton, &QPushButton::clicked, this, &StationDetails::toggleClosed);
    connection->addRow(QString(), m_closeButton);

    addHeading(layout, Tr::tr("Reported by the station"));
    QFormLayout *reported = newForm();
    for (const char *name : ReportedFields) {
        const QString field = QString::fromLatin1(name);
        m_reported.insert(field, addValue(reported, station.field(field)->label, QStringLiteral("reported_") + field));
    }
    m_reportedNote = new QLabel(Tr::tr("Filled in when the station connects and reports itself."), this);
    m_reportedNote->setObjectName(QStringLiteral("reportedNote"));
    m_reportedNote->setWordWrap(true);
    m_reportedNote->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(m_reportedNote);

    addHeading(layout, Tr::tr("Connect the station"));
    // Each URL on a row of its own under its label: it is what gets read out and typed into
    // the station, so it should show whole.
    QFormLayout *urls = newForm();
    urls->setRowWrapPolicy(QFormLayout::WrapAllRows);
    m_wsUrl = addUrlRow(urls, Tr::tr("WebSocket"), QStringLiteral("wsUrl"));
    m_wssUrl = addUrlRow(urls, Tr::tr("Secure WebSocket (TLS)"), QStringLiteral("wssUrl"));
    QFormLayout *password = newForm();
    m_password = new QLabel(this);
    m_password->setObjectName(QStringLiteral("passwordState"));
    m_setPassword = new QPushButton(Tr::tr("Set password…"), this);
    m_setPassword->setObjectName(QStringLiteral("setPasswordButton"));
    m_setPassword->setAutoDefault(false);
    m_setPassword->setVisible(m_stations && (m_actor.powerUser || station.scope.operatorsMayWrite));
    connect(m_setPassword, &QPushButton::clicked, this, &StationDetails::setPassword);
    auto *passwordRow = new QHBoxLayout;
    passwordRow->addWidget(m_password, 1);
    passwordRow->addWidget(m_setPassword);
    password->addRow(Tr::tr("Password"), passwordRow);
    m_urlNote = new QLabel(this);
    m_urlNote->setObjectName(QStringLiteral("urlNote"));
    m_urlNote->setWordWrap(true);
    m_urlNote->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(m_urlNote);

    addHeading(layout, Tr::tr("Chargers"));
    m_chargers = new ChildList(
        m_repository, m_actor,
        {T::Chargers, names({"evse_id", "code", "name", "current_type", "status"}), {}, QStringLiteral("evse_id")},
        QStringLiteral("station_id"), chargerForm, this);
    m_chargers->addRowButton(QStringLiteral("chargerQrButton"), Tr::tr("QR code…"),
                             [this](qint64 id) { showChargerQr(id); });
    layout->addWidget(m_chargers);

    m_connectorsHeading = addHeading(layout, Tr::tr("Connectors"));
    m_connectors = new ChildList(m_repository, m_actor,
                                 {T::Connectors,
                                  names({"connector_number", "code", "name", "type", "status"}),
                                  {},
                                  QStringLiteral("connector_number")},
                                 QStringLiteral("charger_id"), connectorForm, this);
    m_connectors->addRowButton(QStringLiteral("connectorQrButton"), Tr::tr("QR code…"),
                               [this](qint64 id) { showConnectorQr(id); });
    layout->addWidget(m_connectors);
    connect(m_chargers, &ChildList::currentChanged, this, &StationDetails::onChargerChanged);

    // One label column for the groups, so that their values line up as one form.
    QList<QWidget *> labels;
    for (QFormLayout *form : {connection, reported, password})
        for (int row = 0; row < form->rowCount(); ++row)
            if (QLayoutItem *item = form->itemAt(row, QFormLayout::LabelRole); item && item->widget())
                labels << item->widget();
    int labelWidth = 0;
    for (QWidget *label : std::as_const(labels))
        labelWidth = qMax(labelWidth, label->sizeHint().width());
    for (QWidget *label : std::as_const(labels))
        label->setMinimumWidth(labelWidth);

    connect(&m_repository, &Core::Repository::rowChanged, this, &StationDetails::onRowChanged);
    connect(&m_console, &ConsoleState::changed, this, &StationDetails::refreshUrls);
    setStationId(0);
}

QSize StationDetails::minimumSizeHint() const
{
    // Wide enough for a URL with its Copy button and for the child lists' buttons in a row;
    // the body's also while it is hidden, since the list sizes its details pane before a
    // station is chosen.
    const int width = std::max(m_body->minimumSizeHint().width(), fontMetrics().averageCharWidth() * 56);
    return QWidget::minimumSizeHint().expandedTo(QSize(width, 0));
}

QLabel *StationDetails::addHeading(QVBoxLayout *layout, const QString &title)
{
    auto *heading = new QLabel(title, this);
    heading->setTextFormat(Qt::PlainText);
    QFont font = heading->font();
    font.setBold(true);
    heading->setFont(font);
    heading->setContentsMargins(0, fontMetrics().height(), 0, 2);
    layout->addWidget(heading);
    return heading;
}

QLabel *StationDetails::addValue(QFormLayout *form, const QString &label, const QString &objectName)
{
    auto *value = new QLabel(this);
    value->setObjectName(objectName);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    value->setWordWrap(true);
    form->addRow(label, value);
    return value;
}

QLineEdit *StationDetails::addUrlRow(QFormLayout *form, const QString &label, const QString &name)
{
    auto *url = new QLineEdit(this);
    url->setObjectName(name);
    url->setReadOnly(true);
    auto *copy = new QPushButton(Tr::tr("Copy"), this);
    copy->setObjectName(QStringLiteral("copy_") + name);
    copy->setAutoDefault(false);
    copy->setEnabled(false); // until there is a URL
    copy->setToolTip(Tr::tr("Copy the URL to the clipboard, to paste it into the station's setup"));
    connect(url, &QLineEdit::textChanged, copy, [copy, url] { copy->setEnabled(!url->text().isEmpty()); });
    connect(copy, &QPushButton::clicked, this, [url, copy] {
        QApplication::clipboard()->setText(url->text());
        // A moment of feedback on the button itself, where the user is looking.
        copy->setText(Tr::tr("Copied"));
        QTimer::singleShot(1500, copy, [copy] { copy->setText(Tr::tr("Copy")); });
    });
    auto *row = new QHBoxLayout;
    row->addWidget(url, 1);
    row->addWidget(copy);
    form->addRow(label, row);
    return url;
}

QString StationDetails::stationUrl(const QString &serverUrl, const QString &identifier)
{
    QString url = serverUrl;
    return url.replace(QLatin1String("<identifier>"), identifier);
}

void StationDetails::setStationId(qint64 id)
{
    m_stationId = id;
    m_station.clear();
    if (id != 0) {
        const auto row = m_repository.get(m_actor, T::Stations, id);
        if (row)
            m_station = row.value();
        else
            m_stationId = 0;
    }
    m_body->setVisible(m_stationId != 0);
    m_chargers->setParentId(m_stationId);
    // Most stations have one charger: show its connectors straight away.
    if (m_chargers->currentId() == 0 && m_chargers->model().rowCount() > 0)
        m_chargers->select(m_chargers->model().idAt(0));
    refresh();
}

void StationDetails::refreshFindings()
{
    if (m_stationId == 0)
        return m_findings->setFindings({});
    const auto findings = Core::stationFindings(m_repository, m_actor, m_stationId, m_repository.clock().nowMs());
    m_findings->setFindings(findings ? findings.value() : QList<Core::Finding>());
}

void StationDetails::refreshConnectorStates()
{
    if (m_stationId == 0)
        return;
    const QList<Core::Record> connectors = stationConnectors(m_repository, m_actor, m_stationId);
    // With several chargers, connector numbers repeat: the charger's name tells them apart.
    QSet<qint64> chargerIds;
    for (const Core::Record &c : connectors)
        chargerIds.insert(c.value(QStringLiteral("charger_id")).toLongLong());
    QStringList lines;
    for (const Core::Record &c : connectors) {
        QString name = c.value(QStringLiteral("name")).toString();
        if (chargerIds.size() > 1)
            if (const auto charger =
                    m_repository.get(m_actor, T::Chargers, c.value(QStringLiteral("charger_id")).toLongLong()))
                name = Tr::tr("%1 · %2").arg(charger.value().value(QStringLiteral("name")).toString(), name);
        lines << connectorStateText(name.toHtmlEscaped(), c);
    }
    m_connectorStates->setText(lines.isEmpty() ? QStringLiteral("—") : lines.join(QStringLiteral("<br>")));
}

void StationDetails::refresh()
{
    if (m_stationId == 0)
        return;
    refreshFindings();
    refreshConnectorStates();
    const bool connected = m_station.value(QStringLiteral("connected")).toBool();
    const bool closed = m_station.value(QStringLiteral("operational_status")).toString() == QLatin1String("closed");
    // Green and grey that read on light and dark palettes alike.
    m_connection->setText(closed      ? Tr::tr("<span style=\"color:#8a8a8a\">■</span> Closed: taken out of use")
                          : connected ? Tr::tr("<span style=\"color:#2e9d4a\">●</span> Connected")
                                      : Tr::tr("<span style=\"color:#8a8a8a\">●</span> Not connected"));
    m_closeButton->setText(closed ? Tr::tr("Reopen the station") : Tr::tr("Close the station…"));
    m_lastConnected->setText(orDash(formatTimestamp(m_station.value(QStringLiteral("last_connected_at")))));
    m_lastHeartbeat->setText(orDash(formatTimestamp(m_station.value(QStringLiteral("last_heartbeat_at")))));
    bool anyReported = false;
    for (auto it = m_reported.cbegin(); it != m_reported.cend(); ++it) {
        const QString value = m_station.value(it.key()).toString();
        anyReported = anyReported || !value.isEmpty();
        it.value()->setText(orDash(value));
    }
    m_reportedNote->setVisible(!anyReported);
    refreshUrls();
    refreshPassword();
}

void StationDetails::toggleClosed()
{
    const bool closing = m_station.value(QStringLiteral("operational_status")).toString() != QLatin1String("closed");
    if (closing) {
        QMessageBox confirm(QMessageBox::Question, Tr::tr("Close the station?"),
                            Tr::tr("%1 will be taken out of use: it is refused when it connects, and its "
                                   "sessions and reports are kept. You can reopen it at any time.")
                                .arg(m_station.value(QStringLiteral("name")).toString()),
                            QMessageBox::Cancel, this);
        confirm.setObjectName(QStringLiteral("confirmCloseStation"));
        QPushButton *yes = confirm.addButton(Tr::tr("Close the station"), QMessageBox::AcceptRole);
        yes->setObjectName(QStringLiteral("confirmCloseStationButton"));
        confirm.exec();
        if (confirm.clickedButton() != yes)
            return;
    }
    if (const Core::Status s = m_stations->setClosed(m_actor, m_stationId, closing); !s) {
        QMessageBox::warning(this, Tr::tr("Close the station"), s.error().message());
        return;
    }
    // Connected now, it would stay so until it next reconnects: end that connection.
    if (closing && m_gateway && m_gateway->isConnected(m_stationId))
        m_gateway->send(m_stationId, Core::Command{Core::Command::Kind::Disconnect, {}}, [](const auto &) {});
}

void StationDetails::refreshUrls()
{
    if (m_stationId == 0)
        return;
    const QString identifier = m_station.value(QStringLiteral("connection_identifier")).toString();
    QString ws, wss;
    for (const QString &url : m_console.ocppUrls()) {
        if (url.startsWith(QLatin1String("wss://")))
            wss = stationUrl(url, identifier);
        else if (url.startsWith(QLatin1String("ws://")))
            ws = stationUrl(url, identifier);
    }
    const bool running = !m_console.ocppUrls().isEmpty();
    // An URL not offered leaves its field empty, with the reason greyed in it.
    m_wsUrl->setText(ws);
    m_wssUrl->setText(wss);
    m_wsUrl->setPlaceholderText(running ? Tr::tr("Not offered") : Tr::tr("The OCPP server is not running"));
    m_wssUrl->setPlaceholderText(running ? Tr::tr("Not offered: the server has no TLS certificate")
                                         : Tr::tr("The OCPP server is not running"));
    m_wsUrl->setCursorPosition(0);
    m_wssUrl->setCursorPosition(0);

    // Say when the station's policy and what the server offers do not meet.
    const QString policy = m_station.value(QStringLiteral("connection_policy")).toString();
    QString note;
    if (policy == QLatin1String("disabled"))
        note = Tr::tr("The connection policy is Disabled: the station is refused whichever URL it uses.");
    else if (policy == QLatin1String("ws"))
        note =
            Tr::tr("The policy allows the unencrypted URL: fine on a closed network or for a test; prefer the secure "
                   "one elsewhere.");
    else if (running && wss.isEmpty())
        note =
            Tr::tr("The connection policy asks for an encrypted connection, which this server does not offer without "
                   "a TLS certificate: the station cannot connect yet.");
    else
        note = Tr::tr("The connection policy asks for the secure URL; the other one is refused.");
    m_urlNote->setText(note);
}

void StationDetails::refreshPassword()
{
    const bool basic = m_station.value(QStringLiteral("connection_policy")).toString() == QLatin1String("wss_basic");
    if (!m_stations) {
        m_password->setText(QStringLiteral("—"));
        return;
    }
    const bool has = m_stations->hasPassword(m_stationId);
    const QString user = m_station.value(QStringLiteral("auth_username")).toString();
    if (has)
        m_password->setText(user.isEmpty() ? Tr::tr("Set", "state") : Tr::tr("Set, for user name “%1”").arg(user));
    else
        m_password->setText(basic ? Tr::tr("None yet: the station cannot authenticate") : Tr::tr("None"));
}

void StationDetails::onRowChanged(const QString &table, qint64 id, Core::Repository::Change change)
{
    if (m_stationId != 0 && (table == T::Sessions || table == T::Connectors))
        m_findingsTimer->start();
    if (table != T::Stations || id != m_stationId || m_stationId == 0)
        return;
    if (change == Core::Repository::Change::Deleted) {
        setStationId(0);
        return;
    }
    const auto row = m_repository.get(m_actor, T::Stations, id);
    if (!row) {
        setStationId(0); // no longer visible to this user
        return;
    }
    m_station = row.value();
    refresh();
}

void StationDetails::onChargerChanged(qint64 chargerId)
{
    m_connectors->setParentId(chargerId);
    QString name;
    if (chargerId != 0)
        if (const auto row = m_repository.get(m_actor, T::Chargers, chargerId))
            name = row.value().value(QStringLiteral("name")).toString();
    m_connectorsHeading->setText(name.isEmpty() ? Tr::tr("Connectors (select a charger)")
                                                : Tr::tr("Connectors of %1").arg(name));
}

void StationDetails::setPassword()
{
    if (m_stationId == 0)
        return;
    // Stations send their connection identifier as the user name unless told otherwise.
    QString username = m_station.value(QStringLiteral("auth_username")).toString();
    if (username.isEmpty())
        username = m_station.value(QStringLiteral("connection_identifier")).toString();
    StationPasswordDialog dialog(*m_stations, m_actor, m_stationId, m_station.value(QStringLiteral("name")).toString(),
                                 username, this);
    dialog.exec();
    refreshPassword(); // the hash is written after the row's change was announced
}

void StationDetails::showChargerQr(qint64 chargerId)
{
    const auto charger = m_repository.get(m_actor, T::Chargers, chargerId);
    if (!charger)
        return;
    QrCodeDialog dialog(charger.value().value(QStringLiteral("code")).toString(),
                        Tr::tr("Charger %1 of station %2")
                            .arg(charger.value().value(QStringLiteral("name")).toString(),
                                 m_station.value(QStringLiteral("name")).toString()),
                        this);
    dialog.exec();
}

void StationDetails::showConnectorQr(qint64 connectorId)
{
    const auto connector = m_repository.get(m_actor, T::Connectors, connectorId);
    if (!connector)
        return;
    const auto charger =
        m_repository.get(m_actor, T::Chargers, connector.value().value(QStringLiteral("charger_id")).toLongLong());
    if (!charger)
        return;
    // The charger's code, a semicolon, the connector's code: what the driver app reads to
    // pick one connector of a charger whose connectors charge at the same time.
    const QString payload = charger.value().value(QStringLiteral("code")).toString() + QLatin1Char(';') +
                            connector.value().value(QStringLiteral("code")).toString();
    QrCodeDialog dialog(payload,
                        Tr::tr("Connector %1 of charger %2")
                            .arg(connector.value().value(QStringLiteral("name")).toString(),
                                 charger.value().value(QStringLiteral("name")).toString()),
                        this);
    dialog.exec();
}

QWidget *createStationDetails(const PageContext &context, ListPage &page, const QList<FormSection> &chargerForm,
                              const QList<FormSection> &connectorForm)
{
    auto *details = new StationDetails(context, chargerForm, connectorForm);
    QObject::connect(&page, &ListPage::currentChanged, details, &StationDetails::setStationId);
    details->setStationId(page.currentId());
    return details;
}

} // namespace ChargeDesk::Ui
