#pragma once

#include <QTest>

// For a test that needs something from outside the build (a program, Qt's own translations):
// without it a developer's machine skips the test, but CI fails it. CI (the CI variable set)
// installs everything through packaging/setup.sh, so a missing package there must not turn a
// check into a silent skip. `what` is a string literal naming the thing and its package.
#define CHARGEDESK_NEEDS(available, what)                                                                              \
    do {                                                                                                               \
        if (!(available)) {                                                                                            \
            if (qEnvironmentVariableIsSet("CI"))                                                                       \
                QFAIL(what " is missing; packaging/setup.sh installs it, and CI runs every test");                     \
            QSKIP(what " is missing; packaging/setup.sh installs it");                                                 \
        }                                                                                                              \
    } while (false)
