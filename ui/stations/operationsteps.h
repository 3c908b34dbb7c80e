#pragma once

#include <QDateTime>
#include <QWidget>

class QLabel;
class QProgressBar;

namespace ChargeDesk::Ui {

// How far a long station operation (a firmware update, a log upload) has come, from the status
// notifications the station sends while it works: its steps in a row, the reached ones ticked,
// a failed one in red, a bar below, and the latest status with its time in words.
class OperationSteps final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OperationSteps)

public:
    enum class Kind { Firmware, Upload };

    explicit OperationSteps(Kind kind, QWidget *parent = nullptr);

    // The station's status as OCPP spells it ("Downloading", "UploadFailure", ...).
    void setStatus(const QString &status, const QDateTime &at = QDateTime::currentDateTime());
    // Back to "nothing reported yet", for a new request.
    void reset();

    int reachedSteps() const { return m_reached; } // 0 .. the number of steps
    bool failed() const { return m_failed; }
    QString latestText() const;

private:
    void render();

    Kind m_kind;
    QStringList m_names;
    QList<QLabel *> m_steps;
    QProgressBar *m_bar = nullptr;
    QLabel *m_latest = nullptr;
    QString m_status;
    int m_reached = 0;
    bool m_failed = false;
};

} // namespace ChargeDesk::Ui
