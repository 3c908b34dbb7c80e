#include "ui/mainwindow.h"

#include "core/actor.h"
#include "core/repository.h"

#include <QCloseEvent>
#include <QDockWidget>
#include <QLabel>
#include <QSettings>
#include <QStatusBar>
#include <QVBoxLayout>

namespace ChargeDesk::Ui {

MainWindow::MainWindow(Core::Repository &repository, QWidget *parent)
    : QMainWindow(parent)
    , m_repository(repository)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("ChargeDesk"));

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(48, 48, 48, 48);
    auto *title = new QLabel(tr("<h1>ChargeDesk</h1><p>Operator console for EV charging networks.</p>"), central);
    m_overview = new QLabel(central);
    m_overview->setObjectName(QStringLiteral("overview"));
    m_overview->setTextFormat(Qt::RichText);
    layout->addWidget(title);
    layout->addWidget(m_overview);
    layout->addStretch();
    setCentralWidget(central);

    auto *database = new QLabel(
        tr("Database: %1 (%2)").arg(repository.database().displayLocation(), repository.database().backendName()),
        this);
    database->setObjectName(QStringLiteral("databaseStatus"));
    m_ocppStatus = new QLabel(this);
    m_ocppStatus->setObjectName(QStringLiteral("ocppStatus"));
    m_ocppStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);
    statusBar()->addPermanentWidget(m_ocppStatus);
    statusBar()->addPermanentWidget(database);

    connect(&m_repository, &Core::Repository::rowChanged, this, &MainWindow::refreshOverview);
    refreshOverview();

    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("mainWindow/geometry")).toByteArray()))
        resize(1200, 800);
}

void MainWindow::refreshOverview()
{
    const Core::Actor system = Core::Actor::system();
    QStringList rows;
    for (const QString &table :
         {Core::Tables::Operators, Core::Tables::Areas, Core::Tables::Stations, Core::Tables::Chargers,
          Core::Tables::Connectors, Core::Tables::Customers, Core::Tables::Sessions}) {
        auto n = m_repository.count(system, table);
        const QString label = m_repository.catalog().entity(table).plural;
        rows << QStringLiteral("<tr><td>%1</td><td align=right>&nbsp;&nbsp;%2</td></tr>")
                    .arg(label.at(0).toUpper() + label.mid(1), n ? QString::number(n.value()) : tr("?"));
    }
    m_overview->setText(QStringLiteral("<table>%1</table>").arg(rows.join(QString())));
}

void MainWindow::setOcppStatus(const QString &text)
{
    m_ocppStatus->setText(text);
}

void MainWindow::addDemoPanel(QWidget *panel)
{
    auto *dock = new QDockWidget(tr("Demo stations"), this);
    dock->setObjectName(QStringLiteral("demoDock"));
    dock->setWidget(panel);
    addDockWidget(Qt::RightDockWidgetArea, dock);
    // The demo is what a newcomer came to see: give it most of the window.
    resizeDocks({dock}, {width() * 2 / 3}, Qt::Horizontal);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings settings;
    settings.setValue(QStringLiteral("mainWindow/geometry"), saveGeometry());
    event->accept();
}

} // namespace ChargeDesk::Ui
