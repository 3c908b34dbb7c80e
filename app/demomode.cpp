#include "app/demomode.h"

#include "app/compositionroot.h"
#include "server/simulator/fleet.h"

#include <QCoreApplication>

namespace ChargeDesk::App {

using Server::Simulator::ConnectorSpec;
using Server::Simulator::CurrentType;
using Server::Simulator::Fleet;

Core::Result<std::unique_ptr<DemoMode>> DemoMode::prepare()
{
    std::unique_ptr<DemoMode> demo(new DemoMode);
    if (!demo->m_dir.isValid())
        return Core::Error(Core::Error::Kind::Storage,
                           QCoreApplication::translate("DemoMode", "Cannot make a folder for the demo database: %1")
                               .arg(demo->m_dir.errorString()));
    return demo;
}

DemoMode::~DemoMode() = default;

QString DemoMode::databaseLocation() const
{
    return m_dir.filePath(QStringLiteral("demo.sqlite"));
}

Core::Status DemoMode::seed(Engine &engine)
{
    auto network = Core::seedDemoNetwork(*engine.repository, *engine.auth);
    if (!network)
        return network.error();
    m_network = network.value();
    return Core::Ok{};
}

void DemoMode::start(quint16 ocppPort, Engine &engine)
{
    QList<Fleet::Member> members;
    for (const Core::DemoNetwork::Station &s : m_network.stations) {
        Fleet::Member m;
        m.code = s.code;
        m.version = s.protocol == QLatin1String("ocpp2.0.1") ? Server::Ocpp::Version::V201 : Server::Ocpp::Version::V16;
        ConnectorSpec spec;
        spec.maxPowerW = s.powerW;
        spec.current = s.currentType == QLatin1String("dc")                ? CurrentType::DC
                       : s.currentType == QLatin1String("ac_single_phase") ? CurrentType::AC1
                                                                           : CurrentType::AC3;
        spec.type = spec.current == CurrentType::DC ? QStringLiteral("cCCS2") : QStringLiteral("cType2");
        for (int n = 0; n < s.connectors; ++n)
            m.connectors << spec;
        members << m;
    }
    m_fleet = std::make_unique<Fleet>(members, QStringLiteral("ws://127.0.0.1:%1/ocpp").arg(ocppPort),
                                      m_network.cardTags, engine.clock);
    m_fleet->start();
    const auto report = [this, &engine] {
        Core::reportDemoMeter(*engine.repository, m_network, engine.clock.now());
    };
    report();
    QObject::connect(&m_meter, &QTimer::timeout, report);
    m_meter.start(MeterIntervalMs);
}

void DemoMode::stop()
{
    m_meter.stop();
    m_fleet.reset();
}

Core::SimulatedFleet *DemoMode::fleet()
{
    return m_fleet.get();
}

} // namespace ChargeDesk::App
