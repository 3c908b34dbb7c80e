#include "ui/widgets/entityform.h"

#include "core/repository.h"
#include "ui/widgets/customattributeseditor.h"
#include "ui/widgets/entitydialog.h"
#include "ui/widgets/fieldeditor.h"
#include "ui/widgets/formstyle.h"
#include "ui/widgets/tr.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QScrollArea>
#include <QScrollBar>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

namespace ChargeDesk::Ui {

using Core::FieldDef;

namespace {

bool isEmpty(const QVariant &value)
{
    return FieldEditor::sameValue(value, QVariant());
}

// The label comes from the catalog: shown as data, never as markup. Only what the user
// still has to fill in gets the asterisk.
QString labelMarkup(const FieldDef &field, bool editable, const QColor &red)
{
    const QString text = field.label.toHtmlEscaped();
    if (!field.isRequired || !editable)
        return text;
    return QStringLiteral("%1&nbsp;<span style=\"color:%2\">*</span>").arg(text, red.name());
}

// QFormLayout (Qt 6.4) writes past its row data in heightForWidth when a field's cell
// wraps text by width; wrapped labels in cells size by their hint instead.
void withoutHeightForWidth(QWidget *widget)
{
    QList<QWidget *> all = widget->findChildren<QWidget *>();
    all << widget;
    for (QWidget *w : std::as_const(all)) {
        QSizePolicy policy = w->sizePolicy();
        if (policy.hasHeightForWidth()) {
            policy.setHeightForWidth(false);
            w->setSizePolicy(policy);
        }
    }
}

} // namespace

EntityForm::EntityForm(Core::Repository &repository, const Core::Actor &actor, const QString &table, QWidget *parent)
    : QWidget(parent)
    , m_repository(repository)
    , m_actor(actor)
    , m_def(repository.catalog().entity(table))
{
    setObjectName(QStringLiteral("entityForm"));

    m_banner = new QLabel(this);
    m_banner->setObjectName(QStringLiteral("formError"));
    m_banner->setWordWrap(true);
    m_banner->setTextFormat(Qt::PlainText);
    m_banner->setTextInteractionFlags(Qt::TextSelectableByMouse);
    const bool dark = palette().color(QPalette::Window).lightness() < 128;
    m_banner->setStyleSheet(dark ? QStringLiteral("QLabel { background: #4a1d1a; border: 1px solid #8c2f28; "
                                                  "border-radius: 4px; padding: 8px; color: #ffdad6; }")
                                 : QStringLiteral("QLabel { background: #fdecea; border: 1px solid #f1b8b3; "
                                                  "border-radius: 4px; padding: 8px; color: #5f1412; }"));
    m_banner->hide();

    m_scroll = new QScrollArea(this);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_banner);
    layout->addWidget(m_scroll, 1);

    m_sections = defaultSections();
    build();
}

EntityForm::~EntityForm() = default;

QList<FormSection> EntityForm::defaultSections() const
{
    FormSection editable;
    FormSection reported{Tr::tr("System information"), {}};
    for (const FieldDef &f : m_def.fields) {
        if (!f.isSystemOnly)
            editable.fields << f.name;
        else if (!f.isWriteOnly)
            reported.fields << f.name;
    }
    QList<FormSection> sections{editable};
    if (!reported.fields.isEmpty())
        sections << reported;
    return sections;
}

void EntityForm::setSections(const QList<FormSection> &sections)
{
    m_sections = sections;
    build();
}

void EntityForm::build()
{
    delete m_content; // takes the editors with it
    m_rows.clear();
    m_hiddenFields.clear();
    m_lockedFields.clear();
    m_addedRows.clear();
    m_order.clear();
    m_headings.clear();

    m_content = new QWidget;
    auto *page = new QVBoxLayout(m_content);
    page->setContentsMargins(0, 0, 0, 0);
    m_layout = new QFormLayout;
    page->addLayout(m_layout);
    m_footer = new QVBoxLayout;
    m_footer->setContentsMargins(0, 0, 0, 0);
    page->addLayout(m_footer);
    m_layout->setContentsMargins(0, 0, style()->pixelMetric(QStyle::PM_LayoutRightMargin) / 2, 0);
    m_layout->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_layout->setRowWrapPolicy(QFormLayout::DontWrapRows);

    for (const FormSection &section : std::as_const(m_sections)) {
        Heading heading{nullptr, {}};
        if (!section.title.isEmpty()) {
            heading.label = new QLabel(section.title, m_content);
            heading.label->setTextFormat(Qt::PlainText);
            QFont font = heading.label->font();
            font.setBold(true);
            heading.label->setFont(font);
            // Air above every heading but the first, so that sections read as groups.
            heading.label->setContentsMargins(0, m_headings.isEmpty() ? 0 : fontMetrics().height(), 0, 2);
            m_layout->addRow(heading.label);
        }
        for (const QString &name : section.fields) {
            const FieldDef *field = m_def.field(name);
            if (!field) {
                qWarning("EntityForm: %s has no field %s", qPrintable(m_def.table), qPrintable(name));
                continue;
            }
            if (field->isWriteOnly && field->isSystemOnly)
                continue; // nothing anyone could see or type
            heading.fields << name;
            addRow(*field, int(m_headings.size()));
            // What the field does, under it, where a person deciding a value looks.
            if (!field->help.isEmpty()) {
                QLabel *help = makeHint(field->help, m_content);
                help->setObjectName(QStringLiteral("help_") + name);
                // Sized by its hint (see withoutHeightForWidth): room for the lines it needs at
                // the narrowest the cell gets, so that no sentence is cut.
                const int narrowest = help->fontMetrics().averageCharWidth() * 50;
                help->setMinimumWidth(narrowest);
                help->setMinimumHeight(help->heightForWidth(narrowest));
                insertRowAfter(name, help);
            }
            if (!field->changeWarning.isEmpty())
                addChangeWarning(*field);
        }
        m_headings << heading;
    }

    buildAttributes();
    m_requiredNote = new QLabel(m_content);
    m_requiredNote->setTextFormat(Qt::RichText);
    m_requiredNote->setText(Tr::tr("<span style=\"color:%1\">*</span> Required").arg(errorColor(palette()).name()));
    m_requiredNote->setForegroundRole(QPalette::PlaceholderText);
    m_requiredNote->setContentsMargins(0, fontMetrics().height() / 2, 0, 0);
    page->addWidget(m_requiredNote);
    page->addStretch(1);

    m_scroll->setWidget(m_content);
    applyMode();
}

void EntityForm::addRow(const FieldDef &field, int section)
{
    Row row;
    row.section = section;
    row.editor = FieldEditor::create(field, m_repository.clock(), m_content);
    row.label = new QLabel(m_content);
    row.label->setTextFormat(Qt::RichText);
    row.label->setBuddy(row.editor->inputWidget());
    row.error = new QLabel; // into the cell below
    row.error->setObjectName(QStringLiteral("error_") + field.name);
    row.error->setTextFormat(Qt::PlainText);
    row.error->setWordWrap(true);
    QPalette red = row.error->palette();
    red.setColor(QPalette::WindowText, errorColor(palette()));
    row.error->setPalette(red);
    // The editor, room for a unit after it (setFieldSuffix, hidden until then) and for lines
    // a window adds below it (insertRowAfter).
    row.cell = new QWidget(m_content);
    auto *cell = new QVBoxLayout(row.cell);
    cell->setContentsMargins(0, 0, 0, 0);
    cell->setSpacing(2);
    auto *line = new QHBoxLayout;
    line->setContentsMargins(0, 0, 0, 0);
    row.editor->widget()->setParent(row.cell);
    row.suffix = new QLabel(row.cell);
    row.suffix->setObjectName(QStringLiteral("suffix_") + field.name);
    row.suffix->hide();
    line->addWidget(row.editor->widget(), 1);
    line->addWidget(row.suffix);
    // A reference to a table the user may add to offers that in place: a new station whose
    // area does not exist yet is not a dead end.
    if (field.type == Core::FieldType::Reference && !field.isSystemOnly &&
        (m_actor.powerUser || m_repository.catalog().entity(field.refTable).scope.operatorsMayWrite)) {
        row.create = new QToolButton(row.cell);
        row.create->setObjectName(QStringLiteral("new_") + field.name);
        row.create->setText(Tr::tr("New…"));
        row.create->setToolTip(
            Tr::tr("Add a new %1 and choose it here").arg(m_repository.catalog().entity(field.refTable).singular));
        connect(row.create, &QToolButton::clicked, this, [this, name = field.name] { createReferenced(name); });
        line->addWidget(row.create);
    }
    line->addStretch(0);
    cell->addLayout(line);
    m_layout->addRow(row.label, row.cell);
    // The message sits in the field's cell, right under the editor.
    static_cast<QVBoxLayout *>(row.cell->layout())->addWidget(row.error);
    row.error->hide();
    withoutHeightForWidth(row.error);
    connect(row.editor, &FieldEditor::edited, this, &EntityForm::updateModified);
    m_rows.insert(field.name, row);
    m_order << field.name;
    for (const Row &other : std::as_const(m_rows)) {
        const FieldDef &target = other.editor->field();
        if (target.proposedFrom == field.name || (target.name == field.name && m_rows.contains(target.proposedFrom)))
            proposeFrom(m_rows[target.proposedFrom].editor, other.editor);
    }
}

void EntityForm::createReferenced(const QString &field)
{
    FieldEditor *editor = m_rows.value(field).editor;
    if (!editor)
        return;
    EntityDialog dialog(m_repository, m_actor, editor->field().refTable, this);
    dialog.form().startCreate();
    if (dialog.exec() != QDialog::Accepted || !dialog.form().recordId())
        return;
    refreshReferenceOptions();
    editor->setValue(*dialog.form().recordId());
    updateModified();
}

void EntityForm::proposeFrom(FieldEditor *source, FieldEditor *target)
{
    // While a new row's target is empty or still what was proposed, it follows the source
    // ("a station's connection identifier is its code") until the user types their own.
    connect(source, &FieldEditor::edited, target, [this, source, target] {
        if (m_id)
            return;
        const QString name = target->field().name;
        const QString current = target->value().toString();
        if (!current.isEmpty() && current != m_proposals.value(name))
            return;
        const QString proposal = source->value().toString();
        m_proposals.insert(name, proposal);
        target->setValue(proposal);
        updateModified();
    });
}

bool EntityForm::isEditable(const FieldDef &field) const
{
    return !field.isSystemOnly && !(m_id && field.isImmutable);
}

// Creating shows only what a user can set; details also show what the system recorded.
void EntityForm::applyMode()
{
    QList<bool> sectionShown(m_headings.size(), false);
    bool requiredShown = false;
    for (const QString &name : std::as_const(m_order)) {
        const Row &row = m_rows[name];
        const FieldDef &field = row.editor->field();
        const bool shown = (m_id || !field.isSystemOnly) && !m_hiddenFields.contains(name);
        row.cell->setVisible(shown);
        row.label->setVisible(shown);
        row.editor->setReadOnly(!isEditable(field) || m_lockedFields.contains(name));
        if (row.create)
            row.create->setVisible(isEditable(field) && !m_lockedFields.contains(name));
        row.editor->setKeepsStoredValue(field.isWriteOnly && m_id);
        row.label->setText(
            labelMarkup(field, isEditable(field) && !m_lockedFields.contains(name), errorColor(palette())));
        sectionShown[row.section] = sectionShown[row.section] || shown;
        requiredShown = requiredShown || (shown && field.isRequired && isEditable(field));
    }
    for (qsizetype i = 0; i < m_headings.size(); ++i) {
        if (m_headings[i].label)
            m_headings[i].label->setVisible(sectionShown[i]);
    }
    m_requiredNote->setVisible(requiredShown);
}

void EntityForm::startCreate(const Core::Record &defaults)
{
    m_id.reset();
    m_proposals.clear();
    m_stored.clear();
    clearErrors();
    refreshReferenceOptions();

    Core::Record given;
    // An operator user can only create rows of their own operator, so start there.
    const Core::ScopeDef &scope = m_def.scope;
    if (m_actor.isScoped() && scope.kind == Core::ScopeDef::Kind::OperatorColumn && m_def.hasField(scope.field))
        given.insert(scope.field, m_actor.operatorId);
    given.insert(defaults);

    Core::Record initial;
    for (const FieldDef &f : m_def.fields) {
        if (f.defaultValue.isValid())
            initial.insert(f.name, f.defaultValue);
    }
    initial.insert(given);
    m_hidden.clear();
    for (auto it = given.constBegin(); it != given.constEnd(); ++it) {
        if (!m_rows.contains(it.key()))
            m_hidden.insert(it.key(), it.value());
    }
    populate(initial);
}

bool EntityForm::load(qint64 id)
{
    clearErrors();
    auto row = m_repository.get(m_actor, m_def.table, id);
    if (!row) {
        showBanner(row.error().message());
        return false;
    }
    m_id = id;
    m_stored = row.value();
    m_hidden.clear();
    refreshReferenceOptions();
    populate(m_stored);
    return true;
}

void EntityForm::setCustomAttributesShown(bool shown)
{
    m_attributesShown = shown;
    build();
}

void EntityForm::buildAttributes()
{
    m_attributes = nullptr;
    if (!m_def.hasCustomAttributes || !m_attributesShown)
        return;
    // The operator's own notes on the row (a charger's cable length, an asset's tag): the same
    // editor the area wizard has, under the fields.
    auto *box = new QWidget(m_content);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, fontMetrics().height() / 2, 0, 0);
    auto *heading = new QLabel(Tr::tr("Custom attributes"), box);
    QFont bold = heading->font();
    bold.setBold(true);
    heading->setFont(bold);
    layout->addWidget(heading);
    m_attributes = new CustomAttributesEditor(box);
    layout->addWidget(m_attributes);
    connect(m_attributes, &CustomAttributesEditor::edited, this, &EntityForm::updateModified);
    addFooter(box);
}

bool EntityForm::saveAttributes(qint64 id)
{
    if (!m_attributes || m_attributes->attributes() == m_storedAttributes)
        return true;
    if (const Core::Status s = m_repository.setAttributes(m_actor, m_def.table, id, m_attributes->attributes()); !s) {
        showError(s.error());
        return false;
    }
    return true;
}

void EntityForm::populate(const Core::Record &record)
{
    if (m_attributes) {
        const auto stored = m_id ? m_repository.attributes(m_actor, m_def.table, *m_id)
                                 : Core::Result<QList<Core::Attribute>>(QList<Core::Attribute>());
        m_storedAttributes = stored ? stored.value() : QList<Core::Attribute>();
        m_attributes->setAttributes(m_storedAttributes);
    }
    m_baseline.clear();
    for (const QString &name : std::as_const(m_order)) {
        FieldEditor *editor = m_rows[name].editor;
        editor->setValue(record.value(name));
        // Read back, so that a later comparison sees the editor's own form of the value.
        m_baseline.insert(name, editor->value());
    }
    applyMode();
    if (m_modified) {
        m_modified = false;
        emit modifiedChanged(false);
    }
}

void EntityForm::refreshReferenceOptions()
{
    QHash<QString, QList<ReferenceOption>> byTable;
    for (const QString &name : std::as_const(m_order)) {
        FieldEditor *editor = m_rows[name].editor;
        const QString table = editor->field().refTable;
        if (editor->field().type != Core::FieldType::Reference)
            continue;
        if (!byTable.contains(table)) {
            const Core::EntityDef &target = m_repository.catalog().entity(table);
            Core::ListQuery query;
            query.orderBy = target.displayField;
            query.limit = 10000;
            // Scoped by the actor in core: an operator user only gets their operator's rows.
            const auto rows = m_repository.list(m_actor, table, query);
            QList<ReferenceOption> options;
            const bool showCode = target.hasField(QStringLiteral("code")) && target.displayField != u"code";
            for (const Core::Record &r : rows ? rows.value() : QList<Core::Record>()) {
                const qint64 id = r.value(QStringLiteral("id")).toLongLong();
                QString text = r.value(target.displayField).toString();
                const QString code = r.value(QStringLiteral("code")).toString();
                if (text.isEmpty())
                    text = Tr::tr("#%1").arg(id);
                else if (showCode && !code.isEmpty() && code != text)
                    text = Tr::tr("%1 (%2)", "display name (code)").arg(text, code);
                options << ReferenceOption{id, text};
            }
            byTable.insert(table, options);
        }
        QList<ReferenceOption> options = byTable.value(table);
        if (table == m_def.table && m_id) // a row cannot point at itself
            options.removeIf([this](const ReferenceOption &o) { return o.id == *m_id; });
        // New options clear the choice: a row added beside one field must not undo the others.
        const QVariant chosen = editor->value();
        editor->setOptions(options);
        if (!chosen.isNull())
            editor->setValue(chosen);
    }
}

Core::Record EntityForm::collect() const
{
    Core::Record values;
    for (const QString &name : m_order) {
        const FieldEditor *editor = m_rows[name].editor;
        const FieldDef &field = editor->field();
        if (!isEditable(field))
            continue;
        const QVariant value = editor->value();
        if (!m_id || field.isWriteOnly) {
            if (!isEmpty(value))
                values.insert(name, value);
        } else if (!FieldEditor::sameValue(value, m_baseline.value(name))) {
            values.insert(name, value);
        }
    }
    if (!m_id)
        values.insert(m_hidden);
    return values;
}

void EntityForm::addChangeWarning(const FieldDef &field)
{
    QLabel *warning = makeHint(field.changeWarning, m_content);
    warning->setObjectName(QStringLiteral("warning_") + field.name);
    warning->setForegroundRole(QPalette::WindowText);
    warning->setText(QStringLiteral("⚠ ") + field.changeWarning);
    insertRowAfter(field.name, warning);
    warning->hide();
    // Only when an existing row's value is changed: a new row has nothing to move away from.
    const FieldEditor *editor = m_rows[field.name].editor;
    connect(editor, &FieldEditor::edited, this, [this, editor, warning, name = field.name] {
        warning->setVisible(m_id.has_value() && !FieldEditor::sameValue(editor->value(), m_baseline.value(name)));
    });
}

void EntityForm::updateModified()
{
    bool modified = m_attributes && m_attributes->attributes() != m_storedAttributes;
    for (const QString &name : std::as_const(m_order)) {
        const FieldEditor *editor = m_rows[name].editor;
        if (isEditable(editor->field()) && !FieldEditor::sameValue(editor->value(), m_baseline.value(name))) {
            modified = true;
            break;
        }
    }
    if (modified != m_modified) {
        m_modified = modified;
        emit modifiedChanged(modified);
    }
}

std::optional<qint64> EntityForm::save()
{
    clearErrors();
    QList<Core::FieldError> inputErrors;
    for (const QString &name : std::as_const(m_order)) {
        const FieldEditor *editor = m_rows[name].editor;
        if (const QString problem = editor->inputError(); isEditable(editor->field()) && !problem.isEmpty())
            inputErrors << Core::FieldError{name, problem};
    }
    if (!inputErrors.isEmpty()) {
        showFieldErrors(inputErrors);
        return std::nullopt;
    }
    if (m_attributes && !m_attributes->check())
        return std::nullopt;

    const Core::Record values = collect();
    qint64 id = 0;
    if (m_id) {
        id = *m_id;
        if (values.isEmpty() && !isModified())
            return id;
        if (const Core::Status updated =
                values.isEmpty() ? Core::Status(Core::Ok{}) : m_repository.update(m_actor, m_def.table, id, values);
            !updated) {
            showError(updated.error());
            return std::nullopt;
        }
    } else {
        const auto created = m_creator ? m_creator(values) : m_repository.create(m_actor, m_def.table, values);
        if (!created) {
            showError(created.error());
            return std::nullopt;
        }
        id = created.value();
    }
    if (!saveAttributes(id)) {
        if (!m_id)
            load(id); // the row exists now: what is left to save is its attributes
        return std::nullopt;
    }
    // Read the row back: core may have normalised values, and codes are now read-only.
    load(id);
    emit saved(id);
    return id;
}

bool EntityForm::removeRecord()
{
    if (!m_id)
        return false;
    clearErrors();
    const qint64 id = *m_id;
    if (const Core::Status removed = m_repository.remove(m_actor, m_def.table, id); !removed) {
        showError(removed.error());
        return false;
    }
    m_id.reset();
    emit removed(id);
    return true;
}

FieldEditor *EntityForm::editor(const QString &field) const
{
    const auto row = m_rows.constFind(field);
    return row == m_rows.constEnd() ? nullptr : row->editor;
}

void EntityForm::setFieldVisible(const QString &field, bool visible)
{
    if (visible)
        m_hiddenFields.remove(field);
    else
        m_hiddenFields.insert(field);
    applyMode();
}

void EntityForm::setFieldLocked(const QString &field, bool locked)
{
    if (locked)
        m_lockedFields.insert(field);
    else
        m_lockedFields.remove(field);
    applyMode();
}

void EntityForm::setFieldSuffix(const QString &field, const QString &suffix)
{
    const auto row = m_rows.constFind(field);
    if (row == m_rows.constEnd() || !row->suffix)
        return;
    // Numbers read better in a field of their own size than stretched across the form.
    row->editor->widget()->setMaximumWidth(fontMetrics().averageCharWidth() * 16);
    row->suffix->setText(suffix);
    row->suffix->setVisible(!suffix.isEmpty());
}

void EntityForm::insertRowAfter(const QString &field, QWidget *widget)
{
    const auto row = m_rows.constFind(field);
    if (row == m_rows.constEnd())
        return;
    widget->setParent(row->cell);
    static_cast<QVBoxLayout *>(row->cell->layout())->addWidget(widget);
    withoutHeightForWidth(widget);
    m_addedRows.insert(widget);
}

void EntityForm::addFooter(QWidget *widget)
{
    widget->setParent(m_content);
    m_footer->addWidget(widget);
    m_addedRows.insert(widget);
}

void EntityForm::setRowVisible(QWidget *widget, bool visible)
{
    if (m_addedRows.contains(widget))
        widget->setVisible(visible);
}

QString EntityForm::displayName() const
{
    return m_id ? m_stored.value(m_def.displayField).toString() : QString();
}

QSize EntityForm::sizeHint() const
{
    // A scroll area hints a small fixed size; ask for the whole form instead and let the
    // window cap it to the screen.
    QSize size = m_content->sizeHint();
    size.rwidth() += m_scroll->verticalScrollBar()->sizeHint().width();
    if (m_banner->isVisible())
        size.rheight() += m_banner->sizeHint().height() + layout()->spacing();
    return size;
}

void EntityForm::clearErrors()
{
    for (const Row &row : std::as_const(m_rows)) {
        row.error->clear();
        row.error->hide();
    }
    m_banner->clear();
    m_banner->hide();
}

void EntityForm::showError(const Core::Error &error)
{
    if (error.kind() == Core::Error::Kind::Validation && !error.fields().isEmpty())
        showFieldErrors(error.fields());
    else
        showBanner(error.message());
}

void EntityForm::showFieldErrors(const QList<Core::FieldError> &errors)
{
    QHash<QString, QStringList> byField;
    QStringList elsewhere;
    for (const Core::FieldError &e : errors) {
        const auto row = m_rows.constFind(e.field);
        if (row != m_rows.constEnd() && !row->cell->isHidden()) {
            // Core lists the most specific problem first; a value it could not read is
            // also reported as missing, which would only repeat the first message.
            if (!byField.contains(e.field))
                byField[e.field] << e.message;
        } else {
            // A rule about a field this form does not show still has to reach the user.
            const FieldDef *field = m_def.field(e.field);
            elsewhere << (field ? Tr::tr("%1: %2", "field label: message").arg(field->label, e.message) : e.message);
        }
    }
    bool focused = false;
    for (const QString &name : std::as_const(m_order)) {
        if (!byField.contains(name))
            continue;
        const Row &row = m_rows[name];
        row.error->setText(byField.value(name).join(QLatin1Char('\n')));
        row.error->show();
        if (!focused) {
            focused = true;
            row.editor->inputWidget()->setFocus(Qt::OtherFocusReason);
            m_scroll->ensureWidgetVisible(row.cell);
        }
    }
    if (!elsewhere.isEmpty())
        showBanner(elsewhere.join(QLatin1Char('\n')));
}

void EntityForm::showBanner(const QString &text)
{
    m_banner->setText(text);
    m_banner->show();
}

} // namespace ChargeDesk::Ui
