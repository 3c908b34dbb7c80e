#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace ChargeDesk::Server::Simulator {

// One setting of a virtual station. A setting has one value and two names: its OCPP 1.6
// configuration key and, where 2.0.1 has an equivalent, its device model component and
// variable, so that ChangeConfiguration and SetVariables change the same thing.
struct Setting
{
    enum class Type { Integer, Boolean, String, MeasurandList };

    QString key;       // 1.6 configuration key
    QString component; // 2.0.1 component; empty when 2.0.1 has no such variable
    QString variable;  // 2.0.1 variable
    Type type = Type::String;
    QString value;
    bool readonly = false;
    int minimum = 0; // Integer only
    bool rebootRequired = false;
};

class Configuration final
{
public:
    enum class Change { Accepted, Rejected, RebootRequired, UnknownKey, UnknownComponent, UnknownVariable };

    // The settings a real AC or DC charger of `connectors` connectors reports.
    static Configuration defaults(int connectors);

    const QList<Setting> &settings() const { return m_settings; }
    std::optional<Setting> byKey(const QString &key) const;
    std::optional<Setting> byVariable(const QString &component, const QString &variable) const;

    Change changeKey(const QString &key, const QString &value);
    Change setVariable(const QString &component, const QString &variable, const QString &value);

    QString value(const QString &key) const;
    int integer(const QString &key) const;
    bool boolean(const QString &key) const;
    QStringList list(const QString &key) const;

    // The measurands the station can sample; a list setting accepts only these.
    static QStringList supportedMeasurands();

private:
    qsizetype indexOfKey(const QString &key) const;
    Change apply(Setting &setting, const QString &value);

    QList<Setting> m_settings;
};

} // namespace ChargeDesk::Server::Simulator
