#pragma once

#include <QTableView>

namespace ChargeDesk::Ui {

// The table of a list page: while its model has no rows, it says in its viewport what would
// appear there and how to add some, instead of showing a blank grid.
class ListView final : public QTableView
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ListView)

public:
    explicit ListView(QWidget *parent = nullptr);

    QString emptyText() const { return m_emptyText; }
    void setEmptyText(const QString &text);

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QString m_emptyText;
};

} // namespace ChargeDesk::Ui
