#include "ui/shell/mainwindow.h"

#include "core/repository.h"
#include "ui/map/mappage.h"
#include "ui/shell/consolestate.h"
#include "ui/shell/language.h"
#include "ui/widgets/entitydialog.h"
#include "ui/widgets/entityform.h"
#include "ui/widgets/icons.h"
#include "ui/widgets/listpage.h"
#include "ui/widgets/recordtablemodel.h"
#include "ui/widgets/tr.h"
#include "ui/widgets/valueformat.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace ChargeDesk::Ui {

namespace {

constexpr int SectionRole = Qt::UserRole + 1; // the section's key on a navigation item

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

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("mainSplitter"));
    splitter->addWidget(m_navigation);
    splitter->addWidget(m_pages);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({210, 990});
    setCentralWidget(splitter);
    buildMenus();

    auto *database = new QLabel(
        Tr::tr("Database: %1 (%2)").arg(repository.database().displayLocation(), repository.database().backendName()),
        this);
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

    connect(&m_repository, &Core::Repository::rowChanged, this, &MainWindow::refreshOverview);
    refreshOverview();

    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("mainWindow/geometry")).toByteArray()))
        resizeToScreen();
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
    QMenu *help = menuBar()->addMenu(Tr::tr("&Help"));
    help->addAction(Icons::get(QStringLiteral("about")), Tr::tr("&About ChargeDesk"), this, [this] {
        QMessageBox::about(this, Tr::tr("About ChargeDesk"),
                           Tr::tr("<h3>ChargeDesk %1</h3><p>Operator console for EV charging networks.</p>")
                               .arg(QStringLiteral(PROJECT_VERSION_STRING)));
    });
}

bool MainWindow::showSection(const QString &key)
{
    for (QTreeWidgetItemIterator it(m_navigation); *it; ++it) {
        if ((*it)->data(0, SectionRole).toString() == key && (*it)->data(0, SectionRole).isValid()) {
            m_navigation->setCurrentItem(*it);
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
    if (QDockWidget *open = m_docks.value(key)) {
        open->show();
        open->raise();
        return;
    }
    const Core::EntityDef &entity = m_repository.catalog().entity(section.list.table);
    const auto row = m_repository.get(m_actor, entity.table, id);
    if (!row) {
        QMessageBox::warning(this, capitalized(entity.singular), row.error().message());
        return;
    }
    openDock(key, Tr::tr("%1 %2").arg(capitalized(entity.singular), row.value().value(entity.displayField).toString()),
             [&] { return section.view(pageContext(), id); });
}

void MainWindow::openDock(const QString &key, const QString &title, const std::function<QWidget *()> &make)
{
    if (QDockWidget *open = m_docks.value(key)) {
        open->show();
        open->raise();
        return;
    }
    auto *dock = new QDockWidget(title, this);
    dock->setObjectName(QStringLiteral("view_") + QString(key).replace(QLatin1Char('/'), QLatin1Char('_')));
    dock->setAttribute(Qt::WA_DeleteOnClose);
    dock->setWidget(make());
    // Views open side by side as tabs of one dock area; the user may float or move them.
    m_docks.removeIf([](const auto &entry) { return entry.value().isNull(); });
    // Beside the demo panel they would share its height; as its tabs they get all of it.
    QDockWidget *sibling =
        m_docks.isEmpty() ? findChild<QDockWidget *>(QStringLiteral("demoDock")) : m_docks.cbegin()->data();
    addDockWidget(Qt::RightDockWidgetArea, dock);
    if (sibling)
        tabifyDockWidget(sibling, dock);
    else
        resizeDocks({dock}, {std::max(560, width() / 2)}, Qt::Horizontal);
    m_docks.insert(key, dock);
    dock->show();
    dock->raise();
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
    auto *page = new QWidget;
    page->setObjectName(QStringLiteral("overview"));
    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(48, 48, 48, 48);
    auto *title = new QLabel(Tr::tr("<h1>ChargeDesk</h1><p>Operator console for EV charging networks.</p>"), page);
    m_overview = new QLabel(page);
    m_overview->setObjectName(QStringLiteral("overviewCounts"));
    m_overview->setTextFormat(Qt::RichText);
    layout->addWidget(title);
    layout->addWidget(m_overview);
    layout->addStretch();
    return page;
}

void MainWindow::refreshOverview()
{
    QStringList rows;
    for (const QString &table :
         {Core::Tables::Operators, Core::Tables::Areas, Core::Tables::Stations, Core::Tables::Chargers,
          Core::Tables::Connectors, Core::Tables::Customers, Core::Tables::Sessions}) {
        auto n = m_repository.count(m_actor, table);
        if (!n)
            continue; // a table this user may not read
        const QString label = m_repository.catalog().entity(table).plural;
        rows << QStringLiteral("<tr><td>%1</td><td align=right>&nbsp;&nbsp;%2</td></tr>")
                    .arg(capitalized(label), QLocale().toString(n.value()));
    }
    m_overview->setText(QStringLiteral("<table>%1</table>").arg(rows.join(QString())));
}

void MainWindow::setOcppStatus(const QString &text)
{
    m_ocppStatus->setText(text);
}

void MainWindow::setOcppUrls(const QStringList &urls)
{
    m_console->setOcppUrls(urls);
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
    dock->setWidget(panel);
    addDockWidget(Qt::RightDockWidgetArea, dock);
    // The demo is what a newcomer came to see: give it a good part of the window.
    // but leave the lists beside it room to read their columns. Dock sizes only hold once the
    // window is laid out, hence after the event loop's next turn.
    QTimer::singleShot(0, dock,
                       [this, dock] { resizeDocks({dock}, {std::min(width() * 2 / 5, 560)}, Qt::Horizontal); });
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
    settings.setValue(QStringLiteral("mainWindow/splitter"),
                      findChild<QSplitter *>(QStringLiteral("mainSplitter"))->saveState());
    const QTreeWidgetItem *current = m_navigation->currentItem();
    settings.setValue(QStringLiteral("mainWindow/section"),
                      current ? current->data(0, SectionRole).toString() : QString());
    event->accept();
}

} // namespace ChargeDesk::Ui
