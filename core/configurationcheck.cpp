#include "core/configurationcheck.h"

#include "core/catalog.h"
#include "core/sessionpolicy.h"

#include <QCoreApplication>

namespace ChargeDesk::Core {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(ConfigurationCheck)
};

// The measurands a session needs: the energy register for what is billed, power and current
// for what the driver sees, voltage to explain low power; the battery level over DC only.
const QStringList &sessionMeasurands()
{
    static const QStringList list{QStringLiteral("Energy.Active.Import.Register"),
                                  QStringLiteral("Power.Active.Import"), QStringLiteral("Current.Import"),
                                  QStringLiteral("Voltage")};
    return list;
}

const QString SoC = QStringLiteral("SoC");
const QString PowerOffered = QStringLiteral("Power.Offered");

// The station's station-wide values of the catalogue's parameters, by neutral name.
class Values
{
public:
    explicit Values(const ConfigurationFacts &facts)
        : m_protocol(facts.protocol)
    {
        for (const LiveValue &v : facts.values) {
            if (v.evse == 0 && v.status == QLatin1String("accepted"))
                m_byKey.insert(v.key, v);
        }
    }

    const LiveValue *find(const QString &parameter) const
    {
        const QString key = keyOf(parameter);
        const auto it = m_byKey.constFind(key);
        return it == m_byKey.cend() ? nullptr : &*it;
    }

    QString keyOf(const QString &parameter) const
    {
        for (const LiveParameter &p : LiveConfiguration::parameters()) {
            if (p.name == parameter)
                return p.keyFor(m_protocol);
        }
        return {};
    }

private:
    QString m_protocol;
    QHash<QString, LiveValue> m_byKey;
};

class Checker
{
public:
    explicit Checker(const ConfigurationFacts &facts)
        : m_facts(facts)
        , m_values(facts)
    {}

    void flag(const LiveValue &v, const QString &parameter, const QString &recommended, const QString &why)
    {
        ConfigurationFinding f{parameter, v.key, v.value, recommended, why, {}};
        if (!v.readonly)
            f.fix << TemplateSetting{0, v.key, recommended, 0, 0};
        m_findings << f;
    }

    // A yes/no setting the specification wants at `wanted`.
    void flag(const QString &parameter, bool wanted, const QString &why)
    {
        const LiveValue *v = m_values.find(parameter);
        if (!v)
            return;
        const QString want = wanted ? QStringLiteral("true") : QStringLiteral("false");
        if (v->value.trimmed().compare(want, Qt::CaseInsensitive) != 0)
            flag(*v, parameter, want, why);
    }

    void authorization()
    {
        // Every start has to reach us, or prepaid and pay-now drivers charge without funds.
        flag(QStringLiteral("authorize_remote_start"), true,
             Tr::tr("A remote start should still be authorized by the station, so that it starts only for a driver "
                    "who may charge."));
        flag(QStringLiteral("authorization_cache_enabled"), false,
             Tr::tr("With the cache on, the station lets known cards charge without asking the central system, "
                    "whose funds check is then skipped."));
        flag(QStringLiteral("local_authorize_offline"), false,
             Tr::tr("Offline, the station would start sessions from its cache or local list that nobody pays for."));
        flag(QStringLiteral("local_pre_authorize"), false,
             Tr::tr("The station would start from its cache or local list before the central system answers, so a "
                    "driver without funds could charge."));
        flag(QStringLiteral("local_auth_list_enabled"), false,
             Tr::tr("A local list lets drivers charge without the central system's funds check; turn it off unless "
                    "you deliberately run offline authorization."));
        flag(QStringLiteral("allow_offline_tx_for_unknown_id"), false,
             Tr::tr("Offline, any card at all could charge: such sessions have no customer."));
        flag(QStringLiteral("central_contract_validation"), true,
             Tr::tr("Plug & Charge contracts the station cannot verify itself should be sent to the central system "
                    "to verify."));
        flag(QStringLiteral("offline_contract_validation"), false,
             Tr::tr("Plug & Charge contracts should be verified by the central system, not by the station on its "
                    "own while offline."));
    }

    void sampleInterval()
    {
        const QString parameter = QStringLiteral("sampled_data_interval");
        const LiveValue *v = m_values.find(parameter);
        if (!v)
            return;
        bool ok = false;
        const int seconds = v->value.trimmed().toInt(&ok);
        if (ok && seconds >= MinSampleIntervalS && seconds <= MaxSampleIntervalS)
            return;
        const QString why =
            ok && seconds == 0
                ? Tr::tr("Session meter values are off: the session's energy and power do not move until it ends.")
            : ok && seconds < MinSampleIntervalS
                ? Tr::tr("Readings every %1 s flood the connection and the database; %2 to %3 s is enough.")
                      .arg(seconds)
                      .arg(MinSampleIntervalS)
                      .arg(MaxSampleIntervalS)
            : ok ? Tr::tr("Readings every %1 s make the session's progress lag; use %2 to %3 s.")
                       .arg(seconds)
                       .arg(MinSampleIntervalS)
                       .arg(MaxSampleIntervalS)
                 : Tr::tr("The interval is not a number of seconds.");
        flag(*v, parameter, QString::number(RecommendedSampleIntervalS), why);
    }

    void sampledMeasurands()
    {
        const QString parameter = QStringLiteral("sampled_data_measurands");
        const LiveValue *v = m_values.find(parameter);
        if (!v)
            return;
        QStringList wanted = sessionMeasurands();
        if (m_facts.hasDcCharger)
            wanted << SoC;
        const auto [list, missing] = addMissing(v->value, wanted);
        if (missing.isEmpty())
            return;
        flag(*v, parameter, list.join(QLatin1Char(',')),
             Tr::tr("Missing %1: sessions then show no energy progress, power, current or battery level.")
                 .arg(missing.join(QStringLiteral(", "))));
    }

    // The clock-aligned readings matter for sessions that end in parking: what was offered.
    void alignedMeasurands()
    {
        const LiveValue *interval = m_values.find(QStringLiteral("aligned_data_interval"));
        if (interval && interval->value.trimmed().toInt() == 0)
            return; // clock-aligned readings are off: their measurands do not matter
        const QString parameter = QStringLiteral("aligned_data_measurands");
        const LiveValue *v = m_values.find(parameter);
        if (!v)
            return;
        const auto [list, missing] = addMissing(v->value, {PowerOffered});
        if (missing.isEmpty())
            return;
        flag(*v, parameter, list.join(QLatin1Char(',')),
             Tr::tr("Without Power.Offered the regular readings do not show what the station offers while a vehicle "
                    "stays plugged in."));
    }

    // The station has to give up a prepared session before we expire it, or it starts a
    // session that we no longer track (and that has no customer).
    void connectionTimeout()
    {
        const QString parameter = QStringLiteral("ev_connection_timeout");
        const LiveValue *v = m_values.find(parameter);
        const qint64 ready = m_facts.readyExpirationS;
        if (!v || ready <= 0)
            return;
        bool ok = false;
        const qint64 seconds = v->value.trimmed().toLongLong(&ok);
        if (ok && seconds > 0 && seconds < ready)
            return;
        const QString recommended = QString::number(recommendedTimeout(ready));
        const QString why =
            ok && seconds > 0
                ? Tr::tr("The station waits %1 s for the cable, but a ready session expires here after %2 s: a late "
                         "plug-in starts a session nobody tracks. Keep it shorter than the expiration.")
                      .arg(seconds)
                      .arg(ready)
                : Tr::tr("The station never gives up a prepared session, but a ready session expires here after %1 s.")
                      .arg(ready);
        flag(*v, parameter, recommended, why);
    }

    QList<ConfigurationFinding> findings() const { return m_findings; }

private:
    // Leaves room for the messages between the station and us, but never less than half.
    static qint64 recommendedTimeout(qint64 readyS)
    {
        return std::max(readyS - ConnectionTimeoutMarginS, std::max<qint64>(1, readyS / 2));
    }

    // The station's list with the wanted measurands it lacks added at the end.
    static std::pair<QStringList, QStringList> addMissing(const QString &value, const QStringList &wanted)
    {
        QStringList list;
        for (const QString &m : value.split(QLatin1Char(','), Qt::SkipEmptyParts))
            list << m.trimmed();
        QStringList missing;
        for (const QString &w : wanted) {
            if (!list.contains(w))
                missing << w;
        }
        return {list + missing, missing};
    }

    const ConfigurationFacts &m_facts;
    Values m_values;
    QList<ConfigurationFinding> m_findings;
};

} // namespace

QList<ConfigurationFinding> checkConfiguration(const ConfigurationFacts &facts)
{
    Checker c(facts);
    c.authorization();
    c.sampleInterval();
    c.sampledMeasurands();
    c.alignedMeasurands();
    c.connectionTimeout();
    return c.findings();
}

Result<QList<ConfigurationFinding>> checkStation(Repository &repository, LiveConfiguration &live, qint64 stationId)
{
    auto station = repository.get(Actor::system(), Tables::Stations, stationId);
    if (!station)
        return station.error();
    auto values = live.stored(stationId);
    if (!values)
        return values.error();
    auto policy = stationPolicy(repository, stationId);
    if (!policy)
        return policy.error();
    // Only DC chargers talk to the vehicle's battery management and know its state of charge.
    ListQuery q;
    q.filters << ListQuery::Filter{QStringLiteral("station_id"), ListQuery::Filter::Op::Equals, stationId}
              << ListQuery::Filter{QStringLiteral("current_type"), ListQuery::Filter::Op::Equals, QStringLiteral("dc")};
    q.limit = 1;
    auto dc = repository.list(Actor::system(), Tables::Chargers, q);
    if (!dc)
        return dc.error();
    return checkConfiguration({station.value().value(QStringLiteral("protocol")).toString(), values.value(),
                               policy.value().readyExpirationS, !dc.value().isEmpty()});
}

} // namespace ChargeDesk::Core
