#include "ui/identity/customerpicker.h"

#include "core/catalog.h"
#include "ui/widgets/recordtablemodel.h"
#include "ui/widgets/tr.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace ChargeDesk::Ui {

CustomerPicker::CustomerPicker(Core::Repository &repository, const Core::Actor &actor, const QString &title,
                               QWidget *parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("customerPicker"));
    setWindowTitle(title);
    // Scoped in core: an operator user is only offered their own operator's customers.
    m_model = new RecordTableModel(
        repository, actor, Core::Tables::Customers,
        {QStringLiteral("name"), QStringLiteral("code"), QStringLiteral("email"), QStringLiteral("status")}, this);
    m_model->sort(0, Qt::AscendingOrder);

    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("customerSearch"));
    m_search->setPlaceholderText(Tr::tr("Search by name"));
    m_search->setClearButtonEnabled(true);
    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("customerList"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setColumnWidth(0, fontMetrics().averageCharWidth() * 24);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_pick = buttons->addButton(Tr::tr("Assign"), QDialogButtonBox::AcceptRole);
    m_pick->setObjectName(QStringLiteral("pickButton"));
    m_pick->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, &CustomerPicker::choose);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_view, &QTableView::activated, this, &CustomerPicker::choose);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &CustomerPicker::updateButton);
    connect(m_model, &RecordTableModel::reloaded, this, &CustomerPicker::updateButton);

    // Typing searches after a short pause, so every key does not ask the database.
    m_searchTimer = new QTimer(this);
    m_searchTimer->setSingleShot(true);
    m_searchTimer->setInterval(200);
    connect(m_searchTimer, &QTimer::timeout, this, &CustomerPicker::search);
    connect(m_search, &QLineEdit::textChanged, m_searchTimer, qOverload<>(&QTimer::start));

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_search);
    layout->addWidget(m_view, 1);
    layout->addWidget(buttons);
    resize(fontMetrics().averageCharWidth() * 90, fontMetrics().height() * 28);
    updateButton();
}

void CustomerPicker::search()
{
    const QString text = m_search->text().trimmed();
    QList<Core::ListQuery::Filter> filters;
    if (!text.isEmpty())
        filters << Core::ListQuery::Filter{QStringLiteral("name"), Core::ListQuery::Filter::Op::Contains, text};
    m_model->setFilters(filters);
    if (m_model->rowCount() == 1) // the one match is what the user is after
        m_view->selectRow(0);
}

void CustomerPicker::updateButton()
{
    m_pick->setEnabled(m_view->selectionModel()->currentIndex().isValid());
}

void CustomerPicker::choose()
{
    const QModelIndex current = m_view->selectionModel()->currentIndex();
    if (!current.isValid())
        return;
    m_chosen = m_model->idAt(current.row());
    accept();
}

} // namespace ChargeDesk::Ui
