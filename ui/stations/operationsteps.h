#pragma once

#include "core/clock.h"

#include <QWidget>

class QLabel;
class QProgressBar;

namespace ChargeDesk::Ui {

// How far a long station operation (a firmware update, a log upload) has come, from the status
// notifications the station sends while it works: its steps in a row, the reached ones ticked,
// a failed one in red, a bar below, and the latest status with the clock's time it came.
class OperationSteps final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OperationSteps)

public:
    enum class Kind { Firmware, Upload };

    OperationSteps(Kind kind, const Core::Clock &clock, QWidget *parent = nullptr);

    // The station's status as OCPP spells it ("Downloading", "UploadFailure", ...), just come.
    void setStatus(const QString &status);
    // Back to "nothing reported yet", for a new request.
    void reset();

    int reachedSteps() const { return m_reached; } // 0 .. the number of steps
    bool failed() const { return m_failed; }
    QString latestText() const;

private:
    void render();

    Kind m_kind;
    const Core::Clock &m_clock;
    QStringList m_names;
    QList<QLabel *> m_steps;
    QProgressBar *m_bar = nullptr;
    QLabel *m_latest = nullptr;
    QString m_status;
    int m_reached = 0;
    bool m_failed = false;
};

} // namespace ChargeDesk::Ui
