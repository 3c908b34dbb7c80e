#pragma once

#include "ui/entityform.h"
#include "ui/listpage.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace ChargeDesk::Ui {

// One entry of the console's navigation: a list of rows with its form, or the one row of a
// settings table. The console shows only the sections whose features are built.
struct Section
{
    QString key;   // "stations"; also the page's object name
    QString group; // the navigation heading it sits under ("Operations"), or empty
    QString title;
    ListSpec list;
    QList<FormSection> form;
    bool singleRow = false; // settings: the form of the table's one row, no list
    bool powerOnly = false; // hidden from operator-role users
};

// The sections in the order of the specification's menu.
QList<Section> consoleSections();

} // namespace ChargeDesk::Ui
