#pragma once

#include "core/actor.h"
#include "core/networkstatus.h"
#include "ui/shell/sections.h"

#include <QDockWidget>
#include <QMainWindow>
#include <QPointer>

class QLabel;
class QStackedWidget;
class QSystemTrayIcon;
class QTabWidget;
class QTreeWidget;
class QTreeWidgetItem;

namespace ChargeDesk::Core {
class AuthService;
class Repository;
} // namespace ChargeDesk::Core

namespace ChargeDesk::Ui {

// The console's frame: navigation in the order of the specification's menu, one page per
// section (made when first opened), and a status bar with the OCPP server, the database and
// the signed-in user. Everything it shows is read as `actor`, so an operator-role user sees
// their operator's data only.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    // Without a service (see Services) the pages leave out what needs it.
    MainWindow(Core::Repository &repository, const Core::Actor &actor, const Services &services = {},
               QWidget *parent = nullptr);

    // Docks demo mode's panel on the right; the window takes ownership.
    void addDemoPanel(QWidget *panel);
    // Shows the section with this key ("stations"); false when there is none for this user.
    bool showSection(const QString &key);
    // The page of a section once it has been shown, for tests and for other windows.
    QWidget *sectionPage(const QString &key) const;

public slots:
    // The embedded OCPP server's state, as the status bar shows it.
    void setOcppStatus(const QString &text);
    // The URLs it listens on (see ConsoleState), for the pages that show a station's own.
    void setOcppUrls(const QStringList &urls);
    // The built-in file server's URL and folder (see ConsoleState), for station operations.
    void setFileServer(const QUrl &url, const QString &directory);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildNavigation();
    void resizeToScreen();
    void buildMenus();
    QWidget *createPage(const Section &section);
    QWidget *createListPage(const Section &section);
    QWidget *createSettingsPage(const Section &section);
    void openForm(const Section &section, std::optional<qint64> id, class ListPage *page);
    // Opens (or raises) the tab with the view of one row of a section with a RecordViewFactory.
    void openRecordView(const Section &section, qint64 id);
    // Opens (or raises) the tab named `key` beside the section pages; see OpenDock.
    void openDock(const QString &key, const QString &title, const std::function<QWidget *()> &make);
    // Moves a view's tab into a window of its own, for a second screen.
    void detachTab(int index);
    // The window back to how it first opened: docks in place, fitting the screen.
    void resetLayout();
    void deleteRow(const Section &section, qint64 id);
    // Shows the Map section with `key` selected; see ShowOnMap.
    void showOnMap(const QString &key);
    void onNavigation(QTreeWidgetItem *item);
    QWidget *overviewPage();
    // Where an attention item of the overview leads: the session's view, the station in its list.
    void openRecord(const QString &table, qint64 id);
    // The station form, filled in from a refused connection attempt.
    void addRefusedStation(qint64 refusedConnectionId);
    // The navigation's badge and, when switched on, a desktop notification for new problems.
    void showAttention(int count, const QList<Core::AttentionItem> &appeared);
    // Shows times in the site's zone (an operator user's operator's), and again when it changes.
    void updateDisplayZone();
    // Shows and takes amounts without a currency of their own in the site's currency.
    void updateDisplayCurrency();
    // Lists, tables and the overview again after the zone or the currency changed.
    void reshowValues();
    PageContext pageContext() const;

    Core::Repository &m_repository;
    Core::Actor m_actor;
    Services m_services;
    QList<Section> m_sections;
    QTreeWidget *m_navigation = nullptr;
    QStackedWidget *m_pages = nullptr;
    QHash<QString, QWidget *> m_pageByKey;
    class OverviewPage *m_overview = nullptr;
    QSystemTrayIcon *m_tray = nullptr; // only while desktop notifications are on
    QLabel *m_ocppStatus = nullptr;
    QLabel *m_ocppState = nullptr; // a dot: listening or off
    QLabel *m_timeZone = nullptr;
    class ConsoleState *m_console = nullptr;
    // The section pages, then a closable tab per open record view.
    QTabWidget *m_workArea = nullptr;
    // "sessions/42" -> its view (a tab or a window of its own); closed views leave a null pointer.
    QHash<QString, QPointer<QWidget>> m_views;
    QByteArray m_defaultState; // the docks as first laid out, for Reset layout
};

} // namespace ChargeDesk::Ui
