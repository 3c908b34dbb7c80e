#include "ui/stations/liveconfigurationview.h"

#include "core/catalog.h"
#include "core/configurationcheck.h"
#include "ui/stations/configurationcheckpanel.h"
#include "ui/widgets/icons.h"
#include "ui/widgets/tr.h"
#include "ui/widgets/valueformat.h"

#include <QGridLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QStyledItemDelegate>
#include <QTabWidget>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace ChargeDesk::Ui {

namespace {

using Core::CommandResult;
using Core::LiveParameter;
using Group = LiveParameter::Group;

constexpr int ConnectionCheckMs = 2000;

const QList<Group> &groups()
{
    static const QList<Group> list{Group::General, Group::Transactional, Group::Metering, Group::Authorization,
                                   Group::PlugAndCharge};
    return list;
}

// Only the value column opens an editor; the others are the station's words.
class ValueColumnDelegate final : public QStyledItemDelegate
{
public:
    ValueColumnDelegate(int column, QObject *parent)
        : QStyledItemDelegate(parent)
        , m_column(column)
    {}
    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        return index.column() == m_column ? QStyledItemDelegate::createEditor(parent, option, index) : nullptr;
    }

private:
    int m_column;
};

QColor answerColor(const QString &status)
{
    if (status == QLatin1String("accepted"))
        return QColor(0x2e, 0x7d, 0x32);
    if (status == QLatin1String("reboot_required"))
        return QColor(0xb2, 0x6a, 0x00);
    return QColor(0xc6, 0x28, 0x28);
}

} // namespace

LiveConfigurationView::LiveConfigurationView(const PageContext &context, qint64 stationId, QWidget *parent)
    : QWidget(parent)
    , m_context(context)
    , m_stationId(stationId)
{
    setObjectName(QStringLiteral("liveConfiguration"));
    if (auto station = m_context.repository.get(m_context.actor, Core::Tables::Stations, stationId)) {
        m_protocol = station.value().value(QStringLiteral("protocol")).toString();
        m_stationName = station.value().value(QStringLiteral("name")).toString();
    }
    m_v16 = m_protocol != QLatin1String("ocpp2.0.1");
    int c = 1;
    if (m_v16) {
        m_cols.key = c++;
    } else {
        m_cols.component = c++;
        m_cols.variable = c++;
        m_cols.evse = c++;
    }
    m_cols.value = c++;
    m_cols.readAt = c++;
    m_cols.answer = c++;
    m_cols.count = c;

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(buildHeader());
    auto *splitter = new QSplitter(Qt::Horizontal);
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(buildValues());
    auto *side = new QWidget;
    auto *sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(0, 0, 0, 0);
    auto *checkBox = new QGroupBox(Tr::tr("Configuration check"));
    auto *checkLayout = new QVBoxLayout(checkBox);
    m_check = new ConfigurationCheckPanel;
    connect(m_check, &ConfigurationCheckPanel::fixRequested, this, &LiveConfigurationView::applyFix);
    checkLayout->addWidget(m_check);
    sideLayout->addWidget(checkBox, 1);
    sideLayout->addWidget(buildRawEditor());
    splitter->addWidget(side);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    layout->addWidget(splitter, 1);

    auto *timer = new QTimer(this);
    timer->setInterval(ConnectionCheckMs);
    connect(timer, &QTimer::timeout, this, &LiveConfigurationView::updateConnection);
    timer->start();
    updateConnection();
    showStored();
    setBusy(false);
    if (!m_context.services.liveConfiguration || !m_context.services.gateway)
        showStatus(Tr::tr("This console runs without its station gateway: configurations cannot be read here."), true);
}

QWidget *LiveConfigurationView::buildHeader()
{
    auto *header = new QWidget;
    auto *grid = new QGridLayout(header);
    grid->setContentsMargins(0, 0, 0, 0);

    auto *title = new QLabel(m_stationName);
    QFont big = title->font();
    big.setPointSizeF(big.pointSizeF() * 1.3);
    big.setBold(true);
    title->setFont(big);
    auto *protocol = new QLabel(m_v16 ? Tr::tr("OCPP 1.6") : Tr::tr("OCPP 2.0.1"));
    protocol->setForegroundRole(QPalette::PlaceholderText);
    m_connection = new QLabel;
    m_connection->setObjectName(QStringLiteral("connectionBadge"));

    m_read = new QPushButton(Icons::get(QStringLiteral("refresh")), Tr::tr("Read from station"));
    m_read->setObjectName(QStringLiteral("readButton"));
    m_read->setToolTip(m_v16 ? Tr::tr("Ask the station for all of its configuration keys.")
                             : Tr::tr("Ask the station for the catalogue's variables."));
    connect(m_read, &QPushButton::clicked, this, &LiveConfigurationView::readFromStation);
    m_send = new QPushButton(Icons::get(QStringLiteral("save")), Tr::tr("Send changes"));
    m_send->setObjectName(QStringLiteral("sendButton"));
    m_send->setToolTip(Tr::tr("Send the values changed here to the station; its answer appears beside each key."));
    connect(m_send, &QPushButton::clicked, this, &LiveConfigurationView::sendChanges);

    auto *top = new QHBoxLayout;
    top->addWidget(title);
    top->addWidget(protocol);
    top->addSpacing(12);
    top->addWidget(m_connection);
    top->addStretch();
    top->addWidget(m_read);
    top->addWidget(m_send);
    grid->addLayout(top, 0, 0, 1, 2);

    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("statusLine"));
    m_status->setWordWrap(true);
    m_busyBar = new QProgressBar;
    m_busyBar->setObjectName(QStringLiteral("busyIndicator"));
    m_busyBar->setRange(0, 0);
    m_busyBar->setTextVisible(false);
    m_busyBar->setMaximumWidth(140);
    m_busyBar->setMaximumHeight(12);
    grid->addWidget(m_status, 1, 0);
    grid->addWidget(m_busyBar, 1, 1, Qt::AlignRight);
    grid->setColumnStretch(0, 1);

    if (!m_v16) {
        m_readNote =
            new QLabel(Tr::tr("OCPP 2.0.1 has no request that returns every variable at once: reading asks for "
                              "the variables listed here. Read any other one by name under Any key."));
        m_readNote->setObjectName(QStringLiteral("readNote"));
        m_readNote->setWordWrap(true);
        m_readNote->setForegroundRole(QPalette::PlaceholderText);
        grid->addWidget(m_readNote, 2, 0, 1, 2);
    }
    return header;
}

QTreeWidget *LiveConfigurationView::newTree(const QString &objectName)
{
    auto *tree = new QTreeWidget;
    tree->setObjectName(objectName);
    tree->setColumnCount(m_cols.count);
    QStringList headers(m_cols.count, QString());
    headers[0] = Tr::tr("Parameter");
    if (m_v16) {
        headers[m_cols.key] = Tr::tr("Key");
    } else {
        headers[m_cols.component] = Tr::tr("Component");
        headers[m_cols.variable] = Tr::tr("Variable");
        headers[m_cols.evse] = Tr::tr("EVSE");
    }
    headers[m_cols.value] = Tr::tr("Value");
    headers[m_cols.readAt] = Tr::tr("Read at");
    headers[m_cols.answer] = Tr::tr("Station's answer");
    tree->setHeaderLabels(headers);
    tree->setRootIsDecorated(false);
    tree->setAlternatingRowColors(true);
    tree->setUniformRowHeights(true);
    tree->setItemDelegate(new ValueColumnDelegate(m_cols.value, tree));
    // The names fit their contents; the value keeps room for a list of measurands and the
    // answer takes what is left (a narrow dock scrolls instead of squeezing the value).
    for (int i = 0; i < m_cols.count - 1; ++i)
        tree->header()->setSectionResizeMode(i, QHeaderView::ResizeToContents);
    tree->header()->setSectionResizeMode(m_cols.value, QHeaderView::Interactive);
    tree->header()->resizeSection(m_cols.value, 260);
    tree->header()->setStretchLastSection(true);
    connect(tree, &QTreeWidget::itemChanged, this, &LiveConfigurationView::valueEdited);
    return tree;
}

QWidget *LiveConfigurationView::buildValues()
{
    m_tabs = new QTabWidget;
    m_tabs->setObjectName(QStringLiteral("groupTabs"));
    m_tabs->setDocumentMode(true);
    for (Group g : groups()) {
        QTreeWidget *tree = newTree(QStringLiteral("group_") + LiveParameter::groupName(g));
        m_trees << tree;
        // A tab's text takes & as a mnemonic: "Plug & Charge" has to say so twice.
        m_tabs->addTab(tree, LiveParameter::groupLabel(g).replace(QLatin1Char('&'), QStringLiteral("&&")));
    }
    m_other = newTree(QStringLiteral("otherKeys"));
    m_other->setSortingEnabled(false);
    m_tabs->addTab(m_other, m_v16 ? Tr::tr("Other keys") : Tr::tr("Other variables"));
    return m_tabs;
}

QWidget *LiveConfigurationView::buildRawEditor()
{
    auto *box = new QGroupBox(Tr::tr("Any key"));
    box->setObjectName(QStringLiteral("rawEditor"));
    auto *grid = new QGridLayout(box);
    m_rawKey = new QLineEdit;
    m_rawKey->setObjectName(QStringLiteral("rawKey"));
    m_rawKey->setPlaceholderText(m_v16 ? Tr::tr("Configuration key, for example HeartbeatInterval")
                                       : Tr::tr("Component/Variable, for example OCPPCommCtrlr/HeartbeatInterval"));
    m_rawValue = new QLineEdit;
    m_rawValue->setObjectName(QStringLiteral("rawValue"));
    m_rawValue->setPlaceholderText(Tr::tr("Value to set"));
    m_rawRead = new QPushButton(Tr::tr("Read"));
    m_rawRead->setObjectName(QStringLiteral("rawReadButton"));
    connect(m_rawRead, &QPushButton::clicked, this, &LiveConfigurationView::rawRead);
    m_rawSet = new QPushButton(Tr::tr("Set"));
    m_rawSet->setObjectName(QStringLiteral("rawSetButton"));
    connect(m_rawSet, &QPushButton::clicked, this, &LiveConfigurationView::rawSet);
    m_rawResult = new QLabel;
    m_rawResult->setObjectName(QStringLiteral("rawResult"));
    m_rawResult->setWordWrap(true);

    int row = 0;
    grid->addWidget(new QLabel(m_v16 ? Tr::tr("Key") : Tr::tr("Variable")), row, 0);
    grid->addWidget(m_rawKey, row++, 1, 1, 2);
    if (!m_v16) {
        m_rawEvse = new QSpinBox;
        m_rawEvse->setObjectName(QStringLiteral("rawEvse"));
        m_rawEvse->setRange(0, 999);
        m_rawEvse->setSpecialValueText(Tr::tr("Whole station"));
        m_rawEvse->setToolTip(Tr::tr("The EVSE a setting is for. Reading always returns the station-wide variable."));
        m_rawEvse->setMinimumWidth(m_rawEvse->sizeHint().width());
        grid->addWidget(new QLabel(Tr::tr("EVSE")), row, 0);
        grid->addWidget(m_rawEvse, row++, 1, Qt::AlignLeft);
    }
    grid->addWidget(new QLabel(Tr::tr("Value")), row, 0);
    grid->addWidget(m_rawValue, row++, 1, 1, 2);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_rawRead);
    buttons->addWidget(m_rawSet);
    buttons->addWidget(m_rawResult, 1);
    grid->addLayout(buttons, row, 0, 1, 3);
    grid->setColumnStretch(1, 1);
    return box;
}

QString LiveConfigurationView::answerKey(const QString &key, int evse)
{
    return key + QLatin1Char('#') + QString::number(evse);
}

void LiveConfigurationView::showStored()
{
    Core::LiveConfiguration *live = m_context.services.liveConfiguration;
    QList<Core::LiveValue> values;
    if (live) {
        auto stored = live->stored(m_stationId);
        if (stored)
            values = stored.value();
        else
            showStatus(stored.error().message(), true);
    }
    // Edits not sent yet survive a read of other keys.
    QHash<QString, QString> pending;
    for (const Core::TemplateSetting &s : pendingChanges())
        pending.insert(answerKey(s.key, s.evse), s.value);

    QHash<QString, const Core::LiveValue *> byKey;
    for (const Core::LiveValue &v : values)
        byKey.insert(answerKey(v.key, v.evse), &v);

    m_filling = true;
    QSet<QString> catalogued;
    for (qsizetype i = 0; i < groups().size(); ++i) {
        QTreeWidget *tree = m_trees.at(i);
        tree->clear();
        for (const LiveParameter &p : Core::LiveConfiguration::parameters()) {
            if (p.group != groups().at(i))
                continue;
            const QString key = p.keyFor(m_protocol);
            catalogued.insert(answerKey(key, 0));
            auto *item = new QTreeWidgetItem(tree);
            fillRow(item, p.label, key, byKey.value(answerKey(key, 0)));
        }
    }
    m_other->clear();
    for (const Core::LiveValue &v : values) {
        if (catalogued.contains(answerKey(v.key, v.evse)))
            continue;
        auto *item = new QTreeWidgetItem(m_other);
        fillRow(item, QString(), v.key, &v);
    }
    m_filling = false;
    for (QTreeWidget *tree : m_trees + QList<QTreeWidget *>{m_other}) {
        for (int i = 0; i < tree->topLevelItemCount(); ++i) {
            QTreeWidgetItem *item = tree->topLevelItem(i);
            const QString k = answerKey(item->data(0, KeyRole).toString(), item->data(0, EvseRole).toInt());
            if (pending.contains(k) && item->data(m_cols.value, EditableRole).toBool())
                item->setText(m_cols.value, pending.value(k));
        }
    }
    updateCheck(values);
}

void LiveConfigurationView::fillRow(QTreeWidgetItem *item, const QString &label, const QString &key,
                                    const Core::LiveValue *v)
{
    const int evse = v ? v->evse : 0;
    item->setText(0, label);
    item->setData(0, KeyRole, key);
    item->setData(0, EvseRole, evse);
    if (m_v16) {
        item->setText(m_cols.key, key);
    } else {
        const qsizetype slash = key.indexOf(QLatin1Char('/'));
        item->setText(m_cols.component, slash < 0 ? QString() : key.left(slash));
        item->setText(m_cols.variable, key.mid(slash + 1));
        item->setText(m_cols.evse, evse > 0 ? QString::number(evse) : QString());
    }
    QFont italic = item->font(m_cols.value);
    italic.setItalic(true);
    bool editable = false;
    if (!v) {
        item->setText(m_cols.value, Tr::tr("not read"));
        item->setFont(m_cols.value, italic);
        item->setForeground(m_cols.value, palette().brush(QPalette::PlaceholderText));
    } else if (v->status != QLatin1String("accepted")) {
        item->setText(m_cols.value, choiceText(v->status));
        item->setToolTip(m_cols.value, Tr::tr("The station reported no value: %1").arg(choiceText(v->status)));
        item->setFont(m_cols.value, italic);
        item->setForeground(m_cols.value, palette().brush(QPalette::PlaceholderText));
    } else {
        item->setText(m_cols.value, v->value);
        editable = !v->readonly;
        if (v->readonly) {
            item->setForeground(m_cols.value, palette().brush(QPalette::PlaceholderText));
            item->setToolTip(m_cols.value, Tr::tr("Read-only: the station does not let it be changed."));
            item->setText(m_cols.answer, Tr::tr("Read-only"));
            item->setForeground(m_cols.answer, palette().brush(QPalette::PlaceholderText));
        } else {
            // The whole value, since a long list is cut short in its column.
            item->setToolTip(m_cols.value,
                             Tr::tr("%1\n\nDouble-click to change it, then send the changes.").arg(v->value));
        }
    }
    item->setData(m_cols.value, OriginalRole, v ? v->value : QString());
    item->setData(m_cols.value, EditableRole, editable);
    item->setFlags(editable ? item->flags() | Qt::ItemIsEditable : item->flags() & ~Qt::ItemIsEditable);
    if (v && v->readAtMs > 0)
        item->setText(m_cols.readAt, formatTimestamp(v->readAtMs));
    const auto answer = m_answers.constFind(answerKey(key, evse));
    if (answer != m_answers.cend()) {
        item->setText(m_cols.answer, choiceText(answer->status));
        item->setForeground(m_cols.answer, answerColor(answer->status));
        item->setToolTip(m_cols.answer, answer->detail);
    }
}

void LiveConfigurationView::valueEdited(QTreeWidgetItem *item, int column)
{
    if (m_filling || column != m_cols.value)
        return;
    const bool changed = item->text(m_cols.value) != item->data(m_cols.value, OriginalRole).toString();
    QFont font = item->font(m_cols.value);
    font.setBold(changed);
    m_filling = true;
    item->setFont(m_cols.value, font);
    if (changed) {
        item->setText(m_cols.answer, Tr::tr("Not sent yet"));
        item->setForeground(m_cols.answer, palette().brush(QPalette::PlaceholderText));
    }
    m_filling = false;
    setBusy(m_busy);
}

QList<Core::TemplateSetting> LiveConfigurationView::pendingChanges() const
{
    QList<Core::TemplateSetting> out;
    for (QTreeWidget *tree : m_trees + QList<QTreeWidget *>{m_other}) {
        for (int i = 0; i < tree->topLevelItemCount(); ++i) {
            const QTreeWidgetItem *item = tree->topLevelItem(i);
            if (!item->data(m_cols.value, EditableRole).toBool() ||
                item->text(m_cols.value) == item->data(m_cols.value, OriginalRole).toString())
                continue;
            out << Core::TemplateSetting{0, item->data(0, KeyRole).toString(), item->text(m_cols.value),
                                         item->data(0, EvseRole).toInt(), 0};
        }
    }
    return out;
}

void LiveConfigurationView::updateCheck(const QList<Core::LiveValue> &values)
{
    Core::LiveConfiguration *live = m_context.services.liveConfiguration;
    if (!live)
        return;
    auto findings = Core::checkStation(m_context.repository, *live, m_stationId);
    if (!findings) {
        showStatus(findings.error().message(), true);
        return;
    }
    QHash<QString, QString> labels;
    for (const LiveParameter &p : Core::LiveConfiguration::parameters())
        labels.insert(p.name, p.label);
    m_check->setFindings(findings.value(), labels, !values.isEmpty());
}

void openLiveConfiguration(const PageContext &context, qint64 stationId)
{
    if (!context.openDock)
        return;
    auto station = context.repository.get(context.actor, Core::Tables::Stations, stationId);
    const QString name =
        station ? station.value().value(QStringLiteral("name")).toString() : QString::number(stationId);
    context.openDock(QStringLiteral("liveConfiguration/%1").arg(stationId), Tr::tr("Configuration: %1").arg(name),
                     [context, stationId]() -> QWidget * { return new LiveConfigurationView(context, stationId); });
}

} // namespace ChargeDesk::Ui
