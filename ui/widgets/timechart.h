#pragma once

#include <QChartView>

#include <optional>
#include <utility>

class QAbstractSeries;
class QCategoryAxis;
class QChart;
class QGraphicsLineItem;
class QLabel;
class QPalette;
class QString;
class QValueAxis;

namespace ChargeDesk::Ui {

// What the console's charts over clock time share (x in UTC milliseconds, labels in the
// display zone).

// A chart that follows the window's palette, so it reads in dark mode too.
QChart *newThemedChart(const QPalette &palette);

// A time axis for it. Qt 6.4's QDateTimeAxis drew neither labels nor grid lines in these
// charts (offscreen and under X); category labels at round clock times draw reliably.
QCategoryAxis *newTimeAxis(const QPalette &palette);

// The value axis beside it, in the palette's text colour, with short numbers ("%.3g").
QValueAxis *newValueAxis(const QPalette &palette, const QString &title);

// Clock-time labels at round minutes or hours (at most six) over [fromMs, toMs].
void labelTimeAxis(QCategoryAxis *axis, double fromMs, double toMs);

// A chart over clock time that a person can read and explore: hovering shows every line's
// value at that time beside a cursor line, the wheel (or + and -) zooms the time axis around
// the pointer, dragging (or the arrow keys) pans, and a double-click (or Home) returns to
// following the data. Subclasses say which range the data covers with setDataRange(); it is
// shown unless the user has zoomed or panned.
class TimeChartView : public QChartView
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TimeChartView)

public:
    explicit TimeChartView(QWidget *parent = nullptr);

    // The unit and decimals a line's values are read out with ("kW", 1).
    static void setReadout(QAbstractSeries *series, const QString &unit, int decimals);
    // What the hover read-out says at a time: the time, then each visible line's value there.
    QString readoutAt(double atMs) const;

    bool following() const { return m_following; }
    // The time range shown (UTC ms).
    std::pair<double, double> shownRange() const { return {m_shownFrom, m_shownTo}; }
    // Zooms the time axis by `factor` (< 1 zooms in) around `atMs`; pans by `deltaMs`.
    void zoomTime(double factor, double atMs);
    void panTime(double deltaMs);
    // Back to following the data.
    void followData();

protected:
    QCategoryAxis *timeAxis() const { return m_timeAxis; }
    // The range the data covers, shown while following.
    void setDataRange(double fromMs, double toMs);

    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void leaveEvent(QEvent *event) override;

private:
    void show(double fromMs, double toMs);
    void showReadout(const QPoint &pos);
    void hideReadout();
    double timeAt(const QPoint &pos) const;

    QCategoryAxis *m_timeAxis = nullptr;
    QGraphicsLineItem *m_cursor = nullptr;
    QLabel *m_readout = nullptr;
    bool m_following = true;
    double m_dataFrom = 0;
    double m_dataTo = 0;
    double m_shownFrom = 0;
    double m_shownTo = 0;
    std::optional<QPoint> m_dragFrom;
    double m_dragRangeFrom = 0;
};

} // namespace ChargeDesk::Ui
