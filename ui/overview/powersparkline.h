#pragma once

#include <QList>
#include <QPair>
#include <QWidget>

namespace ChargeDesk::Ui {

// The site's power over the last hour as a small filled line, with the latest value and the
// peak written beside it: enough to see a dip or a spike without opening a chart.
class PowerSparkline final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PowerSparkline)

public:
    explicit PowerSparkline(QWidget *parent = nullptr);

    static constexpr qint64 SpanMs = 3600 * 1000;

    // Replaces the samples: (UTC ms, W), oldest first.
    void setSamples(const QList<QPair<qint64, double>> &samples);
    // Adds the power at `atMs`; samples older than the span before it are dropped.
    void addSample(qint64 atMs, double watts);
    const QList<QPair<qint64, double>> &samples() const { return m_samples; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QList<QPair<qint64, double>> m_samples;
};

} // namespace ChargeDesk::Ui
