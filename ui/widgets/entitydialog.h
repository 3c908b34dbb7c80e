#pragma once

#include "core/entitydef.h"

#include <QDialog>

class QPushButton;

namespace ChargeDesk::Core {
struct Actor;
class Repository;
} // namespace ChargeDesk::Core

namespace ChargeDesk::Ui {

class EntityForm;

// Asks whether to delete the row `name` of `entity`; the one question every delete asks.
bool confirmDelete(QWidget *parent, const Core::EntityDef &entity, const QString &name);

// The window around an EntityForm: Save, Cancel and, for an existing row, Delete.
// It closes only when saving or deleting worked; otherwise the form shows why not.
// Prepare the form (setSections, then startCreate or load) before showing the dialog.
class EntityDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EntityDialog)

public:
    EntityDialog(Core::Repository &repository, const Core::Actor &actor, const QString &table,
                 QWidget *parent = nullptr);

    EntityForm &form() const { return *m_form; }

public slots:
    void reject() override;

protected:
    void showEvent(QShowEvent *event) override;

private:
    void save();
    void confirmRemove();
    void updateState();
    void fitToContent();

    EntityForm *m_form = nullptr;
    QPushButton *m_save = nullptr;
    QPushButton *m_delete = nullptr;
    QPushButton *m_cancel = nullptr;
};

} // namespace ChargeDesk::Ui
