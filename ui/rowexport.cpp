#include "ui/rowexport.h"

#include "ui/recordtablemodel.h"

#include <QCoreApplication>
#include <QTimer>

namespace ChargeDesk::Ui {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Ui)
};

QByteArray quoted(const QString &cell)
{
    QByteArray bytes = cell.toUtf8();
    if (!bytes.contains(',') && !bytes.contains('"') && !bytes.contains('\n') && !bytes.contains('\r'))
        return bytes;
    bytes.replace('"', "\"\"");
    return '"' + bytes + '"';
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

} // namespace ChargeDesk::Ui
