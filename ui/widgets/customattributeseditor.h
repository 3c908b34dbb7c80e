#pragma once

#include "core/repository.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QVBoxLayout;

namespace ChargeDesk::Ui {

// Key-value rows that an area, a charger or an asset carries for whatever its operator
// wants to note. Rows are added and removed in place; a missing or repeated key is named
// beside its row by check(). Object names count rows from 0: attributeKey_0, attributeValue_0,
// removeAttribute_0, attributeError_0, and addAttribute for the button.
class CustomAttributesEditor final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CustomAttributesEditor)

public:
    explicit CustomAttributesEditor(QWidget *parent = nullptr);

    void setAttributes(const QList<Core::Attribute> &attributes);
    // The rows in order, keys trimmed; rows left completely empty are not attributes.
    QList<Core::Attribute> attributes() const;
    // Marks every row whose key is missing or used twice; true when there is none.
    bool check();
    void setReadOnly(bool readOnly);

signals:
    void edited();

private:
    struct Row
    {
        QWidget *box;
        QLineEdit *key;
        QLineEdit *value;
        QPushButton *remove;
        QLabel *error;
    };
    Row &addRow(const Core::Attribute &attribute);
    void removeRow(QWidget *box);
    void renumber();

    QVBoxLayout *m_rowsLayout = nullptr;
    QWidget *m_header = nullptr;
    QLabel *m_empty = nullptr;
    QPushButton *m_add = nullptr;
    QList<Row> m_rows;
    bool m_readOnly = false;
};

} // namespace ChargeDesk::Ui
