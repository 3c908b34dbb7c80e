#pragma once

#include "core/actor.h"

#include <QDialog>

class QLabel;
class QLineEdit;
class QPushButton;

namespace ChargeDesk::Core {
class StationService;
}

namespace ChargeDesk::Ui {

// Sets the user name and password a station sends with HTTP Basic authentication when its
// connection policy asks for it. The stored password is never shown: only a new one is typed
// (twice) or generated, and it can be removed.
class StationPasswordDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StationPasswordDialog)

public:
    StationPasswordDialog(Core::StationService &stations, const Core::Actor &actor, qint64 stationId,
                          const QString &stationName, const QString &username, QWidget *parent = nullptr);

private:
    void generate();
    void apply();
    void removePassword();
    void showError(const QString &text);

    Core::StationService &m_stations;
    Core::Actor m_actor;
    qint64 m_stationId = 0;
    QLineEdit *m_username = nullptr;
    QLineEdit *m_password = nullptr;
    QLineEdit *m_repeat = nullptr;
    QLabel *m_error = nullptr;
};

} // namespace ChargeDesk::Ui
