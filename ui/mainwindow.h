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

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void refreshOverview();

    Core::Repository &m_repository;
    QLabel *m_overview = nullptr;
};

} // namespace ChargeDesk::Ui
