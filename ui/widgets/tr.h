#pragma once

#include <QCoreApplication>

namespace ChargeDesk::Ui {

// The console's windows translate in one context, "Ui", as Qt Creator gives each module one:
// a string keeps its translation when its code moves to another class or folder. Choice
// words (valueformat.cpp) keep their own context, "Choice", as they are looked up by code.
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Ui)
};

} // namespace ChargeDesk::Ui
