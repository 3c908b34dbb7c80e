#pragma once

#include "ui/shell/sections.h"

#include <QDateTime>
#include <QHash>
#include <QWidget>

#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QSplitter;
class QPushButton;
class QTableView;
class QTextBrowser;

namespace ChargeDesk::Ui {

class ZonedDateTimeEdit;

class OcppFrameStyle;
class RecordTableModel;

// The OCPP communication of one station, or of one charging session, as the message log wrote
// it: a table of frames (time, direction, CALL/RESULT/ERROR, action, message id, a summary of
// the payload) filtered by time and searched in actions, message ids and payloads; the selected
// frame's payload as indented, coloured JSON; the request and its answer linked, with the time
// between them. New frames appear as the log writes them, keeping the selection and the scroll
// position (the view follows the end while it is scrolled to the end). The rows are read a page
// at a time, so a log of 100,000 frames scrolls as smoothly as a short one.
class OcppLogView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OcppLogView)

public:
    // Whose frames: a station's, or those of a session's station while the session ran (the
    // frames the engine tied to another session left out).
    struct Scope
    {
        enum class Kind { Station, Session };
        Kind kind = Kind::Station;
        qint64 id = 0;
        static Scope station(qint64 stationId) { return {Kind::Station, stationId}; }
        static Scope session(qint64 sessionId) { return {Kind::Session, sessionId}; }
    };
    enum class Range { AllTime, LastHour, Today, Last7Days, Custom };

    OcppLogView(const PageContext &context, Scope scope, QWidget *parent = nullptr);
    // Without a page context (a session view): the message log may be null (no live updates).
    OcppLogView(Core::Repository &repository, const Core::Actor &actor, Core::MessageLog *messageLog, Scope scope,
                QWidget *parent = nullptr);

    RecordTableModel &model() { return *m_model; }
    QTableView &view() { return *m_view; }

    // A quick range ends now; Custom keeps what the from and until editors say.
    void setRange(Range range);
    // Frames from `from` (inclusive) until `until` (exclusive); an invalid time leaves that end open.
    void setTimeRange(const QDateTime &from, const QDateTime &until);
    void setSearch(const QString &text);

    // Selects and shows the frame; false when it is not among the rows of the filters.
    bool selectFrame(qint64 frameId);
    qint64 currentFrameId() const { return m_current; }
    qint64 pairedFrameId() const { return m_pair; }
    QString jsonText() const;

    // All rows of the filters as CSV (the full frame in the payload column).
    bool exportCsv(const QString &fileName);

protected:
    void showEvent(QShowEvent *event) override;

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    QWidget *buildFilterBar();
    QWidget *buildDetails();
    void resolveScope();
    void applyFilters();
    void onWritten();
    void showCurrent();
    void showPair(const Core::Record &frame);
    void updateSummary();
    // The stored action, or for an answer logged without one the action of its CALL.
    QString actionOf(const Core::Record &frame) const;
    // The frame's row under the current filters and order; -1 when it does not match them.
    int rowOfFrame(qint64 id, qint64 atMs) const;
    void exportInteractive();

    Core::Repository &m_repository;
    Core::Actor m_actor;
    Scope m_scope;
    qint64 m_stationId = 0;
    QString m_scopeError;
    QList<Core::ListQuery::Filter> m_scopeFilters;
    QList<QList<Core::ListQuery::Filter>> m_scopeGroups;

    RecordTableModel *m_model = nullptr;
    OcppFrameStyle *m_style = nullptr;
    QTableView *m_view = nullptr;
    QComboBox *m_range = nullptr;
    ZonedDateTimeEdit *m_from = nullptr;
    ZonedDateTimeEdit *m_until = nullptr;
    QSplitter *m_splitter = nullptr;
    QLineEdit *m_search = nullptr;
    QLabel *m_summary = nullptr;
    QLabel *m_frameTitle = nullptr;
    QLabel *m_frameFacts = nullptr;
    QLabel *m_frameError = nullptr;
    QLabel *m_pairText = nullptr;
    QPushButton *m_pairButton = nullptr;
    QTextBrowser *m_json = nullptr;
    QWidget *m_detailsBox = nullptr;
    QLabel *m_placeholder = nullptr;

    bool m_shown = false;
    qint64 m_current = 0;
    qint64 m_pair = 0;
    qint64 m_pairAt = 0;
    mutable QHash<QString, QString> m_callActions; // message id -> action of its CALL
};

// Opens the station's logs in a dock of the main window: its OCPP communication and the
// notifications logged for it, one tab each.
void openStationLog(const PageContext &context, qint64 stationId);

} // namespace ChargeDesk::Ui
