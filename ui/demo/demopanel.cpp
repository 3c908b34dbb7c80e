#include "ui/demo/demopanel.h"

#include "core/simulatedfleet.h"
#include "ui/demo/fleetdelegates.h"
#include "ui/demo/simulatedfleetmodel.h"
#include "ui/widgets/tr.h"
#include "ui/widgets/valueformat.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QSplitter>
#include <QTime>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

namespace ChargeDesk::Ui {

namespace {

QToolButton *buttonFor(QAction *action, const QString &objectName, QWidget *parent)
{
    auto *button = new QToolButton(parent);
    button->setObjectName(objectName);
    button->setDefaultAction(action);
    button->setToolButtonStyle(Qt::ToolButtonTextOnly);
    return button;
}

} // namespace

DemoPanel::DemoPanel(Core::SimulatedFleet &fleet, QWidget *parent)
    : QWidget(parent)
    , m_fleet(fleet)
{
    setObjectName(QStringLiteral("demoPanel"));
    m_model = new SimulatedFleetModel(fleet, this);
    createActions();

    m_view = new QTreeView(this);
    m_view->setObjectName(QStringLiteral("fleetView"));
    m_view->setModel(m_model);
    setUpView();

    m_scenario = new QCheckBox(Tr::tr("Drivers come and go by themselves"), this);
    m_scenario->setObjectName(QStringLiteral("scenarioCheck"));
    m_scenario->setChecked(fleet.isScenarioRunning());
    connect(m_scenario, &QCheckBox::toggled, this, [this](bool on) { m_fleet.setScenarioRunning(on); });

    m_log = new QListWidget(this);
    m_log->setObjectName(QStringLiteral("activityLog"));
    m_log->setUniformItemSizes(true);
    m_log->setSelectionMode(QAbstractItemView::NoSelection);

    auto *logBox = new QWidget(this);
    auto *logLayout = new QVBoxLayout(logBox);
    logLayout->setContentsMargins(0, 0, 0, 0);
    auto *logTitle = new QLabel(Tr::tr("Activity"), logBox);
    logTitle->setBuddy(m_log);
    logLayout->addWidget(m_scenario);
    logLayout->addSpacing(4);
    logLayout->addWidget(logTitle);
    logLayout->addWidget(m_log);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_view);
    splitter->addWidget(logBox);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(createActionRow());
    layout->addWidget(splitter, 1);

    connect(&m_fleet, &Core::SimulatedFleet::changed, this, &DemoPanel::fleetChanged);
    connect(&m_fleet, &Core::SimulatedFleet::happened, this, &DemoPanel::appendLog);
    connect(m_model, &QAbstractItemModel::modelAboutToBeReset, this, &DemoPanel::rememberView);
    connect(m_model, &QAbstractItemModel::modelReset, this, &DemoPanel::restoreView);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this, &DemoPanel::currentChanged);

    m_view->expandAll();
    if (m_model->rowCount() > 0)
        m_view->setCurrentIndex(m_model->index(0, 0, m_model->index(0, 0)));
    updateActions();
}

void DemoPanel::createActions()
{
    const auto make = [this](const QString &text, const QString &name, const QString &key, const QString &tip) {
        auto *action = new QAction(text, this);
        action->setObjectName(name);
        action->setShortcut(QKeySequence(key));
        // The panel sits in a dock: its keys must not take the main window's.
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        action->setToolTip(QStringLiteral("%1 (%2)").arg(tip, action->shortcut().toString(QKeySequence::NativeText)));
        addAction(action);
        return action;
    };
    m_plugIn = make(Tr::tr("Plug in car"), QStringLiteral("plugInAction"), Tr::tr("P"),
                    Tr::tr("A driver plugs a car into the selected connector"));
    m_swipe = make(Tr::tr("Swipe card"), QStringLiteral("swipeAction"), Tr::tr("S"),
                   Tr::tr("Present the chosen card: starts a transaction, or stops the one it started"));
    m_unplug =
        make(Tr::tr("Unplug"), QStringLiteral("unplugAction"), Tr::tr("U"), Tr::tr("The driver unplugs the car"));
    m_fault = make(Tr::tr("Inject fault"), QStringLiteral("faultAction"), Tr::tr("F"),
                   Tr::tr("Break the selected connector, or repair it"));
    m_connection = make(Tr::tr("Disconnect station"), QStringLiteral("connectionAction"), Tr::tr("D"),
                        Tr::tr("Cut or restore the station's connection; transactions go on offline"));

    connect(m_plugIn, &QAction::triggered, this, [this] { m_fleet.plugIn(currentStation(), currentConnector()); });
    connect(m_swipe, &QAction::triggered, this, [this] { swipe(m_cards->currentText()); });
    connect(m_unplug, &QAction::triggered, this, [this] { m_fleet.unplug(currentStation(), currentConnector()); });
    connect(m_fault, &QAction::triggered, this, [this] {
        if (const Core::SimulatedConnector *c = m_model->connectorAt(m_view->currentIndex()))
            m_fleet.setFaulted(currentStation(), c->number, !c->faulted);
    });
    connect(m_connection, &QAction::triggered, this, [this] {
        if (const Core::SimulatedStation *s = m_model->stationAt(m_view->currentIndex()))
            m_fleet.setOnline(s->code, !s->online);
    });
}

QWidget *DemoPanel::createActionRow()
{
    // What a driver does on the left, what a technician does on the right, in two rows, so
    // that the panel fits a dock a third of a laptop screen wide.
    auto *row = new QWidget(this);
    auto *grid = new QGridLayout(row);
    grid->setContentsMargins(0, 0, 0, 0);

    m_cards = new QComboBox(row);
    m_cards->setObjectName(QStringLiteral("cardCombo"));
    m_cards->addItems(m_fleet.cardTags());
    m_cards->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_cards->setToolTip(Tr::tr("The card the driver swipes"));
    connect(m_cards, &QComboBox::currentIndexChanged, this, &DemoPanel::updateActions);

    grid->addWidget(buttonFor(m_plugIn, QStringLiteral("plugInButton"), row), 0, 0);
    grid->addWidget(buttonFor(m_unplug, QStringLiteral("unplugButton"), row), 0, 1);
    grid->addWidget(m_cards, 1, 0);
    grid->addWidget(buttonFor(m_swipe, QStringLiteral("swipeButton"), row), 1, 1);
    grid->setColumnStretch(2, 1);
    grid->addWidget(buttonFor(m_fault, QStringLiteral("faultButton"), row), 0, 3);
    grid->addWidget(buttonFor(m_connection, QStringLiteral("connectionButton"), row), 1, 3);
    return row;
}

void DemoPanel::setUpView()
{
    m_view->setAllColumnsShowFocus(true);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->setItemDelegateForColumn(SimulatedFleetModel::StatusColumn, new StatusDotDelegate(m_view));
    m_view->setItemDelegateForColumn(SimulatedFleetModel::PowerColumn, new PowerBarDelegate(m_view));
    m_view->setItemDelegateForColumn(SimulatedFleetModel::SocColumn, new ProgressBarDelegate(m_view));
    connect(m_view, &QWidget::customContextMenuRequested, this, &DemoPanel::showContextMenu);

    // Widths from the font, not from the current values, so columns stand still as values change.
    const QFontMetrics metrics = m_view->fontMetrics();
    const auto widthOf = [&metrics](const QString &sample) {
        return metrics.horizontalAdvance(sample) + 24;
    };
    QHeaderView *header = m_view->header();
    header->setStretchLastSection(false);
    // Station codes and connector names in full; the figures on the right may scroll.
    header->setSectionResizeMode(SimulatedFleetModel::NameColumn, QHeaderView::ResizeToContents);
    header->resizeSection(SimulatedFleetModel::StatusColumn, widthOf(Tr::tr("Suspended (station)")) + metrics.height());
    header->resizeSection(SimulatedFleetModel::CardColumn, widthOf(QStringLiteral("CARD-0000")));
    for (int column : {SimulatedFleetModel::PowerColumn, SimulatedFleetModel::EnergyColumn}) {
        const QString title = m_model->headerData(column, Qt::Horizontal).toString();
        header->resizeSection(column, std::max(widthOf(title), widthOf(QStringLiteral("000.00"))));
    }
    header->resizeSection(SimulatedFleetModel::SocColumn, widthOf(QStringLiteral("SoC (%)")) + 16);
    m_view->setMinimumWidth(header->sectionSize(SimulatedFleetModel::StatusColumn) * 3 / 2);
}

void DemoPanel::fleetChanged()
{
    const QStringList tags = m_fleet.cardTags();
    QStringList shown;
    for (int i = 0; i < m_cards->count(); ++i)
        shown << m_cards->itemText(i);
    if (tags != shown) {
        const QString chosen = m_cards->currentText();
        const QSignalBlocker blocker(m_cards);
        m_cards->clear();
        m_cards->addItems(tags);
        m_cards->setCurrentIndex(std::max(0, int(tags.indexOf(chosen))));
    }
    {
        const QSignalBlocker blocker(m_scenario);
        m_scenario->setChecked(m_fleet.isScenarioRunning());
    }
    updateActions();
}

void DemoPanel::currentChanged()
{
    // The card of a running transaction is the one that stops it.
    if (const Core::SimulatedConnector *c = m_model->connectorAt(m_view->currentIndex())) {
        const int card = m_cards->findText(c->idTag);
        if (!c->idTag.isEmpty() && card >= 0)
            m_cards->setCurrentIndex(card);
    }
    updateActions();
}

void DemoPanel::updateActions()
{
    const QModelIndex current = m_view->currentIndex();
    const Core::SimulatedStation *station = m_model->stationAt(current);
    const Core::SimulatedConnector *connector = m_model->connectorAt(current);

    m_plugIn->setEnabled(connector && !connector->vehiclePlugged && !connector->faulted);
    m_swipe->setEnabled(connector && !connector->faulted && m_cards->count() > 0);
    m_cards->setEnabled(m_cards->count() > 0);
    m_unplug->setEnabled(connector && connector->vehiclePlugged);
    m_fault->setEnabled(connector);
    m_fault->setText(connector && connector->faulted ? Tr::tr("Clear fault") : Tr::tr("Inject fault"));
    m_connection->setEnabled(station);
    m_connection->setText(station && !station->online ? Tr::tr("Reconnect station") : Tr::tr("Disconnect station"));
}

void DemoPanel::appendLog(const QString &line)
{
    // The site's clock, as every other time in the console.
    const QTime now = displayTime(QDateTime::currentMSecsSinceEpoch()).time();
    m_log->insertItem(0, Tr::tr("%1  %2").arg(now.toString(QStringLiteral("HH:mm:ss")), line));
    while (m_log->count() > LogLimit)
        delete m_log->takeItem(m_log->count() - 1);
}

void DemoPanel::showContextMenu(const QPoint &position)
{
    const QModelIndex index = m_view->indexAt(position);
    if (!index.isValid())
        return;
    m_view->setCurrentIndex(index);

    QMenu menu(this);
    menu.addAction(m_plugIn);
    QMenu *cards = menu.addMenu(Tr::tr("Swipe card"));
    cards->setEnabled(m_swipe->isEnabled());
    for (int i = 0; i < m_cards->count(); ++i) {
        const QString tag = m_cards->itemText(i);
        QAction *action = cards->addAction(tag, this, [this, i, tag] {
            m_cards->setCurrentIndex(i);
            swipe(tag);
        });
        action->setCheckable(true);
        action->setChecked(i == m_cards->currentIndex());
    }
    menu.addAction(m_unplug);
    menu.addSeparator();
    menu.addAction(m_fault);
    menu.addAction(m_connection);
    menu.exec(m_view->viewport()->mapToGlobal(position));
}

void DemoPanel::swipe(const QString &tag)
{
    if (!tag.isEmpty() && currentConnector() > 0)
        m_fleet.presentCard(currentStation(), currentConnector(), tag);
}

void DemoPanel::rememberView()
{
    m_rememberedStation = currentStation();
    m_rememberedConnector = currentConnector();
    m_collapsed.clear();
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const QModelIndex station = m_model->index(row, 0);
        if (!m_view->isExpanded(station))
            m_collapsed.insert(station.data(SimulatedFleetModel::StationCodeRole).toString());
    }
}

void DemoPanel::restoreView()
{
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const QModelIndex station = m_model->index(row, 0);
        m_view->setExpanded(station,
                            !m_collapsed.contains(station.data(SimulatedFleetModel::StationCodeRole).toString()));
    }
    const QModelIndex current = m_model->indexOf(m_rememberedStation, m_rememberedConnector);
    if (current.isValid())
        m_view->setCurrentIndex(current);
    updateActions();
}

QString DemoPanel::currentStation() const
{
    return m_view->currentIndex().data(SimulatedFleetModel::StationCodeRole).toString();
}

int DemoPanel::currentConnector() const
{
    return m_view->currentIndex().data(SimulatedFleetModel::ConnectorNumberRole).toInt();
}

} // namespace ChargeDesk::Ui
