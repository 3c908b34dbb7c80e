#include "support/testdata.h"

namespace ChargeDesk::Test {

namespace {

qint64 created(const Core::Result<qint64> &id, const QString &what)
{
    if (id)
        return id.value();
    qWarning("cannot create %s: %s", qPrintable(what), qPrintable(id.error().message()));
    return 0;
}

} // namespace

qint64 createArea(Core::Repository &repository, const QString &code)
{
    return created(repository.create(Core::Actor::system(), Core::Tables::Areas,
                                     {{QStringLiteral("code"), code}, {QStringLiteral("name"), code}}),
                   QStringLiteral("area ") + code);
}

qint64 createStation(Core::Repository &repository, qint64 areaId, const QString &code, const QString &protocol,
                     const QString &policy)
{
    return created(repository.create(Core::Actor::system(), Core::Tables::Stations,
                                     {{QStringLiteral("code"), code},
                                      {QStringLiteral("name"), code},
                                      {QStringLiteral("area_id"), areaId},
                                      {QStringLiteral("protocol"), protocol},
                                      {QStringLiteral("connection_identifier"), code},
                                      {QStringLiteral("connection_policy"), policy}}),
                   QStringLiteral("station ") + code);
}

} // namespace ChargeDesk::Test
