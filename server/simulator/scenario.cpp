#include "server/simulator/scenario.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <tuple>

namespace ChargeDesk::Server::Simulator {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Scenario)
};

constexpr int MaxStations = 20000;

Core::Error invalid(const QString &where, const QString &message)
{
    return Core::Error::validation({Core::FieldError{where, message}});
}

// QTimer counts milliseconds in an int: a step can be at most this far from the start.
constexpr double MaxStepAtS = 2000000;

// A number of a station or a step: absent it is `fallback`; present it must be a number (a
// whole one when `whole`) from `min` to `max`. A string or a fraction is refused, not read as 0.
Core::Result<double> numberIn(const QJsonObject &o, QLatin1String key, double fallback, double min, double max,
                              bool whole, const QString &where)
{
    if (!o.contains(key))
        return fallback;
    const QJsonValue v = o.value(key);
    const double n = v.toDouble();
    if (!v.isDouble() || !std::isfinite(n) || n < min || n > max || (whole && n != std::floor(n)))
        return invalid(
            where, (whole ? Tr::tr("“%1” is a whole number from %2 to %3.") : Tr::tr("“%1” is a number from %2 to %3."))
                       .arg(key)
                       .arg(min, 0, 'f', 0)
                       .arg(max, 0, 'f', 0));
    return n;
}

const QStringList Actions{QStringLiteral("plugIn"),    QStringLiteral("swipe"),      QStringLiteral("unplug"),
                          QStringLiteral("fault"),     QStringLiteral("disconnect"), QStringLiteral("reconnect"),
                          QStringLiteral("configure"), QStringLiteral("misbehave"),  QStringLiteral("jumpEnergy"),
                          QStringLiteral("end")};

Core::Result<Scenario::Station> parseStation(const QJsonObject &o, const QString &where)
{
    Scenario::Station s;
    s.spec.id = o.value(QLatin1String("id")).toString();
    if (s.spec.id.isEmpty())
        return invalid(where, Tr::tr("A station needs an id."));
    const QString protocol = o.value(QLatin1String("protocol")).toString(QStringLiteral("ocpp1.6"));
    if (protocol != QLatin1String("ocpp1.6") && protocol != QLatin1String("ocpp2.0.1"))
        return invalid(where, Tr::tr("The protocol is ocpp1.6 or ocpp2.0.1, not “%1”.").arg(protocol));
    s.version = protocol == QLatin1String("ocpp1.6") ? Ocpp::Version::V16 : Ocpp::Version::V201;
    const auto connectors = numberIn(o, QLatin1String("connectors"), 1, 1, 16, true, where);
    if (!connectors)
        return connectors.error();
    const auto power = numberIn(o, QLatin1String("power"), 22000, 1, 1000000, false, where);
    if (!power)
        return power.error();
    const QString current = o.value(QLatin1String("current")).toString(QStringLiteral("ac3"));
    if (current != QLatin1String("ac1") && current != QLatin1String("ac3") && current != QLatin1String("dc"))
        return invalid(where, Tr::tr("The current is ac1, ac3 or dc."));
    ConnectorSpec spec;
    spec.maxPowerW = power.value();
    spec.current = current == QLatin1String("dc")    ? CurrentType::DC
                   : current == QLatin1String("ac1") ? CurrentType::AC1
                                                     : CurrentType::AC3;
    spec.type = spec.current == CurrentType::DC ? QStringLiteral("cCCS2") : QStringLiteral("cType2");
    s.spec.connectors = QList<ConnectorSpec>(int(connectors.value()), spec);
    const QJsonObject configuration = o.value(QLatin1String("configuration")).toObject();
    for (auto it = configuration.begin(); it != configuration.end(); ++it)
        s.configuration.insert(it.key(),
                               it.value().isString() ? it.value().toString() : it.value().toVariant().toString());
    return s;
}

} // namespace

Core::Result<Scenario> Scenario::parse(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return invalid(QStringLiteral("scenario"), Tr::tr("Not a JSON object: %1").arg(error.errorString()));
    Scenario scenario;
    const QJsonArray stations = doc.object().value(QLatin1String("stations")).toArray();
    for (qsizetype i = 0; i < stations.size(); ++i) {
        const QString where = QStringLiteral("stations[%1]").arg(i);
        const QJsonObject o = stations.at(i).toObject();
        auto station = parseStation(o, where);
        if (!station)
            return station.error();
        const auto counted = numberIn(o, QLatin1String("count"), 1, 1, MaxStations, true, where);
        if (!counted)
            return counted.error();
        const int count = int(counted.value());
        if (scenario.stations.size() + count > MaxStations)
            return invalid(where, Tr::tr("A scenario plays 1 to %1 stations.").arg(MaxStations));
        if (count > 1 && !station.value().spec.id.contains(QLatin1String("{n}")))
            return invalid(where, Tr::tr("A station with a count needs {n} in its id."));
        for (int n = 1; n <= count; ++n) {
            Station copy = station.value();
            copy.spec.id.replace(QLatin1String("{n}"), QString::number(n));
            copy.spec.serialNumber = QStringLiteral("SIM-") + copy.spec.id;
            scenario.stations << copy;
        }
    }
    if (scenario.stations.isEmpty())
        return invalid(QStringLiteral("stations"), Tr::tr("A scenario needs at least one station."));
    QSet<QString> ids;
    for (const Station &s : std::as_const(scenario.stations)) {
        if (ids.contains(s.spec.id))
            return invalid(QStringLiteral("stations"), Tr::tr("The station id “%1” is used twice.").arg(s.spec.id));
        ids.insert(s.spec.id);
    }

    const QJsonArray steps = doc.object().value(QLatin1String("steps")).toArray();
    for (qsizetype i = 0; i < steps.size(); ++i) {
        const QString where = QStringLiteral("steps[%1]").arg(i);
        const QJsonObject o = steps.at(i).toObject();
        Step step;
        step.action = o.value(QLatin1String("do")).toString();
        step.station = o.value(QLatin1String("station")).toString();
        step.args = o;
        if (!o.contains(QLatin1String("at")))
            return invalid(where, Tr::tr("A step needs “at”: seconds from the start, 0 or more."));
        const auto at = numberIn(o, QLatin1String("at"), 0, 0, MaxStepAtS, false, where);
        if (!at)
            return at.error();
        step.atS = at.value();
        if (!Actions.contains(step.action))
            return invalid(where, Tr::tr("Unknown action “%1”; one of %2.").arg(step.action, Actions.join(u", ")));
        if (step.action != QLatin1String("end") && !ids.contains(step.station))
            return invalid(where, Tr::tr("No station “%1” in this scenario.").arg(step.station));
        const bool onConnector = step.action == QLatin1String("plugIn") || step.action == QLatin1String("swipe") ||
                                 step.action == QLatin1String("unplug") || step.action == QLatin1String("fault") ||
                                 step.action == QLatin1String("jumpEnergy");
        if (onConnector) {
            const auto station = std::find_if(scenario.stations.cbegin(), scenario.stations.cend(),
                                              [&](const Station &s) { return s.spec.id == step.station; });
            const QJsonValue connector = o.value(QLatin1String("connector"));
            const double n = connector.toDouble(1);
            if ((!connector.isUndefined() && !connector.isDouble()) || n != std::floor(n) || n < 1 ||
                n > station->spec.connectors.size())
                return invalid(
                    where,
                    Tr::tr("Station “%1” has no connector %2.").arg(step.station, connector.toVariant().toString()));
        }
        // What the step's action reads, each within what a car or a meter can mean.
        for (const auto &[action, key, min, max] :
             {std::tuple{"plugIn", "soc", 0.0, 100.0}, std::tuple{"plugIn", "capacityWh", 1.0, 1e6},
              std::tuple{"plugIn", "maxPowerW", 1.0, 1e6}, std::tuple{"jumpEnergy", "wh", -1e9, 1e9},
              std::tuple{"misbehave", "clockOffsetS", -3.2e8, 3.2e8}}) {
            if (step.action != QLatin1String(action))
                continue;
            if (auto n = numberIn(o, QLatin1String(key), 0, min, max, false, where); !n)
                return n.error();
        }
        if (step.action == QLatin1String("swipe") && o.value(QLatin1String("idTag")).toString().isEmpty())
            return invalid(where, Tr::tr("A swipe needs an idTag."));
        const QString energy = o.value(QLatin1String("energy")).toString(QStringLiteral("absolute"));
        if (step.action == QLatin1String("misbehave") && energy != QLatin1String("absolute") &&
            energy != QLatin1String("relative") && energy != QLatin1String("mixed"))
            return invalid(where, Tr::tr("The energy reporting is absolute, relative or mixed."));
        if (step.action == QLatin1String("configure") && o.value(QLatin1String("key")).toString().isEmpty())
            return invalid(where, Tr::tr("A configure step needs a key and a value."));
        scenario.steps << step;
    }
    std::stable_sort(scenario.steps.begin(), scenario.steps.end(),
                     [](const Step &a, const Step &b) { return a.atS < b.atS; });
    return scenario;
}

ScenarioRunner::ScenarioRunner(Scenario scenario, const QString &baseUrl, const ConnectionOptions &defaults,
                               const Core::Clock &clock, QObject *parent)
    : QObject(parent)
    , m_scenario(std::move(scenario))
{
    m_stations.reserve(m_scenario.stations.size());
    for (const Scenario::Station &s : std::as_const(m_scenario.stations)) {
        ConnectionOptions options = defaults;
        options.url = QUrl(baseUrl + QLatin1Char('/') + s.spec.id);
        options.version = s.version;
        auto station = std::make_unique<VirtualStation>(s.spec, options, clock);
        for (auto it = s.configuration.cbegin(); it != s.configuration.cend(); ++it)
            station->station().configuration().changeKey(it.key(), it.value());
        connect(station.get(), &VirtualStation::happened, this, &ScenarioRunner::happened);
        m_byId.insert(s.spec.id, station.get());
        m_stations.push_back(std::move(station));
    }
}

ScenarioRunner::~ScenarioRunner()
{
    for (auto &s : m_stations)
        s->stop();
}

VirtualStation *ScenarioRunner::station(const QString &id) const
{
    return m_byId.value(id);
}

void ScenarioRunner::start()
{
    for (auto &s : m_stations)
        s->start();
    for (const Scenario::Step &step : std::as_const(m_scenario.steps))
        QTimer::singleShot(qint64(step.atS * 1000), this, [this, step] { run(step); });
}

void ScenarioRunner::run(const Scenario::Step &step)
{
    QJsonObject e = step.args;
    e.insert(QStringLiteral("event"), QStringLiteral("step"));
    emit happened(e);
    if (step.action == QLatin1String("end")) {
        for (auto &s : m_stations)
            s->stop();
        emit finished();
        return;
    }
    VirtualStation *s = station(step.station);
    const int connector = step.args.value(QLatin1String("connector")).toInt(1);
    if (step.action == QLatin1String("plugIn")) {
        Vehicle v;
        v.capacityWh = step.args.value(QLatin1String("capacityWh")).toDouble(v.capacityWh);
        v.storedWh = v.capacityWh * step.args.value(QLatin1String("soc")).toDouble(20) / 100;
        v.maxPowerW = step.args.value(QLatin1String("maxPowerW")).toDouble(v.maxPowerW);
        s->plugIn(connector, v);
    } else if (step.action == QLatin1String("swipe")) {
        s->presentIdTag(connector, step.args.value(QLatin1String("idTag")).toString());
    } else if (step.action == QLatin1String("unplug")) {
        s->unplug(connector);
    } else if (step.action == QLatin1String("fault")) {
        s->setFaulted(connector, step.args.value(QLatin1String("faulted")).toBool(true));
    } else if (step.action == QLatin1String("disconnect") || step.action == QLatin1String("reconnect")) {
        s->setConnectionLost(step.action == QLatin1String("disconnect"));
    } else if (step.action == QLatin1String("misbehave")) {
        // Each step says the whole behaviour: what it leaves out is reported correctly again.
        Misbehaviour &m = s->station().misbehaviour();
        const QString energy = step.args.value(QLatin1String("energy")).toString();
        m.energy = energy == QLatin1String("relative") ? Misbehaviour::Energy::Relative
                   : energy == QLatin1String("mixed")  ? Misbehaviour::Energy::Mixed
                                                       : Misbehaviour::Energy::Absolute;
        m.clockOffsetS = step.args.value(QLatin1String("clockOffsetS")).toInteger();
        m.outOfOrder = step.args.value(QLatin1String("outOfOrder")).toBool();
        m.silentMeter = step.args.value(QLatin1String("silentMeter")).toBool();
        m.ignoreRemoteStop = step.args.value(QLatin1String("ignoreRemoteStop")).toBool();
    } else if (step.action == QLatin1String("jumpEnergy")) {
        s->station().jumpEnergy(connector, step.args.value(QLatin1String("wh")).toDouble());
    } else if (step.action == QLatin1String("configure")) {
        const QJsonValue value = step.args.value(QLatin1String("value"));
        s->changeConfiguration(step.args.value(QLatin1String("key")).toString(),
                               value.isString() ? value.toString() : value.toVariant().toString());
    }
}

QByteArray loadScenario(int count, const QString &protocol, const QString &prefix, const QString &idTag, int durationS)
{
    QJsonArray steps;
    for (int n = 1; n <= count; ++n) {
        const QString id = QStringLiteral("%1-%2").arg(prefix).arg(n);
        // Spread over the first minute, so the CSMS sees arrivals rather than one burst.
        const double at = 2 + 58.0 * (n - 1) / std::max(1, count);
        steps << QJsonObject{{QStringLiteral("at"), at},
                             {QStringLiteral("station"), id},
                             {QStringLiteral("do"), QStringLiteral("plugIn")}}
              << QJsonObject{{QStringLiteral("at"), at + 1},
                             {QStringLiteral("station"), id},
                             {QStringLiteral("do"), QStringLiteral("swipe")},
                             {QStringLiteral("idTag"), idTag.isEmpty() ? id : idTag}}
              << QJsonObject{{QStringLiteral("at"), at + 1 + durationS},
                             {QStringLiteral("station"), id},
                             {QStringLiteral("do"), QStringLiteral("unplug")}};
    }
    const QJsonObject station{{QStringLiteral("id"), prefix + QStringLiteral("-{n}")},
                              {QStringLiteral("protocol"), protocol},
                              {QStringLiteral("count"), count}};
    return QJsonDocument(
               QJsonObject{{QStringLiteral("stations"), QJsonArray{station}}, {QStringLiteral("steps"), steps}})
        .toJson(QJsonDocument::Compact);
}

QJsonObject summarize(const ScenarioRunner &runner)
{
    int online = 0, charging = 0;
    qint64 queued = 0;
    for (const auto &s : runner.stations()) {
        online += s->isOnline() ? 1 : 0;
        queued += s->queuedCalls();
        for (int n = 1; n <= s->station().connectorCount(); ++n)
            charging += s->station().connector(n).transaction ? 1 : 0;
    }
    return {{QStringLiteral("event"), QStringLiteral("summary")},
            {QStringLiteral("stations"), qint64(runner.stations().size())},
            {QStringLiteral("online"), online},
            {QStringLiteral("charging"), charging},
            {QStringLiteral("queued"), queued}};
}

} // namespace ChargeDesk::Server::Simulator
