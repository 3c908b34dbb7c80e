#include "ui/identity/networkmembers.h"

#include "core/catalog.h"
#include "ui/widgets/tr.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace ChargeDesk::Ui {

namespace {

enum Column { CodeColumn, NameColumn, EmailColumn, ColumnCount };

constexpr int VisibleRows = 4; // each table's height before it scrolls

QList<Core::NetworkMember> asRows(const QList<Core::CustomerCard> &cards)
{
    QList<Core::NetworkMember> rows;
    for (const Core::CustomerCard &card : cards)
        rows << Core::NetworkMember{.customer = card};
    return rows;
}

} // namespace

CustomerCardModel::CustomerCardModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void CustomerCardModel::setRows(const QList<Core::NetworkMember> &rows)
{
    beginResetModel();
    m_rows = rows;
    endResetModel();
}

int CustomerCardModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int CustomerCardModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant CustomerCardModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid) || role != Qt::DisplayRole)
        return {};
    const Core::CustomerCard &card = m_rows.at(index.row()).customer;
    switch (index.column()) {
    case CodeColumn: return card.code;
    case NameColumn: return card.name;
    case EmailColumn: return card.email;
    default: return {};
    }
}

QVariant CustomerCardModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case CodeColumn: return Tr::tr("Code");
    case NameColumn: return Tr::tr("Name");
    case EmailColumn: return Tr::tr("Email");
    default: return {};
    }
}

NetworkMembersPanel::NetworkMembersPanel(Core::Repository &repository, const Core::Actor &actor, QWidget *parent)
    : QWidget(parent)
    , m_repository(repository)
    , m_actor(actor)
    , m_members(new CustomerCardModel(this))
    , m_candidates(new CustomerCardModel(this))
{
    setObjectName(QStringLiteral("networkMembers"));
    m_memberView = cardView(QStringLiteral("memberView"), m_members);
    m_candidateView = cardView(QStringLiteral("candidateView"), m_candidates);
    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("memberSearch"));
    m_search->setPlaceholderText(Tr::tr("Find a customer by name, code or email"));
    m_search->setClearButtonEnabled(true);
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("memberSearchMessage"));
    m_message->setWordWrap(true);
    m_message->setTextFormat(Qt::PlainText);
    m_remove = new QPushButton(Tr::tr("Remove from network"), this);
    m_remove->setObjectName(QStringLiteral("removeFromNetwork"));
    m_add = new QPushButton(Tr::tr("Add to network"), this);
    m_add->setObjectName(QStringLiteral("addToNetwork"));
    for (QPushButton *b : {m_add, m_remove})
        b->setAutoDefault(false);

    auto *removeRow = new QHBoxLayout;
    removeRow->addWidget(m_remove);
    removeRow->addStretch();
    auto *addRow = new QHBoxLayout;
    addRow->addWidget(m_add);
    addRow->addStretch();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(m_memberView);
    layout->addLayout(removeRow);
    layout->addWidget(m_search);
    layout->addWidget(m_message);
    layout->addWidget(m_candidateView);
    layout->addLayout(addRow);

    connect(m_search, &QLineEdit::textChanged, this, &NetworkMembersPanel::search);
    connect(m_add, &QPushButton::clicked, this, &NetworkMembersPanel::addSelected);
    connect(m_remove, &QPushButton::clicked, this, &NetworkMembersPanel::removeSelected);
    connect(m_candidateView, &QTableView::activated, this, &NetworkMembersPanel::addSelected);
    // Another console may add or remove members, or rename a customer, while this one shows them.
    connect(&m_repository, &Core::Repository::rowChanged, this, [this](const QString &table) {
        if (table == Core::Tables::OperatorMembers || table == Core::Tables::Customers) {
            refreshMembers();
            search();
        }
    });
    setOperatorId(0);
}

QTableView *NetworkMembersPanel::cardView(const QString &objectName, CustomerCardModel *model)
{
    auto *view = new QTableView(this);
    view->setObjectName(objectName);
    view->setModel(model);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setAlternatingRowColors(true);
    view->verticalHeader()->hide();
    view->horizontalHeader()->setStretchLastSection(true);
    const int rowHeight = view->fontMetrics().height() + 8;
    view->verticalHeader()->setDefaultSectionSize(rowHeight);
    view->setFixedHeight(view->horizontalHeader()->sizeHint().height() + VisibleRows * rowHeight +
                         2 * view->frameWidth());
    connect(model, &QAbstractItemModel::modelReset, this, &NetworkMembersPanel::updateButtons);
    connect(model, &QAbstractItemModel::modelReset, view, &QTableView::resizeColumnsToContents);
    return view;
}

void NetworkMembersPanel::setOperatorId(qint64 id)
{
    m_operatorId = id;
    m_search->setEnabled(id != 0);
    refreshMembers();
    search();
}

void NetworkMembersPanel::refreshMembers()
{
    const auto members = m_operatorId != 0 ? Core::networkMembers(m_repository, m_actor, m_operatorId)
                                           : Core::Result<QList<Core::NetworkMember>>(QList<Core::NetworkMember>());
    m_members->setRows(members ? members.value() : QList<Core::NetworkMember>());
    connect(m_memberView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &NetworkMembersPanel::updateButtons, Qt::UniqueConnection);
    if (!members)
        report(members.error().message());
}

void NetworkMembersPanel::search()
{
    const QString text = m_search->text().trimmed();
    if (m_operatorId == 0 || text.size() < Core::PrivateNetwork::MinSearchLength) {
        m_candidates->setRows({});
        report(m_operatorId == 0 ? QString()
                                 : Tr::tr("Type at least %n characters of a customer's name, code or email.", nullptr,
                                          Core::PrivateNetwork::MinSearchLength));
        return;
    }
    const auto found = Core::memberCandidates(m_repository, m_actor, m_operatorId, text);
    m_candidates->setRows(found ? asRows(found.value()) : QList<Core::NetworkMember>());
    connect(m_candidateView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &NetworkMembersPanel::updateButtons, Qt::UniqueConnection);
    if (!found)
        report(found.error().message());
    else
        report(found.value().isEmpty() ? Tr::tr("No customer outside the network matches.") : QString());
}

void NetworkMembersPanel::addSelected()
{
    const QModelIndex current = m_candidateView->selectionModel()->currentIndex();
    if (!current.isValid() || m_operatorId == 0)
        return;
    const Core::CustomerCard card = m_candidates->rowAt(current.row()).customer;
    if (const auto added = Core::addNetworkMember(m_repository, m_actor, m_operatorId, card.id); !added) {
        report(added.error().message());
        return;
    }
    refreshMembers();
    search();
    report(Tr::tr("%1 was added to the private network.").arg(card.name));
}

void NetworkMembersPanel::removeSelected()
{
    const QModelIndex current = m_memberView->selectionModel()->currentIndex();
    if (!current.isValid())
        return;
    const Core::NetworkMember member = m_members->rowAt(current.row());
    if (const auto removed = m_repository.remove(m_actor, Core::Tables::OperatorMembers, member.memberId); !removed) {
        report(removed.error().message());
        return;
    }
    refreshMembers();
    search();
    report(Tr::tr("%1 was removed from the private network.").arg(member.customer.name));
}

void NetworkMembersPanel::updateButtons()
{
    m_add->setEnabled(m_candidateView->selectionModel() && m_candidateView->selectionModel()->hasSelection());
    m_remove->setEnabled(m_memberView->selectionModel() && m_memberView->selectionModel()->hasSelection());
}

void NetworkMembersPanel::report(const QString &message)
{
    m_message->setText(message);
    m_message->setVisible(!message.isEmpty());
}

QWidget *networkMembersDetails(const PageContext &context, ListPage &page)
{
    auto *box = new QWidget;
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *heading = new QLabel(Tr::tr("Private network members"), box);
    QFont bold = heading->font();
    bold.setBold(true);
    heading->setFont(bold);
    heading->setContentsMargins(0, heading->fontMetrics().height(), 0, 2);
    auto *panel = new NetworkMembersPanel(context.repository, context.actor, box);
    layout->addWidget(heading);
    layout->addWidget(panel);
    QObject::connect(&page, &ListPage::currentChanged, panel, &NetworkMembersPanel::setOperatorId);
    panel->setOperatorId(page.currentId());
    return box;
}

} // namespace ChargeDesk::Ui
