#pragma once

#include "core/actor.h"

#include <QPointF>
#include <QWizard>

#include <functional>
#include <memory>
#include <optional>

namespace ChargeDesk::Core {
class Repository;
}

namespace ChargeDesk::Ui {

struct AreaWizardState;

// Creates an area step by step (info, location, roaming and hierarchy, load balancing,
// summary) or, given an id, changes one with the same pages (its code stays). Every page
// checks its fields with core's rules before Next; Create / Save writes the area, its limit
// periods and custom attributes in one transaction.
class AreaWizard final : public QWizard
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AreaWizard)

public:
    enum PageId { InfoPage, LocationPage, RoamingPage, BalancingPage, SummaryPage };

    AreaWizard(Core::Repository &repository, const Core::Actor &actor, std::optional<qint64> areaId = std::nullopt,
               QWidget *parent = nullptr);
    ~AreaWizard() override;

    // The area created or changed, once the wizard finished.
    std::optional<qint64> areaId() const;

private:
    std::unique_ptr<AreaWizardState> m_state;
};

} // namespace ChargeDesk::Ui
