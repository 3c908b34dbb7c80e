#pragma once

#include "core/privatenetwork.h"
#include "ui/shell/sections.h"

#include <QAbstractTableModel>
#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace ChargeDesk::Ui {

// Customer cards (code, name, email) in rows: an operator's members, or the customers a search
// found that could join. The members' rows keep their operator_members id.
class CustomerCardModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CustomerCardModel)

public:
    explicit CustomerCardModel(QObject *parent = nullptr);

    void setRows(const QList<Core::NetworkMember> &rows);
    const Core::NetworkMember &rowAt(int row) const { return m_rows.at(row); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<Core::NetworkMember> m_rows;
};

// The operators section's private network for an operator user, who may not read customers:
// the members with Remove, and a search by name, code or email (core's memberCandidates) whose
// cards of non-members go in with "Add to network". Power users keep the generic members list.
class NetworkMembersPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NetworkMembersPanel)

public:
    NetworkMembersPanel(Core::Repository &repository, const Core::Actor &actor, QWidget *parent = nullptr);

    void setOperatorId(qint64 id);

private:
    QTableView *cardView(const QString &objectName, CustomerCardModel *model);
    void refreshMembers();
    void search();
    void addSelected();
    void removeSelected();
    void updateButtons();
    void report(const QString &message);

    Core::Repository &m_repository;
    Core::Actor m_actor;
    qint64 m_operatorId = 0;
    CustomerCardModel *m_members = nullptr;
    CustomerCardModel *m_candidates = nullptr;
    QTableView *m_memberView = nullptr;
    QTableView *m_candidateView = nullptr;
    QLineEdit *m_search = nullptr;
    QLabel *m_message = nullptr;
    QPushButton *m_add = nullptr;
    QPushButton *m_remove = nullptr;
};

// Section::details of the operators section for operator users: the panel under a heading,
// following the selected operator.
QWidget *networkMembersDetails(const PageContext &context, ListPage &page);

} // namespace ChargeDesk::Ui
