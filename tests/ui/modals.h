#pragma once

#include <QApplication>
#include <QTimer>
#include <QWidget>

#include <functional>
#include <memory>

namespace ChargeDesk::Test {

// Runs `step` on the modal dialog or message box named `objectName` as soon as it is the
// active modal widget; `*done` turns true once it ran. Modal windows block the test's own
// code, so their steps have to come from the event loop they run in.
inline void onModal(QObject *context, const QString &objectName, std::function<void(QWidget *)> step,
                    std::shared_ptr<bool> done = {})
{
    auto *timer = new QTimer(context);
    timer->setInterval(20);
    QObject::connect(timer, &QTimer::timeout, context, [timer, objectName, step, done] {
        QWidget *modal = QApplication::activeModalWidget();
        if (!modal || modal->objectName() != objectName)
            return;
        timer->stop();
        timer->deleteLater();
        step(modal);
        if (done)
            *done = true;
    });
    timer->start();
}

} // namespace ChargeDesk::Test
