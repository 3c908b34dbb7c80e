#pragma once

#include "core/actor.h"
#include "core/repository.h"
#include "ui/widgets/entityform.h"
#include "ui/widgets/listpage.h"

#include <QWidget>

#include <functional>

class QPushButton;
class QTableView;

namespace ChargeDesk::Ui {

class RecordTableModel;

// The rows of a child table that belong to one parent row (the chargers of a station, the
// connectors of a charger) as a compact table with Add, Open and Delete. Add prefills the
// reference to the parent, which the form does not offer to change. Rows follow the
// repository's changes as in every list; the parent's filter is fixed under the spec's own.
class ChildList final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChildList)

public:
    // `spec` names the child table, its columns and first order; `parentField` is the child's
    // reference to the parent; `form` the sections of its form (without the parent field).
    ChildList(Core::Repository &repository, const Core::Actor &actor, const ListSpec &spec, const QString &parentField,
              const QList<FormSection> &form, QWidget *parent = nullptr);

    // Shows the children of this parent; 0 shows none and offers no Add.
    void setParentId(qint64 id);
    qint64 parentId() const { return m_parentId; }
    qint64 currentId() const { return m_currentId; }
    // Selects the row with this id when it is one of the shown children.
    void select(qint64 id);

    RecordTableModel &model() { return *m_model; }
    QTableView &view() { return *m_view; }

    // A button after Delete that acts on the selected row, enabled while one is selected.
    QPushButton *addRowButton(const QString &objectName, const QString &text, std::function<void(qint64 id)> act);

signals:
    void currentChanged(qint64 id);

private:
    void add();
    void open(qint64 id);
    void remove(qint64 id);
    void onCurrentRowChanged();
    void onReloaded();
    void updateButtons();

    Core::Repository &m_repository;
    Core::Actor m_actor;
    ListSpec m_spec;
    QString m_parentField;
    QList<FormSection> m_form;
    bool m_editable = false;
    bool m_restoring = false; // selecting the same row again after a reload
    qint64 m_parentId = 0;
    qint64 m_currentId = 0;
    RecordTableModel *m_model = nullptr;
    QTableView *m_view = nullptr;
    QPushButton *m_add = nullptr;
    QPushButton *m_open = nullptr;
    QPushButton *m_delete = nullptr;
    QList<QPushButton *> m_rowButtons; // need a selected row
};

} // namespace ChargeDesk::Ui
