#include "ui/widgets/columnchooser.h"

#include "ui/widgets/tr.h"

#include <QHeaderView>
#include <QMenu>
#include <QSettings>
#include <QTableView>

namespace ChargeDesk::Ui {

ColumnChooser::ColumnChooser(QTableView &view, const QString &table, const QStringList &columns,
                             const QStringList &hiddenByDefault, QObject *parent)
    : QObject(parent)
    , m_view(view)
    , m_table(table)
    , m_columns(columns)
{
    setObjectName(QStringLiteral("columnChooser"));
    const QSettings settings;
    // An empty list the user chose is a choice too: only a missing key takes the default.
    const QStringList hidden =
        settings.contains(settingsKey()) ? settings.value(settingsKey()).toStringList() : hiddenByDefault;
    for (qsizetype c = 0; c < m_columns.size(); ++c)
        m_view.setColumnHidden(int(c), hidden.contains(m_columns.at(c)));
    QHeaderView *header = m_view.horizontalHeader();
    header->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(header, &QHeaderView::customContextMenuRequested, this, [this, header](const QPoint &at) {
        QMenu *chooser = menu(header);
        chooser->setAttribute(Qt::WA_DeleteOnClose);
        chooser->popup(header->mapToGlobal(at));
    });
}

QString ColumnChooser::settingsKey() const
{
    return QStringLiteral("lists/%1/hidden").arg(m_table);
}

QStringList ColumnChooser::hiddenColumns() const
{
    QStringList hidden;
    for (qsizetype c = 0; c < m_columns.size(); ++c)
        if (m_view.isColumnHidden(int(c)))
            hidden << m_columns.at(c);
    return hidden;
}

void ColumnChooser::setColumnHidden(const QString &column, bool hidden)
{
    const qsizetype c = m_columns.indexOf(column);
    if (c < 0)
        return;
    // The last visible column stays: a list without columns could not be brought back.
    if (hidden && hiddenColumns().size() + 1 >= m_columns.size())
        return;
    m_view.setColumnHidden(int(c), hidden);
    if (!hidden && m_view.columnWidth(int(c)) == 0)
        m_view.resizeColumnToContents(int(c));
    QSettings().setValue(settingsKey(), hiddenColumns());
}

QMenu *ColumnChooser::menu(QWidget *parent)
{
    auto *chooser = new QMenu(parent);
    chooser->setObjectName(QStringLiteral("columnMenu"));
    chooser->setTitle(Tr::tr("Columns"));
    const QAbstractItemModel *model = m_view.model();
    for (qsizetype c = 0; c < m_columns.size(); ++c) {
        QAction *action = chooser->addAction(model->headerData(int(c), Qt::Horizontal).toString());
        action->setObjectName(QStringLiteral("column_") + m_columns.at(c));
        action->setCheckable(true);
        action->setChecked(!m_view.isColumnHidden(int(c)));
        const QString column = m_columns.at(c);
        connect(action, &QAction::toggled, this, [this, column](bool shown) { setColumnHidden(column, !shown); });
    }
    return chooser;
}

} // namespace ChargeDesk::Ui
