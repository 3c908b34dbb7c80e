#pragma once

#include <QMainWindow>

class QLabel;

namespace ChargeDesk::Core {
class Repository;
}

namespace ChargeDesk::Ui {

// The console's frame. Sections are added here as their issues land; until then it shows
// where the data lives and what the database holds.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    explicit MainWindow(Core::Repository &repository, QWidget *parent = nullptr);

    // Docks demo mode's panel on the right; the window takes ownership.
    void addDemoPanel(QWidget *panel);

public slots:
    // The embedded OCPP server's state, as the status bar shows it.
    void setOcppStatus(const QString &text);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void refreshOverview();

    Core::Repository &m_repository;
    QLabel *m_overview = nullptr;
    QLabel *m_ocppStatus = nullptr;
};

} // namespace ChargeDesk::Ui
