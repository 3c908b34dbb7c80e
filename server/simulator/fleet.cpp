#include "server/simulator/fleet.h"

#include <QCoreApplication>

namespace ChargeDesk::Server::Simulator {

namespace {

constexpr int StepMs = 1000;
constexpr int RefreshMs = 1000;
constexpr qint64 SecondMs = 1000;

} // namespace

Fleet::Fleet(const QList<Member> &members, const QString &baseUrl, QStringList cardTags, const Core::Clock &clock,
             quint32 seed, QObject *parent)
    : Core::SimulatedFleet(parent)
    , m_cards(std::move(cardTags))
    , m_clock(clock)
    , m_random(seed)
{
    for (const Member &m : members) {
        StationSpec spec;
        spec.id = m.code;
        spec.serialNumber = QStringLiteral("SIM-") + m.code;
        spec.connectors = m.connectors;
        ConnectionOptions options;
        options.url = QUrl(baseUrl + QLatin1Char('/') + m.code);
        options.version = m.version;
        auto station = std::make_unique<VirtualStation>(spec, options, clock);
        // Live enough for a demo: a reading every 10 s instead of a minute.
        station->station().configuration().changeKey(QStringLiteral("MeterValueSampleInterval"), QStringLiteral("10"));
        connect(station.get(), &VirtualStation::happened, this, &Fleet::describe);
        connect(station.get(), &VirtualStation::booted, this,
                [this, code = m.code] { emit happened(tr("%1: connected and accepted").arg(code)); });
        m_stations.push_back(std::move(station));
    }
    m_scenario.setInterval(StepMs);
    connect(&m_scenario, &QTimer::timeout, this, &Fleet::step);
    // Power and energy move all the time; the panel follows once a second.
    m_refresh.setInterval(RefreshMs);
    connect(&m_refresh, &QTimer::timeout, this, &Fleet::changed);
}

Fleet::~Fleet()
{
    for (auto &station : m_stations)
        station->stop();
}

void Fleet::start()
{
    // The first drivers arrive a few seconds apart, so sessions run within the first minute;
    // every other connector stays free for the console's user to try.
    qint64 at = m_clock.nowMs() + 3 * SecondMs;
    bool busy = true;
    for (auto &station : m_stations) {
        station->start();
        for (int n = 1; n <= station->station().connectorCount(); ++n) {
            m_nextArrivalMs[station.get()][n] =
                busy ? at : at + (60 + m_random.bounded(120)) * SecondMs; // the others later on
            if (busy)
                at += 4 * SecondMs;
            busy = !busy;
        }
    }
    m_started = true;
    m_refresh.start();
    if (m_scenarioWanted)
        m_scenario.start();
}

VirtualStation *Fleet::station(const QString &code) const
{
    for (const auto &s : m_stations) {
        if (s->station().spec().id == code)
            return s.get();
    }
    return nullptr;
}

QList<Core::SimulatedStation> Fleet::stations() const
{
    QList<Core::SimulatedStation> list;
    for (const auto &vs : m_stations) {
        const Station &st = vs->station();
        Core::SimulatedStation s;
        s.code = st.spec().id;
        s.protocol = Ocpp::subprotocol(vs->protocol().version());
        s.online = vs->isOnline();
        for (int n = 1; n <= st.connectorCount(); ++n) {
            const Connector &c = st.connector(n);
            Core::SimulatedConnector sc;
            sc.number = n;
            sc.status = statusName(st.status(n));
            sc.type = c.spec.type;
            sc.maxPowerW = c.spec.maxPowerW;
            sc.offeredW = st.offeredW(n);
            sc.powerW = c.powerW;
            sc.registerWh = c.registerWh;
            sc.vehiclePlugged = c.vehicle.has_value();
            if (c.vehicle)
                sc.socPercent = c.vehicle->stateOfCharge() * 100;
            if (c.transaction) {
                sc.idTag = c.transaction->idTag;
                sc.sessionWh = c.registerWh - c.transaction->meterStartWh;
            }
            sc.faulted = c.faulted;
            s.connectors << sc;
        }
        list << s;
    }
    return list;
}

bool Fleet::plugIn(const QString &code, int connector)
{
    VirtualStation *s = station(code);
    if (!s || !s->station().hasConnector(connector))
        return false;
    return s->plugIn(connector, randomVehicle(s->station().connector(connector).spec));
}

void Fleet::presentCard(const QString &code, int connector, const QString &tag)
{
    if (VirtualStation *s = station(code))
        s->presentIdTag(connector, tag);
}

void Fleet::unplug(const QString &code, int connector)
{
    if (VirtualStation *s = station(code)) {
        s->unplug(connector);
        m_visits[s].remove(connector);
    }
}

void Fleet::setFaulted(const QString &code, int connector, bool faulted)
{
    if (VirtualStation *s = station(code))
        s->setFaulted(connector, faulted);
}

void Fleet::setOnline(const QString &code, bool online)
{
    if (VirtualStation *s = station(code))
        s->setConnectionLost(!online);
}

void Fleet::setScenarioRunning(bool running)
{
    m_scenarioWanted = running;
    if (running && m_started)
        m_scenario.start();
    else
        m_scenario.stop();
    emit happened(running ? tr("Drivers come and go by themselves.") : tr("Drivers wait for you."));
}

void Fleet::step()
{
    const qint64 now = m_clock.nowMs();
    for (auto &owned : m_stations) {
        VirtualStation *s = owned.get();
        if (!s->isOnline())
            continue;
        for (int n = 1; n <= s->station().connectorCount(); ++n) {
            const Connector &c = s->station().connector(n);
            auto visit = m_visits[s].find(n);
            if (visit == m_visits[s].end()) {
                if (!c.vehicle && !c.faulted && now >= m_nextArrivalMs[s].value(n, now))
                    arrive(s, n);
                continue;
            }
            if (!visit->swiped && now >= visit->swipeAtMs) {
                visit->swiped = true;
                s->presentIdTag(n, visit->tag);
            } else if (visit->swiped && !visit->stopped &&
                       (now >= visit->leaveAtMs || (c.vehicle && c.vehicle->isFull()))) {
                visit->stopped = true;
                s->presentIdTag(n, visit->tag); // the same card ends the session
                visit->leaveAtMs = now + 5 * SecondMs;
            } else if (visit->stopped && now >= visit->leaveAtMs) {
                s->unplug(n);
                m_visits[s].erase(visit);
                m_nextArrivalMs[s][n] = now + (20 + m_random.bounded(60)) * SecondMs;
            }
        }
    }
}

void Fleet::arrive(VirtualStation *s, int connector)
{
    const QString tag = freeCard();
    if (tag.isEmpty() || !s->plugIn(connector, randomVehicle(s->station().connector(connector).spec)))
        return;
    const qint64 now = m_clock.nowMs();
    m_visits[s].insert(connector, Visit{tag, now + 2 * SecondMs, now + (180 + m_random.bounded(300)) * SecondMs});
}

QString Fleet::freeCard() const
{
    // A driver charges at one connector at a time (the central system refuses a second session).
    QSet<QString> used;
    for (auto it = m_visits.cbegin(); it != m_visits.cend(); ++it) {
        for (const Visit &v : it.value())
            used.insert(v.tag);
    }
    for (const auto &s : m_stations) {
        for (int n = 1; n <= s->station().connectorCount(); ++n) {
            if (const auto &tx = s->station().connector(n).transaction)
                used.insert(tx->idTag);
        }
    }
    for (const QString &tag : m_cards) {
        if (!used.contains(tag))
            return tag;
    }
    return {};
}

Vehicle Fleet::randomVehicle(const ConnectorSpec &connector)
{
    Vehicle v;
    v.capacityWh = 40000 + m_random.bounded(6) * 10000;                // 40-90 kWh
    v.storedWh = v.capacityWh * (0.15 + m_random.bounded(50) / 100.0); // 15-64 %
    v.maxPowerW = connector.current == CurrentType::DC ? 100000 : (m_random.bounded(2) ? 11000 : 22000);
    return v;
}

void Fleet::describe(const QJsonObject &event)
{
    const QString name = event.value(QStringLiteral("event")).toString();
    const QString where = QStringLiteral("%1 #%2")
                              .arg(event.value(QStringLiteral("station")).toString())
                              .arg(event.value(QStringLiteral("connector")).toInt());
    const QString station = event.value(QStringLiteral("station")).toString();
    QString line;
    if (name == QLatin1String("pluggedIn"))
        line = tr("%1: a car is plugged in").arg(where);
    else if (name == QLatin1String("unplugged"))
        line = tr("%1: the car left").arg(where);
    else if (name == QLatin1String("transactionStarted"))
        line = tr("%1: charging started").arg(where);
    else if (name == QLatin1String("transactionEnded"))
        line = tr("%1: charging ended, %2 kWh")
                   .arg(where)
                   .arg(event.value(QStringLiteral("energyWh")).toDouble() / 1000, 0, 'f', 2);
    else if (name == QLatin1String("disconnected"))
        line = tr("%1: disconnected").arg(station);
    else if (name == QLatin1String("connectionLost"))
        line = tr("%1: connection cut").arg(station);
    else if (name == QLatin1String("connectionRestored"))
        line = tr("%1: connection restored").arg(station);
    if (!line.isEmpty())
        emit happened(line);
    emit changed();
}

} // namespace ChargeDesk::Server::Simulator
