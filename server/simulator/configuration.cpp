#include "server/simulator/configuration.h"

namespace ChargeDesk::Server::Simulator {

namespace {

Setting intSetting(const char *key, const char *component, const char *variable, int value, int minimum = 0)
{
    return {QLatin1String(key),
            QLatin1String(component),
            QLatin1String(variable),
            Setting::Type::Integer,
            QString::number(value),
            false,
            minimum};
}

Setting boolSetting(const char *key, const char *component, const char *variable, bool value)
{
    return {QLatin1String(key), QLatin1String(component), QLatin1String(variable), Setting::Type::Boolean,
            value ? QStringLiteral("true") : QStringLiteral("false")};
}

Setting measurands(const char *key, const char *component, const char *variable, const char *value)
{
    return {QLatin1String(key), QLatin1String(component), QLatin1String(variable), Setting::Type::MeasurandList,
            QLatin1String(value)};
}

Setting fixed(Setting s)
{
    s.readonly = true;
    return s;
}

bool validValue(const Setting &s, const QString &value)
{
    switch (s.type) {
    case Setting::Type::Integer: {
        bool ok = false;
        const int n = value.toInt(&ok);
        return ok && n >= s.minimum;
    }
    case Setting::Type::Boolean:
        return value.compare(QLatin1String("true"), Qt::CaseInsensitive) == 0 ||
               value.compare(QLatin1String("false"), Qt::CaseInsensitive) == 0;
    case Setting::Type::MeasurandList: {
        const QStringList supported = Configuration::supportedMeasurands();
        for (const QString &m : value.split(QLatin1Char(','), Qt::SkipEmptyParts))
            if (!supported.contains(m.trimmed()))
                return false;
        return true;
    }
    case Setting::Type::String: return value.size() <= 500; // 1.6's CiString500
    }
    return false;
}

} // namespace

QStringList Configuration::supportedMeasurands()
{
    return {QStringLiteral("Energy.Active.Import.Register"),
            QStringLiteral("Power.Active.Import"),
            QStringLiteral("Current.Import"),
            QStringLiteral("Voltage"),
            QStringLiteral("SoC"),
            QStringLiteral("Power.Offered")};
}

Configuration Configuration::defaults(int connectors)
{
    Configuration c;
    // clang-format off
    c.m_settings = {
        intSetting("HeartbeatInterval", "OCPPCommCtrlr", "HeartbeatInterval", 300),
        intSetting("ConnectionTimeOut", "TxCtrlr", "EVConnectionTimeOut", 60),
        intSetting("MeterValueSampleInterval", "SampledDataCtrlr", "TxUpdatedInterval", 60),
        measurands("MeterValuesSampledData", "SampledDataCtrlr", "TxUpdatedMeasurands",
                   "Energy.Active.Import.Register,Power.Active.Import,SoC"),
        measurands("StopTxnSampledData", "SampledDataCtrlr", "TxEndedMeasurands", "Energy.Active.Import.Register"),
        intSetting("ClockAlignedDataInterval", "AlignedDataCtrlr", "Interval", 0),
        measurands("MeterValuesAlignedData", "AlignedDataCtrlr", "Measurands", "Energy.Active.Import.Register"),
        boolSetting("AuthorizeRemoteTxRequests", "AuthCtrlr", "AuthorizeRemoteStart", false),
        boolSetting("LocalAuthorizeOffline", "AuthCtrlr", "LocalAuthorizeOffline", true),
        boolSetting("LocalPreAuthorize", "AuthCtrlr", "LocalPreAuthorize", false),
        boolSetting("AllowOfflineTxForUnknownId", "AuthCtrlr", "OfflineTxForUnknownIdEnabled", false),
        boolSetting("AuthorizationCacheEnabled", "AuthCacheCtrlr", "Enabled", true),
        boolSetting("LocalAuthListEnabled", "LocalAuthListCtrlr", "Enabled", true),
        fixed(intSetting("LocalAuthListMaxLength", "LocalAuthListCtrlr", "Storage", 1000)),
        fixed(intSetting("SendLocalListMaxLength", "LocalAuthListCtrlr", "ItemsPerMessage", 100)),
        boolSetting("StopTransactionOnEVSideDisconnect", "TxCtrlr", "StopTxOnEVSideDisconnect", true),
        boolSetting("StopTransactionOnInvalidId", "TxCtrlr", "StopTxOnInvalidId", true),
        boolSetting("UnlockConnectorOnEVSideDisconnect", "", "", true),
        intSetting("TransactionMessageAttempts", "", "", 3, 1),
        intSetting("TransactionMessageRetryInterval", "", "", 30),
        intSetting("ResetRetries", "OCPPCommCtrlr", "ResetRetries", 1),
        intSetting("WebSocketPingInterval", "OCPPCommCtrlr", "WebSocketPingInterval", 0),
        intSetting("MinimumStatusDuration", "", "", 0),
        fixed(intSetting("NumberOfConnectors", "", "", connectors)),
        fixed(intSetting("GetConfigurationMaxKeys", "DeviceDataCtrlr", "ItemsPerMessage", 100)),
        fixed(intSetting("ChargeProfileMaxStackLevel", "SmartChargingCtrlr", "ProfileStackLevel", 10)),
        fixed(intSetting("ChargingScheduleMaxPeriods", "SmartChargingCtrlr", "PeriodsPerSchedule", 24)),
        fixed(intSetting("MaxChargingProfilesInstalled", "SmartChargingCtrlr", "Entries", 20)),
        fixed(Setting{QStringLiteral("ChargingScheduleAllowedChargingRateUnit"), {}, {}, Setting::Type::String,
                      QStringLiteral("Current,Power")}),
        fixed(Setting{QStringLiteral("SupportedFeatureProfiles"), {}, {}, Setting::Type::String,
                      QStringLiteral("Core,FirmwareManagement,LocalAuthListManagement,Reservation,SmartCharging,"
                                     "RemoteTrigger")}),
        fixed(boolSetting("ReserveConnectorZeroSupported", "ReservationCtrlr", "NonEvseSpecific", false)),
    };
    // clang-format on
    return c;
}

qsizetype Configuration::indexOfKey(const QString &key) const
{
    for (qsizetype i = 0; i < m_settings.size(); ++i)
        if (m_settings.at(i).key == key)
            return i;
    return -1;
}

std::optional<Setting> Configuration::byKey(const QString &key) const
{
    const qsizetype i = indexOfKey(key);
    return i < 0 ? std::nullopt : std::optional(m_settings.at(i));
}

std::optional<Setting> Configuration::byVariable(const QString &component, const QString &variable) const
{
    for (const Setting &s : m_settings)
        if (!s.component.isEmpty() && s.component == component && s.variable == variable)
            return s;
    return std::nullopt;
}

Configuration::Change Configuration::apply(Setting &setting, const QString &value)
{
    if (setting.readonly || !validValue(setting, value))
        return Change::Rejected;
    // Booleans are stored in one spelling so that readers compare plainly.
    setting.value = setting.type == Setting::Type::Boolean ? value.toLower() : value;
    return setting.rebootRequired ? Change::RebootRequired : Change::Accepted;
}

Configuration::Change Configuration::changeKey(const QString &key, const QString &value)
{
    const qsizetype i = indexOfKey(key);
    return i < 0 ? Change::UnknownKey : apply(m_settings[i], value);
}

Configuration::Change Configuration::setVariable(const QString &component, const QString &variable,
                                                 const QString &value)
{
    bool componentKnown = false;
    for (Setting &s : m_settings) {
        if (s.component.isEmpty() || s.component != component)
            continue;
        componentKnown = true;
        if (s.variable == variable)
            return apply(s, value);
    }
    return componentKnown ? Change::UnknownVariable : Change::UnknownComponent;
}

QString Configuration::value(const QString &key) const
{
    const qsizetype i = indexOfKey(key);
    return i < 0 ? QString() : m_settings.at(i).value;
}

int Configuration::integer(const QString &key) const
{
    return value(key).toInt();
}

bool Configuration::boolean(const QString &key) const
{
    return value(key) == QLatin1String("true");
}

QStringList Configuration::list(const QString &key) const
{
    QStringList items = value(key).split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (QString &item : items)
        item = item.trimmed();
    return items;
}

} // namespace ChargeDesk::Server::Simulator
