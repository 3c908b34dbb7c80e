#pragma once

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTest>
#include <QTimer>
#include <QWidget>
#include <QWizard>

#include <functional>
#include <memory>

// How the window tests drive the console's modal dialogs and the one form pattern, as a user
// would: by object names.
namespace ChargeDesk::Test {

// Runs `step` on the modal dialog or message box named `objectName` (any, when empty) as soon
// as it is the active modal widget; `*done` turns true once it ran. Modal windows block the
// test's own code, so their steps have to come from the event loop they run in.
inline void onModal(QObject *context, const QString &objectName, std::function<void(QWidget *)> step,
                    std::shared_ptr<bool> done = {})
{
    auto *timer = new QTimer(context);
    timer->setInterval(20);
    QObject::connect(timer, &QTimer::timeout, context, [timer, objectName, step, done] {
        QWidget *modal = QApplication::activeModalWidget();
        if (!modal || (!objectName.isEmpty() && modal->objectName() != objectName))
            return;
        timer->stop();
        timer->deleteLater();
        step(modal);
        if (done)
            *done = true;
    });
    timer->start();
}

// Types `value` into the editor of `field` on an EntityForm (line edit, combo box, spin box
// or check box). A combo box takes a choice by its code or a referenced row by its name.
inline void fill(QWidget *form, const QString &field, const QVariant &value)
{
    QWidget *editor = form->findChild<QWidget *>(QStringLiteral("field_") + field);
    QVERIFY2(editor, qPrintable(QStringLiteral("no editor for ") + field));
    if (auto *line = qobject_cast<QLineEdit *>(editor)) {
        line->clear();
        QTest::keyClicks(line, value.toString());
    } else if (auto *combo = qobject_cast<QComboBox *>(editor)) {
        int index = combo->findData(value.toString());
        if (index < 0)
            index = combo->findText(value.toString(), Qt::MatchStartsWith);
        QVERIFY2(index >= 0, qPrintable(field + QStringLiteral(": no item ") + value.toString()));
        combo->setCurrentIndex(index);
    } else if (auto *spin = qobject_cast<QSpinBox *>(editor)) {
        spin->setValue(value.toInt());
    } else if (auto *box = qobject_cast<QCheckBox *>(editor)) {
        box->setChecked(value.toBool());
    } else {
        QFAIL(qPrintable(QStringLiteral("unexpected editor for ") + field));
    }
}

// Presses Save on an EntityDialog. A form that does not save says why in the log, and is
// closed so that the test goes on to report the failure.
inline void clickSave(QWidget *dialog)
{
    auto *save = dialog->findChild<QPushButton *>(QStringLiteral("saveButton"));
    QVERIFY(save);
    QTest::mouseClick(save, Qt::LeftButton);
    if (dialog->isVisible()) {
        for (QLabel *label : dialog->findChildren<QLabel *>())
            if (label->objectName().startsWith(QLatin1String("error_")) && !label->text().isEmpty())
                qWarning("%s: %s", qPrintable(label->objectName()), qPrintable(label->text()));
        static_cast<QDialog *>(dialog)->done(QDialog::Rejected);
        QFAIL("the form did not save");
    }
}

// Goes through a QWizard as a user does: Next on every page, then the Finish button. A page
// that refuses Next stops it; the wizard then stays open and the caller sees why.
inline void finishWizard(QWidget *dialog)
{
    auto *wizard = qobject_cast<QWizard *>(dialog);
    QVERIFY(wizard);
    for (int guard = 0; guard < 20 && wizard->isVisible(); ++guard) {
        QAbstractButton *next = wizard->button(QWizard::NextButton);
        QAbstractButton *finish = wizard->button(QWizard::FinishButton);
        const int page = wizard->currentId();
        if (finish->isVisible() && finish->isEnabled()) {
            finish->click();
            return;
        }
        next->click();
        if (wizard->currentId() == page)
            return; // refused: the page shows why
    }
}

} // namespace ChargeDesk::Test
