#pragma once

#include "core/clock.h"
#include "core/entitydef.h"

#include <QObject>

class QWidget;

namespace ChargeDesk::Ui {

// One choosable row of a referenced table, as a reference editor lists it.
struct ReferenceOption
{
    qint64 id = 0;
    QString text;
};

// The widget that edits one field of an entity, chosen by the field's type, and the
// conversion between what the widget shows and the value core stores (UTC milliseconds,
// integers, choice codes, row ids). Empty input always means NULL.
// The widget itself carries objectName "field_<name>" so that tests and accessibility
// tools find the real QLineEdit / QComboBox / QCheckBox.
class FieldEditor : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FieldEditor)

public:
    // The editor for `field`; its widget and the editor itself are children of `parent`.
    // A timestamp editor takes "now" from `clock`.
    static FieldEditor *create(const Core::FieldDef &field, const Core::Clock &clock, QWidget *parent);
    ~FieldEditor() override = default;

    const Core::FieldDef &field() const { return m_field; }
    // What goes into the form's layout.
    virtual QWidget *widget() const = 0;
    // The part that takes focus and the label's buddy (the same as widget() for most types).
    virtual QWidget *inputWidget() const { return widget(); }

    // The value to hand to core: a null QVariant for "not set". Text that cannot be read as
    // the field's type is handed over as it is, so that core's message explains the problem.
    virtual QVariant value() const = 0;
    virtual void setValue(const QVariant &value) = 0;
    virtual void setReadOnly(bool readOnly) = 0;
    // A problem core cannot phrase because it never sees the input (a name typed into a
    // reference list that matches no row); empty when the input is usable.
    virtual QString inputError() const { return {}; }
    // Secrets are never read back: an empty editor then means "keep the stored value".
    virtual void setKeepsStoredValue(bool) {}
    // The rows a reference may point to; other editors ignore it.
    virtual void setOptions(const QList<ReferenceOption> &) {}

    // Whether `a` and `b` mean the same stored value (NULL and empty text are the same).
    static bool sameValue(const QVariant &a, const QVariant &b);

signals:
    void edited();

protected:
    explicit FieldEditor(const Core::FieldDef &field, QObject *parent)
        : QObject(parent)
        , m_field(field)
    {}

    // NULL, invalid or empty text: what an empty editor shows.
    static bool isUnset(const QVariant &value);
    // Read-only values read as information, not as a field someone forgot to enable.
    static void showAsReadOnly(QWidget *editor, bool readOnly);

private:
    Core::FieldDef m_field;
};

} // namespace ChargeDesk::Ui
