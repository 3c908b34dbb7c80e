#include "ui/stations/ocpplogview.h"

#include "core/catalog.h"
#include "core/messagelog.h"
#include "ui/stations/ocppframes.h"
#include "ui/widgets/icons.h"
#include "ui/widgets/recordtablemodel.h"
#include "ui/widgets/rowexport.h"
#include "ui/widgets/tr.h"
#include "ui/widgets/valueformat.h"
#include "ui/widgets/zoneddatetimeedit.h"

#include <QColor>
#include <QComboBox>
#include <QFileDialog>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIdentityProxyModel>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QScrollBar>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTextBrowser>
#include <QTimeZone>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

namespace ChargeDesk::Ui {

namespace {

using Filter = Core::ListQuery::Filter;
namespace T = Core::Tables;

// The editors' lowest value, shown as "any time"; wall-clock times are UTC date-times there.
const QDateTime AnyTime(QDate(2000, 1, 1), QTime(0, 0), Qt::UTC);
// A session's answers to its last call are logged just after the engine closes it.
constexpr qint64 SessionEndGraceMs = 60 * 1000;

enum Column { TimeColumn, DirectionColumn, TypeColumn, ActionColumn, MessageIdColumn, PayloadColumn };

const QStringList &columns()
{
    static const QStringList names{QStringLiteral("at"),           QStringLiteral("direction"),
                                   QStringLiteral("message_type"), QStringLiteral("action"),
                                   QStringLiteral("message_id"),   QStringLiteral("payload")};
    return names;
}

qint64 atOf(const Core::Record &frame)
{
    return frame.value(QStringLiteral("at")).toLongLong();
}

bool isIncoming(const Core::Record &frame)
{
    return frame.value(QStringLiteral("direction")).toString() == QLatin1String("in");
}

int typeOf(const Core::Record &frame)
{
    return frame.value(QStringLiteral("message_type")).toInt();
}

QString frameTime(qint64 atMs)
{
    return displayTime(atMs).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
}

} // namespace

// The table's looks over the model's texts: an arrow for the direction, errors in red, and the
// selected frame's request or answer marked.
class OcppFrameStyle final : public QIdentityProxyModel
{
public:
    using QIdentityProxyModel::QIdentityProxyModel;

    void setPairRow(int row)
    {
        const int old = std::exchange(m_pairRow, row);
        for (int r : {old, row})
            if (r >= 0 && r < rowCount())
                emit dataChanged(index(r, 0), index(r, columnCount() - 1), {Qt::BackgroundRole});
    }

    QVariant data(const QModelIndex &proxyIndex, int role) const override
    {
        if (!proxyIndex.isValid())
            return {};
        const int column = proxyIndex.column();
        switch (role) {
        case Qt::DecorationRole:
            if (column == DirectionColumn) {
                const auto *source = static_cast<const RecordTableModel *>(sourceModel());
                const bool in =
                    source->recordAt(proxyIndex.row()).value(QStringLiteral("direction")) == QLatin1String("in");
                return Icons::get(in ? QStringLiteral("frame-in") : QStringLiteral("frame-out"));
            }
            return {};
        case Qt::ForegroundRole:
            if (column == TypeColumn &&
                QIdentityProxyModel::data(proxyIndex, Qt::DisplayRole).toString() == QLatin1String("ERROR"))
                return QColor(0xc6, 0x28, 0x28);
            return {};
        case Qt::BackgroundRole:
            if (proxyIndex.row() == m_pairRow)
                return QColor(255, 214, 102, 110);
            return {};
        case Qt::TextAlignmentRole: return QVariant::fromValue(Qt::AlignVCenter | Qt::AlignLeft);
        case Qt::FontRole:
            if (column == MessageIdColumn || column == PayloadColumn)
                return QFontDatabase::systemFont(QFontDatabase::FixedFont);
            return {};
        default: return QIdentityProxyModel::data(proxyIndex, role);
        }
    }

private:
    int m_pairRow = -1;
};

OcppLogView::OcppLogView(const PageContext &context, Scope scope, QWidget *parent)
    : OcppLogView(context.repository, context.actor, context.services.messageLog, scope, parent)
{}

OcppLogView::OcppLogView(Core::Repository &repository, const Core::Actor &actor, Core::MessageLog *messageLog,
                         Scope scope, QWidget *parent)
    : QWidget(parent)
    , m_repository(repository)
    , m_actor(actor)
    , m_scope(scope)
{
    setObjectName(QStringLiteral("ocppLog"));
    resolveScope();

    m_model = new RecordTableModel(repository, actor, T::OcppMessages, columns(), this);
    m_model->setColumnTitle(QStringLiteral("message_type"), Tr::tr("Type"));
    m_model->setColumnTitle(QStringLiteral("payload"), Tr::tr("Payload"));
    using Purpose = RecordTableModel::Purpose;
    m_model->setColumnText(QStringLiteral("at"), [](const Core::Record &r, Purpose purpose) {
        return purpose == Purpose::Display
                   ? frameTime(atOf(r))
                   : QDateTime::fromMSecsSinceEpoch(atOf(r), Qt::UTC).toString(Qt::ISODateWithMs);
    });
    m_model->setColumnText(QStringLiteral("direction"), [](const Core::Record &r, Purpose purpose) {
        if (purpose == Purpose::Export)
            return r.value(QStringLiteral("direction")).toString();
        return isIncoming(r) ? Tr::tr("From station") : Tr::tr("To station");
    });
    m_model->setColumnText(QStringLiteral("message_type"),
                           [](const Core::Record &r, Purpose) { return OcppFrames::typeName(typeOf(r)); });
    m_model->setColumnText(QStringLiteral("action"), [this](const Core::Record &r, Purpose) { return actionOf(r); });
    m_model->setColumnText(QStringLiteral("payload"), [](const Core::Record &r, Purpose purpose) {
        const QByteArray frame = r.value(QStringLiteral("payload")).toString().toUtf8();
        if (purpose == Purpose::Export)
            return QString::fromUtf8(frame);
        if (typeOf(r) == 4) {
            const QString code = r.value(QStringLiteral("error_code")).toString();
            const QString why = r.value(QStringLiteral("error_description")).toString();
            return why.isEmpty() ? code : QStringLiteral("%1: %2").arg(code, why);
        }
        return OcppFrames::summary(OcppFrames::payloadOf(frame));
    });
    // Oldest first, like any log: new frames arrive at the end.
    m_model->sort(TimeColumn, Qt::AscendingOrder);

    m_style = new OcppFrameStyle(this);
    m_style->setSourceModel(m_model);

    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("frames"));
    m_view->setModel(m_style);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->setTextElideMode(Qt::ElideRight);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setHighlightSections(false);
    const int digit = m_view->fontMetrics().horizontalAdvance(QLatin1Char('0'));
    m_view->setColumnWidth(TimeColumn, m_view->fontMetrics().horizontalAdvance(frameTime(0)) + 24);
    m_view->setColumnWidth(DirectionColumn, m_view->fontMetrics().horizontalAdvance(Tr::tr("From station")) + 48);
    m_view->setColumnWidth(TypeColumn, digit * 8 + 16);
    m_view->setColumnWidth(ActionColumn, digit * 24);
    m_view->setColumnWidth(MessageIdColumn, digit * 13);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &OcppLogView::showCurrent);
    connect(m_model, &RecordTableModel::reloaded, this, &OcppLogView::updateSummary);
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        // A new filter: the frame read before stays selected when it still matches.
        const qint64 keep = m_current;
        m_current = 0;
        if (keep != 0)
            selectFrame(keep);
        if (m_current == 0)
            showCurrent();
    });
    if (messageLog)
        connect(messageLog, &Core::MessageLog::written, this, &OcppLogView::onWritten);

    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->addWidget(m_view);
    m_splitter->addWidget(buildDetails());
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    m_splitter->setChildrenCollapsible(false);

    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("summary"));
    m_summary->setForegroundRole(QPalette::PlaceholderText);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(buildFilterBar());
    layout->addWidget(m_splitter, 1);
    layout->addWidget(m_summary);

    applyFilters();
}

void OcppLogView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (std::exchange(m_shown, true))
        return;
    // The latest frames first, once the table knows its height.
    QTimer::singleShot(0, m_view, &QTableView::scrollToBottom);
}

void OcppLogView::resolveScope()
{
    m_scopeFilters.clear();
    m_scopeGroups.clear();
    if (m_scope.kind == Scope::Kind::Station) {
        m_stationId = m_scope.id;
        m_scopeFilters << Filter{QStringLiteral("station_id"), Filter::Op::Equals, m_scope.id};
        return;
    }
    const auto session = m_repository.get(m_actor, T::Sessions, m_scope.id);
    const auto connector = session
                               ? m_repository.get(m_actor, T::Connectors,
                                                  session.value().value(QStringLiteral("connector_id")).toLongLong())
                               : Core::Result<Core::Record>(session.error());
    const auto charger =
        connector
            ? m_repository.get(m_actor, T::Chargers, connector.value().value(QStringLiteral("charger_id")).toLongLong())
            : Core::Result<Core::Record>(connector.error());
    if (!charger) {
        m_scopeError = charger.error().message();
        m_scopeFilters << Filter{QStringLiteral("id"), Filter::Op::Equals, 0}; // nothing
        return;
    }
    m_stationId = charger.value().value(QStringLiteral("station_id")).toLongLong();
    const Core::Record &s = session.value();
    const QVariant started = s.value(QStringLiteral("created_at")).isNull() ? s.value(QStringLiteral("started_at"))
                                                                            : s.value(QStringLiteral("created_at"));
    m_scopeFilters << Filter{QStringLiteral("station_id"), Filter::Op::Equals, m_stationId};
    if (!started.isNull())
        m_scopeFilters << Filter{QStringLiteral("at"), Filter::Op::AtLeast, started.toLongLong()};
    if (const QVariant ended = s.value(QStringLiteral("ended_at")); !ended.isNull())
        m_scopeFilters << Filter{QStringLiteral("at"), Filter::Op::Below, ended.toLongLong() + SessionEndGraceMs};
    // Frames the engine tied to a session belong to that session only.
    m_scopeGroups << QList<Filter>{{QStringLiteral("session_id"), Filter::Op::IsNull, {}},
                                   {QStringLiteral("session_id"), Filter::Op::Equals, m_scope.id}};
}

QWidget *OcppLogView::buildFilterBar()
{
    auto *bar = new QToolBar(this);
    bar->setObjectName(QStringLiteral("logToolbar"));
    bar->setIconSize(QSize(16, 16));
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);

    m_range = new QComboBox(bar);
    m_range->setObjectName(QStringLiteral("range"));
    m_range->addItem(Tr::tr("All time"), int(Range::AllTime));
    m_range->addItem(Tr::tr("Last hour"), int(Range::LastHour));
    m_range->addItem(Tr::tr("Today"), int(Range::Today));
    m_range->addItem(Tr::tr("Last 7 days"), int(Range::Last7Days));
    m_range->addItem(Tr::tr("Custom range"), int(Range::Custom));
    connect(m_range, &QComboBox::activated, this, [this] { setRange(Range(m_range->currentData().toInt())); });

    const auto timeEdit = [this, bar](const QString &name, const QString &tip) {
        auto *edit = new ZonedDateTimeEdit(bar);
        edit->setObjectName(name);
        edit->setMinimumDateTime(AnyTime);
        edit->setDateTime(AnyTime);
        edit->setSpecialValueText(Tr::tr("any time"));
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
        edit->setToolTip(QStringLiteral("%1 (%2)").arg(tip, displayZoneText()));
        connect(edit, &QDateTimeEdit::dateTimeChanged, this, [this] {
            m_range->setCurrentIndex(m_range->findData(int(Range::Custom)));
            applyFilters();
        });
        return edit;
    };
    m_from = timeEdit(QStringLiteral("from"), Tr::tr("Frames from this time"));
    m_until = timeEdit(QStringLiteral("until"), Tr::tr("Frames before this time"));

    m_search = new QLineEdit(bar);
    m_search->setObjectName(QStringLiteral("search"));
    m_search->setPlaceholderText(Tr::tr("Search action, message ID or payload"));
    m_search->setClearButtonEnabled(true);
    m_search->addAction(Icons::get(QStringLiteral("search")), QLineEdit::LeadingPosition);
    auto *searchTimer = new QTimer(this);
    searchTimer->setSingleShot(true);
    searchTimer->setInterval(250);
    connect(m_search, &QLineEdit::textChanged, searchTimer, qOverload<>(&QTimer::start));
    connect(searchTimer, &QTimer::timeout, this, &OcppLogView::applyFilters);

    auto *rangeLabel = new QLabel(Tr::tr("Time"), bar);
    rangeLabel->setContentsMargins(4, 0, 6, 0);
    bar->addWidget(rangeLabel);
    bar->addWidget(m_range);
    bar->addWidget(m_from);
    auto *dash = new QLabel(QStringLiteral("–"), bar);
    dash->setContentsMargins(4, 0, 4, 0);
    bar->addWidget(dash);
    bar->addWidget(m_until);
    auto *spacer = new QWidget(bar);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    bar->addWidget(spacer);

    QAction *refresh = bar->addAction(Icons::get(QStringLiteral("refresh")), Tr::tr("Refresh"));
    refresh->setObjectName(QStringLiteral("refreshAction"));
    connect(refresh, &QAction::triggered, m_model, [this] { m_model->readAppended(); });
    auto *exportMenu = new QMenu(this);
    exportMenu->addAction(Icons::get(QStringLiteral("csv")), Tr::tr("All frames as CSV…"), this,
                          &OcppLogView::exportInteractive);
    exportMenu->addAction(Icons::get(QStringLiteral("print")), Tr::tr("Print…"), this, [this] {
        printRows(this, Tr::tr("OCPP log"), [this](const RowExport::Sink &sink) {
            RowExport job(*m_model, sink);
            return runWithProgress(this, job, Tr::tr("Preparing the log for printing…"));
        });
    });
    bar->addWidget(exportButton(bar, exportMenu));

    // The search box gets a line of its own so that it stays whole in a narrow dock.
    auto *box = new QWidget(this);
    auto *rows = new QVBoxLayout(box);
    rows->setContentsMargins(0, 0, 0, 4);
    rows->setSpacing(2);
    rows->addWidget(bar);
    rows->addWidget(m_search);
    return box;
}

void OcppLogView::resizeEvent(QResizeEvent *event)
{
    // Side by side on a wide window; in a dock the payload goes below the frames, so that
    // neither is squeezed into a narrow column.
    const Qt::Orientation orientation = width() >= 1100 ? Qt::Horizontal : Qt::Vertical;
    if (orientation != m_splitter->orientation()) {
        m_splitter->setOrientation(orientation);
        // Below the frames, the payload gets as much room as they do: it is what is read.
        if (orientation == Qt::Vertical)
            m_splitter->setSizes({height() / 2, height() / 2});
    }
    QWidget::resizeEvent(event);
}

QWidget *OcppLogView::buildDetails()
{
    auto *pane = new QWidget(this);
    pane->setObjectName(QStringLiteral("frameDetails"));
    auto *outer = new QVBoxLayout(pane);
    outer->setContentsMargins(8, 0, 0, 0);

    m_placeholder = new QLabel(Tr::tr("Select a frame to read its payload."), pane);
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setForegroundRole(QPalette::PlaceholderText);
    outer->addWidget(m_placeholder, 1);

    m_detailsBox = new QWidget(pane);
    auto *layout = new QVBoxLayout(m_detailsBox);
    layout->setContentsMargins(0, 0, 0, 0);
    m_frameTitle = new QLabel(m_detailsBox);
    m_frameTitle->setObjectName(QStringLiteral("frameTitle"));
    QFont title = m_frameTitle->font();
    title.setBold(true);
    title.setPointSizeF(title.pointSizeF() * 1.2);
    m_frameTitle->setFont(title);
    m_frameTitle->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_frameFacts = new QLabel(m_detailsBox);
    m_frameFacts->setObjectName(QStringLiteral("frameFacts"));
    m_frameFacts->setWordWrap(true);
    m_frameFacts->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_frameError = new QLabel(m_detailsBox);
    m_frameError->setObjectName(QStringLiteral("frameError"));
    m_frameError->setWordWrap(true);
    m_frameError->setStyleSheet(QStringLiteral("color: #c62828"));
    m_frameError->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *pairRow = new QHBoxLayout;
    m_pairText = new QLabel(m_detailsBox);
    m_pairText->setObjectName(QStringLiteral("pairText"));
    m_pairText->setWordWrap(true);
    m_pairButton = new QPushButton(m_detailsBox);
    m_pairButton->setObjectName(QStringLiteral("goToPair"));
    m_pairButton->setIcon(Icons::get(QStringLiteral("link")));
    connect(m_pairButton, &QPushButton::clicked, this, [this] {
        if (!selectFrame(m_pair))
            m_pairText->setText(m_pairText->text() + u' ' + Tr::tr("(outside the current filters)"));
    });
    pairRow->addWidget(m_pairText, 1);
    pairRow->addWidget(m_pairButton);

    m_json = new QTextBrowser(m_detailsBox);
    m_json->setObjectName(QStringLiteral("json"));
    m_json->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_json->setLineWrapMode(QTextEdit::NoWrap);

    layout->addWidget(m_frameTitle);
    layout->addWidget(m_frameFacts);
    layout->addWidget(m_frameError);
    layout->addLayout(pairRow);
    layout->addWidget(m_json, 1);
    outer->addWidget(m_detailsBox, 1);
    m_detailsBox->hide();
    pane->setMinimumWidth(m_view->fontMetrics().averageCharWidth() * 40);
    return pane;
}

void OcppLogView::setRange(Range range)
{
    const QDateTime now = ZonedDateTimeEdit::wallClock(m_repository.clock().nowMs());
    QDateTime from;
    switch (range) {
    case Range::AllTime: from = AnyTime; break;
    case Range::LastHour: from = now.addSecs(-3600); break;
    case Range::Today: from = QDateTime(now.date(), QTime(0, 0), Qt::UTC); break;
    case Range::Last7Days: from = now.addDays(-7); break;
    case Range::Custom: break;
    }
    m_range->setCurrentIndex(m_range->findData(int(range)));
    if (range == Range::Custom)
        return;
    const QSignalBlocker blockFrom(m_from);
    const QSignalBlocker blockUntil(m_until);
    m_from->setDateTime(from);
    m_until->setDateTime(AnyTime);
    applyFilters();
}

void OcppLogView::setTimeRange(const QDateTime &from, const QDateTime &until)
{
    const QSignalBlocker blockFrom(m_from);
    const QSignalBlocker blockUntil(m_until);
    m_from->setDateTime(from.isValid() ? ZonedDateTimeEdit::wallClock(from.toMSecsSinceEpoch()) : AnyTime);
    m_until->setDateTime(until.isValid() ? ZonedDateTimeEdit::wallClock(until.toMSecsSinceEpoch()) : AnyTime);
    m_range->setCurrentIndex(m_range->findData(int(Range::Custom)));
    applyFilters();
}

void OcppLogView::setSearch(const QString &text)
{
    const QSignalBlocker block(m_search);
    m_search->setText(text);
    applyFilters();
}

void OcppLogView::applyFilters()
{
    QList<Filter> filters = m_scopeFilters;
    // The editors show minutes; a time set in code keeps its seconds.
    if (m_from->dateTime() > AnyTime)
        filters << Filter{QStringLiteral("at"), Filter::Op::AtLeast, m_from->utcMs()};
    if (m_until->dateTime() > AnyTime)
        filters << Filter{QStringLiteral("at"), Filter::Op::Below, m_until->utcMs()};
    QList<QList<Filter>> groups = m_scopeGroups;
    if (const QString text = m_search->text().trimmed(); !text.isEmpty())
        groups << QList<Filter>{{QStringLiteral("action"), Filter::Op::Contains, text},
                                {QStringLiteral("message_id"), Filter::Op::Contains, text},
                                {QStringLiteral("payload"), Filter::Op::Contains, text}};
    m_callActions.clear();
    m_model->setFixedFilters(filters);
    m_model->setAnyOf(groups);
}

void OcppLogView::onWritten()
{
    const QScrollBar *bar = m_view->verticalScrollBar();
    const bool atEnd = bar->value() >= bar->maximum();
    m_model->readAppended();
    if (atEnd)
        m_view->scrollToBottom();
    // An answer that arrived for the selected request.
    if (m_current != 0 && m_pair == 0)
        showCurrent();
}

bool OcppLogView::selectFrame(qint64 frameId)
{
    const auto frame = m_repository.get(m_actor, T::OcppMessages, frameId);
    if (!frame)
        return false;
    const int row = rowOfFrame(frameId, atOf(frame.value()));
    if (row < 0)
        return false;
    const QModelIndex index = m_style->index(row, 0);
    m_view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_view->scrollTo(index, QAbstractItemView::PositionAtCenter);
    return true;
}

int OcppLogView::rowOfFrame(qint64 id, qint64 atMs) const
{
    if (const int row = m_model->rowOf(id); row >= 0)
        return row;
    // Count what comes before it in the list's order (time, then id).
    Core::ListQuery match = m_model->query();
    match.filters << Filter{QStringLiteral("id"), Filter::Op::Equals, id};
    const auto found = m_repository.count(m_actor, T::OcppMessages, match);
    if (!found || found.value() == 0)
        return -1;
    Core::ListQuery earlier = m_model->query();
    earlier.filters << Filter{QStringLiteral("at"), Filter::Op::Below, atMs};
    Core::ListQuery sameTime = m_model->query();
    sameTime.filters << Filter{QStringLiteral("at"), Filter::Op::Equals, atMs}
                     << Filter{QStringLiteral("id"), Filter::Op::Below, id};
    const auto before = m_repository.count(m_actor, T::OcppMessages, earlier);
    const auto tied = m_repository.count(m_actor, T::OcppMessages, sameTime);
    return before && tied ? int(before.value() + tied.value()) : -1;
}

QString OcppLogView::actionOf(const Core::Record &frame) const
{
    const QString stored = frame.value(QStringLiteral("action")).toString();
    if (!stored.isEmpty() || typeOf(frame) == 2)
        return stored;
    const QString messageId = frame.value(QStringLiteral("message_id")).toString();
    if (messageId.isEmpty())
        return {};
    if (const auto it = m_callActions.constFind(messageId); it != m_callActions.constEnd())
        return it.value();
    const auto call = Core::MessageLog::pairOf(m_repository, m_actor, frame);
    const QString action = call ? call->value(QStringLiteral("action")).toString() : QString();
    m_callActions.insert(messageId, action);
    return action;
}

void OcppLogView::showCurrent()
{
    const QModelIndex current = m_view->selectionModel()->currentIndex();
    const Core::Record frame = current.isValid() ? m_model->recordAt(current.row()) : Core::Record{};
    m_current = frame.value(QStringLiteral("id")).toLongLong();
    m_placeholder->setVisible(m_current == 0);
    m_detailsBox->setVisible(m_current != 0);
    if (m_current == 0) {
        m_pair = 0;
        m_style->setPairRow(-1);
        return;
    }
    const int type = typeOf(frame);
    const QString action = actionOf(frame);
    m_frameTitle->setText(action.isEmpty() ? OcppFrames::typeName(type)
                                           : QStringLiteral("%1 · %2").arg(action, OcppFrames::typeName(type)));
    m_frameFacts->setText(
        (isIncoming(frame) ? Tr::tr("Received from the station at %1") : Tr::tr("Sent to the station at %1"))
            .arg(frameTime(atOf(frame))) +
        u'\n' + Tr::tr("Message ID %1").arg(frame.value(QStringLiteral("message_id")).toString()));
    const QString code = frame.value(QStringLiteral("error_code")).toString();
    const QString description = frame.value(QStringLiteral("error_description")).toString();
    m_frameError->setText(description.isEmpty() ? code : QStringLiteral("%1: %2").arg(code, description));
    m_frameError->setVisible(!code.isEmpty() || !description.isEmpty());

    const QByteArray payload = OcppFrames::payloadOf(frame.value(QStringLiteral("payload")).toString().toUtf8());
    const QString html = OcppFrames::prettyHtml(payload, Icons::isDark(palette()));
    if (html.isEmpty())
        m_json->setPlainText(QString::fromUtf8(payload));
    else
        m_json->setHtml(html);
    showPair(frame);
}

void OcppLogView::showPair(const Core::Record &frame)
{
    const auto pair = Core::MessageLog::pairOf(m_repository, m_actor, frame);
    m_pair = pair ? pair->value(QStringLiteral("id")).toLongLong() : 0;
    m_pairAt = pair ? atOf(*pair) : 0;
    m_pairButton->setVisible(pair.has_value());
    const bool request = typeOf(frame) == 2;
    if (!pair) {
        m_pairText->setText(request ? Tr::tr("No answer is logged for this request.")
                                    : Tr::tr("The request this answers is not in the log."));
        m_style->setPairRow(-1);
        return;
    }
    const qint64 roundTrip = request ? m_pairAt - atOf(frame) : atOf(frame) - m_pairAt;
    const QString answer = OcppFrames::typeName(typeOf(request ? *pair : frame));
    m_pairText->setText(request ? Tr::tr("Answered with %1 after %L2 ms").arg(answer).arg(roundTrip)
                                : Tr::tr("Answers the CALL of %L1 ms before").arg(roundTrip));
    m_pairButton->setText(request ? Tr::tr("Go to answer") : Tr::tr("Go to request"));
    m_style->setPairRow(m_model->rowOf(m_pair));
}

QString OcppLogView::jsonText() const
{
    return m_current == 0 ? QString() : m_json->toPlainText();
}

void OcppLogView::updateSummary()
{
    if (!m_scopeError.isEmpty()) {
        m_summary->setText(m_scopeError);
        return;
    }
    const int count = m_model->rowCount();
    if (!m_model->errorString().isEmpty())
        m_summary->setText(Tr::tr("Could not read the log: %1").arg(m_model->errorString()));
    else if (m_from->dateTime() > AnyTime || m_until->dateTime() > AnyTime || !m_search->text().trimmed().isEmpty())
        m_summary->setText(count == 1 ? Tr::tr("%L1 frame matches the filters").arg(count)
                                      : Tr::tr("%L1 frames match the filters").arg(count));
    else
        m_summary->setText(count == 1 ? Tr::tr("%L1 frame").arg(count) : Tr::tr("%L1 frames").arg(count));
}

bool OcppLogView::exportCsv(const QString &fileName)
{
    return saveCsvFile(this, fileName, [this](const RowExport::Sink &sink) {
        RowExport job(*m_model, sink);
        return runWithProgress(this, job, Tr::tr("Exporting the log…"));
    });
}

void OcppLogView::exportInteractive()
{
    const QString fileName = QFileDialog::getSaveFileName(this, Tr::tr("Export the OCPP log"),
                                                          QStringLiteral("ocpp-log.csv"), Tr::tr("CSV files (*.csv)"));
    if (!fileName.isEmpty())
        exportCsv(fileName);
}

void openStationLog(const PageContext &context, qint64 stationId)
{
    if (!context.openDock)
        return;
    const auto station = context.repository.get(context.actor, Core::Tables::Stations, stationId);
    const QString name =
        station ? station.value().value(QStringLiteral("name")).toString() : QString::number(stationId);
    context.openDock(QStringLiteral("stationLog/%1").arg(stationId), Tr::tr("OCPP log: %1").arg(name),
                     [context, stationId]() -> QWidget * {
                         auto *tabs = new QTabWidget;
                         tabs->setObjectName(QStringLiteral("stationLogTabs"));
                         tabs->setDocumentMode(true);
                         tabs->addTab(new OcppLogView(context, OcppLogView::Scope::station(stationId)),
                                      Tr::tr("OCPP communication"));
                         ListSpec notifications{Core::Tables::NotificationLogs,
                                                {QStringLiteral("at"), QStringLiteral("rule_code"),
                                                 QStringLiteral("action"), QStringLiteral("channel"),
                                                 QStringLiteral("status"), QStringLiteral("message")},
                                                {QStringLiteral("at"), QStringLiteral("action"),
                                                 QStringLiteral("channel"), QStringLiteral("status")},
                                                QStringLiteral("at"),
                                                true,
                                                {},
                                                {{QStringLiteral("station_id"), Filter::Op::Equals, stationId}}};
                         auto *page = new ListPage(context.repository, context.actor, notifications);
                         page->setEditable(false);
                         tabs->addTab(page, Tr::tr("Notifications"));
                         return tabs;
                     });
}

} // namespace ChargeDesk::Ui
