#include "ui/widgets/fieldeditor.h"

#include "ui/widgets/tr.h"
#include "ui/widgets/unitfieldeditors.h"
#include "ui/widgets/valueformat.h"
#include "ui/widgets/zoneddatetimeedit.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QDoubleValidator>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPixmap>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QSignalBlocker>
#include <QSpinBox>

#include <limits>
#include <optional>

namespace ChargeDesk::Ui {

using Core::FieldDef;
using Core::FieldType;

namespace {

bool isEmpty(const QVariant &v)
{
    return !v.isValid() || v.isNull() || (v.typeId() == QMetaType::QString && v.toString().isEmpty());
}

class TextEditor final : public FieldEditor
{
public:
    TextEditor(const FieldDef &field, QWidget *parent)
        : FieldEditor(field, parent)
        , m_edit(new QLineEdit(parent))
    {
        if (field.maxLength > 0)
            m_edit->setMaxLength(field.maxLength);
        if (field.type == FieldType::Email)
            m_edit->setInputMethodHints(Qt::ImhEmailCharactersOnly);
        if (field.isWriteOnly) {
            m_edit->setEchoMode(QLineEdit::Password);
            m_edit->setInputMethodHints(Qt::ImhHiddenText | Qt::ImhNoPredictiveText);
        }
        connect(m_edit, &QLineEdit::textEdited, this, &FieldEditor::edited);
    }
    QWidget *widget() const override { return m_edit; }
    QVariant value() const override { return m_edit->text().isEmpty() ? QVariant() : QVariant(m_edit->text()); }
    void setValue(const QVariant &value) override { m_edit->setText(value.toString()); }
    void setReadOnly(bool readOnly) override
    {
        m_edit->setReadOnly(readOnly);
        showAsReadOnly(m_edit, readOnly);
    }
    void setKeepsStoredValue(bool keeps) override
    {
        m_edit->setPlaceholderText(keeps ? Tr::tr("unchanged") : QString());
    }

private:
    QLineEdit *m_edit;
};

// Integers and reals in a line edit, so that an empty editor can mean NULL.
class NumberEditor final : public FieldEditor
{
public:
    NumberEditor(const FieldDef &field, QWidget *parent)
        : FieldEditor(field, parent)
        , m_edit(new QLineEdit(parent))
    {
        m_locale.setNumberOptions(QLocale::OmitGroupSeparator);
        if (field.type == FieldType::Real) {
            auto *validator = new QDoubleValidator(m_edit);
            validator->setNotation(QDoubleValidator::StandardNotation);
            validator->setLocale(m_locale);
            m_edit->setValidator(validator);
        } else {
            // 18 digits always fit a qint64; the range itself is core's to check.
            m_edit->setValidator(
                new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[-+]?\\d{0,18}")), m_edit));
        }
        m_edit->setInputMethodHints(Qt::ImhFormattedNumbersOnly);
        connect(m_edit, &QLineEdit::textEdited, this, &FieldEditor::edited);
    }
    QWidget *widget() const override { return m_edit; }
    QVariant value() const override
    {
        const QString text = m_edit->text().trimmed();
        if (text.isEmpty())
            return {};
        bool ok = false;
        if (field().type == FieldType::Real) {
            const double d = m_locale.toDouble(text, &ok);
            return ok ? QVariant(d) : QVariant(text);
        }
        const qint64 n = text.toLongLong(&ok);
        return ok ? QVariant(n) : QVariant(text);
    }
    void setValue(const QVariant &value) override
    {
        if (isEmpty(value))
            m_edit->clear();
        else if (field().type == FieldType::Real)
            m_edit->setText(m_locale.toString(value.toDouble(), 'g', 15));
        else
            m_edit->setText(QString::number(value.toLongLong()));
    }
    void setReadOnly(bool readOnly) override
    {
        m_edit->setReadOnly(readOnly);
        showAsReadOnly(m_edit, readOnly);
    }

private:
    QLineEdit *m_edit;
    QLocale m_locale;
};

// A required integer with small bounds (an EVSE or connector number) never needs "empty".
class SpinEditor final : public FieldEditor
{
public:
    SpinEditor(const FieldDef &field, QWidget *parent)
        : FieldEditor(field, parent)
        , m_spin(new QSpinBox(parent))
    {
        m_spin->setRange(static_cast<int>(*field.minimum), static_cast<int>(*field.maximum));
        connect(m_spin, &QSpinBox::valueChanged, this, &FieldEditor::edited);
    }
    QWidget *widget() const override { return m_spin; }
    QVariant value() const override { return qint64(m_spin->value()); }
    void setValue(const QVariant &value) override
    {
        const QSignalBlocker block(m_spin);
        m_spin->setValue(isEmpty(value) ? m_spin->minimum() : static_cast<int>(value.toLongLong()));
    }
    void setReadOnly(bool readOnly) override
    {
        m_spin->setReadOnly(readOnly);
        m_spin->setButtonSymbols(readOnly ? QAbstractSpinBox::NoButtons : QAbstractSpinBox::UpDownArrows);
        showAsReadOnly(m_spin, readOnly);
    }

private:
    QSpinBox *m_spin;
};

class BoolEditor final : public FieldEditor
{
public:
    BoolEditor(const FieldDef &field, QWidget *parent)
        : FieldEditor(field, parent)
        , m_check(new QCheckBox(parent))
    {
        connect(m_check, &QCheckBox::toggled, this, &FieldEditor::edited);
    }
    QWidget *widget() const override { return m_check; }
    QVariant value() const override { return m_check->isChecked(); }
    void setValue(const QVariant &value) override
    {
        const QSignalBlocker block(m_check);
        m_check->setChecked(value.toBool());
    }
    void setReadOnly(bool readOnly) override { m_check->setEnabled(!readOnly); }

private:
    QCheckBox *m_check;
};

class ChoiceEditor final : public FieldEditor
{
public:
    ChoiceEditor(const FieldDef &field, QWidget *parent)
        : FieldEditor(field, parent)
        , m_combo(new QComboBox(parent))
    {
        if (!field.isRequired)
            m_combo->addItem(QString(), QVariant());
        for (const QString &code : field.choices)
            m_combo->addItem(choiceText(code), code);
        m_combo->setPlaceholderText(Tr::tr("Choose…"));
        m_combo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
        connect(m_combo, &QComboBox::currentIndexChanged, this, &FieldEditor::edited);
    }
    QWidget *widget() const override { return m_combo; }
    QVariant value() const override { return m_combo->currentIndex() < 0 ? QVariant() : m_combo->currentData(); }
    void setValue(const QVariant &value) override
    {
        const QSignalBlocker block(m_combo);
        int index = isEmpty(value) ? m_combo->findData(QVariant()) : m_combo->findData(value.toString());
        if (index < 0 && !isEmpty(value)) {
            // A code this version does not know (written by a newer one): show it, keep it.
            m_combo->addItem(value.toString(), value.toString());
            index = m_combo->count() - 1;
        }
        m_combo->setCurrentIndex(index);
    }
    void setReadOnly(bool readOnly) override { m_combo->setEnabled(!readOnly); }

private:
    QComboBox *m_combo;
};

class ReferenceEditor final : public FieldEditor
{
public:
    // Past this many rows a plain drop-down is a chore; typing a few letters is not.
    static constexpr int CompletionThreshold = 15;

    ReferenceEditor(const FieldDef &field, QWidget *parent)
        : FieldEditor(field, parent)
        , m_combo(new QComboBox(parent))
    {
        m_combo->setPlaceholderText(Tr::tr("Choose…"));
        m_combo->setInsertPolicy(QComboBox::NoInsert);
        m_combo->setMinimumContentsLength(16);
        m_combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        connect(m_combo, &QComboBox::currentIndexChanged, this, &FieldEditor::edited);
        connect(m_combo, &QComboBox::editTextChanged, this, &FieldEditor::edited);
    }
    QWidget *widget() const override { return m_combo; }
    void setOptions(const QList<ReferenceOption> &options) override
    {
        const QSignalBlocker block(m_combo);
        m_combo->clear();
        if (!field().isRequired)
            m_combo->addItem(QString(), QVariant());
        for (const ReferenceOption &option : options)
            m_combo->addItem(option.text, option.id);
        const bool searchable = options.size() > CompletionThreshold;
        m_combo->setEditable(searchable);
        if (searchable) {
            m_combo->completer()->setCompletionMode(QCompleter::PopupCompletion);
            m_combo->completer()->setFilterMode(Qt::MatchContains);
            m_combo->completer()->setCaseSensitivity(Qt::CaseInsensitive);
        }
        m_combo->setCurrentIndex(field().isRequired ? -1 : 0);
    }
    QVariant value() const override
    {
        if (!m_combo->isEditable())
            return m_combo->currentIndex() < 0 ? QVariant() : m_combo->currentData();
        const int index = matchingIndex();
        return index < 0 ? QVariant() : m_combo->itemData(index);
    }
    void setValue(const QVariant &value) override
    {
        const QSignalBlocker block(m_combo);
        if (isEmpty(value)) {
            m_combo->setCurrentIndex(field().isRequired ? -1 : 0);
            m_combo->setEditText(QString());
            return;
        }
        int index = m_combo->findData(value.toLongLong());
        if (index < 0) {
            // A row outside the list (beyond its limit, or one this user may not see).
            m_combo->addItem(Tr::tr("#%1").arg(value.toLongLong()), value.toLongLong());
            index = m_combo->count() - 1;
        }
        m_combo->setCurrentIndex(index);
    }
    void setReadOnly(bool readOnly) override { m_combo->setEnabled(!readOnly); }
    QString inputError() const override
    {
        if (m_combo->isEditable() && !m_combo->currentText().isEmpty() && matchingIndex() < 0)
            return Tr::tr("Choose one of the listed entries.");
        return {};
    }

private:
    // The typed text decides, because an editable combo box only updates its current
    // index once the user picks from the list or presses Enter.
    int matchingIndex() const
    {
        if (m_combo->currentText().isEmpty())
            return -1;
        return m_combo->findText(m_combo->currentText(), Qt::MatchFixedString);
    }

    QComboBox *m_combo;
};

// A date and time in the display zone, stored as UTC milliseconds; the check box says whether
// there is a value at all.
class TimestampEditor final : public FieldEditor
{
public:
    TimestampEditor(const FieldDef &field, const Core::Clock &clock, QWidget *parent)
        : FieldEditor(field, parent)
        , m_clock(clock)
        , m_box(new QWidget(parent))
        , m_isSet(new QCheckBox(m_box))
        , m_edit(new ZonedDateTimeEdit(m_box))
    {
        m_isSet->setObjectName(QStringLiteral("field_%1_set").arg(field.name));
        m_isSet->setToolTip(Tr::tr("Set a date and time"));
        // The earliest instant doubles as "no value", shown with the special text.
        m_edit->setMinimumDateTime(QDateTime::fromMSecsSinceEpoch(0, Qt::UTC));
        m_edit->setSpecialValueText(Tr::tr("Not set"));
        auto *layout = new QHBoxLayout(m_box);
        layout->setContentsMargins(0, 0, 0, 0);
        layout->addWidget(m_isSet);
        layout->addWidget(m_edit, 1);
        connect(m_isSet, &QCheckBox::toggled, this, [this](bool on) {
            if (on && !m_value)
                m_value = m_clock.nowMs() / 60000 * 60000;
            if (!on)
                m_value.reset();
            show();
            emit edited();
        });
        connect(m_edit, &ZonedDateTimeEdit::utcMsChanged, this, [this](qint64 utcMs) {
            m_value = utcMs;
            emit edited();
        });
    }
    QWidget *widget() const override { return m_box; }
    QWidget *inputWidget() const override { return m_edit; }
    QVariant value() const override { return m_value ? QVariant(*m_value) : QVariant(); }
    void setValue(const QVariant &value) override
    {
        m_value = isEmpty(value) ? std::nullopt : std::optional<qint64>(value.toLongLong());
        show();
    }
    void setReadOnly(bool readOnly) override
    {
        m_readOnly = readOnly;
        m_isSet->setVisible(!readOnly);
        show();
    }

private:
    void show()
    {
        const QSignalBlocker blockCheck(m_isSet);
        const QSignalBlocker blockEdit(m_edit);
        m_isSet->setChecked(m_value.has_value());
        if (m_value)
            m_edit->setUtcMs(*m_value);
        else
            m_edit->setDateTime(m_edit->minimumDateTime());
        m_edit->setReadOnly(m_readOnly || !m_value);
        m_edit->setEnabled(m_readOnly || m_value);
        m_edit->setButtonSymbols(m_readOnly ? QAbstractSpinBox::NoButtons : QAbstractSpinBox::UpDownArrows);
        m_edit->setCalendarPopup(!m_readOnly);
        showAsReadOnly(m_edit, m_readOnly);
    }

    const Core::Clock &m_clock; // ticking the box starts at the current minute
    QWidget *m_box;
    QCheckBox *m_isSet;
    ZonedDateTimeEdit *m_edit;
    std::optional<qint64> m_value;
    bool m_readOnly = false;
};

// A file's bytes (a logo): chosen from disk, shown by size and, for images, a thumbnail.
class BlobEditor final : public FieldEditor
{
public:
    BlobEditor(const FieldDef &field, QWidget *parent)
        : FieldEditor(field, parent)
        , m_box(new QWidget(parent))
        , m_choose(new QPushButton(Tr::tr("Choose file…"), m_box))
        , m_clear(new QPushButton(Tr::tr("Remove"), m_box))
        , m_preview(new QLabel(m_box))
        , m_size(new QLabel(m_box))
    {
        m_clear->setObjectName(QStringLiteral("field_%1_clear").arg(field.name));
        m_size->setObjectName(QStringLiteral("field_%1_size").arg(field.name));
        m_size->setForegroundRole(QPalette::PlaceholderText);
        auto *layout = new QHBoxLayout(m_box);
        layout->setContentsMargins(0, 0, 0, 0);
        layout->addWidget(m_preview);
        layout->addWidget(m_choose);
        layout->addWidget(m_clear);
        layout->addWidget(m_size, 1);
        connect(m_choose, &QPushButton::clicked, this, &BlobEditor::choose);
        connect(m_clear, &QPushButton::clicked, this, [this] {
            m_data.clear();
            show();
            emit edited();
        });
        show();
    }
    QWidget *widget() const override { return m_box; }
    QWidget *inputWidget() const override { return m_choose; }
    QVariant value() const override { return m_data.isEmpty() ? QVariant() : QVariant(m_data); }
    void setValue(const QVariant &value) override
    {
        m_data = isEmpty(value) ? QByteArray() : value.toByteArray();
        show();
    }
    void setReadOnly(bool readOnly) override
    {
        m_readOnly = readOnly;
        show();
    }

private:
    void choose()
    {
        const QString path = QFileDialog::getOpenFileName(m_box, Tr::tr("Choose %1").arg(field().label));
        if (path.isEmpty())
            return;
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            QMessageBox::warning(m_box, Tr::tr("Cannot read file"), file.errorString());
            return;
        }
        m_data = file.readAll();
        show();
        emit edited();
    }
    void show()
    {
        m_choose->setEnabled(!m_readOnly);
        m_clear->setVisible(!m_readOnly && !m_data.isEmpty() && !field().isRequired);
        m_size->setText(m_data.isEmpty() ? Tr::tr("No file") : QLocale().formattedDataSize(m_data.size()));
        QPixmap image;
        const int side = m_choose->sizeHint().height();
        if (!m_data.isEmpty() && image.loadFromData(m_data))
            m_preview->setPixmap(image.scaled(side * 2, side, Qt::KeepAspectRatio, Qt::SmoothTransformation));
        m_preview->setVisible(!image.isNull());
    }

    QWidget *m_box;
    QPushButton *m_choose;
    QPushButton *m_clear;
    QLabel *m_preview;
    QLabel *m_size;
    QByteArray m_data;
    bool m_readOnly = false;
};

} // namespace

bool FieldEditor::isUnset(const QVariant &value)
{
    return isEmpty(value);
}

void FieldEditor::showAsReadOnly(QWidget *editor, bool readOnly)
{
    QPalette palette = editor->parentWidget() ? editor->parentWidget()->palette() : editor->palette();
    if (readOnly)
        palette.setColor(QPalette::Base, palette.color(QPalette::Window));
    editor->setPalette(palette);
    if (auto *line = qobject_cast<QLineEdit *>(editor))
        line->setFrame(!readOnly);
    else if (auto *spin = qobject_cast<QAbstractSpinBox *>(editor))
        spin->setFrame(!readOnly);
}

bool FieldEditor::sameValue(const QVariant &a, const QVariant &b)
{
    if (isEmpty(a) || isEmpty(b))
        return isEmpty(a) == isEmpty(b);
    if (a.typeId() == QMetaType::QByteArray || b.typeId() == QMetaType::QByteArray)
        return a.toByteArray() == b.toByteArray();
    return a.toString() == b.toString();
}

FieldEditor *FieldEditor::create(const FieldDef &field, const Core::Clock &clock, QWidget *parent)
{
    FieldEditor *editor = nullptr;
    switch (field.type) {
    case FieldType::Text:
    case FieldType::Email: editor = new TextEditor(field, parent); break;
    case FieldType::Integer: {
        if ((editor = createUnitEditor(field, parent)))
            break;
        const bool bounded = field.minimum && field.maximum && *field.minimum >= std::numeric_limits<int>::min() &&
                             *field.maximum <= std::numeric_limits<int>::max();
        editor = field.isRequired && bounded ? static_cast<FieldEditor *>(new SpinEditor(field, parent))
                                             : new NumberEditor(field, parent);
        break;
    }
    case FieldType::Real: editor = new NumberEditor(field, parent); break;
    case FieldType::Boolean: editor = new BoolEditor(field, parent); break;
    case FieldType::Choice: editor = new ChoiceEditor(field, parent); break;
    case FieldType::Reference: editor = new ReferenceEditor(field, parent); break;
    case FieldType::Timestamp: editor = new TimestampEditor(field, clock, parent); break;
    case FieldType::Blob: editor = new BlobEditor(field, parent); break;
    }
    editor->inputWidget()->setObjectName(QStringLiteral("field_") + field.name);
    return editor;
}

} // namespace ChargeDesk::Ui
