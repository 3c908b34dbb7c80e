#include "ui/shell/mainwindow.h"

#include "core/repository.h"
#include "core/timezones.h"
#include "ui/map/mappage.h"
#include "ui/overview/overviewpage.h"
#include "ui/shell/consolestate.h"
#include "ui/shell/language.h"
#include "ui/shell/sitelogo.h"
#include "ui/widgets/entitydialog.h"
#include "ui/widgets/entityform.h"
#include "ui/widgets/icons.h"
#include "ui/widgets/listpage.h"
#include "ui/widgets/recordtablemodel.h"
#include "ui/widgets/tr.h"
#include "ui/widgets/valueformat.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QCloseEvent>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QScreen>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QSystemTrayIcon>
#include <QTabBar>
#include <QTabWidget>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace ChargeDesk::Ui {

namespace {

constexpr int SectionRole = Qt::UserRole + 1; // the section's key on a navigation item

// Keeps a window inside the screen it is on: a remembered geometry from a larger screen, or a
// layout that asked for more, must not push its edges and buttons out of reach.
void fitToScreen(QWidget *window)
{
    const QScreen *screen = window->screen();
    if (!screen)
        return;
    const QRect available = screen->availableGeometry();
    QRect frame = window->frameGeometry();
    const QSize margins = frame.size() - window->size();
    QSize size = window->size().boundedTo(available.size() - margins);
    window->resize(size);
    frame = window->frameGeometry();
    QPoint at = frame.topLeft();
    at.setX(std::clamp(at.x(), available.left(), std::max(available.left(), available.right() - frame.width() + 1)));
    at.setY(std::clamp(at.y(), available.top(), std::max(available.top(), available.bottom() - frame.height() + 1)));
    window->move(at);
}

} // namespace

MainWindow::MainWindow(Core::Repository &repository, const Core::Actor &actor, const Services &services,
                       QWidget *parent)
    : QMainWindow(parent)
    , m_repository(repository)
    , m_actor(actor)
    , m_services(services)
    , m_console(new ConsoleState(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(Tr::tr("ChargeDesk"));
    for (const Section &section : consoleSections())
        if (!section.powerOnly || actor.powerUser)
            m_sections << section;

    m_navigation = new QTreeWidget(this);
    m_navigation->setObjectName(QStringLiteral("navigation"));
    m_navigation->setHeaderHidden(true);
    m_navigation->setRootIsDecorated(false);
    m_navigation->setIndentation(12);
    m_navigation->setFrameShape(QFrame::NoFrame);
    m_navigation->setMinimumWidth(190);
    m_pages = new QStackedWidget(this);
    m_pages->setObjectName(QStringLiteral("pages"));
    m_pages->addWidget(overviewPage());
    buildNavigation();

    // Record views open as tabs beside the pages, never as docks that would widen the window.
    m_workArea = new QTabWidget(this);
    m_workArea->setObjectName(QStringLiteral("workArea"));
    m_workArea->setDocumentMode(true);
    m_workArea->setTabsClosable(true);
    m_workArea->setMovable(true);
    m_workArea->addTab(m_pages, Tr::tr("Overview"));
    m_workArea->tabBar()->setTabButton(0, QTabBar::RightSide, nullptr); // the pages stay
    m_workArea->tabBar()->setTabButton(0, QTabBar::LeftSide, nullptr);
    m_workArea->tabBar()->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_workArea, &QTabWidget::tabCloseRequested, this, [this](int index) {
        if (m_workArea->widget(index) != m_pages)
            m_workArea->widget(index)->deleteLater();
    });
    connect(m_workArea->tabBar(), &QWidget::customContextMenuRequested, this, [this](const QPoint &at) {
        const int index = m_workArea->tabBar()->tabAt(at);
        if (index < 0 || m_workArea->widget(index) == m_pages)
            return;
        QMenu menu;
        menu.addAction(Tr::tr("Open in a separate window"), this, [this, index] { detachTab(index); });
        menu.addAction(Icons::get(QStringLiteral("delete")), Tr::tr("Close"), this,
                       [this, index] { m_workArea->widget(index)->deleteLater(); });
        menu.exec(m_workArea->tabBar()->mapToGlobal(at));
    });

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("mainSplitter"));
    splitter->addWidget(m_navigation);
    splitter->addWidget(m_workArea);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({210, 990});
    setCentralWidget(splitter);
    buildMenus();

    // The file's name only: a full path would push the OCPP state out of a laptop's status bar.
    const QString location = repository.database().displayLocation();
    auto *database =
        new QLabel(Tr::tr("Database: %1 (%2)")
                       .arg(QFileInfo(location).fileName().isEmpty() || location.contains(QLatin1String("://"))
                                ? location
                                : QFileInfo(location).fileName(),
                            repository.database().backendName()),
                   this);
    database->setToolTip(location);
    database->setObjectName(QStringLiteral("databaseStatus"));
    auto *user =
        new QLabel(actor.userId == 0 ? Tr::tr("Not signed in") : Tr::tr("Signed in as %1").arg(actor.email), this);
    user->setObjectName(QStringLiteral("userStatus"));
    m_ocppStatus = new QLabel(this);
    m_ocppStatus->setObjectName(QStringLiteral("ocppStatus"));
    m_ocppStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_ocppState = new QLabel(this);
    m_ocppState->setObjectName(QStringLiteral("ocppState"));
    setOcppUrls({}); // off until the server says where it listens
    statusBar()->addPermanentWidget(m_ocppState);
    statusBar()->addPermanentWidget(m_ocppStatus, 1);
    statusBar()->addPermanentWidget(database);
    statusBar()->addPermanentWidget(user);
    m_timeZone = new QLabel(this);
    m_timeZone->setObjectName(QStringLiteral("timeZoneStatus"));
    statusBar()->addPermanentWidget(m_timeZone);
    updateDisplayZone();
    updateDisplayCurrency();
    connect(&m_repository, &Core::Repository::rowChanged, this, [this](const QString &table) {
        if (table == Core::Tables::SiteSettings || table == Core::Tables::Operators)
            updateDisplayZone();
        if (table == Core::Tables::SiteSettings)
            updateDisplayCurrency();
    });

    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("mainWindow/geometry")).toByteArray()))
        resizeToScreen();
    fitToScreen(this);
    splitter->restoreState(settings.value(QStringLiteral("mainWindow/splitter")).toByteArray());
    showSection(settings.value(QStringLiteral("mainWindow/section")).toString());
}

void MainWindow::buildNavigation()
{
    auto *overview = new QTreeWidgetItem(m_navigation, {Tr::tr("Overview")});
    overview->setData(0, SectionRole, QString());
    overview->setIcon(0, Icons::get(QStringLiteral("overview")));
    QHash<QString, QTreeWidgetItem *> groups;
    for (const Section &section : std::as_const(m_sections)) {
        QTreeWidgetItem *parent = nullptr;
        if (!section.group.isEmpty()) {
            parent = groups.value(section.group);
            if (!parent) {
                parent = new QTreeWidgetItem(m_navigation, {section.group});
                parent->setFlags(Qt::ItemIsEnabled);
                QFont bold = parent->font(0);
                bold.setBold(true);
                parent->setFont(0, bold);
                groups.insert(section.group, parent);
            }
        }
        auto *item =
            parent ? new QTreeWidgetItem(parent, {section.title}) : new QTreeWidgetItem(m_navigation, {section.title});
        item->setData(0, SectionRole, section.key);
        item->setIcon(0, Icons::get(section.icon));
    }
    m_navigation->expandAll();
    m_navigation->setCurrentItem(overview);
    connect(m_navigation, &QTreeWidget::currentItemChanged, this, &MainWindow::onNavigation);
    // A click on the section already chosen brings its page back in front of the record views.
    connect(m_navigation, &QTreeWidget::itemClicked, this, &MainWindow::onNavigation);
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(Tr::tr("&File"));
    file->addAction(Icons::get(QStringLiteral("quit")), Tr::tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
    QMenu *go = menuBar()->addMenu(Tr::tr("&Go"));
    go->addAction(Icons::get(QStringLiteral("overview")), Tr::tr("Overview"), QKeySequence(Qt::CTRL | Qt::Key_0), this,
                  [this] { showSection(QString()); });
    int n = 0;
    for (const Section &section : std::as_const(m_sections)) {
        QAction *action = go->addAction(Icons::get(section.icon), section.title, this,
                                        [this, key = section.key] { showSection(key); });
        if (++n <= 9)
            action->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_0 + n)));
    }
    QMenu *view = menuBar()->addMenu(Tr::tr("&View"));
    view->setObjectName(QStringLiteral("viewMenu"));
    view->addMenu(createLanguageMenu(this));
    view->addAction(Tr::tr("&Reset layout"), this, &MainWindow::resetLayout)
        ->setObjectName(QStringLiteral("resetLayout"));
    view->addSeparator();
    QAction *alarms = view->addAction(Tr::tr("&Desktop notifications for new problems"));
    alarms->setObjectName(QStringLiteral("desktopNotifications"));
    alarms->setCheckable(true);
    alarms->setChecked(QSettings().value(QStringLiteral("alarms/desktop"), true).toBool());
    connect(alarms, &QAction::toggled, this, [this](bool on) {
        QSettings().setValue(QStringLiteral("alarms/desktop"), on);
        if (!on && m_tray) {
            m_tray->deleteLater();
            m_tray = nullptr;
        }
    });
    QMenu *help = menuBar()->addMenu(Tr::tr("&Help"));
    help->addAction(Icons::get(QStringLiteral("about")), Tr::tr("&About ChargeDesk"), this, [this] {
        QMessageBox about(QMessageBox::NoIcon, Tr::tr("About ChargeDesk"),
                          Tr::tr("<h3>ChargeDesk %1</h3><p>Operator console for EV charging networks.</p>")
                              .arg(QStringLiteral(PROJECT_VERSION_STRING)),
                          QMessageBox::Ok, this);
        about.setObjectName(QStringLiteral("aboutBox"));
        // The site's logo where it has one: the console belongs to its network.
        const QPixmap logo = siteLogo(m_repository, 64);
        about.setIconPixmap(logo.isNull() ? Icons::get(QStringLiteral("chargedesk")).pixmap(64) : logo);
        about.exec();
    });
}

bool MainWindow::showSection(const QString &key)
{
    for (QTreeWidgetItemIterator it(m_navigation); *it; ++it) {
        if ((*it)->data(0, SectionRole).toString() == key && (*it)->data(0, SectionRole).isValid()) {
            m_navigation->setCurrentItem(*it);
            m_workArea->setCurrentWidget(m_pages);
            return true;
        }
    }
    return false;
}

QWidget *MainWindow::sectionPage(const QString &key) const
{
    return m_pageByKey.value(key);
}

void MainWindow::onNavigation(QTreeWidgetItem *item)
{
    if (!item || !item->data(0, SectionRole).isValid())
        return;
    const QString key = item->data(0, SectionRole).toString();
    m_workArea->setCurrentWidget(m_pages);
    m_workArea->setTabText(0, key.isEmpty() ? Tr::tr("Overview") : item->text(0));
    if (key.isEmpty()) {
        m_pages->setCurrentIndex(0);
        return;
    }
    if (!m_pageByKey.contains(key)) {
        for (const Section &section : std::as_const(m_sections)) {
            if (section.key == key) {
                QWidget *page = createPage(section);
                m_pages->addWidget(page);
                m_pageByKey.insert(key, page);
            }
        }
    }
    if (QWidget *page = m_pageByKey.value(key))
        m_pages->setCurrentWidget(page);
}

QWidget *MainWindow::createPage(const Section &section)
{
    QWidget *content = section.page        ? section.page(pageContext())
                       : section.singleRow ? createSettingsPage(section)
                                           : createListPage(section);
    auto *page = new QWidget;
    page->setObjectName(section.key);
    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(16, 12, 16, 8);
    auto *title = new QLabel(section.title, page);
    QFont big = title->font();
    big.setPointSizeF(big.pointSizeF() * 1.5);
    big.setBold(true);
    title->setFont(big);
    layout->addWidget(title);
    layout->addWidget(content, 1);
    return page;
}

QWidget *MainWindow::createListPage(const Section &section)
{
    auto *page = new ListPage(m_repository, m_actor, section.list);
    const Core::ScopeDef &scope = m_repository.catalog().entity(section.list.table).scope;
    page->setEditable(!section.view && (m_actor.powerUser || scope.operatorsMayWrite));
    if (section.details)
        page->addDetailsWidget(section.details(pageContext(), *page));
    connect(page, &ListPage::createRequested, this, [this, &section, page] { openForm(section, std::nullopt, page); });
    connect(page, &ListPage::openRequested, this, [this, &section, page](qint64 id) {
        if (section.view)
            openRecordView(section, id);
        else
            openForm(section, id, page);
    });
    connect(page, &ListPage::deleteRequested, this, [this, &section](qint64 id) { deleteRow(section, id); });
    return page;
}

QWidget *MainWindow::createSettingsPage(const Section &section)
{
    auto *page = new QWidget;
    auto *form = new EntityForm(m_repository, m_actor, section.list.table, page);
    form->setObjectName(QStringLiteral("settingsForm"));
    form->setSections(section.form);
    Core::ListQuery first;
    first.limit = 1;
    const auto rows = m_repository.list(m_actor, section.list.table, first);
    if (rows && !rows.value().isEmpty())
        form->load(rows.value().first().value(QStringLiteral("id")).toLongLong());
    else
        form->startCreate();
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Reset, page);
    QPushButton *save = buttons->button(QDialogButtonBox::Save);
    save->setObjectName(QStringLiteral("saveButton"));
    save->setEnabled(false);
    connect(form, &EntityForm::modifiedChanged, save, &QPushButton::setEnabled);
    connect(save, &QPushButton::clicked, form, [this, form] {
        if (form->save())
            statusBar()->showMessage(Tr::tr("Settings saved."), 4000);
    });
    connect(buttons->button(QDialogButtonBox::Reset), &QPushButton::clicked, form, [form] {
        if (form->recordId())
            form->load(*form->recordId());
    });
    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(form, 1);
    layout->addWidget(buttons);
    return page;
}

PageContext MainWindow::pageContext() const
{
    auto *self = const_cast<MainWindow *>(this);
    return PageContext{m_repository,
                       m_actor,
                       *m_console,
                       m_services,
                       [self](const QString &key, const QString &title, const std::function<QWidget *()> &make) {
                           self->openDock(key, title, make);
                       },
                       [self](const QString &key) {
                           self->showOnMap(key);
                       }};
}

void MainWindow::showOnMap(const QString &key)
{
    showSection(QStringLiteral("map"));
    if (auto *map = m_pages->currentWidget() ? m_pages->currentWidget()->findChild<MapPage *>() : nullptr)
        map->select(key);
}

void MainWindow::openForm(const Section &section, std::optional<qint64> id, ListPage *page)
{
    if (!id && section.create) {
        if (const std::optional<qint64> created = section.create(pageContext(), this)) {
            page->model().reload();
            page->select(*created);
        }
        return;
    }
    if (id && section.edit) {
        if (section.edit(pageContext(), *id, this)) {
            page->model().reload();
            page->select(*id);
        }
        return;
    }
    EntityDialog dialog(m_repository, m_actor, section.list.table, this);
    dialog.form().setSections(section.form);
    if (id)
        dialog.form().load(*id);
    else
        dialog.form().startCreate();
    if (dialog.exec() == QDialog::Accepted && dialog.form().recordId()) {
        page->model().reload();
        page->select(*dialog.form().recordId());
    }
}

void MainWindow::openRecordView(const Section &section, qint64 id)
{
    const QString key = QStringLiteral("%1/%2").arg(section.key).arg(id);
    if (m_views.value(key)) {
        openDock(key, QString(), {});
        return;
    }
    const Core::EntityDef &entity = m_repository.catalog().entity(section.list.table);
    const auto row = m_repository.get(m_actor, entity.table, id);
    if (!row) {
        QMessageBox::warning(this, capitalized(entity.singular), row.error().message());
        return;
    }
    const QString name =
        Tr::tr("%1 %2").arg(capitalized(entity.singular), row.value().value(entity.displayField).toString());
    const QString title = section.viewTitle ? section.viewTitle(pageContext(), row.value()) : QString();
    openDock(key, title.isEmpty() ? name : title, [&] { return section.view(pageContext(), id); });
    // The tab says where and when; its tip also keeps the row's own name, which tells two apart.
    if (!title.isEmpty())
        m_workArea->setTabToolTip(m_workArea->currentIndex(), QStringLiteral("%1\n%2").arg(title, name));
}

void MainWindow::openDock(const QString &key, const QString &title, const std::function<QWidget *()> &make)
{
    if (QWidget *open = m_views.value(key)) {
        if (const int index = m_workArea->indexOf(open); index >= 0) {
            m_workArea->setCurrentIndex(index);
        } else { // in a window of its own
            open->window()->show();
            open->window()->raise();
            open->window()->activateWindow();
        }
        return;
    }
    m_views.removeIf([](const auto &entry) { return entry.value().isNull(); });
    auto *view = new QWidget;
    view->setObjectName(QStringLiteral("view_") + QString(key).replace(QLatin1Char('/'), QLatin1Char('_')));
    auto *layout = new QVBoxLayout(view);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(make());
    const int index = m_workArea->addTab(view, title);
    m_workArea->setTabToolTip(index, title);
    m_workArea->setCurrentIndex(index);
    m_views.insert(key, view);
}

void MainWindow::detachTab(int index)
{
    QWidget *view = m_workArea->widget(index);
    if (!view || view == m_pages)
        return;
    const QString title = m_workArea->tabText(index);
    m_workArea->removeTab(index);
    auto *window = new QWidget(this, Qt::Window);
    window->setAttribute(Qt::WA_DeleteOnClose);
    window->setWindowTitle(Tr::tr("%1 - ChargeDesk").arg(title));
    auto *layout = new QVBoxLayout(window);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(view);
    window->resize(size() * 3 / 4);
    fitToScreen(window);
    window->show();
}

void MainWindow::deleteRow(const Section &section, qint64 id)
{
    const Core::EntityDef &entity = m_repository.catalog().entity(section.list.table);
    const auto row = m_repository.get(m_actor, entity.table, id);
    const QString name = row ? row.value().value(entity.displayField).toString() : QString::number(id);
    if (!confirmDelete(this, entity, name))
        return;
    if (const auto removed = m_repository.remove(m_actor, entity.table, id); !removed)
        QMessageBox::warning(this, Tr::tr("Delete %1").arg(entity.singular), removed.error().message());
}

QWidget *MainWindow::overviewPage()
{
    m_overview = new OverviewPage(m_repository, m_actor, m_services.loadBalancing, m_services.liveConfiguration);
    connect(m_overview, &OverviewPage::openRequested, this, &MainWindow::openRecord);
    connect(m_overview, &OverviewPage::addStationRequested, this, &MainWindow::addRefusedStation);
    connect(m_overview, &OverviewPage::sectionRequested, this, &MainWindow::showSection);
    connect(m_overview, &OverviewPage::attentionChanged, this,
            [this](const QList<Core::AttentionItem> &items, const QList<Core::AttentionItem> &appeared) {
                showAttention(static_cast<int>(items.size()), appeared);
            });
    auto *page = new QWidget;
    page->setObjectName(QStringLiteral("overview"));
    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(16, 12, 16, 8);
    auto *title = new QLabel(Tr::tr("Overview"), page);
    QFont big = title->font();
    big.setPointSizeF(big.pointSizeF() * 1.5);
    big.setBold(true);
    title->setFont(big);
    layout->addWidget(title);
    layout->addWidget(m_overview, 1);
    return page;
}

void MainWindow::openRecord(const QString &table, qint64 id)
{
    for (const Section &section : std::as_const(m_sections)) {
        if (section.list.table != table || section.singleRow || section.page)
            continue;
        if (section.view) {
            openRecordView(section, id);
            return;
        }
        showSection(section.key);
        if (auto *list =
                m_pageByKey.value(section.key) ? m_pageByKey.value(section.key)->findChild<ListPage *>() : nullptr) {
            list->model().reload();
            list->select(id);
        }
        return;
    }
}

void MainWindow::addRefusedStation(qint64 refusedConnectionId)
{
    const auto refused = m_repository.get(m_actor, Core::Tables::RefusedConnections, refusedConnectionId);
    if (!refused)
        return;
    const QString identifier = refused.value().value(QStringLiteral("identifier")).toString();
    Core::Record defaults{{QStringLiteral("code"), identifier},
                          {QStringLiteral("name"), identifier},
                          {QStringLiteral("connection_identifier"), identifier}};
    // The subprotocol it spoke, when it is one we speak (it offered them most preferred first).
    for (const QString &offered : refused.value().value(QStringLiteral("protocol")).toString().split(QLatin1Char(',')))
        if (const QString p = offered.trimmed(); p == QLatin1String("ocpp1.6") || p == QLatin1String("ocpp2.0.1")) {
            defaults.insert(QStringLiteral("protocol"), p);
            break;
        }
    for (const Section &section : std::as_const(m_sections)) {
        if (section.list.table != Core::Tables::Stations)
            continue;
        EntityDialog dialog(m_repository, m_actor, Core::Tables::Stations, this);
        dialog.form().setSections(section.form);
        dialog.form().startCreate(defaults);
        if (dialog.exec() == QDialog::Accepted && dialog.form().recordId())
            openRecord(Core::Tables::Stations, *dialog.form().recordId());
        return;
    }
}

void MainWindow::showAttention(int count, const QList<Core::AttentionItem> &appeared)
{
    for (QTreeWidgetItemIterator it(m_navigation); *it; ++it) {
        if ((*it)->data(0, SectionRole).toString().isEmpty() && (*it)->data(0, SectionRole).isValid()) {
            (*it)->setText(0, count ? Tr::tr("Overview (%1)").arg(count) : Tr::tr("Overview"));
            (*it)->setForeground(0, count ? QBrush(statusColor(QStringLiteral("faulted"))) : QBrush());
            (*it)->setToolTip(0, count ? Tr::tr("%n item(s) need attention", nullptr, count) : QString());
        }
    }
    if (appeared.isEmpty())
        return;
    const Core::AttentionItem &first = appeared.first();
    const QString text = appeared.size() == 1
                             ? Tr::tr("%1: %2").arg(first.subject, first.problem)
                             : Tr::tr("%1: %2 (and %n more)", nullptr, static_cast<int>(appeared.size() - 1))
                                   .arg(first.subject, first.problem);
    statusBar()->showMessage(text, 15000);
    if (!QSettings().value(QStringLiteral("alarms/desktop"), true).toBool() ||
        !QSystemTrayIcon::isSystemTrayAvailable())
        return;
    if (!m_tray) {
        m_tray =
            new QSystemTrayIcon(windowIcon().isNull() ? Icons::get(QStringLiteral("chargedesk")) : windowIcon(), this);
        connect(m_tray, &QSystemTrayIcon::messageClicked, this, [this] {
            showSection(QString());
            raise();
            activateWindow();
        });
        m_tray->show();
    }
    m_tray->showMessage(Tr::tr("ChargeDesk: needs attention"), text, QSystemTrayIcon::Warning);
}

void MainWindow::updateDisplayZone()
{
    const QTimeZone zone = Core::actorZone(m_repository.database(), m_actor);
    const bool changed = zone != displayZone();
    setDisplayZone(zone);
    m_timeZone->setText(Tr::tr("Times: %1").arg(displayZoneText()));
    m_timeZone->setToolTip(m_actor.operatorId ? Tr::tr("Times are shown in your operator's time zone.")
                                              : Tr::tr("Times are shown in the site's time zone (Site settings)."));
    if (changed)
        reshowValues();
}

void MainWindow::updateDisplayCurrency()
{
    Core::ListQuery first;
    first.limit = 1;
    const auto site = m_repository.list(m_actor, Core::Tables::SiteSettings, first);
    const QString currency =
        site && !site.value().isEmpty() ? site.value().first().value(QStringLiteral("currency")).toString() : QString();
    if (currency == displayCurrency())
        return;
    setDisplayCurrency(currency);
    reshowValues();
}

void MainWindow::reshowValues()
{
    // Lists and tables format their times and amounts as they paint; labels read again.
    for (QAbstractItemView *view : findChildren<QAbstractItemView *>())
        view->viewport()->update();
    if (m_overview)
        m_overview->refresh();
}

void MainWindow::setOcppStatus(const QString &text)
{
    m_ocppStatus->setText(text);
}

void MainWindow::setOcppUrls(const QStringList &urls)
{
    m_console->setOcppUrls(urls);
    m_overview->setOcppUrls(urls);
    const int size = style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, this);
    m_ocppState->setPixmap(
        Icons::get(urls.isEmpty() ? QStringLiteral("state-disconnected") : QStringLiteral("state-connected"))
            .pixmap(QSize(size, size), devicePixelRatioF()));
    m_ocppState->setToolTip(urls.isEmpty() ? Tr::tr("The OCPP server is off") : Tr::tr("The OCPP server is listening"));
}

void MainWindow::setFileServer(const QUrl &url, const QString &directory)
{
    m_console->setFileServer(url, directory);
}

void MainWindow::addDemoPanel(QWidget *panel)
{
    auto *dock = new QDockWidget(Tr::tr("Demo stations"), this);
    dock->setObjectName(QStringLiteral("demoDock"));
    // Scrolled rather than squeezed: the panel's own minimum width would otherwise set the
    // window's, and push it past a laptop's screen.
    auto *scroll = new QScrollArea(dock);
    scroll->setObjectName(QStringLiteral("demoScroll"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(panel);
    // As wide as the panel's buttons need when that is modest, so a laptop shows them whole.
    constexpr int WidestMinimum = 420;
    scroll->setMinimumWidth(
        std::min(WidestMinimum, panel->minimumSizeHint().width() + scroll->verticalScrollBar()->sizeHint().width()));
    dock->setWidget(scroll);
    addDockWidget(Qt::RightDockWidgetArea, dock);
    // Closed, it comes back from the View menu.
    QAction *toggle = dock->toggleViewAction();
    toggle->setObjectName(QStringLiteral("showDemoDock"));
    if (auto *view = menuBar()->findChild<QMenu *>(QStringLiteral("viewMenu")))
        view->insertAction(view->actions().value(0), toggle);
    // The demo is what a newcomer came to see, but the lists beside it need room to read their
    // columns: a third of the window at most. Dock sizes only hold once the window is laid out,
    // hence after the event loop's next turn; then that layout is the one Reset layout restores.
    QTimer::singleShot(0, dock, [this, dock] {
        fitToScreen(this);
        resizeDocks({dock}, {std::min(width() / 3, 480)}, Qt::Horizontal);
        m_defaultState = saveState();
        restoreState(QSettings().value(QStringLiteral("mainWindow/state")).toByteArray());
    });
}

void MainWindow::resetLayout()
{
    QSettings settings;
    settings.remove(QStringLiteral("mainWindow/state"));
    settings.remove(QStringLiteral("mainWindow/geometry"));
    settings.remove(QStringLiteral("mainWindow/splitter"));
    if (!m_defaultState.isEmpty())
        restoreState(m_defaultState);
    for (QDockWidget *dock : findChildren<QDockWidget *>())
        dock->show();
    if (auto *splitter = findChild<QSplitter *>(QStringLiteral("mainSplitter")))
        splitter->setSizes({210, width() - 210});
    showNormal();
    resizeToScreen();
}

void MainWindow::resizeToScreen()
{
    // A first start fills most of the screen: lists with a details pane need the width.
    const QRect available = screen() ? screen()->availableGeometry() : QRect(0, 0, 1280, 800);
    resize(std::max(1024, available.width() * 9 / 10), std::max(700, available.height() * 9 / 10));
    move(available.center() - rect().center());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings settings;
    settings.setValue(QStringLiteral("mainWindow/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("mainWindow/state"), saveState());
    settings.setValue(QStringLiteral("mainWindow/splitter"),
                      findChild<QSplitter *>(QStringLiteral("mainSplitter"))->saveState());
    const QTreeWidgetItem *current = m_navigation->currentItem();
    settings.setValue(QStringLiteral("mainWindow/section"),
                      current ? current->data(0, SectionRole).toString() : QString());
    event->accept();
}

} // namespace ChargeDesk::Ui
