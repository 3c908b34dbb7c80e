#pragma once

#include <QObject>
#include <QStringList>

#include <functional>

namespace ChargeDesk::Ui {

class RecordTableModel;

// Hands every row of a list's query to a sink (a CSV file, a document to print), a chunk of
// rows per pass of the event loop, so that 100,000 rows show progress and the window stays
// responsive. Rows are read fresh from the database in the list's order; the first call to
// the sink gets the column titles.
class RowExport final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RowExport)

public:
    static constexpr int ChunkSize = 1000;
    // Takes one line of cells; returns an error message, or an empty string when all is well.
    using Sink = std::function<QString(const QStringList &cells)>;

    RowExport(const RecordTableModel &model, Sink sink, QObject *parent = nullptr);

    void start();
    void cancel();

    // One CSV line (RFC 4180): fields quoted where they need it, UTF-8, ending in CRLF.
    static QByteArray csvLine(const QStringList &cells);

signals:
    void progress(int done, int total);
    void finished(bool ok, const QString &error);

private:
    void writeChunk();
    void finish(bool ok, const QString &error);

    const RecordTableModel &m_model;
    Sink m_sink;
    int m_total = 0;
    int m_done = 0;
    bool m_running = false;
};

} // namespace ChargeDesk::Ui
