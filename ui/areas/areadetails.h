#pragma once

#include "ui/shell/sections.h"

#include <QWidget>

class QHBoxLayout;
class QLabel;
class QPushButton;

namespace ChargeDesk::Ui {

// The selected area in the details pane of the areas list: where it is, whom to call, its
// load balancing in words, its limit periods and custom attributes, and what it holds.
class AreaDetails final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AreaDetails)

public:
    AreaDetails(const PageContext &context, ListPage &page, QWidget *parent = nullptr);

    // The row of buttons under the details; more actions on the area (its load balancing
    // view, showing it on the map) are added here by whoever builds them.
    QHBoxLayout *actions() const { return m_actions; }
    qint64 areaId() const { return m_areaId; }

private:
    void follow(qint64 areaId);
    void refresh();
    void edit();
    // "3 stations: North 1, North 2, South" or "none".
    QString contents(const QString &table, const QString &field) const;

    PageContext m_context;
    ListPage &m_page;
    qint64 m_areaId = 0;
    QLabel *m_text = nullptr;
    QHBoxLayout *m_actions = nullptr;
    QPushButton *m_edit = nullptr;
};

// The DetailsFactory of the areas section.
QWidget *areaDetails(const PageContext &context, ListPage &page);
// The EditDialog of the areas section: the wizard with the area's values; true when saved.
bool editArea(const PageContext &context, qint64 id, QWidget *parent);
// The CreateDialog of the areas section: the wizard for a new area.
std::optional<qint64> createArea(const PageContext &context, QWidget *parent);

} // namespace ChargeDesk::Ui
