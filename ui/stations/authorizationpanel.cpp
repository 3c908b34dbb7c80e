#include "ui/stations/authorizationpanel.h"

#include "core/authorization.h"
#include "ui/stations/commandstatus.h"
#include "ui/widgets/tr.h"
#include "ui/widgets/valueformat.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSet>
#include <QSpinBox>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace ChargeDesk::Ui {

namespace {

using Kind = Core::Command::Kind;
using Outcome = Core::CommandResult::Outcome;

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

AuthorizationPanel::AuthorizationPanel(const OperatedStation &station, Core::Repository &repository,
                                       const Core::Actor &actor, QWidget *parent)
    : OperationPanel(
          station, QStringLiteral("authorizationPanel"), QStringLiteral("id-device"), Tr::tr("Authorization"),
          Tr::tr("The cache holds the ID devices the station has recently seen accepted. The local list is the one the "
                 "central system gives it, so that it can authorize while offline; the cache does not change it."),
          parent)
    , m_repository(repository)
    , m_actor(actor)
{
    buildCache();
    buildListVersion();
    buildDevices();
    buildSendRow();
    loadDevices();
}

void AuthorizationPanel::buildCache()
{
    auto *row = new QHBoxLayout;
    auto *clear = new QPushButton(Tr::tr("Clear the cache"), this);
    clear->setObjectName(QStringLiteral("clearCacheButton"));
    row->addWidget(clear);
    m_cacheAnswer = newAnswer(QStringLiteral("clearCacheAnswer"));
    row->addWidget(m_cacheAnswer, 1);
    body()->addLayout(row);
    connect(clear, &QPushButton::clicked, this, [this, clear] {
        send(clear, m_cacheAnswer, Core::Command{Kind::ClearCache, {}});
    });
}

void AuthorizationPanel::buildListVersion()
{
    auto *heading = new QLabel(Tr::tr("Local authorization list"), this);
    QFont font = heading->font();
    font.setBold(true);
    heading->setFont(font);
    heading->setContentsMargins(0, fontMetrics().height() / 2, 0, 0);
    body()->addWidget(heading);
    auto *row = new QHBoxLayout;
    auto *getVersion = new QPushButton(Tr::tr("Ask for its version"), this);
    getVersion->setObjectName(QStringLiteral("getListVersionButton"));
    row->addWidget(getVersion);
    m_listVersion = newAnswer(QStringLiteral("listVersion"));
    m_listVersion->setText(Tr::tr("Version on the station: not asked yet"));
    row->addWidget(m_listVersion, 1);
    body()->addLayout(row);
    connect(getVersion, &QPushButton::clicked, this, [this, getVersion] { askListVersion(getVersion); });
}

void AuthorizationPanel::buildDevices()
{
    m_devices = new QTreeWidget(this);
    m_devices->setObjectName(QStringLiteral("localListDevices"));
    m_devices->setHeaderLabels({Tr::tr("Identifier"), Tr::tr("Name"), Tr::tr("At this station"), Tr::tr("Expires")});
    m_devices->setRootIsDecorated(false);
    m_devices->setUniformRowHeights(true);
    m_devices->setMinimumHeight(fontMetrics().height() * 8);
    m_devices->setMaximumHeight(fontMetrics().height() * 16);
    m_devices->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_devices->header()->setStretchLastSection(true);
    body()->addWidget(m_devices);
}

void AuthorizationPanel::buildSendRow()
{
    auto *row = new QHBoxLayout;
    row->addWidget(new QLabel(Tr::tr("As version"), this));
    m_newVersion = new QSpinBox(this);
    m_newVersion->setObjectName(QStringLiteral("localListVersion"));
    m_newVersion->setRange(1, 999999);
    row->addWidget(m_newVersion);
    auto *full = new QPushButton(Tr::tr("Send the full list"), this);
    full->setObjectName(QStringLiteral("sendFullListButton"));
    full->setToolTip(Tr::tr("Replaces the station's list with every device that is accepted, blocked or expired here"));
    auto *differential = new QPushButton(Tr::tr("Send the ticked devices"), this);
    differential->setObjectName(QStringLiteral("sendDifferentialListButton"));
    differential->setToolTip(Tr::tr("Adds or updates only the ticked devices in the station's list"));
    row->addWidget(full);
    row->addWidget(differential);
    m_listAnswer = newAnswer(QStringLiteral("localListAnswer"));
    row->addWidget(m_listAnswer, 1);
    body()->addLayout(row);
    connect(full, &QPushButton::clicked, this, [this, full] { sendLocalList(full, true); });
    connect(differential, &QPushButton::clicked, this, [this, differential] { sendLocalList(differential, false); });
}

void AuthorizationPanel::askListVersion(QPushButton *button)
{
    send(button, m_listVersion, Core::Command{Kind::GetLocalListVersion, {}}, [this](const Core::CommandResult &r) {
        if (r.outcome != Outcome::Answered)
            return;
        const QVariant version =
            r.response.value(station().isV16() ? QStringLiteral("listVersion") : QStringLiteral("versionNumber"));
        m_listVersion->setStyleSheet(QString());
        m_listVersion->setText(version.toInt() > 0 ? Tr::tr("Version on the station: %1").arg(version.toInt())
                                                   : Tr::tr("The station has no local list."));
        m_newVersion->setValue(qMax(1, version.toInt() + 1));
    });
}

void AuthorizationPanel::loadDevices()
{
    Core::ListQuery query;
    query.orderBy = QStringLiteral("identifier");
    query.limit = 10000;
    auto devices = m_repository.list(m_actor, Core::Tables::IdDevices, query);
    QSet<QString> ticked;
    for (int i = 0; i < m_devices->topLevelItemCount(); ++i)
        if (m_devices->topLevelItem(i)->checkState(0) == Qt::Checked)
            ticked << m_devices->topLevelItem(i)->data(0, TokenRole).toString();
    m_devices->clear();
    if (!devices)
        return; // an operator without access to ID devices sees an empty list
    // Each device judged as the station would be told at authorization, owner and network included.
    const Core::Authorizer authorizer(m_repository, m_repository.clock());
    for (const Core::Record &device : devices.value()) {
        const QString token = device.value(QStringLiteral("identifier")).toString();
        const Core::Authorization judged = authorizer.authorize(token, station().id);
        const QString status = listStatus(judged.status);
        const QVariant expires = device.value(QStringLiteral("expires_at"));
        auto *item =
            new QTreeWidgetItem(m_devices, {token, device.value(QStringLiteral("name")).toString(), choiceText(status),
                                            expires.isNull() ? Tr::tr("never") : formatTimestamp(expires)});
        item->setCheckState(0, ticked.contains(token) ? Qt::Checked : Qt::Unchecked);
        item->setData(0, TokenRole, token);
        item->setData(0, StatusRole, status);
        item->setData(0, ExpiresRole, expires);
    }
}

void AuthorizationPanel::sendLocalList(QPushButton *button, bool full)
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
        return m_listAnswer->showProblem(Tr::tr("Tick the devices to send first."));
    send(button, m_listAnswer,
         Core::Command{Kind::SendLocalList,
                       {{QStringLiteral("version"), m_newVersion->value()},
                        {QStringLiteral("full"), full},
                        {QStringLiteral("entries"), entries}}},
         [this](const Core::CommandResult &r) {
             if (r.outcome == Outcome::Answered && r.status == QLatin1String("Accepted"))
                 m_listVersion->setText(Tr::tr("Version on the station: %1").arg(m_newVersion->value()));
         });
}

} // namespace ChargeDesk::Ui
