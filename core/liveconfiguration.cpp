#include "core/liveconfiguration.h"

#include <QLoggingCategory>
#include <QPointer>

Q_LOGGING_CATEGORY(lcLive, "chargedesk.core.liveconfiguration")

namespace ChargeDesk::Core {

using Group = LiveParameter::Group;

QString LiveParameter::keyFor(const QString &protocol) const
{
    return protocol == QLatin1String("ocpp1.6") ? key16 : key201;
}

QString LiveParameter::groupName(Group group)
{
    switch (group) {
    case Group::General: return QStringLiteral("general");
    case Group::Transactional: return QStringLiteral("transactional");
    case Group::Metering: return QStringLiteral("metering");
    case Group::Authorization: return QStringLiteral("authorization");
    case Group::PlugAndCharge: return QStringLiteral("plug_and_charge");
    }
    return {};
}

QString LiveParameter::groupLabel(Group group)
{
    switch (group) {
    case Group::General: return LiveConfiguration::tr("General");
    case Group::Transactional: return LiveConfiguration::tr("Sessions");
    case Group::Metering: return LiveConfiguration::tr("Metering");
    case Group::Authorization: return LiveConfiguration::tr("Authorization");
    case Group::PlugAndCharge: return LiveConfiguration::tr("Plug & Charge");
    }
    return {};
}

std::optional<Group> LiveParameter::groupFromName(const QString &name)
{
    for (Group g :
         {Group::General, Group::Transactional, Group::Metering, Group::Authorization, Group::PlugAndCharge}) {
        if (groupName(g) == name)
            return g;
    }
    return std::nullopt;
}

const QList<LiveParameter> &LiveConfiguration::parameters()
{
    // 1.6 keys from the core and smart-charging profiles (and the ISO 15118 application
    // note for Plug & Charge); 2.0.1 variables from its standardized component list.
    static const QList<LiveParameter> list{
        {Group::General, QStringLiteral("connector_phase_rotation"), tr("Connector phase rotation"),
         QStringLiteral("ConnectorPhaseRotation"), QStringLiteral("ChargingStation/PhaseRotation")},
        {Group::General, QStringLiteral("heartbeat_interval"), tr("Heartbeat interval (s)"),
         QStringLiteral("HeartbeatInterval"), QStringLiteral("OCPPCommCtrlr/HeartbeatInterval")},
        {Group::General, QStringLiteral("reset_retries"), tr("Reset retries"), QStringLiteral("ResetRetries"),
         QStringLiteral("OCPPCommCtrlr/ResetRetries")},
        {Group::General, QStringLiteral("websocket_ping_interval"), tr("WebSocket ping interval (s)"),
         QStringLiteral("WebSocketPingInterval"), QStringLiteral("OCPPCommCtrlr/WebSocketPingInterval")},

        {Group::Transactional, QStringLiteral("transaction_message_attempts"), tr("Transaction message attempts"),
         QStringLiteral("TransactionMessageAttempts"), QStringLiteral("OCPPCommCtrlr/MessageAttempts")},
        {Group::Transactional, QStringLiteral("transaction_message_retry_interval"),
         tr("Transaction message retry interval (s)"), QStringLiteral("TransactionMessageRetryInterval"),
         QStringLiteral("OCPPCommCtrlr/MessageAttemptInterval")},
        {Group::Transactional, QStringLiteral("stop_on_ev_side_disconnect"), tr("Stop when the EV side is unplugged"),
         QStringLiteral("StopTransactionOnEVSideDisconnect"), QStringLiteral("TxCtrlr/StopTxOnEVSideDisconnect")},
        {Group::Transactional, QStringLiteral("stop_on_invalid_id"), tr("Stop on an ID that is no longer valid"),
         QStringLiteral("StopTransactionOnInvalidId"), QStringLiteral("TxCtrlr/StopTxOnInvalidId")},
        {Group::Transactional, QStringLiteral("ev_connection_timeout"), tr("EV connection timeout (s)"),
         QStringLiteral("ConnectionTimeOut"), QStringLiteral("TxCtrlr/EVConnectionTimeOut")},
        {Group::Transactional, QStringLiteral("allow_offline_tx_for_unknown_id"),
         tr("Allow offline sessions for unknown IDs"), QStringLiteral("AllowOfflineTxForUnknownId"),
         QStringLiteral("AuthCtrlr/OfflineTxForUnknownIdEnabled")},

        {Group::Metering, QStringLiteral("aligned_data_interval"), tr("Clock-aligned interval (s)"),
         QStringLiteral("ClockAlignedDataInterval"), QStringLiteral("AlignedDataCtrlr/Interval")},
        {Group::Metering, QStringLiteral("aligned_data_measurands"), tr("Clock-aligned measurands"),
         QStringLiteral("MeterValuesAlignedData"), QStringLiteral("AlignedDataCtrlr/Measurands")},
        {Group::Metering, QStringLiteral("sampled_data_interval"), tr("Sample interval (s)"),
         QStringLiteral("MeterValueSampleInterval"), QStringLiteral("SampledDataCtrlr/TxUpdatedInterval")},
        {Group::Metering, QStringLiteral("sampled_data_measurands"), tr("Sampled measurands"),
         QStringLiteral("MeterValuesSampledData"), QStringLiteral("SampledDataCtrlr/TxUpdatedMeasurands")},
        {Group::Metering, QStringLiteral("aligned_data_at_end"), tr("Clock-aligned measurands at session end"),
         QStringLiteral("StopTxnAlignedData"), QStringLiteral("AlignedDataCtrlr/TxEndedMeasurands")},
        {Group::Metering, QStringLiteral("sampled_data_at_end"), tr("Sampled measurands at session end"),
         QStringLiteral("StopTxnSampledData"), QStringLiteral("SampledDataCtrlr/TxEndedMeasurands")},

        {Group::Authorization, QStringLiteral("local_authorize_offline"), tr("Authorize locally when offline"),
         QStringLiteral("LocalAuthorizeOffline"), QStringLiteral("AuthCtrlr/LocalAuthorizeOffline")},
        {Group::Authorization, QStringLiteral("local_pre_authorize"), tr("Pre-authorize locally"),
         QStringLiteral("LocalPreAuthorize"), QStringLiteral("AuthCtrlr/LocalPreAuthorize")},
        {Group::Authorization, QStringLiteral("local_auth_list_enabled"), tr("Local authorization list enabled"),
         QStringLiteral("LocalAuthListEnabled"), QStringLiteral("LocalAuthListCtrlr/Enabled")},
        {Group::Authorization, QStringLiteral("send_local_list_max_length"), tr("IDs per local list update"),
         QStringLiteral("SendLocalListMaxLength"), QStringLiteral("LocalAuthListCtrlr/ItemsPerMessage")},
        {Group::Authorization, QStringLiteral("local_auth_list_max_length"), tr("Local list capacity"),
         QStringLiteral("LocalAuthListMaxLength"), QStringLiteral("LocalAuthListCtrlr/Entries")},
        {Group::Authorization, QStringLiteral("authorization_cache_enabled"), tr("Authorization cache enabled"),
         QStringLiteral("AuthorizationCacheEnabled"), QStringLiteral("AuthCacheCtrlr/Enabled")},
        {Group::Authorization, QStringLiteral("authorize_remote_start"), tr("Authorize remote starts"),
         QStringLiteral("AuthorizeRemoteTxRequests"), QStringLiteral("AuthCtrlr/AuthorizeRemoteStart")},

        {Group::PlugAndCharge, QStringLiteral("pnc_enabled"), tr("Plug & Charge enabled"),
         QStringLiteral("ISO15118PnCEnabled"), QStringLiteral("ISO15118Ctrlr/PnCEnabled")},
        {Group::PlugAndCharge, QStringLiteral("central_contract_validation"), tr("Central contract validation"),
         QStringLiteral("CentralContractValidationAllowed"),
         QStringLiteral("ISO15118Ctrlr/CentralContractValidationAllowed")},
        {Group::PlugAndCharge, QStringLiteral("offline_contract_validation"), tr("Offline contract validation"),
         QStringLiteral("ContractValidationOffline"), QStringLiteral("ISO15118Ctrlr/ContractValidationOffline")},
    };
    return list;
}

QStringList LiveConfiguration::keys(const QString &protocol, std::optional<Group> group)
{
    QStringList out;
    for (const LiveParameter &p : parameters()) {
        if (!group || p.group == *group)
            out << p.keyFor(protocol);
    }
    return out;
}

LiveConfiguration::LiveConfiguration(Repository &repository, ChargePointGateway &gateway, const Clock &clock,
                                     QObject *parent)
    : QObject(parent)
    , m_repository(repository)
    , m_gateway(gateway)
    , m_clock(clock)
    , m_results(repository)
{}

void LiveConfiguration::read(qint64 stationId, const QStringList &keys, std::function<void(const CommandResult &)> done)
{
    m_gateway.send(stationId, Command{Command::Kind::GetConfiguration, {{QStringLiteral("keys"), keys}}},
                   [self = QPointer<LiveConfiguration>(this), stationId, done](const CommandResult &result) {
                       if (self && result.outcome == CommandResult::Outcome::Answered) {
                           if (Status s = self->store(stationId, result.values); !s)
                               qCWarning(lcLive) << "station" << stationId << ":" << s.error().message();
                       }
                       done(result);
                   });
}

void LiveConfiguration::change(qint64 stationId, const TemplateSetting &setting,
                               std::function<void(const CommandResult &)> done)
{
    QVariantMap item{{QStringLiteral("key"), setting.key}, {QStringLiteral("value"), setting.value}};
    if (setting.evse > 0)
        item.insert(QStringLiteral("evse"), setting.evse);
    if (setting.connector > 0)
        item.insert(QStringLiteral("connector"), setting.connector);
    m_gateway.send(stationId,
                   Command{Command::Kind::ChangeConfiguration, {{QStringLiteral("settings"), QVariantList{item}}}},
                   [self = QPointer<LiveConfiguration>(this), stationId, setting, done](const CommandResult &result) {
                       // A command that never reached the station (not connected, not valid) changed
                       // nothing on it, so there is no answer to keep.
                       const bool reached = result.outcome == CommandResult::Outcome::Answered ||
                                            result.outcome == CommandResult::Outcome::Refused ||
                                            result.outcome == CommandResult::Outcome::TimedOut;
                       if (self && reached && !result.settings.isEmpty()) {
                           if (Status s = self->m_results.storeResult(stationId, setting, result.settings.first(),
                                                                      self->m_clock.nowMs());
                               !s)
                               qCWarning(lcLive) << "station" << stationId << ":" << s.error().message();
                       }
                       done(result);
                   });
}

Status LiveConfiguration::store(qint64 stationId, const QList<ConfigurationValue> &values)
{
    using Filter = ListQuery::Filter;
    const qint64 now = m_clock.nowMs();
    return m_repository.database().transaction([&]() -> Status {
        for (const ConfigurationValue &v : values) {
            ListQuery q;
            q.filters << Filter{QStringLiteral("station_id"), Filter::Op::Equals, stationId}
                      << Filter{QStringLiteral("setting_key"), Filter::Op::Equals, v.key}
                      << Filter{QStringLiteral("evse_id"), Filter::Op::Equals, v.evse};
            q.limit = 1;
            auto existing = m_repository.list(Actor::system(), Tables::LiveConfiguration, q);
            if (!existing)
                return existing.error();
            Record row{{QStringLiteral("setting_value"), v.value},
                       {QStringLiteral("readonly"), v.readonly},
                       {QStringLiteral("status"), v.status},
                       {QStringLiteral("read_at"), now}};
            if (!existing.value().isEmpty()) {
                const qint64 id = existing.value().first().value(QStringLiteral("id")).toLongLong();
                if (Status s = m_repository.update(Actor::system(), Tables::LiveConfiguration, id, row); !s)
                    return s;
                continue;
            }
            row.insert(QStringLiteral("station_id"), stationId);
            row.insert(QStringLiteral("setting_key"), v.key);
            row.insert(QStringLiteral("evse_id"), v.evse);
            if (auto created = m_repository.create(Actor::system(), Tables::LiveConfiguration, row); !created)
                return created.error();
        }
        return Ok{};
    });
}

Result<QList<LiveValue>> LiveConfiguration::stored(qint64 stationId)
{
    ListQuery q;
    q.filters << ListQuery::Filter{QStringLiteral("station_id"), ListQuery::Filter::Op::Equals, stationId};
    q.orderBy = QStringLiteral("setting_key");
    q.limit = 10000;
    auto rows = m_repository.list(Actor::system(), Tables::LiveConfiguration, q);
    if (!rows)
        return rows.error();
    QList<LiveValue> values;
    for (const Record &r : rows.value())
        values << LiveValue{
            r.value(QStringLiteral("setting_key")).toString(),   r.value(QStringLiteral("evse_id")).toInt(),
            r.value(QStringLiteral("setting_value")).toString(), r.value(QStringLiteral("readonly")).toBool(),
            r.value(QStringLiteral("status")).toString(),        r.value(QStringLiteral("read_at")).toLongLong()};
    return values;
}

} // namespace ChargeDesk::Core
