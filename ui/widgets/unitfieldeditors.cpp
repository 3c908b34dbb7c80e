#include "ui/widgets/unitfieldeditors.h"

#include "ui/widgets/tr.h"
#include "ui/widgets/valueformat.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QRegularExpression>
#include <QRegularExpressionValidator>
#include <QSignalBlocker>
#include <QtNumeric>

#include <optional>

namespace ChargeDesk::Ui {

using Core::FieldDef;

namespace {

enum class Reading { Ok, Unreadable, TooPrecise, TooLarge };

struct Decimal
{
    Reading reading = Reading::Unreadable;
    qint64 units = 0; // in 1/10^decimals: 1250 for "12.50" read with two decimals
};

qint64 powerOfTen(int exponent)
{
    qint64 scale = 1;
    for (int i = 0; i < exponent; ++i)
        scale *= 10;
    return scale;
}

// Only the locale's decimal point counts, and no group separators: "1.500" in German could
// mean 1500 or 1.5, and a price is no place to guess. Extra zeros after the last allowed
// decimal are harmless ("0.350" is 0.35); any other digit there would be lost, so it is refused.
Decimal readDecimal(const QString &text, int decimals, const QLocale &locale)
{
    QString rest = text.trimmed();
    const bool negative = rest.startsWith(QLatin1Char('-'));
    if (negative || rest.startsWith(QLatin1Char('+')))
        rest.remove(0, 1);
    const qsizetype point = rest.indexOf(locale.decimalPoint());
    const QString whole = point < 0 ? rest : rest.left(point);
    QString fraction = point < 0 ? QString() : rest.mid(point + locale.decimalPoint().size());
    static const QRegularExpression digits(QStringLiteral("^[0-9]*$"));
    if ((whole.isEmpty() && fraction.isEmpty()) || !digits.match(whole).hasMatch() ||
        !digits.match(fraction).hasMatch())
        return {};
    while (fraction.size() > decimals && fraction.endsWith(QLatin1Char('0')))
        fraction.chop(1);
    if (fraction.size() > decimals)
        return {Reading::TooPrecise};
    const QString all = whole + fraction.leftJustified(decimals, QLatin1Char('0'));
    if (all.isEmpty())
        return {Reading::Ok, 0}; // ".0" without decimals
    bool ok = false;
    const qint64 units = all.toLongLong(&ok);
    if (!ok)
        return {Reading::TooLarge};
    return {Reading::Ok, negative ? -units : units};
}

// `units` back as readDecimal reads it; `trimZeros` writes 1.5 kWh, not 1.500.
QString writeDecimal(qint64 units, int decimals, const QLocale &locale, bool trimZeros)
{
    const bool negative = units < 0;
    const quint64 magnitude = negative ? 0 - quint64(units) : quint64(units);
    const auto scale = quint64(powerOfTen(decimals));
    QString text = QString::number(magnitude / scale);
    QString fraction = QString::number(magnitude % scale).rightJustified(decimals, QLatin1Char('0'));
    while (trimZeros && fraction.endsWith(QLatin1Char('0')))
        fraction.chop(1);
    if (decimals > 0 && !fraction.isEmpty())
        text += locale.decimalPoint() + fraction;
    return negative ? QLatin1Char('-') + text : text;
}

// What a number field lets through: digits, one decimal separator (either, so that the wrong
// one is explained rather than swallowed) and a sign where the field may be negative.
QValidator *numberValidator(const FieldDef &field, QObject *parent)
{
    const bool signable = !field.minimum || *field.minimum < 0;
    const QString pattern =
        QStringLiteral("%1\\d{0,18}([.,]\\d{0,18})?").arg(signable ? QStringLiteral("[-+]?") : QString());
    return new QRegularExpressionValidator(QRegularExpression(pattern), parent);
}

QString unreadableMessage(const QString &example)
{
    return Tr::tr("Enter a number such as %1.").arg(example);
}

// A line edit in a box, with room for a unit before or after it.
QLineEdit *numberEdit(const FieldDef &field, QWidget *box)
{
    auto *edit = new QLineEdit(box);
    edit->setValidator(numberValidator(field, edit));
    edit->setInputMethodHints(Qt::ImhFormattedNumbersOnly);
    auto *layout = new QHBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(edit, 1);
    return edit;
}

// How a larger unit is written and how many of the stored units make one: euros with two
// decimals before an amount in cents, kWh with three after Wh.
struct DecimalUnit
{
    int decimals = 0;
    QString symbol;
    bool symbolFirst = false;
    bool trimZeros = false; // money always shows its cents; energy reads better as "1.5"
};

// An integer field entered in a larger unit with decimals and stored exactly in the smaller
// one: money in the display currency (stored in minor units), energy in kWh (stored in Wh).
class DecimalEditor final : public FieldEditor
{
public:
    DecimalEditor(const FieldDef &field, const DecimalUnit &unit, QWidget *parent)
        : FieldEditor(field, parent)
        , m_unit(unit)
        , m_box(new QWidget(parent))
        , m_edit(numberEdit(field, m_box))
    {
        m_locale.setNumberOptions(QLocale::OmitGroupSeparator);
        if (!unit.symbol.isEmpty()) {
            auto *symbol = new QLabel(unit.symbol, m_box);
            symbol->setObjectName(QStringLiteral("field_%1_unit").arg(field.name));
            static_cast<QHBoxLayout *>(m_box->layout())->insertWidget(unit.symbolFirst ? 0 : 1, symbol);
        }
        connect(m_edit, &QLineEdit::textEdited, this, &FieldEditor::edited);
    }
    QWidget *widget() const override { return m_box; }
    QWidget *inputWidget() const override { return m_edit; }
    QVariant value() const override
    {
        if (m_edit->text().trimmed().isEmpty())
            return {};
        const Decimal read = readDecimal(m_edit->text(), m_unit.decimals, m_locale);
        return read.reading == Reading::Ok ? QVariant(read.units) : QVariant(m_edit->text());
    }
    void setValue(const QVariant &value) override
    {
        if (isUnset(value))
            m_edit->clear();
        else
            m_edit->setText(writeDecimal(value.toLongLong(), m_unit.decimals, m_locale, m_unit.trimZeros));
    }
    void setReadOnly(bool readOnly) override
    {
        m_edit->setReadOnly(readOnly);
        showAsReadOnly(m_edit, readOnly);
    }
    QString inputError() const override
    {
        if (m_edit->text().trimmed().isEmpty())
            return {};
        switch (readDecimal(m_edit->text(), m_unit.decimals, m_locale).reading) {
        case Reading::Ok: return {};
        case Reading::Unreadable:
            return unreadableMessage(
                writeDecimal(125 * powerOfTen(m_unit.decimals) / 10, m_unit.decimals, m_locale, m_unit.trimZeros));
        case Reading::TooPrecise:
            return m_unit.decimals == 0 ? Tr::tr("Enter a whole number, without decimals.")
                                        : Tr::tr("Enter at most %n decimal place(s).", nullptr, m_unit.decimals);
        case Reading::TooLarge: break;
        }
        return Tr::tr("The number is too large.");
    }

private:
    DecimalUnit m_unit;
    QWidget *m_box;
    QLineEdit *m_edit;
    QLocale m_locale;
};

DecimalUnit moneyUnit()
{
    // The site's currency, fixed when the form opens: its decimals and its symbol on the
    // side the interface language writes it ("€0.35", "0,35 €").
    const QString currency = displayCurrency();
    DecimalUnit unit{.decimals = currencyDecimals(currency)};
    if (!currency.isEmpty()) {
        unit.symbol = currencySymbol(currency);
        unit.symbolFirst = QLocale().toCurrencyString(1.0, unit.symbol).startsWith(unit.symbol);
    }
    return unit;
}

// A duration as a number and a unit: value() is in seconds.
class DurationEditor final : public FieldEditor
{
public:
    DurationEditor(const FieldDef &field, QWidget *parent)
        : FieldEditor(field, parent)
        , m_box(new QWidget(parent))
        , m_edit(numberEdit(field, m_box))
        , m_unit(new QComboBox(m_box))
    {
        m_locale.setNumberOptions(QLocale::OmitGroupSeparator);
        m_unit->setObjectName(QStringLiteral("field_%1_unit").arg(field.name));
        m_unit->addItem(Tr::tr("seconds"), qint64(1));
        m_unit->addItem(Tr::tr("minutes"), qint64(60));
        m_unit->addItem(Tr::tr("hours"), qint64(3600));
        m_box->layout()->addWidget(m_unit);
        connect(m_edit, &QLineEdit::textEdited, this, &FieldEditor::edited);
        // Changing the unit keeps the number and changes what it means: people type "15"
        // and then pick "minutes", so turning the 15 seconds into "0.25" under their hands
        // would undo what they just typed.
        connect(m_unit, &QComboBox::currentIndexChanged, this, &FieldEditor::edited);
    }
    QWidget *widget() const override { return m_box; }
    QWidget *inputWidget() const override { return m_edit; }
    QVariant value() const override
    {
        if (m_edit->text().trimmed().isEmpty())
            return {};
        const std::optional<qint64> seconds = readSeconds();
        return seconds ? QVariant(*seconds) : QVariant(m_edit->text());
    }
    // In the largest unit that takes the value whole: 5400 reads "90 minutes", not "1.5 hours".
    void setValue(const QVariant &value) override
    {
        const QSignalBlocker block(m_unit);
        if (isUnset(value)) {
            m_edit->clear();
            return;
        }
        const qint64 seconds = value.toLongLong();
        int index = 0;
        for (int i = m_unit->count() - 1; i > 0 && seconds != 0; --i) {
            if (seconds % unitSeconds(i) == 0) {
                index = i;
                break;
            }
        }
        m_unit->setCurrentIndex(index);
        m_edit->setText(QString::number(seconds / unitSeconds(index)));
    }
    void setReadOnly(bool readOnly) override
    {
        m_edit->setReadOnly(readOnly);
        showAsReadOnly(m_edit, readOnly);
        m_unit->setEnabled(!readOnly);
    }
    QString inputError() const override
    {
        if (m_edit->text().trimmed().isEmpty() || readSeconds())
            return {};
        switch (readDecimal(m_edit->text(), Decimals, m_locale).reading) {
        case Reading::Unreadable: return unreadableMessage(m_locale.toString(1.5));
        case Reading::TooLarge: return Tr::tr("The number is too large.");
        case Reading::Ok:
        case Reading::TooPrecise: break;
        }
        return Tr::tr("That is not a whole number of seconds.");
    }

private:
    // "1.5 hours" and "0.5 minutes" are whole seconds; a thousandth of a second is not.
    static constexpr int Decimals = 3;

    qint64 unitSeconds(int index) const { return m_unit->itemData(index).toLongLong(); }
    std::optional<qint64> readSeconds() const
    {
        const Decimal read = readDecimal(m_edit->text(), Decimals, m_locale);
        qint64 thousandths = 0;
        if (read.reading != Reading::Ok ||
            qMulOverflow(read.units, unitSeconds(m_unit->currentIndex()), &thousandths) ||
            thousandths % powerOfTen(Decimals) != 0)
            return std::nullopt;
        return thousandths / powerOfTen(Decimals);
    }

    QWidget *m_box;
    QLineEdit *m_edit;
    QComboBox *m_unit;
    QLocale m_locale;
};

} // namespace

FieldEditor *createUnitEditor(const FieldDef &field, QWidget *parent)
{
    if (field.type != Core::FieldType::Integer)
        return nullptr;
    if (field.name.endsWith(QLatin1String("_minor")))
        return new DecimalEditor(field, moneyUnit(), parent);
    if (field.name.endsWith(QLatin1String("_wh")))
        return new DecimalEditor(field, DecimalUnit{.decimals = 3, .symbol = Tr::tr("kWh"), .trimZeros = true}, parent);
    if (field.name.endsWith(QLatin1String("_s")))
        return new DurationEditor(field, parent);
    return nullptr;
}

} // namespace ChargeDesk::Ui
