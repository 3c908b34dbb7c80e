#include "ui/widgets/listpage.h"

#include "ui/widgets/columnchooser.h"
#include "ui/widgets/icons.h"
#include "ui/widgets/recordtablemodel.h"
#include "ui/widgets/rowexport.h"
#include "ui/widgets/statuschips.h"
#include "ui/widgets/tr.h"
#include "ui/widgets/valueformat.h"
#include "ui/widgets/zoneddatetimeedit.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDoubleValidator>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QScopedValueRollback>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QSplitter>
#include <QTableView>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace ChargeDesk::Ui {

namespace {

using Filter = Core::ListQuery::Filter;
using Core::FieldType;

// The earliest time a range filter offers; a range editor at this value means "any time".
// The date filters' lowest value, shown as "any time"; wall-clock times are UTC date-times there.
const QDateTime AnyTime(QDate(2000, 1, 1), QTime(0, 0), Qt::UTC);

} // namespace

ListPage::ListPage(Core::Repository &repository, const Core::Actor &actor, const ListSpec &spec, QWidget *parent)
    : QWidget(parent)
    , m_repository(repository)
    , m_actor(actor)
    , m_spec(spec)
{
    setObjectName(QStringLiteral("list_") + spec.table);
    m_model = new RecordTableModel(repository, actor, spec.table, spec.columns, this);
    if (!spec.fixedFilters.isEmpty())
        m_model->setFixedFilters(spec.fixedFilters);
    m_model->sort(int(qMax(qsizetype(0), spec.columns.indexOf(spec.orderBy))),
                  spec.descending ? Qt::DescendingOrder : Qt::AscendingOrder);

    m_view = new ListView(this);
    m_view->setObjectName(QStringLiteral("listView"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 10);
    m_view->horizontalHeader()->setStretchLastSection(true);
    // Columns fit the rows in sight: the pages far below are not read just to measure them.
    m_view->horizontalHeader()->setResizeContentsPrecision(0);
    m_view->horizontalHeader()->setSortIndicator(int(spec.columns.indexOf(spec.orderBy)),
                                                 spec.descending ? Qt::DescendingOrder : Qt::AscendingOrder);
    m_view->setSortingEnabled(true);
    for (int c = 0; c < m_model->columnCount(); ++c) {
        m_view->setColumnWidth(
            c,
            qMax(90, m_view->fontMetrics().horizontalAdvance(m_model->headerData(c, Qt::Horizontal).toString()) + 40));
        if (m_model->isStatusColumn(c))
            m_view->setItemDelegateForColumn(c, new StatusChipDelegate(m_view));
    }
    new ColumnChooser(*m_view, spec.table, spec.columns, spec.hiddenColumns, this);
    connect(m_view->horizontalHeader(), &QHeaderView::sectionResized, this, &ListPage::onSectionResized);
    connect(m_view, &QTableView::activated, this,
            [this](const QModelIndex &index) { emit openRequested(m_model->idAt(index.row())); });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] {
        showDetails();
        emit currentChanged(currentId());
    });
    connect(m_model, &RecordTableModel::reloaded, this, &ListPage::updateSummary);
    // Queued: the view lays out the rows of a reset model later, and measures none before.
    connect(m_model, &RecordTableModel::reloaded, this, &ListPage::sizeColumnsToContents, Qt::QueuedConnection);
    connect(m_model, &RecordTableModel::dataChanged, this, &ListPage::onDataChanged);

    // Actions: shortcuts work while the page has focus, so pages side by side do not clash.
    auto *toolbar = new QToolBar(this);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->setIconSize(QSize(16, 16));
    const auto addToolAction = [this, toolbar](const QString &name, const QString &text, const QString &icon,
                                               const QKeySequence &key, auto slot) {
        auto *action = toolbar->addAction(Icons::get(icon), text);
        action->setObjectName(name);
        action->setShortcut(key);
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        this->addAction(action);
        connect(action, &QAction::triggered, this, slot);
        return action;
    };
    m_newAction = addToolAction(QStringLiteral("newAction"), Tr::tr("New"), QStringLiteral("new"), QKeySequence::New,
                                [this] { emit createRequested(); });
    addToolAction(QStringLiteral("openAction"), Tr::tr("Open"), QStringLiteral("edit"), QKeySequence(Qt::Key_F2),
                  [this] {
                      if (currentId() != 0)
                          emit openRequested(currentId());
                  });
    m_deleteAction = addToolAction(QStringLiteral("deleteAction"), Tr::tr("Delete"), QStringLiteral("delete"),
                                   QKeySequence::Delete, [this] {
                                       if (currentId() != 0)
                                           emit deleteRequested(currentId());
                                   });
    toolbar->addSeparator();
    addToolAction(QStringLiteral("refreshAction"), Tr::tr("Refresh"), QStringLiteral("refresh"), QKeySequence::Refresh,
                  [this] { m_model->reload(); });
    addToolAction(QStringLiteral("copyAction"), Tr::tr("Copy"), QStringLiteral("copy"), QKeySequence::Copy,
                  [this] { copySelection(); });

    auto *exportMenu = new QMenu(this);
    const QIcon csv = Icons::get(QStringLiteral("csv"));
    const QIcon printer = Icons::get(QStringLiteral("print"));
    exportMenu->addAction(csv, Tr::tr("Selected rows as CSV…"), this, &ListPage::exportSelection);
    exportMenu->addAction(csv, Tr::tr("All rows as CSV…"), this, &ListPage::exportAllInteractive);
    exportMenu->addSeparator();
    exportMenu->addAction(printer, Tr::tr("Print selected rows…"), this, [this] { print(false); });
    QAction *printAll = exportMenu->addAction(printer, Tr::tr("Print all rows…"), this, [this] { print(true); });
    printAll->setShortcut(QKeySequence::Print);
    printAll->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(printAll);
    toolbar->addWidget(exportButton(toolbar, exportMenu));
    // The details pane can be put away for a wide list, and stays so for this list.
    m_detailsAction =
        addToolAction(QStringLiteral("detailsAction"), Tr::tr("Details"), QStringLiteral("about"),
                      QKeySequence(Qt::CTRL | Qt::Key_I), [this] {
                          QSettings().setValue(settingsKey(QStringLiteral("details")), m_detailsAction->isChecked());
                          showDetails();
                      });
    m_detailsAction->setCheckable(true);
    m_detailsAction->setChecked(QSettings().value(settingsKey(QStringLiteral("details")), true).toBool());
    m_detailsAction->setToolTip(Tr::tr("Show or hide the details of the selected row (Ctrl+I)"));

    // Details pane beside the table.
    m_details = new QWidget;
    auto *detailsLayout = new QVBoxLayout(m_details);
    m_detailsForm = new QFormLayout;
    m_detailsForm->setLabelAlignment(Qt::AlignRight);
    detailsLayout->addLayout(m_detailsForm);
    detailsLayout->addStretch();
    auto *detailsScroll = new QScrollArea;
    detailsScroll->setObjectName(QStringLiteral("detailsPane"));
    detailsScroll->setWidgetResizable(true);
    detailsScroll->setFrameShape(QFrame::NoFrame);
    detailsScroll->setWidget(m_details);
    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(m_view);
    splitter->addWidget(detailsScroll);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);
    // Wide enough for a label and a wrapped value; its width is remembered per list.
    detailsScroll->setMinimumWidth(fontMetrics().averageCharWidth() * 32);
    connect(splitter, &QSplitter::splitterMoved, this, [this, splitter] {
        QSettings().setValue(settingsKey(QStringLiteral("detailsWidth")), splitter->sizes().value(1));
    });
    m_hasDetails = !spec.detailFields.isEmpty();
    m_detailsAction->setVisible(m_hasDetails);
    detailsScroll->setVisible(false); // until a row is selected: the table gets the width

    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("summary"));
    m_summary->setForegroundRole(QPalette::PlaceholderText);

    // Actions above, filters below: each gets the whole width, so neither is squeezed.
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(toolbar);
    // The filters scroll sideways rather than widen the window past the screen when a list
    // has many of them and the demo panel is docked beside it.
    QWidget *filterBar = buildFilterBar();
    auto *filterScroll = new QScrollArea;
    filterScroll->setObjectName(QStringLiteral("filterScroll"));
    filterScroll->setFrameShape(QFrame::NoFrame);
    filterScroll->setWidgetResizable(true);
    filterScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    filterScroll->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    filterScroll->setWidget(filterBar);
    const int barHeight = filterBar->sizeHint().height();
    filterScroll->setFixedHeight(barHeight);
    // Room for the scroll bar only while it shows, so that it never covers the filters.
    connect(filterScroll->horizontalScrollBar(), &QScrollBar::rangeChanged, filterScroll,
            [filterScroll, barHeight](int, int max) {
                filterScroll->setFixedHeight(barHeight +
                                             (max > 0 ? filterScroll->horizontalScrollBar()->sizeHint().height() : 0));
            });
    filterScroll->setVisible(!m_spec.filters.isEmpty());
    layout->addWidget(filterScroll);
    layout->addWidget(splitter, 1);
    if (QLabel *legend = statusLegend(*m_model, this))
        layout->addWidget(legend);
    layout->addWidget(m_summary);

    m_filterTimer.setSingleShot(true);
    m_filterTimer.setInterval(250);
    connect(&m_filterTimer, &QTimer::timeout, this, &ListPage::applyFilters);
    updateSummary();
}

qint64 ListPage::currentId() const
{
    const QModelIndex current = m_view->selectionModel()->currentIndex();
    return current.isValid() ? m_model->idAt(current.row()) : 0;
}

void ListPage::select(qint64 id)
{
    if (m_model->rowOf(id) < 0)
        m_model->recordAt(0); // a list not painted yet has read nothing; its first page is likely
    const int row = m_model->rowOf(id);
    if (row < 0)
        return;
    m_view->selectionModel()->setCurrentIndex(m_model->index(row, 0),
                                              QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_view->scrollTo(m_model->index(row, 0));
}

void ListPage::addDetailsWidget(QWidget *widget)
{
    auto *layout = static_cast<QVBoxLayout *>(m_details->layout());
    layout->insertWidget(layout->count() - 1, widget); // above the stretch
    // The pane is as wide as what a section adds needs, so that a narrow window squeezes the
    // table (which scrolls sideways anyway) rather than the details.
    auto *pane = findChild<QScrollArea *>(QStringLiteral("detailsPane"));
    const QMargins margins = m_details->layout()->contentsMargins();
    pane->setMinimumWidth(qMax(pane->minimumWidth(), widget->minimumSizeHint().width() + margins.left() +
                                                         margins.right() +
                                                         pane->verticalScrollBar()->sizeHint().width()));
    m_hasDetails = true;
    m_detailsAction->setVisible(true);
    pane->setVisible(m_view->selectionModel()->currentIndex().isValid());
}

void ListPage::setEditable(bool editable)
{
    m_newAction->setVisible(editable);
    m_deleteAction->setVisible(editable);
    updateEmptyText();
}

void ListPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    sizeColumnsToContents();
}

void ListPage::sizeColumnsToContents()
{
    if (m_userSizedColumns || !isVisible() || m_model->rowCount() == 0)
        return;
    const QScopedValueRollback sizing(m_sizingColumns, true);
    const int widest = qMax(160, m_view->viewport()->width() * 2 / 5);
    for (int c = 0; c < m_model->columnCount(); ++c) {
        if (m_view->isColumnHidden(c))
            continue;
        // Rows that come later (a list of sessions fills as cars arrive) only widen a column.
        const int before = m_columnsSized ? m_view->columnWidth(c) : 0;
        m_view->resizeColumnToContents(c); // the header's title and the rows in sight
        m_view->setColumnWidth(c, qMax(before, qMin(widest, m_view->columnWidth(c))));
    }
    m_columnsSized = true;
}

void ListPage::onSectionResized(int column, int oldWidth, int newWidth)
{
    // The last column stretches with the view, and hiding or showing a column resizes it to or
    // from nothing; any other width the user dragged is theirs from now on.
    QHeaderView *header = m_view->horizontalHeader();
    if (oldWidth == 0 || newWidth == 0 || header->isSectionHidden(column))
        return;
    int last = -1;
    for (int visual = header->count() - 1; visual >= 0 && last < 0; --visual)
        if (!header->isSectionHidden(header->logicalIndex(visual)))
            last = header->logicalIndex(visual);
    if (!m_sizingColumns && column != last)
        m_userSizedColumns = true;
}

void ListPage::onDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight)
{
    // The details follow a change of their row; the duration ticking in a list does not
    // rebuild them each second.
    const QModelIndex current = m_view->selectionModel()->currentIndex();
    if (!current.isValid() || current.row() < topLeft.row() || current.row() > bottomRight.row())
        return;
    const bool wholeRow = topLeft.column() == 0 && bottomRight.column() == m_model->columnCount() - 1;
    bool shown = wholeRow;
    for (int c = topLeft.column(); c <= bottomRight.column() && !shown; ++c)
        shown = m_spec.detailFields.contains(m_model->columns().value(c));
    if (shown)
        showDetails();
}

QWidget *ListPage::buildFilterBar()
{
    auto *bar = new QWidget(this);
    bar->setObjectName(QStringLiteral("filterBar"));
    auto *layout = new QHBoxLayout(bar);
    layout->setContentsMargins(0, 0, 0, 0);
    for (const QString &field : m_spec.filters) {
        if (QWidget *editor = filterEditor(field)) {
            m_filterEditors << editor;
            layout->addWidget(editor);
        }
    }
    if (!m_spec.filters.isEmpty()) {
        auto *clear = new QPushButton(Tr::tr("Clear"), bar);
        clear->setObjectName(QStringLiteral("clearFilters"));
        clear->setIcon(Icons::get(QStringLiteral("clear")));
        clear->setFlat(true);
        connect(clear, &QPushButton::clicked, this, &ListPage::clearFilters);
        layout->addWidget(clear);
    }
    layout->addStretch();
    return bar;
}

QWidget *ListPage::filterEditor(const QString &name)
{
    const Core::FieldDef *field = Core::filterField(m_repository.catalog(), m_model->entity(), name);
    if (!field)
        return nullptr;
    const QString objectName = QStringLiteral("filter_") + name;
    const auto equalsFrom = [this, name](QComboBox *combo) {
        connect(combo, &QComboBox::currentIndexChanged, this, [this, combo, name] {
            const QVariant value = combo->currentData();
            setFilter(name, value.isValid() ? std::optional(Filter{name, Filter::Op::Equals, value}) : std::nullopt);
            applyFilters();
        });
    };
    switch (field->type) {
    case FieldType::Choice:
    case FieldType::Boolean:
    case FieldType::Reference: {
        auto *combo = new QComboBox(this);
        combo->setObjectName(objectName);
        combo->addItem(Tr::tr("%1: all").arg(field->label));
        if (field->type == FieldType::Boolean) {
            combo->addItem(Tr::tr("%1: yes").arg(field->label), true);
            combo->addItem(Tr::tr("%1: no").arg(field->label), false);
        } else if (field->type == FieldType::Choice) {
            for (const QString &choice : field->choices)
                combo->addItem(choiceText(choice), choice);
        } else {
            const Core::EntityDef &ref = m_repository.catalog().entity(field->refTable);
            Core::ListQuery q;
            q.orderBy = ref.displayField;
            q.limit = 1000;
            const auto rows = m_repository.list(m_actor, field->refTable, q);
            for (const Core::Record &row : rows ? rows.value() : QList<Core::Record>{})
                combo->addItem(row.value(ref.displayField).toString(), row.value(QStringLiteral("id")));
        }
        // Its full width when there is room; narrower rather than pushing the window off screen.
        // Not AdjustToContents: that resizes the box to its full text by itself (adjustSize()),
        // over the next filter and the Clear button when the bar is squeezed.
        combo->setSizeAdjustPolicy(QComboBox::AdjustToContentsOnFirstShow);
        combo->setMinimumWidth(combo->fontMetrics().averageCharWidth() * 10);
        equalsFrom(combo);
        return combo;
    }
    case FieldType::Timestamp: {
        auto *range = new QWidget(this);
        range->setObjectName(objectName);
        auto *layout = new QHBoxLayout(range);
        layout->setContentsMargins(0, 0, 0, 0);
        layout->addWidget(new QLabel(field->label, range));
        for (const auto &[suffix, op, label] :
             {std::tuple{">=", Filter::Op::AtLeast, Tr::tr("from")}, {"<", Filter::Op::Below, Tr::tr("until")}}) {
            auto *edit = new ZonedDateTimeEdit(range);
            edit->setObjectName(objectName + QLatin1String(suffix));
            edit->setMinimumDateTime(AnyTime);
            edit->setDateTime(AnyTime);
            edit->setSpecialValueText(Tr::tr("any time"));
            edit->setToolTip(QStringLiteral("%1 (%2)").arg(label, displayZoneText()));
            const QString key = name + QLatin1String(suffix);
            // A structured binding cannot be captured before C++20 compilers caught up (clang 14).
            const Filter::Op bound = op;
            connect(edit, &QDateTimeEdit::dateTimeChanged, this, [this, edit, key, name, bound](const QDateTime &at) {
                setFilter(key, at == AnyTime ? std::nullopt : std::optional(Filter{name, bound, edit->utcMs()}));
                m_filterTimer.start();
            });
            layout->addWidget(edit);
        }
        return range;
    }
    case FieldType::Text:
    case FieldType::Email:
    case FieldType::Integer:
    case FieldType::Real:
    case FieldType::Blob: break;
    }
    auto *edit = new QLineEdit(this);
    edit->setObjectName(objectName);
    edit->setPlaceholderText(field->label);
    edit->setClearButtonEnabled(true);
    edit->setMinimumWidth(edit->fontMetrics().averageCharWidth() * 10);
    edit->setMaximumWidth(220);
    const FieldType type = field->type;
    // A number filter takes only a number, so the database is never asked to compare text.
    if (type == FieldType::Integer)
        edit->setValidator(new QRegularExpressionValidator(QRegularExpression(QStringLiteral("-?\\d{0,18}")), edit));
    else if (type == FieldType::Real)
        edit->setValidator(new QDoubleValidator(edit));
    connect(edit, &QLineEdit::textChanged, this, [this, name, type](const QString &text) {
        const QString typed = text.trimmed();
        bool ok = true;
        QVariant value = typed;
        if (type == FieldType::Integer)
            value = typed.toLongLong(&ok);
        else if (type == FieldType::Real)
            value = QLocale().toDouble(typed, &ok);
        const bool number = type == FieldType::Integer || type == FieldType::Real;
        setFilter(name, typed.isEmpty() || !ok
                            ? std::nullopt
                            : std::optional(Filter{name, number ? Filter::Op::Equals : Filter::Op::Contains, value}));
        m_filterTimer.start();
    });
    return edit;
}

void ListPage::setFilter(const QString &key, std::optional<Core::ListQuery::Filter> filter)
{
    if (filter)
        m_filters.insert(key, *filter);
    else
        m_filters.remove(key);
}

void ListPage::applyFilters()
{
    m_filterTimer.stop();
    m_model->setFilters(m_filters.values());
}

void ListPage::clearFilters()
{
    for (QWidget *editor : std::as_const(m_filterEditors)) {
        const QSignalBlocker block(editor);
        if (auto *line = qobject_cast<QLineEdit *>(editor))
            line->clear();
        else if (auto *combo = qobject_cast<QComboBox *>(editor))
            combo->setCurrentIndex(0);
        for (auto *edit : editor->findChildren<QDateTimeEdit *>()) {
            const QSignalBlocker blockEdit(edit);
            edit->setDateTime(AnyTime);
        }
    }
    m_filters.clear();
    applyFilters();
}

QString ListPage::settingsKey(const QString &name) const
{
    return QStringLiteral("lists/%1/%2").arg(m_spec.table, name);
}

void ListPage::showDetails()
{
    while (m_detailsForm->rowCount() > 0)
        m_detailsForm->removeRow(0);
    const QModelIndex current = m_view->selectionModel()->currentIndex();
    auto *pane = findChild<QScrollArea *>(QStringLiteral("detailsPane"));
    const bool shown = m_hasDetails && current.isValid() && m_detailsAction->isChecked();
    m_detailsAction->setVisible(m_hasDetails);
    const bool opening = shown && pane->isHidden();
    pane->setVisible(shown);
    // A pane that opens after the page is shown would get only its minimum width from the
    // splitter: it gets what its content asks for, up to half the page.
    auto *splitter = qobject_cast<QSplitter *>(pane->parentWidget());
    if (opening && splitter && splitter->width() > 0) {
        const int total = splitter->width();
        const int remembered = QSettings().value(settingsKey(QStringLiteral("detailsWidth")), 0).toInt();
        const int wanted = std::clamp(remembered > 0 ? remembered : pane->sizeHint().width(), total / 4, total / 2);
        splitter->setSizes({total - wanted, wanted});
    }
    if (!shown)
        return;
    const Core::Record record = m_model->recordAt(current.row());
    auto *title = new QLabel(record.value(m_model->entity().displayField).toString());
    QFont bold = title->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.2);
    title->setFont(bold);
    m_detailsForm->addRow(title);
    for (const QString &name : m_spec.detailFields) {
        const Core::FieldDef *field = m_model->entity().field(name);
        const QString text = m_model->fieldText(record, name);
        auto *value = new QLabel(text.isEmpty() ? QStringLiteral("—") : text);
        value->setTextInteractionFlags(Qt::TextSelectableByMouse);
        value->setWordWrap(true);
        m_detailsForm->addRow(field ? field->label : name, value);
    }
}

void ListPage::updateSummary()
{
    const int count = m_model->rowCount();
    if (!m_model->errorString().isEmpty())
        m_summary->setText(Tr::tr("Could not read the list: %1").arg(m_model->errorString()));
    else if (m_filters.isEmpty())
        m_summary->setText(
            Tr::tr("%L1 %2").arg(count).arg(count == 1 ? m_model->entity().singular : m_model->entity().plural));
    else
        m_summary->setText(Tr::tr("%L1 %2 match the filters")
                               .arg(count)
                               .arg(count == 1 ? m_model->entity().singular : m_model->entity().plural));
    updateEmptyText();
}

void ListPage::updateEmptyText()
{
    const QString &plural = m_model->entity().plural;
    if (!m_model->errorString().isEmpty())
        m_view->setEmptyText({}); // the summary says why
    else if (!m_filters.isEmpty())
        m_view->setEmptyText(Tr::tr("No %1 match the filters. Click Clear to see them all.").arg(plural));
    else if (!m_spec.emptyText.isEmpty())
        m_view->setEmptyText(m_spec.emptyText);
    else if (m_newAction->isVisible())
        m_view->setEmptyText(Tr::tr("No %1 yet. Click New to add one.").arg(plural));
    else
        m_view->setEmptyText(Tr::tr("No %1 yet.").arg(plural));
}

QList<int> ListPage::selectedRows() const
{
    QList<int> rows;
    for (const QModelIndex &index : m_view->selectionModel()->selectedRows())
        rows << index.row();
    std::sort(rows.begin(), rows.end());
    return rows;
}

QList<QStringList> ListPage::selectedCells(RecordTableModel::Purpose purpose) const
{
    QList<QStringList> lines{m_model->headerTitles()};
    for (int row : selectedRows())
        lines << m_model->rowCells(m_model->recordAt(row), purpose);
    return lines;
}

void ListPage::copySelection()
{
    if (selectedRows().isEmpty())
        return;
    QStringList lines;
    for (const QStringList &cells : selectedCells(RecordTableModel::Purpose::Display))
        lines << cells.join(QLatin1Char('\t'));
    QApplication::clipboard()->setText(lines.join(QLatin1Char('\n')));
}

void ListPage::exportSelection()
{
    const QString fileName =
        QFileDialog::getSaveFileName(this, Tr::tr("Export selected rows"),
                                     m_model->entity().plural + QStringLiteral(".csv"), Tr::tr("CSV files (*.csv)"));
    if (fileName.isEmpty())
        return;
    saveCsvFile(this, fileName, [this](const RowExport::Sink &sink) -> std::pair<bool, QString> {
        for (const QStringList &cells : selectedCells(RecordTableModel::Purpose::Export))
            if (const QString error = sink(cells); !error.isEmpty())
                return {false, error};
        return {true, {}};
    });
}

void ListPage::exportAllInteractive()
{
    const QString fileName =
        QFileDialog::getSaveFileName(this, Tr::tr("Export all rows"), m_model->entity().plural + QStringLiteral(".csv"),
                                     Tr::tr("CSV files (*.csv)"));
    if (!fileName.isEmpty())
        exportAll(fileName);
}

bool ListPage::exportAll(const QString &fileName)
{
    return saveCsvFile(this, fileName, [this](const RowExport::Sink &sink) {
        RowExport job(*m_model, sink);
        return runWithProgress(this, job, Tr::tr("Exporting %1…").arg(m_model->entity().plural));
    });
}

void ListPage::print(bool allRows)
{
    printRows(this, m_model->entity().plural, [this, allRows](const RowExport::Sink &sink) -> std::pair<bool, QString> {
        if (allRows) {
            RowExport job(*m_model, sink);
            return runWithProgress(this, job, Tr::tr("Preparing %1 for printing…").arg(m_model->entity().plural));
        }
        for (const QStringList &cells : selectedCells(RecordTableModel::Purpose::Display))
            sink(cells);
        return {true, {}};
    });
}

} // namespace ChargeDesk::Ui
