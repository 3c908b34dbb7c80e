#pragma once

#include <QObject>
#include <QStringList>

#include <functional>
#include <utility>

class QWidget;

class QMenu;
class QToolButton;
class QWidget;

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

// What a list's Export menu does with rows, for every window that offers one. A fill function
// hands the lines (the column titles first) to the sink it gets and says whether it got to the
// end, with the error when it did not.
using FillRows = std::function<std::pair<bool, QString>(const RowExport::Sink &sink)>;

// Writes the lines into a CSV file, all or nothing, and tells the user what went wrong.
bool saveCsvFile(QWidget *parent, const QString &fileName, const FillRows &fill);
// Runs an export to its end behind a progress dialog the user can cancel; ok and error.
std::pair<bool, QString> runWithProgress(QWidget *parent, RowExport &job, const QString &label);
// Asks for a printer, then prints the lines as a table under a heading.
void printRows(QWidget *parent, const QString &title, const FillRows &fill);
// The "Export" button of a list's toolbar, which opens `menu` (CSV, print, ...).
QToolButton *exportButton(QWidget *parent, QMenu *menu);

} // namespace ChargeDesk::Ui
