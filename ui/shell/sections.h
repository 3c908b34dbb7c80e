#pragma once

#include "ui/widgets/entityform.h"
#include "ui/widgets/listpage.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <functional>
#include <optional>

namespace ChargeDesk::Core {
class AuthService;
class ChargePointGateway;
class LiveConfiguration;
class BalancingService;
class MessageLog;
class Reservations;
class SessionControl;
class Settlement;
class StationService;
} // namespace ChargeDesk::Core

namespace ChargeDesk::Ui {

class ConsoleState;

// The core services that windows act through beside the repository. Null where the console
// runs without them (tests of a single window); windows then leave out what needs them.
struct Services
{
    Core::AuthService *auth = nullptr;        // passwords and new users
    Core::StationService *stations = nullptr; // stations' Basic auth credentials
    Core::Settlement *settlement = nullptr;
    Core::SessionControl *sessionControl = nullptr;
    Core::ChargePointGateway *gateway = nullptr; // commands to connected stations
    Core::LiveConfiguration *liveConfiguration = nullptr;
    Core::Reservations *reservations = nullptr;
    Core::MessageLog *messageLog = nullptr;          // its written() tells log views to look again
    Core::BalancingService *loadBalancing = nullptr; // the engine's: each area's limits and shares
};

// Opens (or raises) a dock of the main window: `key` names it ("stationLog/7") so a second
// request raises the open one, and `make` builds its widget only when it is not open yet.
using OpenDock = std::function<void(const QString &key, const QString &title, const std::function<QWidget *()> &make)>;

// Selects a row on the Map section and shows it there ("station/7", "area/3", "asset/2").
using ShowOnMap = std::function<void(const QString &key)>;

// What a section's own widgets get to work with.
struct PageContext
{
    Core::Repository &repository;
    Core::Actor actor;
    ConsoleState &console;
    const Services &services;
    OpenDock openDock;   // empty outside a main window: pages then open nothing
    ShowOnMap showOnMap; // empty outside a main window
};

// Builds the part of a list's details pane that a section adds below the selected row's
// fields (a station's URLs and chargers, a profile's chart); it follows page.currentChanged.
using DetailsFactory = std::function<QWidget *(const PageContext &context, ListPage &page)>;
// Asks for a new row in a section's own window instead of the generic form, for rows a core
// service creates with more than their fields (a user with a password); the new row's id.
using CreateDialog = std::function<std::optional<qint64>(const PageContext &context, QWidget *parent)>;

// Changes a row in a section's own window instead of the generic form, for rows whose
// fields, parts and questions need more than one page (an area); true when it saved.
using EditDialog = std::function<bool(const PageContext &context, qint64 id, QWidget *parent)>;

// Builds the view a row opens into instead of the form, for rows the engine writes and people
// only look at and act on (a session): shown in a dock of its own, several side by side.
using RecordViewFactory = std::function<QWidget *(const PageContext &context, qint64 id)>;

// Names a row's view (its tab) when the row's display field names nothing an operator knows
// (a session's code is a UUID): where and when, say. Empty keeps the display field.
using ViewTitle = std::function<QString(const PageContext &context, const Core::Record &row)>;

// Builds a section's page when it is not a list of rows (the map).
using PageFactory = std::function<QWidget *(const PageContext &context)>;

// One entry of the console's navigation: a list of rows with its form, or the one row of a
// settings table. The console shows only the sections whose features are built.
struct Section
{
    QString key;   // "stations"; also the page's object name
    QString icon;  // its name for Icons::get ("station")
    QString group; // the navigation heading it sits under ("Operations"), or empty
    QString title;
    ListSpec list;
    QList<FormSection> form;
    bool singleRow = false; // settings: the form of the table's one row, no list
    bool powerOnly = false; // hidden from operator-role users
    DetailsFactory details; // optional
    CreateDialog create;    // optional
    EditDialog edit;        // optional
    RecordViewFactory view; // optional; such rows are not created or deleted by hand
    ViewTitle viewTitle;    // optional, beside view
    PageFactory page;       // optional; replaces the list
};

// The sections in the order of the specification's menu.
QList<Section> consoleSections();

} // namespace ChargeDesk::Ui
