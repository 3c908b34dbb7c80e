#pragma once

#include "core/actor.h"
#include "core/entitydef.h"
#include "core/repository.h"

#include <QHash>
#include <QSet>
#include <QWidget>

#include <functional>
#include <optional>

class QFormLayout;
class QLabel;
class QScrollArea;
class QToolButton;
class QVBoxLayout;

namespace ChargeDesk::Core {
class Error;
class Repository;
} // namespace ChargeDesk::Core

namespace ChargeDesk::Ui {

class FieldEditor;

// A heading and the fields shown under it, in order.
class CustomAttributesEditor;

struct FormSection
{
    QString title;
    QStringList fields;
};

// The one form for creating, showing, changing and deleting a row of any catalog entity.
// It builds its editors from the entity's field definitions and leaves every rule to the
// repository: what core refuses comes back as messages shown beside the fields.
class EntityForm final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EntityForm)

public:
    EntityForm(Core::Repository &repository, const Core::Actor &actor, const QString &table, QWidget *parent = nullptr);
    ~EntityForm() override;

    // Groups the fields under headings; fields not listed are not shown. Without sections
    // the form shows every field a user may edit, in catalog order. Call before
    // startCreate() or load().
    void setSections(const QList<FormSection> &sections);
    // The row's custom attributes under the fields, for entities that have them. A window
    // that edits them its own way (the area wizard) leaves this off.
    void setCustomAttributesShown(bool shown);

    // An empty form for a new row: the catalog's defaults, then `defaults` (which may also
    // name fields that are not shown, such as the parent a new row belongs to).
    void startCreate(const Core::Record &defaults = {});
    // Shows an existing row; false (with the reason in the banner) when it cannot be read.
    bool load(qint64 id);

    // Creates new rows through `create` instead of the repository, for entities a core
    // service creates with more than their fields (a user with a password); its errors are
    // shown like the repository's.
    using Creator = std::function<Core::Result<qint64>(const Core::Record &values)>;
    void setCreator(Creator create) { m_creator = std::move(create); }

    // Creates or updates the row; the id on success, nullopt with the errors shown otherwise.
    std::optional<qint64> save();
    // Deletes the shown row; false with the refusal in the banner.
    bool removeRecord();

    // For windows that build on the form (a wizard page of some of an entity's fields):
    // the editor of a shown field, or null.
    FieldEditor *editor(const QString &field) const;
    // The shown fields, top to bottom.
    const QStringList &fieldNames() const { return m_order; }
    // What save() would hand to core: for a new row every value given, for a shown row
    // only what the user changed.
    Core::Record values() const { return collect(); }
    // Hides a field's row (and its message) without forgetting its value.
    void setFieldVisible(const QString &field, bool visible);
    // A value the window decides (an operator user's own operator): shown, saved, not editable.
    void setFieldLocked(const QString &field, bool locked);
    // A unit after the editor ("W", "s"); the editor then keeps its natural width.
    void setFieldSuffix(const QString &field, const QString &suffix);
    // Adds `widget` below the editor of `field`, in the field column (a hint, a button row).
    void insertRowAfter(const QString &field, QWidget *widget);
    // Adds `widget` below all fields, across the form's width (a list of parts).
    void addFooter(QWidget *widget);
    // Shows or hides a widget added with insertRowAfter or addFooter.
    void setRowVisible(QWidget *widget, bool visible);
    void clearErrors();
    // Core's messages beside the fields they concern; those about no shown field in the banner.
    void showFieldErrors(const QList<Core::FieldError> &errors);

    const Core::EntityDef &entity() const { return m_def; }
    std::optional<qint64> recordId() const { return m_id; }
    bool isModified() const { return m_modified; }
    // The shown row's display field ("City Power"), empty while creating.
    QString displayName() const;

    QSize sizeHint() const override;

signals:
    void saved(qint64 id);
    void removed(qint64 id);
    void modifiedChanged(bool modified);

private:
    struct Row
    {
        FieldEditor *editor = nullptr;
        QWidget *cell = nullptr; // what the layout holds: the editor's widget, or it with a suffix
        QLabel *suffix = nullptr;
        QLabel *label = nullptr;
        QLabel *error = nullptr;
        QToolButton *create = nullptr; // "New…" beside a reference the user may add rows to
        int section = 0;
    };
    struct Heading
    {
        QLabel *label = nullptr; // null for an untitled section
        QStringList fields;
    };

    QList<FormSection> defaultSections() const;
    void build();
    void addRow(const Core::FieldDef &field, int section);
    void proposeFrom(FieldEditor *source, FieldEditor *target);
    // Adds a row of the field's referenced table in a dialog of its own and chooses it.
    void createReferenced(const QString &field);
    void populate(const Core::Record &record);
    void refreshReferenceOptions();
    void applyMode();
    bool isEditable(const Core::FieldDef &field) const;
    Core::Record collect() const;
    void updateModified();
    void addChangeWarning(const Core::FieldDef &field);
    void buildAttributes();
    bool saveAttributes(qint64 id);

    void showError(const Core::Error &error);
    void showBanner(const QString &text);

    Core::Repository &m_repository;
    const Core::Actor m_actor;
    const Core::EntityDef &m_def;
    QList<FormSection> m_sections;
    Creator m_creator;

    QLabel *m_banner = nullptr;
    QScrollArea *m_scroll = nullptr;
    QWidget *m_content = nullptr;
    QFormLayout *m_layout = nullptr;
    QVBoxLayout *m_footer = nullptr;
    QLabel *m_requiredNote = nullptr;
    QStringList m_order; // shown fields, top to bottom
    QHash<QString, Row> m_rows;
    QHash<QString, QString> m_proposals; // field -> the value last proposed for it (see FieldDef::proposedFrom)
    QList<Heading> m_headings;
    QSet<QString> m_hiddenFields;
    QSet<QString> m_lockedFields;
    QSet<QWidget *> m_addedRows; // by insertRowAfter and addFooter

    std::optional<qint64> m_id;
    Core::Record m_stored;                          // the row as loaded (display name, title)
    Core::Record m_baseline;                        // what the editors showed before the user touched them
    Core::Record m_hidden;                          // create defaults for fields that have no editor
    CustomAttributesEditor *m_attributes = nullptr; // entities with custom attributes
    QList<Core::Attribute> m_storedAttributes;
    bool m_attributesShown = false;
    bool m_modified = false;
};

} // namespace ChargeDesk::Ui
