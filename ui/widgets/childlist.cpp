#include "ui/widgets/childlist.h"

#include "ui/widgets/entitydialog.h"
#include "ui/widgets/recordtablemodel.h"
#include "ui/widgets/tr.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QMessageBox>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace ChargeDesk::Ui {

namespace {

using Filter = Core::ListQuery::Filter;

constexpr int VisibleRows = 4; // the table's height before it scrolls

} // namespace

ChildList::ChildList(Core::Repository &repository, const Core::Actor &actor, const ListSpec &spec,
                     const QString &parentField, const QList<FormSection> &form, QWidget *parent)
    : QWidget(parent)
    , m_repository(repository)
    , m_actor(actor)
    , m_spec(spec)
    , m_parentField(parentField)
{
    setObjectName(QStringLiteral("children_") + spec.table);
    // The parent is fixed, so its field has no place in the form.
    for (FormSection section : form) {
        section.fields.removeAll(parentField);
        if (!section.fields.isEmpty())
            m_form << section;
    }
    const Core::EntityDef &entity = repository.catalog().entity(spec.table);
    m_editable = actor.powerUser || entity.scope.operatorsMayWrite;

    m_model = new RecordTableModel(repository, actor, spec.table, spec.columns, this);
    m_model->sort(int(qMax(qsizetype(0), spec.columns.indexOf(spec.orderBy))),
                  spec.descending ? Qt::DescendingOrder : Qt::AscendingOrder);
    setParentId(0);

    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("childView"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    const int rowHeight = m_view->fontMetrics().height() + 8;
    m_view->verticalHeader()->setDefaultSectionSize(rowHeight);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setSortIndicator(int(spec.columns.indexOf(spec.orderBy)),
                                                 spec.descending ? Qt::DescendingOrder : Qt::AscendingOrder);
    m_view->setSortingEnabled(true);
    m_view->setFixedHeight(m_view->horizontalHeader()->sizeHint().height() + VisibleRows * rowHeight +
                           2 * m_view->frameWidth());
    m_view->resizeColumnsToContents();
    connect(m_view, &QTableView::activated, this,
            [this](const QModelIndex &index) { open(m_model->idAt(index.row())); });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &ChildList::onCurrentRowChanged);
    connect(m_model, &RecordTableModel::reloaded, this, &ChildList::onReloaded);

    const auto button = [this](const char *name, const QString &text) {
        auto *b = new QPushButton(text, this);
        b->setObjectName(QString::fromLatin1(name));
        b->setAutoDefault(false);
        return b;
    };
    m_add = button("addChild", Tr::tr("Add…"));
    m_open = button("openChild", Tr::tr("Open…"));
    m_delete = button("deleteChild", Tr::tr("Delete…"));
    m_add->setToolTip(Tr::tr("Add a %1 here").arg(entity.singular));
    m_add->setVisible(m_editable);
    m_delete->setVisible(m_editable);
    connect(m_add, &QPushButton::clicked, this, &ChildList::add);
    connect(m_open, &QPushButton::clicked, this, [this] { open(m_currentId); });
    connect(m_delete, &QPushButton::clicked, this, [this] { remove(m_currentId); });

    auto *buttons = new QHBoxLayout;
    buttons->setContentsMargins(0, 0, 0, 0);
    buttons->addWidget(m_add);
    buttons->addWidget(m_open);
    buttons->addWidget(m_delete);
    buttons->addStretch();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(m_view);
    layout->addLayout(buttons);
    updateButtons();
}

void ChildList::setParentId(qint64 id)
{
    m_parentId = id;
    // No parent: a condition no row meets, rather than every row of the table.
    const Filter parent = id != 0 ? Filter{m_parentField, Filter::Op::Equals, id}
                                  : Filter{QStringLiteral("id"), Filter::Op::Equals, qint64(0)};
    m_model->setFixedFilters(m_spec.fixedFilters + QList<Filter>{parent});
    updateButtons();
}

void ChildList::select(qint64 id)
{
    if (m_model->rowOf(id) < 0)
        m_model->recordAt(0); // nothing is read before the view paints; children fit a page
    const int row = m_model->rowOf(id);
    if (row >= 0)
        m_view->selectionModel()->setCurrentIndex(m_model->index(row, 0),
                                                  QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

QPushButton *ChildList::addRowButton(const QString &objectName, const QString &text, std::function<void(qint64)> act)
{
    auto *b = new QPushButton(text, this);
    b->setObjectName(objectName);
    b->setAutoDefault(false);
    connect(b, &QPushButton::clicked, this, [this, act = std::move(act)] {
        if (m_currentId != 0)
            act(m_currentId);
    });
    auto *buttons = static_cast<QHBoxLayout *>(layout()->itemAt(1)->layout());
    buttons->insertWidget(buttons->count() - 1, b); // before the stretch
    m_rowButtons << b;
    updateButtons();
    return b;
}

void ChildList::add()
{
    if (m_parentId == 0)
        return;
    EntityDialog dialog(m_repository, m_actor, m_spec.table, this);
    dialog.form().setSections(m_form);
    dialog.form().startCreate({{m_parentField, m_parentId}});
    if (dialog.exec() == QDialog::Accepted && dialog.form().recordId()) {
        m_model->reload();
        select(*dialog.form().recordId());
    }
}

void ChildList::open(qint64 id)
{
    if (id == 0)
        return;
    EntityDialog dialog(m_repository, m_actor, m_spec.table, this);
    dialog.form().setSections(m_form);
    if (dialog.form().load(id))
        dialog.exec();
}

void ChildList::remove(qint64 id)
{
    if (id == 0)
        return;
    const Core::EntityDef &entity = m_repository.catalog().entity(m_spec.table);
    const auto row = m_repository.get(m_actor, entity.table, id);
    const QString name = row ? row.value().value(entity.displayField).toString() : QString::number(id);
    if (!confirmDelete(this, entity, name))
        return;
    if (const auto removed = m_repository.remove(m_actor, entity.table, id); !removed)
        QMessageBox::warning(this, Tr::tr("Delete %1").arg(entity.singular), removed.error().message());
}

void ChildList::onCurrentRowChanged()
{
    if (m_restoring)
        return;
    const QModelIndex current = m_view->selectionModel()->currentIndex();
    const qint64 id = current.isValid() ? m_model->idAt(current.row()) : 0;
    if (id == m_currentId)
        return;
    m_currentId = id;
    updateButtons();
    emit currentChanged(id);
}

void ChildList::onReloaded()
{
    // A parent has few children: the columns can fit their contents every time.
    if (m_view)
        m_view->resizeColumnsToContents();
    // A reload (a row added elsewhere, another parent) drops the selection without a signal:
    // keep the selected row when it is still here, and say so when it is gone.
    if (m_currentId == 0 || !m_view)
        return;
    m_restoring = true;
    select(m_currentId);
    m_restoring = false;
    const QModelIndex current = m_view->selectionModel()->currentIndex();
    if (!current.isValid() || m_model->idAt(current.row()) != m_currentId) {
        m_currentId = 0;
        updateButtons();
        emit currentChanged(0);
    }
}

void ChildList::updateButtons()
{
    if (!m_add)
        return;
    m_add->setEnabled(m_parentId != 0);
    m_open->setEnabled(m_currentId != 0);
    m_delete->setEnabled(m_currentId != 0);
    for (QPushButton *b : std::as_const(m_rowButtons))
        b->setEnabled(m_currentId != 0);
}

} // namespace ChargeDesk::Ui
