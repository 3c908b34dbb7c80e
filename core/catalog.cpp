#include "core/catalog.h"
#include "core/catalog/entities.h"

namespace ChargeDesk::Core {

Catalog::Catalog()
{
    for (const auto domain : {Entities::business, Entities::areas, Entities::stations, Entities::sessions,
                              Entities::configuration, Entities::notifications, Entities::integrations}) {
        for (EntityDef &def : domain())
            add(std::move(def));
    }
}

void Catalog::add(EntityDef def)
{
    m_index.insert(def.table, m_entities.size());
    m_entities.append(std::move(def));
}

const EntityDef &Catalog::entity(const QString &table) const
{
    const auto it = m_index.constFind(table);
    Q_ASSERT_X(it != m_index.constEnd(), "Catalog::entity", qPrintable(table));
    return m_entities.at(*it);
}

QList<Catalog::Referrer> Catalog::blockingReferrers(const QString &table) const
{
    QList<Referrer> result;
    for (const EntityDef &def : m_entities) {
        for (const FieldDef &f : def.fields) {
            if (f.type == FieldType::Reference && f.refTable == table && !f.cascade)
                result.append({&def, &f});
        }
    }
    return result;
}

} // namespace ChargeDesk::Core
