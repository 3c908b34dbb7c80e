#pragma once

#include "core/actor.h"

#include <QDialog>

#include <optional>

class QLineEdit;
class QPushButton;
class QTableView;
class QTimer;

namespace ChargeDesk::Core {
class Repository;
}

namespace ChargeDesk::Ui {

class RecordTableModel;

// Picks one customer among those the user may see, searching by name as one types; the
// database does the searching, so it stays quick with many customers.
class CustomerPicker final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CustomerPicker)

public:
    CustomerPicker(Core::Repository &repository, const Core::Actor &actor, const QString &title,
                   QWidget *parent = nullptr);

    std::optional<qint64> chosenId() const { return m_chosen; }

private:
    void search();
    void updateButton();
    void choose();

    RecordTableModel *m_model = nullptr;
    QLineEdit *m_search = nullptr;
    QTableView *m_view = nullptr;
    QPushButton *m_pick = nullptr;
    QTimer *m_searchTimer = nullptr;
    std::optional<qint64> m_chosen;
};

} // namespace ChargeDesk::Ui
