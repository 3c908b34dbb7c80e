#include "ui/widgets/rowexport.h"

#include "ui/widgets/icons.h"
#include "ui/widgets/recordtablemodel.h"
#include "ui/widgets/tr.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QMessageBox>
#include <QPrintDialog>
#include <QPrinter>
#include <QProgressDialog>
#include <QSaveFile>
#include <QTextDocument>
#include <QTimer>
#include <QToolButton>

#include <optional>

namespace ChargeDesk::Ui {

namespace {

QByteArray quoted(const QString &cell)
{
    QByteArray bytes = cell.toUtf8();
    if (!bytes.contains(',') && !bytes.contains('"') && !bytes.contains('\n') && !bytes.contains('\r'))
        return bytes;
    bytes.replace('"', "\"\"");
    return '"' + bytes + '"';
}

QString htmlRow(const QStringList &cells, const char *tag)
{
    QString row = QStringLiteral("<tr>");
    for (const QString &cell : cells)
        row += QStringLiteral("<%1>%2</%1>").arg(QLatin1String(tag), cell.toHtmlEscaped());
    return row + QStringLiteral("</tr>");
}

} // namespace

RowExport::RowExport(const RecordTableModel &model, Sink sink, QObject *parent)
    : QObject(parent)
    , m_model(model)
    , m_sink(std::move(sink))
{}

QByteArray RowExport::csvLine(const QStringList &cells)
{
    QByteArrayList fields;
    fields.reserve(cells.size());
    for (const QString &cell : cells)
        fields << quoted(cell);
    return fields.join(',') + "\r\n";
}

void RowExport::start()
{
    if (const QString error = m_sink(m_model.headerTitles()); !error.isEmpty())
        return finish(false, error);
    m_total = m_model.rowCount();
    m_done = 0;
    m_running = true;
    emit progress(0, m_total);
    QTimer::singleShot(0, this, &RowExport::writeChunk);
}

void RowExport::cancel()
{
    if (m_running)
        finish(false, Tr::tr("The export was cancelled."));
}

void RowExport::writeChunk()
{
    if (!m_running)
        return;
    const auto rows = m_model.readRows(m_done, ChunkSize);
    if (!rows)
        return finish(false, rows.error().message());
    for (const auto &record : rows.value()) {
        if (const QString error = m_sink(m_model.rowCells(record, RecordTableModel::Purpose::Export)); !error.isEmpty())
            return finish(false, error);
    }
    m_done += int(rows.value().size());
    emit progress(m_done, m_total);
    // Fewer rows than asked: the end, even if rows were deleted since the count.
    if (rows.value().size() < ChunkSize || m_done >= m_total)
        return finish(true, {});
    QTimer::singleShot(0, this, &RowExport::writeChunk);
}

void RowExport::finish(bool ok, const QString &error)
{
    m_running = false;
    emit finished(ok, error);
}

bool saveCsvFile(QWidget *parent, const QString &fileName, const FillRows &fill)
{
    QSaveFile file(fileName);
    if (!file.open(QIODevice::WriteOnly)) {
        QMessageBox::warning(parent, Tr::tr("Export"), file.errorString());
        return false;
    }
    // A byte order mark, so that spreadsheet programs read the file as UTF-8.
    file.write("\xEF\xBB\xBF");
    const auto [ok, error] = fill([&file](const QStringList &cells) {
        const QByteArray line = RowExport::csvLine(cells);
        return file.write(line) == line.size() ? QString() : file.errorString();
    });
    if (ok && file.commit())
        return true;
    const QString why = ok ? file.errorString() : error;
    file.cancelWriting();
    if (!why.isEmpty())
        QMessageBox::warning(parent, Tr::tr("Export"), why);
    return false;
}

std::pair<bool, QString> runWithProgress(QWidget *parent, RowExport &job, const QString &label)
{
    QProgressDialog progress(label, Tr::tr("Cancel"), 0, 0, parent);
    progress.setObjectName(QStringLiteral("exportProgress"));
    progress.setWindowModality(Qt::WindowModal);
    progress.setMinimumDuration(300);
    QObject::connect(&job, &RowExport::progress, &progress, [&progress](int done, int total) {
        progress.setMaximum(total);
        progress.setValue(done);
    });
    QObject::connect(&progress, &QProgressDialog::canceled, &job, &RowExport::cancel);
    std::optional<std::pair<bool, QString>> result;
    QEventLoop loop;
    QObject::connect(&job, &RowExport::finished, &loop, [&](bool ok, const QString &error) {
        result = {ok, error};
        loop.quit();
    });
    job.start();
    if (!result)
        loop.exec();
    return *result;
}

void printRows(QWidget *parent, const QString &title, const FillRows &fill)
{
    QPrinter printer;
    QPrintDialog dialog(&printer, parent);
    if (dialog.exec() != QDialog::Accepted)
        return;
    QString html = QStringLiteral("<h3>%1</h3><table border=\"1\" cellspacing=\"0\" cellpadding=\"3\">")
                       .arg(title.toHtmlEscaped());
    const auto [ok, error] = fill([&html, first = true](const QStringList &cells) mutable {
        html += htmlRow(cells, first ? "th" : "td");
        first = false;
        return QString();
    });
    if (!ok) {
        if (!error.isEmpty())
            QMessageBox::warning(parent, Tr::tr("Print"), error);
        return;
    }
    QTextDocument document;
    document.setHtml(html + QStringLiteral("</table>"));
    document.print(&printer);
}

QToolButton *exportButton(QWidget *parent, QMenu *menu)
{
    auto *button = new QToolButton(parent);
    button->setObjectName(QStringLiteral("exportButton"));
    button->setText(Tr::tr("Export"));
    button->setIcon(Icons::get(QStringLiteral("export")));
    button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    button->setPopupMode(QToolButton::InstantPopup);
    button->setMenu(menu);
    return button;
}

} // namespace ChargeDesk::Ui
