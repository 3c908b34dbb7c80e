#pragma once

#include "core/repository.h"
#include "ui/shell/sections.h"

#include <QChartView>
#include <QTimer>
#include <QWidget>

#include <optional>

class QCategoryAxis;
class QLabel;
class QLineSeries;
class QPushButton;
class QValueAxis;

namespace ChargeDesk::Ui {

// A measured power in the words of the asset's type: a smart meter reports what is available
// ("40.0 kW available"), a producer what it produces, a consumer what it consumes, a battery
// either (positive while it discharges).
QString measurementText(const QString &assetType, qint64 powerW);
// "just now", "3 min ago"
QString agoText(qint64 atMs, qint64 nowMs);
// The asset's newest measurement, nullopt when it has none.
Core::Result<std::optional<Core::Record>> latestMeasurement(Core::Repository &repository, const Core::Actor &actor,
                                                            qint64 assetId);

// An asset's measured power over the 24 hours up to the clock's now, in kW, growing as
// measurements arrive.
class AssetHistoryChart final : public QChartView
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AssetHistoryChart)

public:
    static constexpr qint64 SpanMs = 24 * 3600 * 1000;

    explicit AssetHistoryChart(const Core::Clock &clock, QWidget *parent = nullptr);

    // Replaces the points with these measurement rows (in time order).
    void setRows(const QList<Core::Record> &rows);
    void add(const Core::Record &row);
    // x: UTC ms, y: kW.
    const QList<QPointF> &points() const { return m_points; }

private:
    void redraw();

    const Core::Clock &m_clock;
    QList<QPointF> m_points;
    QLineSeries *m_line = nullptr;
    QCategoryAxis *m_timeAxis = nullptr;
    QValueAxis *m_valueAxis = nullptr;
};

// What the Assets list shows below the selected asset's fields: its latest measurement and
// how long ago it came, the chart of its last day, and recording a measurement by hand (a
// technician reading a meter). It follows new measurements as they are written.
class AssetDetails final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AssetDetails)

public:
    explicit AssetDetails(const PageContext &context, QWidget *parent = nullptr);

    void setAssetId(qint64 id);
    qint64 assetId() const { return m_assetId; }
    AssetHistoryChart &chart() const { return *m_chart; }

    QSize sizeHint() const override;

private:
    void reload();
    void showLatest();
    void onRowChanged(const QString &table, qint64 id, Core::Repository::Change change);
    void recordMeasurement();

    Core::Repository &m_repository;
    Core::Actor m_actor;
    qint64 m_assetId = 0;
    QString m_type;
    std::optional<Core::Record> m_latest;
    QWidget *m_body = nullptr;
    QLabel *m_power = nullptr;
    QLabel *m_measuredAt = nullptr;
    QPushButton *m_record = nullptr;
    AssetHistoryChart *m_chart = nullptr;
    QTimer m_agoTimer; // "3 min ago" moves on
};

// The Assets section's details: the widget above, and the list's columns of each asset's
// latest measurement (which follow new measurements too).
QWidget *assetDetails(const PageContext &context, ListPage &page);

} // namespace ChargeDesk::Ui
