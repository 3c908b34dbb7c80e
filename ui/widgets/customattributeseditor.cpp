#include "ui/widgets/customattributeseditor.h"

#include "ui/widgets/formstyle.h"
#include "ui/widgets/icons.h"
#include "ui/widgets/tr.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSet>

namespace ChargeDesk::Ui {

namespace {

QLabel *greyLabel(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setForegroundRole(QPalette::PlaceholderText);
    return label;
}

} // namespace

CustomAttributesEditor::CustomAttributesEditor(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("customAttributes"));
    m_header = new QWidget(this);
    auto *header = new QHBoxLayout(m_header);
    header->setContentsMargins(0, 0, 0, 0);
    header->addWidget(greyLabel(Tr::tr("Key"), m_header), 2);
    header->addWidget(greyLabel(Tr::tr("Value"), m_header), 3);
    // Keeps the titles over their columns: the rows end with a remove button of this width.
    header->addSpacing(QPushButton(Icons::get(QStringLiteral("delete")), QString()).sizeHint().width() +
                       header->spacing());
    m_empty = greyLabel(Tr::tr("No custom attributes."), this);
    m_add = new QPushButton(Icons::get(QStringLiteral("new")), Tr::tr("Add attribute"), this);
    m_add->setObjectName(QStringLiteral("addAttribute"));
    m_add->setAutoDefault(false);

    m_rowsLayout = new QVBoxLayout;
    m_rowsLayout->setContentsMargins(0, 0, 0, 0);
    m_rowsLayout->setSpacing(4);
    auto *addLine = new QHBoxLayout;
    addLine->addWidget(m_add);
    addLine->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_empty);
    layout->addWidget(m_header);
    layout->addLayout(m_rowsLayout);
    layout->addLayout(addLine);

    connect(m_add, &QPushButton::clicked, this, [this] {
        addRow({}).key->setFocus();
        emit edited();
    });
    renumber();
}

void CustomAttributesEditor::setAttributes(const QList<Core::Attribute> &attributes)
{
    for (const Row &row : std::as_const(m_rows))
        delete row.box;
    m_rows.clear();
    for (const Core::Attribute &a : attributes)
        addRow(a);
    renumber();
}

CustomAttributesEditor::Row &CustomAttributesEditor::addRow(const Core::Attribute &attribute)
{
    Row row;
    row.box = new QWidget(this);
    row.key = new QLineEdit(attribute.key, row.box);
    row.key->setMaxLength(200);
    row.key->setPlaceholderText(Tr::tr("e.g. parking_level"));
    row.value = new QLineEdit(attribute.value, row.box);
    row.value->setMaxLength(2000);
    row.remove = new QPushButton(Icons::get(QStringLiteral("delete")), QString(), row.box);
    row.remove->setToolTip(Tr::tr("Remove this attribute"));
    row.remove->setAutoDefault(false);
    row.error = new QLabel(row.box);
    row.error->setTextFormat(Qt::PlainText);
    QPalette red = row.error->palette();
    red.setColor(QPalette::WindowText, errorColor(red));
    row.error->setPalette(red);
    row.error->hide();
    row.key->setReadOnly(m_readOnly);
    row.value->setReadOnly(m_readOnly);
    row.remove->setVisible(!m_readOnly);

    auto *line = new QHBoxLayout;
    line->setContentsMargins(0, 0, 0, 0);
    line->addWidget(row.key, 2);
    line->addWidget(row.value, 3);
    line->addWidget(row.remove);
    auto *box = new QVBoxLayout(row.box);
    box->setContentsMargins(0, 0, 0, 0);
    box->setSpacing(2);
    box->addLayout(line);
    box->addWidget(row.error);
    m_rowsLayout->addWidget(row.box);
    row.box->show(); // at once, not when the layout gets to it: the page may be showing

    QWidget *owner = row.box;
    QLabel *error = row.error;
    connect(row.key, &QLineEdit::textEdited, this, [this, error] {
        error->hide(); // the user is fixing it
        emit edited();
    });
    connect(row.value, &QLineEdit::textEdited, this, &CustomAttributesEditor::edited);
    connect(row.remove, &QPushButton::clicked, this, [this, owner] {
        removeRow(owner);
        emit edited();
    });
    m_rows << row;
    renumber();
    return m_rows.last();
}

void CustomAttributesEditor::removeRow(QWidget *box)
{
    m_rows.removeIf([box](const Row &row) { return row.box == box; });
    box->deleteLater();
    box->hide();
    renumber();
}

void CustomAttributesEditor::renumber()
{
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        const Row &row = m_rows.at(i);
        row.key->setObjectName(QStringLiteral("attributeKey_%1").arg(i));
        row.value->setObjectName(QStringLiteral("attributeValue_%1").arg(i));
        row.remove->setObjectName(QStringLiteral("removeAttribute_%1").arg(i));
        row.error->setObjectName(QStringLiteral("attributeError_%1").arg(i));
        if (i > 0) // tab order follows the rows, then the add button
            setTabOrder(m_rows.at(i - 1).remove, row.key);
    }
    if (!m_rows.isEmpty())
        setTabOrder(m_rows.last().remove, m_add);
    m_header->setVisible(!m_rows.isEmpty());
    m_empty->setVisible(m_rows.isEmpty());
}

QList<Core::Attribute> CustomAttributesEditor::attributes() const
{
    QList<Core::Attribute> result;
    for (const Row &row : m_rows) {
        if (row.key->text().trimmed().isEmpty() && row.value->text().isEmpty())
            continue;
        result << Core::Attribute{row.key->text().trimmed(), row.value->text()};
    }
    return result;
}

bool CustomAttributesEditor::check()
{
    QSet<QString> seen;
    bool fine = true;
    for (const Row &row : std::as_const(m_rows)) {
        const QString key = row.key->text().trimmed();
        QString problem;
        if (key.isEmpty() && !row.value->text().isEmpty())
            problem = Tr::tr("Give this value a key.");
        else if (!key.isEmpty() && seen.contains(key))
            problem = Tr::tr("The key “%1” is used above already.").arg(key);
        seen.insert(key);
        row.error->setText(problem);
        row.error->setVisible(!problem.isEmpty());
        fine = fine && problem.isEmpty();
    }
    return fine;
}

void CustomAttributesEditor::setReadOnly(bool readOnly)
{
    m_readOnly = readOnly;
    m_add->setVisible(!readOnly);
    for (const Row &row : std::as_const(m_rows)) {
        row.key->setReadOnly(readOnly);
        row.value->setReadOnly(readOnly);
        row.remove->setVisible(!readOnly);
    }
}

} // namespace ChargeDesk::Ui
