#pragma once

#include "ui/shell/sections.h"

#include <QWidget>

class QGridLayout;
class QLabel;

namespace ChargeDesk::Core {
struct SessionPolicy;
}

namespace ChargeDesk::Ui {

// What a charger's sessions are rated and ended by, as its details show it: the rating
// settings that apply (the charger's own, else its operator's, else the site's) with their
// prices and limits in the site's currency, and the idle times, each with the level it came
// from. It answers "why did this session cost that?" without opening three forms.
class EffectiveRatingPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EffectiveRatingPanel)

public:
    explicit EffectiveRatingPanel(Core::Repository &repository, QWidget *parent = nullptr);

    void setChargerId(qint64 id);
    // A row's text by its key ("energy", "source", ...), as shown: what a test reads.
    QString text(const QString &key) const;

private:
    void show(const Core::SessionPolicy &policy);
    void setRow(const QString &key, const QString &label, const QString &value);

    Core::Repository &m_repository;
    QLabel *m_source = nullptr;
    QGridLayout *m_grid = nullptr;
    QHash<QString, QLabel *> m_values;
};

// The panel under a list of chargers, following its selection.
QWidget *effectiveRating(const PageContext &context, ListPage &page);

} // namespace ChargeDesk::Ui
