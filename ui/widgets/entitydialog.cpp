#include "ui/widgets/entitydialog.h"

#include "ui/widgets/entityform.h"
#include "ui/widgets/tr.h"
#include "ui/widgets/valueformat.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QMessageBox>
#include <QPushButton>
#include <QScreen>
#include <QShowEvent>
#include <QVBoxLayout>

namespace ChargeDesk::Ui {

EntityDialog::EntityDialog(Core::Repository &repository, const Core::Actor &actor, const QString &table,
                           QWidget *parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("entityDialog"));
    m_form = new EntityForm(repository, actor, table, this);
    m_form->setCustomAttributesShown(true);

    auto *buttons = new QDialogButtonBox(this);
    m_save = buttons->addButton(QDialogButtonBox::Save);
    m_save->setObjectName(QStringLiteral("saveButton"));
    m_cancel = buttons->addButton(QDialogButtonBox::Cancel);
    m_cancel->setObjectName(QStringLiteral("cancelButton"));
    m_save->setDefault(true);
    // Apart from Save and Cancel, so that it is never pressed on the way to them.
    m_delete = new QPushButton(Tr::tr("Delete…"), this);
    m_delete->setObjectName(QStringLiteral("deleteButton"));
    m_delete->setAutoDefault(false);

    auto *buttonRow = new QHBoxLayout;
    buttonRow->addWidget(m_delete);
    buttonRow->addWidget(buttons, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_form, 1);
    layout->addSpacing(fontMetrics().height() / 2);
    layout->addLayout(buttonRow);

    connect(m_save, &QPushButton::clicked, this, &EntityDialog::save);
    connect(m_cancel, &QPushButton::clicked, this, &EntityDialog::reject);
    connect(m_delete, &QPushButton::clicked, this, &EntityDialog::confirmRemove);
    connect(m_form, &EntityForm::modifiedChanged, this, &EntityDialog::updateState);
}

void EntityDialog::showEvent(QShowEvent *event)
{
    updateState();
    if (!event->spontaneous())
        fitToContent();
    QDialog::showEvent(event);
}

void EntityDialog::save()
{
    if (m_form->save())
        accept();
}

bool confirmDelete(QWidget *parent, const Core::EntityDef &entity, const QString &name)
{
    QMessageBox box(QMessageBox::Warning, Tr::tr("Delete %1").arg(entity.singular),
                    Tr::tr("Delete the %1 “%2”?").arg(entity.singular, name), QMessageBox::NoButton, parent);
    box.setObjectName(QStringLiteral("confirmDelete"));
    box.setInformativeText(Tr::tr("This cannot be undone."));
    QPushButton *remove = box.addButton(Tr::tr("Delete"), QMessageBox::DestructiveRole);
    remove->setObjectName(QStringLiteral("confirmDeleteButton"));
    box.setDefaultButton(box.addButton(QMessageBox::Cancel));
    box.exec();
    return box.clickedButton() == remove;
}

void EntityDialog::confirmRemove()
{
    if (confirmDelete(this, m_form->entity(), m_form->displayName()) && m_form->removeRecord())
        accept();
}

void EntityDialog::reject()
{
    if (m_form->isModified()) {
        QMessageBox box(QMessageBox::Question, windowTitle().remove(QStringLiteral("[*]")),
                        Tr::tr("Discard your changes?"), QMessageBox::Discard | QMessageBox::Cancel, this);
        box.setObjectName(QStringLiteral("confirmDiscard"));
        box.setDefaultButton(QMessageBox::Cancel);
        if (box.exec() != QMessageBox::Discard)
            return;
    }
    QDialog::reject();
}

void EntityDialog::updateState()
{
    const Core::EntityDef &def = m_form->entity();
    const bool existing = m_form->recordId().has_value();
    m_delete->setVisible(existing);
    m_save->setEnabled(!existing || m_form->isModified());
    setWindowModified(m_form->isModified());
    // "[*]" is where Qt puts the modified marker of the title bar.
    setWindowTitle(
        existing ? Tr::tr("%1 %2[*]", "entity kind, display name").arg(capitalized(def.singular), m_form->displayName())
                 : Tr::tr("New %1[*]").arg(def.singular));
}

void EntityDialog::fitToContent()
{
    QSize size = sizeHint().expandedTo(QSize(fontMetrics().averageCharWidth() * 90, 0));
    if (const QScreen *shown = screen())
        size = size.boundedTo(shown->availableGeometry().size() * 0.85);
    resize(size);
}

} // namespace ChargeDesk::Ui
